import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterHandle } from "../clouds/clusterHandle";
import { isControlPool } from "../clouds/poolOrder";
import { podReady } from "../clouds/readiness";
import { PLATFORM_NAMESPACES, STORAGE_CLASSES, tenantNamespace, type PlatformSpec } from "../spec";
import { createCertManager } from "./certManager";
import { createGpuEnablement, type GpuEnablementReleases } from "./gpu";
import { createMonitoring, DASHBOARD_LABELS, MONITOR_LABELS } from "./monitoring";
import { createNamespace } from "./namespaces";
import type { NetworkContext } from "./networkPolicies";
import { certManagerNeeded, platformPlans, tenantPlan } from "./plans";
import type { LocalScratch, PlatformHandle, TenantWorkload } from "./platformHandle";
import { createPriorityClasses, PRIORITY_CLASSES } from "./priorityClasses";
import { createStorageClasses } from "./storageClasses";
import { createTenant, createTenantClusterView, tenantSubjects } from "./tenants";

/** Arguments of {@link KubernetesPlatform}. */
export interface KubernetesPlatformArgs {
    /** The cluster to build on. */
    readonly cluster: ClusterHandle;
    /** The validated spec (tenants, monitoring, environment). */
    readonly spec: PlatformSpec;
}

/**
 * The cloud-neutral Kubernetes layer: storage classes, GPU enablement, namespaces and tenants,
 * priority classes and monitoring. Takes only the ClusterHandle; never looks at the cloud.
 */
export class KubernetesPlatform extends pulumi.ComponentResource {
    /** What the data services build on. */
    public readonly handle: PlatformHandle;
    /** GPU releases, when the cluster has GPU pools. */
    public readonly gpu: GpuEnablementReleases;

