/**
 * The offline plan adapter: runs the pack's rules over the resources recorded by
 * components/plan/engine.ts (inputs plus protect/retainOnDelete) and renders the policy report.
 */
import { normaliseUnknowns } from "../lib/access";
import { ENVIRONMENTS, type Environment, type PolicyResource } from "../lib/types";
import { loadPolicyConfig, type PolicyConfig } from "../config/schema";
import { evaluate, summarise, type Finding } from "../engine";

export type { Finding } from "../engine";

/**
 * What the adapter reads from one resource the offline engine recorded. A structural subset of
 * components/plan/engine.ts `RecordedResource`, declared here because the pack is installed and
 * type-checked on its own (policies/package.json; the CLI's runner registers ts-node with
 * `typeCheck: true`), so no file under policies/ may import from outside it (test/policies/pack.test.ts).
 */
export interface PlanResource {
    /** Type token. */
    readonly type: string;
    /** Logical name. */
    readonly name: string;
    /** URN. */
    readonly urn: string;
    /** Whether this is a custom (provider) resource rather than a component. */
    readonly custom: boolean;
    /** Inputs (wire unknowns allowed). */
    readonly inputs: Record<string, unknown>;
    /** `protect` option. */
    readonly protect: boolean;
    /** `retainOnDelete` option (recorded, but not judged: see {@link fromRecorded}). */
    readonly retainOnDelete: boolean;
    /** URNs the resource depends on (the registration's dependencies, as the engine passes them to a stack policy). */
    readonly dependencies?: readonly string[];
}

/**
 * Normalise one recorded resource (wire unknowns become the unknown sentinel).
 * @param r the recorded resource
 */
export function fromRecorded(r: PlanResource): PolicyResource {
    // retainOnDelete is dropped: the engine cannot tell a policy pack about it (pulumi/pulumi
    // proto/pulumi/analyzer.proto `AnalyzerResourceOptions` carries protect, ignoreChanges,
    // deleteBeforeReplace, additionalSecretOutputs, aliases, customTimeouts and parent only; @pulumi/policy
    // server.js `getResourceOptions` reads no more), so under `pulumi preview --policy-pack` a resource kept
    // only by retainOnDelete is judged unprotected, and the offline plan must judge it the same way
    // (test/policies/pack.test.ts compares both over the rule table).
    return { type: r.type, name: r.name, urn: r.urn, inputs: normaliseUnknowns(r.inputs) as Record<string, unknown>, options: { protect: r.protect, retainOnDelete: false }, ...(r.dependencies ? { dependencies: [...r.dependencies] } : {}) };
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
export function evaluatePlan(resources: readonly PlanResource[], environment: string, config?: PolicyConfig, now?: Date): Finding[] {
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
