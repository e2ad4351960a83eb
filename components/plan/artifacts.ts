/**
 * Turns one program run into the plan artifacts: plan.json, manifests/*.yaml and report.md.
 * Pure functions over the recorded resources; the CLI writes the files.
 */
import { stringify } from "yaml";
import type { PoolCapacity } from "../capacity/report";
import { deployEstimateMarkdown, estimateDeploy, type DeployEstimate } from "./deployEstimate";
import type { RecordedResource } from "./engine";
import { picturesSection } from "./pictures";

/** A policy finding as the plan shows it (produced by the policy pack's plan adapter). */
export interface PlanFinding {
    readonly ruleId: string;
    readonly enforcement: "mandatory" | "advisory" | "disabled";
    readonly severity: string;
    readonly resource: string;
    readonly message: string;
    readonly waived?: string;
}

/** The plan.json document. */
export interface PlanDocument {
    readonly stack: string;
    readonly cloud: string;
    readonly environment: string;
    readonly summary: { readonly resources: number; readonly byType: Record<string, number>; readonly protected: number };
    readonly resources: readonly PlanResource[];
    readonly outputs: Record<string, unknown>;
    readonly policy: { readonly mandatoryViolations: number; readonly advisoryFindings: number; readonly findings: readonly PlanFinding[] };
    /** The estimated first `pulumi up` and its critical chain (deployEstimate.ts). */
    readonly deploy?: DeployEstimate;
}

/** One resource in plan.json. */
export interface PlanResource {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly parent?: string;
    readonly custom: boolean;
    readonly inputs: Record<string, unknown>;
    readonly dependencies: readonly string[];
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
}

/**
 * Whether a resource is a Kubernetes object (or Helm release) that lands in the cluster.
 * @param type the type token
 */
export function isKubernetesObject(type: string): boolean {
    return type.startsWith("kubernetes:") && !type.startsWith("pulumi:providers:");
}

/**
 * Stack outputs with the secret ones redacted.
 * @param outputs the resolved outputs
 */
export function redactOutputs(outputs: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(outputs)) out[k] = k === "kubeconfig" ? "[secret]" : v;
    return out;
}

/**
 * Count resources by type, sorted by type.
 * @param resources recorded resources
 */
export function countByType(resources: readonly RecordedResource[]): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of [...resources].sort((a, b) => a.type.localeCompare(b.type))) counts[r.type] = (counts[r.type] ?? 0) + 1;
    return counts;
}

/**
 * Build plan.json.
 * @param stack stack name
 * @param resources recorded resources
 * @param outputs resolved stack outputs
 * @param findings policy findings
 */
export function planDocument(stack: string, resources: readonly RecordedResource[], outputs: Record<string, unknown>, findings: readonly PlanFinding[]): PlanDocument {
    const active = findings.filter((f) => !f.waived);
    return {
        stack,
        cloud: String(outputs["cloud"]),
        environment: String(outputs["environment"]),
        summary: { resources: resources.length, byType: countByType(resources), protected: resources.filter((r) => r.protect || r.retainOnDelete).length },
        resources: resources.map((r) => ({
            type: r.type,
            name: r.name,
            urn: r.urn,
            parent: r.parent,
            custom: r.custom,
            inputs: r.redactedInputs,
            dependencies: r.dependencies,
            protect: r.protect,
            retainOnDelete: r.retainOnDelete,
        })),
        outputs: redactOutputs(outputs),
        policy: {
            mandatoryViolations: active.filter((f) => f.enforcement === "mandatory").length,
            advisoryFindings: active.filter((f) => f.enforcement === "advisory").length,
            findings,
        },
        deploy: estimateDeploy(resources),
    };
}

function fileSafe(s: string): string {
    return s.replace(/[^A-Za-z0-9_.-]+/g, "_");
}

/** The directory for cluster-scoped objects (a Kubernetes namespace name cannot start with `_`). */
export const CLUSTER_SCOPE_DIR = "_cluster";

/**
 * Where a Kubernetes object's manifest goes: `<kind>/<namespace or _cluster>/<name>.yaml`, from the
 * object's own identity, so the path does not depend on registration order and adding one object adds
 * one file. Helm releases use their release name and namespace.
 * @param r a recorded resource that is a Kubernetes object
 */
export function manifestPath(r: Pick<RecordedResource, "type" | "name" | "redactedInputs">): string {
    const kind = r.type.split(":")[2] ?? "Object";
    const meta = (r.redactedInputs["metadata"] ?? {}) as { name?: unknown; namespace?: unknown };
    const ns = typeof meta.namespace === "string" ? meta.namespace : typeof r.redactedInputs["namespace"] === "string" ? r.redactedInputs["namespace"] : CLUSTER_SCOPE_DIR;
    const name = typeof meta.name === "string" ? meta.name : typeof r.redactedInputs["name"] === "string" && kind === "Release" ? r.redactedInputs["name"] : r.name;
    return `${fileSafe(kind.toLowerCase())}/${fileSafe(ns)}/${fileSafe(name)}.yaml`;
}

