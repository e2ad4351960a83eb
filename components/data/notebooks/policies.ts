import type * as k8s from "@pulumi/kubernetes";
import { NAMESPACE_NAME_LABEL } from "../../platform/common";
import { networkPolicies, type NamedPolicy, type NetworkContext } from "../../platform/networkPolicies";
import { HUB_COMPONENT_LABELS, HUB_PORTS, HUB_RELEASE, NOTEBOOK_POD_LABEL, SINGLEUSER_PORT } from "./hub";

/**
 * The notebooks' NetworkPolicies. They only ADD allows to namespaces that start from a default deny
 * (NetworkPolicies are additive: a flow is allowed when any policy selecting the pod allows it,
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/#the-two-sorts-of-pod-isolation),
 * so the tenants' own policies (components/platform/networkPolicies.ts) stay as they are:
 * - `notebooks`: the platform baseline (default deny, DNS, same namespace, HTTPS out for the API server
 *   and the identity provider, scrapes from monitoring); users reach the proxy on 8443 (through the
 *   internal load balancer or a port-forward); servers in the tenant namespaces reach the hub API on
 *   8081; the hub and the proxy reach the servers on 8888.
 * - each tenant namespace: its notebook pods accept the hub and the proxy on 8888 and reach the hub on
 *   8081; Spark Connect (15002) and its executors stay inside the tenant's namespace (its
 *   `allow-same-namespace`), and nothing crosses to another tenant.
 * Pure functions.
 */

type Peer = k8s.types.input.networking.v1.NetworkPolicyPeer;
const tcp = (port: number) => ({ protocol: "TCP", port });
const hubPods = { matchLabels: { ...HUB_COMPONENT_LABELS.hub, release: HUB_RELEASE } };
const proxyPods = { matchLabels: { ...HUB_COMPONENT_LABELS.proxy, release: HUB_RELEASE } };
const notebookPods = { matchLabels: { ...NOTEBOOK_POD_LABEL } };
const inNamespaces = (names: readonly string[], podSelector: Peer["podSelector"]): Peer => ({ namespaceSelector: { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: "In", values: [...names] }] }, podSelector });
const hubAndProxy = (namespace: string): Peer[] => [
    { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } }, podSelector: { matchExpressions: [{ key: "component", operator: "In", values: [HUB_COMPONENT_LABELS.hub.component, HUB_COMPONENT_LABELS.proxy.component] }], matchLabels: { release: HUB_RELEASE } } },
];

/**
 * The policies of the `notebooks` namespace.
 * @param namespace `notebooks`
 * @param tenantNamespaces every tenant namespace
 * @param ctx the platform's network context
 */
export function notebooksNamespacePolicies(namespace: string, tenantNamespaces: readonly string[], ctx: NetworkContext): NamedPolicy[] {
    // The baseline every platform namespace has; "cert-manager" is the role with nothing else but webhooks.
    const baseline = networkPolicies("cert-manager", namespace, ctx).filter((p) => p.name !== "allow-webhooks");
    const out: NamedPolicy[] = [
        ...baseline,
        { name: "allow-users-to-proxy", spec: { podSelector: proxyPods, policyTypes: ["Ingress"], ingress: [{ ports: [tcp(HUB_PORTS.proxyHttps)] }] } },
    ];
    if (tenantNamespaces.length > 0) {
        out.push(
            { name: "allow-servers-to-hub", spec: { podSelector: hubPods, policyTypes: ["Ingress"], ingress: [{ from: [inNamespaces(tenantNamespaces, notebookPods)], ports: [tcp(HUB_PORTS.hub)] }] } },
            { name: "allow-hub-to-servers", spec: { podSelector: { matchExpressions: [{ key: "component", operator: "In", values: ["hub", "proxy"] }] }, policyTypes: ["Egress"], egress: [{ to: [inNamespaces(tenantNamespaces, notebookPods)], ports: [tcp(SINGLEUSER_PORT)] }] } },
        );
    }
    return out;
}

/**
 * The notebook policies of one tenant namespace.
 * @param hubNamespace `notebooks`
 */
export function tenantNotebookPolicies(hubNamespace: string): NamedPolicy[] {
    return [
        { name: "allow-notebooks-from-hub", spec: { podSelector: notebookPods, policyTypes: ["Ingress"], ingress: [{ from: hubAndProxy(hubNamespace), ports: [tcp(SINGLEUSER_PORT)] }] } },
        { name: "allow-notebooks-to-hub", spec: { podSelector: notebookPods, policyTypes: ["Egress"], egress: [{ to: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: hubNamespace } }, podSelector: hubPods }], ports: [tcp(HUB_PORTS.hub)] }] } },
    ];
}
