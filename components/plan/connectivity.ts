/**
 * The connectivity proof (issue 22): a declared table of required and forbidden flows, evaluated
 * against the plan's NetworkPolicies with the cluster's own CNI semantics (ClusterHandle.network, from
 * components/clouds/<cloud>/cni.ts). A required flow that the policies deny, or a forbidden flow they
 * allow, fails the stack. Pure: the flows and verdicts are computed from recorded resources, so tests
 * break each rule on purpose with small inputs.
 *
 * How a peer matches (docs/reference/connectivity.md has the sources):
 * - a rule without peers matches every destination/source (Kubernetes API; EKS agent: 0.0.0.0/0;
 *   Cilium: the wildcard selector, host and remote-node included);
 * - namespaceSelector/podSelector peers match pods only;
 * - an ipBlock matches an address by CIDR and `except`, but never a pod (Cilium) or a node (Cilium)
 *   when the CNI says so;
 * - egress to a Service is matched on its ClusterIP and port before DNAT (EKS; selector peers also get
 *   the ClusterIPs of Services whose selector they match, never a selector-less Service such as
 *   `kubernetes`), or on its backend after DNAT (Cilium, upstream kube-proxy).
 */
import * as ipaddr from "ipaddr.js";
import { firstAddress, type NetworkSemantics } from "../clouds/cni";
import { CLOUD_OBJECT_STORE_ENDPOINT, plannedObjectStoreEndpoint, type ObjectStoreEndpoint } from "../clouds/objectStoreEndpoint";
import { PLATFORM_NAMESPACES, tenantNamespace, type PlatformSpec } from "../spec";
import { CHART_FACTS } from "./chartModel";
import type { RecordedResource } from "./engine";
import { notebookFlows } from "./notebookFlows";

type Labels = Readonly<Record<string, string>>;

/** A pod as the flow table names it. */
export interface PodEnd {
    readonly kind: "pod";
    readonly namespace: string;
    readonly labels: Labels;
    readonly what: string;
}
/** A host-network listener (node-exporter, kubelet): the node's own address. */
export interface NodeEnd {
    readonly kind: "node";
    readonly what: string;
}
/** An address that is neither a pod nor a node (the API server, the object store, link-local endpoints). */
export interface AddressEnd {
    readonly kind: "address";
    readonly ip: string;
    readonly what: string;
}
/** A Service in front of a backend. */
export interface ServiceEnd {
    readonly kind: "service";
    readonly namespace: string;
    readonly clusterIp: string;
    /** The Service's selector; undefined for a selector-less Service (`kubernetes`). */
    readonly selector?: Labels;
    readonly port: number;
    readonly backend: PodEnd | AddressEnd;
    readonly what: string;
}
/** Where a flow starts. */
export type Source = PodEnd | NodeEnd | AddressEnd;
/** Where a flow goes. */
export type Destination = PodEnd | NodeEnd | AddressEnd | ServiceEnd;

/** One row of the flow table. */
export interface Flow {
    /** Must be allowed (`required`) or must be denied (`forbidden`). */
    readonly expect: "required" | "forbidden";
    /** The group (`DNS`, `API server`, `webhooks`, ...). */
    readonly group: string;
    readonly from: Source;
    readonly to: Destination;
    /** Destination port (the backend's port for a Service). */
    readonly port: number | string;
    readonly protocol: "TCP" | "UDP";
}

/** A NetworkPolicy as the plan recorded it. */
export interface PolicyObject {
    readonly namespace: string;
    readonly name: string;
    readonly spec: Record<string, unknown>;
}

/** The verdict on one flow. */
export interface FlowVerdict {
    readonly flow: Flow;
    readonly allowed: boolean;
    /** Which side decided, in words (`egress: allow-https-egress`, `ingress: no rule of default-deny, ...`). */
    readonly egress: string;
    readonly ingress: string;
    readonly ok: boolean;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

interface Selector {
    readonly matchLabels?: Labels;
    readonly matchExpressions?: readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] }[];
}

/**
 * Whether a label selector selects these labels (an empty selector selects everything).
 * @param sel the selector
 * @param labels the labels
 */
