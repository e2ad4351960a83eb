import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { PlanDocument } from "./artifacts";
import { chainLine } from "./deployEstimate";
import type { ParityResult } from "./parity";
import type { StackPlanResult } from "./planStack";

/** The parity check of one environment in this run. */
export interface ParitySummary {
    readonly env: string;
    readonly result: ParityResult;
    /** File name of its full report (out/parity-<env>.md), relative to the summary. */
    readonly file: string;
}

/** What one run of the plan CLI produced. */
export interface RunSummary {
    /** The stacks planned in this run, in the order they were asked for. */
    readonly stacks: readonly StackPlanResult[];
    /** Stacks whose worker died without a result. */
    readonly missing: readonly string[];
    readonly parity: readonly ParitySummary[];
    /** `--diff`: the one-line result and the file with the details, relative to the summary. */
    readonly diff?: { readonly title: string; readonly file: string; readonly line: string };
}

function firstLine(s: string): string {
    return (s.split("\n")[0] ?? "").replace(/\|/g, "\\|");
}

/**
 * out/summary.md (what the pull-request job posts to its summary): this run's stacks only, one row
 * each, one line per parity check and the diff, each linking to its own file. Stack folders left in
 * out/ by earlier runs are not listed, and the parity allow-list stays in parity-<env>.md.
 * @param outDir the plan output root
 * @param run what this run planned
 * @returns the summary text (also written to outDir/summary.md)
 */
export function writeSummary(outDir: string, run: RunSummary): string {
    const lines = ["# tristack plan summary", "", "| stack | cloud | env | resources | protected | mandatory violations | advisory findings | report |", "|---|---|---|---|---|---|---|---|"];
    for (const r of run.stacks) {
        const planFile = path.join(outDir, r.stack, "plan.json");
        if (!r.error && existsSync(planFile)) {
            const d = JSON.parse(readFileSync(planFile, "utf8")) as PlanDocument;
            lines.push(`| ${d.stack} | ${d.cloud} | ${d.environment} | ${d.summary.resources} | ${d.summary.protected} | ${d.policy.mandatoryViolations} | ${d.policy.advisoryFindings} | [report](${r.stack}/report.md) |`);
        } else {
            lines.push(`| ${r.stack} | — | — | FAILED: ${firstLine(r.error ?? "no plan written")} | | | | [error](${r.stack}/error.txt) |`);
        }
    }
    for (const s of run.missing) lines.push(`| ${s} | — | — | FAILED: the plan worker exited without a result | | | | |`);
    const estimates = run.stacks.flatMap((r) => {
        const planFile = path.join(outDir, r.stack, "plan.json");
        const d = !r.error && existsSync(planFile) ? (JSON.parse(readFileSync(planFile, "utf8")) as PlanDocument) : undefined;
        return d?.deploy ? [{ stack: r.stack, est: d.deploy }] : [];
    });
    if (estimates.length > 0) {
        lines.push("", "## Estimated first `pulumi up`", "", "| stack | estimate | floor | critical chain |", "|---|---|---|---|");
        for (const { stack, est } of estimates) lines.push(`| ${stack} | ~${est.minutes.toFixed(1)} min | ${est.floorMinutes.toFixed(1)} min | ${chainLine(est).replace(/\|/g, "\\|")} |`);
    }
    if (run.parity.length > 0) {
        lines.push("", "## Cross-cloud parity", "");
        for (const p of run.parity) {
            lines.push(`- **${p.env}**: ${p.result.objects} objects compared, **${p.result.violations.length} unexplained difference(s)**, ${p.result.allowed.length} allowed per-cloud difference(s), each with its reason in [${p.file}](${p.file}).`);
        }
        const violations = run.parity.flatMap((p) => p.result.violations.map((d) => ({ env: p.env, d })));
        if (violations.length > 0) {
            lines.push("", "| env | object | path | aws | gcp | azure |", "|---|---|---|---|---|---|");
            for (const { env, d } of violations) lines.push(`| ${env} | ${d.object} | ${d.path} | ${JSON.stringify(d.values.aws) ?? "—"} | ${JSON.stringify(d.values.gcp) ?? "—"} | ${JSON.stringify(d.values.azure) ?? "—"} |`);
        }
    }
    if (run.diff) lines.push("", "## Diff", "", `${run.diff.title}: ${run.diff.line} — details in [${run.diff.file}](${run.diff.file}).`);
    const text = `${lines.join("\n")}\n`;
    writeFileSync(path.join(outDir, "summary.md"), text);
    return text;
}
