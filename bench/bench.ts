/**
 * `npm run bench [-- --runs N]`: the performance targets of the project, measured (medians of N runs)
 * on this machine and printed as a table (also written to out/bench.md). No assertions: the numbers
 * are the result.
 *
 *  - tsc --noEmit of the project vs. a floor program that only imports the SDK modules we use;
 *  - `npm run plan -- --all` wall time, and each stack's plan vs. a floor that only loads its SDKs
 *    through the same language host;
 *  - a stack with 100 tenants vs. the same stack with its own tenants (wall time of the program loaded as
 *    the CLI loads it), and the SDK's own cost per resource under the same loader (bench/resourceFloor.ts);
 *  - `npm test` from cold caches: runs, schema validators, tsc build info (skip with --skip-suite);
 *  - Spark executor and Kafka/Cassandra pod packing on every pool that runs them.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import type { PoolCapacity } from "../components/capacity/report";
import type { PlanDocument } from "../components/plan/artifacts";
import { chainLine } from "../components/plan/deployEstimate";
import { listStacks, REPO_ROOT } from "../components/plan/stacks";

const { values } = parseArgs({ options: { runs: { type: "string" }, "skip-tsc": { type: "boolean" }, "skip-suite": { type: "boolean" } } });
const RUNS = Math.max(1, Number(values.runs ?? 3));
const BIN = path.join(REPO_ROOT, "node_modules", ".bin");

function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function time(cmd: string, args: string[]): number {
    const started = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    // The tail of both streams: `npm test` reports its failures on stdout.
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${`${r.stdout}\n${r.stderr}`.trim().split("\n").slice(-60).join("\n")}`);
    return Number(process.hrtime.bigint() - started) / 1e9;
}

function timed(label: string, cmd: string, args: string[]): number {
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) samples.push(time(cmd, args));
    const m = median(samples);
    console.error(`  ${label}: ${samples.map((s) => s.toFixed(1)).join(", ")} s -> median ${m.toFixed(1)} s`);
    return m;
}

function sourceFiles(dir: string): string[] {
    return readdirSync(dir).flatMap((f) => {
        const full = path.join(dir, f);
        return statSync(full).isDirectory() ? sourceFiles(full) : f.endsWith(".ts") ? [full] : [];
    });
}

/** The external modules the program imports (optionally only those under one folder plus shared code). */
function importedModules(files: string[]): string[] {
    const mods = new Set<string>();
    for (const f of files) {
        for (const m of readFileSync(f, "utf8").matchAll(/from\s+"((?:@pulumi\/[^"]+)|zod|yaml)"/g)) mods.add(m[1]!);
    }
    return [...mods].sort();
}

function floorProgram(dir: string, name: string, modules: string[]): string {
    const file = path.join(dir, `${name}.ts`);
    writeFileSync(file, modules.map((m, i) => `import * as m${i} from "${m}";\nvoid m${i};`).join("\n") + "\n");
    return file;
}

/**
 * A project that only imports `modules`, loaded like tristack (bench/floor's Pulumi.yaml and
 * tsconfig.pulumi.json), for bench/loadFloor.ts.
 */
function loadFloorProject(dir: string, name: string, modules: string[]): string {
    const project = path.join(dir, `load-${name}`);
    mkdirSync(project, { recursive: true });
    for (const f of ["Pulumi.yaml", "package.json", "tsconfig.pulumi.json"]) writeFileSync(path.join(project, f), readFileSync(path.join(REPO_ROOT, "bench", "floor", f)));
    const body = modules.map((m, i) => `import * as m${i} from "${m}";\nvoid m${i};`).join("\n");
    writeFileSync(path.join(project, "index.ts"), `${body}\n\nasync function main(): Promise<Record<string, unknown>> {\n    return {};\n}\n\nexport = main;\n`);
    return project;
}

