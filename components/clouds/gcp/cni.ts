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
 * - Workload Identity is served by the GKE metadata server at 169.254.169.254 (port 80, served on 988)
 *   (https://cloud.google.com/kubernetes-engine/docs/concepts/workload-identity).
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
        identityEndpoints: [{ cidr: "169.254.169.254/32", ports: [80, 988], what: "GKE metadata server (Workload Identity)" }],
        instanceMetadata: "169.254.169.254",
        evidence: [
            "https://cloud.google.com/kubernetes-engine/docs/concepts/dataplane-v2 (implemented with Cilium; NetworkPolicy always on)",
            "cilium/cilium pkg/k8s/network_policy.go (peer -> endpoint selector, ipBlock -> CIDR rule, no peers -> wildcard)",
            "tigera/operator#5212 (AKS/GKE: webhook calls arrive from konnectivity-agent pods; GKE label k8s-app)",
            "cilium/cilium#21959",
            "https://cloud.google.com/kubernetes-engine/docs/concepts/workload-identity (GKE metadata server)",
        ],
    };
}
