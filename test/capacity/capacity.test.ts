import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
    aksCpuReserveMillis,
    dataPodBudget,
    dataPodHeadroom,
    daemonSetOverhead,
    eksKubeReserved,
    eksMemoryReserveMiB,
    gkeMemoryReserveMiB,
    ladderCpuReserveMillis,
    maxExecutorMemoryMiB,
    nodeAllocatable,
    packing,
    sizeSparkExecutor,
    sparkMemoryOverheadMiB,
} from "../../components/capacity";
import { CATALOGS, type InstanceType } from "../../components/clouds/catalog";
import type { Cloud } from "../../components/spec";

function type(cloud: Cloud, name: string): InstanceType {
    const found = CATALOGS[cloud].instanceTypes.find((t) => t.name === name);
    if (!found) throw new Error(`${name} not in ${cloud} catalog`);
    return found;
}

describe("allocatable reproduces the worked values of the capacity reference (§2)", () => {
    it.each([
        ["aws", "c7i.16xlarge", 250, 63770, 123510],
        ["aws", "m7i.16xlarge", 250, 63770, 250126],
        ["gcp", "n2-standard-8", 110, 7910, 28284],
        ["gcp", "c3-standard-88", 110, 87710, 337740],
        ["gcp", "n2-standard-64", 110, 63770, 243714],
        ["gcp", "n2-highmem-16", 110, 15890, 118472],
        ["azure", "Standard_D8s_v5", 250, 7820, 26929],
        ["azure", "Standard_D64s_v5", 250, 63260, 251488],
        ["azure", "Standard_E16ds_v5", 250, 15740, 123169],
    ] as const)("%s %s with %i pods: %im / %iMi", (cloud, name, maxPods, cpu, mem) => {
        const a = nodeAllocatable(cloud, type(cloud, name), maxPods);
        expect(a.cpuMillis).toBe(cpu);
        expect(a.memoryMiB).toBe(mem);
    });
});

describe("reservation formulas match the real nodes of the reference (§1.5)", () => {
    it.each([
        [2, 70],
        [4, 80],
        [8, 90],
        [16, 110],
        [36, 160],
        [48, 190],
        [64, 230],
        [96, 310],
        [192, 550],
    ])("EKS/GKE CPU ladder: %i vCPU reserves %im", (vcpu, reserved) => {
        expect(ladderCpuReserveMillis(vcpu)).toBe(reserved);
    });

    it("EKS t3.medium: 17 pods reserve 11*17+255 = 442 MiB, 2 vCPU -> 1930m; r5.xlarge: 58 pods reserve 893 MiB", () => {
        expect(eksMemoryReserveMiB(17)).toBe(442);
        expect(eksMemoryReserveMiB(58)).toBe(893);
        expect(2000 - ladderCpuReserveMillis(2)).toBe(1930);
    });

    it.each([
        [4, 58, 110, 1465],
        [16, 110, 110, 1465],
        [16, 200, 110, 2455],
        [29, 16, 110, 1465],
        [30, 110, 250, 3005],
        [64, 110, 250, 3005],
        [96, 250, 250, 3005],
    ])("EKS managed node group, %i vCPU, spec maxPods %i: the kubelet runs %i pods, kube-reserved memory %i MiB", (vCpu, specMaxPods, kubeletMaxPods, memoryMiB) => {
        const t: InstanceType = { name: "x", roles: ["general"], vCpu, memoryGiB: vCpu * 4, defaultMaxPods: 58 };
        const a = nodeAllocatable("aws", t, specMaxPods);
        expect(a.maxPods).toBe(kubeletMaxPods);
        expect(a.reservedMemoryMiB).toBe(memoryMiB);
        expect(eksKubeReserved(t, specMaxPods)).toEqual({ cpuMillis: ladderCpuReserveMillis(vCpu), memoryMiB, kubeletMaxPods, reservedForPods: Math.max(specMaxPods, kubeletMaxPods) });
    });

    it("GKE n2-standard-4 (capacity 16380004Ki): ladder reserves 2623 MiB, allocatable 13591652Ki", () => {
        const capacityMiB = Math.floor(16380004 / 1024);
        expect(gkeMemoryReserveMiB(capacityMiB)).toBe(2623);
        expect(16380004 - (2623 + 100) * 1024).toBe(13591652);
        expect(4000 - ladderCpuReserveMillis(4)).toBe(3920);
    });

    it.each([
        [1, 60],
        [2, 100],
        [4, 140],
        [8, 180],
        [16, 260],
        [24, 340],
        [32, 420],
        [36, 460],
        [64, 740],
        [96, 1060],
    ])("AKS CPU: %i cores reserve %im", (cores, reserved) => {
        expect(aksCpuReserveMillis(cores)).toBe(reserved);
    });

    it("AKS 1.29+ memory: min(20*maxPods+50, 25% of nominal) + 100Mi eviction", () => {
        const small: InstanceType = { name: "2x8", roles: ["general"], vCpu: 2, memoryGiB: 8, defaultMaxPods: 250 };
        const big: InstanceType = { name: "4x32", roles: ["general"], vCpu: 4, memoryGiB: 32, defaultMaxPods: 250 };
        expect(nodeAllocatable("azure", small, 250).reservedMemoryMiB).toBe(2048);
        expect(nodeAllocatable("azure", big, 250).reservedMemoryMiB).toBe(5050);
        expect(nodeAllocatable("azure", big, 110).reservedMemoryMiB).toBe(2250);
    });
});

