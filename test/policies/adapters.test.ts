import { describe, expect, it, vi } from "vitest";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import type { RecordedResource } from "../../components/plan/engine";
import { crossGuardPolicies, environmentFor } from "../../policies/adapters/crossguard";
import { evaluatePlan, renderPolicyReport } from "../../policies/adapters/plan";
import { WIRE_UNKNOWN } from "../../policies/lib/access";
import { RULES } from "../../policies/rules";
import * as F from "./fixtures";
import { mut } from "./fixtures";

// @pulumi/policy 1.21.0's type barrel omits the proxy's declarations; import the module that defines them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as { unknownCheckingProxy<T>(v: T): T; unknownStringValue: unknown; UnknownValueError: new (...a: unknown[]) => Error };

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
    const policies = crossGuardPolicies("prod", {});
    type Validate = (args: never, report: (message: string, urn?: string) => void) => void;
    const byName = (name: string): { validateResource: Validate; validateStack: Validate } => {
        const p = policies.find((x) => x.name === name) as Partial<ResourceValidationPolicy & StackValidationPolicy>;
        return { validateResource: p.validateResource as Validate, validateStack: p.validateStack as Validate };
    };
    const args = (r: { type: string; name: string; inputs: Record<string, unknown> }, props: Record<string, unknown> = r.inputs) => ({ type: r.type, name: r.name, urn: `urn:${r.name}`, props, opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] }, getConfig: () => ({}), isType: () => false, asType: () => undefined, notApplicable: () => { throw new Error("n/a"); }, stackTags: new Map() });

    it("registers one policy per rule plus the settings policy, with severity and the environment's level", () => {
        expect(policies.map((p) => p.name)).toEqual([...RULES.map((r) => r.id), "policy-settings"]);
        expect(policies.find((p) => p.name === "cluster-api-not-public")).toMatchObject({ enforcementLevel: "mandatory", severity: "critical" });
        expect(crossGuardPolicies("dev", {}).find((p) => p.name === "cluster-api-not-public")?.enforcementLevel).toBe("advisory");
    });

    it("a resource policy reports the rule's message for the resource's urn", () => {
        const report = vi.fn();
        void byName("cluster-api-not-public").validateResource(args(publicEks) as never, report);
        expect(report.mock.calls).toEqual([["EKS API endpoint is public: vpcConfig.publicAccessCidrs contains 0.0.0.0/0", "urn:eks"]]);
    });

    it("a resource policy ignores other types", () => {
        const report = vi.fn();
        void byName("cluster-api-not-public").validateResource(args(F.gcsBucket) as never, report);
        expect(report).not.toHaveBeenCalled();
    });

    it("an unknown value behind the SDK's unknown-checking proxy throws UnknownValueError (the SDK reports it as advisory)", () => {
        const props = proxy.unknownCheckingProxy({ ...publicEks.inputs, vpcConfig: { endpointPublicAccess: proxy.unknownStringValue } });
        expect(() => byName("cluster-api-not-public").validateResource(args(publicEks, props) as never, vi.fn())).toThrow(proxy.UnknownValueError);
    });

    it("a stack policy joins resources and reports on the offending one", () => {
        const report = vi.fn();
        const resources = [F.eks].map((r) => ({ ...args(r), props: r.inputs }));
        void byName("cluster-network-policy-enforced").validateStack({ resources, getConfig: () => ({}), stackTags: new Map(), notApplicable: () => { throw new Error("n/a"); } } as never, report);
        expect(report.mock.calls).toEqual([["EKS has no vpc-cni add-on with enableNetworkPolicy", "urn:eks"]]);
    });

    it("the settings policy reports expired waivers", () => {
        const p = crossGuardPolicies("prod", { "policy-settings": { waivers: [{ rule: "cluster-api-not-public", urn: "urn:eks", reason: "temporary exception", expires: "2020-01-01" }] } }).find((x) => x.name === "policy-settings") as StackValidationPolicy;
        const report = vi.fn();
        void (p.validateStack as (a: never, r: typeof report) => void)({ resources: [], getConfig: () => ({}), stackTags: new Map(), notApplicable: () => { throw new Error("n/a"); } } as never, report);
        expect(report.mock.calls).toEqual([["waiver for cluster-api-not-public on urn:eks expired on 2020-01-01"]]);
    });

    it("the settings policy reports a config written for another environment", () => {
        const p = crossGuardPolicies("dev", {}).find((x) => x.name === "policy-settings") as StackValidationPolicy;
        const report = vi.fn();
        void (p.validateStack as (a: never, r: typeof report) => void)({ resources: [], getConfig: () => ({ environment: "prod" }), stackTags: new Map(), notApplicable: () => { throw new Error("n/a"); } } as never, report);
        expect(report.mock.calls).toEqual([["policy-settings.environment is prod but the pack runs as dev (set TRISTACK_ENVIRONMENT or use a <cloud>-<env> stack name)"]]);
    });

    it("takes the environment from the stack name's suffix, defaulting to prod", () => {
        expect([environmentFor("aws-dev"), environmentFor("gcp-prod"), environmentFor("local"), environmentFor(undefined)]).toEqual(["dev", "prod", "prod", "prod"]);
    });
});
