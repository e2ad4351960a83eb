/**
 * The scheduling proof (issue 22): for every workload the plan knows — the program's own pod specs, the
 * data-service CRs, the Spark pod templates and the Helm releases (their values, and the DaemonSets the
 * chart model says they run) — which pools its pods can land on, from nodeSelector, required node
 * affinity and tolerations against each pool's labels and taints (the handle's, cloud-added taints such
 * as AKS spot included), and whether its requests fit a node's allocatable after the DaemonSets. A
 * workload that can land nowhere, one that fits no pool it lands on, or a DaemonSet that cannot reach
 * the pools it is meant for fails the stack. Pure, on the plan document.
 */
import type { PlanDocument, PlanResource } from "./artifacts";
import { CHART_FACTS } from "./chartModel";
import { admits, placements, type PlanPool, type PodPlacement } from "./placement";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const at = (root: unknown, path: string): unknown => (path === "" ? root : path.split(".").reduce<unknown>((v, k) => (isObj(v) ? v[k] : undefined), root));

/** CPU in millicores or memory in MiB from a Kubernetes quantity (`500m`, `2`, `512Mi`, `1G`). */
function quantity(v: unknown, unit: "cpu" | "memory"): number {
    if (typeof v === "number") return unit === "cpu" ? v * 1000 : v / 2 ** 20;
    if (typeof v !== "string") return 0;
    const m = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(v.trim());
    if (!m) return 0;
    const n = Number(m[1]);
    const suffix = m[2] ?? "";
    if (unit === "cpu") return suffix === "m" ? n : n * 1000;
    const bytes: Record<string, number> = { "": 1, m: 1e-3, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };
    return (n * (bytes[suffix] ?? 1)) / 2 ** 20;
}

/** Requests of one pod. */
export interface PodRequests {
    readonly cpuMillis: number;
    readonly memoryMiB: number;
}

function requestsOf(resources: unknown): PodRequests {
    const r = at(resources, "requests");
    return { cpuMillis: quantity(at(r, "cpu"), "cpu"), memoryMiB: quantity(at(r, "memory"), "memory") };
}

function add(a: PodRequests, b: PodRequests): PodRequests {
    return { cpuMillis: a.cpuMillis + b.cpuMillis, memoryMiB: a.memoryMiB + b.memoryMiB };
}

/** A pod spec's requests: its containers' sum, or its largest init container if that is larger (kubernetes.io/docs/concepts/workloads/pods/init-containers/#resource-sharing-within-containers). */
function podSpecRequests(spec: unknown): PodRequests {
    const list = (k: string) => (Array.isArray(at(spec, k)) ? (at(spec, k) as unknown[]) : []);
    const main = list("containers").reduce<PodRequests>((s, c) => add(s, requestsOf(at(c, "resources"))), { cpuMillis: 0, memoryMiB: 0 });
    const init = list("initContainers").map((c) => requestsOf(at(c, "resources")));
    return { cpuMillis: Math.max(main.cpuMillis, ...init.map((x) => x.cpuMillis)), memoryMiB: Math.max(main.memoryMiB, ...init.map((x) => x.memoryMiB)) };
}

function placementOf(o: unknown, fallbackTolerations?: PodPlacement["tolerations"]): PodPlacement {
    const terms = at(o, "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms");
    const sel = { ...(isObj(at(o, "nodeSelector")) ? (at(o, "nodeSelector") as Record<string, string>) : {}), ...(isObj(at(o, "nodeAffinityLabels")) ? (at(o, "nodeAffinityLabels") as Record<string, string>) : {}) };
    const tolerations = Array.isArray(at(o, "tolerations")) ? (at(o, "tolerations") as PodPlacement["tolerations"]) : fallbackTolerations;
    return { ...(Object.keys(sel).length > 0 ? { nodeSelector: sel } : {}), ...(Array.isArray(terms) ? { requiredTerms: terms as PodPlacement["requiredTerms"] } : {}), ...(tolerations ? { tolerations } : {}) };
}

/** A workload whose requests the plan can read, with where it may land. */
interface Sized {
    readonly label: string;
    readonly placement: PodPlacement;
    readonly requests: PodRequests;
}

/** A Spark JVM size (`17480m`, `4g`): the suffix is binary and a bare number is MiB (spark.apache.org/docs/latest/configuration.html). */
function sparkMiB(v: unknown): number {
    if (typeof v === "number") return v;
    const m = typeof v === "string" ? /^(\d+(?:\.\d+)?)([kmgt])?b?$/i.exec(v.trim()) : null;
    if (!m) return 0;
    const scale: Record<string, number> = { k: 1 / 1024, m: 1, g: 1024, t: 1024 * 1024 };
    return Number(m[1]) * (scale[(m[2] ?? "m").toLowerCase()] ?? 1);
}

/**
 * Requests of a Spark driver or executor pod from the SparkApplication fields: CPU `coreRequest` (else
 * `cores`), memory = `memory` + `memoryOverhead` (else Spark's default overhead, max(384 MiB, 10 %)), as
 * Spark on Kubernetes sets the pod's requests (spark.apache.org/docs/latest/running-on-kubernetes.html).
 * @param role the SparkApplication's driver or executor block
 */
