import { beforeAll, describe, expect, it } from "vitest";
import { CASSANDRA_VERSIONS } from "../../../components/data/cassandra/versions";
import { run, type Recorded } from "../../support/mocks";
import { localSpec, zonedSpec } from "./specs";

const RELEASE = "kubernetes:helm.sh/v3:Release";

describe("Cassandra operators", () => {
    let dev: Recorded;
    let prod: Recorded;
    beforeAll(async () => {
        dev = await run(localSpec(), { stack: "local" });
        prod = await run(zonedSpec("prod"), { stack: "local" });
    });

    it("installs exactly two releases: cert-manager then k8ssandra-operator", () => {
        const names = dev.ofType(RELEASE).filter((r) => r.name.startsWith("tristack-local-cassandra")).map((r) => r.name);
        expect(names).toEqual(["tristack-local-cassandra-cert-manager", "tristack-local-cassandra-k8ssandra-operator"]);
    });

    it("pins cert-manager v1.21.1 from charts.jetstack.io into the cassandra namespace", () => {
        const cm = dev.one(RELEASE, "tristack-local-cassandra-cert-manager").inputs;
        expect(cm["chart"]).toBe("cert-manager");
        expect(cm["version"]).toBe("v1.21.1");
        expect(cm["version"]).toBe(CASSANDRA_VERSIONS.certManager.version);
        expect(cm["repositoryOpts"]).toEqual({ repo: "https://charts.jetstack.io" });
        expect(cm["namespace"]).toBe("cassandra");
    });

    it("installs cert-manager's CRDs and keeps them when the release goes", () => {
        const values = dev.one(RELEASE, "tristack-local-cassandra-cert-manager").inputs["values"] as Record<string, unknown>;
        expect(values["crds"]).toEqual({ enabled: true, keep: true });
    });

    it("pins k8ssandra-operator 1.32.5 from helm.k8ssandra.io/stable, with its CRDs, namespace-scoped", () => {
        const ko = dev.one(RELEASE, "tristack-local-cassandra-k8ssandra-operator").inputs;
        expect(ko["chart"]).toBe("k8ssandra-operator");
        expect(ko["version"]).toBe("1.32.5");
        expect(ko["repositoryOpts"]).toEqual({ repo: "https://helm.k8ssandra.io/stable" });
        expect(ko["namespace"]).toBe("cassandra");
        expect(ko["skipCrds"]).toBe(false);
        expect((ko["values"] as Record<string, unknown>)["global"]).toEqual({ clusterScoped: false });
    });

    it("installs k8ssandra-operator after cert-manager (its webhooks need certificates)", () => {
        const cm = dev.one(RELEASE, "tristack-local-cassandra-cert-manager");
        expect(dev.one(RELEASE, "tristack-local-cassandra-k8ssandra-operator").dependencies).toContain(cm.urn);
    });

    it("runs the operators on the general pool, not the data pool", () => {
        const values = dev.one(RELEASE, "tristack-local-cassandra-k8ssandra-operator").inputs["values"] as Record<string, Record<string, unknown>>;
        expect(values["nodeSelector"]).toEqual({ "tristack.io/pool": "general" });
        expect(values["cass-operator"]?.["nodeSelector"]).toEqual({ "tristack.io/pool": "general" });
        const cm = dev.one(RELEASE, "tristack-local-cassandra-cert-manager").inputs["values"] as Record<string, Record<string, unknown>>;
        expect(cm["global"]?.["nodeSelector"]).toEqual({ "tristack.io/pool": "general" });
    });

    it("labels cert-manager's ServiceMonitor for the platform's Prometheus", () => {
        const values = dev.one(RELEASE, "tristack-local-cassandra-cert-manager").inputs["values"] as Record<string, unknown>;
        expect(values["prometheus"]).toEqual({ enabled: true, servicemonitor: { enabled: true, labels: { release: "kube-prometheus-stack" } } });
    });

    it("protects and retains both releases in prod", () => {
        for (const r of prod.ofType(RELEASE).filter((x) => x.name.startsWith("tristack-local-cassandra"))) {
            expect([r.name, r.protect, r.retainOnDelete]).toEqual([r.name, true, true]);
        }
    });

    it("leaves the releases unprotected in dev", () => {
        for (const r of dev.ofType(RELEASE).filter((x) => x.name.startsWith("tristack-local-cassandra"))) {
            expect([r.name, r.protect, r.retainOnDelete]).toEqual([r.name, false, false]);
        }
    });
});
