/**
 * Base-vs-head comparison of plan documents: which resources a change adds, changes (and which fields),
 * replaces and removes, per stack, with deletions and replacements of data holders called out first.
 * Pure functions over two plan.json documents; `--diff <git-ref>` (baseRef.ts) produces the base one.
 */
import type { PlanDocument, PlanResource } from "./artifacts";
import { flatten } from "./parity";

/** One field whose planned value differs between base and head. */
export interface FieldChange {
    /** Dotted input path (`spec.replicas`, `data.spark-defaults.conf>spark.driver.cores`). */
    readonly path: string;
    /** Value on the base (`undefined`: absent). */
    readonly before: unknown;
    /** Value on the head (`undefined`: absent). */
    readonly after: unknown;
}

/** What happens to one resource. */
export type ChangeAction = "add" | "change" | "replace" | "remove";

/** One resource that differs between base and head. */
export interface ResourceChange {
    readonly action: ChangeAction;
    readonly urn: string;
    readonly type: string;
    /** Short name for people: `Namespace /team-x` for Kubernetes objects, the logical name otherwise. */
    readonly label: string;
    /** Changed input fields (for `change` and `replace`), secrets redacted. */
    readonly fields: readonly FieldChange[];
    /** The changed fields that make the provider replace the resource (for `replace`). */
    readonly replaceFields: readonly string[];
    /** Whether the resource holds data (a cluster, bucket, volume, key, Kafka or Cassandra) or is protected. */
    readonly holdsData: boolean;
}

/** The difference of one stack. */
export interface StackDiff {
    readonly stack: string;
    /** `new`: the base has no such stack; `failed`: a side has no plan (its error is in `error`). */
    readonly status: "new" | "compared" | "failed";
    readonly changes: readonly ResourceChange[];
    readonly error?: string;
}

const SECRET = "[secret]";

/**
 * Kubernetes fields whose change makes the Kubernetes provider delete and re-create the object (all
 * kinds: `metadata.name` and `metadata.namespace`). ConfigMap and Secret data are replaced too, since
 * the provider's `enableConfigMapMutable`/`enableSecretMutable` are off by default and tristack does
 * not set them. Source: pulumi/pulumi-kubernetes provider/pkg/provider/diff.go (`forceNew`), and
 * node_modules/@pulumi/kubernetes/provider.d.ts (`enableConfigMapMutable`).
 */
const K8S_FORCE_NEW: Readonly<Record<string, readonly string[]>> = {
    "apps/StatefulSet": ["spec.podManagementPolicy", "spec.revisionHistoryLimit", "spec.selector", "spec.serviceName", "spec.volumeClaimTemplates"],
    "apps/Deployment": ["spec.selector"],
    "apps/DaemonSet": ["spec.selector"],
    "batch/Job": ["spec.completions", "spec.parallelism", "spec.selector", "spec.template"],
    "core/ConfigMap": ["data", "binaryData"],
    "core/Secret": ["type", "data", "stringData"],
    "core/PersistentVolumeClaim": ["spec.accessModes", "spec.selector", "spec.storageClassName", "spec.volumeName"],
    "core/ResourceQuota": ["spec.scopes"],
    "core/Service": ["spec.clusterIP"],
    "storage.k8s.io/StorageClass": ["parameters", "provisioner"],
    "rbac.authorization.k8s.io/RoleBinding": ["roleRef"],
    "rbac.authorization.k8s.io/ClusterRoleBinding": ["roleRef"],
    // A Helm release is identified by its name and namespace (helm.sh/v3 Release inputs).
    "helm.sh/Release": ["name", "namespace"],
};

/** Types that hold data: losing one loses data, whatever its protect flags say. */
const DATA_HOLDER_TYPES: readonly RegExp[] = [
    /^aws:eks\/cluster:Cluster$/,
    /^gcp:container\/cluster:Cluster$/,
    /^azure-native:containerservice:ManagedCluster$/,
    /^aws:s3\/bucket(V2)?:Bucket(V2)?$/,
    /^gcp:storage\/bucket:Bucket$/,
    /^azure-native:storage:(StorageAccount|BlobContainer)$/,
    /^aws:kms\/key:Key$/,
    /^gcp:kms\/(cryptoKey:CryptoKey|keyRing:KeyRing)$/,
    /^azure-native:keyvault:(Vault|Key)$/,
    /^kubernetes:core\/v1:(PersistentVolumeClaim|PersistentVolume)$/,
    /^kubernetes:kafka\.strimzi\.io\/[^:]+:(Kafka|KafkaNodePool|KafkaTopic)$/,
    /^kubernetes:k8ssandra\.io\/[^:]+:K8ssandraCluster$/,
];

/** Field names whose values are credentials even when the program did not mark them secret. */
const SECRET_FIELD = /(^|[.>])(password|[\w-]*Password|token|[\w-]*Token|privateKey|[\w-]*PrivateKey|clientSecret)$/i;

/**
 * Whether a resource holds data or is protected from deletion.
 * @param r a plan resource
 */
