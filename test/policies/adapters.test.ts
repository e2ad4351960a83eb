import { describe, expect, it, vi } from "vitest";
import type { StackValidationPolicy } from "@pulumi/policy";
import type { RecordedResource } from "../../components/plan/engine";
import { crossGuardPolicies } from "../../policies/adapters/crossguard";
import { evaluatePlan, renderPolicyReport } from "../../policies/adapters/plan";
import { WIRE_UNKNOWN } from "../../policies/lib/access";
import { RULES } from "../../policies/rules";
import * as F from "./fixtures";
import { mut } from "./fixtures";

// @pulumi/policy 1.21.0's type barrel omits the proxy's declarations; import the module that defines them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as { unknownCheckingProxy<T>(v: T): T; unknownStringValue: unknown; unknownObjectValue: unknown; UnknownValueError: new (...a: unknown[]) => Error };

function recorded(r: { type: string; name: string; inputs: Record<string, unknown> }, protect = true): RecordedResource {
    return { type: r.type, name: r.name, urn: `urn:pulumi:aws-prod::tristack::${r.type}::${r.name}`, custom: true, inputs: r.inputs, redactedInputs: r.inputs, dependencies: [], protect, retainOnDelete: false, ignoreChanges: [] };
}

const publicEks = mut(mut(F.eks, "vpcConfig.endpointPublicAccess", true), "vpcConfig.publicAccessCidrs", ["0.0.0.0/0"]);

describe("offline plan adapter", () => {
    it("reports a mandatory violation in prod with the resource's urn", () => {
        const found = evaluatePlan([recorded(publicEks)], "prod", {}).filter((f) => f.ruleId === "cluster-api-not-public");
        expect(found).toEqual([{ ruleId: "cluster-api-not-public", severity: "critical", enforcement: "mandatory", resource: "urn:pulumi:aws-prod::tristack::aws:eks/cluster:Cluster::eks", type: "aws:eks/cluster:Cluster", name: "eks", message: "EKS API endpoint is public: vpcConfig.publicAccessCidrs contains 0.0.0.0/0" }]);
    });

    it("turns wire unknowns into advisory 'cannot decide at preview' findings", () => {
        const found = evaluatePlan([recorded(mut(F.eks, "encryptionConfig.provider.keyArn", WIRE_UNKNOWN))], "prod", {}).filter((f) => f.ruleId === "cluster-secrets-encrypted-cmk");
        expect(found.map((f) => [f.enforcement, f.message])).toEqual([["advisory", "cannot decide at preview: encryptionConfig.provider.keyArn is not known until the resource is created"]]);
    });

    it("reads protect from the recorded options", () => {
        const found = evaluatePlan([recorded(F.s3Bucket, false)], "prod", {}).filter((f) => f.ruleId === "prod-stateful-protected");
        expect(found.map((f) => f.message)).toEqual(["aws:s3/bucket:Bucket data has neither protect nor retainOnDelete"]);
    });

    it("skips component records", () => {
        const component = { ...recorded(publicEks), type: "tristack:aws:EksCluster", custom: false };
        expect(evaluatePlan([component], "prod", {})).toEqual([]);
    });

    it("rejects an unknown environment", () => {
        expect(() => evaluatePlan([], "qa", {})).toThrow("unknown environment qa; expected one of dev, staging, prod");
    });

    it("loads policies/config/<env>.json when no config is given", () => {
        const found = evaluatePlan([recorded(F.launchTemplate), recorded(mut(F.deployment, "spec.template.spec.containers.0.image", "ghcr.io/example/app:1.2.3"))], "prod").filter((f) => f.ruleId === "image-pinned-and-approved");
        expect(found.map((f) => f.message)).toEqual(["Deployment spark/app container app: image ghcr.io/example/app:1.2.3 is not pinned by digest"]);
    });

    it("renders a markdown report with mandatory, advisory and waived sections", () => {
        const md = renderPolicyReport([
            { ruleId: "a-rule", severity: "high", enforcement: "mandatory", resource: "u1", type: "t", name: "n1", message: "bad | thing" },
            { ruleId: "b-rule", severity: "low", enforcement: "advisory", resource: "u2", type: "t", name: "n2", message: "meh" },
            { ruleId: "c-rule", severity: "low", enforcement: "mandatory", resource: "u3", type: "t", name: "n3", message: "ok", waived: "intended (until 2027-01-01)" },
        ]);
        expect(md.split("\n")).toEqual([
            "## Policies", "", "1 mandatory violation(s), 1 advisory finding(s), 1 waived.", "",
            "### Mandatory violations", "", "| rule | severity | resource | message |", "|---|---|---|---|", "| `a-rule` | high | t n1 | bad \\| thing |", "",
            "### Advisory findings", "", "| rule | severity | resource | message |", "|---|---|---|---|", "| `b-rule` | low | t n2 | meh |", "",
            "### Waived", "", "| rule | resource | message | waiver |", "|---|---|---|---|", "| `c-rule` | n3 | ok | intended (until 2027-01-01) |", "",
        ]);
    });
});

