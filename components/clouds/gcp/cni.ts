import type { PlatformSpec } from "../../spec";
import { firstAddress, type NetworkSemantics } from "../cni";

/**
 * NetworkPolicy semantics of GKE Dataplane V2 (`datapathProvider: ADVANCED_DATAPATH`). Facts and sources:
 * - Dataplane V2 is implemented with Cilium and enforces Kubernetes NetworkPolicy
 *   (https://cloud.google.com/kubernetes-engine/docs/concepts/dataplane-v2). It is not the Cilium OSS
 *   plugin: tristack uses only standard NetworkPolicy here, no CiliumNetworkPolicy.
 * - Cilium translates NetworkPolicy peers to identities: pod peers to endpoint selectors, an ipBlock to
 *   a CIDR rule that never selects cluster-managed identities (pods, host, remote-node), a rule without
 *   peers to the wildcard selector (cilium/cilium pkg/k8s/network_policy.go; pkg/policy/api/selector.go),
 *   so node-exporter and kubelets (host network) are reached only through a peerless rule.
 * - Service traffic is translated to the backend before policy (no kube-proxy under Dataplane V2).
 * - The API server reaches webhooks through konnectivity-agent pods in kube-system, labelled
 *   `k8s-app: konnectivity-agent` on GKE (tigera/operator#5212; cilium/cilium#21959).
 * - Workload Identity is served by the GKE metadata server (the `gke-metadata-server` DaemonSet, TCP 988),
 *   which pods address as 169.254.169.254:80 (https://cloud.google.com/kubernetes-engine/docs/concepts/workload-identity).
 *   A NetworkPolicy that isolates egress must let the request through in the form the datapath evaluates.
 *   GKE's network-policy page (https://cloud.google.com/kubernetes-engine/docs/how-to/network-policy,
 *   "Requirements and limitations"; its text was not readable from here) is summarised by Google's own
 *   gke-labs/kube-agents (k8s-operator platformagent_controller.go, `metadataDaemonIP`, citing that page):
 *   on the iptables datapath the node DNATs 169.254.169.254:80 to 169.254.169.252:988 before policy is
 *   evaluated, while Dataplane V2 evaluates policy before that NAT, where 169.254.169.254/32 on 80
 *   suffices; other deployments allow the same pair (169.254.169.254/32 and 169.254.169.252/32, 80/988). So
 *   the endpoint list allows 169.254.169.254 on 80 and 988 and 169.254.169.252 on 988: correct on either
 *   datapath, nothing else opened (988 is the metadata server's own port). Open: gke-labs/kube-agents#676
 *   reports Dataplane V2 clusters where the request reached the policy as <node internal IP>:988; an
 *   ipBlock cannot select node IPs under Cilium (above), so if that holds the fix is a peerless port-988
 *   rule, which the cloud-neutral endpoint list cannot express yet; checked on a live cluster with
 *   `kubectl exec <tenant pod> -- curl -s -H 'Metadata-Flavor: Google' http://169.254.169.254/computeMetadata/v1/instance/service-accounts/default/email`.
 * @param spec the validated spec (`cloud: gcp`)
 */
export function gcpCni(spec: PlatformSpec): NetworkSemantics {
    return {
        cni: "GKE Dataplane V2 (Cilium-based eBPF dataplane, kube-proxy replacement)",
        enforcement: "enforced",
        podCidr: spec.network.podCidr,
        nodeCidr: spec.network.vpcCidr,
        serviceCidr: spec.network.serviceCidr,
        ipBlockMatchesPods: false,
        ipBlockMatchesNodes: false,
        serviceEgressMatchedOn: "backend",
        apiServerService: { clusterIp: firstAddress(spec.network.serviceCidr), port: 443 },
        webhookCaller: { kind: "pod", namespace: "kube-system", labels: { "k8s-app": "konnectivity-agent" }, what: "konnectivity-agent (GKE labels it k8s-app=konnectivity-agent)" },
        identityEndpoints: [
            { cidr: "169.254.169.254/32", ports: [80, 988], what: "GKE metadata server (Workload Identity), as pods address it" },
            { cidr: "169.254.169.252/32", ports: [988], what: "GKE metadata server (Workload Identity), after the node's DNAT" },
        ],
        instanceMetadata: "169.254.169.254",
        evidence: [
            "https://cloud.google.com/kubernetes-engine/docs/concepts/dataplane-v2 (implemented with Cilium; NetworkPolicy always on)",
            "cilium/cilium pkg/k8s/network_policy.go (peer -> endpoint selector, ipBlock -> CIDR rule, no peers -> wildcard)",
            "tigera/operator#5212 (AKS/GKE: webhook calls arrive from konnectivity-agent pods; GKE label k8s-app)",
            "cilium/cilium#21959",
            "https://cloud.google.com/kubernetes-engine/docs/concepts/workload-identity (GKE metadata server)",
            "https://cloud.google.com/kubernetes-engine/docs/how-to/network-policy (Workload Identity with network policy; as summarised by gke-labs/kube-agents)",
            "gke-labs/kube-agents platformagent_controller.go metadataDaemonIP (DNAT 169.254.169.254:80 -> 169.254.169.252:988 before policy on the iptables datapath)",
        ],
    };
}
