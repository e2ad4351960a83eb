import type * as containerservice from "@pulumi/azure-native/containerservice";
import type * as inputs from "@pulumi/azure-native/types/input";
import type * as pulumi from "@pulumi/pulumi";
import type { PlatformSpec } from "../../spec";
import type { OutboundType } from "./network";
import { dnsServiceIp } from "./names";

/** AKS cluster auto-upgrade channel per spec value (`spec.azure.upgradeChannel`). */
export const UPGRADE_CHANNELS = { rapid: "rapid", stable: "stable", patch: "patch", "node-image": "node-image" } as const;

/**
 * Channels that move the cluster to a newer minor on their own. With one of these, the next `pulumi up`
 * would send the pinned (now older) `kubernetesVersion` and ARM refuses a downgrade, so the cluster
 * ignores `kubernetesVersion` after creation (AKS auto-upgrade channels:
 * https://learn.microsoft.com/azure/aks/auto-upgrade-cluster#cluster-auto-upgrade-channels — `stable`
 * and `rapid` upgrade to the latest patch of a newer minor; `patch` stays on the minor).
 */
export const MINOR_MOVING_CHANNELS: readonly (keyof typeof UPGRADE_CHANNELS)[] = ["rapid", "stable"];
/** Node OS images follow the weekly node image (security patches without a Kubernetes upgrade). */
export const NODE_OS_UPGRADE_CHANNEL = "NodeImage";

/** Everything the control plane is built from besides the spec. */
export interface ControlPlaneInputs {
    readonly resourceGroupName: pulumi.Input<string>;
    readonly tenantId: pulumi.Input<string>;
    readonly controlPlaneIdentityId: pulumi.Input<string>;
    readonly kubelet: { readonly id: pulumi.Input<string>; readonly clientId: pulumi.Input<string>; readonly principalId: pulumi.Input<string> };
    readonly outboundType: OutboundType;
    /** Outbound IPs and SNAT ports of the cluster's load balancer (network.ts); AKS's defaults when undefined. */
    readonly loadBalancerProfile?: inputs.containerservice.ManagedClusterLoadBalancerProfileArgs;
    /** The inline system pool. */
    readonly systemPool: inputs.containerservice.ManagedClusterAgentPoolProfileArgs;
    /** Versioned key id for KMS etcd encryption (prod). */
    readonly kmsKeyId?: pulumi.Input<string>;
    /** Disk encryption set for managed OS disks (prod). */
    readonly diskEncryptionSetId?: pulumi.Input<string>;
    readonly tags: Readonly<Record<string, string>>;
}

/**
 * API server reachability from the spec. `public`: a public endpoint limited to the authorized IP
 * ranges (none only on the explicit `openToInternet` opt-in, refused in prod by the spec). `private`:
 * a private cluster (private endpoint in the node subnet of `azure.existingSubnetId`, system private
 * DNS zone) whose public FQDN resolves to the private IP, so a runner in a connected network reaches
 * it without a link to the private DNS zone (AKS docs, "Create a private AKS cluster with a public
 * DNS address", https://learn.microsoft.com/azure/aks/private-clusters); the kubeconfig asks for that
 * FQDN ({@link kubeconfigServerFqdn}).
 * @param spec the validated spec
 */
export function apiServerAccessProfile(spec: PlatformSpec): inputs.containerservice.ManagedClusterAPIServerAccessProfileArgs {
    const { mode, authorizedCidrs, openToInternet } = spec.apiAccess;
    if (mode === "private") return { enablePrivateCluster: true, privateDNSZone: "system", enablePrivateClusterPublicFQDN: true, disableRunCommand: true };
    return openToInternet ? { enablePrivateCluster: false } : { enablePrivateCluster: false, authorizedIPRanges: [...authorizedCidrs] };
}

/**
 * Which FQDN the user kubeconfig names (`listManagedClusterUserCredentials` `serverFqdn`, the
 * `az aks get-credentials --public-fqdn` switch): the public FQDN of a private cluster (resolves to
 * its private IP anywhere), the default otherwise.
 * @param spec the validated spec
 */
export function kubeconfigServerFqdn(spec: PlatformSpec): "public" | undefined {
    return spec.apiAccess.mode === "private" ? "public" : undefined;
}