export function selects(sel: Selector, labels: Labels): boolean {
    for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
    for (const e of sel.matchExpressions ?? []) {
        const v = labels[e.key];
        const values = e.values ?? [];
        const ok = e.operator === "In" ? v !== undefined && values.includes(v) : e.operator === "NotIn" ? v === undefined || !values.includes(v) : e.operator === "Exists" ? v !== undefined : e.operator === "DoesNotExist" ? v === undefined : false;
        if (!ok) return false;
    }
    return true;
}

function inCidr(ip: string, cidr: string): boolean {
    try {
        return ipaddr.IPv4.parse(ip).match(ipaddr.IPv4.parseCIDR(cidr));
    } catch {
        return false;
    }
}

/** A representative address inside a block (network + nth, 10 unless given), for ends the table names by kind. */
function addressIn(cidr: string, nth = 10): string {
    let ip = firstAddress(cidr);
    for (let i = 0; i < nth - 1; i++) ip = firstAddress(`${ip}/32`);
    return ip;
}

/** What the policy engine sees a non-Service end as. */
type Seen = PodEnd | NodeEnd | AddressEnd;

function ipOf(end: Seen, net: NetworkSemantics): string {
    return end.kind === "address" ? end.ip : end.kind === "pod" ? addressIn(net.podCidr) : addressIn(net.nodeCidr);
}

function ipBlockMatches(block: Obj, end: Seen, net: NetworkSemantics, ip = ipOf(end, net)): boolean {
    if (end.kind === "pod" && !net.ipBlockMatchesPods) return false;
    if (end.kind === "node" && !net.ipBlockMatchesNodes) return false;
    const cidr = typeof block["cidr"] === "string" ? block["cidr"] : "";
    return inCidr(ip, cidr) && !arr(block["except"]).some((e) => typeof e === "string" && inCidr(ip, e));
}

function selectorPeerMatches(peer: Obj, policyNs: string, pod: { namespace: string; labels: Labels }, nsLabels: (ns: string) => Labels): boolean {
    const nsSel = peer["namespaceSelector"];
    if (isObj(nsSel)) {
        if (!selects(nsSel as Selector, nsLabels(pod.namespace))) return false;
    } else if (pod.namespace !== policyNs) return false;
    const podSel = peer["podSelector"];
    return !isObj(podSel) || selects(podSel as Selector, pod.labels);
}

function peerMatches(peer: unknown, policyNs: string, end: Seen, net: NetworkSemantics, nsLabels: (ns: string) => Labels): boolean {
    if (!isObj(peer)) return false;
    if (isObj(peer["ipBlock"])) return ipBlockMatches(peer["ipBlock"], end, net);
    if (end.kind !== "pod") return false;
    return selectorPeerMatches(peer, policyNs, end, nsLabels);
}

function portMatches(ports: unknown, port: number | string, protocol: string): boolean {
    const list = arr(ports);
    if (list.length === 0) return true;
    return list.some((p) => {
        if (!isObj(p)) return false;
        if ((typeof p["protocol"] === "string" ? p["protocol"] : "TCP") !== protocol) return false;
        const want = p["port"];
        if (want === undefined) return true;
        if (typeof want === "number" && typeof port === "number") return port >= want && port <= (typeof p["endPort"] === "number" ? p["endPort"] : want);
        return want === port;
    });
}

function policyTypes(spec: Obj): string[] {
    const declared = arr(spec["policyTypes"]).filter((t): t is string => typeof t === "string");
    if (declared.length > 0) return declared;
    return ["Ingress", ...(spec["egress"] !== undefined ? ["Egress"] : [])];
}

function selecting(policies: readonly PolicyObject[], pod: PodEnd, type: "Ingress" | "Egress"): PolicyObject[] {
    return policies.filter((p) => p.namespace === pod.namespace && policyTypes(p.spec).includes(type) && selects((isObj(p.spec["podSelector"]) ? p.spec["podSelector"] : {}) as Selector, pod.labels));
}

