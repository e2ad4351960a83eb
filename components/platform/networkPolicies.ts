import type * as k8s from "@pulumi/kubernetes";
import type { NetworkSemantics } from "../clouds/cni";
import type { ObjectStoreEndpoint } from "../clouds/objectStoreEndpoint";
import { PLATFORM_NAMESPACES } from "../spec/nodeClass";
import { NAMESPACE_NAME_LABEL } from "./common";

type NetworkPolicySpec = k8s.types.input.networking.v1.NetworkPolicySpec;
type Peer = k8s.types.input.networking.v1.NetworkPolicyPeer;
type Port = k8s.types.input.networking.v1.NetworkPolicyPort;

/** The ports the platform's network policies open (the data services must listen on these). */
export const PLATFORM_PORTS = {
    /** DNS (kube-dns / CoreDNS). */
    dns: 53,
    /** Kafka's TLS client listener. */
    kafkaClient: 9093,
    /** Cassandra CQL. */
    cql: 9042,
    /** Spark history server UI. */
    sparkHistory: 18080,
    /** HTTPS: cloud APIs, object store, token endpoints, managed API servers. */
    https: 443,
    /** API servers that listen on the Kubernetes default port (kind, kubeadm, k3s). */
    apiServer: 6443,
    /** node-exporter on the host network. */
    nodeExporter: 9100,
    /** Kubelet (cAdvisor / resource metrics) and the webhook port most charts default to. */
    kubelet: 10250,
} as const;

/** Container ports of admission webhooks the API server calls (cert-manager 10250, controller-runtime 9443, others 8443). */
export const WEBHOOK_PORTS = [8443, 9443, 10250] as const;


/** Which namespace a policy set is for. */
export type NamespaceRole = "tenant" | "spark-operator" | "spark" | "kafka" | "cassandra" | "monitoring" | "cert-manager";

/** What the policies of one namespace depend on. */
export interface NetworkContext {
    /** Enabled services (a disabled service's namespace does not exist and gets no rules). */
    readonly services: { readonly spark: boolean; readonly kafka: boolean; readonly cassandra: boolean; readonly monitoring: boolean };
    /** Every tenant namespace. */
    readonly tenantNamespaces: readonly string[];
    /**
     * How the cluster's CNI matches peers (ClusterHandle.network): the pod and Service ranges the HTTPS
     * rule excludes, the `kubernetes` ClusterIP, where webhook calls come from, the identity endpoints.
     */
    readonly network: NetworkSemantics;
    /** Where Spark pods reach the object store (ClusterHandle.objectStore.endpoint); unset: HTTPS out of the cluster. */
    readonly objectStore?: ObjectStoreEndpoint;
}

/** One NetworkPolicy: its name (also the suffix of its logical name) and spec. */
export interface NamedPolicy {
    readonly name: string;
    readonly spec: NetworkPolicySpec;
}

const tcp = (port: number): Port => ({ protocol: "TCP", port });
const inNamespaces = (names: readonly string[]): Peer => ({ namespaceSelector: { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: "In", values: [...names] }] } });
const inNamespace = (name: string): Peer => ({ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: name } } });
const everywhere = (except: readonly string[] = []): Peer => ({ ipBlock: { cidr: "0.0.0.0/0", ...(except.length ? { except: [...except] } : {}) } });

/**
 * The peer the API server's admission-webhook calls match under this CNI: an address block (EKS: the
 * control plane's ENIs in the VPC) or the pods that proxy the API server (AKS/GKE: konnectivity-agent in
 * kube-system, tigera/operator#5212), never an ipBlock there because Cilium's ipBlock selects no pod.
 * @param network the cluster's network semantics
 */
export function webhookCallerPeer(network: NetworkSemantics): Peer {
    const c = network.webhookCaller;
    return c.kind === "address" ? { ipBlock: { cidr: c.cidr } } : { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: c.namespace } }, podSelector: { matchLabels: { ...c.labels } } };
}

