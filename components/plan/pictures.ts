/**
 * Mermaid pictures for report.md (GitHub renders ```mermaid blocks): what runs on which pool, and the
 * namespaces with the traffic their NetworkPolicies allow between them. Both are drawn from the plan's
 * own data (placement.ts evaluates pod placement against the pool contract; the flows come from the
 * planned NetworkPolicy objects), never from a hand-kept list.
 */
import type { PlanDocument, PlanResource } from "./artifacts";
import { placements, type PlanPool, type WorkloadClass } from "./placement";

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * A Mermaid node id: letters, digits and `_` only, never starting with a digit, never a keyword.
 * @param prefix a namespace for ids (`pool`, `ns`)
 * @param raw the name it stands for
 */
export function mermaidId(prefix: string, raw: string): string {
    return `${prefix}_${raw.replace(/[^A-Za-z0-9]+/g, "_")}`;
}

/**
 * A Mermaid label, quoted: `"` becomes `#quot;` and angle brackets their entities, so no name can end
 * the label or open markup.
 * @param text the label text
 */
export function mermaidLabel(text: string): string {
    return `"${text.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;")}"`;
}

const CLASS_STYLE: Readonly<Record<WorkloadClass, string>> = {
    spark: "fill:#fde2c4,stroke:#e8710a",
    kafka: "fill:#d7e3fc,stroke:#3366cc",
    cassandra: "fill:#d4f1e4,stroke:#188038",
    operator: "fill:#eeeeee,stroke:#666666",
    daemonset: "fill:#fff5b1,stroke:#b08800,stroke-dasharray:3 3",
    other: "fill:#ffffff,stroke:#999999",
};

/**
 * "What runs on which pool": one box per pool (role, instance type, node range) holding every workload
 * its labels and taints admit; workloads no pool admits go in a red box.
 * @param doc the plan document
 */
export function poolPicture(doc: Pick<PlanDocument, "resources" | "outputs">): string {
    const pools = (isObj(doc.outputs["pools"]) ? doc.outputs["pools"] : {}) as Record<string, PlanPool>;
    const workloads = placements(doc).sort((a, b) => a.kind.localeCompare(b.kind) || a.label.localeCompare(b.label));
    const lines = ["flowchart LR"];
    const used = new Set<WorkloadClass>();
    let n = 0;
    const node = (poolId: string, w: (typeof workloads)[number]) => {
        n += 1;
        used.add(w.kind);
        const ns = w.namespaces.length > 3 ? `${w.namespaces.slice(0, 3).join(", ")} +${w.namespaces.length - 3}` : w.namespaces.join(", ");
        lines.push(`    ${poolId}_${n}[${mermaidLabel(ns ? `${w.label} · ${ns}` : w.label)}]:::${w.kind}`);
    };
    for (const [name, p] of Object.entries(pools)) {
        const id = mermaidId("pool", name);
        const range = p.minNodes !== undefined && p.maxNodes !== undefined ? ` · ${p.minNodes}-${p.maxNodes} nodes` : "";
        lines.push(`  subgraph ${id}[${mermaidLabel(`pool ${name} (${p.role ?? "?"})${p.instanceType ? ` · ${p.instanceType}` : ""}${range}`)}]`, "    direction TB");
        const here = workloads.filter((w) => w.pools.includes(name));
        if (here.length === 0) lines.push(`    ${id}_empty[${mermaidLabel("nothing scheduled here")}]`);
        for (const w of here) node(id, w);
        lines.push("  end");
    }
    const nowhere = workloads.filter((w) => w.pools.length === 0);
    if (nowhere.length > 0) {
        lines.push(`  subgraph unschedulable[${mermaidLabel("no pool admits these pods")}]`, "    direction TB");
        for (const w of nowhere) node("unschedulable", w);
        lines.push("  end", "  style unschedulable fill:#fce8e6,stroke:#d93025");
    }
    for (const c of [...used].sort()) lines.push(`  classDef ${c} ${CLASS_STYLE[c]}`);
    return lines.join("\n");
}

/** A peer a NetworkPolicy rule names. */
type Peer = { readonly ns: string } | { readonly cidr: string } | { readonly any: true };

interface Rule {
    readonly peers: readonly Peer[];
    /** `port/protocol`; empty: every port. */
    readonly ports: readonly string[];
}

interface NamespacePolicy {
    ingress?: Rule[];
    egress?: Rule[];
}

