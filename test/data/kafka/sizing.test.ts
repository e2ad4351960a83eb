import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { brokerHeapMiB, kafkaBrokerSizing, sizeKafkaBroker } from "../../../components/data/kafka";
import { MAX_HEAP_MIB } from "../../../components/data/kafka/sizing";
import type { PoolHandle } from "../../../components/clouds/clusterHandle";
import { parsePlatformSpec } from "../../../components/spec";
import { localSpec } from "./specs";

const node = (cpuMillis: number, memoryMiB: number) =>
    ({
        name: "kafka",
        instanceType: { name: "test.large" },
        allocatable: { cpuMillis, memoryMiB, capacityMemoryMiB: memoryMiB, reservedCpuMillis: 0, reservedMemoryMiB: 0, evictionMemoryMiB: 0, maxPods: 110 },
        daemonSetOverhead: { cpuMillis: 300, memoryMiB: 600 },
    }) as unknown as PoolHandle;

describe("broker sizing", () => {
    it("fills a 16 vCPU / 64 GiB node's budget: allocatable minus DaemonSets minus the 2% safety margin (318m / 1140Mi)", () => {
        const s = sizeKafkaBroker(node(15_890, 57_000));
        expect([s.pool, s.instanceType, s.cpuMillis, s.memoryMiB, s.heapMiB]).toEqual(["kafka", "test.large", 15_270, 55_248, 6144]);
    });

    it("reports packing as the share of allocatable the broker requests", () => {
        const s = sizeKafkaBroker(node(15_890, 57_000));
        expect(s.cpuPacking).toBeCloseTo(15_270 / 15_890, 10);
        expect(s.memoryPacking).toBeCloseTo(55_248 / 57_000, 10);
    });

    it.each([
        [2048, 1024],
        [10_000, 4992],
        [15_888, MAX_HEAP_MIB],
        [100_000, MAX_HEAP_MIB],
    ])("gives a %i MiB broker a heap of %i MiB (half, 128 MiB steps, at most 6 GiB)", (memory, heap) => {
        expect(brokerHeapMiB(memory)).toBe(heap);
    });

    it("keeps the heap at most half the memory and at most 6 GiB; the page cache gets the rest", () => {
        fc.assert(
            fc.property(fc.integer({ min: 2048, max: 1_000_000 }), (memory) => {
                const heap = brokerHeapMiB(memory);
                return heap <= memory / 2 && heap % 128 === 0 && heap <= MAX_HEAP_MIB && (memory < 2 * MAX_HEAP_MIB + 256 || heap === MAX_HEAP_MIB) && (heap === MAX_HEAP_MIB || heap > memory / 2 - 128);
            }),
        );
    });

    it("fills at least 85% of CPU and memory on any node from 8 vCPU / 16 GiB up (the smallest data node of any stack), after the safety margin", () => {
        fc.assert(
            fc.property(fc.integer({ min: 7_800, max: 190_000 }), fc.integer({ min: 15_000, max: 1_500_000 }), (cpu, mem) => {
                const s = sizeKafkaBroker(node(cpu, mem));
                return s.cpuPacking >= 0.85 && s.memoryPacking >= 0.85;
            }),
        );
    });

    it("refuses a node too small for a broker, naming the pool's shape", () => {
        expect(() => sizeKafkaBroker(node(1_200, 8_000))).toThrow(/pool "kafka" \(test.large\) is too small for a Kafka broker/);
    });

    it("refuses a stack whose Kafka pool is not a pool of the cluster", () => {
        const spec = parsePlatformSpec(localSpec());
        expect(() => kafkaBrokerSizing({ pools: {} }, spec)).toThrow(/Kafka has no data pool/);
    });
});
