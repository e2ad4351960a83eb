/**
 * The policy config schema (one file per environment in policies/config/<env>.json). The file is also a
 * valid `--policy-pack-config` for CrossGuard: top-level keys are `all`, the settings policy and rule ids.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { RULES } from "../rules";
import { RULE_PARAMETERS } from "./parameters";
import { ENVIRONMENTS, type Environment } from "../lib/types";

/** Name of the pack-level settings entry (also a stack policy that reports expired waivers). */
export const SETTINGS_KEY = "policy-settings";

const enforcement = z.enum(["mandatory", "advisory", "disabled"]);

/** A waiver: one rule, one resource (URN glob, or type + name globs), a reason and an expiry date. */
export const waiverSchema = z
    .object({
        rule: z.string().min(1).describe("rule id"),
        urn: z.string().min(1).optional().describe("URN or URN glob (`*`)"),
        type: z.string().min(1).optional().describe("type token glob"),
        name: z.string().min(1).optional().describe("logical name glob"),
        reason: z.string().min(10).describe("why the exception is intended"),
        expires: z.iso.date().describe("ISO date (YYYY-MM-DD) after which the waiver no longer applies"),
    })
    .strict()
    .refine((w) => w.urn !== undefined || (w.type !== undefined && w.name !== undefined), { message: "a waiver names a urn, or a type and a name" });

/** A waiver. */
export type Waiver = z.infer<typeof waiverSchema>;

const settingsSchema = z.object({ environment: z.enum(ENVIRONMENTS).optional(), waivers: z.array(waiverSchema).default([]) }).strict();
const ruleConfigSchema = z.object({ enforcementLevel: enforcement.optional() }).catchall(z.unknown());

/** The whole config file. */
export const policyConfigSchema = z
    .object({ all: enforcement.optional(), [SETTINGS_KEY]: settingsSchema.optional() })
    .catchall(ruleConfigSchema)
    .superRefine((cfg, ctx) => {
        const ids = new Set(RULES.map((r) => r.id));
        for (const [key, entry] of Object.entries(cfg)) {
            if (key === "all" || key === SETTINGS_KEY) continue;
            if (!ids.has(key)) {
                ctx.addIssue({ code: "custom", path: [key], message: `unknown rule id ${key}` });
                continue;
            }
            const params = RULE_PARAMETERS[key] ?? {};
            for (const [name, value] of Object.entries(entry as Record<string, unknown>)) {
                if (name === "enforcementLevel") continue;
                const schema = params[name];
                if (!schema) ctx.addIssue({ code: "custom", path: [key, name], message: `${key} has no parameter ${name}` });
                else if (schema.type === "array" ? !Array.isArray(value) || value.some((v) => typeof v !== "string") : typeof value !== schema.type) ctx.addIssue({ code: "custom", path: [key, name], message: `${key}.${name} must be ${schema.type === "array" ? "a list of strings" : `a ${schema.type}`}` });
            }
        }
        const waivers = cfg[SETTINGS_KEY]?.waivers ?? [];
        waivers.forEach((w, i) => {
            if (!ids.has(w.rule)) ctx.addIssue({ code: "custom", path: [SETTINGS_KEY, "waivers", i, "rule"], message: `unknown rule id ${w.rule}` });
        });
    });

/** A parsed policy config. */
export type PolicyConfig = z.infer<typeof policyConfigSchema>;

/** Per-rule config (enforcement level plus parameters). */
export type RuleConfig = z.infer<typeof ruleConfigSchema>;

/**
 * Validate a config object; throws an Error listing every problem.
 * @param raw the parsed JSON
 * @param source where it came from, for the message
 */
export function parsePolicyConfig(raw: unknown, source = "policy config"): PolicyConfig {
    const result = policyConfigSchema.safeParse(raw);
    if (!result.success) throw new Error(`${source} is invalid: ${result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`);
    return result.data;
}

/**
 * Load and validate `policies/config/<environment>.json`.
 * @param environment the environment
 */
export function loadPolicyConfig(environment: Environment): PolicyConfig {
    const file = path.join(__dirname, `${environment}.json`);
    return parsePolicyConfig(JSON.parse(readFileSync(file, "utf8")) as unknown, file);
}

/**
 * One rule's config entry (empty when absent).
 * @param config the config
 * @param id rule id
 */
export function ruleConfig(config: PolicyConfig, id: string): RuleConfig {
    const entry = (config as Record<string, unknown>)[id];
    return entry !== null && typeof entry === "object" ? (entry as RuleConfig) : {};
}
