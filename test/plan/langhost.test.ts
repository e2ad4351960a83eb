/**
 * The offline engine runs programs the way the Pulumi CLI does (the SDK's own language host), so the
 * two ways a program silently deploys nothing under the CLI show up here too, and the project's own
 * entry point is held to the form the CLI calls.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runProgram, undeployableReason, ProgramError } from "../../components/plan/engine";
import { readProjectSettings, runLanguageHost, type LanguageHostResult } from "../../components/plan/langhost";
import { listStacks, readStack } from "../../components/plan/stacks";
import { planDocumentFor } from "../../components/plan/planStack";
import { ROOT } from "../support/mocks";
import { malformedLocalSpec } from "./specs";

const FIXTURES = path.join(ROOT, "test", "fixtures", "programs");

function runFixture(name: string): Promise<LanguageHostResult> {
    return runLanguageHost({
        projectDir: path.join(FIXTURES, name),
        stack: "fixture",
        config: {},
        preview: false,
        mocks: { newResource: (_type, name) => ({ id: `${name}-id`, state: {} }), call: () => ({}) },
    });
}

describe("the language host path, on regression fixtures", () => {
    const results: Record<string, LanguageHostResult> = {};
    beforeAll(async () => {
        for (const f of ["default-export", "extensionless-import", "export-equals"]) results[f] = await runFixture(f);
    });

    it("a CommonJS `export default` program exits 0 having registered only the Stack, whose one output is `default` (pulumi/pulumi#4017)", () => {
        const r = results["default-export"]!;
        expect(r.exitCode).toBe(0);
        expect(r.registrations.map((x) => x.type)).toEqual(["pulumi:pulumi:Stack"]);
        expect(Object.keys(r.rawOutputs)).toEqual(["default"]);
    });

    it("the plan refuses such a run, saying why", () => {
        expect(undeployableReason([], { default: {} })).toMatch(/only stack output is `default`.*`export = main` \(pulumi\/pulumi#4017\)/);
        expect(undeployableReason([], { cloud: "aws" })).toMatch(/registered no resources/);
    });

    it("an extensionless dynamic import fails to load when the tsconfig does not set `module` literally (the SDK compiles as nodenext)", () => {
        const r = results["extensionless-import"]!;
        expect(r.exitCode).not.toBe(0);
        expect(`${r.stderr}\n${r.logs.map((l) => l.message).join("\n")}`).toMatch(/ERR_MODULE_NOT_FOUND|Cannot find module/);
        expect(r.registrations.filter((x) => x.type !== "pulumi:pulumi:Stack")).toEqual([]);
    });

    it("the same program with `export =` and a literal commonjs module setting registers its resources", () => {
        const r = results["export-equals"]!;
        expect(r.exitCode).toBe(0);
        expect(r.registrations.map((x) => x.type)).toEqual(["pulumi:pulumi:Stack", "fixture:index:Thing"]);
        expect(Object.keys(r.rawOutputs)).toEqual(["urn"]);
    });
});

describe("the project's own entry point and TypeScript set-up", () => {
    it("index.ts exports its main with `export =` (the language host calls a CommonJS export only when it is a function)", () => {
        const source = readFileSync(path.join(ROOT, "index.ts"), "utf8");
        expect(source).toMatch(/^export = main;$/m);
        expect(source).not.toMatch(/^export default/m);
    });

    it("tsconfig.pulumi.json sets module and moduleResolution literally, as the SDK reads it (no `extends`)", async () => {
        // The SDK's own reader: @pulumi/pulumi/tsutils.loadTypeScriptCompilerOptions.
        const { loadTypeScriptCompilerOptions } = (await import("@pulumi/pulumi/tsutils")) as unknown as { loadTypeScriptCompilerOptions(p: string): Record<string, unknown> };
        const settings = readProjectSettings(ROOT);
        const options = loadTypeScriptCompilerOptions(path.join(ROOT, settings.tsconfig!));
        expect(options).toMatchObject({ module: "commonjs", moduleResolution: "node", noCheck: true });
    });

    it("Pulumi.yaml gives the language host a TypeScript entry point at the project root", () => {
        expect(readProjectSettings(ROOT)).toEqual({ name: "tristack", pwd: ROOT, entry: path.join(ROOT, "index.ts"), typescript: true, tsconfig: "tsconfig.pulumi.json", nodeargs: [] });
    });
});

describe("every stack, loaded the CLI's way", () => {
    it.each(listStacks())("%s registers resources, no `default` output, and the plan reports exactly those resources", async (stack) => {
        const { spec, config } = readStack(stack);
        const run = await runProgram(spec, { stack, config, cache: true });
        expect(run.resources.length).toBeGreaterThan(50);
        expect(Object.keys(run.outputs)).not.toContain("default");
        expect(Object.keys(run.outputs).sort()).toEqual(expect.arrayContaining(["cloud", "environment", "kubeconfig", "namespaces", "pools"]));
        const { doc } = await planDocumentFor(stack, { cache: true });
        expect(doc.resources.map((r) => r.urn).sort()).toEqual(run.resources.map((r) => r.urn).sort());
    });

    it("records URNs as the Pulumi engine makes them: the parent's whole type chain, without the root Stack's type", async () => {
        // pulumi/pulumi sdk/go/common/resource/urn/urn.go `New` (parent URN's QualifiedType(), RootStackType left
        // out); a URN copied from the plan into a waiver or `pulumi up --replace` must be the real stack's.
        const { spec, config } = readStack("aws-dev");
        const urns = (await runProgram(spec, { stack: "aws-dev", config, cache: true })).resources.map((r) => r.urn);
        expect(urns.filter((u) => u.includes("pulumi:pulumi:Stack"))).toEqual([]);
        expect(urns).toContain("urn:pulumi:aws-dev::tristack::tristack:aws:EksCluster::tristack-dev");
        expect(urns).toContain("urn:pulumi:aws-dev::tristack::tristack:data:DataPlatform$tristack:data:Kafka$random:index/randomPassword:RandomPassword::tristack-dev-kafka-user-analytics");
    });

    it("a spec error fails the run before any resource, with the CLI's message and no stack trace", async () => {
        // The refusal test/plan/plan.test.ts checks word for word; one run, shared through the run cache.
        const err = await runProgram(malformedLocalSpec(), { stack: "bad", cache: true }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ProgramError);
        expect((err as Error).message).toMatch(/^tristack:spec is invalid/);
        expect((err as Error).message).not.toMatch(/\bat .*\.ts:\d+/);
        expect((err as ProgramError).registered).toEqual([]);
    });
});
