import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { PlanDocument } from "./artifacts";

/**
 * Write out/summary.md (what the pull-request job posts to its summary): resources and policy results
 * per planned stack, then the parity reports that exist.
 * @param outDir the plan output root
 */
export function writeSummary(outDir: string): void {
    const lines = ["# tristack plan summary", "", "| stack | cloud | env | resources | protected | mandatory violations | advisory findings |", "|---|---|---|---|---|---|---|"];
    const entries = existsSync(outDir) ? readdirSync(outDir, { withFileTypes: true }) : [];
    for (const e of entries.filter((x) => x.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
        const planFile = path.join(outDir, e.name, "plan.json");
        const errorFile = path.join(outDir, e.name, "error.txt");
        if (existsSync(planFile)) {
            const d = JSON.parse(readFileSync(planFile, "utf8")) as PlanDocument;
            lines.push(`| ${d.stack} | ${d.cloud} | ${d.environment} | ${d.summary.resources} | ${d.summary.protected} | ${d.policy.mandatoryViolations} | ${d.policy.advisoryFindings} |`);
        } else if (existsSync(errorFile)) {
            lines.push(`| ${e.name} | — | — | FAILED: ${readFileSync(errorFile, "utf8").split("\n")[0]} | | | |`);
        }
    }
    for (const f of entries.filter((x) => x.isFile() && /^parity-.+\.md$/.test(x.name)).map((x) => x.name).sort()) {
        lines.push("", readFileSync(path.join(outDir, f), "utf8").replace(/^# /, "## "));
    }
    writeFileSync(path.join(outDir, "summary.md"), `${lines.join("\n")}\n`);
}
