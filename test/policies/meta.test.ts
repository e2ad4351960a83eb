import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { RULES } from "../../policies/rules";

const REFERENCE = readFileSync(path.join(__dirname, "..", "..", "docs", "reference", "policy-catalogue.md"), "utf8");
/** Rows of section A: number, id, dev, prod. */
const ROWS = [...REFERENCE.matchAll(/^\| (\d+) \| `([a-z0-9-]+)` \|.*\| ([^|]+) \| ([^|]+) \| [^|]+ \|$/gm)].map((m) => ({ number: Number(m[1]), id: m[2]!, dev: m[3]!.trim(), prod: m[4]!.trim() }));
const NOT_MANDATORY_IN_PROD = [9, 18, 21, 29, 30, 46, 56, 68];

describe("rule metadata", () => {
    it("the reference lists 69 rules", () => {
        expect(ROWS.map((r) => r.number)).toEqual(Array.from({ length: 69 }, (_, i) => i + 1));
    });

    it("ids are unique", () => {
        expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    });

    it.each(RULES.map((r) => [r.id, r] as const))("%s: id and number match the reference row", (_id, rule) => {
        expect(ROWS.find((r) => r.id === rule.id)?.number).toBe(rule.number);
    });

    it.each(RULES.map((r) => [r.id, r] as const))("%s: description, severity, anchors and scopes are present", (_id, rule) => {
        expect(rule.description.length).toBeGreaterThan(20);
        expect(["critical", "high", "medium", "low"]).toContain(rule.severity);
        expect(rule.anchors.length).toBeGreaterThan(0);
        expect(rule.scopes.length).toBeGreaterThan(0);
    });

    it.each(RULES.map((r) => [r.id, r] as const))("%s: default enforcement follows the reference's dev and prod columns", (_id, rule) => {
        const row = ROWS.find((r) => r.id === rule.id)!;
        // Mixed cells ("A (unclean election M)", "M (auth) / A (TLS)") are advisory with the named clause escalated to mandatory.
        // R (remediate) is not implemented: those rules report as advisory.
        const level = (c: string): string => (c.includes("(") ? "advisory" : c.startsWith("M") ? "mandatory" : c.startsWith("A") || c === "R" ? "advisory" : "disabled");
        expect({ dev: rule.enforcement.dev, prod: rule.enforcement.prod }).toEqual({ dev: level(row.dev), prod: level(row.prod) });
    });

    it("all 69 rules of the reference are implemented", () => {
        expect(RULES.map((r) => r.number)).toEqual(ROWS.map((r) => r.number));
    });

    it("every rule marked M for prod is implemented (61 rules)", () => {
        const mandatory = ROWS.filter((r) => r.prod === "M").map((r) => r.id);
        expect(mandatory).toHaveLength(61);
        expect(ROWS.filter((r) => r.prod !== "M").map((r) => r.number)).toEqual(NOT_MANDATORY_IN_PROD);
        expect(mandatory.filter((id) => !RULES.some((r) => r.id === id))).toEqual([]);
    });
});
