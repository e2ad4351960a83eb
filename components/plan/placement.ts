/**
 * Where each planned workload can run: the pod placement every Kubernetes object, CR and Helm release
 * of a plan asks for (nodeSelector, required node affinity, tolerations) evaluated against the pool
 * contract in the plan's `pools` output (labels and taints). Feeds the "what runs where" picture of
 * report.md; pure, so it is tested on small plans.
 */
import { parse as parseYaml } from "yaml";
import type { PlanDocument, PlanResource } from "./artifacts";

/** A pool as the plan's `pools` output describes it. */
export interface PlanPool {
    readonly role?: string;
    readonly labels: Readonly<Record<string, string>>;
    readonly taints: readonly { readonly key: string; readonly value?: string; readonly effect: string }[];
    readonly minNodes?: number;
    readonly maxNodes?: number;
    readonly instanceType?: string;
}

/** What a workload's pods ask of a node. */
export interface PodPlacement {
    readonly nodeSelector?: Readonly<Record<string, string>>;
    /** `requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms` (ORed; expressions ANDed). */
    readonly requiredTerms?: readonly NodeSelectorTerm[];
    readonly tolerations?: readonly Toleration[];
}

interface NodeSelectorTerm {
    readonly matchExpressions?: readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] }[];
}

interface Toleration {
    readonly key?: string;
    readonly operator?: string;
    readonly value?: string;
    readonly effect?: string;
}

/** The kind of workload, for grouping and colour in the picture. */
export type WorkloadClass = "spark" | "kafka" | "cassandra" | "operator" | "daemonset" | "other";

/** One workload and the pools its pods may land on. */
export interface Workload {
    /** What people call it (`Spark driver`, `Kafka brokers ×3`, `spark-operator controller`). */
    readonly label: string;
    /** Namespaces it runs in (a Spark template per tenant is one workload in several namespaces). */
    readonly namespaces: readonly string[];
    readonly kind: WorkloadClass;
    /** Pools whose labels and taints admit its pods (empty: nothing can schedule it). */
    readonly pools: readonly string[];
}

/**
 * Helm values that render DaemonSets, with the chart's default tolerations where our values set none.
 * prometheus-node-exporter: `tolerations: [{effect: NoSchedule, operator: Exists}]` in
 * prometheus-community/helm-charts charts/prometheus-node-exporter/values.yaml (the kube-prometheus-stack
 * sub-chart); the NVIDIA device plugin and DCGM exporter charts deploy one DaemonSet each.
 */
const HELM_DAEMONSETS: readonly { readonly chart: string; readonly path: string; readonly defaultTolerations?: readonly Toleration[] }[] = [
    { chart: "kube-prometheus-stack", path: "prometheus-node-exporter", defaultTolerations: [{ effect: "NoSchedule", operator: "Exists" }] },
    { chart: "nvidia-device-plugin", path: "" },
    { chart: "dcgm-exporter", path: "" },
];

const POD_SPEC_KINDS: Readonly<Record<string, string>> = { Deployment: "spec.template.spec", StatefulSet: "spec.template.spec", DaemonSet: "spec.template.spec", ReplicaSet: "spec.template.spec", Job: "spec.template.spec", CronJob: "spec.jobTemplate.spec.template.spec", Pod: "spec" };

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

function at(root: unknown, path: string): unknown {
    return path === "" ? root : path.split(".").reduce<unknown>((v, k) => (isObj(v) ? v[k] : undefined), root);
}

