import type { PlatformSpec } from "../../spec";
import { firstAddress, type NetworkSemantics } from "../cni";
import { nodeSubnetCidr } from "./names";

/**
 * NetworkPolicy semantics of AKS with Azure CNI Overlay powered by Cilium (`networkDataplane: cilium`,
 * `networkPolicy: cilium`, controlPlane.ts). Facts and sources:
 * - "Network policies cannot use ipBlock to allow access to node or pod IPs"
 *   (https://learn.microsoft.com/azure/aks/azure-cni-powered-by-cilium, Limitations): pods and nodes
 *   are selected by identity, never by address. Cilium translates a NetworkPolicy peer to an endpoint
 *   selector, an ipBlock to a CIDR rule, and a rule without peers to the wildcard selector that matches
 *   every identity, reserved host/remote-node included (cilium/cilium pkg/k8s/network_policy.go
 *   ParseNetworkPolicy; pkg/policy/api/selector.go WildcardEndpointSelector).
 * - Cilium replaces kube-proxy and translates a ClusterIP to its backend before policy, so egress to a
 *   Service is matched against the backend pod (or, for `kubernetes`, the API server's address outside
 *   the cluster ranges).
 * - The API server reaches webhooks through konnectivity-agent pods in kube-system, labelled
 *   `app: konnectivity-agent` on AKS (tigera/operator#5212; cilium/cilium#21959), so the call arrives
 *   from a pod and an ipBlock never admits it.
 * - Workload identity exchanges the projected service-account token with Microsoft Entra ID over HTTPS
 *   (https://learn.microsoft.com/azure/aks/workload-identity-overview): no node-local endpoint, so pods
 *   need nothing from the instance metadata service.
 * @param spec the validated spec (`cloud: azure`)
 */
export function azureCni(spec: PlatformSpec): NetworkSemantics {
    return {
        cni: "Azure CNI Overlay powered by Cilium (eBPF, kube-proxy replacement)",
        enforcement: "enforced",
        podCidr: spec.network.podCidr,
        nodeCidr: nodeSubnetCidr(spec.network.vpcCidr),
        serviceCidr: spec.network.serviceCidr,
        ipBlockMatchesPods: false,
        ipBlockMatchesNodes: false,
        serviceEgressMatchedOn: "backend",
        apiServerService: { clusterIp: firstAddress(spec.network.serviceCidr), port: 443 },
        webhookCaller: { kind: "pod", namespace: "kube-system", labels: { app: "konnectivity-agent" }, what: "konnectivity-agent (AKS labels it app=konnectivity-agent)" },
        identityEndpoints: [],
        instanceMetadata: "169.254.169.254",
        evidence: [
            "https://learn.microsoft.com/azure/aks/azure-cni-powered-by-cilium (ipBlock cannot select node or pod IPs)",
            "cilium/cilium pkg/k8s/network_policy.go (peer -> endpoint selector, ipBlock -> CIDR rule, no peers -> wildcard)",
            "tigera/operator#5212 (AKS/GKE: webhook calls arrive from konnectivity-agent pods; AKS label app)",
            "cilium/cilium#21959",
            "https://learn.microsoft.com/azure/aks/workload-identity-overview (token exchange with Entra ID, no IMDS)",
        ],
    };
}
