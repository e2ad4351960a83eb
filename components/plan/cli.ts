/**
 * `npm run plan -- (--stack <name>... | --all | --parity <env>...) [--diff <git-ref>] [--out out] [--jobs N]`
 * (`--help` for the full text: cliArgs.ts).
 *
 * The offline twin of `pulumi preview`: runs the real program for each stack under Pulumi's in-process
 * engine (no cloud, no credentials, no CLI) and writes out/<stack>/{plan.json, manifests/, report.md},
 * out/parity-<env>.md for every environment planned on all three clouds, out/diff.md for `--diff`, and
 * out/summary.md for this run. Exits 1 when a stack's spec is invalid, the program fails, a mandatory
 * policy is violated or parity fails; 2 on a bad command line.
 */
import { fork } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { PlanDocument } from "./artifacts";
import { diffStacks, planAtRef, resolveRef } from "./baseRef";
import { helpText, parseCli, USAGE, UsageError, type PlanCliOptions } from "./cliArgs";
import { renderDiff } from "./diff";
import { compareParity, PARITY_CLOUDS, renderParity, type ParityCloud } from "./parity";
import type { StackPlanResult } from "./planStack";
import { listStacks, REPO_ROOT } from "./stacks";
import { writeSummary, type ParitySummary } from "./summary";
import type { WorkMessage, WorkRequest } from "./worker";

/** Split stacks over workers, keeping each cloud's stacks together so a worker loads one SDK once. */
function partition(stacks: readonly string[], jobs: number): string[][] {
    const byCloud = new Map<string, string[]>();
    for (const s of stacks) {
        const cloud = s.split("-")[0] ?? s;
        byCloud.set(cloud, [...(byCloud.get(cloud) ?? []), s]);
    }
    const bins: string[][] = Array.from({ length: Math.min(jobs, byCloud.size) }, () => []);
    for (const group of [...byCloud.values()].sort((a, b) => b.length - a.length)) {
        const target = bins.reduce((min, bin) => (bin.length < min.length ? bin : min), bins[0]!);
        target.push(...group);
    }
    return bins.filter((b) => b.length > 0);
}

function runWorker(stacks: string[], outDir: string, onResult: (r: StackPlanResult) => void): Promise<void> {
    return new Promise((resolve, reject) => {
        const child = fork(path.join(__dirname, "worker.ts"), [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "ignore", "inherit", "ipc"] });
        child.on("message", (msg: WorkMessage) => {
            if (msg.kind === "result") onResult(msg.result);
            else child.kill();
        });
        child.on("error", reject);
        child.on("exit", () => resolve());
        child.send({ stacks, outDir } satisfies WorkRequest);
    });
}

/** Compare the three plans of an environment and write out/parity-<env>.md. */
function writeParity(env: string, outDir: string): ParitySummary {
    const plans = Object.fromEntries(PARITY_CLOUDS.map((c) => [c, JSON.parse(readFileSync(path.join(outDir, `${c}-${env}`, "plan.json"), "utf8")) as PlanDocument])) as Record<ParityCloud, PlanDocument>;
    const result = compareParity(plans);
    const file = `parity-${env}.md`;
    writeFileSync(path.join(outDir, file), renderParity(env, result));
    console.log(`parity ${env}: ${result.objects} objects, ${result.violations.length} unexplained difference(s), ${result.allowed.length} allowed -> ${path.relative(process.cwd(), path.join(outDir, file))}`);
    for (const d of result.violations.slice(0, 20)) console.error(`    ${d.object} ${d.path}: aws=${JSON.stringify(d.values.aws)} gcp=${JSON.stringify(d.values.gcp)} azure=${JSON.stringify(d.values.azure)}`);
    return { env, result, file };
}

