import { describe, expect, it } from "vitest";
import type { PlanDocument, PlanResource } from "../../components/plan/artifacts";
import { compareParity, flatten, renderParity, type ParityCloud } from "../../components/plan/parity";
import { PARITY_ALLOW_LIST } from "../../components/plan/parityAllowList";
import { planDocumentFor } from "../../components/plan/planStack";
import { readStack } from "../../components/plan/stacks";

function resource(kind: string, inputs: Record<string, unknown>, layer = "tristack:platform:KubernetesPlatform"): PlanResource {
    const name = String((inputs["metadata"] as { name: string }).name);
    return { type: `kubernetes:core/v1:${kind}`, name, urn: `urn:pulumi:s::tristack::${layer}$kubernetes:core/v1:${kind}::${name}`, custom: true, inputs, dependencies: [], protect: false, retainOnDelete: false };
}

function doc(cloud: ParityCloud, resources: PlanResource[], pools: Record<string, unknown> = {}): PlanDocument {
    return {
        stack: `${cloud}-dev`,
        cloud,
        environment: "dev",
        summary: { resources: resources.length, byType: {}, protected: 0 },
        resources,
        outputs: { pools },
        policy: { mandatoryViolations: 0, advisoryFindings: 0, findings: [] },
    };
}

const ns = (labels: Record<string, string>) => resource("Namespace", { apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a", labels } });

describe("parity comparison", () => {
    it("flattens nested values to dotted paths; empty containers count as absent", () => {
        expect([...flatten({ a: { b: [1, { c: "x" }] }, d: {}, e: [] })]).toEqual([
            ["a.b[0]", 1],
            ["a.b[1].c", "x"],
        ]);
    });

    it("keys arrays of objects by key or name, so an extra element does not shift the others", () => {
        expect([...flatten({ taints: [{ key: "a", effect: "NoSchedule" }], containers: [{ name: "x", image: "i:1" }] })]).toEqual([
            ["taints[key=a].key", "a"],
            ["taints[key=a].effect", "NoSchedule"],
            ["containers[name=x].name", "x"],
            ["containers[name=x].image", "i:1"],
        ]);
    });

    it("compares embedded YAML documents and key-value config files field by field", () => {
        const conf = "spark.eventLog.enabled true\nspark.eventLog.dir s3a://b/spark-events/\n";
        const yaml = "spec:\n  nodeSelector:\n    tristack.io/pool: bigcpu\n";
        expect([...flatten({ data: { "spark-defaults.conf": conf, "pod.yaml": yaml, "one-line": "a b" } })]).toEqual([
            ["data.spark-defaults.conf>spark.eventLog.enabled", "true"],
            ["data.spark-defaults.conf>spark.eventLog.dir", "s3a://b/spark-events/"],
            ["data.pod.yaml>spec.nodeSelector.tristack.io/pool", "bigcpu"],
            ["data.one-line", "a b"],
        ]);
    });

    it("finds nothing when the three clouds agree", () => {
        const r = compareParity({ aws: doc("aws", [ns({ a: "1" })]), gcp: doc("gcp", [ns({ a: "1" })]), azure: doc("azure", [ns({ a: "1" })]) });
        expect(r).toEqual({ objects: 1, allowed: [], violations: [] });
    });

    it("fails a difference the allow-list does not explain, naming object, path and values", () => {
        const r = compareParity({ aws: doc("aws", [ns({ a: "1" })]), gcp: doc("gcp", [ns({ a: "2" })]), azure: doc("azure", [ns({ a: "1" })]) });
        expect(r.violations).toEqual([{ object: "Namespace /team-a", path: "metadata.labels.a", values: { aws: "1", gcp: "2", azure: "1" } }]);
        expect(renderParity("dev", r)).toContain("| Namespace /team-a | metadata.labels.a | `1` | `2` | `1` |");
    });

    it("fails an object that exists on only some clouds", () => {
        const r = compareParity({ aws: doc("aws", [ns({})]), gcp: doc("gcp", []), azure: doc("azure", [ns({})]) });
        expect(r.violations).toEqual([{ object: "Namespace /team-a", path: "(object)", values: { aws: "present", gcp: undefined, azure: "present" } }]);
    });

    it("ignores Kubernetes objects the cloud adapters add (outside the platform and data layers)", () => {
        const autoscaler = resource("ConfigMap", { metadata: { name: "cluster-autoscaler-status" } }, "tristack:aws:EksCluster");
        const r = compareParity({ aws: doc("aws", [autoscaler]), gcp: doc("gcp", []), azure: doc("azure", []) });
        expect(r).toEqual({ objects: 0, allowed: [], violations: [] });
    });

    it("allows the listed per-cloud fields and gives the reason", () => {
        const pool = (instanceType: string) => ({ general: { role: "general", instanceType, labels: { "tristack.io/pool": "general" } } });
        const r = compareParity({ aws: doc("aws", [], pool("m7i.2xlarge")), gcp: doc("gcp", [], pool("n2-standard-8")), azure: doc("azure", [], pool("Standard_D8s_v5")) });
        expect(r.violations).toEqual([]);
        expect(r.allowed).toEqual([{ object: "pool/general", path: "instanceType", values: { aws: "m7i.2xlarge", gcp: "n2-standard-8", azure: "Standard_D8s_v5" }, reason: PARITY_ALLOW_LIST[0]!.reason }]);
    });

    it("every allow-list entry has a reason", () => {
        for (const a of PARITY_ALLOW_LIST) expect(a.reason.length).toBeGreaterThan(20);
    });
});

describe.each(["dev", "prod"])("the real %s plans of aws, gcp and azure", (env) => {
    it("are identical in the Kubernetes layer apart from the allow-list", async () => {
        const plans = {
            aws: (await planDocumentFor(`aws-${env}`, { cache: true })).doc,
            gcp: (await planDocumentFor(`gcp-${env}`, { cache: true })).doc,
            azure: (await planDocumentFor(`azure-${env}`, { cache: true })).doc,
        };
        const r = compareParity(plans);
        expect(r.objects).toBeGreaterThan(6);
        expect(r.violations).toEqual([]);
    });
});

describe("the dev plans with Kafka's external listener on", () => {
    it("differ only in each cloud's internal-load-balancer annotations, which the allow-list explains", async () => {
        // The committed dev stacks turn the listener on; their plans, as the test above reads them, are compared.
        const plan = async (cloud: ParityCloud) => {
            expect((readStack(`${cloud}-dev`).spec as { kafka: Record<string, unknown> }).kafka["externalListener"]).toBe(true);
            return (await planDocumentFor(`${cloud}-dev`, { cache: true })).doc;
        };
        const r = compareParity({ aws: await plan("aws"), gcp: await plan("gcp"), azure: await plan("azure") });
        expect(r.violations).toEqual([]);
        expect(r.allowed.filter((a) => a.path.includes("listeners[name=external]")).length).toBeGreaterThanOrEqual(2);
    });
});
