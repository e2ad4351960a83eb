/**
 * The cross-cloud parity check: the aws, gcp and azure plans of one environment must describe the
 * same Kubernetes layer (pool contract, platform objects, Helm releases and their values, data-service
 * CRs), apart from the per-cloud fields listed with a reason in parityAllowList.ts.
 */
import { parse as parseYaml } from "yaml";
import type { PlanDocument, PlanResource } from "./artifacts";
import { PARITY_ALLOW_LIST, type ParityAllowance } from "./parityAllowList";

/** The three clouds a parity check compares. */
export const PARITY_CLOUDS = ["aws", "gcp", "azure"] as const;
/** One of them. */
export type ParityCloud = (typeof PARITY_CLOUDS)[number];

/** One field whose value is not the same on all three clouds. */
export interface ParityDifference {
    /** The object (`Namespace /team-analytics`, `pool/gpu`, `Release kafka/strimzi`). */
    readonly object: string;
    /** Dotted path inside it (`metadata.labels.x`), or `(object)` when the object is missing somewhere. */
    readonly path: string;
    /** The value on each cloud (`undefined` when absent). */
    readonly values: Readonly<Record<ParityCloud, unknown>>;
    /** Why the difference is allowed, when it is. */
    readonly reason?: string;
}

/** The outcome of a parity check. */
export interface ParityResult {
    /** Objects compared. */
    readonly objects: number;
    /** Differences the allow-list explains. */
    readonly allowed: readonly ParityDifference[];
    /** Differences it does not: each one fails the check. */
    readonly violations: readonly ParityDifference[];
}

/** Layers whose Kubernetes objects must be identical across clouds (adapters may add cloud-only ones). */
const NEUTRAL_LAYERS = ["tristack:platform:", "tristack:data:"];

function inNeutralLayer(r: PlanResource): boolean {
    const typeChain = r.urn.split("::")[2] ?? "";
    return NEUTRAL_LAYERS.some((l) => typeChain.includes(l));
}

function objectKey(r: PlanResource): string {
    const kind = r.type.split(":")[2] ?? r.type;
    const meta = (r.inputs["metadata"] ?? {}) as { name?: string; namespace?: string };
    const ns = meta.namespace ?? (typeof r.inputs["namespace"] === "string" ? r.inputs["namespace"] : "");
    const name = meta.name ?? (typeof r.inputs["name"] === "string" ? r.inputs["name"] : r.name);
    return `${kind} ${ns}/${name}`;
}

/** Elements of an array of objects that all carry this string field are keyed by it, not by position. */
const IDENTITY_FIELDS = ["key", "name"] as const;

function elementKey(items: readonly unknown[]): ((item: unknown, i: number) => string) | undefined {
    for (const field of IDENTITY_FIELDS) {
        if (items.every((x) => x !== null && typeof x === "object" && typeof (x as Record<string, unknown>)[field] === "string")) {
            return (x) => `[${field}=${String((x as Record<string, unknown>)[field])}]`;
        }
    }
    return undefined;
}

/**
 * An embedded document (a YAML pod template, a `spark-defaults.conf`) parsed so it is compared field by
 * field; other strings stay as they are.
 * @param value a string value
 */
function embedded(value: string): unknown {
    if (!value.includes("\n")) return value;
    const lines = value.split("\n").filter((l) => l.trim() !== "" && !l.trimStart().startsWith("#"));
    if (lines.length > 0 && lines.every((l) => /^[^\s:=]+(\s+|\s*=\s*)\S/.test(l))) {
        return Object.fromEntries(
            lines.map((l) => {
                const m = /^([^\s:=]+)(?:\s+|\s*=\s*)(.*)$/.exec(l)!;
                return [m[1]!, m[2]!.trim()];
            }),
        );
    }
    try {
        const doc: unknown = parseYaml(value);
        return doc !== null && typeof doc === "object" ? doc : value;
    } catch {
        return value;
    }
}

/**
 * Flatten a value into dotted paths. Arrays of objects with a `key` or `name` are keyed by it
 * (`taints[key=nvidia.com/gpu]`), so an extra element on one cloud shows as that element, not as a
 * shift of every index; other arrays use positions. Empty arrays and objects are the same as absent.
 * Multi-line strings holding YAML or `key value` lines are parsed and compared field by field.
 * @param value any JSON value
 * @param prefix path so far
 * @param out accumulator
 */
export function flatten(value: unknown, prefix = "", out: Map<string, unknown> = new Map()): Map<string, unknown> {
    if (typeof value === "string") {
        const doc = embedded(value);
        if (doc !== value) return flatten(doc, `${prefix}>`, out);
    }
    if (Array.isArray(value)) {
        const keyOf = elementKey(value) ?? ((_: unknown, i: number) => `[${i}]`);
        value.forEach((v, i) => flatten(v, `${prefix}${keyOf(v, i)}`, out));
    } else if (value !== null && typeof value === "object") {
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix && !prefix.endsWith(">") ? `${prefix}.${k}` : `${prefix}${k}`, out);
    } else {
        out.set(prefix, value);
    }
    return out;
}

