import type { PlatformSpec } from "../../spec";
import type { AccessHop, AccessPath } from "../clusterHandle";
import { GKE_AUTH_PLUGIN } from "./kubeconfig";

/** Type token of the GKE cluster, whose settings admit the network hops. */
const CLUSTER = "gcp:container/cluster:Cluster";

/**
 * The IAM role the deploying identity needs on the project: `roles/container.admin` carries both
 * creating the cluster and full Kubernetes API access, and `container.clusters.connect` for the DNS
 * endpoint (GKE docs, "Create IAM policies" and "DNS-based endpoint"). tristack does not grant it to
 * the caller: granting oneself a role needs `resourcemanager.projects.setIamPolicy`, which a deploy
 * identity should not hold. docs/access.md has the gcloud command.
 */
export const GKE_DEPLOYER_ROLE = "roles/container.admin";

/**
 * The path from the runner to the GKE API server for this spec, without creating anything.
 * @param spec the validated spec (`cloud: gcp`)
 */
export function gkeAccessPath(spec: PlatformSpec): AccessPath {
    const name = spec.name;
    const { mode, authorizedCidrs, openToInternet } = spec.apiAccess;
    const hops: AccessHop[] = [];
    let endpointKind: string;
    switch (mode) {
        case "dns":
            endpointKind = "GKE DNS endpoint (*.gke.goog)";
            hops.push({ from: "anywhere (every request carries a Google identity)", to: endpointKind, admittedBy: { by: "resource", type: CLUSTER, name, setting: "controlPlaneEndpointsConfig.dnsEndpointConfig.allowExternalTraffic = true" } });
            break;
        case "private":
            endpointKind = "GKE private IP endpoint";
            hops.push({ from: "runner network", to: `VPC network ${spec.gcp?.existingNetwork?.network ?? "(no existing network)"}`, admittedBy: { by: "prerequisite", setting: "the runner is in the network or a connected one (VPN, Interconnect, peering with custom routes)" } });
            for (const cidr of authorizedCidrs) hops.push({ from: `runner ${cidr}`, to: endpointKind, admittedBy: { by: "resource", type: CLUSTER, name, setting: `masterAuthorizedNetworksConfig.cidrBlocks contains ${cidr} (global access on)` } });
            break;
        case "public":
            endpointKind = "GKE public IP endpoint";
            if (openToInternet) hops.push({ from: "anywhere (apiAccess.openToInternet)", to: endpointKind, admittedBy: { by: "resource", type: CLUSTER, name, setting: "no masterAuthorizedNetworksConfig" } });
            for (const cidr of openToInternet ? [] : authorizedCidrs) hops.push({ from: `runner egress ${cidr}`, to: endpointKind, admittedBy: { by: "resource", type: CLUSTER, name, setting: `masterAuthorizedNetworksConfig.cidrBlocks contains ${cidr}` } });
            if (!openToInternet && authorizedCidrs.length === 0) hops.push({ from: "runner", to: endpointKind, admittedBy: undefined });
            break;
        default: {
            const unreachable: never = mode;
            throw new Error(`unknown apiAccess.mode ${String(unreachable)}`);
        }
    }
    hops.push({ from: `the Google identity running pulumi up (${GKE_AUTH_PLUGIN})`, to: "Kubernetes API as cluster admin", admittedBy: { by: "prerequisite", setting: `${GKE_DEPLOYER_ROLE} on project ${spec.gcp?.project ?? "?"}` } });
    return { mode, endpointKind, hops, credentialPlugin: GKE_AUTH_PLUGIN };
}
