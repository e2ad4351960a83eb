/**
 * How long a stack's first `pulumi up` takes, estimated offline from the plan's own dependency graph
 * (issue 25, item 1): every recorded resource gets a typical create time from a frozen table, the
 * clouds' serialisation rules are applied (one node-pool operation at a time per GKE cluster, one
 * agent-pool operation at a time per AKS cluster), and the longest path through the graph is the
 * estimate; the resources on it are the critical chain. The floor is what the clouds allow at best:
 * cluster, then its pools (in parallel where the cloud allows), one wave of operator releases, then
 * the data custom resources.
 *
 * The table and the floor formula are frozen here, each row with its source, before anything in the
 * graph is changed to shorten the chain, so the target cannot grade itself. Figures are typical
 * create times in minutes, not guarantees; "tristack estimate" marks a row with no published figure.
 */
import type { RegistrationInfo } from "./langhost";

/** One row of the timing table. */
export interface TimingRow {
    /** Short name shown in reports and docs. */
    readonly id: string;
    /** The type tokens this row covers (exact match). */
    readonly types: readonly string[];
    /** Typical create time, minutes. */
    readonly minutes: number;
    /** Where the figure comes from. */
    readonly source: string;
}

/** What a resource of a type counts as in the floor formula. */
export type FloorRole = "cluster" | "pool" | "operator" | "data";

const ESTIMATE = "tristack estimate";

/**
 * Typical create times per resource type. Frozen: change a figure only with a new source.
 * Rows are matched in order by exact type token; anything not listed takes {@link DEFAULT_ROW}.
 */
export const TIMING_TABLE: readonly TimingRow[] = Object.freeze([
    {
        id: "EKS cluster",
        types: ["aws:eks/cluster:Cluster"],
        minutes: 10,
        source: `${ESTIMATE}: AWS reported control-plane provisioning averaging 15 min and tracks its reduction in https://github.com/aws/containers-roadmap/issues/1227; 10 min is the issue-25 figure for current EKS`,
    },
    {
        id: "EKS managed node group",
        types: ["aws:eks/nodeGroup:NodeGroup"],
        minutes: 4,
        source: "CREATING -> ACTIVE in ~2-5 min (https://alchemy.run/providers/aws/eks/nodegroup); the provider waits for ACTIVE",
    },
    { id: "EKS add-on", types: ["aws:eks/addon:Addon"], minutes: 1, source: `${ESTIMATE} (the provider waits for the add-on to be ACTIVE; no published typical figure)` },
    {
        id: "GKE cluster",
        types: ["gcp:container/cluster:Cluster"],
        minutes: 9,
        source: `${ESTIMATE}: 5-10 min from the console per https://github.com/crossplane-contrib/provider-gcp/issues/235`,
    },
    { id: "GKE node pool", types: ["gcp:container/nodePool:NodePool"], minutes: 4, source: `${ESTIMATE} (the provider waits for the pool's operation and its resting state)` },
    { id: "AKS managed cluster", types: ["azure-native:containerservice:ManagedCluster"], minutes: 8, source: `${ESTIMATE} (issue-25 figure; no published typical figure)` },
    { id: "AKS agent pool", types: ["azure-native:containerservice:AgentPool"], minutes: 4, source: `${ESTIMATE} (issue-25 figure; no published typical figure)` },
    {
        id: "Helm release (awaited)",
        types: ["kubernetes:helm.sh/v3:Release"],
        minutes: 2,
        source: `${ESTIMATE}: helm.v3.Release waits for its objects to be ready unless skipAwait (https://www.pulumi.com/registry/packages/kubernetes/api-docs/helm/v3/release/)`,
    },
    {
        id: "Deployment / StatefulSet / DaemonSet / Job (awaited)",
        types: ["kubernetes:apps/v1:Deployment", "kubernetes:apps/v1:StatefulSet", "kubernetes:apps/v1:DaemonSet", "kubernetes:batch/v1:Job"],
        minutes: 1,
        source: `${ESTIMATE}: the Kubernetes provider awaits rollout / completion (https://pulumi.com/blog/improving-kubernetes-management-with-pulumis-await-logic/)`,
    },
    {
        id: "Kafka (Strimzi) cluster",
        types: ["kubernetes:kafka.strimzi.io/v1:Kafka", "kubernetes:kafka.strimzi.io/v1beta2:Kafka"],
        minutes: 4,
        source: `${ESTIMATE}: time until the brokers serve; Pulumi does not await custom resources (https://github.com/pulumi/pulumi-kubernetes/issues/1478), so the wait lands on whatever needs the brokers`,
    },
    {
        id: "K8ssandraCluster",
        types: ["kubernetes:k8ssandra.io/v1alpha1:K8ssandraCluster"],
        minutes: 8,
        source: `${ESTIMATE}: time until Cassandra serves (cass-operator starts the nodes of a rack one at a time); Pulumi does not await custom resources (https://github.com/pulumi/pulumi-kubernetes/issues/1478), so the wait lands on the keyspace/role Jobs`,
    },
    {
        id: "cloud IAM / KMS / buckets / network",
        types: [],
        minutes: 0.5,
        source: `${ESTIMATE} (single API calls, seconds to a minute)`,
    },
].map((r) => Object.freeze({ ...r, types: Object.freeze([...r.types]) })));

