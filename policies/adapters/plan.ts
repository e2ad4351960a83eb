/**
 * The offline plan adapter: runs the pack's rules over the resources recorded by
 * components/plan/engine.ts (inputs plus protect/retainOnDelete) and renders the policy report.
 */
import type { RecordedResource } from "../../components/plan/engine";
import { normaliseUnknowns } from "../lib/access";
import { ENVIRONMENTS, type Environment, type PolicyResource } from "../lib/types";
import { loadPolicyConfig, type PolicyConfig } from "../config/schema";
import { evaluate, summarise, type Finding } from "../engine";

export type { Finding } from "../engine";

/**
 * Normalise one recorded resource (wire unknowns become the unknown sentinel).
 * @param r the recorded resource
 */
export function fromRecorded(r: RecordedResource): PolicyResource {
    return { type: r.type, name: r.name, urn: r.urn, inputs: normaliseUnknowns(r.inputs) as Record<string, unknown>, options: { protect: r.protect, retainOnDelete: r.retainOnDelete } };
}

/**
 * Validate an environment name.
 * @param environment `dev`, `staging` or `prod`
 */
export function asEnvironment(environment: string): Environment {
    const env = ENVIRONMENTS.find((e) => e === environment);
    if (!env) throw new Error(`unknown environment ${environment}; expected one of ${ENVIRONMENTS.join(", ")}`);
    return env;
}

/**
 * Evaluate the policy pack over a recorded program run.
 * Components (custom=false) are skipped except Helm v4 charts, which arrive as single records.
 * @param resources what components/plan/engine.ts recorded
 * @param environment the stack's environment (`dev`, `staging`, `prod`)
 * @param config policy config; defaults to policies/config/<environment>.json
 * @param now "today" for waiver expiry
 */
export function evaluatePlan(resources: readonly RecordedResource[], environment: string, config?: PolicyConfig, now?: Date): Finding[] {
    const env = asEnvironment(environment);
    const normalised = resources.filter((r) => r.custom || r.type === "kubernetes:helm.sh/v4:Chart").map(fromRecorded);
    return evaluate(normalised, { environment: env, config: config ?? loadPolicyConfig(env), ...(now ? { now } : {}) });
}

function cell(s: string): string {
    return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/**
 * The policy section of report.md.
 * @param findings findings from {@link evaluatePlan}
 */
export function renderPolicyReport(findings: readonly Finding[]): string {
    const s = summarise(findings);
    const lines = ["## Policies", "", `${s.mandatory} mandatory violation(s), ${s.advisory} advisory finding(s), ${s.waived} waived.`, ""];
    const section = (title: string, list: readonly Finding[], waived: boolean): void => {
        if (list.length === 0) return;
        lines.push(`### ${title}`, "", waived ? "| rule | resource | message | waiver |" : "| rule | severity | resource | message |", "|---|---|---|---|");
        for (const f of [...list].sort((a, b) => a.ruleId.localeCompare(b.ruleId) || a.resource.localeCompare(b.resource) || a.message.localeCompare(b.message))) {
            lines.push(waived ? `| \`${f.ruleId}\` | ${cell(f.name || f.resource)} | ${cell(f.message)} | ${cell(f.waived ?? "")} |` : `| \`${f.ruleId}\` | ${f.severity} | ${cell(`${f.type} ${f.name}`)} | ${cell(f.message)} |`);
        }
        lines.push("");
    };
    section("Mandatory violations", findings.filter((f) => !f.waived && f.enforcement === "mandatory"), false);
    section("Advisory findings", findings.filter((f) => !f.waived && f.enforcement === "advisory"), false);
    section("Waived", findings.filter((f) => f.waived), true);
    if (findings.length === 0) lines.push("No findings.", "");
    return lines.join("\n").trimEnd() + "\n";
}
