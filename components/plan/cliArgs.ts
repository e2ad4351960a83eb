/**
 * The plan CLI's arguments: parsed by node's own `util.parseArgs` in strict mode (unknown options,
 * missing values and positionals are its errors), then checked for meaning here (a whole `--jobs`,
 * known stacks, one way of choosing stacks). Pure: no process exit, no file system beyond what the
 * caller passes in, so the rules are unit-tested.
 */
import { parseArgs } from "node:util";
import { PARITY_CLOUDS } from "./parity";

/** The most worker processes `--jobs` accepts (each loads the Pulumi SDK: ~300 MB). */
export const MAX_JOBS = 16;

/** What the CLI was asked to do. */
export interface PlanCliOptions {
    /** Stacks to plan, in the order given (`--all`: every stack, sorted). */
    readonly stacks: readonly string[];
    /** Environments whose aws, gcp and azure plans are compared (every one complete in `stacks`). */
    readonly parityEnvs: readonly string[];
    /** `--out`, as given (relative to the repository root). @default "out" */
    readonly out: string;
    /** Worker processes. @default min(2, CPUs) */
    readonly jobs: number;
    /** `--diff <git-ref>`: also plan this ref and write out/diff.md. */
    readonly diffRef?: string;
}

/** A command line the CLI refuses (exit code 2, the message and the usage line are printed). */
export class UsageError extends Error {
    override readonly name = "UsageError";
}

/** One line of usage, printed under every usage error. */
export const USAGE = "usage: npm run plan -- (--stack <name>... | --all | --parity <env>...) [--diff <git-ref>] [--out <dir>] [--jobs <n>] | --help";

const OPTIONS = {
    stack: { type: "string", multiple: true },
    all: { type: "boolean" },
    parity: { type: "string", multiple: true },
    diff: { type: "string" },
    out: { type: "string" },
    jobs: { type: "string" },
    help: { type: "boolean", short: "h" },
} as const;

/**
 * The environments whose three cloud stacks (`aws-<env>`, `gcp-<env>`, `azure-<env>`) are all in `stacks`.
 * @param stacks the stacks of a run
 */
export function completeParityEnvs(stacks: readonly string[]): string[] {
    const envs = new Set(stacks.map((s) => /^aws-(.+)$/.exec(s)?.[1]).filter((e): e is string => e !== undefined));
    return [...envs].filter((env) => PARITY_CLOUDS.every((c) => stacks.includes(`${c}-${env}`))).sort();
}

function parseJobs(raw: string | undefined, cpus: number): number {
    if (raw === undefined) return Math.max(1, Math.min(2, cpus));
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_JOBS) throw new UsageError(`--jobs: got "${raw}"; expected a whole number from 1 to ${MAX_JOBS}`);
    return Number(raw);
}

function duplicates(values: readonly string[]): string[] {
    return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}

/**
 * Parse the plan CLI's arguments.
 *
 * Choosing stacks: exactly one of `--stack` (repeatable), `--all` or `--parity` (repeatable). Combining
 * them, or naming a stack twice, is an error rather than a silent precedence. Parity is checked for
 * every environment whose aws, gcp and azure stacks are all planned, whichever way they were chosen.
 * `--diff` alone plans every stack.
 * @param argv the arguments after `npm run plan --`
 * @param known the stacks in stacks/
 * @param cpus CPUs of this machine (for the default `--jobs`)
 * @returns the options, or `"help"` for `--help`
 * @throws UsageError for anything the CLI refuses
 */