/**
 * HTTPS out of the cluster, and the API server. The ipBlock excludes the pod range as the CNI sees it
 * (EKS: the VPC, where pods take their addresses) and the Service range, so it cannot reach another
 * namespace's pods or Services; the `kubernetes` ClusterIP is allowed on its own because the EKS agent
 * matches egress to it before DNAT (aws/amazon-network-policy-controller-k8s pkg/resolvers/endpoints.go,
 * #222). Under Cilium the ClusterIP is translated first and the API server's own address (outside both
 * ranges) matches the first rule.
 * @param network the cluster's network semantics
 */
function httpsEgress(network: NetworkSemantics): NetworkPolicySpec {
    return {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [
            { to: [everywhere([network.podCidr, network.serviceCidr])], ports: [tcp(PLATFORM_PORTS.https), tcp(PLATFORM_PORTS.apiServer)] },
            { to: [{ ipBlock: { cidr: `${network.apiServerService.clusterIp}/32` } }], ports: [tcp(network.apiServerService.port)] },
        ],
    };
}

/**
 * Egress to the object store when `allow-https-egress` does not already cover it: an in-cluster Service
 * (an existing cluster's MinIO, `minio.minio.svc...:9000`) is reached in its namespace on the endpoint's
 * port, anything else outside the cluster on that port (the pod and Service ranges excluded, as for
 * HTTPS). Pods select the Service's backends by namespace, not by ipBlock: an ipBlock never matches pods
 * (Kubernetes docs, NetworkPolicy "ipBlock ... cluster-external IPs"), and the port is the backend's port
 * after DNAT (the Kubernetes API's semantics the existing cluster's CNI is read with), so the Service must
 * expose its pods' port, as the MinIO chart's API Service does (minio/minio helm/minio/values.yaml:
 * `minioAPIPort: "9000"`, `service.port: "9000"`).
 * @param store the endpoint
 * @param network the cluster's network semantics
 */
function objectStoreEgress(store: ObjectStoreEndpoint | undefined, network: NetworkSemantics): NetworkPolicySpec | undefined {
    if (!store || (store.service === undefined && store.port === PLATFORM_PORTS.https)) return undefined;
    const to = store.service ? inNamespace(store.service.namespace) : everywhere([network.podCidr, network.serviceCidr]);
    return { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [to], ports: [tcp(store.port)] }] };
}

/**
 * The namespaces whose pods are clients of the data services (Kafka, Cassandra): every tenant, and
 * `spark` when Spark is on.
 * @param ctx the network context
 */
export function clientNamespaces(ctx: NetworkContext): string[] {
    return [...ctx.tenantNamespaces, ...(ctx.services.spark ? [PLATFORM_NAMESPACES.spark] : [])];
}

/**
 * The NetworkPolicies of one namespace: a default deny for both directions, then allows.
 * Every namespace: DNS to kube-system, its own namespace, HTTPS out of the cluster (API server, cloud
 * APIs, object store) and, with monitoring on, scrapes from `monitoring`. Then per role: tenants and
 * `spark` reach Kafka 9093 and Cassandra 9042 (and tenants the history server); `kafka`/`cassandra`
 * accept those ports from the client namespaces; operator namespaces accept webhook calls from the
 * API server; `monitoring` may scrape every pod and node.
 * @param role what the namespace is for
 * @param namespace its name
 * @param ctx the network context
 */