/** Whether one egress rule admits the flow's destination, with the CNI's Service semantics. */
function egressRuleAdmits(rule: Obj, policyNs: string, flow: Flow, net: NetworkSemantics, nsLabels: (ns: string) => Labels): boolean {
    const to = arr(rule["to"]);
    const dst = flow.to;
    if (dst.kind !== "service" || net.serviceEgressMatchedOn === "backend") {
        const seen: Seen = dst.kind === "service" ? dst.backend : dst;
        if (!portMatches(rule["ports"], flow.port, flow.protocol)) return false;
        return to.length === 0 || to.some((peer) => peerMatches(peer, policyNs, seen, net, nsLabels));
    }
    // Before DNAT (EKS): the packet goes to ClusterIP:servicePort. ipBlock peers see the ClusterIP;
    // selector peers admit it only when the Service's selector is one they select (endpoints.go
    // getMatchingServiceClusterIPs), on the backend's target port mapped to the Service port.
    if (to.length === 0) return portMatches(rule["ports"], dst.port, flow.protocol);
    return to.some((peer) => {
        if (!isObj(peer)) return false;
        if (isObj(peer["ipBlock"])) return portMatches(rule["ports"], dst.port, flow.protocol) && ipBlockMatches(peer["ipBlock"], { kind: "address", ip: dst.clusterIp, what: dst.what }, net);
        if (dst.selector === undefined) return false;
        return portMatches(rule["ports"], flow.port, flow.protocol) && selectorPeerMatches(peer, policyNs, { namespace: dst.namespace, labels: dst.selector }, nsLabels);
    });
}

function ingressRuleAdmits(rule: Obj, policyNs: string, flow: Flow, net: NetworkSemantics, nsLabels: (ns: string) => Labels): boolean {
    if (!portMatches(rule["ports"], flow.port, flow.protocol)) return false;
    const from = arr(rule["from"]);
    return from.length === 0 || from.some((peer) => peerMatches(peer, policyNs, flow.from, net, nsLabels));
}

function side(pod: Seen | ServiceEnd, policies: readonly PolicyObject[], type: "Ingress" | "Egress", admits: (rule: Obj, ns: string) => boolean): { allowed: boolean; why: string } {
    if (pod.kind !== "pod") return { allowed: true, why: pod.kind === "service" ? "—" : "not a pod (no policy applies)" };
    const sel = selecting(policies, pod, type);
    if (sel.length === 0) return { allowed: true, why: "no policy isolates it" };
    const key = type === "Egress" ? "egress" : "ingress";
    const by = sel.filter((p) => arr(p.spec[key]).some((r) => isObj(r) && admits(r, p.namespace)));
    return by.length > 0 ? { allowed: true, why: by.map((p) => p.name).join(", ") } : { allowed: false, why: `no rule admits it (${sel.map((p) => p.name).join(", ")})` };
}

/**
 * Evaluate one flow: allowed when the source's egress policies and the destination's ingress policies
 * both admit it (a side no policy isolates admits everything).
 * @param flow the flow
 * @param policies every NetworkPolicy of the plan
 * @param net the cluster's CNI semantics
 * @param nsLabels the labels of a namespace
 */
export function evaluateFlow(flow: Flow, policies: readonly PolicyObject[], net: NetworkSemantics, nsLabels: (ns: string) => Labels): FlowVerdict {
    const egress = side(flow.from, policies, "Egress", (r, ns) => egressRuleAdmits(r, ns, flow, net, nsLabels));
    const dst: Seen | ServiceEnd = flow.to.kind === "service" ? flow.to.backend : flow.to;
    const ingress = side(dst, policies, "Ingress", (r, ns) => ingressRuleAdmits(r, ns, flow, net, nsLabels));
    const allowed = egress.allowed && ingress.allowed;
    return { flow, allowed, egress: egress.why, ingress: ingress.why, ok: flow.expect === "required" ? allowed : !allowed };
}

/** What the flow table is built from: the spec's services and tenants, the plan's releases and monitors. */
export interface FlowInputs {
    readonly net: NetworkSemantics;
    readonly tenants: readonly string[];
    readonly services: { readonly spark: boolean; readonly kafka: boolean; readonly cassandra: boolean; readonly monitoring: boolean };
    /** Webhook servers: namespace, port, what (from the releases and CHART_FACTS). */
    readonly webhooks: readonly { readonly namespace: string; readonly port: number; readonly what: string }[];
    /** Prometheus targets: namespace and port of each ServiceMonitor/PodMonitor endpoint. */
    readonly monitorTargets: readonly { readonly namespace: string; readonly port: number | string; readonly what: string }[];
    /** Namespaces that run operators calling the API server, with what runs there. */
    readonly operators: readonly { readonly namespace: string; readonly what: string }[];
    /** Where Spark reaches the object store (ClusterHandle.objectStore.endpoint). @default the cloud's HTTPS API outside the cluster */
    readonly objectStore?: ObjectStoreEndpoint;
    /** The notebooks' namespace, when notebooks are on (issue 26; components/plan/notebookFlows.ts). */
    readonly notebooks?: string;
}

