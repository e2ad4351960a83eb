/**
 * One environment everywhere: the CrossGuard pack judges a stack by the environment the platform stamped
 * on its Namespaces (the spec's), never by the stack's name, and reports exactly the offline plan's findings.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { StackValidationPolicy } from "@pulumi/policy";
import { ENVIRONMENT_LABEL as PLATFORM_LABEL } from "../../components/platform/common";
import { crossGuardPolicies, registeredLevel } from "../../policies/adapters/crossguard";
import { evaluatePlan } from "../../policies/adapters/plan";
import { loadPolicyConfig } from "../../policies/config/schema";
import { UNKNOWN } from "../../policies/lib/access";
import { ENVIRONMENT_LABEL, environmentOfStack, resolveEnvironment } from "../../policies/lib/environment";
import type { PolicyResource } from "../../policies/lib/types";
import { ruleById } from "../../policies/rules";
import { sparkOnlyProdWithGpu } from "../platform/variantSpecs";
import { run, stackSpec, type RecordedResource } from "../support/mocks";

interface Reported {
    readonly policy: string;
    readonly message: string;
    readonly urn?: string;
    readonly enforcementLevel?: string;
}

function namespace(name: string, environment?: string): PolicyResource {
    const labels = environment === undefined ? {} : { [ENVIRONMENT_LABEL]: environment };
    return { type: "kubernetes:core/v1:Namespace", name, urn: `urn:${name}`, inputs: { metadata: { name, labels } }, options: { protect: false, retainOnDelete: false } };
}

/** Run every policy of the pack over recorded resources the way the SDK's AnalyzeStack does. */
function runPack(resources: readonly RecordedResource[], config: Record<string, Record<string, unknown>> = {}): Reported[] {
    const urns = new Set(resources.map((r) => r.urn));
    // @pulumi/policy server.js resolves each dependency URN to the stack's resource object (dropping the others).
    const sdkResources = resources.map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: r.inputs, dependencies: r.dependencies.filter((d) => urns.has(d)).map((urn) => ({ urn })), opts: { protect: r.protect, retainOnDelete: r.retainOnDelete, ignoreChanges: [], aliases: [], additionalSecretOutputs: [] }, isType: () => false, asType: () => undefined }));
    const out: Reported[] = [];
    for (const p of crossGuardPolicies() as StackValidationPolicy[]) {
        if (p.enforcementLevel === "disabled") continue;
        const report = (v: string | Omit<Reported, "policy">, urn?: string): void => void out.push(typeof v === "string" ? { policy: p.name, message: v, ...(urn ? { urn } : {}) } : { policy: p.name, ...v });
        void p.validateStack({ resources: sdkResources, getConfig: () => config[p.name] ?? {}, stackTags: new Map(), notApplicable: () => { throw new Error("n/a"); } } as never, report as never);
    }
    return out;
}

const mandatoryOfPack = (reported: readonly Reported[]): string[] => reported.filter((r) => r.enforcementLevel === "mandatory").map((r) => `${r.policy} ${r.urn ?? ""}: ${r.message}`).sort();
const mandatoryOfPlan = (resources: readonly RecordedResource[], environment: string): string[] =>
    evaluatePlan(resources, environment).filter((f) => !f.waived && f.enforcement === "mandatory").map((f) => `${f.ruleId} ${f.resource}: ${f.message}`).sort();