describe("Spark executor memory is accounted exactly as Spark does", () => {
    it.each([
        [16384, 1638, 18022],
        [2048, 384, 2432],
        [3840, 384, 4224],
        [27648, 2764, 30412],
    ])("executor.memory %im -> overhead %iMi, pod %iMi", (mem, overhead, pod) => {
        expect(sparkMemoryOverheadMiB(mem)).toBe(overhead);
        expect(mem + sparkMemoryOverheadMiB(mem)).toBe(pod);
    });

    it("naive 4-core/16g executors pack an EKS m7i.2xlarge to 50.6% (reference anchor)", () => {
        const a = nodeAllocatable("aws", type("aws", "m7i.2xlarge"), 58);
        const p = packing(a, 1, 4000, 18022);
        expect(p.cpu).toBeCloseTo(0.5057, 3);
        expect(p.min).toBeCloseTo(0.5057, 3);
    });
});

const clouds: Cloud[] = ["aws", "gcp", "azure", "existing"];

describe("sizing properties (fast-check)", () => {
    const node = fc.record({
        cloud: fc.constantFrom(...clouds),
        vCpu: fc.integer({ min: 4, max: 192 }),
        gibPerCore: fc.integer({ min: 2, max: 16 }),
        maxPods: fc.integer({ min: 16, max: 250 }),
        gpu: fc.boolean(),
        monitoring: fc.boolean(),
    });

    it("the executor shape always fits the node after DaemonSets, with exact Spark overhead", () => {
        fc.assert(
            fc.property(node, ({ cloud, vCpu, gibPerCore, maxPods, gpu, monitoring }) => {
                const t: InstanceType = { name: "x", roles: ["general"], vCpu, memoryGiB: vCpu * gibPerCore, defaultMaxPods: 110 };
                const a = nodeAllocatable(cloud, t, maxPods);
                const ds = daemonSetOverhead({ cloud, gpu, monitoring, installsDevicePlugin: true });
                const s = sizeSparkExecutor(a, ds);
                expect(s.perNode * s.requestCpuMillis).toBeLessThanOrEqual(a.cpuMillis - ds.cpuMillis);
                expect(s.perNode * s.podMemoryMiB).toBeLessThanOrEqual(a.memoryMiB - ds.memoryMiB);
                expect(s.overheadMiB).toBe(Math.max(Math.trunc(0.1 * s.memoryMiB), 384));
                expect(s.cores).toBeGreaterThanOrEqual(1);
                expect(s.cores).toBeLessThanOrEqual(8);
            }),
            { numRuns: 300 },
        );
    });

    it("the executor shape leaves at most a few units per executor unused beyond the DaemonSets", () => {
        fc.assert(
            fc.property(node, ({ cloud, vCpu, gibPerCore, maxPods, gpu, monitoring }) => {
                const t: InstanceType = { name: "x", roles: ["general"], vCpu, memoryGiB: vCpu * gibPerCore, defaultMaxPods: 110 };
                const a = nodeAllocatable(cloud, t, maxPods);
                const ds = daemonSetOverhead({ cloud, gpu, monitoring, installsDevicePlugin: true });
                const s = sizeSparkExecutor(a, ds);
                const bound = Math.min((a.cpuMillis - ds.cpuMillis - s.perNode) / a.cpuMillis, (a.memoryMiB - ds.memoryMiB - 3 * s.perNode) / a.memoryMiB);
                expect(s.packing).toBeGreaterThanOrEqual(bound - 1e-9);
            }),
            { numRuns: 300 },
        );
    });

    it("maxExecutorMemoryMiB is the largest memory whose pod fits", () => {
        fc.assert(
            fc.property(fc.integer({ min: 500, max: 400_000 }), (budget) => {
                const m = maxExecutorMemoryMiB(budget);
                expect(m + sparkMemoryOverheadMiB(m)).toBeLessThanOrEqual(budget);
                expect(m + 1 + sparkMemoryOverheadMiB(m + 1)).toBeGreaterThan(budget);
            }),
        );
    });

    it("the data pod budget fits after DaemonSets and keeps the safety margin: 2% of allocatable, at least 200m / 1024Mi", () => {
        fc.assert(
            fc.property(node, ({ cloud, vCpu, gibPerCore, maxPods }) => {
                const t: InstanceType = { name: "x", roles: ["data"], vCpu, memoryGiB: vCpu * gibPerCore, defaultMaxPods: 110 };
                const a = nodeAllocatable(cloud, t, maxPods);
                const ds = daemonSetOverhead({ cloud, gpu: false, monitoring: true, installsDevicePlugin: false });
                const b = dataPodBudget(a, ds);
                const margin = { cpu: Math.max(200, Math.ceil(a.cpuMillis * 0.02)), mem: Math.max(1024, Math.ceil(a.memoryMiB * 0.02)) };
                expect(dataPodHeadroom(a)).toEqual({ cpuMillis: margin.cpu, memoryMiB: margin.mem });
                expect(b.cpuMillis).toBeLessThanOrEqual(a.cpuMillis - ds.cpuMillis - margin.cpu);
                expect(b.cpuMillis).toBeGreaterThan(a.cpuMillis - ds.cpuMillis - margin.cpu - 10);
                expect(b.memoryMiB).toBeLessThanOrEqual(a.memoryMiB - ds.memoryMiB - margin.mem);
                expect(b.memoryMiB).toBeGreaterThan(a.memoryMiB - ds.memoryMiB - margin.mem - 16);
            }),
        );
    });

    it("keeps at least 1 GiB free beside a data pod on the aws-prod data nodes (the old 256 MiB headroom did not)", () => {
        for (const [name, maxPods] of [["m7i.4xlarge", 110], ["r7i.4xlarge", 110]] as const) {
            const a = nodeAllocatable("aws", type("aws", name), maxPods);
            const ds = daemonSetOverhead({ cloud: "aws", gpu: false, monitoring: true, installsDevicePlugin: false });
            const b = dataPodBudget(a, ds);
            expect(a.memoryMiB - ds.memoryMiB - b.memoryMiB).toBeGreaterThanOrEqual(1024);
        }
    });
});

describe("packing targets on every catalog type tristack picks for Spark and data pools", () => {
    const rows = (["aws", "gcp", "azure"] as const).flatMap((cloud) => CATALOGS[cloud].instanceTypes.filter((t) => !t.gpu).map((t) => [cloud, t.name, t.roles.join("/")] as const));
    it.each(rows)("%s %s (%s): Spark >= 95%%, data pod >= 85%%", (cloud, name) => {
        const t = type(cloud, name);
        const a = nodeAllocatable(cloud, t, 110);
        const ds = daemonSetOverhead({ cloud, gpu: false, monitoring: true, installsDevicePlugin: false });
        if (t.roles.includes("general") || t.roles.includes("large-core")) expect(sizeSparkExecutor(a, ds).packing).toBeGreaterThanOrEqual(0.95);
        if (t.roles.includes("data")) {
            const b = dataPodBudget(a, ds);
            expect(Math.min(b.cpuPacking, b.memoryPacking)).toBeGreaterThanOrEqual(0.85);
        }
    });
});
