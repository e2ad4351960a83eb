import type { PlatformSpec } from "../../spec";
import { firstAddress, type NetworkSemantics } from "../cni";

/**
 * NetworkPolicy semantics of EKS with the Amazon VPC CNI and its network policy agent
 * (`enableNetworkPolicy`, addons.ts). Facts and sources:
 * - Pods take VPC addresses (the VPC CNI assigns secondary ENI addresses / prefixes from the node's
 *   subnets: https://docs.aws.amazon.com/eks/latest/userguide/managing-vpc-cni.html), so the pod range
 *   as a NetworkPolicy sees it is the VPC block, not `network.podCidr`; an ipBlock matches pods and nodes.
 * - The agent's eBPF programs sit on the pod's veth before kube-proxy's DNAT, so egress to a Service is
 *   matched against its ClusterIP: aws/amazon-network-policy-controller-k8s pkg/resolvers/endpoints.go
 *   (getMatchingServiceClusterIPs: "attaches the ebpf probes to the TC hook of the pod veth interface and
 *   thus unable to see the pod IP after the DNAT happens for the clusterIPs"); for pod/namespace peers the
 *   controller adds the ClusterIPs of Services whose selector they match, never for ipBlock peers, and
 *   the selector-less `kubernetes` Service is never added (aws/amazon-network-policy-controller-k8s#222).
 *   Egress to the API server is therefore matched against the `kubernetes` ClusterIP, the first address
 *   of the Service range, port 443.
 * - A rule without peers is resolved to 0.0.0.0/0 on its ports (endpoints.go getAllowAllNetworkPeers).
 * - The API server calls webhooks from the control plane's cross-account ENIs placed in the cluster's
 *   subnets (https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html), i.e. VPC addresses that
 *   are neither pods nor nodes.
 * - Workload identity is EKS Pod Identity: the agent answers on 169.254.170.23:80
 *   (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html); pods need nothing
 *   from the instance metadata service at 169.254.169.254.
 * @param spec the validated spec (`cloud: aws`)
 */
export function awsCni(spec: PlatformSpec): NetworkSemantics {
    return {
        cni: "Amazon VPC CNI with the EKS network policy agent (eBPF on the pod veth, before DNAT)",
        enforcement: "enforced",
        podCidr: spec.network.vpcCidr,
        nodeCidr: spec.network.vpcCidr,
        serviceCidr: spec.network.serviceCidr,
        ipBlockMatchesPods: true,
        ipBlockMatchesNodes: true,
        serviceEgressMatchedOn: "clusterIP",
        apiServerService: { clusterIp: firstAddress(spec.network.serviceCidr), port: 443 },
        webhookCaller: { kind: "address", cidr: spec.network.vpcCidr, what: "the EKS control plane's cross-account ENIs in the cluster subnets" },
        identityEndpoints: [{ cidr: "169.254.170.23/32", ports: [80], what: "EKS Pod Identity agent" }],
        instanceMetadata: "169.254.169.254",
        evidence: [
            "aws/amazon-network-policy-controller-k8s pkg/resolvers/endpoints.go (pre-DNAT ClusterIPs; peerless rule = 0.0.0.0/0)",
            "aws/amazon-network-policy-controller-k8s#222 (egress to the kubernetes Service ClusterIP)",
            "https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html (control-plane ENIs in the cluster subnets)",
            "https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html (Pod Identity agent 169.254.170.23:80)",
        ],
    };
}
