/**
 * How a cluster's CNI matches NetworkPolicy peers (issue 22). Each adapter puts one of these in its
 * ClusterHandle (`network`), built by the cloud's own `cni.ts` fact file; the platform writes its
 * policies once from it and the offline plan's connectivity proof evaluates them with it. The facts
 * and their sources are in each cloud's `cni.ts`; docs/reference/connectivity.md explains them.
 */
import * as ipaddr from "ipaddr.js";
import type { PlatformSpec } from "../spec";
import { awsCni } from "./aws/cni";
import { azureCni } from "./azure/cni";
import { existingCni } from "./existing/cni";
import { gcpCni } from "./gcp/cni";

/** Where the API server's calls to admission webhooks come from, as the webhook pod's policy sees them. */
export type WebhookCaller =
    /** An address that is neither a pod nor a node (EKS: the control plane's cross-account ENIs in the cluster's subnets). */
    | { readonly kind: "address"; readonly cidr: string; readonly what: string }
    /** A pod (AKS/GKE: konnectivity-agent in kube-system, which proxies the API server's connections). */
    | { readonly kind: "pod"; readonly namespace: string; readonly labels: Readonly<Record<string, string>>; readonly what: string };

/** A node-local endpoint pods must reach for the cloud's workload identity. */
export interface IdentityEndpoint {
    readonly cidr: string;
    readonly ports: readonly number[];
    readonly what: string;
}

/** The NetworkPolicy semantics of a cluster's CNI. */
export interface NetworkSemantics {
    /** The CNI and its policy engine, in words (`Amazon VPC CNI network policy agent (eBPF)`). */
    readonly cni: string;
    /**
     * `enforced`: the cluster tristack builds enforces NetworkPolicy as described here. `unknown`: an
     * existing cluster whose CNI tristack did not choose; the proof then reads the policies with the
     * Kubernetes API's own semantics and says that enforcement is not known.
     */
    readonly enforcement: "enforced" | "unknown";
    /** The range pod addresses come from (EKS: the VPC, because pods take VPC addresses). */
    readonly podCidr: string;
    /** The range node addresses come from (host-network pods, kubelets). */
    readonly nodeCidr: string;
    /** The Service range. */
    readonly serviceCidr: string;
    /** Whether an `ipBlock` peer can match a pod's address (false under Cilium). */
    readonly ipBlockMatchesPods: boolean;
    /** Whether an `ipBlock` peer can match a node's address (false under Cilium: nodes are the host/remote-node entities). */
    readonly ipBlockMatchesNodes: boolean;
    /**
     * What egress to a Service is matched against: its ClusterIP and Service port (`clusterIP`: the
     * policy runs before DNAT, EKS) or the backend it is translated to (`backend`: Cilium).
     */
    readonly serviceEgressMatchedOn: "clusterIP" | "backend";
    /** The `kubernetes` Service: the first address of the Service range, port 443. */
    readonly apiServerService: { readonly clusterIp: string; readonly port: number };
    /** Where the API server's webhook calls come from. */
    readonly webhookCaller: WebhookCaller;
    /** Node-local endpoints the cloud's workload identity needs (empty where none is needed). */
    readonly identityEndpoints: readonly IdentityEndpoint[];
    /** The instance metadata address, forbidden to pods unless an identity endpoint above is it. */
    readonly instanceMetadata: string;
    /** Where each fact above comes from. */
    readonly evidence: readonly string[];
}

/**
 * The first address of a block: the ClusterIP the API server allocates to the `kubernetes` Service
 * (kubernetes/kubernetes pkg/controlplane/services.go ServiceIPRange: "the first IP of the range").
 * @param cidr an IPv4 block
 */
export function firstAddress(cidr: string): string {
    const network = ipaddr.IPv4.networkAddressFromCIDR(cidr);
    const octets = [...network.octets];
    for (let i = 3; i >= 0; i--) {
        const o = octets[i] ?? 0;
        if (o < 255) {
            octets[i] = o + 1;
            break;
        }
        octets[i] = 0;
    }
    return octets.join(".");
}

/**
 * The network semantics of the cluster a spec describes, without creating anything (what the adapter
 * puts in `ClusterHandle.network`, and what the plan evaluates with).
 * @param spec the validated spec
 */
export function plannedNetworkSemantics(spec: PlatformSpec): NetworkSemantics {
    switch (spec.cloud) {
        case "aws":
            return awsCni(spec);
        case "gcp":
            return gcpCni(spec);
        case "azure":
            return azureCni(spec);
        case "existing":
            return existingCni(spec);
        default: {
            const unreachable: never = spec.cloud;
            return unreachable;
        }
    }
}