/** Anything else (Kubernetes objects applied without await, random passwords, ...). */
export const DEFAULT_ROW: TimingRow = Object.freeze({ id: "default (everything else)", types: Object.freeze([]), minutes: 0.1, source: `${ESTIMATE} (one API call, seconds)` });

/** Component resources and provider resources take no time of their own. */
export const ZERO_ROW: TimingRow = Object.freeze({ id: "component / provider", types: Object.freeze([]), minutes: 0, source: "no cloud call: components group resources, a provider is configured in-process" });

const CLOUD_PREFIXES = ["aws:", "gcp:", "azure-native:"];

/**
 * The timing row of a resource.
 * @param r type and whether it is a custom resource
 */
export function timingFor(r: Pick<RegistrationInfo, "type" | "custom">): TimingRow {
    if (!r.custom || r.type.startsWith("pulumi:providers:")) return ZERO_ROW;
    const row = TIMING_TABLE.find((t) => t.types.includes(r.type));
    if (row) return row;
    if (CLOUD_PREFIXES.some((p) => r.type.startsWith(p))) return TIMING_TABLE.find((t) => t.id === "cloud IAM / KMS / buckets / network")!;
    return DEFAULT_ROW;
}

/** A per-cloud rule: resources of `type` on one cluster are created one at a time. */
export interface SerialisationRule {
    readonly cloud: "aws" | "gcp" | "azure";
    /** The serialised type. */
    readonly type: string;
    /** The cluster type whose resources are the lock scope. */
    readonly clusterType: string;
    readonly serialised: boolean;
    readonly source: string;
}

/** The clouds' rules for pool operations on one cluster. Frozen. */
export const SERIALISATION_RULES: readonly SerialisationRule[] = Object.freeze([
    Object.freeze({
        cloud: "gcp" as const,
        type: "gcp:container/nodePool:NodePool",
        clusterType: "gcp:container/cluster:Cluster",
        serialised: true,
        source:
            "GKE limits concurrent operations on a cluster and refuses a node-pool create while an incompatible one runs ('Cluster is running incompatible operation', https://cloud.google.com/kubernetes-engine/docs/troubleshooting/concurrent-operations); the provider retries the create on FAILED_PRECONDITION until the running one ends (terraform-provider-google resource_container_node_pool.go, resourceContainerNodePoolCreate). Treated as one create at a time per cluster, as issue 25 does; the same page says GKE generally allows one cluster-level operation or one operation per node pool at a time, which leaves room for parallel creates, which would lower the GKE figures",
    }),
    Object.freeze({
        cloud: "azure" as const,
        type: "azure-native:containerservice:AgentPool",
        clusterType: "azure-native:containerservice:ManagedCluster",
        serialised: true,
        source:
            "AKS refuses a second agent-pool operation while one runs: 'OperationNotAllowed: Another agentpool operation (nodepool1 - Creating) is in progress' (https://github.com/cilium/cilium/issues/25944, https://aka.ms/aks-pending-operation; parallel creates also fail in https://github.com/Azure/AKS/issues/1913), so the pools of one cluster are created one after another",
    }),
    Object.freeze({
        cloud: "aws" as const,
        type: "aws:eks/nodeGroup:NodeGroup",
        clusterType: "aws:eks/cluster:Cluster",
        serialised: false,
        source: `${ESTIMATE}: EKS documents no per-cluster lock on node-group creation; each managed node group is its own Auto Scaling group, created in parallel`,
    }),
]);

/** A resource of the graph as the estimate needs it. */
export type GraphResource = Pick<RegistrationInfo, "type" | "name" | "urn" | "custom" | "dependencies" | "parent" | "provider">;