function sparkPodRequests(role: unknown): PodRequests {
    const cpu = at(role, "coreRequest") !== undefined ? quantity(at(role, "coreRequest"), "cpu") : Number(at(role, "cores") ?? 1) * 1000;
    const heap = sparkMiB(at(role, "memory"));
    const overhead = at(role, "memoryOverhead") !== undefined ? sparkMiB(at(role, "memoryOverhead")) : Math.max(384, 0.1 * heap);
    return { cpuMillis: cpu, memoryMiB: heap + overhead };
}

const POD_SPEC_PATHS: Readonly<Record<string, string>> = { Deployment: "spec.template.spec", StatefulSet: "spec.template.spec", Job: "spec.template.spec", CronJob: "spec.jobTemplate.spec.template.spec" };

function metaName(r: PlanResource): string {
    return String(at(r.inputs, "metadata.name") ?? r.name);
}

function sizedWorkloads(resources: readonly PlanResource[]): Sized[] {
    const out: Sized[] = [];
    for (const r of resources) {
        const [, group, kind] = r.type.split(":");
        if (!r.custom || kind === undefined) continue;
        const podPath = POD_SPEC_PATHS[kind];
        if (podPath && /^(apps|batch)\//.test(group ?? "")) {
            const spec = at(r.inputs, podPath);
            out.push({ label: `${kind} ${metaName(r)}`, placement: placementOf(spec), requests: podSpecRequests(spec) });
        } else if (kind === "ConfigMap") {
            const data = at(r.inputs, "data");
            const text = isObj(data) ? data["sparkapplication.json"] : undefined;
            if (typeof text !== "string") continue;
            let app: unknown;
            try {
                app = JSON.parse(text);
            } catch {
                continue;
            }
            const gpu = /-gpu$/.test(metaName(r));
            for (const role of ["driver", "executor"] as const) {
                const spec = at(app, `spec.${role}`);
                // Labelled as placement.ts labels it, so the two tables join.
                if (isObj(spec)) out.push({ label: `Spark ${role}${gpu && role === "executor" ? " gpu" : ""}`, placement: placementOf(spec), requests: sparkPodRequests(spec) });
            }
        } else if (kind === "KafkaNodePool") {
            // Labelled as placement.ts labels it, so the two tables join.
            const roles = at(r.inputs, "spec.roles");
            const label = `Kafka ${Array.isArray(roles) ? roles.map((x) => `${String(x)}s`).join(" + ") : metaName(r)} ×${String(at(r.inputs, "spec.replicas") ?? "?")}`;
            out.push({ label, placement: placementOf(at(r.inputs, "spec.template.pod")), requests: requestsOf(at(r.inputs, "spec.resources")) });
        } else if (kind === "K8ssandraCluster") {
            const cassandra = at(r.inputs, "spec.cassandra");
            const medusa = requestsOf(at(r.inputs, "spec.medusa.containerResources"));
            const dcs = Array.isArray(at(cassandra, "datacenters")) ? (at(cassandra, "datacenters") as unknown[]) : [];
            for (const dc of dcs) {
                const resources = at(dc, "resources") ?? at(cassandra, "resources");
                const tolerations = (at(dc, "tolerations") ?? at(cassandra, "tolerations")) as PodPlacement["tolerations"];
                const racks = Array.isArray(at(dc, "racks")) ? (at(dc, "racks") as unknown[]) : [{}];
                for (const rack of racks) {
                    out.push({ label: `Cassandra ${String(at(dc, "metadata.name") ?? "dc")} rack ${String(at(rack, "name") ?? "")}`, placement: placementOf(rack, tolerations), requests: add(requestsOf(resources), medusa) });
                }
            }
        }
    }
    return out;
}

/** One chart DaemonSet and the pools it must reach but cannot. */
export interface DaemonSetReach {
    readonly label: string;
    readonly meantFor: readonly string[];
    readonly reaches: readonly string[];
    readonly missing: readonly string[];
    readonly source: string;
}

function chartDaemonSets(doc: Pick<PlanDocument, "resources">, pools: Readonly<Record<string, PlanPool>>): DaemonSetReach[] {
    const out: DaemonSetReach[] = [];
    for (const r of doc.resources.filter((x) => /:Release$/.test(x.type))) {
        const chart = String(r.inputs["chart"] ?? "");
        const values = isObj(r.inputs["values"]) ? r.inputs["values"] : {};
        for (const ds of CHART_FACTS[chart]?.daemonSets ?? []) {
            const block = at(values, ds.valuesPath);
            if (ds.valuesPath !== "" && isObj(block) && block["enabled"] === false) continue;
            const own = placementOf(isObj(block) ? block : {}, ds.defaultTolerations);
            const placement = own.requiredTerms === undefined && ds.defaultRequiredTerms ? { ...own, requiredTerms: ds.defaultRequiredTerms } : own;
            const meantFor = Object.entries(pools)
                .filter(([, p]) => ds.meantFor === "every pool" || p.role === ds.meantFor)
                .map(([n]) => n);
            const reaches = Object.entries(pools)
                .filter(([, p]) => admits(p, placement))
                .map(([n]) => n);
            out.push({ label: `${ds.what} (${chart})`, meantFor, reaches, missing: meantFor.filter((n) => !reaches.includes(n)), source: ds.source });
        }
    }
    return out;
}