describe("the stack's environment", () => {
    it("the platform stamps the label the pack reads", () => {
        expect(PLATFORM_LABEL).toBe(ENVIRONMENT_LABEL);
    });

    it.each([
        [[namespace("spark", "dev"), namespace("team-a", "dev")], { environment: "dev" }],
        [[namespace("spark", "staging")], { environment: "staging" }],
        [[namespace("spark")], { environment: "prod", problem: "no Namespace carries the tristack.io/environment label, so the stack is judged as prod; the platform layer stamps it from the spec's environment" }],
        [[namespace("spark", "dev"), namespace("kafka", "prod")], { environment: "prod", problem: "the stack's Namespaces disagree on tristack.io/environment (dev, prod), so the stack is judged as prod" }],
        [[namespace("spark", "qa")], { environment: "prod", problem: "tristack.io/environment is qa, which is not one of dev, staging, prod, so the stack is judged as prod" }],
    ])("%#: reads %j", (resources, expected) => {
        expect(environmentOfStack(resources)).toEqual(expected);
    });

    it("a Namespace whose labels are unknown at preview is skipped, not thrown on (it stopped every policy under the CLI)", () => {
        const unknownLabels: PolicyResource = { ...namespace("spark"), inputs: { metadata: { name: "spark", labels: UNKNOWN } } };
        expect(environmentOfStack([unknownLabels, namespace("kafka", "dev")])).toEqual({ environment: "dev" });
        expect(environmentOfStack([unknownLabels]).environment).toBe("prod");
        expect(environmentOfStack([unknownLabels]).problem).toMatch(/not known until they are created/);
    });

    it.each([
        ["the pack config names it; labels unknown", "dev", [{ ...namespace("spark"), inputs: { metadata: { name: "spark", labels: UNKNOWN } } }], { environment: "dev" }],
        ["the pack config names it; no Namespace yet", "staging", [], { environment: "staging" }],
        ["config and labels agree", "dev", [namespace("spark", "dev")], { environment: "dev" }],
        ["no config: the labels", undefined, [namespace("spark", "dev")], { environment: "dev" }],
        ["config dev, labels prod: the stricter, and the conflict", "dev", [namespace("spark", "prod")], { environment: "prod", conflict: "The policy config is written for dev, but the stack's Namespaces say prod (tristack.io/environment); pass policies/config/prod.json." }],
        ["config prod, labels dev: the stricter, and the conflict", "prod", [namespace("spark", "dev")], { environment: "prod", conflict: "The policy config is written for prod, but the stack's Namespaces say dev (tristack.io/environment); pass policies/config/dev.json." }],
    ] as const)("resolveEnvironment: %s", (_title, configured, resources, expected) => {
        expect(resolveEnvironment(configured, resources)).toEqual(expected);
    });

    it("registers each policy at the strongest level any environment gives it", () => {
        expect(registeredLevel(ruleById("cluster-api-not-public")!, loadPolicyConfig)).toBe("mandatory");
        expect(registeredLevel(ruleById("cluster-api-not-public")!, () => ({ "cluster-api-not-public": { enforcementLevel: "disabled" } }))).toBe("disabled");
    });
});

// Two specs deployed as the same stack, `local`: one dev, one prod. The stack's name says neither, and the
// two runs get two environments. The prod one is test/platform/variants.test.ts's run (issue 15: shared).
describe.each([
    ["local", () => stackSpec("local"), "dev"],
    ["local as prod with Spark only and a GPU pool", sparkOnlyProdWithGpu, "prod"],
])("spec %s deployed as stack local", (_label, spec, environment) => {
    let resources: readonly RecordedResource[] = [];
    const other = environment === "prod" ? "dev" : "prod";
    beforeAll(async () => {
        resources = (await run(spec(), { stack: "local" })).resources;
    }, 600_000);

    it(`every Namespace carries ${ENVIRONMENT_LABEL}=${environment}`, () => {
        const namespaces = resources.filter((r) => r.type === "kubernetes:core/v1:Namespace");
        expect(namespaces.length).toBeGreaterThan(0);
        expect(namespaces.map((r) => (r.inputs["metadata"] as { labels?: Record<string, string> }).labels?.[ENVIRONMENT_LABEL])).toEqual(namespaces.map(() => environment));
    });

    it("the pack and the plan report the same mandatory violations", () => {
        const reported = runPack(resources);
        expect(mandatoryOfPack(reported)).toEqual(mandatoryOfPlan(resources, environment));
        expect(reported.filter((r) => r.policy === "policy-settings")).toEqual([]);
    });

    it(`a policy config written for ${other} is a mandatory violation of policy-settings`, () => {
        const reported = runPack(resources, { "policy-settings": { environment: other } }).filter((r) => r.policy === "policy-settings");
        expect(reported).toEqual([{ policy: "policy-settings", message: `The policy config is written for ${other}, but the stack's Namespaces say ${environment} (tristack.io/environment); pass policies/config/${environment}.json.`, enforcementLevel: "mandatory" }]);
    });
});
