/**
 * Runs the rules over a normalised stack: resolves enforcement per environment and config, applies
 * waivers, reports expired waivers, and turns unknown values into "cannot decide at preview" findings.
 * Shared by the offline plan adapter and the tests; CrossGuard runs the same rule functions through
 * adapters/crossguard.ts.
 */
import { isUnknownError } from "./lib/access";
import { glob } from "./lib/match";
import { stackIndex } from "./lib/stackIndex";
import type { Enforcement, Environment, PolicyResource, Rule, RuleContext, RuleFinding, RuleParams, Severity } from "./lib/types";
import { ruleConfig, SETTINGS_KEY, type PolicyConfig, type Waiver } from "./config/schema";
import { RULES } from "./rules";

/** One finding. */
export interface Finding {
    /** Rule id (or `policy-settings` for an expired waiver). */
    readonly ruleId: string;
    /** The rule's severity. */
    readonly severity: Severity;
    /** Enforcement after environment, config and escalation (unknown-value findings are always advisory). */
    readonly enforcement: Exclude<Enforcement, "disabled">;
    /** URN when known, else `type::name`. */
    readonly resource: string;
    /** Type token of the resource. */
    readonly type: string;
    /** Logical name of the resource. */
    readonly name: string;
    /** The violation text. */
    readonly message: string;
    /** Set when a valid waiver covers the finding: `reason (until YYYY-MM-DD)`. */
    readonly waived?: string;
    /** True when the rule could not decide because a value is unknown until `pulumi up`. */
    readonly undecided?: boolean;
}

/** Options of one evaluation. */
export interface EvaluateOptions {
    /** The environment. */
    readonly environment: Environment;
    /** The policy config (from policies/config/<env>.json). */
    readonly config: PolicyConfig;
    /** "Today" for waiver expiry. @default new Date() */
    readonly now?: Date;
    /** Only these rules (tests). @default every rule */
    readonly rules?: readonly Rule[];
}

/**
 * The enforcement of a rule in an environment under a config.
 * @param rule the rule
 * @param environment environment
 * @param config policy config
 */
export function enforcementOf(rule: Rule, environment: Environment, config: PolicyConfig): Enforcement {
    return ruleConfig(config, rule.id).enforcementLevel ?? config.all ?? rule.enforcement[environment];
}

/**
 * The parameters of a rule under a config (its entry minus `enforcementLevel`).
 * @param rule the rule
 * @param config policy config
 */
export function paramsOf(rule: Rule, config: PolicyConfig): RuleParams {
    const { enforcementLevel: _e, ...params } = ruleConfig(config, rule.id);
    return params;
}

function resourceKey(r: PolicyResource): string {
    return r.urn ?? `${r.type}::${r.name}`;
}

/**
 * Whether a waiver covers a rule on a resource (ignoring expiry).
 * @param w the waiver
 * @param ruleId rule id
 * @param r the resource
 */
export function waiverMatches(w: Waiver, ruleId: string, r: PolicyResource): boolean {
    if (w.rule !== ruleId) return false;
    if (w.urn !== undefined) return r.urn !== undefined && glob(w.urn, r.urn);
    return glob(w.type ?? "", r.type) && glob(w.name ?? "", r.name);
}

/**
 * Whether a waiver has expired (it is valid through its expiry date, UTC).
 * @param w the waiver
 * @param now today
 */
export function waiverExpired(w: Waiver, now: Date): boolean {
    return now.toISOString().slice(0, 10) > w.expires;
}

interface Raw {
    readonly rule: Rule;
    readonly resource: PolicyResource;
    readonly message: string;
    readonly escalate: boolean;
    readonly undecided: boolean;
}

function normalise(f: RuleFinding): { message: string; escalate: boolean } {
    return typeof f === "string" ? { message: f, escalate: false } : { message: f.message, escalate: f.escalate };
}

/**
 * Run one rule over the stack and collect raw findings (unknown values become undecided findings).
 * @param rule the rule
 * @param resources every resource
 * @param context rule context
 */
export function runRule(rule: Rule, resources: readonly PolicyResource[], context: RuleContext): Raw[] {
    const out: Raw[] = [];
    const undecided = (resource: PolicyResource, e: Error): Raw => ({ rule, resource, message: `cannot decide at preview: ${e.message}`, escalate: false, undecided: true });
    if (rule.kind === "resource") {
        for (const r of resources) {
            if (!rule.appliesTo(r.type)) continue;
            try {
                for (const f of rule.check(r, context)) out.push({ rule, resource: r, ...normalise(f), undecided: false });
            } catch (e) {
                if (!isUnknownError(e)) throw e;
                out.push(undecided(r, e));
            }
        }
        return out;
    }
    try {
        for (const v of rule.check(context)) out.push({ rule, resource: v.resource, message: v.message, escalate: v.escalate === true, undecided: false });
    } catch (e) {
        if (!isUnknownError(e)) throw e;
        const anchor = resources[0] ?? { type: "pulumi:pulumi:Stack", name: "stack", inputs: {}, options: { protect: false, retainOnDelete: false } };
        out.push(undecided(anchor, e));
    }
    return out;
}

/**
 * Evaluate every rule over a stack.
 * @param resources the stack's resources, normalised
 * @param options environment, config, date
 */
export function evaluate(resources: readonly PolicyResource[], options: EvaluateOptions): Finding[] {
    const now = options.now ?? new Date();
    const waivers = options.config[SETTINGS_KEY]?.waivers ?? [];
    const stack = stackIndex(resources);
    const findings: Finding[] = [];
    for (const rule of options.rules ?? RULES) {
        const level = enforcementOf(rule, options.environment, options.config);
        if (level === "disabled") continue;
        const context: RuleContext = { environment: options.environment, params: paramsOf(rule, options.config), stack };
        for (const raw of runRule(rule, resources, context)) {
            const enforcement = raw.undecided ? "advisory" : raw.escalate ? "mandatory" : level;
            const waiver = waivers.find((w) => waiverMatches(w, rule.id, raw.resource) && !waiverExpired(w, now));
            findings.push({
                ruleId: rule.id,
                severity: rule.severity,
                enforcement,
                resource: resourceKey(raw.resource),
                type: raw.resource.type,
                name: raw.resource.name,
                message: raw.message,
                ...(waiver ? { waived: `${waiver.reason} (until ${waiver.expires})` } : {}),
                ...(raw.undecided ? { undecided: true } : {}),
            });
        }
    }
    findings.push(...expiredWaivers(waivers, now));
    return findings;
}

/**
 * Findings for expired waivers (mandatory: an expired exception must be renewed or removed).
 * @param waivers the configured waivers
 * @param now today
 */
export function expiredWaivers(waivers: readonly Waiver[], now: Date): Finding[] {
    return waivers
        .filter((w) => waiverExpired(w, now))
        .map((w) => {
            const target = w.urn ?? `${w.type ?? "?"}::${w.name ?? "?"}`;
            return { ruleId: SETTINGS_KEY, severity: "high", enforcement: "mandatory", resource: target, type: w.type ?? "", name: w.name ?? "", message: `waiver for ${w.rule} on ${target} expired on ${w.expires}` } satisfies Finding;
        });
}

/**
 * Count unwaived findings per enforcement.
 * @param findings findings
 */
export function summarise(findings: readonly Finding[]): { mandatory: number; advisory: number; waived: number } {
    const active = findings.filter((f) => !f.waived);
    return { mandatory: active.filter((f) => f.enforcement === "mandatory").length, advisory: active.filter((f) => f.enforcement === "advisory").length, waived: findings.length - active.length };
}
