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

    it("installs exactly one release for Cassandra: k8ssandra-operator (cert-manager is the platform's)", () => {
        const names = dev.ofType(RELEASE).filter((r) => r.name.startsWith("tristack-local-cassandra")).map((r) => r.name);
        expect(names).toEqual(["tristack-local-cassandra-k8ssandra-operator"]);
        expect(CASSANDRA_VERSIONS).not.toHaveProperty("certManager");
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

    it("installs k8ssandra-operator after the platform's cert-manager (its chart renders cert-manager objects for its webhooks), not after trust-manager (issue 25)", () => {
        const deps = dev.one(RELEASE, "tristack-local-cassandra-k8ssandra-operator").dependencies;
        expect(deps).toContain(dev.one(RELEASE, "tristack-local-platform-cert-manager").urn);
        expect(deps).not.toContain(dev.one(RELEASE, "tristack-local-platform-trust-manager").urn);
    });

    it("runs the operators on the general pool, not the data pool", () => {
        const values = dev.one(RELEASE, "tristack-local-cassandra-k8ssandra-operator").inputs["values"] as Record<string, Record<string, unknown>>;
        expect(values["nodeSelector"]).toEqual({ "tristack.io/pool": "general" });
        expect(values["cass-operator"]?.["nodeSelector"]).toEqual({ "tristack.io/pool": "general" });
    });

    it("protects and retains the release in prod", () => {
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