const pod = (namespace: string, what: string, labels: Labels = {}): PodEnd => ({ kind: "pod", namespace, labels, what });

/** A representative public address for the API server and the object store (TEST-NET-2, RFC 5737). */
const OUTSIDE = { apiServer: "198.51.100.10", objectStore: "198.51.100.20" } as const;

/**
 * The declared flow table: every flow the issue names as required or forbidden, instantiated for the
 * stack's namespaces. A flow missing here is not checked; add rows rather than loosening verdicts.
 * @param i what the table is built from
 */
export function declaredFlows(i: FlowInputs): Flow[] {
    const net = i.net;
    const tenants = i.tenants.map(tenantNamespace);
    const ns = PLATFORM_NAMESPACES;
    const flows: Flow[] = [];
    const req = (group: string, from: Source, to: Destination, port: number | string, protocol: "TCP" | "UDP" = "TCP") => flows.push({ expect: "required", group, from, to, port, protocol });
    const forbid = (group: string, from: Source, to: Destination, port: number | string, protocol: "TCP" | "UDP" = "TCP") => flows.push({ expect: "forbidden", group, from, to, port, protocol });

    const platformNs = [...(i.services.spark ? [ns.sparkOperator, ns.spark] : []), ...(i.services.kafka ? [ns.kafka] : []), ...(i.services.cassandra ? [ns.cassandra] : []), ...(i.services.monitoring ? [ns.monitoring] : []), ...i.webhooks.map((w) => w.namespace)];
    const everyNs = [...new Set([...platformNs, ...(i.notebooks ? [i.notebooks] : []), ...tenants])];
    // The cluster DNS Service takes the tenth address of the Service range on the three clouds.
    const dns: ServiceEnd = { kind: "service", namespace: "kube-system", clusterIp: addressIn(net.serviceCidr), selector: { "k8s-app": "kube-dns" }, port: 53, backend: pod("kube-system", "CoreDNS", { "k8s-app": "kube-dns" }), what: "kube-dns Service" };
    for (const n of everyNs) req("every pod -> cluster DNS", pod(n, `pod in ${n}`), dns, 53, "UDP");

    const apiServer: ServiceEnd = { kind: "service", namespace: "default", clusterIp: net.apiServerService.clusterIp, port: net.apiServerService.port, backend: { kind: "address", ip: OUTSIDE.apiServer, what: "API server endpoint" }, what: "kubernetes Service (API server)" };
    const drivers = [...(i.services.spark ? [ns.spark] : []), ...(i.services.spark ? tenants : [])];
    for (const o of i.operators) req("operators and Spark drivers -> API server", pod(o.namespace, o.what), apiServer, 443);
    for (const n of drivers) req("operators and Spark drivers -> API server", pod(n, `Spark driver in ${n}`, { "spark-role": "driver" }), apiServer, 443);

    const caller: Source = net.webhookCaller.kind === "pod" ? pod(net.webhookCaller.namespace, net.webhookCaller.what, net.webhookCaller.labels) : { kind: "address", ip: addressIn(net.webhookCaller.cidr), what: net.webhookCaller.what };
    for (const w of i.webhooks) req("API server -> admission webhooks", caller, pod(w.namespace, w.what), w.port);
    // YuniKorn's REST API lists every team's applications and queues: only Prometheus and the API server reach it (issue 27).
    for (const o of i.operators.filter((x) => x.what.startsWith("yunikorn "))) for (const t of tenants) forbid("tenants -/-> the batch scheduler's REST API", pod(t, `pod in ${t}`), pod(o.namespace, "YuniKorn scheduler REST API", { app: "yunikorn", component: "yunikorn-scheduler" }), 9080);

    if (i.services.monitoring) {
        const prom = pod(ns.monitoring, "Prometheus", { "app.kubernetes.io/name": "prometheus" });
        for (const t of i.monitorTargets) req("Prometheus -> monitors, node-exporter, kubelets", prom, pod(t.namespace, t.what), t.port);
        req("Prometheus -> monitors, node-exporter, kubelets", prom, { kind: "node", what: "node-exporter (host network)" }, 9100);
        req("Prometheus -> monitors, node-exporter, kubelets", prom, { kind: "node", what: "kubelet" }, 10250);
    }

    // The object store: the cloud's HTTPS API outside the cluster, or (existing clusters) the spec's S3
    // endpoint, e.g. an in-cluster MinIO Service, judged by its backend pods in the Service's namespace.
    const store = i.objectStore ?? CLOUD_OBJECT_STORE_ENDPOINT;
    const storeEnd: Destination = store.service
        ? { kind: "service", namespace: store.service.namespace, clusterIp: addressIn(net.serviceCidr, 20), selector: { app: store.service.name }, port: store.port, backend: pod(store.service.namespace, `${store.service.name} (${store.what})`, { app: store.service.name }), what: `${store.service.name}.${store.service.namespace} Service` }
        : { kind: "address", ip: OUTSIDE.objectStore, what: store.what };
    for (const n of drivers) {
        req("Spark driver <-> executors, -> object store", pod(n, `Spark driver in ${n}`, { "spark-role": "driver" }), pod(n, `Spark executor in ${n}`, { "spark-role": "executor" }), 7079);
        req("Spark driver <-> executors, -> object store", pod(n, `Spark executor in ${n}`, { "spark-role": "executor" }), pod(n, `Spark driver in ${n}`, { "spark-role": "driver" }), 7078);
        req("Spark driver <-> executors, -> object store", pod(n, `Spark driver in ${n}`, { "spark-role": "driver" }), storeEnd, store.port);
        req("Spark driver <-> executors, -> object store", pod(n, `Spark executor in ${n}`, { "spark-role": "executor" }), storeEnd, store.port);
    }
    if (i.services.spark) req("Spark driver <-> executors, -> object store", pod(ns.spark, "Spark history server", { "app.kubernetes.io/name": "spark-history-server" }), storeEnd, store.port);

    const clients = [...tenants, ...(i.services.spark ? [ns.spark] : [])];
    if (i.services.kafka) {
        const broker = pod(ns.kafka, "Kafka broker", { "strimzi.io/broker-role": "true" });
        const controller = pod(ns.kafka, "Kafka controller", { "strimzi.io/controller-role": "true" });
        for (const c of clients) req("Kafka clients, brokers <-> controllers, operators -> brokers", pod(c, `client in ${c}`), broker, 9093);
        req("Kafka clients, brokers <-> controllers, operators -> brokers", broker, controller, 9090);
        req("Kafka clients, brokers <-> controllers, operators -> brokers", controller, broker, 9091);
        for (const w of ["Strimzi cluster operator", "Cruise Control", "entity operator"]) req("Kafka clients, brokers <-> controllers, operators -> brokers", pod(ns.kafka, w), broker, 9091);
        for (const t of tenants) forbid("tenants -/-> Kafka controllers, Cassandra inter-node, kube-system", pod(t, `tenant pod in ${t}`), controller, 9090);
    }
    if (i.services.cassandra) {
        const node = pod(ns.cassandra, "Cassandra node", { "app.kubernetes.io/name": "cassandra" });
        req("Cassandra inter-node, clients, operator -> management API and Medusa", node, pod(ns.cassandra, "Cassandra node (peer)", { "app.kubernetes.io/name": "cassandra" }), 7000);
        for (const c of clients) req("Cassandra inter-node, clients, operator -> management API and Medusa", pod(c, `client in ${c}`), node, 9042);
        req("Cassandra inter-node, clients, operator -> management API and Medusa", pod(ns.cassandra, "cass-operator"), node, 8080);
        req("Cassandra inter-node, clients, operator -> management API and Medusa", pod(ns.cassandra, "k8ssandra-operator"), node, 50051);
        for (const t of tenants) for (const p of [7000, 7001]) forbid("tenants -/-> Kafka controllers, Cassandra inter-node, kube-system", pod(t, `tenant pod in ${t}`), node, p);
    }

    if (i.notebooks) flows.push(...notebookFlows(i.notebooks, tenants, (nth) => addressIn(net.serviceCidr, nth)));
    for (const a of tenants) for (const b of tenants) if (a !== b) forbid("tenant -/-> other tenant", pod(a, `tenant pod in ${a}`), pod(b, `tenant pod in ${b}`), 8080);
    for (const t of tenants) {
        for (const p of [443, 10250]) forbid("tenants -/-> Kafka controllers, Cassandra inter-node, kube-system", pod(t, `tenant pod in ${t}`), pod("kube-system", "metrics-server (kube-system)", { "k8s-app": "metrics-server" }), p);
        const metadata: AddressEnd = { kind: "address", ip: net.instanceMetadata, what: "instance metadata" };
        const identity = net.identityEndpoints.filter((e) => inCidr(net.instanceMetadata, e.cidr));
        if (identity.length > 0) for (const e of identity) for (const p of e.ports) req("pods -> workload identity endpoint (instance metadata only where identity needs it)", pod(t, `tenant pod in ${t}`), { ...metadata, what: e.what }, p);
        else forbid("pods -/-> instance metadata", pod(t, `tenant pod in ${t}`), metadata, 80);
        for (const e of net.identityEndpoints.filter((x) => !inCidr(net.instanceMetadata, x.cidr))) for (const p of e.ports) req("pods -> workload identity endpoint (instance metadata only where identity needs it)", pod(t, `tenant pod in ${t}`), { kind: "address", ip: e.cidr.split("/")[0] ?? "", what: e.what }, p);
    }
    return flows;
}

