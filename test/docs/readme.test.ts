import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { PlatformSpecSchema } from "../../components/spec";
import { ROOT } from "../support/mocks";

interface JsonSchema {
    type?: string;
    properties?: Record<string, JsonSchema>;
    additionalProperties?: JsonSchema | boolean;
    propertyNames?: unknown;
}

/** Every leaf key path of the spec, with `<name>` for map keys. */
function keyPaths(schema: JsonSchema, prefix = ""): string[] {
    if (schema.properties) return Object.entries(schema.properties).flatMap(([k, v]) => keyPaths(v, prefix ? `${prefix}.${k}` : k));
    if (schema.propertyNames !== undefined && typeof schema.additionalProperties === "object" && schema.additionalProperties.properties) {
        return keyPaths(schema.additionalProperties, `${prefix}.<name>`);
    }
    return [prefix];
}

const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
const configPage = readFileSync(path.join(ROOT, "docs", "reference", "config.md"), "utf8");
const rows = configPage.split("\n").filter((l) => l.startsWith("| `"));
const paths = keyPaths(z.toJSONSchema(PlatformSpecSchema, { io: "input", unrepresentable: "any" }) as JsonSchema);

describe("README", () => {
    it("shows the two set-up commands and the test command", () => {
        expect(readme).toContain("npm ci && npm run plan -- --stack local");
        expect(readme).toContain("npm test");
    });

    it("stays short: under 200 lines, the details live in docs/", () => {
        expect(readme.split("\n").length).toBeLessThan(200);
    });

    it.each(paths)("documents spec key %s in docs/reference/config.md", (key) => {
        const leaf = key.slice(key.lastIndexOf(".") + 1);
        const parent = key.includes(".") ? key.slice(0, key.lastIndexOf(".")) : "";
        const documented = rows.some((r) => r.includes(`\`${key}\``) || (parent !== "" && r.includes(`\`${parent}.`) && (r.includes(`\`.${leaf}\``) || r.includes(`.${leaf}\``) || r.includes(`\`${parent}.${leaf}`))));
        expect(documented, `docs/reference/config.md misses ${key}`).toBe(true);
    });
});
