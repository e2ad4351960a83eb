import { describe, expect, it } from "vitest";
import { resolveInstanceType } from "../../../components/clouds/catalog";
import { SpecError, parsePlatformSpec } from "../../../components/spec";
import { stackSpec } from "../../support/mocks";

/** GPU pools get exactly the GPUs they ask for, unless the spec names a bigger type itself. */
describe("GPU pools: no silent over-provisioning", () => {
    const a100x1 = { role: "gpu", gpu: { model: "A100-80GB", count: 1 }, localNvme: false } as const;

    it("refuses to pick an 8-GPU p4de.24xlarge for a 1 x A100-80GB pool, naming the type and the way out", () => {
        expect(resolveInstanceType("aws", a100x1)).toEqual({
            ok: false,
            reason: "no aws instance type carries exactly 1 x A100-80GB; p4de.24xlarge (8 x A100-80GB) carries more GPUs than asked: name it in instanceType.aws to accept it, or ask for its GPU count",
        });
    });

    it("accepts the 8-GPU type when the pool names it, or asks for 8", () => {
        expect(resolveInstanceType("aws", { ...a100x1, instanceType: { aws: "p4de.24xlarge" } })).toMatchObject({ ok: true, type: { name: "p4de.24xlarge" } });
        expect(resolveInstanceType("aws", { ...a100x1, gpu: { model: "A100-80GB", count: 8 } })).toMatchObject({ ok: true, type: { name: "p4de.24xlarge" } });
    });

    it.each([
        ["gcp", "a2-ultragpu-1g"],
        ["azure", "Standard_NC24ads_A100_v4"],
    ] as const)("still resolves 1 x A100-80GB on %s to its single-GPU type %s", (cloud, name) => {
        expect(resolveInstanceType(cloud, a100x1)).toMatchObject({ ok: true, type: { name, gpu: { model: "A100-80GB", count: 1 } } });
    });

    it("fails the spec at nodePools.<pool>.gpu.count before anything is registered", () => {
        const raw = stackSpec("aws-prod");
        const pools = raw["nodePools"] as Record<string, Record<string, unknown>>;
        delete pools["gpu"]?.["instanceType"];
        try {
            parsePlatformSpec(raw);
            expect.unreachable("the spec must be refused");
        } catch (e) {
            expect(e).toBeInstanceOf(SpecError);
            const problem = (e as SpecError).problems.find((p) => p.path === "nodePools.gpu.gpu.count");
            expect(problem?.expected).toContain("p4de.24xlarge (8 x A100-80GB) carries more GPUs than asked: name it in instanceType.aws");
        }
    });

    it("aws-prod names p4de.24xlarge for its GPU pool on purpose", () => {
        const pools = stackSpec("aws-prod")["nodePools"] as Record<string, Record<string, unknown>>;
        expect(pools["gpu"]?.["instanceType"]).toEqual({ aws: "p4de.24xlarge" });
    });
});
