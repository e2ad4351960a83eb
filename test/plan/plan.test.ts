import { describe, expect, it } from "vitest";
import type { PoolCapacity } from "../../components/capacity";
import { manifests } from "../../components/plan/artifacts";
import { listStacks } from "../../components/plan/stacks";
import { planDocumentFor } from "../../components/plan/planStack";
import { stackSpec } from "../support/mocks";
import { malformedLocalSpec } from "./specs";

describe("a malformed spec never registers a resource", () => {
    it("fails with one message listing every problem (the program's RunError, printed by the language host without a stack), before anything is registered", async () => {
        const { runProgram, ProgramError } = await import("../../components/plan/engine");
        // Shared with test/plan/langhost.test.ts through the run cache; a refusal is cached with what it registered.
        const err = await runProgram(malformedLocalSpec(), { stack: "bad", cache: true }).then(
            () => undefined,
            (e: unknown) => e as Error,
        );
        expect(err).toBeInstanceOf(ProgramError);
        const recorded = (err as InstanceType<typeof ProgramError>).registered;
        expect(err?.message).toBe(
            [
                "tristack:spec is invalid (2 problems):",
                '  - spec.environment: got "production"; expected one of "dev", "staging", "prod"',
                "  - spec.nodePools.general.maxNodes: got 0; expected >= 1",
            ].join("\n"),
        );
        expect(recorded).toEqual([]);
    });

    it("refuses a data pool too small for its service from the spec alone, in the pre-flight that runs before anything is registered", async () => {
        const spec = stackSpec("local");
        spec["kafka"] = { ...(spec["kafka"] as object), enabled: true };
        (spec["nodePools"] as Record<string, Record<string, unknown>>)["data"]!["shape"] = { vCpu: 1, memoryGiB: 2 };
        // index.ts calls preflight before the first resource (test/clouds/aws/variants.test.ts shows one of its
        // refusals through the language host, with nothing registered); it registers nothing itself.
        const { preflight } = await import("../../components/preflight");
        const { parsePlatformSpec } = await import("../../components/spec");
        const err = await preflight(parsePlatformSpec(spec)).then(
            () => undefined,
            (e: unknown) => e as Error,
        );
        expect(err?.message).toMatch(/pool "data" \(custom-1cpu-2gib\) is too small for a Kafka broker/);
    });

    it("a missing spec says where to put it", async () => {
        const { runProgram } = await import("../../components/plan/engine");
        await expect(runProgram(undefined, { stack: "empty" })).rejects.toThrow(/tristack:spec is missing/);
    });
});

describe.each(listStacks())("plan of stack %s", (stack) => {
    it("runs the real program, registers resources and reports capacity", async () => {
        const { doc, resources } = await planDocumentFor(stack, { cache: true });
        expect(doc.stack).toBe(stack);
        expect(doc.summary.resources).toBe(resources.length);
        expect(resources.length).toBeGreaterThan(5);
        expect(JSON.stringify(doc)).not.toContain("BEGIN RSA PRIVATE KEY");
        const capacity = doc.outputs["capacity"] as PoolCapacity[];
        for (const p of capacity) {
            if (p.sparkExecutor) expect(p.sparkExecutor.packing, `${p.pool} spark`).toBeGreaterThanOrEqual(0.95);
            if (p.dataPod) expect(Math.min(p.dataPod.cpuPacking, p.dataPod.memoryPacking), `${p.pool} data pod`).toBeGreaterThanOrEqual(0.85);
        }
        expect(doc.outputs["kubeconfig"]).toBe("[secret]");
        // Secret payloads never reach plan.json: generated passwords and keys are Pulumi secrets.
        for (const r of doc.resources.filter((x) => x.type === "kubernetes:core/v1:Secret")) {
            for (const field of ["data", "stringData"] as const) {
                const payload = r.inputs[field];
                if (payload === undefined) continue;
                const values = typeof payload === "object" && payload !== null ? Object.values(payload) : [payload];
                for (const v of values) expect(v, `${r.name}.${field}`).toBe("[secret]");
            }
        }
        // Every Kubernetes object becomes a manifest file.
        const k8sObjects = resources.filter((r) => r.custom && r.type.startsWith("kubernetes:"));
        expect(manifests(resources).size).toBe(k8sObjects.length);
    });
});
