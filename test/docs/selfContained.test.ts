/**
 * The repository is self-contained: no tracked file reads or cites a path outside it, so a fresh clone
 * with no neighbouring folders passes `npm test` and `npm run plan`. Catches citations of the maintainers'
 * neighbouring folder,
 * relative paths (string literals, Markdown links) that climb above the root, and
 * `path.join(__dirname, "..", "..", "..")` chains that do the same.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..", "..");
/** Not the project's own text (CI plumbing, lock data, binaries), and this file, whose cases are deliberate escapes. */
const SKIP = [/^\.ci\//, /^node_modules\//, /(^|\/)package-lock\.json$/, /\.(png|jpg|gif|zip|tgz)$/, /^test\/docs\/selfContained\.test\.ts$/];
/** Names of the maintainers' neighbouring folders, and absolute checkout paths. */
const OUTSIDE = [/(?<![\w-])shared\/(reference|schemas|design\.md|style\.md)/, /\/work\/(main|shared)\b/];

const files = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" })
    .split("\0")
    .filter((f) => f !== "" && !SKIP.some((re) => re.test(f)));

/** Where a relative path written in `file` lands, relative to the root ("../x" when it escapes). */
function landing(file: string, relative: string): string {
    return path.relative(ROOT, path.resolve(ROOT, path.dirname(file), relative));
}

/** Every escape in one file's text, as `file:line: what`. */
export function escapes(file: string, text: string): string[] {
    const out: string[] = [];
    text.split("\n").forEach((line, i) => {
        const at = `${file}:${i + 1}`;
        for (const re of OUTSIDE) if (re.test(line)) out.push(`${at}: cites ${line.match(re)![0].trim()}`);
        for (const m of line.matchAll(/(?:^|[\s"'`(=])((?:\.\.\/)+[\w.@/-]*)/g)) {
            if (landing(file, m[1]!).startsWith("..")) out.push(`${at}: ${m[1]} escapes the repository`);
        }
        for (const m of line.matchAll(/__dirname((?:\s*,\s*["']\.\.["'])+)/g)) {
            const ups = m[1]!.match(/\.\./g)!.length;
            if (landing(file, "../".repeat(ups)).startsWith("..")) out.push(`${at}: __dirname${m[1]} escapes the repository`);
        }
    });
    return out;
}

/** The maintainers' neighbouring folder, spelled once so this file's own cases do not read as citations of it. */
const NEIGHBOUR = ["sha", "red"].join("");

describe("self-contained repository", () => {
    it("tracks the project's files (sanity check of the scan)", () => {
        expect(files).toContain("test/policies/meta.test.ts");
        expect(files).toContain("docs/reference/policy-catalogue.md");
    });

    it("no tracked file reads or cites a path outside the repository", () => {
        const found = files.flatMap((f) => escapes(f, readFileSync(path.join(ROOT, f), "utf8")));
        expect(found).toEqual([]);
    });

    it.each([
        ["test/policies/meta.test.ts", `readFileSync(path.join(__dirname, "..", "..", "..", "${NEIGHBOUR}", "reference", "policies.md"))`, ['test/policies/meta.test.ts:1: __dirname, "..", "..", ".." escapes the repository']],
        ["README.md", `implements 68 rules of \`${NEIGHBOUR}/reference/policies.md\``, [`README.md:1: cites ${NEIGHBOUR}/reference`]],
        ["docs/a.md", `see [the design](../../${NEIGHBOUR}/design.md)`, [`docs/a.md:1: cites ${NEIGHBOUR}/design.md`, `docs/a.md:1: ../../${NEIGHBOUR}/design.md escapes the repository`]],
        ["test/clouds/aws/pure.test.ts", 'import { x } from "../../../components/clouds/aws/addons";', []],
        ["docs/reference/pipelines.md", "([CRD hygiene](../crd-hygiene.md))", []],
    ])("the scan judges %s: %s", (file, line, expected) => {
        expect(escapes(file, line)).toEqual(expected);
    });
});
