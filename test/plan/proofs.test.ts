/**
 * The scheduling and connectivity proofs are part of every planned stack: report.md carries both sections
 * and a clean stack plans ok. (The proofs themselves are tested on small inputs in scheduling.test.ts and
 * connectivity.test.ts; this checks the hook in planStack.)
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { planStack } from "../../components/plan/planStack";

const out = mkdtempSync(path.join(os.tmpdir(), "tristack-proofs-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("a planned stack", () => {
    it("reports where its workloads land and every flow's verdict under its CNI, and passes both", async () => {
        const r = await planStack("local", out, { cache: true });
        const report = readFileSync(path.join(out, "local", "report.md"), "utf8");
        expect(report).toContain("## Scheduling");
        expect(report).toContain("## Connectivity");
        expect(report).toContain("**Enforcement unknown**");
        expect(report).toMatch(/\*\*0 problem\(s\)\*\*/);
        expect(report).toMatch(/\*\*0 wrong\*\*/);
        expect(r.error ?? "").not.toMatch(/scheduling:|connectivity:/);
    }, 180_000);
});