/** One step of the critical chain. */
export interface ChainStep {
    readonly name: string;
    readonly type: string;
    readonly minutes: number;
    /** Minutes from the start of the deploy. */
    readonly start: number;
    readonly finish: number;
    /** Why it starts when it does: after its predecessor in the graph, or after the previous pool operation on its cluster. */
    readonly after: "dependency" | "serialised";
}

/** The estimate of one stack's first deploy. */
export interface DeployEstimate {
    /** Estimated first `pulumi up`, minutes (the critical chain's finish). */
    readonly minutes: number;
    /** The floor: cluster + pools + one operator wave + data CRs. */
    readonly floorMinutes: number;
    /** How the floor adds up. */
    readonly floor: readonly { readonly part: string; readonly minutes: number }[];
    /** The critical chain, first resource first. */
    readonly chain: readonly ChainStep[];
}

/** The provider resource's URN from a provider reference (`<urn>::<id>`). */
function providerUrn(ref: string | undefined): string | undefined {
    if (!ref) return undefined;
    const i = ref.lastIndexOf("::");
    return i > 0 ? ref.slice(0, i) : ref;
}

/**
 * Everything a resource waits for before it is created: its dependencies, its parent (the SDK awaits
 * the parent's URN, which a component has only once its own dependencies resolved) and its provider
 * (the SDK awaits the provider's reference, which exists once the provider's inputs - e.g. a
 * kubeconfig from the cluster - resolved). @pulumi/pulumi runtime/resource.js, prepareResource.
 * @param r the resource
 * @param known the URNs in the graph
 */
export function waitsFor(r: GraphResource, known: ReadonlySet<string>): string[] {
    const out = new Set<string>();
    for (const d of r.dependencies) if (known.has(d) && d !== r.urn) out.add(d);
    if (r.parent && known.has(r.parent)) out.add(r.parent);
    const p = providerUrn(r.provider);
    if (p && known.has(p) && p !== r.urn) out.add(p);
    return [...out];
}

const STEP_MIN = 0.5;

/**
 * Estimate the first deploy: list-schedule every resource at the earliest time its waits allow
 * (unbounded parallelism, as the engine runs independent steps at once), holding a per-cluster lock
 * for serialised pool types, and walk back from the last finish for the chain.
 * @param resources the recorded resources
 * @param timing the timing of a resource (defaults to {@link timingFor})
 */
export function estimateDeploy(resources: readonly GraphResource[], timing: (r: GraphResource) => number = (r) => timingFor(r).minutes): DeployEstimate {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const known = new Set(byUrn.keys());
    const waits = new Map(resources.map((r) => [r.urn, waitsFor(r, known)]));
    const rules = new Map(SERIALISATION_RULES.filter((s) => s.serialised).map((s) => [s.type, s]));
    const lockOf = (r: GraphResource): string | undefined => {
        const rule = rules.get(r.type);
        if (!rule) return undefined;
        const cluster = (waits.get(r.urn) ?? []).find((u) => byUrn.get(u)?.type === rule.clusterType);
        return `${r.type}@${cluster ?? ""}`;
    };
    const finish = new Map<string, number>();
    const start = new Map<string, number>();
    const prev = new Map<string, { urn: string; after: ChainStep["after"] }>();
    const lockFree = new Map<string, { at: number; holder: string }>();
    const pending = new Set(known);
    while (pending.size > 0) {
        // The pending resource whose waits are all done and that becomes ready first.
        let best: { urn: string; ready: number; from?: string } | undefined;
        for (const urn of pending) {
            const ws = waits.get(urn)!;
            if (!ws.every((w) => finish.has(w))) continue;
            let ready = 0;
            let from: string | undefined;
            for (const w of [...ws].sort()) {
                const f = finish.get(w)!;
                if (from === undefined || f > ready) [ready, from] = [f, w];
            }
            if (!best || ready < best.ready || (ready === best.ready && urn < best.urn)) best = { urn, ready, from };
        }
        if (!best) throw new Error(`deploy estimate: the dependency graph has a cycle among ${[...pending].slice(0, 5).join(", ")}`);
        const r = byUrn.get(best.urn)!;
        const lock = lockOf(r);
        let at = best.ready;
        if (best.from) prev.set(r.urn, { urn: best.from, after: "dependency" });
        if (lock) {
            const held = lockFree.get(lock);
            if (held && held.at > at) {
                at = held.at;
                prev.set(r.urn, { urn: held.holder, after: "serialised" });
            }
        }
        const end = at + timing(r);
        start.set(r.urn, at);
        finish.set(r.urn, end);
        if (lock) lockFree.set(lock, { at: end, holder: r.urn });
        pending.delete(r.urn);
    }
    let last: string | undefined;
    for (const [urn, f] of finish) if (last === undefined || f > finish.get(last)! || (f === finish.get(last)! && urn < last)) last = urn;
    const chain: ChainStep[] = [];
    for (let u = last; u !== undefined; u = prev.get(u)?.urn) {
        const r = byUrn.get(u)!;
        chain.unshift({ name: r.name, type: r.type, minutes: timing(r), start: start.get(u)!, finish: finish.get(u)!, after: prev.get(u)?.after ?? "dependency" });
    }
    const floor = floorOf(resources, timing);
    return { minutes: last === undefined ? 0 : finish.get(last)!, floorMinutes: floor.reduce((a, p) => a + p.minutes, 0), floor, chain };
}

