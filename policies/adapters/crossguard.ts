/**
 * The CrossGuard adapter: turns each rule into a StackValidationPolicy that runs the shared engine with
 * the environment of the run (the pack config's, else the one the stack's Namespaces declare). Matching is on type-token strings (no provider SDK imports).
 * A value unknown at preview (the SDK's `UnknownValueError`) becomes an advisory "cannot decide at preview"
 * finding on that resource, as in the offline plan.
 */
import type { Policies, PolicyResource as SdkResource, ReportViolation, StackValidationPolicy } from "@pulumi/policy";
import { resolveEnvironment } from "../lib/environment";
import { ENVIRONMENTS, type Enforcement, type Environment, type PolicyResource, type Rule } from "../lib/types";
import { RULE_PARAMETERS } from "../config/parameters";
import { loadPolicyConfig, ruleConfig, SETTINGS_KEY, type PolicyConfig } from "../config/schema";
import { enforcementOf, evaluate, expiredWaivers } from "../engine";
import { RULES } from "../rules";

/** The shape of a CrossGuard resource as the adapter needs it (args of both policy kinds). */
interface CrossGuardResource {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly props: Record<string, unknown>;
    readonly opts: { readonly protect: boolean };
    /** A stack policy's resources carry their dependencies (resolved to resources by @pulumi/policy server.js). */
    readonly dependencies?: readonly { readonly urn: string }[];
}

/**
 * Normalise a CrossGuard resource (`args` of a resource policy or an entry of `args.resources`).
 * The props stay behind the SDK's unknown-checking proxy.
 * @param r the CrossGuard resource
 */
export function fromCrossGuard(r: CrossGuardResource): PolicyResource {
    const retain = (r.opts as { retainOnDelete?: boolean }).retainOnDelete === true;
    const dependencies = r.dependencies?.map((d) => d.urn);
    return { type: r.type, name: r.name, urn: r.urn, inputs: r.props, options: { protect: r.opts.protect === true, retainOnDelete: retain }, ...(dependencies ? { dependencies } : {}) };
}

/** The levels a violation can be reported at. */
type ReportedLevel = "mandatory" | "advisory";

/**
 * Report one violation at its own enforcement level. The SDK's `reportViolation` also accepts an object
 * whose `enforcementLevel` overrides the policy's (node_modules/@pulumi/policy/server.js,
 * `makeReportViolationFun`: `enforcementLevel: policyInfo.enforcementLevel || enforcementLevel`; its typings
 * only declare the string form), and the engine blocks on each diagnostic's own level
 * (pulumi/pulumi pkg/resource/deploy/step_generator.go: `if d.EnforcementLevel == apitype.Mandatory`).
 * That is what lets one policy report mandatory in prod and advisory in dev once the environment is known.
 * @param report the SDK's callback
 * @param message the violation text
 * @param urn the offending resource
 * @param enforcementLevel its level
 */
export function reportAt(report: ReportViolation, message: string, urn: string | undefined, enforcementLevel: ReportedLevel): void {
    (report as unknown as (v: { message: string; urn?: string; enforcementLevel: ReportedLevel }) => void)({ message, ...(urn !== undefined ? { urn } : {}), enforcementLevel });
}

function schemaFor(rule: Rule): { properties: Record<string, object> } {
    return { properties: { ...(RULE_PARAMETERS[rule.id] ?? {}) } };
}

/**
 * The level CrossGuard registers a policy at: the strongest any environment gives it, so the SDK only
 * skips a rule that is disabled everywhere. Each violation then carries its environment's level.
 * @param rule the rule
 * @param configFor the policy config of an environment
 */
export function registeredLevel(rule: Rule, configFor: (environment: Environment) => PolicyConfig): Enforcement {
    const levels = ENVIRONMENTS.map((e) => enforcementOf(rule, e, configFor(e)));
    return levels.includes("mandatory") ? "mandatory" : levels.includes("advisory") ? "advisory" : "disabled";
}