function selectorMatches(selector: unknown, name: string, labels: Readonly<Record<string, string>>): boolean {
    if (!isObj(selector)) return true;
    const all: Record<string, string> = { ...labels, "kubernetes.io/metadata.name": name };
    const ml = isObj(selector["matchLabels"]) ? selector["matchLabels"] : {};
    if (!Object.entries(ml).every(([k, v]) => all[k] === v)) return false;
    const exprs = Array.isArray(selector["matchExpressions"]) ? (selector["matchExpressions"] as { key: string; operator: string; values?: string[] }[]) : [];
    return exprs.every((e) => (e.operator === "In" ? (e.values ?? []).includes(all[e.key] ?? "\u0000") : e.operator === "NotIn" ? !(e.values ?? []).includes(all[e.key] ?? "\u0000") : e.operator === "Exists" ? e.key in all : !(e.key in all)));
}

function peersOf(raw: unknown, own: string, namespaces: ReadonlyMap<string, Record<string, string>>): Peer[] {
    if (!Array.isArray(raw) || raw.length === 0) return [{ any: true }];
    const peers: Peer[] = [];
    for (const p of raw as Obj[]) {
        if (isObj(p["ipBlock"])) peers.push({ cidr: String(p["ipBlock"]["cidr"]) });
        else if (p["namespaceSelector"] === undefined) peers.push({ ns: own });
        else {
            const sel = p["namespaceSelector"];
            const named = isObj(sel) && isObj(sel["matchLabels"]) ? sel["matchLabels"]["kubernetes.io/metadata.name"] : undefined;
            const matched = [...namespaces].filter(([n, l]) => selectorMatches(sel, n, l)).map(([n]) => n);
            if (typeof named === "string" && !namespaces.has(named)) matched.push(named);
            peers.push(...matched.map((ns) => ({ ns })));
        }
    }
    return peers;
}

function portsOf(raw: unknown): string[] {
    if (!Array.isArray(raw)) return [];
    return (raw as Obj[]).map((p) => `${String(p["port"] ?? "*")}/${String(p["protocol"] ?? "TCP")}`);
}

/** A flow the policies allow: from one namespace (or address block) to another, on these ports. */
export interface Flow {
    readonly from: string;
    readonly to: string;
    /** `port/protocol` sorted; empty: every port. */
    readonly ports: readonly string[];
}

function permits(rules: readonly Rule[] | undefined, peer: string, cidrs: boolean): { allowed: boolean; ports: Set<string> | "all" } {
    if (rules === undefined) return { allowed: true, ports: "all" };
    let ports: Set<string> | "all" = new Set();
    let allowed = false;
    for (const r of rules) {
        const hit = r.peers.some((p) => "any" in p || ("ns" in p && p.ns === peer) || (cidrs && "cidr" in p && p.cidr === peer));
        if (!hit) continue;
        allowed = true;
        if (r.ports.length === 0) ports = "all";
        else if (ports !== "all") for (const x of r.ports) ports.add(x);
    }
    return { allowed, ports };
}

function meet(a: Set<string> | "all", b: Set<string> | "all"): Set<string> | "all" {
    if (a === "all") return b;
    if (b === "all") return a;
    return new Set([...a].filter((x) => b.has(x)));
}

/**
 * The namespace-to-namespace flows the planned NetworkPolicies allow: a flow needs the source's egress
 * and the destination's ingress to both allow it (namespaces without a policy allow everything), on the
 * ports both sides allow. Pod selectors inside a namespace are not drawn; flows within a namespace are
 * left out. Address blocks (`ipBlock`) appear as their CIDR.
 * @param resources the plan's resources
 */