export function parseCli(argv: readonly string[], known: readonly string[], cpus: number): PlanCliOptions | "help" {
    let values: { stack?: string[]; all?: boolean; parity?: string[]; diff?: string; out?: string; jobs?: string; help?: boolean };
    try {
        ({ values } = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
    } catch (err) {
        throw new UsageError(err instanceof Error ? err.message : String(err));
    }
    if (values.help) return "help";
    const chosen = (["stack", "all", "parity"] as const).filter((k) => values[k] !== undefined);
    if (chosen.length > 1) throw new UsageError(`choose stacks one way: ${chosen.map((k) => `--${k}`).join(" and ")} were both given (--all plans every stack; --parity <env> plans aws-, gcp- and azure-<env>)`);
    const twice = duplicates(values.stack ?? values.parity ?? []);
    if (twice.length > 0) throw new UsageError(`${values.stack ? "--stack" : "--parity"} ${twice.join(", ")} given more than once`);
    let stacks: string[];
    if (values.parity) {
        const envs = completeParityEnvs(known);
        const bad = values.parity.filter((e) => !envs.includes(e));
        if (bad.length > 0) throw new UsageError(`--parity: no aws, gcp and azure stacks for ${bad.map((e) => `"${e}"`).join(", ")}; environments with all three: ${envs.join(", ")}`);
        stacks = values.parity.flatMap((env) => PARITY_CLOUDS.map((c) => `${c}-${env}`));
    } else if (values.stack) {
        const unknown = values.stack.filter((s) => !known.includes(s));
        if (unknown.length > 0) throw new UsageError(`--stack: unknown stack ${unknown.map((s) => `"${s}"`).join(", ")}; stacks in stacks/: ${known.join(", ")}`);
        stacks = values.stack;
    } else if (values.all || values.diff !== undefined) {
        stacks = [...known];
    } else {
        throw new UsageError("choose the stacks to plan: --stack <name>, --all or --parity <env>");
    }
    if (values.out !== undefined && values.out.trim() === "") throw new UsageError("--out: got an empty path");
    if (values.diff !== undefined && values.diff.trim() === "") throw new UsageError("--diff: got an empty git ref");
    return {
        stacks,
        parityEnvs: completeParityEnvs(stacks),
        out: values.out ?? "out",
        jobs: parseJobs(values.jobs, cpus),
        ...(values.diff !== undefined ? { diffRef: values.diff } : {}),
    };
}

/**
 * The `--help` text: what the command does, every option, the stacks found and examples.
 * @param known the stacks in stacks/
 */
export function helpText(known: readonly string[]): string {
    const envs = completeParityEnvs(known);
    return [
        "npm run plan -- <options>",
        "",
        "The offline twin of `pulumi preview`: runs the real program for each stack under Pulumi's in-process",
        "engine (no cloud, no credentials) and writes out/<stack>/: plan.json, report.md (pictures included),",
        "manifests/<kind>/<namespace|_cluster>/<name>.yaml and the policy results; out/summary.md for the run.",
        "Exits 1 when a spec is invalid, the program fails, a mandatory policy is violated or parity fails;",
        "exits 2 on a bad command line.",
        "",
        "Choose the stacks (exactly one way):",
        "  --stack <name>     plan this stack; repeat for more (each name once)",
        "  --all              plan every stack in stacks/",
        `  --parity <env>     plan aws-<env>, gcp-<env> and azure-<env>; repeatable`,
        "",
        "Parity (out/parity-<env>.md) is checked for every environment whose three cloud stacks are planned.",
        "",
        "Options:",
        "  --diff <git-ref>   also plan <git-ref> in a temporary git worktree and write out/diff.md: per stack the",
        "                     resources added, changed (with the fields) and removed; deletions and replacements",
        "                     of protected data holders first. Without a stack choice, plans every stack.",
        "  --out <dir>        output directory, relative to the repository root (default: out)",
        `  --jobs <n>         worker processes, 1-${MAX_JOBS} (default: min(2, CPUs))`,
        "  -h, --help         this text",
        "",
        `Stacks found in stacks/: ${known.join(", ") || "(none)"}`,
        `Environments with aws, gcp and azure stacks: ${envs.join(", ") || "(none)"}`,
        "",
        "Examples:",
        "  npm run plan -- --stack aws-dev",
        "  npm run plan -- --stack aws-dev --stack local --jobs 1",
        "  npm run plan -- --all",
        "  npm run plan -- --parity dev",
        "  npm run plan -- --all --diff main",
        "  npm run plan -- --stack aws-dev --diff HEAD~1",
        "",
    ].join("\n");
}
