/**
 * GPU DaemonSets tolerate exactly the taints the GPU nodes carry, taken from the handle's pools
 * (issue 18 item 3, issue 22): AKS taints Spot nodes `kubernetes.azure.com/scalesetpriority=spot:NoSchedule`
 * itself, so on azure-dev's Spot T4 pool a device plugin tolerating only `nvidia.com/gpu` never runs and
 * no node ever advertises `nvidia.com/gpu`.
 */
import { describe, expect, it } from "vitest";
import { eksPools } from "../../components/clouds/aws/eksCluster";
import { aksPools } from "../../components/clouds/azure/aksCluster";
import { gkePools } from "../../components/clouds/gcp/gkeCluster";
import { dcgmExporterValues, devicePluginValues, gpuNodeTaints } from "../../components/platform/gpu";
import { parsePlatformSpec } from "../../components/spec/parse";
import { stackSpec } from "../support/mocks";

const GPU = { key: "nvidia.com/gpu", operator: "Equal", value: "present", effect: "NoSchedule" };
const AKS_SPOT = { key: "kubernetes.azure.com/scalesetpriority", operator: "Equal", value: "spot", effect: "NoSchedule" };
const tolerationsOf = (v: Record<string, unknown>) => v["tolerations"];

describe("GPU DaemonSet tolerations from the pool handles", () => {
    it("azure-dev (Spot T4 pool): the device plugin and the DCGM exporter tolerate AKS's Spot taint too", () => {
        const pools = Object.values(aksPools(parsePlatformSpec(stackSpec("azure-dev"))));
        expect(pools.find((p) => p.role === "gpu")?.capacity).toBe("spot");
        const taints = gpuNodeTaints(pools);
        expect(tolerationsOf(devicePluginValues(taints))).toEqual([GPU, AKS_SPOT]);
        expect(tolerationsOf(dcgmExporterValues({ release: "x" }, taints))).toEqual([GPU, AKS_SPOT]);
    });

    it.each([
        ["aws-dev", eksPools],
        ["aws-prod", eksPools],
        ["gcp-dev", gkePools],
        ["gcp-prod", gkePools],
        ["azure-prod", aksPools],
    ] as const)("%s: only the GPU taint (no cloud-added taint on its GPU pools)", (stack, pools) => {
        expect(gpuNodeTaints(Object.values(pools(parsePlatformSpec(stackSpec(stack))))).map((t) => `${t.key}=${t.value}:${t.effect}`)).toEqual(["nvidia.com/gpu=present:NoSchedule"]);
    });

    it("tolerates each distinct taint of every GPU pool once, and none of the other pools'", () => {
        const base = Object.values(aksPools(parsePlatformSpec(stackSpec("azure-dev"))));
        const gpu = base.find((p) => p.role === "gpu")!;
        const pools = [...base, { ...gpu, name: "gpu2", taints: [...gpu.taints, { key: "example.com/a100", value: "true", effect: "NoSchedule" as const }] }];
        expect(gpuNodeTaints(pools).map((t) => t.key)).toEqual(["nvidia.com/gpu", "kubernetes.azure.com/scalesetpriority", "example.com/a100"]);
    });
});

describe("DCGM exporter resources", () => {
    it("nulls the chart's default CPU limit (dcgm-exporter 4.8.2 values: limits.cpu 200m; Helm merges maps)", () => {
        const r = dcgmExporterValues({ release: "x" }, gpuNodeTaints([]))["resources"] as { limits: Record<string, unknown> };
        expect(r.limits).toHaveProperty("cpu", null);
    });
});