/** Types that count as data custom resources in the floor. */
const DATA_CR_IDS = ["Kafka (Strimzi) cluster", "K8ssandraCluster"];
const CLUSTER_IDS = ["EKS cluster", "GKE cluster", "AKS managed cluster"];
const POOL_IDS = ["EKS managed node group", "GKE node pool", "AKS agent pool"];

/**
 * The floor (issue 25): the cluster, then its pools (all at once where the cloud allows, one after
 * another where it serialises them), then one wave of operator releases (the slowest release), then
 * the data custom resources (the slowest). From the same table as the estimate.
 * @param resources the recorded resources
 * @param timing the timing of a resource
 */
export function floorOf(resources: readonly GraphResource[], timing: (r: GraphResource) => number = (r) => timingFor(r).minutes): { part: string; minutes: number }[] {
    const of = (ids: readonly string[]) => resources.filter((r) => ids.includes(timingFor(r).id));
    const max = (rs: readonly GraphResource[]) => rs.reduce((m, r) => Math.max(m, timing(r)), 0);
    const clusters = of(CLUSTER_IDS);
    const pools = of(POOL_IDS);
    const serialised = pools.filter((p) => SERIALISATION_RULES.some((s) => s.serialised && s.type === p.type));
    const parallel = pools.filter((p) => !serialised.includes(p));
    const poolMinutes = serialised.reduce((a, r) => a + timing(r), 0) + max(parallel);
    const releases = resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release");
    const parts = [
        { part: "cluster", minutes: max(clusters) },
        { part: serialised.length > 0 ? `${pools.length} pools, one after another` : `${pools.length} pools in parallel`, minutes: poolMinutes },
        { part: "one wave of operator releases", minutes: max(releases) },
        { part: "data custom resources", minutes: max(of(DATA_CR_IDS)) },
    ];
    return parts.filter((p) => p.minutes > 0);
}

function fmt(m: number): string {
    return Number.isInteger(m) ? String(m) : m.toFixed(1);
}

/**
 * The chain as one line: the steps of at least half a minute, by name, with the small steps between
 * them counted.
 * @param est the estimate
 */
export function chainLine(est: DeployEstimate): string {
    const parts: string[] = [];
    let small = 0;
    for (const s of est.chain) {
        if (s.minutes >= STEP_MIN) {
            if (small > 0) parts.push(`(${small} quick step${small === 1 ? "" : "s"})`);
            small = 0;
            parts.push(`${s.name} [${s.type.split(":").pop()}, ${fmt(s.minutes)} min${s.after === "serialised" ? ", after the previous pool" : ""}]`);
        } else if (s.minutes > 0) small++;
    }
    if (small > 0) parts.push(`(${small} quick step${small === 1 ? "" : "s"})`);
    return parts.join(" → ");
}

/**
 * The report.md section.
 * @param est the estimate
 */
export function deployEstimateMarkdown(est: DeployEstimate): string {
    const lines = [
        "## Estimated first `pulumi up`",
        "",
        `**~${fmt(est.minutes)} min** (floor ${fmt(est.floorMinutes)} min: ${est.floor.map((p) => `${p.part} ${fmt(p.minutes)}`).join(" + ")}), from this plan's dependency graph and the typical create times in components/plan/deployEstimate.ts (docs/reference/offline-plan.md).`,
        "",
        "| # | resource | type | minutes | starts at | finishes at | waits for |",
        "|---|---|---|---|---|---|---|",
    ];
    est.chain
        .filter((s) => s.minutes > 0)
        .forEach((s, i) => lines.push(`| ${i + 1} | ${s.name} | \`${s.type}\` | ${fmt(s.minutes)} | ${fmt(s.start)} | ${fmt(s.finish)} | ${i === 0 ? "—" : s.after === "serialised" ? "the previous pool operation on the cluster" : "the step before"} |`));
    return lines.join("\n");
}
