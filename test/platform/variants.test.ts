import { describe, expect, it } from "vitest";
import { run, stackSpec } from "../support/mocks";
import { meta, obj, platformObjects, policyNames } from "./helpers";

const RELEASE = "kubernetes:helm.sh/v3:Release";

function local(patch: (s: Record<string, unknown>) => void): Record<string, unknown> {
    const spec = stackSpec("local");
    patch(spec);
    return spec;
}

const gpuPool = { role: "gpu", shape: { vCpu: 8, memoryGiB: 32 }, gpu: { model: "T4", count: 1 }, minNodes: 0, maxNodes: 2 };

describe("platform on spec variants of the local stack", () => {
    it("creates no namespace for a disabled service, and no monitoring, but keeps the namespace names stable", async () => {
        const r = await run(
            local((s) => {
                s["spark"] = { enabled: false };
                s["notebooks"] = { enabled: false }; // notebooks need Spark (the spec refuses them without it)
                s["kafka"] = { enabled: false };
                s["cassandra"] = { enabled: false };
                s["monitoring"] = { enabled: false };
            }),
            { stack: "local" },
        );
        expect(r.k8s("v1", "Namespace").map((x) => meta(x).name)).toEqual(["team-analytics"]);
        expect(policyNames(r, "team-analytics")).toEqual(["allow-dns", "allow-https-egress", "allow-same-namespace", "default-deny"]);
        expect(platformObjects(r).filter((x) => x.type === RELEASE)).toEqual([]);
        expect(r.outputs["namespaces"]).toEqual({ sparkOperator: "spark-operator", spark: "spark", kafka: "kafka", cassandra: "cassandra", monitoring: "monitoring", tenants: { analytics: "team-analytics" } });
    });

    it("drops the SparkApplication rule from the tenant Role when Spark is off", async () => {
        const r = await run(local((s) => void ((s["spark"] = { enabled: false }), (s["notebooks"] = { enabled: false }))), { stack: "local" });
        const rules = obj(r, "kubernetes:rbac.authorization.k8s.io/v1:Role", "tenant-edit", "team-analytics").inputs["rules"] as { apiGroups: string[] }[];
        expect(rules.flatMap((x) => x.apiGroups)).not.toContain("sparkoperator.k8s.io");
    });

    it("installs the device plugin and the DCGM exporter for a GPU pool, and gives the spark namespace the pool's GPUs", async () => {
        const r = await run(local((s) => void ((s["nodePools"] as Record<string, unknown>)["gpu"] = gpuPool)), { stack: "local" });
        // cert-manager and trust-manager come with the local stack's Kafka and Cassandra (certManager.ts); the
        // Prometheus Operator CRDs are their own release (monitoring.ts).
        expect(platformObjects(r).filter((x) => x.type === RELEASE).map((x) => String(x.inputs["name"])).sort()).toEqual(["cert-manager", "dcgm-exporter", "kube-prometheus-stack", "nvidia-device-plugin", "prometheus-operator-crds", "trust-manager"]);
        const hard = (obj(r, "kubernetes:core/v1:ResourceQuota", "tristack-quota", "spark").inputs["spec"] as { hard: Record<string, string> }).hard;
        expect(hard["requests.nvidia.com/gpu"]).toBe("2");
        // The GPU pool's shape joins the ceiling: 36 + 2 x 8 cores, 72 + 2 x 32 GiB.
        expect([hard["requests.cpu"], hard["requests.memory"]]).toEqual(["52", "136Gi"]);
    });

    it("installs no DCGM exporter when monitoring is off", async () => {
        const r = await run(
            local((s) => {
                (s["nodePools"] as Record<string, unknown>)["gpu"] = gpuPool;
                s["monitoring"] = { enabled: false };
            }),
            { stack: "local" },
        );
        expect(platformObjects(r).filter((x) => x.type === RELEASE).map((x) => String(x.inputs["name"])).sort()).toEqual(["cert-manager", "nvidia-device-plugin", "trust-manager"]);
    });

    it("protects and retains the namespaces and the monitoring release in prod, and reclaims volumes with Retain", async () => {
        const r = await run(
            local((s) => {
                s["environment"] = "prod";
                s["notebooks"] = { enabled: false };
                s["kafka"] = { enabled: false };
                s["cassandra"] = { enabled: false };
                s["zones"] = ["a", "b", "c"];
            }),
            { stack: "local" },
        );
        expect(r.k8s("v1", "Namespace").every((x) => x.protect && x.retainOnDelete)).toBe(true);
        expect(obj(r, RELEASE, "kube-prometheus-stack").protect).toBe(true);
        expect(obj(r, "kubernetes:storage.k8s.io/v1:StorageClass", "tristack-fast").inputs["reclaimPolicy"]).toBe("Retain");
    });
});