export function holdsData(r: Pick<PlanResource, "type" | "protect" | "retainOnDelete">): boolean {
    return r.protect || r.retainOnDelete || DATA_HOLDER_TYPES.some((t) => t.test(r.type));
}

function k8sKey(type: string): string | undefined {
    const m = /^kubernetes:([^/:]+)\/[^:]+:([^:]+)$/.exec(type);
    return m ? `${m[1]}/${m[2]}` : undefined;
}

/**
 * A short name for a resource: `Kind namespace/name` for Kubernetes objects, `type name` otherwise.
 * @param r a plan resource
 */
export function resourceLabel(r: Pick<PlanResource, "type" | "name" | "inputs">): string {
    const m = /^kubernetes:[^:]+:([^:]+)$/.exec(r.type);
    if (!m) return `${r.type} ${r.name}`;
    const meta = (r.inputs["metadata"] ?? {}) as { name?: unknown; namespace?: unknown };
    const ns = typeof meta.namespace === "string" ? meta.namespace : typeof r.inputs["namespace"] === "string" ? r.inputs["namespace"] : "";
    const name = typeof meta.name === "string" ? meta.name : typeof r.inputs["name"] === "string" ? r.inputs["name"] : r.name;
    return `${m[1]} ${ns}/${name}`;
}

function redactField(type: string, path: string, value: unknown): unknown {
    if (value === undefined) return undefined;
    if (k8sKey(type) === "core/Secret" && /^(data|stringData)\b/.test(path)) return SECRET;
    return SECRET_FIELD.test(path) ? SECRET : value;
}

/** Lists of plain values (namespaces, CIDRs, args) compared and shown whole, not element by element. */
function compactLists(value: unknown): unknown {
    if (Array.isArray(value)) return value.length > 0 && value.every((v) => v === null || typeof v !== "object") ? value.map((v) => String(v)).join(", ") : value.map(compactLists);
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compactLists(v)]));
    return value;
}

function fieldChanges(base: PlanResource, head: PlanResource): FieldChange[] {
    const a = flatten(compactLists(base.inputs));
    const b = flatten(compactLists(head.inputs));
    const changes: FieldChange[] = [];
    for (const path of [...new Set([...a.keys(), ...b.keys()])].sort()) {
        if (JSON.stringify(a.get(path)) === JSON.stringify(b.get(path))) continue;
        changes.push({ path, before: redactField(head.type, path, a.get(path)), after: redactField(head.type, path, b.get(path)) });
    }
    for (const opt of ["protect", "retainOnDelete"] as const) {
        if (base[opt] !== head[opt]) changes.push({ path: `(option) ${opt}`, before: base[opt], after: head[opt] });
    }
    return changes;
}

function forceNewFields(type: string, fields: readonly FieldChange[]): string[] {
    const key = k8sKey(type);
    if (key === undefined) return [];
    const roots = ["metadata.name", "metadata.namespace", ...(K8S_FORCE_NEW[key] ?? [])];
    return fields.map((f) => f.path).filter((p) => roots.some((r) => p === r || p.startsWith(`${r}.`) || p.startsWith(`${r}[`) || p.startsWith(`${r}>`)));
}

/** How the offline engine spelled URNs before it followed the Pulumi engine's rule: with the root Stack's type. */
const LEGACY_URN = "::pulumi:pulumi:Stack$";

/**
 * A plan made before the offline engine followed the Pulumi engine's URN rule (the parent's whole type chain, the
 * root Stack's type left out; langhost.ts) qualified URNs with the Stack's type and only the parent's last type.
 * Re-derive its URNs by the engine's rule from each resource's parent, so a `--diff` against such a commit
 * compares resources, not two spellings of the same URN (which would list every nested Kafka and Cassandra
 * object as deleted and added).
 * @param doc a plan document
 */
export function withEngineUrns(doc: PlanDocument): PlanDocument {
    if (!doc.resources.some((r) => r.urn.includes(LEGACY_URN))) return doc;
    const byUrn = new Map(doc.resources.map((r) => [r.urn, r]));
    const derived = new Map<string, string>();
    const urnOf = (r: PlanResource): string => {
        const known = derived.get(r.urn);
        if (known !== undefined) return known;
        const parent = r.parent !== undefined ? byUrn.get(r.parent) : undefined;
        const [prefix, project, , ...name] = r.urn.split("::");
        const qualified = parent !== undefined ? `${urnOf(parent).split("::")[2]}$${r.type}` : r.type;
        const urn = [prefix, project, qualified, ...name].join("::");
        derived.set(r.urn, urn);
        return urn;
    };
    const mapped = (urn: string): string => {
        const r = byUrn.get(urn);
        return r !== undefined ? urnOf(r) : urn;
    };
    return { ...doc, resources: doc.resources.map((r) => ({ ...r, urn: urnOf(r), ...(r.parent !== undefined ? { parent: mapped(r.parent) } : {}), dependencies: r.dependencies.map(mapped) })) };
}

/**
 * Compare two plans of one stack, resource by resource (by URN, as Pulumi does).
 * @param base the base plan (undefined: the stack is new)
 * @param head the head plan
 */