describe("CrossGuard adapter", () => {
    const policies = crossGuardPolicies();
    type Report = (v: string | { message: string; urn?: string; enforcementLevel: string }, urn?: string) => void;
    const byName = (name: string): StackValidationPolicy => policies.find((x) => x.name === name) as StackValidationPolicy;
    const sdk = (r: { type: string; name: string; inputs: Record<string, unknown> }, props: Record<string, unknown> = r.inputs) => ({ type: r.type, name: r.name, urn: `urn:${r.name}`, props, opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] }, isType: () => false, asType: () => undefined });
    const namespace = (environment: string) => sdk({ type: "kubernetes:core/v1:Namespace", name: "spark", inputs: { metadata: { name: "spark", labels: { "tristack.io/environment": environment } } } });
    const validate = (name: string, resources: unknown[], config: Record<string, unknown> = {}): Parameters<Report>[] => {
        const report = vi.fn<Report>();
        void (byName(name).validateStack as (a: never, r: Report) => void)({ resources, getConfig: () => config, stackTags: new Map(), notApplicable: () => { throw new Error("n/a"); } } as never, report);
        return report.mock.calls;
    };

    it("registers one stack policy per rule plus the settings policy, at the strongest level any environment gives it", () => {
        expect(policies.map((p) => p.name)).toEqual(["policy-settings", ...RULES.map((r) => r.id)]);
        expect(policies.every((p) => "validateStack" in p && !("validateResource" in p))).toBe(true);
        expect(byName("cluster-api-not-public")).toMatchObject({ enforcementLevel: "mandatory", severity: "critical" });
    });

    it("reports a violation at the level of the environment the stack's Namespaces declare", () => {
        expect(validate("cluster-api-not-public", [sdk(publicEks), namespace("prod")])).toEqual([[{ message: "EKS API endpoint is public: vpcConfig.publicAccessCidrs contains 0.0.0.0/0", urn: "urn:eks", enforcementLevel: "mandatory" }]]);
        expect(validate("cluster-api-not-public", [sdk(publicEks), namespace("dev")])).toEqual([[{ message: "EKS API endpoint is public: vpcConfig.publicAccessCidrs contains 0.0.0.0/0", urn: "urn:eks", enforcementLevel: "advisory" }]]);
    });

    it("ignores other types", () => {
        expect(validate("cluster-api-not-public", [sdk(F.gcsBucket), namespace("prod")])).toEqual([]);
    });

    it("an unknown value behind the SDK's unknown-checking proxy becomes an advisory 'cannot decide at preview'", () => {
        const props = proxy.unknownCheckingProxy({ ...publicEks.inputs, vpcConfig: { endpointPublicAccess: proxy.unknownStringValue } });
        const calls = validate("cluster-api-not-public", [sdk(publicEks, props), namespace("prod")]);
        expect(calls.map(([v]) => (typeof v === "string" ? v : [v.urn, v.enforcementLevel, v.message.startsWith("cannot decide at preview")]))).toEqual([["urn:eks", "advisory", true]]);
    });

    it("a stack policy joins resources and reports on the offending one", () => {
        expect(validate("cluster-network-policy-enforced", [sdk(F.eks), namespace("prod")])).toEqual([[{ message: "EKS has no vpc-cni add-on with enableNetworkPolicy", urn: "urn:eks", enforcementLevel: "mandatory" }]]);
    });

    it("the engine's per-rule parameters override the environment's config file", () => {
        const image = sdk(mut(F.deployment, "spec.template.spec.containers.0.image", "ghcr.io/example/app:1.2.3"));
        expect(validate("image-pinned-and-approved", [image, namespace("prod")]).map(([v]) => (typeof v === "string" ? v : v.message))).toEqual(["Deployment spark/app container app: image ghcr.io/example/app:1.2.3 is not pinned by digest"]);
        expect(validate("image-pinned-and-approved", [image, namespace("prod")], { requireDigest: false })).toEqual([]);
    });

    it("the settings policy reports expired waivers of the environment's config", () => {
        const p = crossGuardPolicies(() => ({ "policy-settings": { waivers: [{ rule: "cluster-api-not-public", urn: "urn:eks", reason: "temporary exception", expires: "2020-01-01" }] } })).find((x) => x.name === "policy-settings") as StackValidationPolicy;
        const report = vi.fn<Report>();
        void (p.validateStack as (a: never, r: Report) => void)({ resources: [namespace("prod")], getConfig: () => ({}), stackTags: new Map(), notApplicable: () => { throw new Error("n/a"); } } as never, report);
        expect(report.mock.calls).toEqual([[{ message: "waiver for cluster-api-not-public on urn:eks expired on 2020-01-01", enforcementLevel: "mandatory" }]]);
    });

    it("the rules take the environment the settings policy read from --policy-pack-config (it runs first), even when the Namespaces' labels are unknown", () => {
        const unknownLabels = sdk({ type: "kubernetes:core/v1:Namespace", name: "spark", inputs: {} }, proxy.unknownCheckingProxy({ metadata: { name: "spark", labels: proxy.unknownObjectValue } }));
        const eksFinding = (enforcementLevel: string) => [[{ message: "EKS API endpoint is public: vpcConfig.publicAccessCidrs contains 0.0.0.0/0", urn: "urn:eks", enforcementLevel }]];
        expect(validate("policy-settings", [sdk(publicEks), unknownLabels], { environment: "dev" })).toEqual([]);
        expect(validate("cluster-api-not-public", [sdk(publicEks), unknownLabels])).toEqual(eksFinding("advisory"));
        expect(validate("policy-settings", [sdk(publicEks), unknownLabels], { environment: "prod" })).toEqual([]);
        expect(validate("cluster-api-not-public", [sdk(publicEks), unknownLabels])).toEqual(eksFinding("mandatory"));
        // No config file: the labels decide; unknown ones leave the strictest environment, said once.
        expect(validate("policy-settings", [sdk(publicEks), unknownLabels])).toEqual([[{ message: "the stack's Namespaces' tristack.io/environment labels are not known until they are created, so the stack is judged as prod; pass --policy-pack-config policies/config/<env>.json to name the environment", enforcementLevel: "advisory" }]]);
        expect(validate("cluster-api-not-public", [sdk(publicEks), unknownLabels])).toEqual(eksFinding("mandatory"));
    });

    it("the settings policy reports a config written for another environment, and a stack that declares none", () => {
        expect(validate("policy-settings", [namespace("dev")], { environment: "prod" })).toEqual([[{ message: "The policy config is written for prod, but the stack's Namespaces say dev (tristack.io/environment); pass policies/config/dev.json.", enforcementLevel: "mandatory" }]]);
        expect(validate("policy-settings", [])).toEqual([[{ message: "no Namespace carries the tristack.io/environment label, so the stack is judged as prod; the platform layer stamps it from the spec's environment", enforcementLevel: "advisory" }]]);
    });
});
