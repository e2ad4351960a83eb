/**
 * Every relative link in README.md and docs/**\/*.md lands on a file of the repository, and a link with
 * a `#fragment` on a heading of the target page (GitHub's anchor slugs). Markdown is parsed with
 * markdown-it, so links inside code spans and fenced blocks are not links; anchors are made with
 * github-slugger, the algorithm GitHub uses for heading ids.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import GithubSlugger from "github-slugger";
import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/mocks";

const md = new MarkdownIt({ html: true });
type Token = MarkdownIt.Token;

function markdownFiles(dir: string): string[] {
    return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
        const rel = path.posix.join(dir, e.name);
        if (e.isDirectory()) return markdownFiles(rel);
        return e.name.endsWith(".md") ? [rel] : [];
    });
}

/** The plain text of an inline token, as GitHub renders a heading before slugging it. */
function plainText(inline: Token): string {
    return (inline.children ?? []).map((c) => (c.type === "text" || c.type === "code_inline" ? c.content : "")).join("");
}

/** The heading anchors of a Markdown text, in GitHub's form (duplicates get -1, -2, ...). */
export function anchorsOf(text: string): Set<string> {
    const slugger = new GithubSlugger();
    const tokens = md.parse(text, {});
    const anchors = new Set<string>();
    tokens.forEach((t, i) => {
        const inline = tokens[i + 1];
        if (t.type === "heading_open" && inline) anchors.add(slugger.slug(plainText(inline)));
    });
    return anchors;
}

/** Every link and image target of a Markdown text. */
export function linksOf(text: string): string[] {
    const walk = (tokens: readonly Token[]): string[] =>
        tokens.flatMap((t) => {
            const own = t.type === "link_open" ? [t.attrGet("href")] : t.type === "image" ? [t.attrGet("src")] : [];
            return [...own.filter((h): h is string => h !== null), ...walk(t.children ?? [])];
        });
    return walk(md.parse(text, {}));
}

/**
 * What is wrong with one link of `file` ("" when it resolves).
 * @param file repository-relative path of the page
 * @param href the link target as written
 */
export function brokenLink(file: string, href: string): string {
    if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return ""; // https:, mailto: ...: not ours to check offline
    const [target = "", fragment] = href.split("#", 2);
    const resolved = target === "" ? path.join(ROOT, file) : path.resolve(ROOT, path.dirname(file), decodeURIComponent(target));
    if (path.relative(ROOT, resolved).startsWith("..")) return `${href}: leaves the repository`;
    if (!existsSync(resolved)) return `${href}: no such file ${path.relative(ROOT, resolved)}`;
    if (fragment === undefined || fragment === "") return "";
    if (statSync(resolved).isDirectory() || !resolved.endsWith(".md")) return `${href}: an anchor on something that is not a Markdown page`;
    const anchors = anchorsOf(readFileSync(resolved, "utf8"));
    return anchors.has(fragment) ? "" : `${href}: no heading #${fragment} in ${path.relative(ROOT, resolved)} (has: ${[...anchors].join(", ")})`;
}

const pages = ["README.md", ...markdownFiles("docs")];

describe("documentation links", () => {
    it.each(pages)("every relative link of %s resolves", (file) => {
        const broken = linksOf(readFileSync(path.join(ROOT, file), "utf8"))
            .map((href) => brokenLink(file, href))
            .filter((p) => p !== "");
        expect(broken).toEqual([]);
    });

    it("README links every how-to, and docs/README.md indexes every page of docs/", () => {
        const readme = linksOf(readFileSync(path.join(ROOT, "README.md"), "utf8"));
        const howTos = markdownFiles("docs/how-to");
        expect(howTos.length).toBeGreaterThanOrEqual(7);
        expect(howTos.filter((f) => !readme.includes(f))).toEqual([]);
        const index = new Set(linksOf(readFileSync(path.join(ROOT, "docs", "README.md"), "utf8")).map((h) => path.posix.join("docs", h.split("#")[0]!)));
        expect(markdownFiles("docs").filter((f) => f !== "docs/README.md" && !index.has(f))).toEqual([]);
    });
});

describe("the link checker itself", () => {
    it("ignores links in code spans and fenced blocks, and follows images", () => {
        expect(linksOf("`[a](x.md)`\n\n```\n[b](y.md)\n```\n\n[c](z.md) ![d](e.png)")).toEqual(["z.md", "e.png"]);
    });

    it("makes GitHub's anchors: code and punctuation dropped, duplicates numbered", () => {
        expect([...anchorsOf("# Before the first `pulumi up`\n## Drain Cleaner: not installed\n## A\n## A")]).toEqual(["before-the-first-pulumi-up", "drain-cleaner-not-installed", "a", "a-1"]);
    });

    it.each([
        ["docs/services/kafka.md", "../clouds/aws.md", ""],
        ["docs/services/kafka.md", "#upgrading-strimzi", ""],
        ["docs/reference/config.md", "../how-to/nothing.md", "../how-to/nothing.md: no such file docs/how-to/nothing.md"],
        ["docs/README.md", "services/kafka.md#no-such-heading", "services/kafka.md#no-such-heading: no heading #no-such-heading in docs/services/kafka.md"],
        ["docs/README.md", "../../outside.md", "../../outside.md: leaves the repository"],
        ["README.md", "https://example.com/x.md", ""],
    ])("in %s, %s -> %j", (file, href, expected) => {
        expect(brokenLink(file, href).split(" (has:")[0]).toBe(expected);
    });
});