export function allowedFlows(resources: readonly PlanResource[]): Flow[] {
    const namespaces = new Map<string, Record<string, string>>();
    for (const r of resources.filter((x) => x.type === "kubernetes:core/v1:Namespace")) {
        const meta = isObj(r.inputs["metadata"]) ? r.inputs["metadata"] : {};
        namespaces.set(String(meta["name"] ?? r.name), (isObj(meta["labels"]) ? meta["labels"] : {}) as Record<string, string>);
    }
    const policies = new Map<string, NamespacePolicy>();
    const nodes = new Set<string>(namespaces.keys());
    const cidrs = new Set<string>();
    for (const r of resources.filter((x) => /^kubernetes:networking\.k8s\.io\/v1:NetworkPolicy$/.test(x.type))) {
        const meta = isObj(r.inputs["metadata"]) ? r.inputs["metadata"] : {};
        const ns = String(meta["namespace"] ?? "default");
        const spec = isObj(r.inputs["spec"]) ? r.inputs["spec"] : {};
        const types = Array.isArray(spec["policyTypes"]) ? (spec["policyTypes"] as string[]) : ["Ingress"];
        const pol = policies.get(ns) ?? {};
        for (const [dir, key, peerKey] of [["Ingress", "ingress", "from"], ["Egress", "egress", "to"]] as const) {
            if (!types.includes(dir)) continue;
            const rules = (Array.isArray(spec[key]) ? (spec[key] as Obj[]) : []).map((x): Rule => ({ peers: peersOf(x[peerKey], ns, namespaces), ports: portsOf(x["ports"]) }));
            pol[key] = [...(pol[key] ?? []), ...rules];
            for (const rule of rules) for (const p of rule.peers) if ("ns" in p) nodes.add(p.ns);
            for (const rule of rules) for (const p of rule.peers) if ("cidr" in p) cidrs.add(p.cidr);
        }
        policies.set(ns, pol);
        nodes.add(ns);
    }
    const flows: Flow[] = [];
    const add = (from: string, to: string, ports: Set<string> | "all") => {
        if (ports !== "all" && ports.size === 0) return;
        flows.push({ from, to, ports: ports === "all" ? [] : [...ports].sort() });
    };
    for (const a of [...nodes].sort()) {
        for (const b of [...nodes].sort()) {
            if (a === b || (!policies.has(a) && !policies.has(b))) continue;
            const out = permits(policies.get(a)?.egress, b, false);
            const inn = permits(policies.get(b)?.ingress, a, false);
            if (out.allowed && inn.allowed) add(a, b, meet(out.ports, inn.ports));
        }
        for (const c of [...cidrs].sort()) {
            const out = policies.get(a)?.egress ? permits(policies.get(a)!.egress, c, true) : { allowed: false, ports: "all" as const };
            if (out.allowed) add(a, c, out.ports);
            const inn = policies.get(a)?.ingress ? permits(policies.get(a)!.ingress, c, true) : { allowed: false, ports: "all" as const };
            if (inn.allowed) add(c, a, inn.ports);
        }
    }
    return flows;
}

/**
 * "Namespaces and the flows allowed between them", as a Mermaid flowchart.
 * @param resources the plan's resources
 */
export function networkPicture(resources: readonly PlanResource[]): string {
    const flows = allowedFlows(resources);
    const lines = ["flowchart LR"];
    const ids = new Map<string, string>();
    const id = (name: string) => {
        if (!ids.has(name)) {
            const cidr = /^[\d.:a-f]+\/\d+$/i.test(name);
            ids.set(name, mermaidId(cidr ? "net" : "ns", name));
            lines.push(`  ${ids.get(name)!}${cidr ? `([${mermaidLabel(`addresses ${name}`)}])` : `[${mermaidLabel(name)}]`}`);
        }
        return ids.get(name)!;
    };
    const edges = flows.map((f) => `  ${id(f.from)} -->|${mermaidLabel(f.ports.length === 0 ? "all ports" : f.ports.join(" "))}| ${id(f.to)}`);
    return [...lines, ...edges].join("\n");
}

/**
 * The pictures section of report.md.
 * @param doc the plan document
 */
export function picturesSection(doc: Pick<PlanDocument, "resources" | "outputs">): string {
    const nowhere = placements(doc).filter((w) => w.pools.length === 0);
    return [
        "## What runs where",
        "",
        "Each workload in every pool whose labels and taints admit its pods (nodeSelector, required node affinity, tolerations), from this plan's objects and pool contract. DaemonSets run on every node of the pools they appear in.",
        ...(nowhere.length > 0 ? ["", `**${nowhere.length} workload(s) no pool admits:** ${nowhere.map((w) => w.label).join(", ")}.`] : []),
        "",
        "```mermaid",
        poolPicture(doc),
        "```",
        "",
        "## Namespaces and allowed traffic",
        "",
        "An arrow is a flow both the source's egress and the destination's ingress NetworkPolicies allow, labelled with the ports; traffic inside a namespace and pod selectors are not drawn.",
        "",
        "```mermaid",
        networkPicture(doc.resources),
        "```",
    ].join("\n");
}