function main(): void {
    const rows: [string, string, string][] = [];
    const programFiles = [path.join(REPO_ROOT, "index.ts"), ...sourceFiles(path.join(REPO_ROOT, "components"))];
    // Inside the repo (not node_modules, which tsc excludes) so the floor resolves the same packages.
    const floorDir = mkdtempSync(path.join(REPO_ROOT, ".bench-floor-"));
    try {
        console.error(`bench: ${RUNS} run(s) each, ${os.cpus().length} CPUs, Node ${process.version}`);
        if (!values["skip-tsc"]) {
            const all = floorProgram(floorDir, "floor", importedModules(programFiles));
            writeFileSync(path.join(floorDir, "tsconfig.json"), JSON.stringify({ extends: path.join(REPO_ROOT, "tsconfig.json"), compilerOptions: { incremental: false }, include: [all] }));
            const project = timed("tsc --noEmit (project)", path.join(BIN, "tsc"), ["--noEmit", "--incremental", "false", "-p", "tsconfig.json"]);
            const floor = timed("tsc --noEmit (floor)", path.join(BIN, "tsc"), ["--noEmit", "-p", path.join(floorDir, "tsconfig.json")]);
            rows.push(["tsc --noEmit: project / floor (target <= 2x)", `${project.toFixed(1)} s / ${floor.toFixed(1)} s`, `${(project / floor).toFixed(2)}x`]);
        }
        const outDir = mkdtempSync(path.join(os.tmpdir(), "tristack-bench-"));
        const all = timed("plan --all", path.join(BIN, "tsx"), ["components/plan/cli.ts", "--all", "--out", outDir]);
        rows.push([`plan --all, ${listStacks().length} stacks (target <= 30 s)`, `${all.toFixed(1)} s`, all <= 30 ? "met" : "MISSED"]);
        for (const stack of listStacks()) {
            const cloud = stack.startsWith("local") ? "existing" : stack.split("-")[0]!;
            const shared = programFiles.filter((f) => !f.includes(`${path.sep}clouds${path.sep}`) || f.includes(`${path.sep}clouds${path.sep}${cloud}${path.sep}`));
            const floor = loadFloorProject(floorDir, cloud, importedModules(shared));
            const t = timed(`plan ${stack}`, path.join(BIN, "tsx"), ["components/plan/cli.ts", "--stack", stack, "--out", outDir, "--jobs", "1"]);
            const f = timed(`floor ${cloud}`, path.join(BIN, "tsx"), ["bench/loadFloor.ts", floor]);
            rows.push([`plan ${stack}: stack / SDK-load floor`, `${t.toFixed(1)} s / ${f.toFixed(1)} s`, `${(t / f).toFixed(2)}x`]);
        }
        const base = "aws-prod";
        const tsxJson = <T>(args: string[]) => JSON.parse(execFileSync(path.join(BIN, "tsx"), args, { cwd: REPO_ROOT, encoding: "utf8" })) as T;
        const sample = (tenants: number) => {
            const runs = Array.from({ length: RUNS }, () => tsxJson<{ ms: number; cpuMs?: number; tenants: number; resources: number }>(["bench/planSpec.ts", base, String(tenants)]));
            const cpu = runs.map((r) => r.cpuMs);
            return { ...runs[0]!, ms: median(runs.map((r) => r.ms)), cpuMs: cpu.every((c) => c !== undefined) ? median(cpu as number[]) : undefined };
        };
        const own = sample(0);
        const hundred = sample(100);
        const ratio = hundred.ms / own.ms;
        rows.push([`${base} program: 100 tenants / own ${own.tenants} (target <= 2x)`, `${(hundred.ms / 1000).toFixed(2)} s (${hundred.resources} resources) / ${(own.ms / 1000).toFixed(2)} s (${own.resources})`, `${ratio.toFixed(2)}x ${ratio <= 2 ? "met" : "MISSED"}`]);
        // What the SDK alone charges per resource, and the best ratio this many resources per tenant allows.
        const floorRuns = Array.from({ length: RUNS }, () => tsxJson<{ msPerResource: number; cpuMsPerResource?: number }>(["bench/resourceFloor.ts"]));
        const floor = median(floorRuns.map((r) => r.msPerResource));
        const perTenant = (hundred.resources - own.resources) / (hundred.tenants - own.tenants);
        const marginal = (hundred.ms - own.ms) / (hundred.resources - own.resources);
        const bound = (own.ms + (hundred.tenants - own.tenants) * perTenant * floor) / own.ms;
        rows.push([
            "per added tenant: resources, program ms per resource / SDK floor, same loader (target <= 1.5x)",
            `${perTenant.toFixed(0)} resources, ${marginal.toFixed(2)} / ${floor.toFixed(2)} ms`,
            `${(marginal / floor).toFixed(2)}x ${marginal / floor <= 1.5 ? "met" : "MISSED"}; best 100-tenant ratio at the floor: ${bound.toFixed(1)}x`,
        ]);
        // The same in CPU time (program and engine processes; bench/cpuTime.ts): wall time on a loaded machine
        // mostly measures the share of the CPU a run got.
        const floorCpu = floorRuns.every((r) => r.cpuMsPerResource !== undefined) ? median(floorRuns.map((r) => r.cpuMsPerResource!)) : undefined;
        if (floorCpu !== undefined && hundred.cpuMs !== undefined && own.cpuMs !== undefined) {
            const marginalCpu = (hundred.cpuMs - own.cpuMs) / (hundred.resources - own.resources);
            rows.push(["per added tenant, CPU time: program ms per resource / SDK floor", `${marginalCpu.toFixed(2)} / ${floorCpu.toFixed(2)} ms`, `${(marginalCpu / floorCpu).toFixed(2)}x`]);
        }
        if (!values["skip-suite"]) {
            // The whole test suite as CI runs it (tsc, eslint, vitest), from cold caches (program runs,
            // compiled schema validators and tsc's incremental build info: a clean clone has none), and
            // without the floor projects, which tsc and eslint would read.
            rmSync(floorDir, { recursive: true, force: true });
            for (const cache of ["tristack", "tsc"]) rmSync(path.join(REPO_ROOT, "node_modules", ".cache", cache), { recursive: true, force: true });
            const suite = time("npm", ["test", "--silent"]);
            rows.push(["npm test, cold caches (target <= 180 s)", `${suite.toFixed(0)} s`, suite <= 180 ? "met" : "MISSED"]);
        }

        const packing: string[] = ["| stack | pool | instance type | workload | CPU | memory | min | target |", "|---|---|---|---|---|---|---|---|"];
        for (const stack of listStacks()) {
            const doc = JSON.parse(readFileSync(path.join(outDir, stack, "plan.json"), "utf8")) as PlanDocument;
            for (const p of (doc.outputs["capacity"] ?? []) as PoolCapacity[]) {
                const pc = (x: number) => `${(x * 100).toFixed(1)}%`;
                if (p.sparkExecutor) {
                    const s = p.sparkExecutor;
                    packing.push(`| ${stack} | ${p.pool} | ${p.instanceType} | Spark ${s.perNode}x (${s.cores}c, ${s.requestCpuMillis}m, ${s.memoryMiB}m) | ${pc(s.cpuPacking)} | ${pc(s.memoryPacking)} | ${pc(s.packing)} | ${s.packing >= 0.95 ? "met" : "MISSED"} (>= 95%) |`);
                }
                if (p.dataPod) {
                    const d = p.dataPod;
                    const min = Math.min(d.cpuPacking, d.memoryPacking);
                    packing.push(`| ${stack} | ${p.pool} | ${p.instanceType} | ${d.service} pod (${d.cpuMillis}m, ${d.memoryMiB}Mi) | ${pc(d.cpuPacking)} | ${pc(d.memoryPacking)} | ${pc(min)} | ${min >= 0.85 ? "met" : "MISSED"} (>= 85%) |`);
                }
            }
        }
        // The estimated first `pulumi up` of every stack, from its plan (components/plan/deployEstimate.ts).
        const deploy: string[] = ["| stack | estimate | floor | estimate / floor | critical chain |", "|---|---|---|---|---|"];
        for (const stack of listStacks()) {
            const est = (JSON.parse(readFileSync(path.join(outDir, stack, "plan.json"), "utf8")) as PlanDocument).deploy;
            if (est) deploy.push(`| ${stack} | ~${est.minutes.toFixed(1)} min | ${est.floorMinutes.toFixed(1)} min | ${est.floorMinutes > 0 ? `${(est.minutes / est.floorMinutes).toFixed(2)}x` : "—"} | ${chainLine(est)} |`);
        }
        rmSync(outDir, { recursive: true, force: true });
        const table = ["| measure | value | result |", "|---|---|---|", ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
        const doc = `# Bench (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} CPUs, Node ${process.version}, medians of ${RUNS})\n\n${table}\n\n## Packing\n\n${packing.join("\n")}\n\n## Estimated first \`pulumi up\`\n\n${deploy.join("\n")}\n`;
        mkdirSync(path.join(REPO_ROOT, "out"), { recursive: true });
        writeFileSync(path.join(REPO_ROOT, "out", "bench.md"), doc);
        console.log(doc);
    } finally {
        rmSync(floorDir, { recursive: true, force: true });
    }
}

main();
