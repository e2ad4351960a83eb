import type * as pulumi from "@pulumi/pulumi";

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
    /** Resources the data services must wait for (namespaces, storage classes, monitoring CRDs). */
    readonly ready: readonly pulumi.Resource[];
}
