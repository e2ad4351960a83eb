import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { renderPolicyTable, updatePolicyPage, DOC_BEGIN, POLICY_PAGE } from "../../policies/docs";
import { RULES } from "../../policies/rules";
import { ROOT } from "../support/mocks";

describe("policy reference page", () => {
    it("lists every rule with its enforcement per environment", () => {
        const table = renderPolicyTable();
        for (const r of RULES) expect(table).toContain(`| ${r.number} | \`${r.id}\` | ${r.severity} |`);
    });

    it("is generated from the rules (run `npm run docs` when this fails)", () => {
        const page = readFileSync(path.join(ROOT, POLICY_PAGE), "utf8");
        expect(page).toContain(DOC_BEGIN);
        expect(updatePolicyPage(page)).toBe(page);
    });

    it("inserts the generated block after the placeholder of a page that has none yet", () => {
        const page = updatePolicyPage("# Policies\n\n<!-- section:policies -->\n\nhand-written text\n");
        expect(page.startsWith(`# Policies\n\n<!-- section:policies -->\n${DOC_BEGIN}\n`)).toBe(true);
        expect(page.endsWith("\n\nhand-written text\n")).toBe(true);
    });
});
