/**
 * Small builders for rule metadata so each rule file reads like the reference table.
 */
import type { Enforcement, Environment, ResourceRule, RuleMeta, StackRule } from "./types";

/** Shorthand for the reference's dev/prod columns (staging follows dev; "off" in dev is advisory in staging). */
export type Column = "M" | "A" | "off";

function level(c: Column): Enforcement {
    return c === "M" ? "mandatory" : c === "A" ? "advisory" : "disabled";
}

/**
 * Per-environment enforcement from the reference's dev and prod columns.
 * @param dev dev column
 * @param prod prod column
 */
export function tiers(dev: Column, prod: Column): Record<Environment, Enforcement> {
    return { dev: level(dev), staging: dev === "off" ? "advisory" : level(dev), prod: level(prod) };
}

/** Metadata as written in rule files. */
type MetaIn = Omit<RuleMeta, "enforcement"> & { readonly dev: Column; readonly prod: Column };

/**
 * Define a resource rule.
 * @param meta metadata with dev/prod columns
 * @param body type matcher and check
 */
export function resourceRule(meta: MetaIn, body: Pick<ResourceRule, "appliesTo" | "check">): ResourceRule {
    const { dev, prod, ...rest } = meta;
    return { ...rest, enforcement: tiers(dev, prod), kind: "resource", ...body };
}

/**
 * Define a stack rule.
 * @param meta metadata with dev/prod columns
 * @param check the stack check
 */
export function stackRule(meta: MetaIn, check: StackRule["check"]): StackRule {
    const { dev, prod, ...rest } = meta;
    return { ...rest, enforcement: tiers(dev, prod), kind: "stack", check };
}