export function diffPlans(base: PlanDocument | undefined, head: PlanDocument): ResourceChange[] {
    if (base !== undefined) base = withEngineUrns(base);
    const before = new Map((base?.resources ?? []).map((r) => [r.urn, r]));
    const after = new Map(head.resources.map((r) => [r.urn, r]));
    const changes: ResourceChange[] = [];
    for (const r of head.resources) {
        const old = before.get(r.urn);
        if (!old) {
            changes.push({ action: "add", urn: r.urn, type: r.type, label: resourceLabel(r), fields: [], replaceFields: [], holdsData: holdsData(r) });
            continue;
        }
        const fields = fieldChanges(old, r);
        if (fields.length === 0) continue;
        const replaceFields = forceNewFields(r.type, fields);
        changes.push({ action: replaceFields.length > 0 ? "replace" : "change", urn: r.urn, type: r.type, label: resourceLabel(r), fields, replaceFields, holdsData: holdsData(r) || holdsData(old) });
    }
    for (const r of base?.resources ?? []) {
        if (!after.has(r.urn)) changes.push({ action: "remove", urn: r.urn, type: r.type, label: resourceLabel(r), fields: [], replaceFields: [], holdsData: holdsData(r) });
    }
    return changes;
}

const MAX_FIELDS = 25;
const MAX_CELL = 120;

function cell(v: unknown): string {
    if (v === undefined) return "—";
    const s = typeof v === "string" ? v : JSON.stringify(v);
    const short = s.length > MAX_CELL ? `${s.slice(0, MAX_CELL - 3)}...` : s;
    return `\`${short.replace(/\|/g, "\\|").replace(/\n/g, "⏎").replace(/`/g, "'")}\``;
}

function counts(changes: readonly ResourceChange[]): string {
    const n = (a: ChangeAction) => changes.filter((c) => c.action === a).length;
    return `${n("add")} to add, ${n("change")} to change, ${n("replace")} to replace, ${n("remove")} to remove`;
}

function fieldTable(c: ResourceChange): string[] {
    const lines = ["", "  | field | before | after |", "  |---|---|---|"];
    for (const f of c.fields.slice(0, MAX_FIELDS)) lines.push(`  | ${f.path}${c.replaceFields.includes(f.path) ? " (replaces)" : ""} | ${cell(f.before)} | ${cell(f.after)} |`);
    if (c.fields.length > MAX_FIELDS) lines.push(`  | … ${c.fields.length - MAX_FIELDS} more field(s) | | |`);
    return lines;
}

/**
 * Render out/diff.md.
 * @param title what was compared (`main (abc1234) → working tree`)
 * @param stacks the per-stack differences
 */
export function renderDiff(title: string, stacks: readonly StackDiff[]): string {
    const lines = [`# Plan diff: ${title}`, ""];
    const all = stacks.flatMap((s) => s.changes.map((c) => ({ stack: s.stack, c })));
    const danger = all.filter(({ c }) => c.holdsData && (c.action === "remove" || c.action === "replace"));
    const replaced = all.filter(({ c }) => !c.holdsData && c.action === "replace");
    lines.push("| stack | result |", "|---|---|");
    for (const s of stacks) lines.push(`| ${s.stack} | ${s.status === "failed" ? `FAILED: ${(s.error ?? "").split("\n")[0]}` : s.changes.length === 0 ? "no changes" : `${s.status === "new" ? "new stack: " : ""}${counts(s.changes)}`} |`);
    lines.push("");
    if (danger.length > 0) {
        lines.push("## ⚠ Data holders deleted or replaced", "", "Each of these loses data or a protected resource unless it is intended. Check before merging.", "", "| stack | action | resource | why |", "|---|---|---|---|");
        for (const { stack, c } of danger) lines.push(`| ${stack} | **${c.action}** | \`${c.label}\` | ${c.action === "replace" ? `changes ${c.replaceFields.join(", ")}` : "no longer in the plan"} |`);
        lines.push("");
    }
    if (replaced.length > 0) {
        lines.push("## Replacements (delete and re-create)", "", "| stack | resource | fields that force it |", "|---|---|---|");
        for (const { stack, c } of replaced) lines.push(`| ${stack} | \`${c.label}\` | ${c.replaceFields.join(", ")} |`);
        lines.push("");
    }
    for (const s of stacks.filter((x) => x.changes.length > 0)) {
        lines.push(`## ${s.stack}`, "");
        for (const [action, heading] of [["add", "Added"], ["change", "Changed"], ["replace", "Replaced"], ["remove", "Removed"]] as const) {
            const group = s.changes.filter((c) => c.action === action);
            if (group.length === 0) continue;
            lines.push(`### ${heading} (${group.length})`, "");
            for (const c of group) {
                lines.push(`- \`${c.label}\`${c.label.startsWith(c.type) ? "" : ` (${c.type})`}${c.holdsData ? " — holds data" : ""}`);
                if (action === "change" || action === "replace") lines.push(...fieldTable(c));
            }
            lines.push("");
        }
    }
    lines.push("Replacements of Kubernetes objects follow the Kubernetes provider's force-new fields; a cloud resource's replacement is decided by its provider: `pulumi preview --diff` shows it.", "");
    return lines.join("\n");
}
