import type { PlatformSpec } from "../../spec";
import { firstAddress, type NetworkSemantics } from "../cni";

/**
 * An existing cluster's CNI is not tristack's choice: whether it enforces NetworkPolicy at all
 * (kind's kindnet before v0.24, flannel: no) is unknown. The policies are read with the Kubernetes
 * API's own semantics (https://kubernetes.io/docs/concepts/services-networking/network-policies/):
 * ipBlock is meant for addresses outside the cluster, a Service is judged by its backend, and the
 * proof says plainly that enforcement is not known.
 * @param spec the validated spec (`cloud: existing`)
 */
export function existingCni(spec: PlatformSpec): NetworkSemantics {
    return {
        cni: "unknown (an existing cluster's own CNI)",
        enforcement: "unknown",
        podCidr: spec.network.podCidr,
        nodeCidr: spec.network.vpcCidr,
        serviceCidr: spec.network.serviceCidr,
        ipBlockMatchesPods: false,
        ipBlockMatchesNodes: true,
        serviceEgressMatchedOn: "backend",
        apiServerService: { clusterIp: firstAddress(spec.network.serviceCidr), port: 443 },
        webhookCaller: { kind: "address", cidr: "0.0.0.0/0", what: "the API server, wherever this cluster runs it" },
        identityEndpoints: [],
        instanceMetadata: "169.254.169.254",
        evidence: ["https://kubernetes.io/docs/concepts/services-networking/network-policies/"],
    };
}
