import { describe, expect, it } from "vitest";
import { partOne, type RuleCase } from "./cases";
import { partTwo } from "./cases2";
import { partThree } from "./cases3";
import { partFour } from "./cases4";
import { partFive } from "./cases5";
import { messages } from "./fixtures";
import { RULES } from "../../policies/rules";

const ALL: RuleCase[] = [...partOne, ...partTwo, ...partThree, ...partFour, ...partFive];

describe("rules over fixtures", () => {
    it.each(ALL.map((c) => [`${c.rule.id} [${c.scope}] ${c.kind}: ${c.title}`, c] as const))("%s", (_title, c) => {
        expect(messages(c.rule, c.resources, c.env ?? "prod", c.params ?? {})).toEqual(c.expect);
    });
});

describe("the case table covers every rule", () => {
    it.each(RULES.map((r) => [r.id, r] as const))("%s has pass, fail, unset and unknown cases for each scope it covers", (_id, rule) => {
        const mine = ALL.filter((c) => c.rule === rule);
        for (const scope of rule.scopes) {
            const kinds = new Set(mine.filter((c) => c.scope === scope).map((c) => c.kind));
            expect({ scope, pass: kinds.has("pass"), fail: kinds.has("fail") }).toEqual({ scope, pass: true, fail: true });
        }
        expect(mine.some((c) => c.kind === "unset")).toBe(true);
    });

    it("every rule that reads inputs has an unknown-value case", () => {
        const without = RULES.filter((r) => !ALL.some((c) => c.rule === r && c.kind === "unknown")).map((r) => r.id);
        expect(without).toEqual(["stable-apis-only"]);
    });
});