/** The rendered section and what fails it. */
export interface SchedulingCheck {
    readonly markdown: string;
    readonly failures: readonly string[];
}

interface CapacityRow {
    readonly pool: string;
    readonly daemonSets?: { readonly cpuMillis: number; readonly memoryMiB: number };
}

/**
 * Check where every workload of a plan can run and whether it fits.
 * @param doc the plan document (resources and the `pools` and `capacity` outputs)
 */
export function checkScheduling(doc: Pick<PlanDocument, "resources" | "outputs">): SchedulingCheck {
    const pools = (isObj(doc.outputs["pools"]) ? doc.outputs["pools"] : {}) as Record<string, PlanPool & { allocatable?: { cpuMillis: number; memoryMiB: number } }>;
    const capacity = (Array.isArray(doc.outputs["capacity"]) ? doc.outputs["capacity"] : []) as CapacityRow[];
    const free = (pool: string) => {
        const a = pools[pool]?.allocatable ?? { cpuMillis: 0, memoryMiB: 0 };
        const ds = capacity.find((c) => c.pool === pool)?.daemonSets ?? { cpuMillis: 0, memoryMiB: 0 };
        return { cpuMillis: a.cpuMillis - ds.cpuMillis, memoryMiB: a.memoryMiB - ds.memoryMiB };
    };
    const failures: string[] = [];
    const landing = placements(doc);
    for (const w of landing.filter((x) => x.pools.length === 0)) failures.push(`${w.label} (${w.namespaces.join(", ")}) can land on no pool`);
    const sized = sizedWorkloads(doc.resources).map((s) => {
        const admitted = Object.entries(pools)
            .filter(([, p]) => admits(p, s.placement))
            .map(([n]) => n);
        const fits = admitted.filter((n) => s.requests.cpuMillis <= free(n).cpuMillis && s.requests.memoryMiB <= free(n).memoryMiB);
        return { ...s, admitted, fits };
    });
    for (const s of sized.filter((x) => x.admitted.length > 0 && x.fits.length === 0)) {
        failures.push(`${s.label} requests ${Math.round(s.requests.cpuMillis)}m/${Math.round(s.requests.memoryMiB)}Mi, more than a node of ${s.admitted.join(", ")} has free after DaemonSets`);
    }
    const daemonSets = chartDaemonSets(doc, pools);
    for (const d of daemonSets.filter((x) => x.missing.length > 0)) failures.push(`${d.label} cannot run on ${d.missing.join(", ")}, which it is meant for (its tolerations/selector do not admit the pool's labels and taints)`);

    const poolLine = Object.entries(pools)
        .map(([n, p]) => `\`${n}\` (${p.taints.map((t) => `${t.key}${t.value !== undefined ? `=${t.value}` : ""}:${t.effect}`).join(", ") || "no taints"}; ${free(n).cpuMillis}m/${free(n).memoryMiB}Mi free per node after DaemonSets)`)
        .join("; ");
    const lines = [
        "## Scheduling",
        "",
        `Pools: ${poolLine}.`,
        "",
        `${landing.length} workloads placed, ${sized.length} sized, ${daemonSets.length} chart DaemonSets; **${failures.length} problem(s)**.`,
        "",
        "| workload | namespaces | can land on | requests per pod | fits on |",
        "|---|---|---|---|---|",
        ...landing.map((w) => {
            const s = sized.find((x) => x.label === w.label);
            return `| ${w.label} | ${w.namespaces.join(", ")} | ${w.pools.length > 0 ? w.pools.join(", ") : "**nowhere**"} | ${s ? `${Math.round(s.requests.cpuMillis)}m / ${Math.round(s.requests.memoryMiB)}Mi` : "—"} | ${s ? s.fits.join(", ") || "**none**" : "—"} |`;
        }),
        ...sized.filter((s) => !landing.some((w) => s.label === w.label)).map((s) => `| ${s.label} | | ${s.admitted.join(", ") || "**nowhere**"} | ${Math.round(s.requests.cpuMillis)}m / ${Math.round(s.requests.memoryMiB)}Mi | ${s.fits.join(", ") || "**none**"} |`),
        "",
        "| chart DaemonSet | meant for | reaches | missing | source |",
        "|---|---|---|---|---|",
        ...daemonSets.map((d) => `| ${d.label} | ${d.meantFor.join(", ")} | ${d.reaches.join(", ")} | ${d.missing.length > 0 ? `**${d.missing.join(", ")}**` : ""} | ${d.source} |`),
        ...(failures.length > 0 ? ["", ...failures.map((f) => `- **${f}**`)] : []),
    ];
    return { markdown: `${lines.join("\n")}\n`, failures };
}
