/**
 * docs/reference/config.md is generated from the PlatformSpec schema (`npm run docs`): every key has a
 * `.describe()` text, the committed page is exactly what the generator writes, and an independent walk
 * of the schema finds every leaf key in the table.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CONFIG_PAGE, configKeys, renderConfigTable, undocumentedKeys, updateConfigPage } from "../../components/spec/configReference";
import { PlatformSpecSchema } from "../../components/spec";
import { ROOT } from "../support/mocks";

interface JsonSchema {
    type?: string;
    properties?: Record<string, JsonSchema>;
    additionalProperties?: JsonSchema | boolean;
    propertyNames?: unknown;
    anyOf?: JsonSchema[];
}

/** Every leaf key path of the spec, with `<name>` for map keys (written apart from the generator on purpose). */
function leafPaths(schema: JsonSchema, prefix = ""): string[] {
    const props = { ...(schema.properties ?? {}), ...Object.assign({}, ...(schema.anyOf ?? []).map((v) => v.properties ?? {})) } as Record<string, JsonSchema>;
    if (Object.keys(props).length > 0) return Object.entries(props).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
    if (schema.propertyNames !== undefined && typeof schema.additionalProperties === "object" && schema.additionalProperties.properties) {
        return leafPaths(schema.additionalProperties, `${prefix}.<name>`);
    }
    return [prefix];
}

const page = readFileSync(path.join(ROOT, CONFIG_PAGE), "utf8");
const documented = new Set(page.split("\n").flatMap((l) => /^\| `([^`]+)` \|/.exec(l)?.[1] ?? []));
const leaves = leafPaths(z.toJSONSchema(PlatformSpecSchema, { io: "input", unrepresentable: "any" }) as JsonSchema);

describe("config reference (docs/reference/config.md)", () => {
    it("has a .describe() text for every spec key", () => {
        expect(undocumentedKeys()).toEqual([]);
    });

    it("is what `npm run docs` generates from the schema (run it when this fails)", () => {
        expect(page).toBe(updateConfigPage(page));
    });

    it.each(leaves)("has a row for spec key %s", (key) => {
        expect(documented.has(key), `${CONFIG_PAGE} has no row for ${key}: run npm run docs`).toBe(true);
    });
});

describe("config reference generator", () => {
    const schema = z.strictObject({
        size: z.number().int().min(1).max(8).default(1).describe("How many."),
        pool: z.string().optional().meta({ description: "Where.", defaultText: "the first pool" }),
        old: z.unknown().optional().meta({ description: "Use size.", deprecated: true }),
        items: z.record(z.string(), z.strictObject({ ratio: z.number().positive() })).describe("Items by name."),
    });
    const keys = configKeys(z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Parameters<typeof configKeys>[0]);

    it("lists blocks, map entries and leaves with allowed values and defaults", () => {
        expect(keys.map((k) => [k.path, k.allowed, k.defaultValue])).toEqual([
            ["size", "integer 1–8", "`1`"],
            ["pool", "string", "the first pool"],
            ["old", "any value", "—"],
            ["items", "map: name → block below", "required"],
            ["items.<name>.ratio", "number > 0", "required"],
        ]);
    });

    it("reports keys without a description, and marks them in the table", () => {
        expect(undocumentedKeys(keys)).toEqual(["items.<name>.ratio"]);
        expect(renderConfigTable(keys).split("\n").at(-1)).toBe("| `items.<name>.ratio` | **(undocumented: add a `.describe()` text in components/spec)** | number > 0 | required |");
    });

    it("shows a removed key as refused", () => {
        expect(renderConfigTable(keys).split("\n")[4]).toBe("| `old` | **Removed.** Use size. | refused | — |");
    });

    it("refuses a page without the generated block", () => {
        expect(() => updateConfigPage("# Config\n")).toThrow("docs/reference/config.md has no <!-- generated:config begin (npm run docs) --> ... <!-- generated:config end --> block");
    });
});