const NAMESPACE_TYPE = "kubernetes:core/v1:Namespace";
const POLICY_TYPE = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

/**
 * The flow-table inputs and policies of a recorded plan.
 * @param spec the validated spec
 * @param net the cluster's CNI semantics
 * @param resources what the program registered
 */
export function connectivityInputs(spec: PlatformSpec, net: NetworkSemantics, resources: readonly Pick<RecordedResource, "type" | "inputs">[]): { inputs: FlowInputs; policies: PolicyObject[]; nsLabels: (ns: string) => Labels } {
    const meta = (r: Pick<RecordedResource, "inputs">): Obj => (isObj(r.inputs["metadata"]) ? r.inputs["metadata"] : {});
    const labels = new Map<string, Labels>();
    for (const r of resources.filter((x) => x.type === NAMESPACE_TYPE)) {
        const name = String(meta(r)["name"] ?? "");
        labels.set(name, { ...(isObj(meta(r)["labels"]) ? (meta(r)["labels"] as Labels) : {}), "kubernetes.io/metadata.name": name });
    }
    const nsLabels = (ns: string): Labels => labels.get(ns) ?? { "kubernetes.io/metadata.name": ns };
    const policies = resources.filter((r) => r.type === POLICY_TYPE).map((r) => ({ namespace: String(meta(r)["namespace"] ?? ""), name: String(meta(r)["name"] ?? ""), spec: isObj(r.inputs["spec"]) ? r.inputs["spec"] : {} }));
    const releases = resources.filter((r) => /:Release$/.test(r.type)).map((r) => ({ chart: String(r.inputs["chart"] ?? ""), namespace: String(r.inputs["namespace"] ?? ""), values: isObj(r.inputs["values"]) ? r.inputs["values"] : {} }));
    const valueAt = (values: Obj, key: string): unknown => key.split(".").reduce<unknown>((v, k) => (isObj(v) ? v[k] : undefined), values);
    const webhooks = releases.flatMap((r) =>
        (CHART_FACTS[r.chart]?.webhooks ?? []).map((w) => {
            const set = w.portValue !== undefined ? valueAt(r.values, w.portValue) : undefined;
            return { namespace: r.namespace, port: typeof set === "number" ? set : w.port, what: `${w.what} (${r.namespace})` };
        }),
    );
    const chartMonitors = releases.flatMap((r) =>
        (CHART_FACTS[r.chart]?.monitors ?? []).flatMap((m) => {
            const on = valueAt(r.values, m.enabledBy);
            if (!(typeof on === "boolean" ? on : m.enabledByDefault)) return [];
            const port = m.portValue !== undefined ? valueAt(r.values, m.portValue) : undefined;
            const namespace = m.namespace ?? r.namespace;
            return [{ namespace, port: typeof port === "number" ? port : m.port, what: `${m.what} (${namespace})` }];
        }),
    );
    const operators = releases.filter((r) => r.namespace !== "kube-system").map((r) => ({ namespace: r.namespace, what: `${r.chart} (${r.namespace})` }));
    const monitorTargets = resources
        .filter((r) => /:(ServiceMonitor|PodMonitor)$/.test(r.type))
        .flatMap((r) => {
            const s = isObj(r.inputs["spec"]) ? r.inputs["spec"] : {};
            const names = arr(isObj(s["namespaceSelector"]) ? s["namespaceSelector"]["matchNames"] : undefined).filter((n): n is string => typeof n === "string");
            const namespaces = names.length > 0 ? names : [String(meta(r)["namespace"] ?? "")];
            const endpoints = [...arr(s["endpoints"]), ...arr(s["podMetricsEndpoints"])].filter(isObj);
            return namespaces.flatMap((n) => endpoints.map((e) => ({ namespace: n, port: (typeof e["targetPort"] === "number" ? e["targetPort"] : typeof e["port"] === "string" || typeof e["port"] === "number" ? e["port"] : "metrics") as number | string, what: `${String(meta(r)["name"] ?? "")} target (${n})` })));
        });
    return {
        inputs: { net, tenants: Object.keys(spec.tenants), services: { spark: spec.spark.enabled, kafka: spec.kafka.enabled, cassandra: spec.cassandra.enabled, monitoring: spec.monitoring.enabled }, webhooks, monitorTargets: [...monitorTargets, ...chartMonitors], operators, objectStore: plannedObjectStoreEndpoint(spec), ...(spec.notebooks.enabled ? { notebooks: "notebooks" } : {}) },
        policies,
        nsLabels,
    };
}