export function networkPolicies(role: NamespaceRole, namespace: string, ctx: NetworkContext): NamedPolicy[] {
    const out: NamedPolicy[] = [
        { name: "default-deny", spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } },
        {
            name: "allow-dns",
            spec: {
                podSelector: {},
                policyTypes: ["Egress"],
                egress: [{ to: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }], ports: [{ protocol: "UDP", port: PLATFORM_PORTS.dns }, tcp(PLATFORM_PORTS.dns)] }],
            },
        },
        { name: "allow-same-namespace", spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"], ingress: [{ from: [{ podSelector: {} }] }], egress: [{ to: [{ podSelector: {} }] }] } },
        { name: "allow-https-egress", spec: httpsEgress(ctx.network) },
    ];
    if (ctx.services.monitoring && role !== "monitoring") {
        out.push({ name: "allow-monitoring-scrape", spec: { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [inNamespace(PLATFORM_NAMESPACES.monitoring)] }] } });
    }
    // Only the endpoints the cloud's workload identity needs (EKS Pod Identity agent, GKE metadata server);
    // the instance metadata service stays closed where identity does not go through it (AKS, EKS).
    const identity = ctx.network.identityEndpoints;
    if ((role === "tenant" || role === "spark" || role === "cassandra") && identity.length > 0) {
        out.push({ name: "allow-identity-endpoints", spec: { podSelector: {}, policyTypes: ["Egress"], egress: identity.map((e) => ({ to: [{ ipBlock: { cidr: e.cidr } }], ports: e.ports.map(tcp) })) } });
    }
    const clients = clientNamespaces(ctx);
    switch (role) {
        case "tenant":
        case "spark": {
            const egress: k8s.types.input.networking.v1.NetworkPolicyEgressRule[] = [];
            if (ctx.services.kafka) egress.push({ to: [inNamespace(PLATFORM_NAMESPACES.kafka)], ports: [tcp(PLATFORM_PORTS.kafkaClient)] });
            if (ctx.services.cassandra) egress.push({ to: [inNamespace(PLATFORM_NAMESPACES.cassandra)], ports: [tcp(PLATFORM_PORTS.cql)] });
            if (role === "tenant" && ctx.services.spark) egress.push({ to: [inNamespace(PLATFORM_NAMESPACES.spark)], ports: [tcp(PLATFORM_PORTS.sparkHistory)] });
            if (egress.length > 0) out.push({ name: "allow-data-services", spec: { podSelector: {}, policyTypes: ["Egress"], egress } });
            // Spark drivers, executors and the history server read and write the object store.
            const store = ctx.services.spark ? objectStoreEgress(ctx.objectStore, ctx.network) : undefined;
            if (store) out.push({ name: "allow-object-store", spec: store });
            if (role === "spark" && ctx.tenantNamespaces.length > 0) {
                out.push({ name: "allow-history-from-tenants", spec: { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [inNamespaces(ctx.tenantNamespaces)], ports: [tcp(PLATFORM_PORTS.sparkHistory)] }] } });
            }
            break;
        }
        case "kafka":
        case "cassandra": {
            const port = role === "kafka" ? PLATFORM_PORTS.kafkaClient : PLATFORM_PORTS.cql;
            if (clients.length > 0) out.push({ name: "allow-clients", spec: { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [inNamespaces(clients)], ports: [tcp(port)] }] } });
            break;
        }
        case "monitoring":
            out.push({
                name: "allow-scrape-egress",
                spec: {
                    podSelector: {},
                    policyTypes: ["Egress"],
                    // node-exporter and kubelets listen on the nodes' host network. A rule without peers is
                    // "every destination" on both engines: 0.0.0.0/0 for the EKS agent (endpoints.go
                    // getAllowAllNetworkPeers) and Cilium's wildcard selector, which includes the host and
                    // remote-node identities an ipBlock never selects there (cilium pkg/k8s/network_policy.go).
                    egress: [{ to: [{ namespaceSelector: {} }] }, { ports: [tcp(PLATFORM_PORTS.nodeExporter), tcp(PLATFORM_PORTS.kubelet)] }],
                },
            });
            break;
        case "spark-operator":
        case "cert-manager":
            break;
        default: {
            const unreachable: never = role;
            return unreachable;
        }
    }
    // The API server's admission-webhook calls, from wherever this CNI sees them come from.
    if (role === "spark-operator" || role === "cassandra" || role === "monitoring" || role === "cert-manager") {
        out.push({ name: "allow-webhooks", spec: { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [webhookCallerPeer(ctx.network)], ports: WEBHOOK_PORTS.map(tcp) }] } });
    }
    return out;
}
