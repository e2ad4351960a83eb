/**
 * Generates the key table of docs/reference/config.md from the PlatformSpec schema itself: every key,
 * its `.describe()` text, the values the schema allows and its default. A key without a description is
 * reported, and test/docs/config.test.ts fails, so a new key cannot go undocumented; the same test fails
 * when the committed page differs from what `npm run docs` writes.
 */
import { z } from "zod";
import { PlatformSpecSchema } from "./platformSpec";

/** The JSON Schema subset zod emits for the spec (draft 2020-12), as the generator reads it. */
interface JsonSchema {
    readonly type?: string;
    readonly description?: string;
    readonly default?: unknown;
    readonly deprecated?: boolean;
    /** Our own metadata (`.meta({ defaultText })`): a default that is computed, said in words. */
    readonly defaultText?: string;
    readonly enum?: readonly unknown[];
    readonly const?: unknown;
    readonly format?: string;
    readonly minimum?: number;
    readonly maximum?: number;
    readonly exclusiveMinimum?: number;
    readonly exclusiveMaximum?: number;
    readonly minLength?: number;
    readonly maxLength?: number;
    readonly minItems?: number;
    readonly maxItems?: number;
    readonly items?: JsonSchema;
    readonly properties?: Readonly<Record<string, JsonSchema>>;
    readonly required?: readonly string[];
    readonly propertyNames?: JsonSchema;
    readonly additionalProperties?: JsonSchema | boolean;
    readonly anyOf?: readonly JsonSchema[];
    readonly oneOf?: readonly JsonSchema[];
}

/** One row of the config table. */
export interface ConfigKey {
    /** Dotted key path from the spec root; `<name>` stands for a map key, `[]` for a list item. */
    readonly path: string;
    /** The key's `.describe()` text ("" when missing). */
    readonly description: string;
    /** What the schema accepts, in words. */
    readonly allowed: string;
    /** The default, `required`, or `—` (optional, unset). */
    readonly defaultValue: string;
    /** A key kept only to refuse it with a hint (`.meta({ deprecated: true })`). */
    readonly removed: boolean;
}

/** Repository-relative path of the generated page. */
export const CONFIG_PAGE = "docs/reference/config.md";
/** First line of the generated block inside the page. */
export const CONFIG_BEGIN = "<!-- generated:config begin (npm run docs) -->";
/** Last line of the generated block. */
export const CONFIG_END = "<!-- generated:config end -->";

const SAFE = Number.MAX_SAFE_INTEGER;

/** The spec as JSON Schema, input side (a defaulted key is optional there). */
export function specJsonSchema(): JsonSchema {
    return z.toJSONSchema(PlatformSpecSchema, { io: "input", unrepresentable: "any" }) as JsonSchema;
}

function variants(s: JsonSchema): readonly JsonSchema[] {
    return s.anyOf ?? s.oneOf ?? [];
}

/** Properties of an object schema, merged over union variants (first description wins). */
function propertiesOf(s: JsonSchema): { properties: Record<string, JsonSchema>; required: Set<string> } {
    const properties: Record<string, JsonSchema> = { ...(s.properties ?? {}) };
    const required = new Set(s.required ?? []);
    const alts = variants(s).filter((v) => v.properties);
    for (const v of alts) {
        for (const [k, p] of Object.entries(v.properties ?? {})) properties[k] ??= p;
    }
    // A key is required only if every variant requires it.
    if (alts.length > 0 && !s.properties) for (const k of Object.keys(properties)) if (alts.every((v) => v.required?.includes(k))) required.add(k);
    return { properties, required };
}

function isMap(s: JsonSchema): s is JsonSchema & { additionalProperties: JsonSchema } {
    return s.propertyNames !== undefined && typeof s.additionalProperties === "object";
}

function hasChildren(s: JsonSchema): boolean {
    return Object.keys(propertiesOf(s).properties).length > 0;
}

/** A numeric range in words: `1–8`, `≥ 0`, `> 0, ≤ 12288`. Integer bounds are made inclusive. */
function range(s: JsonSchema, integer: boolean): string {
    const step = integer ? 1 : 0;
    let lo = s.minimum;
    let hi = s.maximum;
    let loOpen = false;
    let hiOpen = false;
    if (s.exclusiveMinimum !== undefined) [lo, loOpen] = integer ? [s.exclusiveMinimum + step, false] : [s.exclusiveMinimum, true];
    if (s.exclusiveMaximum !== undefined) [hi, hiOpen] = integer ? [s.exclusiveMaximum - step, false] : [s.exclusiveMaximum, true];
    const low = lo !== undefined && lo > -SAFE ? lo : undefined;
    const high = hi !== undefined && hi < SAFE ? hi : undefined;
    if (low !== undefined && high !== undefined && !loOpen && !hiOpen) return ` ${low}–${high}`;
    const parts = [low === undefined ? "" : `${loOpen ? ">" : "≥"} ${low}`, high === undefined ? "" : `${hiOpen ? "<" : "≤"} ${high}`].filter((p) => p !== "");
    return parts.length > 0 ? ` ${parts.join(", ")}` : "";
}

