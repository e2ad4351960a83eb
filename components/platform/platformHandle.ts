import type * as pulumi from "@pulumi/pulumi";
import type { PlatformCertificates } from "./certManager";

/** What the platform layer hands to the data services. Cloud-blind. */
export interface PlatformHandle {
    /** Namespace names: the platform's and one per tenant (keyed by tenant name). */
    readonly namespaceNames: {
        readonly sparkOperator: string;
        readonly spark: string;
        readonly kafka: string;
        readonly cassandra: string;
        readonly monitoring: string;
        readonly tenants: Readonly<Record<string, string>>;
    };
    /** Storage class names. */
    readonly storageClasses: { readonly standard: string; readonly fast: string };
    /** PriorityClass names for platform operators, data services and batch work. */
    readonly priorityClasses: { readonly platform: string; readonly data: string; readonly batch: string };
    /** Monitoring: whether the Prometheus Operator CRDs (ServiceMonitor/PodMonitor) exist, and how to be picked up. */
    readonly monitoring: {
        readonly enabled: boolean;
        readonly namespace: string;
        /** Labels a ServiceMonitor/PodMonitor must carry for Prometheus to select it. */
        readonly monitorLabels: Readonly<Record<string, string>>;
        /** Labels a ConfigMap must carry for the Grafana sidecar to load it as a dashboard. */
        readonly dashboardLabels: Readonly<Record<string, string>>;
    };
    /**
     * Resources every data service waits for: storage classes, priority classes, the platform namespaces
     * and their guards, monitoring CRDs. Tenant namespaces are not in it (see {@link tenantReady}), so a
     * data service does not depend on every tenant's objects.
     */
    readonly ready: readonly pulumi.Resource[];
    /**
     * What a controller on the system and general pools (an operator, a Job on the control placement)
     * waits for: those pools and what every node needs (ClusterHandle.poolReady), not the other pools.
     */
    readonly controlReady: readonly pulumi.Resource[];
    /**
     * Per tenant (keyed by tenant name): its namespace and the objects that guard it (quota, limits,
     * network policies, RBAC, ServiceAccount). What goes into a tenant namespace waits for these only.
     */
    readonly tenantReady: Readonly<Record<string, readonly pulumi.Resource[]>>;
    /**
     * Local NVMe scratch of the pools that have it, keyed by pool name (pools without it are absent).
     * Contract for Spark: see docs/reference/platform-contract.md (local NVMe scratch); the data is lost with the node.
     */
    readonly localScratch: Readonly<Record<string, LocalScratch>>;
    /** Per tenant (keyed by tenant name): the workload ServiceAccount bound to the object store. */
    readonly tenantWorkloads: Readonly<Record<string, TenantWorkload>>;
    /** cert-manager, the platform CA and its trust bundle; present when Kafka or Cassandra is on (certManager.ts). */
    readonly certificates?: PlatformCertificates;
}

/** Local NVMe scratch on the nodes of one pool. */
export interface LocalScratch {
    /** Host path of the RAID-0 of the instance's NVMe disks (where the adapter mounted it). */
    readonly hostPath: string;
    /** Scratch size per node, GiB. */
    readonly sizeGiB: number;
}

/** A tenant's workload identity: the ServiceAccount its Spark jobs run as. */
export interface TenantWorkload {
    /** The tenant namespace (`team-<name>`). */
    readonly namespace: string;
    /** ServiceAccount name in that namespace, bound to the cloud identity. */
    readonly serviceAccount: string;
    /** Object-store prefix the identity may read and write (`team-<name>/`). */
    readonly objectStorePrefix: string;
    /** Labels every pod using the ServiceAccount must carry (e.g. `azure.workload.identity/use`). */
    readonly podLabels: Readonly<Record<string, string>>;
}
