import * as pulumi from "@pulumi/pulumi";
import type { ClusterHandle } from "../clouds/clusterHandle";
import { PLATFORM_NAMESPACES, STORAGE_CLASSES, tenantNamespace, type PlatformSpec } from "../spec";
import type { PlatformHandle } from "./platformHandle";

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

    constructor(name: string, args: KubernetesPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tristack:platform:KubernetesPlatform", name, {}, opts);
        const { spec } = args;
        this.handle = {
            namespaceNames: {
                ...PLATFORM_NAMESPACES,
                tenants: Object.fromEntries(Object.keys(spec.tenants).map((t) => [t, tenantNamespace(t)])),
            },
            storageClasses: { ...STORAGE_CLASSES },
            priorityClasses: { platform: "tristack-platform", data: "tristack-data", batch: "tristack-batch" },
            monitoring: { enabled: spec.monitoring.enabled, namespace: PLATFORM_NAMESPACES.monitoring, monitorLabels: { release: "kube-prometheus-stack" }, dashboardLabels: { grafana_dashboard: "1" } },
            ready: [],
        };
        this.registerOutputs({});
    }
}
