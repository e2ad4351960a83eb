/**
 * The CrossGuard adapter: turns each rule into a ResourceValidationPolicy or StackValidationPolicy.
 * Matching is on type-token strings (no provider SDK imports). Unknown values are left to the SDK,
 * which reports `UnknownValueError` as an advisory "can't run policy during preview".
 */
import type { Policies, PolicyPackConfig, PolicyResource as SdkResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { stackIndex, EMPTY_STACK } from "../lib/stackIndex";
import { ENVIRONMENTS, type Environment, type PolicyResource, type Rule, type RuleParams } from "../lib/types";
import { RULE_PARAMETERS } from "../config/parameters";
import { SETTINGS_KEY, type PolicyConfig } from "../config/schema";
import { enforcementOf, expiredWaivers, paramsOf, waiverExpired, waiverMatches } from "../engine";
import { RULES } from "../rules";

/** The shape of a CrossGuard resource as the adapter needs it (args of both policy kinds). */
interface CrossGuardResource {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly props: Record<string, unknown>;
    readonly opts: { readonly protect: boolean };
}

/**
 * Normalise a CrossGuard resource (`args` of a resource policy or an entry of `args.resources`).
 * The props stay behind the SDK's unknown-checking proxy.
 * @param r the CrossGuard resource
 */
export function fromCrossGuard(r: CrossGuardResource): PolicyResource {
    const retain = (r.opts as { retainOnDelete?: boolean }).retainOnDelete === true;
    return { type: r.type, name: r.name, urn: r.urn, inputs: r.props, options: { protect: r.opts.protect === true, retainOnDelete: retain } };
}

/**
 * The environment the pack runs for: `TRISTACK_ENVIRONMENT`, else the stack name's suffix (`aws-prod`),
 * else prod (strictest).
 * @param stack the stack name when known
 */
export function environmentFor(stack: string | undefined): Environment {
    const fromEnv = process.env["TRISTACK_ENVIRONMENT"];
    const candidate = fromEnv ?? stack?.split("-").pop();
    return ENVIRONMENTS.find((e) => e === candidate) ?? "prod";
}

function schemaFor(rule: Rule): { properties: Record<string, object> } {
    return { properties: { ...(RULE_PARAMETERS[rule.id] ?? {}) } };
}

/**
 * Build the CrossGuard policies for an environment and config.
 * @param environment the environment
 * @param config policy config (enforcement defaults, parameters, waivers)
 * @param now "today" for waiver expiry
 */
export function crossGuardPolicies(environment: Environment, config: PolicyConfig, now: () => Date = () => new Date()): Policies {
    const waivers = config[SETTINGS_KEY]?.waivers ?? [];
    const waived = (rule: Rule, r: PolicyResource): boolean => waivers.some((w) => waiverMatches(w, rule.id, r) && !waiverExpired(w, now()));
    const params = (rule: Rule, fromEngine: object): RuleParams => ({ ...paramsOf(rule, config), ...(fromEngine as RuleParams) });
    const policies: Policies = RULES.map((rule): ResourceValidationPolicy | StackValidationPolicy => {
        const level = enforcementOf(rule, environment, config);
        const common = { name: rule.id, description: rule.description, enforcementLevel: level, severity: rule.severity, tags: [...rule.anchors], configSchema: schemaFor(rule) };
        if (rule.kind === "resource") {
            return {
                ...common,
                validateResource: (args, report) => {
                    if (!rule.appliesTo(args.type)) return;
                    const r = fromCrossGuard(args);
                    if (waived(rule, r)) return;
                    const { enforcementLevel: _l, ...engineParams } = args.getConfig<Record<string, unknown>>();
                    for (const f of rule.check(r, { environment, params: params(rule, engineParams), stack: EMPTY_STACK })) report(typeof f === "string" ? f : f.message, args.urn);
                },
            };
        }
        return {
            ...common,
            validateStack: (args, report) => {
                const resources = args.resources.map((x: SdkResource) => fromCrossGuard(x));
                const { enforcementLevel: _l, ...engineParams } = args.getConfig<Record<string, unknown>>();
                // An UnknownValueError from the SDK's proxy propagates: the SDK reports it as advisory.
                for (const v of rule.check({ environment, params: params(rule, engineParams), stack: stackIndex(resources) })) if (!waived(rule, v.resource)) report(v.message, v.resource.urn);
            },
        };
    });
    policies.push({
        name: SETTINGS_KEY,
        description: "Pack settings (environment, waivers); reports expired waivers.",
        enforcementLevel: "mandatory",
        severity: "high",
        configSchema: { properties: { environment: { type: "string", enum: [...ENVIRONMENTS] }, waivers: { type: "array" } } },
        validateStack: (args, report) => {
            const configured = args.getConfig<{ environment?: string }>().environment;
            if (configured !== undefined && configured !== environment) report(`policy-settings.environment is ${configured} but the pack runs as ${environment} (set TRISTACK_ENVIRONMENT or use a <cloud>-<env> stack name)`);
            for (const f of expiredWaivers(waivers, now())) report(f.message);
        },
    });
    return policies;
}

/**
 * The pack's initial config: the config file itself (already in CrossGuard's shape).
 * @param config policy config
 */
export function initialConfig(config: PolicyConfig): PolicyPackConfig {
    return config as unknown as PolicyPackConfig;
}
