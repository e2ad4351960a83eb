import type * as gcp from "./sdk";
import type * as pulumi from "@pulumi/pulumi";
import type { PlatformSpec } from "../../spec";
import type { ClusterNetwork } from "./network";

/**
 * Logs sent to Cloud Logging (CKV_GCP_1), set explicitly: GKE's default collects only system and
 * application (workload) logs, and API server, scheduler and controller manager logs only when asked
 * (https://cloud.google.com/kubernetes-engine/docs/concepts/about-logs, "What logs are collected").
 * Values from `ClusterLoggingConfig.enableComponents`, node_modules/@pulumi/gcp/types/input.d.ts.
 */
export const LOGGING_COMPONENTS = ["SYSTEM_COMPONENTS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER", "WORKLOADS"] as const;
/**
 * Metrics sent to Cloud Monitoring (CKV_GCP_8): system and control-plane components only, the ones
 * the in-cluster Prometheus cannot scrape on GKE. The kube-state-metrics packages (STORAGE, POD,
 * DEPLOYMENT, STATEFULSET, DAEMONSET, HPA) need Managed Service for Prometheus, which stays off
 * (https://cloud.google.com/kubernetes-engine/docs/how-to/configure-metrics#ksm, "Requirements");
 * the platform's kube-prometheus-stack already runs kube-state-metrics (docs/services/monitoring.md).
 * Values from `ClusterMonitoringConfig.enableComponents`, node_modules/@pulumi/gcp/types/input.d.ts (9.37).
 */
export const MONITORING_COMPONENTS = ["SYSTEM_COMPONENTS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER"] as const;

/**
 * Maintenance window: Saturdays and Sundays 03:00-09:00 UTC (12 h a week, above GKE's minimum of
 * 48 h in any 32 days with 4 h contiguous). The start date only anchors the recurrence.
 */
export const MAINTENANCE_WINDOW = { startTime: "2024-01-06T03:00:00Z", endTime: "2024-01-06T09:00:00Z", recurrence: "FREQ=WEEKLY;BYDAY=SA,SU" } as const;

/**
 * Where the cluster lives: regional (control plane replicated across the region's zones) except in
 * dev, which runs a cheaper zonal control plane in the first zone.
 * @param spec the validated spec
 */
export function clusterLocation(spec: PlatformSpec): string {
    const first = spec.zones[0];
    return spec.environment === "dev" && first !== undefined ? first : spec.region;
}

/** What {@link clusterArgs} needs besides the spec. */
export interface ControlPlaneContext {
    readonly network: ClusterNetwork;
    /** KMS key of application-layer secrets encryption. */
    readonly secretsKey: pulumi.Input<string>;
    /** Node service account (also for the short-lived default pool). */
    readonly nodeServiceAccount: pulumi.Input<string>;
    /** GCP labels. */
    readonly resourceLabels: Readonly<Record<string, string>>;
}

function authorizedNetworks(spec: PlatformSpec, network: ClusterNetwork): gcp.types.input.container.ClusterMasterAuthorizedNetworksConfig | undefined {
    const { mode, authorizedCidrs, openToInternet } = spec.apiAccess;
    // The explicit opt-in (dev/staging only; refused in prod by the spec): no authorized networks.
    if (mode === "public" && openToInternet) return undefined;
    const blocks = authorizedCidrs.map((cidrBlock, i) => ({ cidrBlock, displayName: `authorized-${i}` }));
    // A private IP endpoint (modes private and dns) is reachable from the node range and the listed
    // internal ranges; the node range is listed explicitly so runners placed in the VPC reach it.
    if (mode !== "public" && network.nodeCidr !== undefined && !authorizedCidrs.includes(network.nodeCidr)) blocks.push({ cidrBlock: network.nodeCidr, displayName: "vpc" });
    return { cidrBlocks: blocks, gcpPublicCidrsAccessEnabled: false };
}

/**
 * The DNS-based control-plane endpoint (`mode: dns`): a `*.gke.goog` name reachable from anywhere,
 * every request authorised by IAM (`container.clusters.connect`), while the IP endpoint stays
 * private. GKE docs, "About network isolation" / DNS-based endpoint
 * (https://cloud.google.com/kubernetes-engine/docs/concepts/network-isolation); field from
 * node_modules/@pulumi/gcp/types/input.d.ts `ClusterControlPlaneEndpointsConfigDnsEndpointConfig`
 * (@pulumi/gcp 9.37). The private IP endpoint + external DNS traffic combination is the one
 * terraform-google-modules/terraform-google-kubernetes-engine's private-cluster module sets
 * (PR #2334, "dns_allow_external_traffic on private clusters").
 * @param spec the validated spec
 */