function stringMap(v: unknown): Record<string, string> | undefined {
    if (!isObj(v)) return undefined;
    const out: Record<string, string> = {};
    for (const [k, x] of Object.entries(v)) if (typeof x === "string") out[k] = x;
    return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The placement one object (a pod spec, a Helm values block, a CR's pod template) asks for;
 * tolerations fall back to the nearest enclosing object that has them.
 * @param o the object
 * @param inherited tolerations of the enclosing objects
 */
function placementOf(o: Obj, inherited?: readonly Toleration[]): PodPlacement {
    const terms = at(o, "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms");
    const nodeSelector = { ...stringMap(o["nodeSelector"]), ...stringMap(o["nodeAffinityLabels"]) };
    return {
        ...(Object.keys(nodeSelector).length > 0 ? { nodeSelector } : {}),
        ...(Array.isArray(terms) ? { requiredTerms: terms as NodeSelectorTerm[] } : {}),
        ...(Array.isArray(o["tolerations"]) ? { tolerations: o["tolerations"] as Toleration[] } : inherited ? { tolerations: inherited } : {}),
    };
}

/**
 * Labels the kubelet and the cloud put on every node (kubernetes.io/docs/reference/labels-annotations-taints/):
 * the pool contract does not list them, so a selector on one (a Cassandra rack's zone, `kubernetes.io/os`)
 * is taken as met by some node of the pool.
 */
const WELL_KNOWN_NODE_LABEL = /^(topology\.kubernetes\.io\/(zone|region)|kubernetes\.io\/(os|arch|hostname)|node\.kubernetes\.io\/instance-type)$/;

function expressionHolds(labels: Readonly<Record<string, string>>, e: { key: string; operator: string; values?: readonly string[] }): boolean {
    if (WELL_KNOWN_NODE_LABEL.test(e.key) && labels[e.key] === undefined) return true;
    const v = labels[e.key];
    switch (e.operator) {
        case "In":
            return v !== undefined && (e.values ?? []).includes(v);
        case "NotIn":
            return v === undefined || !(e.values ?? []).includes(v);
        case "Exists":
            return v !== undefined;
        case "DoesNotExist":
            return v === undefined;
        case "Gt":
            return v !== undefined && Number(v) > Number(e.values?.[0]);
        case "Lt":
            return v !== undefined && Number(v) < Number(e.values?.[0]);
        default:
            return false;
    }
}

function tolerates(tolerations: readonly Toleration[], taint: PlanPool["taints"][number]): boolean {
    return tolerations.some((t) => {
        if (t.effect && t.effect !== taint.effect) return false;
        if (t.operator === "Exists") return !t.key || t.key === taint.key;
        return t.key === taint.key && (t.value ?? "") === (taint.value ?? "");
    });
}

/**
 * Whether a pod with this placement can be scheduled on a node of this pool, as the scheduler decides
 * from labels and taints: every nodeSelector label matches, one required node-affinity term holds, and
 * every NoSchedule/NoExecute taint is tolerated (kubernetes.io/docs/concepts/scheduling-eviction/).
 * @param pool the pool
 * @param p the placement
 */
export function admits(pool: PlanPool, p: PodPlacement): boolean {
    if (p.nodeSelector && !Object.entries(p.nodeSelector).every(([k, v]) => pool.labels[k] === v || (WELL_KNOWN_NODE_LABEL.test(k) && pool.labels[k] === undefined))) return false;
    if (p.requiredTerms && p.requiredTerms.length > 0 && !p.requiredTerms.some((t) => (t.matchExpressions ?? []).every((e) => expressionHolds(pool.labels, e)))) return false;
    return pool.taints.filter((t) => t.effect === "NoSchedule" || t.effect === "NoExecute").every((t) => tolerates(p.tolerations ?? [], t));
}

interface Found {
    readonly label: string;
    readonly namespace: string;
    readonly kind: WorkloadClass;
    readonly placement: PodPlacement;
}

/** Every object under `root` that asks for a placement, with its dotted path. */
function placementBlocks(root: unknown, path = "", inherited?: readonly Toleration[], out: { path: string; placement: PodPlacement }[] = []): { path: string; placement: PodPlacement }[] {
    if (Array.isArray(root)) {
        root.forEach((v, i) => placementBlocks(v, `${path}[${i}]`, inherited, out));
    } else if (isObj(root)) {
        const own = Array.isArray(root["tolerations"]) ? (root["tolerations"] as Toleration[]) : inherited;
        if (isObj(root["nodeSelector"]) || isObj(root["affinity"]) || isObj(root["nodeAffinityLabels"])) out.push({ path, placement: placementOf(root, inherited) });
        for (const [k, v] of Object.entries(root)) if (k !== "affinity" && k !== "nodeSelector" && k !== "tolerations") placementBlocks(v, path ? `${path}.${k}` : k, own, out);
    }
    return out;
}

function kindOf(r: PlanResource): string {
    return r.type.split(":")[2] ?? r.type;
}

function namespaceOf(r: PlanResource): string {
    const meta = isObj(r.inputs["metadata"]) ? r.inputs["metadata"] : {};
    return typeof meta["namespace"] === "string" ? meta["namespace"] : typeof r.inputs["namespace"] === "string" ? r.inputs["namespace"] : "";
}

function nameOf(r: PlanResource): string {
    const meta = isObj(r.inputs["metadata"]) ? r.inputs["metadata"] : {};
    return typeof meta["name"] === "string" ? meta["name"] : r.name;
}

function helmWorkloads(r: PlanResource): Found[] {
    const chart = String(r.inputs["chart"] ?? nameOf(r));
    const values = isObj(r.inputs["values"]) ? r.inputs["values"] : {};
    const ns = namespaceOf(r);
    const label = (path: string) => [chart, ...path.split(".").filter((s) => s !== "" && s !== "global" && !/Spec$/.test(s) && !/^\[\d+\]$/.test(s))].join(" ");
    const found = placementBlocks(values).map((b): Found => {
        const ds = HELM_DAEMONSETS.find((d) => d.chart === chart && d.path === b.path);
        return { label: label(b.path), namespace: ns, kind: ds ? "daemonset" : "operator", placement: b.placement };
    });
    for (const ds of HELM_DAEMONSETS.filter((d) => d.chart === chart && !found.some((f) => f.label === label(d.path)))) {
        const block = at(values, ds.path);
        if (ds.path !== "" && !isObj(block)) continue;
        const placement = placementOf(isObj(block) ? block : {});
        found.push({ label: label(ds.path), namespace: String((isObj(block) && block["namespaceOverride"]) || ns), kind: "daemonset", placement: { ...placement, tolerations: placement.tolerations ?? ds.defaultTolerations ?? [] } });
    }
    return found;
}

function crWorkloads(r: PlanResource): Found[] {
    const kind = kindOf(r);
    const ns = namespaceOf(r);
    const group = r.type.split(":")[1] ?? "";
    const cls: WorkloadClass = group.startsWith("kafka.strimzi.io") ? "kafka" : group.includes("k8ssandra.io") ? "cassandra" : "other";
    return placementBlocks(r.inputs).map((b): Found => {
        let label = `${kind} ${nameOf(r)} ${b.path.replace(/\.template\.pod$/, "").replace(/^spec\./, "")}`;
        if (kind === "KafkaNodePool") {
            const roles = at(r.inputs, "spec.roles");
            label = `Kafka ${Array.isArray(roles) ? roles.map((x) => `${String(x)}s`).join(" + ") : nameOf(r)} ×${String(at(r.inputs, "spec.replicas") ?? "?")}`;
        } else if (kind === "Kafka") {
            label = `Kafka ${b.path.split(".")[1] ?? b.path}`;
        } else if (kind === "K8ssandraCluster") {
            const m = /datacenters\[(\d+)\]\.racks\[(\d+)\]/.exec(b.path);
            const dc = m ? at(r.inputs, "spec.cassandra") : undefined;
            const dcs = isObj(dc) && Array.isArray(dc["datacenters"]) ? (dc["datacenters"] as Obj[]) : [];
            const d = m ? dcs[Number(m[1])] : undefined;
            const rack = d && Array.isArray(d["racks"]) ? (d["racks"] as Obj[])[Number(m![2])] : undefined;
            label = m ? `Cassandra ${String(at(d, "metadata.name") ?? `dc${m[1]}`)} rack ${String(rack?.["name"] ?? m[2])}` : `Cassandra ${b.path.split(".")[1] ?? b.path}`;
        }
        return { label, namespace: ns, kind: cls, placement: b.placement };
    });
}

/**
 * Spark pods a ConfigMap describes: pod template files, and the SparkApplication the platform's
 * `spark-defaults*` ConfigMaps carry (`sparkapplication.json`, components/data/spark/runtime.ts), whose
 * driver and executor fields hold the placement the operator's webhook applies.
 * @param r a ConfigMap
 */
function podTemplateWorkloads(r: PlanResource): Found[] {
    const data = isObj(r.inputs["data"]) ? r.inputs["data"] : {};
    const found: Found[] = [];
    const app = data["sparkapplication.json"];
    if (typeof app === "string") {
        let doc: unknown;
        try {
            doc = JSON.parse(app);
        } catch {
            doc = undefined;
        }
        const gpu = /-gpu$/.test(nameOf(r));
        for (const role of ["driver", "executor"] as const) {
            const spec = at(doc, `spec.${role}`);
            if (isObj(spec)) found.push({ label: `Spark ${role}${gpu && role === "executor" ? " gpu" : ""}`, namespace: namespaceOf(r), kind: "spark", placement: placementOf(spec) });
        }
    }
    for (const [key, text] of Object.entries(data)) {
        if (!/pod-template\.ya?ml$/.test(key) || typeof text !== "string") continue;
        let doc: unknown;
        try {
            doc = parseYaml(text);
        } catch {
            continue;
        }
        const spec = at(doc, "spec");
        if (!isObj(spec)) continue;
        const name = key.replace(/-?pod-template\.ya?ml$/, "").replace(/-/g, " ");
        found.push({ label: `Spark ${name}`, namespace: namespaceOf(r), kind: "spark", placement: placementOf(spec) });
    }
    return found;
}

function workloadsOf(r: PlanResource): Found[] {
    if (!r.custom || !r.type.startsWith("kubernetes:")) return [];
    const kind = kindOf(r);
    if (kind === "Release" || kind === "Chart") return helmWorkloads(r);
    const podPath = POD_SPEC_KINDS[kind];
    if (podPath && r.type.split(":")[1]?.match(/^(apps|batch|core)\//)) {
        const spec = at(r.inputs, podPath);
        const ns = namespaceOf(r);
        const cls: WorkloadClass = kind === "DaemonSet" ? "daemonset" : /spark/.test(ns) ? "spark" : ns === "kafka" ? "kafka" : ns === "cassandra" ? "cassandra" : "other";
        return [{ label: `${kind} ${nameOf(r)}`, namespace: ns, kind: cls, placement: placementOf(isObj(spec) ? spec : {}) }];
    }
    if (kind === "ConfigMap") return podTemplateWorkloads(r);
    return crWorkloads(r);
}

/**
 * Every workload of a plan and the pools it may run on. Workloads with the same label and pools in
 * several namespaces (a Spark template per tenant) are one entry.
 * @param doc a plan document
 */
export function placements(doc: Pick<PlanDocument, "resources" | "outputs">): Workload[] {
    const pools = (isObj(doc.outputs["pools"]) ? doc.outputs["pools"] : {}) as Record<string, PlanPool>;
    const merged = new Map<string, { label: string; kind: WorkloadClass; pools: string[]; namespaces: string[] }>();
    for (const f of doc.resources.flatMap(workloadsOf)) {
        const admitted = Object.entries(pools)
            .filter(([, p]) => admits(p, f.placement))
            .map(([name]) => name);
        const key = `${f.label}|${admitted.join(",")}`;
        const entry = merged.get(key) ?? { label: f.label, kind: f.kind, pools: admitted, namespaces: [] };
        if (f.namespace && !entry.namespaces.includes(f.namespace)) entry.namespaces.push(f.namespace);
        merged.set(key, entry);
    }
    return [...merged.values()];
}
