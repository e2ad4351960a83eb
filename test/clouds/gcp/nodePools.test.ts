/**
 * GKE node pool choices of issue 20 that need no program run: the location policy per pool kind and
 * the per-zone initial node count.
 */
import { describe, expect, it } from "vitest";
import { locationPolicy, nodePoolArgs } from "../../../components/clouds/gcp/nodePools";
import { poolHandles } from "../../../components/clouds/pools";
import { parsePlatformSpec } from "../../../components/spec";
import { stackSpec } from "../../support/mocks";

describe("locationPolicy", () => {
    it.each([
        ["on-demand system", { role: "system", capacity: "on-demand" }, "BALANCED"],
        ["on-demand data", { role: "data", capacity: "on-demand" }, "BALANCED"],
        ["spot large-core", { role: "large-core", capacity: "spot" }, "ANY"],
        ["on-demand gpu", { role: "gpu", capacity: "on-demand" }, "ANY"],
    ] as const)("%s -> %s", (_, pool, expected) => {
        expect(locationPolicy(pool)).toBe(expected);
    });
});

describe("initialNodeCount", () => {
    const spec = parsePlatformSpec(stackSpec("gcp-prod"));
    const handles = poolHandles(spec, { gpu: { driverProvidedByCloud: true, devicePluginProvidedByCloud: true }, systemTaint: true, localScratchHostPath: "/x" });
    const args = (name: string, zones: string[]) => nodePoolArgs(spec.nodePools[name]!, handles[name]!, { cluster: "c", location: "l", zones, serviceAccount: "sa", resourceLabels: {} });

    it("is per zone and rounded up, so a pool starts at or above its minimum (bigcpu: min 2 over 3 zones starts at 3)", () => {
        expect(spec.nodePools["bigcpu"]?.minNodes).toBe(2);
        expect(args("bigcpu", spec.zones).initialNodeCount).toBe(1);
    });

    it("divides by the zones the pool actually spans (the GPU pool's two A100 zones)", () => {
        expect(args("system", ["us-central1-a", "us-central1-c"]).initialNodeCount).toBe(2);
        expect(args("gpu", ["us-central1-a", "us-central1-c"]).initialNodeCount).toBe(0);
    });
});
