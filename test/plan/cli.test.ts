import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { completeParityEnvs, helpText, parseCli, UsageError } from "../../components/plan/cliArgs";
import { listStacks } from "../../components/plan/stacks";
import { writeSummary } from "../../components/plan/summary";
import { ROOT } from "../support/mocks";

const KNOWN = ["aws-dev", "aws-prod", "azure-dev", "azure-prod", "gcp-dev", "gcp-prod", "local"];
const parse = (args: string) => parseCli(args === "" ? [] : args.split(" "), KNOWN, 8);
const refusal = (args: string) => {
    try {
        parse(args);
    } catch (err) {
        expect(err).toBeInstanceOf(UsageError);
        return (err as Error).message;
    }
    throw new Error(`accepted: ${args}`);
};

describe("plan CLI arguments", () => {
    it("plans the stacks asked for, with parity for every environment planned on all three clouds", () => {
        expect(parse("--stack local")).toEqual({ stacks: ["local"], parityEnvs: [], out: "out", jobs: 2 });
        expect(parse("--all --jobs 3 --out build/plan")).toEqual({ stacks: KNOWN, parityEnvs: ["dev", "prod"], out: "build/plan", jobs: 3 });
        expect(parse("--parity dev")).toMatchObject({ stacks: ["aws-dev", "gcp-dev", "azure-dev"], parityEnvs: ["dev"] });
        expect(parse("--stack gcp-dev --stack aws-dev --stack azure-dev")).toMatchObject({ parityEnvs: ["dev"] });
        expect(parse("--diff main")).toMatchObject({ stacks: KNOWN, diffRef: "main" });
        expect(parse("--stack aws-dev --diff HEAD~1")).toMatchObject({ stacks: ["aws-dev"], diffRef: "HEAD~1" });
        expect(parse("-h")).toBe("help");
    });

    it.each([
        ["--jobs abc --all", '--jobs: got "abc"; expected a whole number from 1 to 16'],
        ["--jobs 0 --all", '--jobs: got "0"; expected a whole number from 1 to 16'],
        ["--jobs 2.5 --all", '--jobs: got "2.5"; expected a whole number from 1 to 16'],
        ["--all --stack local", "choose stacks one way: --stack and --all were both given (--all plans every stack; --parity <env> plans aws-, gcp- and azure-<env>)"],
        ["--parity dev --all", "choose stacks one way: --all and --parity were both given (--all plans every stack; --parity <env> plans aws-, gcp- and azure-<env>)"],
        ["--stack local --stack local", "--stack local given more than once"],
        ["--stack aws-qa", '--stack: unknown stack "aws-qa"; stacks in stacks/: aws-dev, aws-prod, azure-dev, azure-prod, gcp-dev, gcp-prod, local'],
        ["--parity qa", '--parity: no aws, gcp and azure stacks for "qa"; environments with all three: dev, prod'],
        ["", "choose the stacks to plan: --stack <name>, --all or --parity <env>"],
        ["--all --frobnicate", "Unknown option '--frobnicate'"],
        ["--all extra", "Unexpected argument 'extra'. This command does not take positional arguments"],
        ["--all --jobs", "Option '--jobs <value>' argument missing"],
    ])("refuses %j", (args, message) => {
        expect(refusal(args)).toBe(message);
    });

    it("--help lists every option, the stacks found and examples", () => {
        const text = helpText(KNOWN);
        for (const opt of ["--stack <name>", "--all", "--parity <env>", "--diff <git-ref>", "--out <dir>", "--jobs <n>", "-h, --help"]) expect(text).toContain(`  ${opt}`);
        expect(text).toContain("Stacks found in stacks/: aws-dev, aws-prod, azure-dev, azure-prod, gcp-dev, gcp-prod, local");
        expect(text).toContain("Environments with aws, gcp and azure stacks: dev, prod");
        expect(text).toContain("  npm run plan -- --all --diff main");
    });

    it("an environment needs all three clouds for parity", () => {
        expect(completeParityEnvs(["aws-dev", "gcp-dev", "azure-dev", "aws-prod", "gcp-prod"])).toEqual(["dev"]);
    });

    it("the real command exits 2 with the library's message and the usage line, and --help names the stacks in stacks/", async () => {
        const cli = (...args: string[]) =>
            promisify(execFile)(process.execPath, ["--import", "tsx", path.join(ROOT, "components", "plan", "cli.ts"), ...args], { cwd: ROOT, encoding: "utf8" }).then(
                (r) => ({ status: 0, ...r }),
                (err: { code?: number; stdout?: string; stderr?: string }) => ({ status: err.code, stdout: err.stdout ?? "", stderr: err.stderr ?? "" }),
            );
        const bad = await cli("--jobs", "abc", "--all");
        expect(bad.status).toBe(2);
        expect(bad.stderr).toContain('error: --jobs: got "abc"; expected a whole number from 1 to 16\nusage: npm run plan -- ');
        const help = await cli("--help");
        expect(help.status).toBe(0);
        expect(help.stdout).toContain(`Stacks found in stacks/: ${listStacks().join(", ")}`);
    });
});

describe("out/summary.md", () => {
    it("lists only this run's stacks and links parity instead of inlining the allow-list", () => {
        const out = mkdtempSync(path.join(os.tmpdir(), "tristack-summary-"));
        mkdirSync(path.join(out, "aws-dev"));
        mkdirSync(path.join(out, "stale-stack"));
        writeFileSync(path.join(out, "stale-stack", "error.txt"), "old failure\n");
        writeFileSync(path.join(out, "aws-dev", "plan.json"), JSON.stringify({ stack: "aws-dev", cloud: "aws", environment: "dev", summary: { resources: 221, protected: 0 }, policy: { mandatoryViolations: 0, advisoryFindings: 20 } }));
        const allowed = Array.from({ length: 50 }, (_, i) => ({ object: `pool/p${i}`, path: "instanceType", values: { aws: "a", gcp: "g", azure: "z" }, reason: "per cloud" }));
        const text = writeSummary(out, {
            stacks: [
                { stack: "aws-dev", ok: true, resources: 221, mandatoryViolations: 0, seconds: 1 },
                { stack: "local", ok: false, resources: 0, mandatoryViolations: 0, error: "tristack:spec is invalid | x\nmore", seconds: 1 },
            ],
            missing: [],
            parity: [{ env: "dev", file: "parity-dev.md", result: { objects: 96, allowed, violations: [] } }],
        });
        expect(text).toBe(readFileSync(path.join(out, "summary.md"), "utf8"));
        expect(text).toContain("| aws-dev | aws | dev | 221 | 0 | 0 | 20 | [report](aws-dev/report.md) |");
        expect(text).toContain("| local | — | — | FAILED: tristack:spec is invalid \\| x | | | | [error](local/error.txt) |");
        expect(text).not.toContain("stale-stack");
        expect(text).toContain("- **dev**: 96 objects compared, **0 unexplained difference(s)**, 50 allowed per-cloud difference(s), each with its reason in [parity-dev.md](parity-dev.md).");
        expect(text).not.toContain("pool/p1");
        rmSync(out, { recursive: true, force: true });
    });
});
