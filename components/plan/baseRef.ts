/**
 * `--diff <git-ref>`: plan a git ref the way its own checkout plans itself, in a temporary
 * `git worktree` that reuses this checkout's node_modules (a symlink: no install), then compare.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { PlanDocument } from "./artifacts";
import { diffPlans, type StackDiff } from "./diff";

/** A resolved base ref. */
export interface BaseRef {
    /** The ref as given (`main`, `origin/main`, a SHA). */
    readonly ref: string;
    /** The commit it names. */
    readonly sha: string;
}

function git(repoRoot: string, args: readonly string[]): string {
    return execFileSync("git", [...args], { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/**
 * Resolve a ref to a commit, or throw a message naming the ref.
 * @param repoRoot the repository root
 * @param ref a git ref
 */
export function resolveRef(repoRoot: string, ref: string): BaseRef {
    try {
        return { ref, sha: git(repoRoot, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]) };
    } catch {
        throw new Error(`--diff: "${ref}" is not a commit in this repository (fetch it first, e.g. git fetch origin ${ref})`);
    }
}

/**
 * Plan `stacks` at a commit in a temporary worktree, with that commit's own plan CLI, and return
 * its plan documents (a stack the commit does not have is absent; a stack that failed there maps to
 * its error text). The worktree is removed afterwards.
 * @param repoRoot the repository root (its node_modules is reused)
 * @param base the commit
 * @param stacks the stacks to plan
 * @param jobs worker processes
 * @param log progress lines
 */
export function planAtRef(repoRoot: string, base: BaseRef, stacks: readonly string[], jobs: number, log: (line: string) => void): Map<string, PlanDocument | string> {
    const dir = mkdtempSync(path.join(os.tmpdir(), "tristack-base-"));
    const results = new Map<string, PlanDocument | string>();
    git(repoRoot, ["worktree", "add", "--detach", "--force", dir, base.sha]);
    const modules = path.join(dir, "node_modules");
    try {
        symlinkSync(path.join(repoRoot, "node_modules"), modules, "dir");
        const known = readdirSync(path.join(dir, "stacks")).map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1]);
        const present = stacks.filter((s) => known.includes(s));
        if (present.length === 0) return results;
        log(`planning ${present.length} stack(s) of ${base.ref} (${base.sha.slice(0, 7)}) in a temporary worktree`);
        // The base's own `npm run plan`, so a base with another CLI or engine plans as it would itself.
        const run = spawnSync("npm", ["run", "--silent", "plan", "--", ...present.flatMap((s) => ["--stack", s]), "--out", "out", "--jobs", String(jobs)], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
        for (const line of `${run.stdout ?? ""}`.split("\n").filter((l) => l.trim() !== "")) log(`  base: ${line}`);
        for (const s of present) {
            const planFile = path.join(dir, "out", s, "plan.json");
            const errorFile = path.join(dir, "out", s, "error.txt");
            if (existsSync(planFile)) results.set(s, JSON.parse(readFileSync(planFile, "utf8")) as PlanDocument);
            else results.set(s, existsSync(errorFile) ? readFileSync(errorFile, "utf8").trim() : `the base plan wrote nothing: ${(run.stderr ?? "").trim().split("\n").slice(-3).join(" ")}`);
        }
        return results;
    } finally {
        if (existsSync(modules)) unlinkSync(modules);
        try {
            git(repoRoot, ["worktree", "remove", "--force", dir]);
        } catch {
            rmSync(dir, { recursive: true, force: true });
            git(repoRoot, ["worktree", "prune"]);
        }
    }
}

/**
 * The per-stack differences between the base's plans and the head's plan documents.
 * @param base what {@link planAtRef} returned
 * @param head the head's plans (a string: the head failed with this error)
 */
export function diffStacks(base: ReadonlyMap<string, PlanDocument | string>, head: ReadonlyMap<string, PlanDocument | string>): StackDiff[] {
    return [...head.keys()].sort().map((stack): StackDiff => {
        const h = head.get(stack)!;
        const b = base.get(stack);
        if (typeof h === "string") return { stack, status: "failed", changes: [], error: `head: ${h}` };
        if (typeof b === "string") return { stack, status: "failed", changes: [], error: `base: ${b}` };
        return { stack, status: b === undefined ? "new" : "compared", changes: diffPlans(b, h) };
    });
}