/** The rendered section and the flows that fail. */
export interface ConnectivityCheck {
    readonly markdown: string;
    readonly verdicts: readonly FlowVerdict[];
    /** One line per failing flow. */
    readonly failures: readonly string[];
}

function endText(e: Source | Destination): string {
    return e.kind === "pod" ? `${e.what}` : e.kind === "service" ? `${e.what} ${e.clusterIp}` : e.kind === "address" ? `${e.what} ${e.ip}` : e.what;
}

/**
 * Evaluate the declared flow table against a plan and render the report section.
 * @param spec the validated spec
 * @param net the cluster's CNI semantics
 * @param resources what the program registered
 */
export function checkConnectivity(spec: PlatformSpec, net: NetworkSemantics, resources: readonly Pick<RecordedResource, "type" | "inputs">[]): ConnectivityCheck {
    const { inputs, policies, nsLabels } = connectivityInputs(spec, net, resources);
    const verdicts = declaredFlows(inputs).map((f) => evaluateFlow(f, policies, net, nsLabels));
    const failures = verdicts.filter((v) => !v.ok).map((v) => `${v.flow.expect} ${endText(v.flow.from)} -> ${endText(v.flow.to)}:${v.flow.port}/${v.flow.protocol} is ${v.allowed ? "allowed" : "denied"} (egress: ${v.egress}; ingress: ${v.ingress})`);
    const lines = [
        "## Connectivity",
        "",
        `CNI: **${net.cni}**. ipBlock matches pods: ${net.ipBlockMatchesPods ? "yes" : "no"}; nodes: ${net.ipBlockMatchesNodes ? "yes" : "no"}; egress to a Service is matched on its ${net.serviceEgressMatchedOn === "clusterIP" ? "ClusterIP, before DNAT" : "backend, after DNAT"}; webhook calls come from ${net.webhookCaller.what}.`,
        ...(net.enforcement === "unknown" ? ["", "**Enforcement unknown**: this is an existing cluster whose CNI tristack did not choose. The verdicts read the policies with the Kubernetes API's semantics; they hold only if the cluster's CNI enforces NetworkPolicy at all."] : []),
        "",
        `Sources: ${net.evidence.join("; ")}.`,
        "",
        `${verdicts.length} flows: ${verdicts.filter((v) => v.flow.expect === "required").length} required, ${verdicts.filter((v) => v.flow.expect === "forbidden").length} forbidden; **${failures.length} wrong**.`,
        "",
        "| group | from | to | port | expected | verdict | egress admitted by | ingress admitted by |",
        "|---|---|---|---|---|---|---|---|",
        ...verdicts.map((v) => `| ${v.flow.group} | ${endText(v.flow.from)} | ${endText(v.flow.to)} | ${v.flow.port}/${v.flow.protocol} | ${v.flow.expect} | ${v.ok ? "" : "**WRONG** "}${v.allowed ? "allowed" : "denied"} | ${v.egress} | ${v.ingress} |`),
    ];
    return { markdown: `${lines.join("\n")}\n`, verdicts, failures };
}