/** Plan the stacks over worker processes; results in the order the stacks were asked for. */
async function planAll(stacks: readonly string[], outDir: string, jobs: number): Promise<{ results: StackPlanResult[]; missing: string[] }> {
    const bins = partition(stacks, jobs);
    console.log(`planning ${stacks.length} stack(s) with ${bins.length} worker(s) -> ${path.relative(process.cwd(), outDir) || "."}/`);
    const results: StackPlanResult[] = [];
    await Promise.all(
        bins.map((bin) =>
            runWorker(bin, outDir, (r) => {
                results.push(r);
                const status = r.error ? "FAILED" : r.mandatoryViolations > 0 ? `${r.mandatoryViolations} mandatory policy violation(s)` : "ok";
                console.log(`[${results.length}/${stacks.length}] ${r.stack}: ${status} — ${r.resources} resources (${r.seconds.toFixed(1)}s)`);
                if (r.error) console.error(r.error.split("\n").map((l) => `    ${l}`).join("\n"));
            }),
        ),
    );
    const missing = stacks.filter((s) => !results.some((r) => r.stack === s));
    for (const s of missing) console.error(`${s}: the plan worker exited without a result`);
    return { results: stacks.flatMap((s) => results.filter((r) => r.stack === s)), missing };
}

/** `--diff`: plan the base ref in a worktree, compare with this run's plans, write out/diff.md. */
function writeDiff(ref: string, stacks: readonly string[], results: readonly StackPlanResult[], outDir: string, jobs: number): { title: string; file: string; line: string } {
    const base = resolveRef(REPO_ROOT, ref);
    const basePlans = planAtRef(REPO_ROOT, base, stacks, jobs, (l) => console.log(l));
    const head = new Map<string, PlanDocument | string>();
    for (const s of stacks) {
        const r = results.find((x) => x.stack === s);
        const planFile = path.join(outDir, s, "plan.json");
        head.set(s, r && !r.error && existsSync(planFile) ? (JSON.parse(readFileSync(planFile, "utf8")) as PlanDocument) : (r?.error ?? "no result"));
    }
    const diffs = diffStacks(basePlans, head);
    const title = `${base.ref} (${base.sha.slice(0, 7)}) → working tree`;
    const file = "diff.md";
    writeFileSync(path.join(outDir, file), renderDiff(title, diffs));
    const changed = diffs.filter((d) => d.changes.length > 0 || d.status !== "compared");
    const line = changed.length === 0 ? "no changes" : `${changed.length} stack(s) differ: ${changed.map((d) => `${d.stack} (${d.status === "failed" ? "failed" : `${d.changes.length} resource(s)`})`).join(", ")}`;
    console.log(`diff ${title}: ${line} -> ${path.relative(process.cwd(), path.join(outDir, file))}`);
    return { title, file, line };
}

async function main(argv: readonly string[]): Promise<number> {
    const known = listStacks();
    let options: PlanCliOptions | "help";
    try {
        options = parseCli(argv, known, os.cpus().length);
    } catch (err) {
        if (!(err instanceof UsageError)) throw err;
        console.error(`error: ${err.message}\n${USAGE}\n(npm run plan -- --help for the options, stacks and examples)`);
        return 2;
    }
    if (options === "help") {
        console.log(helpText(known));
        return 0;
    }
    const outDir = path.resolve(REPO_ROOT, options.out);
    mkdirSync(outDir, { recursive: true });
    const started = Date.now();
    const { results, missing } = await planAll(options.stacks, outDir, options.jobs);
    const failed = results.filter((r) => !r.ok).length + missing.length;
    console.log(`${options.stacks.length - failed} ok, ${failed} failed in ${((Date.now() - started) / 1000).toFixed(1)}s; artifacts in ${path.relative(process.cwd(), outDir) || "."}/<stack>/`);
    const planned = (s: string) => results.some((r) => r.stack === s && !r.error);
    const parity = options.parityEnvs.filter((env) => PARITY_CLOUDS.every((c) => planned(`${c}-${env}`))).map((env) => writeParity(env, outDir));
    const parityFailed = parity.some((p) => p.result.violations.length > 0) || parity.length < options.parityEnvs.length;
    const diff = options.diffRef !== undefined ? writeDiff(options.diffRef, options.stacks, results, outDir, options.jobs) : undefined;
    writeSummary(outDir, { stacks: results, missing, parity, ...(diff ? { diff } : {}) });
    return failed === 0 && !parityFailed ? 0 : 1;
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
        console.error(err instanceof Error ? err.message : String(err));
        process.exit(1);
    },
);