/** What a schema accepts, in words. */
function allowedOf(s: JsonSchema): string {
    if (s.enum) return s.enum.map((v) => `\`${String(v)}\``).join(", ");
    if (s.const !== undefined) return `\`${String(s.const)}\``;
    const alts = variants(s);
    if (alts.length > 0) return [...new Set(alts.map(allowedOf))].join(" or ");
    switch (s.type) {
        case "boolean":
            return "`true`, `false`";
        case "integer":
            return `integer${range(s, true)}`;
        case "number":
            return `number${range(s, false)}`;
        case "string": {
            const kind = s.format === "uri" ? "URL" : s.format === "uuid" || s.format === "guid" ? "GUID" : s.format === "email" ? "email address" : "string";
            const len = s.maxLength !== undefined ? ` (≤ ${s.maxLength} chars)` : s.minLength !== undefined && s.minLength > 1 ? ` (≥ ${s.minLength} chars)` : "";
            return kind + len;
        }
        case "array": {
            const n = s.minItems !== undefined && s.minItems > 0 ? `, at least ${s.minItems}` : "";
            return `list of ${s.items ? allowedOf(s.items) : "values"}${n}`;
        }
        case "object":
            if (isMap(s)) return hasChildren(s.additionalProperties) ? "map: name → block below" : `map: key → ${allowedOf(s.additionalProperties)}`;
            return "block (keys below)";
        default:
            return "any value";
    }
}

function defaultOf(s: JsonSchema, required: boolean): string {
    if (s.defaultText !== undefined) return s.defaultText;
    if (s.default !== undefined) {
        const d = s.default;
        if (typeof d === "object" && d !== null && !Array.isArray(d) && Object.keys(d).length > 0) return "see keys below";
        return `\`${JSON.stringify(d)}\``;
    }
    return required ? "required" : "—";
}

/**
 * Every key of the spec in document order: blocks, maps and their keys, and leaves.
 * @param schema the spec's JSON Schema (defaults to the PlatformSpec's)
 */
export function configKeys(schema: JsonSchema = specJsonSchema()): ConfigKey[] {
    const out: ConfigKey[] = [];
    const walk = (s: JsonSchema, prefix: string): void => {
        const { properties, required } = propertiesOf(s);
        for (const [key, child] of Object.entries(properties)) {
            const path = prefix ? `${prefix}.${key}` : key;
            out.push({ path, description: child.description ?? "", allowed: allowedOf(child), defaultValue: defaultOf(child, required.has(key)), removed: child.deprecated === true });
            if (isMap(child) && hasChildren(child.additionalProperties)) walk(child.additionalProperties, `${path}.<name>`);
            else if (child.type === "array" && child.items && hasChildren(child.items)) walk(child.items, `${path}[]`);
            else if (hasChildren(child)) walk(child, path);
        }
    };
    walk(schema, "");
    return out;
}

/** Keys whose schema carries no `.describe()` text. */
export function undocumentedKeys(keys: readonly ConfigKey[] = configKeys()): string[] {
    return keys.filter((k) => k.description.trim() === "").map((k) => k.path);
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");

/** The generated block's body: the key table. */
export function renderConfigTable(keys: readonly ConfigKey[] = configKeys()): string {
    const lines = ["| key | meaning | allowed | default |", "|---|---|---|---|"];
    for (const k of keys) {
        const meaning = k.removed ? `**Removed.** ${k.description}` : k.description || "**(undocumented: add a `.describe()` text in components/spec)**";
        lines.push(`| \`${k.path}\` | ${cell(meaning)} | ${cell(k.removed ? "refused" : k.allowed)} | ${cell(k.removed ? "—" : k.defaultValue)} |`);
    }
    return lines.join("\n");
}

/**
 * Replace the generated block of the config page with the current table.
 * @param page text of docs/reference/config.md
 * @param table the table to put in (defaults to the schema's)
 */
export function updateConfigPage(page: string, table: string = renderConfigTable()): string {
    const start = page.indexOf(CONFIG_BEGIN);
    const end = page.indexOf(CONFIG_END);
    if (start < 0 || end < start) throw new Error(`${CONFIG_PAGE} has no ${CONFIG_BEGIN} ... ${CONFIG_END} block`);
    return `${page.slice(0, start)}${CONFIG_BEGIN}\n${table}\n${page.slice(end)}`;
}

if (require.main === module) {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const fs = require("node:fs") as typeof import("node:fs");
    const path = require("node:path") as typeof import("node:path");
    const file = path.join(__dirname, "..", "..", CONFIG_PAGE);
    const keys = configKeys();
    fs.writeFileSync(file, updateConfigPage(fs.readFileSync(file, "utf8"), renderConfigTable(keys)));
    const missing = undocumentedKeys(keys);
    console.log(`${CONFIG_PAGE}: ${keys.length} keys`);
    if (missing.length > 0) {
        console.error(`spec keys without a .describe() text (components/spec): ${missing.join(", ")}`);
        process.exitCode = 1;
    }
}
