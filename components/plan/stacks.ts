import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

/** Repository root (where Pulumi.yaml lives). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");
/** Where stack config files live (`stackConfigDir: stacks`). */
export const STACKS_DIR = path.join(REPO_ROOT, "stacks");

/** Every stack that has a `stacks/Pulumi.<name>.yaml`, sorted. */
export function listStacks(): string[] {
    return readdirSync(STACKS_DIR)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/** A stack's config: the structured spec and every other `tristack:*` key as Pulumi would pass it. */
export interface StackConfig {
    readonly spec: unknown;
    readonly config: Record<string, string>;
}

/**
 * Read a stack file the way the Pulumi CLI does: structured values are JSON-encoded.
 * @param stack stack name
 */
export function readStack(stack: string): StackConfig {
    const file = path.join(STACKS_DIR, `Pulumi.${stack}.yaml`);
    if (!existsSync(file)) throw new Error(`no stack file ${path.relative(REPO_ROOT, file)}; stacks: ${listStacks().join(", ")}`);
    const doc = (parse(readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
    const config: Record<string, string> = {};
    for (const [k, v] of Object.entries(doc.config ?? {})) {
        if (k === "tristack:spec") continue;
        config[k] = typeof v === "string" ? v : JSON.stringify(v);
    }
    return { spec: doc.config?.["tristack:spec"], config };
}