/**
 * Render every Kubernetes object as the YAML that would be applied, one file each, keyed by
 * {@link manifestPath}. Two objects with the same path (same kind, namespace and name in different API
 * groups) are told apart by their Pulumi logical names. Helm releases are written as their chart
 * coordinates and values (Helm renders them at apply time).
 * @param resources recorded resources
 */
export function manifests(resources: readonly RecordedResource[]): Map<string, string> {
    const objects = resources.filter((r) => r.custom && isKubernetesObject(r.type));
    const byPath = new Map<string, RecordedResource[]>();
    for (const r of objects) byPath.set(manifestPath(r), [...(byPath.get(manifestPath(r)) ?? []), r]);
    const files = new Map<string, string>();
    for (const [file, group] of [...byPath].sort(([a], [b]) => a.localeCompare(b))) {
        for (const r of group) {
            const kind = r.type.split(":")[2] ?? "Object";
            const header = kind === "Release" ? `# Helm release ${r.name}: chart coordinates and values; Helm renders the objects at apply time.\n` : "";
            const unique = group.length === 1 ? file : file.replace(/\.yaml$/, `.${fileSafe(r.name)}.yaml`);
            files.set(unique, header + stringify(r.redactedInputs, { sortMapEntries: false, lineWidth: 0 }));
        }
    }
    return files;
}

function pct(x: number): string {
    return `${(x * 100).toFixed(1)}%`;
}

/**
 * The capacity tables of report.md.
 * @param capacity the `capacity` stack output
 */
export function capacityTables(capacity: readonly PoolCapacity[]): string {
    const lines: string[] = [];
    lines.push("## Node pools", "", "| pool | role | instance type | vCPU / GiB | max pods | allocatable CPU | allocatable memory | DaemonSets |", "|---|---|---|---|---|---|---|---|");
    for (const p of capacity) {
        lines.push(`| ${p.pool} | ${p.role} | ${p.instanceType} | ${p.vCpu} / ${p.memoryGiB} | ${p.allocatable.maxPods} | ${p.allocatable.cpuMillis}m | ${p.allocatable.memoryMiB}Mi | ${p.daemonSets.cpuMillis}m / ${p.daemonSets.memoryMiB}Mi |`);
    }
    const spark = capacity.filter((p) => p.sparkExecutor);
    if (spark.length > 0) {
        lines.push("", "## Spark executor shape per pool", "", "| pool | instance type | executor.cores | executor.request.cores | executor.memory | overhead | pod memory | per node | CPU packing | memory packing | min |", "|---|---|---|---|---|---|---|---|---|---|---|");
        for (const p of spark) {
            const s = p.sparkExecutor!;
            lines.push(`| ${p.pool} | ${p.instanceType} | ${s.cores} | ${s.requestCpuMillis}m | ${s.memoryMiB}m | ${s.overheadMiB}Mi | ${s.podMemoryMiB}Mi | ${s.perNode} | ${pct(s.cpuPacking)} | ${pct(s.memoryPacking)} | **${pct(s.packing)}** |`);
        }
    }
    const data = capacity.filter((p) => p.dataPod);
    if (data.length > 0) {
        lines.push("", "## Data service pods (one per node)", "", "| pool | service | instance type | pod CPU | pod memory | CPU packing | memory packing |", "|---|---|---|---|---|---|---|");
        for (const p of data) {
            const d = p.dataPod!;
            lines.push(`| ${p.pool} | ${d.service} | ${p.instanceType} | ${d.cpuMillis}m | ${d.memoryMiB}Mi | ${pct(d.cpuPacking)} | ${pct(d.memoryPacking)} |`);
        }
    }
    return lines.join("\n");
}

/**
 * report.md: resources by type, pools with allocatable and packing, protections, policy results.
 * @param doc the plan document
 * @param policyMarkdown the policy section (rendered by the policy pack)
 */
export function report(doc: PlanDocument, policyMarkdown: string): string {
    const capacity = (doc.outputs["capacity"] ?? []) as PoolCapacity[];
    const lines: string[] = [];
    lines.push(`# Plan: ${doc.stack}`, "", `cloud **${doc.cloud}**, environment **${doc.environment}**: ${doc.summary.resources} resources, ${doc.summary.protected} protected, ${doc.policy.mandatoryViolations} mandatory policy violations, ${doc.policy.advisoryFindings} advisory findings.`, "");
    lines.push("## Resources by type", "", "| type | count |", "|---|---|");
    for (const [t, n] of Object.entries(doc.summary.byType)) lines.push(`| \`${t}\` | ${n} |`);
    if (doc.deploy) lines.push("", deployEstimateMarkdown(doc.deploy));
    lines.push("", capacityTables(capacity), "", picturesSection(doc), "");
    const prot = doc.resources.filter((r) => r.protect || r.retainOnDelete);
    lines.push("## Protected from deletion", "");
    if (prot.length === 0) lines.push("Nothing (not prod).");
    else for (const r of prot) lines.push(`- \`${r.type}\` ${r.name}${r.protect ? " — protect" : ""}${r.retainOnDelete ? " — retainOnDelete" : ""}`);
    lines.push("", policyMarkdown, "");
    return lines.join("\n");
}
