import type { PlatformSpec } from "../../spec";
import type { AccessHop, AccessPath } from "../clusterHandle";
import { KUBELOGIN } from "./kubeconfig";

/** Type tokens of the resources that admit a hop (what the plan looks for). */
const T = {
    cluster: "azure-native:containerservice:ManagedCluster",
    roleAssignment: "azure-native:authorization:RoleAssignment",
} as const;

/**
 * How long after the deployer's AKS RBAC role assignment is created tristack waits before Kubernetes
 * objects are applied. Azure RBAC, "Troubleshoot Azure RBAC": role assignment changes "can take up to
 * 10 minutes" to be detected; with Azure RBAC for Kubernetes authorization the API server checks the
 * assignment through the AKS authorization webhook, which caches for minutes as well. Five minutes
 * covers the common case on the first deploy only (later runs find an old assignment and do not
 * wait); if a first deploy still gets 403 from the API server, re-running `pulumi up` resumes where
 * it stopped (docs/access.md).
 */
export const AKS_RBAC_PROPAGATION_MS = 5 * 60 * 1000;

/**
 * Milliseconds left to wait for a role assignment created at `createdOn` to propagate.
 * @param createdOn the assignment's `createdOn` (ISO 8601), undefined when unknown (preview, mocks)
 * @param now the current time (ms since the epoch)
 */
export function rbacPropagationWaitMs(createdOn: string | undefined, now: number): number {
    if (createdOn === undefined) return 0;
    const created = Date.parse(createdOn);
    if (Number.isNaN(created)) return 0;
    return Math.min(AKS_RBAC_PROPAGATION_MS, Math.max(0, created + AKS_RBAC_PROPAGATION_MS - now));
}

/**
 * The path from the runner to the AKS API server for this spec, without creating anything.
 * @param spec the validated spec (`cloud: azure`)
 */
export function aksAccessPath(spec: PlatformSpec): AccessPath {
    const name = spec.name;
    const { mode, authorizedCidrs, openToInternet } = spec.apiAccess;
    const hops: AccessHop[] = [];
    let endpointKind: string;
    if (mode === "private") {
        endpointKind = "AKS private endpoint (public FQDN resolving to the private IP)";
        hops.push({ from: "runner network", to: "VNet of azure.existingSubnetId", admittedBy: { by: "prerequisite", setting: "the runner is in the VNet or a peered/VPN-connected network routed to it" } });
        for (const cidr of authorizedCidrs) hops.push({ from: `runner ${cidr}`, to: endpointKind, admittedBy: { by: "resource", type: T.cluster, name, setting: "apiServerAccessProfile.enablePrivateCluster + enablePrivateClusterPublicFQDN" } });
    } else {
        endpointKind = "AKS public endpoint";
        if (openToInternet) hops.push({ from: "anywhere (apiAccess.openToInternet)", to: endpointKind, admittedBy: { by: "resource", type: T.cluster, name, setting: "no apiServerAccessProfile.authorizedIPRanges" } });
        for (const cidr of openToInternet ? [] : authorizedCidrs) hops.push({ from: `runner egress ${cidr}`, to: endpointKind, admittedBy: { by: "resource", type: T.cluster, name, setting: `apiServerAccessProfile.authorizedIPRanges contains ${cidr}` } });
        if (!openToInternet && authorizedCidrs.length === 0) hops.push({ from: "runner", to: endpointKind, admittedBy: undefined });
    }
    hops.push({
        from: `the Entra principal running pulumi up (${KUBELOGIN}, azurecli or workload identity)`,
        to: "Kubernetes API as cluster admin",
        admittedBy: { by: "resource", type: T.roleAssignment, name: `${name}-deployer-aks-admin`, setting: "Azure Kubernetes Service RBAC Cluster Admin on the cluster, principal type of the caller" },
    });
    return { mode, endpointKind, hops, credentialPlugin: KUBELOGIN };
}