/**
 * Build the CrossGuard policies. The environment is not known when the pack loads: every rule runs as a
 * stack policy and takes the environment of the run ({@link resolveEnvironment}: the pack config's
 * `policy-settings.environment`, else the environment the platform stamped on the stack's Namespaces),
 * that environment's config file (waivers, parameters) under the engine's per-rule parameters, and runs
 * through the same engine as the offline plan (policies/engine.ts), so both report the same findings.
 * Resource rules therefore report at the end of the preview, not per step: `pulumi preview` and
 * `pulumi up`'s own preview fail on a mandatory violation before anything changes; under
 * `pulumi up --skip-preview` (the Automation API's `up`) they fail the update after its steps.
 *
 * A policy sees only its own config (node_modules/@pulumi/policy server.js `makeGetConfigFun(p.name)`), so
 * `policy-settings` comes first and hands its `environment` to the rules: the SDK runs a pack's stack
 * policies one after another in registration order within each AnalyzeStack call
 * (server.js `makeAnalyzeStackRpcFun`: `for (const p of policies) { ... yield Promise.resolve(p.validateStack(...)) }`).
 * @param configOf the policy config of an environment (policies/config/<env>.json), read once per environment
 * @param now "today" for waiver expiry
 */
export function crossGuardPolicies(configOf: (environment: Environment) => PolicyConfig = loadPolicyConfig, now: () => Date = () => new Date()): Policies {
    // Every policy reads its environment's file at check time: parse each file once per pack process.
    const loaded = new Map<Environment, PolicyConfig>();
    const configFor = (e: Environment): PolicyConfig => loaded.get(e) ?? loaded.set(e, configOf(e)).get(e)!;
    /** `policy-settings.environment` of the current AnalyzeStack call, set by the first policy. */
    const run: { configured?: unknown } = {};
    const settings: StackValidationPolicy = {
        name: SETTINGS_KEY,
        description: "Pack settings (environment, waivers); reports a config written for another environment and expired waivers.",
        enforcementLevel: "mandatory",
        severity: "high",
        configSchema: { properties: { environment: { type: "string", enum: [...ENVIRONMENTS] }, waivers: { type: "array" } } },
        validateStack: (args, report) => {
            run.configured = args.getConfig<{ environment?: string }>().environment;
            const { environment, problem, conflict } = resolveEnvironment(run.configured, args.resources.map((x: SdkResource) => fromCrossGuard(x)));
            if (problem !== undefined) reportAt(report, problem, undefined, "advisory");
            if (conflict !== undefined) reportAt(report, conflict, undefined, "mandatory");
            for (const f of expiredWaivers(configFor(environment)[SETTINGS_KEY]?.waivers ?? [], now())) reportAt(report, f.message, undefined, "mandatory");
        },
    };
    const policies: Policies = RULES.map((rule): StackValidationPolicy => ({
        name: rule.id,
        description: rule.description,
        enforcementLevel: registeredLevel(rule, configFor),
        severity: rule.severity,
        tags: [...rule.anchors],
        configSchema: schemaFor(rule),
        validateStack: (args, report) => {
            const resources = args.resources.map((x: SdkResource) => fromCrossGuard(x));
            const { environment } = resolveEnvironment(run.configured, resources);
            const base = configFor(environment);
            const { enforcementLevel: _l, ...engineParams } = args.getConfig<Record<string, unknown>>();
            const config: PolicyConfig = { ...base, [rule.id]: { ...ruleConfig(base, rule.id), ...engineParams } };
            for (const f of evaluate(resources, { environment, config, now: now(), rules: [rule] })) {
                if (f.ruleId === rule.id && !f.waived) reportAt(report, f.message, f.resource.startsWith("urn:") ? f.resource : undefined, f.enforcement);
            }
        },
    }));
    return [settings, ...policies];
}
