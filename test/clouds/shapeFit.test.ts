/**
 * The oversize warning reaches the user: the program logs it with pulumi.log.warn before registering
 * anything, and the offline plan's run carries it (report.md lists the run's warnings).
 */
import { describe, expect, it } from "vitest";
import { run, stackSpec } from "../support/mocks";
import { awsDevCombined } from "./aws/variantSpecs";

describe("a pool resolved to a much larger type", () => {
    it("is a pulumi warning of the program run, not a refusal", async () => {
        // [oversize] of the combined aws-dev variant (its other patches give no pool warning).
        const r = await run(awsDevCombined(), { stack: "aws-dev" });
        expect(r.result.warnings.filter((w) => w.startsWith("node pool "))).toEqual([
            "node pool bigcpu asks for 32 vCPU / 128 GiB, but the smallest aws type that fits is m6id.16xlarge (64 vCPU / 256 GiB), 2x the vCPUs; set nodePools.bigcpu.shape to what you need from that type, or name a type in nodePools.bigcpu.instanceType.aws",
        ]);
        expect(r.ofType("aws:eks/nodeGroup:NodeGroup").length).toBeGreaterThan(0);
    }, 600_000);

    it("the stack as written gets no such warning", async () => {
        const r = await run(stackSpec("aws-dev"), { stack: "aws-dev" });
        expect(r.result.warnings.filter((w) => w.startsWith("node pool "))).toEqual([]);
    }, 600_000);
});
