/**
 * cert-manager and trust-manager are a platform component (components/platform/certManager.ts): installed
 * once, in their own namespace, whenever Kafka or Cassandra is on, with the platform CA and the Bundle that
 * copies it into every tristack namespace; on `cloud: existing` the spec can say the cluster already runs them.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { caBundleSpec, CA_TARGET_SELECTOR, PLATFORM_CA } from "../../components/platform/certManager";
import { PLATFORM_VERSIONS } from "../../components/platform/versions";
import { parsePlatformSpec, SpecError } from "../../components/spec";
import { run, stackSpec, type Recorded } from "../support/mocks";
import { validateCustomResource } from "../support/schemas";
import { localMonitoringOffRepairsOffCertManagerAdopted, zonedKafkaAndCassandra } from "../data/variantSpecs";
import { sparkOnlyProdWithGpu } from "./variantSpecs";

type Obj = Record<string, unknown>;
const RELEASE = "kubernetes:helm.sh/v3:Release";
const CERT = "kubernetes:cert-manager.io/v1:Certificate";
const CLUSTER_ISSUER = "kubernetes:cert-manager.io/v1:ClusterIssuer";
const BUNDLE = "kubernetes:trust.cert-manager.io/v1alpha1:Bundle";
const NS = "kubernetes:core/v1:Namespace";

function problemsAt(spec: unknown, key: string): { path: string; value: string; expected: string }[] {
    try {
        parsePlatformSpec(spec);
    } catch (err) {
        expect(err).toBeInstanceOf(SpecError);
        return (err as SpecError).problems.filter((p) => p.path === key);
    }
    return [];
}

describe("cert-manager as a platform component", () => {
    let local: Recorded;
    let spark: Recorded;
    let trustOnly: Recorded;
    let none: Recorded;
    beforeAll(async () => {
        local = await run(stackSpec("local"), { stack: "local" });
        // The local stack with Spark its only service (no Kafka, Cassandra or notebooks: the hub's TLS
        // certificate comes from the platform CA); as prod with a GPU pool, the variant
        // test/platform/variants.test.ts runs too, so both files share one run (issue 15).
        spark = await run(sparkOnlyProdWithGpu(), { stack: "local" });
        // install: trust-manager, in the zoned dev variant the Kafka and Cassandra tests run (issue 15: shared).
        trustOnly = await run(zonedKafkaAndCassandra("dev"), { stack: "local" });
        // install: none, in the variant the data-service tests also run (monitoring and Cassandra repairs
        // off, which decide nothing of cert-manager), so the files share one run (issue 15).
        none = await run(localMonitoringOffRepairsOffCertManagerAdopted(), { stack: "local" });
    });
    const release = (r: Recorded, chart: string) => r.one(RELEASE, `tristack-local-platform-${chart}`);

    it("installs cert-manager and trust-manager once, from charts.jetstack.io, into the cert-manager namespace", () => {
        const charts = local.ofType(RELEASE).filter((r) => ["cert-manager", "trust-manager"].includes(String(r.inputs["chart"])));
        expect(charts.map((r) => [r.name, r.inputs["chart"], r.inputs["version"], r.inputs["namespace"], r.inputs["repositoryOpts"]]).sort()).toEqual([
            ["tristack-local-platform-cert-manager", "cert-manager", PLATFORM_VERSIONS.certManager.version, "cert-manager", { repo: "https://charts.jetstack.io" }],
            ["tristack-local-platform-trust-manager", "trust-manager", PLATFORM_VERSIONS.trustManager.version, "cert-manager", { repo: "https://charts.jetstack.io" }],
        ]);
        expect(local.ofType(NS).map((n) => (n.inputs["metadata"] as Obj)["name"])).toContain("cert-manager");
    });

    it("keeps both charts' CRDs when a release goes, and installs trust-manager after cert-manager", () => {
        for (const chart of ["cert-manager", "trust-manager"]) expect((release(local, chart).inputs["values"] as Obj)["crds"]).toEqual({ enabled: true, keep: true });
        expect(release(local, "trust-manager").dependencies).toContain(release(local, "cert-manager").urn);
    });

    it("makes trust-manager's trust namespace cert-manager's namespace, with ConfigMap targets only", () => {
        const values = release(local, "trust-manager").inputs["values"] as Obj;
        expect((values["app"] as Obj)["trust"]).toEqual({ namespace: "cert-manager" });
        expect(values["secretTargets"]).toEqual({ enabled: false });
        expect(values["defaultPackage"]).toEqual({ enabled: false });
    });

    it("installs nothing of cert-manager on a platform without Kafka, Cassandra or notebooks", () => {
        expect(spark.ofType(RELEASE).filter((r) => ["cert-manager", "trust-manager"].includes(String(r.inputs["chart"])))).toEqual([]);
        expect(spark.ofType(NS).map((n) => (n.inputs["metadata"] as Obj)["name"])).not.toContain("cert-manager");
        expect(spark.ofType(BUNDLE)).toEqual([]);
    });

    it("registers cert-manager objects that validate against cert-manager v1.21.1's CRDs", () => {
        const objects = local.resources.filter((x) => x.type.startsWith("kubernetes:cert-manager.io/"));
        expect(objects.length).toBeGreaterThan(0);
        for (const x of objects) expect([x.name, validateCustomResource(x.inputs)]).toEqual([x.name, []]);
        // The CRD is the judge: a misspelt field fails.
        const root = local.one(CERT, "tristack-local-platform-ca").inputs;
        expect(validateCustomResource({ ...root, spec: { ...(root["spec"] as Obj), privateKey: { algorithm: "ECDSA", size: 256, rotation: "Never" } } })).not.toEqual([]);
    });

    it("creates the platform CA: a self-signed root in cert-manager's namespace and a ClusterIssuer signing with it", () => {
        const root = local.one(CERT, "tristack-local-platform-ca");
        expect((root.inputs["metadata"] as Obj)["namespace"]).toBe("cert-manager");
        expect(root.inputs["spec"]).toMatchObject({ isCA: true, secretName: PLATFORM_CA, privateKey: { rotationPolicy: "Never" }, issuerRef: { kind: "ClusterIssuer", name: "tristack-selfsigned" } });
        expect(local.ofType(CLUSTER_ISSUER).map((i) => [(i.inputs["metadata"] as Obj)["name"], i.inputs["spec"]]).sort()).toEqual([
            [PLATFORM_CA, { ca: { secretName: PLATFORM_CA } }],
            ["tristack-selfsigned", { selfSigned: {} }],
        ]);
    });

    it("delivers the CA into every tristack namespace with a Bundle that validates against trust-manager's CRD", () => {
        const bundle = local.one(BUNDLE);
        expect(validateCustomResource(bundle.inputs)).toEqual([]);
        expect(bundle.inputs["spec"]).toEqual({ sources: [{ secret: { name: PLATFORM_CA, key: "ca.crt" } }], target: { configMap: { key: "ca.crt" }, namespaceSelector: { matchLabels: { "app.kubernetes.io/part-of": "tristack" } } } });
        // Every namespace the platform creates (tenants included) carries the label the Bundle selects.
        for (const ns of local.ofType(NS)) expect([(ns.inputs["metadata"] as Obj)["name"], ((ns.inputs["metadata"] as Obj)["labels"] as Obj)["app.kubernetes.io/part-of"]]).toEqual([(ns.inputs["metadata"] as Obj)["name"], CA_TARGET_SELECTOR.matchLabels["app.kubernetes.io/part-of"]]);
    });

    it("rejects a Bundle source outside trust-manager's schema (the CRD is the judge, not the mocks)", () => {
        const bad = { apiVersion: "trust.cert-manager.io/v1alpha1", kind: "Bundle", metadata: { name: "x" }, spec: { ...caBundleSpec("x"), sources: [{ secret: { name: "x", key: "ca.crt", namespace: "kafka" } }] } };
        expect(validateCustomResource(bad)).not.toEqual([]);
    });

    it("with install: trust-manager, installs only trust-manager, into the existing cert-manager's namespace", () => {
        const charts = trustOnly.ofType(RELEASE).filter((r) => ["cert-manager", "trust-manager"].includes(String(r.inputs["chart"])));
        expect(charts.map((r) => [r.inputs["chart"], r.inputs["namespace"]])).toEqual([["trust-manager", "security"]]);
        expect(trustOnly.ofType(NS).map((n) => (n.inputs["metadata"] as Obj)["name"])).not.toContain("security");
        expect(trustOnly.one(CERT, "tristack-local-platform-ca").inputs["metadata"]).toMatchObject({ namespace: "security" });
    });

    it("with install: none, installs neither chart but still creates the CA and the Bundle", () => {
        expect(none.ofType(RELEASE).filter((r) => ["cert-manager", "trust-manager"].includes(String(r.inputs["chart"])))).toEqual([]);
        expect(none.ofType(BUNDLE).length).toBe(1);
        expect(none.one(CERT, "tristack-local-platform-ca").inputs["metadata"]).toMatchObject({ namespace: "security" });
    });

    it("refuses adopting cert-manager on a cluster the program creates", () => {
        const spec = { ...stackSpec("aws-dev"), certManager: { install: "none" } };
        expect(problemsAt(spec, "certManager.install").map((p) => p.expected)).toEqual([
            `"none" is only for cloud "existing": on aws this program creates the cluster, so nothing else runs cert-manager on it; use "both"`,
        ]);
    });

    it("refuses a platform namespace as cert-manager's namespace", () => {
        expect(problemsAt({ ...stackSpec("local"), certManager: { namespace: "kafka" } }, "certManager.namespace").map((p) => p.expected)).toEqual([
            `"kafka" is a platform or tenant namespace; cert-manager needs its own (e.g. "cert-manager")`,
        ]);
    });
});