/**
 * The ManagedCluster arguments: Entra ID with Azure RBAC (local accounts off in prod), OIDC issuer and
 * workload identity, Azure CNI Overlay with Cilium (dataplane and network policy), user-assigned
 * control-plane and kubelet identities, Disk CSI, auto-upgrade channels, KMS and disk CMK in prod,
 * Standard tier in prod. Azure Monitor managed Prometheus stays off: the in-cluster kube-prometheus-stack
 * is the one metrics system on every cloud (docs/services/monitoring.md); turned on, it would run its
 * collector pods with no Azure Monitor workspace, data collection endpoint, rule or association to send
 * to (azure-native typings, `ManagedClusterAzureMonitorProfileMetrics`: it sends "to an Azure Monitor Workspace";
 * enabling it needs those, https://aka.ms/AzureManagedPrometheus-aks-enable).
 * Control-plane logs go through a diagnostic setting (logging.ts), not this profile.
 * @param name base name (cluster name and DNS prefix)
 * @param spec the validated spec
 * @param input identities, pools, keys
 */
export function managedClusterArgs(name: string, spec: PlatformSpec, input: ControlPlaneInputs): containerservice.ManagedClusterArgs {
    const prod = spec.environment === "prod";
    const azure = spec.azure ?? { adminGroupObjectIds: [], upgradeChannel: "patch" as const };
    return {
        resourceGroupName: input.resourceGroupName,
        resourceName: name,
        dnsPrefix: name,
        kubernetesVersion: spec.kubernetesVersion,
        sku: { name: "Base", tier: prod ? "Standard" : "Free" },
        enableRBAC: true,
        aadProfile: { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: [...azure.adminGroupObjectIds], tenantID: input.tenantId },
        disableLocalAccounts: prod,
        identity: { type: "UserAssigned", userAssignedIdentities: [input.controlPlaneIdentityId] },
        identityProfile: { kubeletidentity: { resourceId: input.kubelet.id, clientId: input.kubelet.clientId, objectId: input.kubelet.principalId } },
        oidcIssuerProfile: { enabled: true },
        securityProfile: {
            workloadIdentity: { enabled: true },
            ...(input.kmsKeyId !== undefined ? { azureKeyVaultKms: { enabled: true, keyId: input.kmsKeyId, keyVaultNetworkAccess: "Public" } } : {}),
        },
        apiServerAccessProfile: apiServerAccessProfile(spec),
        networkProfile: {
            networkPlugin: "azure",
            networkPluginMode: "overlay",
            networkDataplane: "cilium",
            networkPolicy: "cilium",
            podCidr: spec.network.podCidr,
            serviceCidr: spec.network.serviceCidr,
            dnsServiceIP: dnsServiceIp(spec.network.serviceCidr),
            loadBalancerSku: "standard",
            outboundType: input.outboundType,
            ...(input.loadBalancerProfile ? { loadBalancerProfile: input.loadBalancerProfile } : {}),
        },
        storageProfile: {
            diskCSIDriver: { enabled: true },
            snapshotController: { enabled: true },
            fileCSIDriver: { enabled: false },
            blobCSIDriver: { enabled: false },
        },
        // Data pools are one AgentPool per zone (agentPools.ts): the autoscaler keeps the zones even
        // (typings: "Detects similar node pools and balances the number of nodes between them"; off by default).
        autoScalerProfile: { balanceSimilarNodeGroups: "true" },
        autoUpgradeProfile: { upgradeChannel: UPGRADE_CHANNELS[azure.upgradeChannel], nodeOSUpgradeChannel: NODE_OS_UPGRADE_CHANNEL },
        azureMonitorProfile: { metrics: { enabled: false } },
        // Azure Policy for Kubernetes (Gatekeeper): the second line behind the CrossGuard pack.
        addonProfiles: { azurepolicy: { enabled: true } },
        agentPoolProfiles: [input.systemPool],
        ...(input.diskEncryptionSetId !== undefined ? { diskEncryptionSetID: input.diskEncryptionSetId } : {}),
        nodeResourceGroup: `${name}-nodes-rg`,
        tags: { ...input.tags },
    };
}
