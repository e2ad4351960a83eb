/**
 * `npm run plan -- --stack <name> | --all [--out out] [--jobs N]`
 *
 * The offline twin of `pulumi preview`: runs the real program for each stack under Pulumi's in-process
 * engine (no cloud, no credentials, no CLI) and writes out/<stack>/{plan.json, manifests/, report.md}.
 * Exits non-zero when a stack's spec is invalid, the program fails, or a mandatory policy is violated.
 */
import { fork } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import type { PlanDocument } from "./artifacts";
import { compareParity, PARITY_CLOUDS, renderParity, type ParityCloud } from "./parity";
import type { StackPlanResult } from "./planStack";
import { listStacks, REPO_ROOT } from "./stacks";
import { writeSummary } from "./summary";
import type { WorkMessage, WorkRequest } from "./worker";

const USAGE = "usage: npm run plan -- (--stack <name> [--stack <name> ...] | --all | --parity <env>) [--out <dir>] [--jobs <n>]";

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

/** Compare the three plans of an environment; returns whether they are at parity. */
function writeParity(env: string, outDir: string): boolean {
    const plans = Object.fromEntries(PARITY_CLOUDS.map((c) => [c, JSON.parse(readFileSync(path.join(outDir, `${c}-${env}`, "plan.json"), "utf8")) as PlanDocument])) as Record<ParityCloud, PlanDocument>;
    const result = compareParity(plans);
    const file = path.join(outDir, `parity-${env}.md`);
    writeFileSync(file, renderParity(env, result));
    console.log(`parity ${env}: ${result.objects} objects, ${result.violations.length} unexplained difference(s), ${result.allowed.length} allowed -> ${path.relative(process.cwd(), file)}`);
    for (const d of result.violations.slice(0, 20)) console.error(`    ${d.object} ${d.path}: aws=${JSON.stringify(d.values.aws)} gcp=${JSON.stringify(d.values.gcp)} azure=${JSON.stringify(d.values.azure)}`);
    return result.violations.length === 0;
}

async function main(): Promise<number> {
    let values: { stack?: string[]; all?: boolean; parity?: string; out?: string; jobs?: string; help?: boolean };
    try {
        ({ values } = parseArgs({
            options: {
                stack: { type: "string", multiple: true },
                all: { type: "boolean" },
                parity: { type: "string" },
                out: { type: "string" },
                jobs: { type: "string" },
                help: { type: "boolean", short: "h" },
            },
        }));
    } catch (err) {
        console.error(`${(err as Error).message}\n${USAGE}`);
        return 2;
    }
    if (values.help) {
        console.log(USAGE);
        return 0;
    }
    const known = listStacks();
    const parityEnv = values.parity;
    const stacks = parityEnv ? PARITY_CLOUDS.map((c) => `${c}-${parityEnv}`) : values.all ? known : (values.stack ?? []);
    if (stacks.length === 0) {
        console.error(USAGE);
        return 2;
    }
    const unknown = stacks.filter((s) => !known.includes(s));
    if (unknown.length > 0) {
        console.error(`unknown stack(s): ${unknown.join(", ")}; stacks: ${known.join(", ")}`);
        return 2;
    }
    const outDir = path.resolve(REPO_ROOT, values.out ?? "out");
    const jobs = Math.max(1, Number(values.jobs ?? Math.min(2, os.cpus().length)));
    const started = Date.now();
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
    const failed = results.filter((r) => !r.ok).length + missing.length;
    console.log(`${stacks.length - failed} ok, ${failed} failed in ${((Date.now() - started) / 1000).toFixed(1)}s; artifacts in ${path.relative(process.cwd(), outDir) || "."}/<stack>/`);
    let parityFailed = false;
    if (parityEnv && results.every((r) => !r.error) && missing.length === 0) parityFailed = !writeParity(parityEnv, outDir);
    writeSummary(outDir);
    return failed === 0 && !parityFailed ? 0 : 1;
}

main().then(
    (code) => process.exit(code),
    (err: unknown) => {
        console.error(err instanceof Error ? err.message : String(err));
        process.exit(1);
    },
);