    constructor(name: string, args: KubernetesPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tristack:platform:KubernetesPlatform", name, {}, opts);
        const { cluster, spec } = args;
        const prod = spec.environment === "prod";
        // Only real dependencies (issue 25), four option sets: apiOpts for objects that start no pods
        // (namespaces and their guards, storage and priority classes, RBAC, Secrets, CRDs), applied while the
        // node pools are created; controlOpts for controllers on the system/general pools (the releases);
        // monitoringOpts for kube-prometheus-stack on those pools; podOpts (every pool) for anything else that
        // runs pods, e.g. the GPU agents.
        const apiOpts: pulumi.CustomResourceOptions = { provider: cluster.provider, parent: this, dependsOn: [...cluster.apiReady] };
        const podOpts: pulumi.CustomResourceOptions = { provider: cluster.provider, parent: this, dependsOn: [...cluster.readyResources] };
        // The platform's controllers run on the system and general pools (common.ts controlPlacement): they
        // wait for those pools, not for the data, GPU and batch pools GKE and AKS create after them.
        // Their nodes, not cluster DNS or the CSI driver: cert-manager, trust-manager and the operators talk to
        // the API server only (components/clouds/readiness.ts). Monitoring also waits for both: Prometheus holds
        // a volume, Grafana's datasource and Prometheus' Alertmanager are Service names.
        const controlPoolNames = Object.values(cluster.pools).filter(isControlPool).map((p) => p.name);
        const controlReady = podReady(cluster, controlPoolNames);
        const controlOpts: pulumi.CustomResourceOptions = { provider: cluster.provider, parent: this, dependsOn: controlReady };
        const monitoringOpts: pulumi.CustomResourceOptions = { provider: cluster.provider, parent: this, dependsOn: podReady(cluster, controlPoolNames, { dns: true, volumes: true }) };

        const storage = createStorageClasses(name, cluster.storage, spec.environment, apiOpts);
        const priorityClasses = createPriorityClasses(name, apiOpts);

        const tenantNames = Object.keys(spec.tenants);
        const network: NetworkContext = {
            services: { spark: spec.spark.enabled, kafka: spec.kafka.enabled, cassandra: spec.cassandra.enabled, monitoring: spec.monitoring.enabled },
            tenantNamespaces: tenantNames.map(tenantNamespace),
            network: cluster.network,
            objectStore: cluster.objectStore.endpoint,
        };
        const platformNamespaces = platformPlans(spec, cluster.pools).map((plan) => ({ plan, created: createNamespace(name, plan, network, apiOpts, prod) }));
        const tenants = tenantNames.map((tenant) =>
            createTenant(
                name,
                { tenant, subjects: tenantSubjects(cluster, tenant), plan: tenantPlan(tenant, spec), network, objectStore: cluster.objectStore, spark: spec.spark.enabled, keep: prod },
                this,
                apiOpts,
            ),
        );

        const clusterView = createTenantClusterView(name, tenantNames.flatMap((t) => tenantSubjects(cluster, t)), apiOpts);

        const monitoringNs = platformNamespaces.find((n) => n.plan.name === PLATFORM_NAMESPACES.monitoring);
        const monitoring = monitoringNs
            ? createMonitoring(
                  name,
                  { settings: spec.monitoring, priorityClassName: PRIORITY_CLASSES.platform.name, scrapeTargets: cluster.scrapeTargets, namespace: monitoringNs.plan.name, keep: prod },
                  this,
                  {
                      objects: pulumi.mergeOptions(apiOpts, { dependsOn: [monitoringNs.created.namespace, ...monitoringNs.created.guards] }),
                      workloads: pulumi.mergeOptions(monitoringOpts, { dependsOn: [monitoringNs.created.namespace, ...monitoringNs.created.guards, storage.classes.standard, ...priorityClasses] }),
                  },
              )
            : undefined;

        const certNs = platformNamespaces.find((n) => n.plan.role === "cert-manager");
        const certificates = certManagerNeeded(spec)
            ? createCertManager(
                  name,
                  { ...spec.certManager, priorityClassName: PRIORITY_CLASSES.platform.name, keep: prod, caCommonName: spec.name, ...(monitoring ? { monitorLabels: MONITOR_LABELS } : {}) },
                  // Its charts render ServiceMonitors when monitoring is on: they need the Prometheus Operator
                  // CRDs, not Prometheus itself.
                  pulumi.mergeOptions(controlOpts, { dependsOn: [...(certNs ? [certNs.created.namespace, ...certNs.created.guards] : []), ...priorityClasses, ...(monitoring ? [monitoring.crds] : [])] }),
              )
            : undefined;

        const hasGpuPools = Object.values(cluster.pools).some((p) => p.role === "gpu");
        this.gpu = hasGpuPools ? createGpuEnablement(name, { gpu: cluster.gpu, pools: Object.values(cluster.pools), ...(monitoring ? { monitoring: { monitorLabels: MONITOR_LABELS, after: monitoring.crds } } : {}) }, podOpts) : {};

        const localScratch: Record<string, LocalScratch> = {};
        for (const pool of Object.values(cluster.pools)) if (pool.localScratch) localScratch[pool.name] = { hostPath: pool.localScratch.hostPath, sizeGiB: pool.localScratch.sizeGiB };
        const tenantWorkloads: Record<string, TenantWorkload> = Object.fromEntries(tenantNames.map((t, i) => [t, tenants[i]!.workload]));
        const ready: pulumi.Resource[] = [
            ...Object.values(storage.classes),
            ...priorityClasses,
            ...platformNamespaces.flatMap((n) => [n.created.namespace, ...n.created.guards]),
            // A data service's ServiceMonitors and PodMonitors need the CRDs, not the kube-prometheus-stack release.
            ...(monitoring ? [monitoring.crds] : []),
        ];
        const tenantReady = Object.fromEntries(tenantNames.map((t, i) => [t, [tenants[i]!.namespace, ...tenants[i]!.guards, ...clusterView]]));
        this.handle = {
            namespaceNames: {
                ...PLATFORM_NAMESPACES,
                tenants: Object.fromEntries(tenantNames.map((t) => [t, tenantNamespace(t)])),
            },
            storageClasses: { ...STORAGE_CLASSES },
            priorityClasses: { platform: PRIORITY_CLASSES.platform.name, data: PRIORITY_CLASSES.data.name, batch: PRIORITY_CLASSES.batch.name },
            monitoring: { enabled: spec.monitoring.enabled, namespace: PLATFORM_NAMESPACES.monitoring, monitorLabels: { ...MONITOR_LABELS }, dashboardLabels: { ...DASHBOARD_LABELS } },
            ready,
            controlReady,
            tenantReady,
            localScratch,
            tenantWorkloads,
            ...(certificates ? { certificates } : {}),
        };
        const namespaces: k8s.core.v1.Namespace[] = [...platformNamespaces.map((n) => n.created.namespace), ...tenants.map((t) => t.namespace)];
        this.registerOutputs({ namespaces: namespaces.map((n) => n.metadata.name), storageClasses: this.handle.storageClasses, tenantWorkloads });
    }
}
