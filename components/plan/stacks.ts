import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parse, YAMLParseError } from "yaml";

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
 * Parse a stack file; a YAML error names the file, line and column (`stacks/Pulumi.x.yaml:7:5: ...`).
 * @param file absolute path of the stack file
 */
export function parseStackFile(file: string): unknown {
    try {
        return parse(readFileSync(file, "utf8")) as unknown;
    } catch (err) {
        if (!(err instanceof YAMLParseError)) throw err;
        const at = err.linePos?.[0];
        throw new Error(`${path.relative(REPO_ROOT, file)}${at ? `:${at.line}:${at.col}` : ""}: ${err.message}`, { cause: err });
    }
}

/**
 * Read a stack file the way the Pulumi CLI does: structured values are JSON-encoded.
 * @param stack stack name
 */
export function readStack(stack: string): StackConfig {
    const file = path.join(STACKS_DIR, `Pulumi.${stack}.yaml`);
    if (!existsSync(file)) throw new Error(`no stack file ${path.relative(REPO_ROOT, file)}; stacks: ${listStacks().join(", ")}`);
    const doc = (parseStackFile(file) ?? {}) as { config?: Record<string, unknown> };
    const config: Record<string, string> = {};
    for (const [k, v] of Object.entries(doc.config ?? {})) {
        if (k === "tristack:spec") continue;
        config[k] = typeof v === "string" ? v : JSON.stringify(v);
    }
    return { spec: doc.config?.["tristack:spec"], config };
}
