import { beforeAll, describe, expect, it } from "vitest";
import { KAFKA_VERSIONS } from "../../../components/data/kafka/versions";
import { run, type Recorded } from "../../support/mocks";
import { localSpec, zonedSpec } from "./specs";

const RELEASE = "kubernetes:helm.sh/v3:Release";
type Obj = Record<string, unknown>;

describe("Strimzi operator", () => {
    let dev: Recorded;
    let prod: Recorded;
    beforeAll(async () => {
        dev = await run(localSpec(), { stack: "local" });
        prod = await run(zonedSpec("prod"), { stack: "local" });
    });
    const release = (r: Recorded) => r.one(RELEASE, "tristack-local-kafka-strimzi");
    const values = (r: Recorded) => release(r).inputs["values"] as Obj;

    it("installs exactly one release for Kafka", () => {
        expect(dev.ofType(RELEASE).filter((r) => r.name.startsWith("tristack-local-kafka")).map((r) => r.name)).toEqual(["tristack-local-kafka-strimzi"]);
    });

    it("pins strimzi-kafka-operator 1.2.0 from strimzi.io/charts into the kafka namespace", () => {
        const inputs = release(dev).inputs;
        expect(inputs["chart"]).toBe("strimzi-kafka-operator");
        expect(inputs["version"]).toBe("1.2.0");
        expect(inputs["version"]).toBe(KAFKA_VERSIONS.strimzi.version);
        expect(inputs["repositoryOpts"]).toEqual({ repo: "https://strimzi.io/charts/" });
        expect(inputs["namespace"]).toBe("kafka");
        expect(inputs["name"]).toBe("strimzi-cluster-operator");
    });

    it("installs the CRDs from the chart's crds/ folder (Helm never deletes them)", () => {
        expect(release(dev).inputs["skipCrds"]).toBe(false);
    });

    it("watches only the kafka namespace: tenants have no kafka.strimzi.io rights, so the operator gets none over their namespaces", () => {
        expect(values(dev)["watchNamespaces"]).toEqual(["kafka"]);
        expect(values(prod)["watchNamespaces"]).toEqual(["kafka"]);
        expect(values(dev)["watchAnyNamespace"]).toBe(false);
        const tenantRules = dev.ofType("kubernetes:rbac.authorization.k8s.io/v1:Role").filter((r) => (r.inputs["metadata"] as Obj)["name"] === "tenant-edit");
        expect(tenantRules.length).toBeGreaterThan(0);
        for (const role of tenantRules) for (const rule of role.inputs["rules"] as { apiGroups: string[] }[]) expect(rule.apiGroups).not.toContain("kafka.strimzi.io");
    });

    it("runs the operator on the general pool with the platform PriorityClass", () => {
        expect(values(dev)["nodeSelector"]).toEqual({ "tristack.io/pool": "general" });
        expect(values(dev)["tolerations"]).toEqual([]);
        expect(values(dev)["priorityClassName"]).toBe("tristack-platform");
    });

    it("sets the operator's requests and a memory limit equal to the request", () => {
        expect(values(dev)["resources"]).toEqual({ requests: { cpu: "200m", memory: "384Mi" }, limits: { cpu: "1", memory: "384Mi" } });
    });

    it("waits for the platform (namespaces, storage classes)", () => {
        const ns = dev.resources.find((r) => r.type === "kubernetes:core/v1:Namespace" && (r.inputs["metadata"] as Obj)["name"] === "kafka")!;
        expect(release(dev).dependencies).toContain(ns.urn);
    });

    it("protects and retains the release in prod", () => {
        expect([release(prod).protect, release(prod).retainOnDelete]).toEqual([true, true]);
    });

    it("leaves the release unprotected in dev", () => {
        expect([release(dev).protect, release(dev).retainOnDelete]).toEqual([false, false]);
    });
});