/**
 * The comparable objects of one plan: the pool contract from the stack outputs and every Kubernetes
 * object of the neutral layers, keyed so the same object on another cloud has the same key.
 * @param doc a plan document
 */
export function comparableObjects(doc: PlanDocument): Map<string, unknown> {
    const objects = new Map<string, unknown>();
    const pools = (doc.outputs["pools"] ?? {}) as Record<string, unknown>;
    for (const [name, pool] of Object.entries(pools)) objects.set(`pool/${name}`, pool);
    for (const r of doc.resources) {
        if (!r.custom || !r.type.startsWith("kubernetes:") || !inNeutralLayer(r)) continue;
        objects.set(objectKey(r), r.inputs);
    }
    return objects;
}

function allowance(object: string, path: string, allowList: readonly ParityAllowance[]): ParityAllowance | undefined {
    return allowList.find((a) => a.object.test(object) && a.path.test(path));
}

/**
 * Compare the three plans of one environment.
 * @param plans the aws, gcp and azure plan documents
 * @param allowList the per-cloud fields allowed to differ
 */
export function compareParity(plans: Readonly<Record<ParityCloud, PlanDocument>>, allowList: readonly ParityAllowance[] = PARITY_ALLOW_LIST): ParityResult {
    const objects = Object.fromEntries(PARITY_CLOUDS.map((c) => [c, comparableObjects(plans[c])])) as Record<ParityCloud, Map<string, unknown>>;
    const keys = new Set(PARITY_CLOUDS.flatMap((c) => [...objects[c].keys()]));
    const allowed: ParityDifference[] = [];
    const violations: ParityDifference[] = [];
    const record = (d: Omit<ParityDifference, "reason">) => {
        const a = allowance(d.object, d.path, allowList);
        if (a) allowed.push({ ...d, reason: a.reason });
        else violations.push(d);
    };
    for (const key of [...keys].sort()) {
        const present = PARITY_CLOUDS.filter((c) => objects[c].has(key));
        if (present.length < PARITY_CLOUDS.length) {
            record({ object: key, path: "(object)", values: Object.fromEntries(PARITY_CLOUDS.map((c) => [c, objects[c].has(key) ? "present" : undefined])) as Record<ParityCloud, unknown> });
            continue;
        }
        const flat = Object.fromEntries(PARITY_CLOUDS.map((c) => [c, flatten(objects[c].get(key))])) as Record<ParityCloud, Map<string, unknown>>;
        const paths = new Set(PARITY_CLOUDS.flatMap((c) => [...flat[c].keys()]));
        for (const path of [...paths].sort()) {
            const values = Object.fromEntries(PARITY_CLOUDS.map((c) => [c, flat[c].get(path)])) as Record<ParityCloud, unknown>;
            const distinct = new Set(PARITY_CLOUDS.map((c) => JSON.stringify(values[c])));
            if (distinct.size > 1) record({ object: key, path, values });
        }
    }
    return { objects: keys.size, allowed, violations };
}

function cell(v: unknown): string {
    if (v === undefined) return "—";
    const s = typeof v === "string" ? v : JSON.stringify(v);
    const short = s.length > 60 ? `${s.slice(0, 57)}...` : s;
    return `\`${short.replace(/\|/g, "\\|").replace(/\n/g, "⏎")}\``;
}

/**
 * Render out/parity-<env>.md.
 * @param env the environment compared
 * @param result the parity result
 */
export function renderParity(env: string, result: ParityResult): string {
    const lines = [`# Parity: ${env}`, "", `${result.objects} objects compared across ${PARITY_CLOUDS.join(", ")}: **${result.violations.length} unexplained difference(s)**, ${result.allowed.length} allowed per-cloud difference(s).`, ""];
    if (result.violations.length > 0) {
        lines.push("## Unexplained differences (fail)", "", "| object | path | aws | gcp | azure |", "|---|---|---|---|---|");
        for (const d of result.violations) lines.push(`| ${d.object} | ${d.path} | ${cell(d.values.aws)} | ${cell(d.values.gcp)} | ${cell(d.values.azure)} |`);
        lines.push("");
    }
    lines.push("## Allowed per-cloud differences", "", "| object | path | aws | gcp | azure | reason |", "|---|---|---|---|---|---|");
    for (const d of result.allowed) lines.push(`| ${d.object} | ${d.path} | ${cell(d.values.aws)} | ${cell(d.values.gcp)} | ${cell(d.values.azure)} | ${d.reason ?? ""} |`);
    return `${lines.join("\n")}\n`;
}
