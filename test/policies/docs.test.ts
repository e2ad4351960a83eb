import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { renderPolicyTable, updateReadme, DOC_BEGIN } from "../../policies/docs";
import { RULES } from "../../policies/rules";

describe("README policy section", () => {
    it("lists every rule with its enforcement per environment", () => {
        const table = renderPolicyTable();
        for (const r of RULES) expect(table).toContain(`| ${r.number} | \`${r.id}\` | ${r.severity} |`);
    });

    it("is generated from the rules (run `npx tsx policies/docs.ts` when this fails)", () => {
        const readme = readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
        expect(readme).toContain(DOC_BEGIN);
        expect(updateReadme(readme)).toBe(readme);
    });
});
