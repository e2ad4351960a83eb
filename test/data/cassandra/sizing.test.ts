import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { dataPodBudget } from "../../../components/capacity/sizing";
import { poolHandles } from "../../../components/clouds/pools";
import {
    cassandraHeapMiB,
    cassandraNodeSizing,
    MAX_HEAP_MIB,
    medusaResources,
    splitCassandraPod,
    SYSTEM_LOGGER_RESOURCES,
    type CassandraNodeSizing,
} from "../../../components/data/cassandra/sizing";
import { parsePlatformSpec } from "../../../components/spec";
import { run, stackSpec, type Recorded } from "../../support/mocks";
import { localSpec } from "./specs";

type Obj = Record<string, unknown>;
const STACKS = ["local", "aws-dev", "aws-prod", "gcp-dev", "gcp-prod", "azure-dev", "azure-prod"];

function sizingOf(stack: string): CassandraNodeSizing {
    const spec = parsePlatformSpec(stackSpec(stack));
    const pools = poolHandles(spec, { gpu: { driverProvidedByCloud: true, devicePluginProvidedByCloud: false }, systemTaint: false, localScratchHostPath: "/mnt/scratch" });
    return cassandraNodeSizing({ pools }, spec);
}

describe("Cassandra node sizing (pure)", () => {
    it.each(STACKS)("fills at least 85%% of the data node's allocatable CPU and memory (%s)", (stack) => {
        const s = sizingOf(stack);
        expect(s.cpuPacking).toBeGreaterThanOrEqual(0.85);
        expect(s.memoryPacking).toBeGreaterThanOrEqual(0.85);
    });

    it.each(STACKS)("splits the pod budget over the containers exactly (%s)", (stack) => {
        const s = sizingOf(stack);
        const parts = [s.containers.cassandra, s.containers.systemLogger, ...(s.containers.medusa ? [s.containers.medusa] : [])];
        expect(parts.reduce((a, p) => a + p.cpuMillis, 0)).toBe(s.cpuMillis);
        expect(parts.reduce((a, p) => a + p.memoryMiB, 0)).toBe(s.memoryMiB);
    });

    it("reports the local stack's data node exactly", () => {
        expect(sizingOf("local")).toEqual({
            pool: "data",
            instanceType: "custom-8cpu-16gib",
            // allocatable 8000m / 16284Mi minus DaemonSets 220m / 132Mi minus the data-pod margin 200m / 1024Mi
            cpuMillis: 7580,
            memoryMiB: 15120,
            heapMiB: 7424,
            cpuPacking: 7580 / 8000,
            memoryPacking: 15120 / 16284,
            containers: { cassandra: { cpuMillis: 7480, memoryMiB: 14992 }, systemLogger: SYSTEM_LOGGER_RESOURCES },
            initContainers: { serverConfig: { cpuMillis: 500, memoryMiB: 512 } },
        });
    });

    it("caps the heap at 31 GiB on large nodes (aws-prod r7i.4xlarge, 128 GiB)", () => {
        const s = sizingOf("aws-prod");
        expect(s.instanceType).toBe("r7i.4xlarge");
        expect(s.heapMiB).toBe(MAX_HEAP_MIB);
    });

    it("gives Medusa 5% of the pod within its bounds when backups are on", () => {
        const s = sizingOf("aws-prod");
        expect(s.containers.medusa).toEqual(medusaResources({ cpuMillis: s.cpuMillis, memoryMiB: s.memoryMiB }));
        expect(s.containers.medusa).toEqual({ cpuMillis: 760, memoryMiB: 4096 });
        expect(s.initContainers.medusaRestore).toEqual(s.containers.medusa);
    });

    it("split sums to any budget exactly and the heap is at most half the container (property)", () => {
        fc.assert(
            fc.property(fc.integer({ min: 3000, max: 400_000 }), fc.integer({ min: 6000, max: 4_000_000 }), fc.boolean(), (cpu, mem, medusa) => {
                const split = splitCassandraPod({ cpuMillis: cpu, memoryMiB: mem }, medusa);
                const parts = [split.cassandra, split.systemLogger, ...(split.medusa ? [split.medusa] : [])];
                const heap = cassandraHeapMiB(split.cassandra.memoryMiB);
                return (
                    parts.reduce((a, p) => a + p.cpuMillis, 0) === cpu &&
                    parts.reduce((a, p) => a + p.memoryMiB, 0) === mem &&
                    heap <= split.cassandra.memoryMiB / 2 &&
                    heap <= MAX_HEAP_MIB &&
                    heap % 128 === 0
                );
            }),
        );
    });

    it("rejects a data node too small for Cassandra with the pool's path", () => {
        const spec = parsePlatformSpec({ ...localSpec(), nodePools: { ...localSpec().nodePools, data: { role: "data", shape: { vCpu: 1, memoryGiB: 2 }, maxNodes: 2 } } });
        const pools = poolHandles(spec, { gpu: { driverProvidedByCloud: true, devicePluginProvidedByCloud: false }, systemTaint: false, localScratchHostPath: "/x" });
        expect(() => cassandraNodeSizing({ pools }, spec)).toThrow(/too small for a Cassandra node/);
    });

    it("names cassandra.pool when the pool is not one of the cluster's", () => {
        const spec = parsePlatformSpec(stackSpec("local"));
        expect(() => cassandraNodeSizing({ pools: {} }, spec)).toThrow(/Cassandra has no data pool/);
    });

    it("matches the capacity module's data-pod budget", () => {
        const spec = parsePlatformSpec(stackSpec("local"));
        const pools = poolHandles(spec, { gpu: { driverProvidedByCloud: true, devicePluginProvidedByCloud: false }, systemTaint: false, localScratchHostPath: "/x" });
        const budget = dataPodBudget(pools["data"]!.allocatable, pools["data"]!.daemonSetOverhead);
        const s = sizingOf("local");
        expect([s.cpuMillis, s.memoryMiB]).toEqual([budget.cpuMillis, budget.memoryMiB]);
    });
});

describe("Cassandra node sizing in the K8ssandraCluster (local stack)", () => {
    let r: Recorded;
    beforeAll(async () => {
        r = await run(localSpec(), { stack: "local" });
    });
    const cass = () => ((r.one("kubernetes:k8ssandra.io/v1alpha1:K8ssandraCluster").inputs["spec"] as Obj)["cassandra"] as Obj);

    it("sets the Cassandra container's requests equal to its limits from the sizing", () => {
        const s = sizingOf("local");
        const exact = { cpu: `${s.containers.cassandra.cpuMillis}m`, memory: `${s.containers.cassandra.memoryMiB}Mi` };
        expect(cass()["resources"]).toEqual({ requests: exact, limits: exact });
    });

    it("sizes the logger sidecar and the config init container explicitly", () => {
        expect(cass()["containers"]).toEqual([{ name: "server-system-logger", resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "100m", memory: "128Mi" } } }]);
        expect(cass()["initContainers"]).toEqual([{ name: "server-config-init", resources: { requests: { cpu: "500m", memory: "512Mi" }, limits: { cpu: "500m", memory: "512Mi" } } }]);
    });

    it("sets the heap (initial = max) to about half the container", () => {
        expect((cass()["config"] as Obj)["jvmOptions"]).toEqual({ heap_initial_size: "7424Mi", heap_max_size: "7424Mi" });
    });
});
