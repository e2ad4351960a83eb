import { describe, expect, it } from "vitest";
import { once, run, stackSpec, type Recorded } from "../support/mocks";
import { meta, obj, platformObjects, policyNames } from "./helpers";
import { GPU_POOL, sparkOnlyProdWithGpu } from "./variantSpecs";

const RELEASE = "kubernetes:helm.sh/v3:Release";

const releases = (r: Recorded) =>
    platformObjects(r)
        .filter((x) => x.type === RELEASE)
        .map((x) => String(x.inputs["name"]))
        .sort();

/**
 * The local stack with [off] every service off (Spark, notebooks, Kafka, Cassandra) and monitoring off, and
 * [gpu] a GPU pool. The GPU pool adds only its device plugin (a release in kube-system, no namespace).
 */
const allOff = once(() => {
    const s = stackSpec("local");
    s["spark"] = { enabled: false }; // [off]
    s["notebooks"] = { enabled: false }; // [off] notebooks need Spark (the spec refuses them without it)
    s["kafka"] = { enabled: false }; // [off]
    s["cassandra"] = { enabled: false }; // [off]
    s["monitoring"] = { enabled: false }; // [off]
    (s["nodePools"] as Record<string, unknown>)["gpu"] = GPU_POOL; // [gpu]
    return run(s, { stack: "local" });
});

/**
 * The local stack as [prod] on three zones, Spark its only service, with [gpu] a GPU pool (monitoring on);
 * the same run test/platform/certManager.test.ts reads.
 */
const prodGpu = once(() => run(sparkOnlyProdWithGpu(), { stack: "local" }));

describe("platform on spec variants of the local stack", () => {
    it("creates no namespace for a disabled service, and no monitoring, but keeps the namespace names stable", async () => {
        // [off]
        const r = await allOff();
        expect(r.k8s("v1", "Namespace").map((x) => meta(x).name)).toEqual(["team-analytics"]);
        expect(policyNames(r, "team-analytics")).toEqual(["allow-dns", "allow-https-egress", "allow-same-namespace", "default-deny"]);
        // No release of a service or of monitoring; only the [gpu] pool's device plugin.
        expect(releases(r)).toEqual(["nvidia-device-plugin"]);
        expect(r.outputs["namespaces"]).toEqual({ sparkOperator: "spark-operator", spark: "spark", kafka: "kafka", cassandra: "cassandra", monitoring: "monitoring", tenants: { analytics: "team-analytics" } });
    });

    it("drops the SparkApplication rule from the tenant Role when Spark is off", async () => {
        // [off] (Spark)
        const r = await allOff();
        const rules = obj(r, "kubernetes:rbac.authorization.k8s.io/v1:Role", "tenant-edit", "team-analytics").inputs["rules"] as { apiGroups: string[] }[];
        expect(rules.flatMap((x) => x.apiGroups)).not.toContain("sparkoperator.k8s.io");
    });

    it("installs the device plugin and the DCGM exporter for a GPU pool, and gives the spark namespace the pool's GPUs", async () => {
        // [gpu] with monitoring on. The Prometheus Operator CRDs are their own release (monitoring.ts); no
        // cert-manager or trust-manager without Kafka, Cassandra or notebooks (certManager.ts).
        const r = await prodGpu();
        expect(releases(r)).toEqual(["dcgm-exporter", "kube-prometheus-stack", "nvidia-device-plugin", "prometheus-operator-crds"]);
        const hard = (obj(r, "kubernetes:core/v1:ResourceQuota", "tristack-quota", "spark").inputs["spec"] as { hard: Record<string, string> }).hard;
        expect(hard["requests.nvidia.com/gpu"]).toBe("2");
        // The GPU pool's shape joins the ceiling: 36 + 2 x 8 cores, 72 + 2 x 32 GiB.
        expect([hard["requests.cpu"], hard["requests.memory"]]).toEqual(["52", "136Gi"]);
    });

    it("installs no DCGM exporter when monitoring is off", async () => {
        // [gpu] with monitoring [off]: the device plugin, no exporter.
        expect(releases(await allOff())).toEqual(["nvidia-device-plugin"]);
    });

    it("protects and retains the namespaces and the monitoring release in prod, and reclaims volumes with Retain", async () => {
        // [prod]
        const r = await prodGpu();
        expect(r.k8s("v1", "Namespace").every((x) => x.protect && x.retainOnDelete)).toBe(true);
        expect(obj(r, RELEASE, "kube-prometheus-stack").protect).toBe(true);
        expect(obj(r, "kubernetes:storage.k8s.io/v1:StorageClass", "tristack-fast").inputs["reclaimPolicy"]).toBe("Retain");
    });
});