export function controlPlaneEndpoints(spec: PlatformSpec): gcp.types.input.container.ClusterControlPlaneEndpointsConfig | undefined {
    if (spec.apiAccess.mode !== "dns") return undefined;
    return { dnsEndpointConfig: { allowExternalTraffic: true }, ipEndpointsConfig: { enabled: true } };
}

/**
 * The `gcp.container.Cluster` arguments: VPC-native, private nodes, private endpoint or authorized
 * networks, Workload Identity, Dataplane V2, shielded nodes, secrets encrypted with our KMS key,
 * logging/monitoring, cost allocation, release channel, maintenance window, no legacy auth, and the
 * default node pool removed (tristack's pools are separate resources).
 * @param name component (and cluster) name
 * @param spec the validated spec
 * @param ctx network, key, node account, labels
 * @internal
 */
export function clusterArgs(name: string, spec: PlatformSpec, ctx: ControlPlaneContext): gcp.container.ClusterArgs {
    const gcpSpec = spec.gcp;
    if (!gcpSpec) throw new Error("cloud gcp needs the gcp block (validated by the spec)");
    const prod = spec.environment === "prod";
    // The IP endpoint is public only in mode public; with dns the kubeconfig uses the DNS endpoint.
    const privateEndpoint = spec.apiAccess.mode !== "public";
    return {
        name,
        location: clusterLocation(spec),
        description: `tristack ${name} (${spec.environment})`,
        deletionProtection: prod,
        removeDefaultNodePool: true,
        initialNodeCount: 1,
        nodeConfig: {
            serviceAccount: ctx.nodeServiceAccount,
            oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
            shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
            workloadMetadataConfig: { mode: "GKE_METADATA" },
        },
        releaseChannel: { channel: gcpSpec.releaseChannel },
        minMasterVersion: spec.kubernetesVersion,
        network: ctx.network.network,
        subnetwork: ctx.network.subnetwork,
        networkingMode: "VPC_NATIVE",
        ipAllocationPolicy: { clusterSecondaryRangeName: ctx.network.podsRangeName, servicesSecondaryRangeName: ctx.network.servicesRangeName },
        defaultMaxPodsPerNode: 110,
        privateClusterConfig: {
            enablePrivateNodes: true,
            enablePrivateEndpoint: privateEndpoint,
            masterGlobalAccessConfig: privateEndpoint ? { enabled: true } : undefined,
        },
        masterAuthorizedNetworksConfig: authorizedNetworks(spec, ctx.network),
        controlPlaneEndpointsConfig: controlPlaneEndpoints(spec),
        masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
        enableLegacyAbac: false,
        enableShieldedNodes: true,
        workloadIdentityConfig: { workloadPool: `${gcpSpec.project}.svc.id.goog` },
        datapathProvider: "ADVANCED_DATAPATH",
        databaseEncryption: { state: "ENCRYPTED", keyName: ctx.secretsKey },
        authenticatorGroupsConfig: gcpSpec.securityGroup !== undefined ? { securityGroup: gcpSpec.securityGroup } : undefined,
        addonsConfig: {
            gcePersistentDiskCsiDriverConfig: { enabled: true },
            horizontalPodAutoscaling: { disabled: false },
            httpLoadBalancing: { disabled: false },
            // Dataplane V2 enforces NetworkPolicy itself; the Calico add-on stays off.
            networkPolicyConfig: { disabled: true },
        },
        loggingConfig: { enableComponents: [...LOGGING_COMPONENTS] },
        // One monitoring story on every cloud: the in-cluster kube-prometheus-stack; Managed Prometheus
        // would collect twice (docs/services/monitoring.md).
        monitoringConfig: { enableComponents: [...MONITORING_COMPONENTS], managedPrometheus: { enabled: false } },
        costManagementConfig: { enabled: true },
        maintenancePolicy: { recurringWindow: { ...MAINTENANCE_WINDOW } },
        resourceLabels: { ...ctx.resourceLabels },
    };
}
