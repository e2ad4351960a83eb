import { describe, expect, it } from "vitest";
import { run, stackSpec } from "../../support/mocks";

describe("existing adapter (local stack)", () => {
    it("builds a kubernetes provider from the kubeconfig path and context, and no cloud resources", async () => {
        const r = await run(stackSpec("local"), { stack: "local" });
        const provider = r.one("pulumi:providers:kubernetes", "tristack-local");
        expect(provider.inputs["context"]).toBe("kind-tristack");
        expect(String(provider.inputs["kubeconfig"])).toMatch(/\.kube\/config$/);
        expect(r.resources.filter((x) => /^(aws|gcp|azure-native):/.test(x.type))).toEqual([]);
        expect(r.outputs["pools"]).toMatchObject({ general: { role: "general", instanceType: "custom-8cpu-16gib" } });
    });
});
