import { z } from "zod";
import { nearest } from "./nearest";
import { PlatformSpecSchema, type PlatformSpec } from "./platformSpec";

/** One problem in a spec: where, what was there, and what is allowed. */
export interface SpecProblem {
    /** Dotted key path from the spec root, e.g. `nodePools.gpu.gpu.model`. */
    readonly path: string;
    /** The offending value, rendered as JSON (`undefined` when the key is missing). */
    readonly value: string;
    /** What is allowed. */
    readonly expected: string;
}

/** A spec that failed validation; `message` lists every problem, one per line. */
export class SpecError extends Error {
    /** Every problem found. */
    readonly problems: readonly SpecProblem[];

    constructor(problems: readonly SpecProblem[]) {
        super(formatProblems(problems));
        this.name = "SpecError";
        this.problems = problems;
    }
}

function render(value: unknown): string {
    if (value === undefined) return "(missing)";
    const json = JSON.stringify(value);
    return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

function pathOf(path: readonly PropertyKey[]): string {
    return path.length === 0 ? "(root)" : path.map((p) => (typeof p === "number" ? `[${p}]` : String(p))).join(".").replace(/\.\[/g, "[");
}

/** The JSON Schema view of the spec, for the keys allowed at a path (built on first use). */
interface KeySchema {
    readonly properties?: Readonly<Record<string, KeySchema>>;
    readonly additionalProperties?: KeySchema | boolean;
    readonly items?: KeySchema;
    readonly anyOf?: readonly KeySchema[];
}
let specKeys: KeySchema | undefined;

/**
 * The keys the spec allows at a path (empty when the path is not an object of known keys).
 * @param path the issue's path from the spec root
 */
export function allowedKeysAt(path: readonly PropertyKey[]): string[] {
    let node: KeySchema | undefined = (specKeys ??= z.toJSONSchema(PlatformSpecSchema, { io: "input", unrepresentable: "any" }) as KeySchema);
    const objectOf = (n: KeySchema | undefined): KeySchema | undefined => (n?.anyOf ? n.anyOf.find((m) => m.properties !== undefined || typeof m.additionalProperties === "object" || m.items !== undefined) : n);
    for (const key of path) {
        node = objectOf(node);
        if (typeof key === "number") node = node?.items;
        else if (node?.properties?.[String(key)]) node = node.properties[String(key)];
        else node = typeof node?.additionalProperties === "object" ? node.additionalProperties : undefined;
    }
    return Object.keys(objectOf(node)?.properties ?? {});
}

function unknownKeys(issue: z.core.$ZodIssueUnrecognizedKeys): string {
    const allowed = allowedKeysAt(issue.path);
    const hints = issue.keys.map((k) => ({ k, near: nearest(k, allowed) })).filter((h) => h.near !== undefined);
    const hint = hints.length === 0 ? "" : `; did you mean ${hints.map((h) => (issue.keys.length === 1 ? `\`${h.near!}\`` : `\`${h.near!}\` for ${h.k}`)).join(", ")}?`;
    return `no unknown keys (unknown: ${issue.keys.join(", ")})${hint}`;
}

function expectedOf(issue: z.core.$ZodIssue): string {
    switch (issue.code) {
        case "invalid_value":
            return `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
        case "unrecognized_keys":
            return unknownKeys(issue);
        case "invalid_type":
            // YAML reads unquoted digits as a number: `kubernetesVersion: 1.30` arrives as 1.3.
            if (issue.expected === "string" && typeof issue.input === "number") return `a value of type string (YAML reads unquoted digits as a number and drops trailing zeros, so 1.30 becomes 1.3: quote it, e.g. "1.30")`;
            return `a value of type ${issue.expected}`;
        case "too_small":
            return issue.origin === "array" || issue.origin === "string"
                ? `at least ${String(issue.minimum)} ${issue.origin === "array" ? "items" : "characters"}`
                : `${issue.inclusive ? ">=" : ">"} ${String(issue.minimum)}`;
        case "too_big":
            return issue.origin === "array" || issue.origin === "string"
                ? `at most ${String(issue.maximum)} ${issue.origin === "array" ? "items" : "characters"}`
                : `${issue.inclusive ? "<=" : "<"} ${String(issue.maximum)}`;
        case "invalid_key":
            return `a valid key: ${issue.issues.map((i) => i.message).join("; ")}`;
        default:
            return issue.message;
    }
}

function problemsOf(error: z.ZodError): SpecProblem[] {
    return error.issues.map((issue) => {
        const extra = issue.code === "unrecognized_keys" ? issue.keys.map(String) : [];
        const path = pathOf(issue.path);
        return {
            path: extra.length === 1 ? (path === "(root)" ? extra[0]! : `${path}.${extra[0]!}`) : path,
            value: issue.code === "unrecognized_keys" ? "(unknown key)" : issue.code === "invalid_key" ? `key ${render(issue.input)}` : render(issue.input),
            expected: issue.code === "custom" || issue.code === "invalid_format" ? issue.message : expectedOf(issue),
        };
    });
}

/**
 * Render problems as the one message a user sees.
 * @param problems the problems
 */
export function formatProblems(problems: readonly SpecProblem[]): string {
    const lines = problems.map((p) => `  - spec.${p.path}: got ${p.value}; expected ${p.expected}`);
    return `tristack:spec is invalid (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${lines.join("\n")}`;
}

/**
 * Validate a raw spec (from `tristack:spec`) and apply defaults. The only way a spec enters the program.
 * @param raw the untrusted config value
 * @throws SpecError listing every problem with its key path, value and what is allowed
 */
export function parsePlatformSpec(raw: unknown): PlatformSpec {
    const result = PlatformSpecSchema.safeParse(raw, { reportInput: true });
    if (result.success) return result.data;
    throw new SpecError(problemsOf(result.error));
}
