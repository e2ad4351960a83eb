/**
 * The PlatformHandle the data services receive, built directly from the components under Pulumi's
 * mocks (the program run does not expose it).
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import type { ClusterHandle } from "../../components/clouds/clusterHandle";
import type { PlatformSpec } from "../../components/spec";
import { stackSpec } from "../support/mocks";

let parse: (raw: unknown) => PlatformSpec;
let clusterFor: (spec: PlatformSpec) => ClusterHandle;
let platformFor: (spec: PlatformSpec, cluster: ClusterHandle) => import("../../components/platform").PlatformHandle;

beforeAll(async () => {
    await pulumi.runtime.setMocks({ newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: () => ({}) }, "tristack", "test", false);
    const spec = await import("../../components/spec");
    const existing = await import("../../components/clouds/existing/existingCluster");
    const platform = await import("../../components/platform");
    parse = spec.parsePlatformSpec;
    clusterFor = (s) => new existing.ExistingCluster(s.name, { spec: s }).handle;
    platformFor = (s, c) => new platform.KubernetesPlatform(`${s.name}-platform`, { cluster: c, spec: s }).handle;
});

function localSpec(patch: (s: Record<string, unknown>) => void = () => undefined): PlatformSpec {
    const raw = stackSpec("local");
    patch(raw);
    return parse(raw);
}

describe("PlatformHandle", () => {
    it("names the namespaces, storage classes and priority classes of the contract", () => {
        const spec = localSpec();
        const h = platformFor(spec, clusterFor(spec));
        expect([h.namespaceNames, h.storageClasses, h.priorityClasses]).toEqual([
            { sparkOperator: "spark-operator", spark: "spark", kafka: "kafka", cassandra: "cassandra", monitoring: "monitoring", tenants: { analytics: "team-analytics" } },
            { standard: "tristack-standard", fast: "tristack-fast" },
            { platform: "tristack-platform", data: "tristack-data", batch: "tristack-batch" },
        ]);
    });

    it("tells the data services how monitors and dashboards are picked up", () => {
        const spec = localSpec();
        expect(platformFor(spec, clusterFor(spec)).monitoring).toEqual({ enabled: true, namespace: "monitoring", monitorLabels: { release: "kube-prometheus-stack" }, dashboardLabels: { grafana_dashboard: "1" } });
    });

    it("lists what to wait for: storage classes, priority classes, every platform namespace with its guards, and the monitoring release", () => {
        const spec = localSpec();
        // 2 classes + 3 priority classes + 6 namespaces (cert-manager is a platform namespace) + 6 quotas + 6 limit ranges
        // + 39 network policies (8 spark, 6 spark-operator, 6 kafka, 7 cassandra, 6 monitoring, 6 cert-manager) + release
        expect(platformFor(spec, clusterFor(spec)).ready.length).toBe(2 + 3 + 6 + 6 + 6 + 39 + 1);
    });

    it("lists per tenant what goes into its namespace waits for, and keeps tenants out of the shared list", () => {
        const spec = localSpec();
        const platform = platformFor(spec, clusterFor(spec));
        // namespace + quota + limit range + 7 network policies + ServiceAccount + 2 Roles + 2 RoleBindings
        // + the tenants' cluster view (ClusterRole + ClusterRoleBinding)
        expect(Object.keys(platform.tenantReady)).toEqual(["analytics"]);
        expect(platform.tenantReady["analytics"]!.length).toBe(1 + 1 + 1 + 7 + 1 + 2 + 2 + 2);
        expect(platform.ready.filter((r) => platform.tenantReady["analytics"]!.includes(r))).toEqual([]);
    });

    it("gives each tenant's workload identity: namespace, ServiceAccount, object-store prefix and pod labels", () => {
        const spec = localSpec();
        expect(platformFor(spec, clusterFor(spec)).tenantWorkloads).toEqual({ analytics: { namespace: "team-analytics", serviceAccount: "spark", objectStorePrefix: "team-analytics/", podLabels: {} } });
    });

    it("exposes the local NVMe scratch of the pools that have it, keyed by pool", () => {
        const spec = localSpec((s) => void ((s["nodePools"] as Record<string, Record<string, unknown>>)["general"]!["localNvme"] = true));
        const cluster = clusterFor(spec);
        expect(platformFor(spec, cluster).localScratch).toEqual({ general: { hostPath: cluster.pools["general"]!.localScratch!.hostPath, sizeGiB: cluster.pools["general"]!.localScratch!.sizeGiB } });
    });

    it("refuses GPU pools on a cluster whose nodes do not ship the NVIDIA driver", () => {
        const spec = localSpec((s) => void ((s["nodePools"] as Record<string, unknown>)["gpu"] = { role: "gpu", shape: { vCpu: 8, memoryGiB: 32 }, gpu: { model: "T4", count: 1 }, maxNodes: 1 }));
        const cluster: ClusterHandle = { ...clusterFor(spec), gpu: { driverProvidedByCloud: false, devicePluginProvidedByCloud: false } };
        expect(() => platformFor(spec, cluster)).toThrow(/does not provide the NVIDIA driver/);
    });
});
