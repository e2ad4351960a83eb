/**
 * Generates the policy table of docs/reference/policies.md from the rules' metadata (so the docs cannot
 * drift from the pack). test/policies/docs.test.ts fails when the page is stale; `npm run docs` rewrites it.
 */
import { ENVIRONMENTS, type Enforcement } from "./lib/types";
import { loadPolicyConfig, SETTINGS_KEY } from "./config/schema";
import { RULE_PARAMETERS } from "./config/parameters";
import { RULES } from "./rules";

const SHORT: Record<Enforcement, string> = { mandatory: "M", advisory: "A", disabled: "off" };

/** Marker lines delimiting the generated text inside docs/reference/policies.md. */
export const DOC_BEGIN = "<!-- generated:policies begin (npm run docs) -->";
/** End marker. */
export const DOC_END = "<!-- generated:policies end -->";

/** The repository-relative path of the policy reference page. */
export const POLICY_PAGE = "docs/reference/policies.md";

/** The policy page's generated body (between the markers). */
export function renderPolicyTable(): string {
    const lines = [
        `The CrossGuard pack \`policies/\` (\`tristack-guardrails\`) implements ${RULES.length} rules of the [policy catalogue](policy-catalogue.md), each once with a per-cloud implementation.`,
        "The same rule functions run in `pulumi preview --policy-pack policies --policy-pack-config policies/config/<env>.json` and in `npm run plan` (offline).",
        "Both judge a stack by the spec's `environment`: the plan reads the spec, the pack reads `policy-settings.environment` of the `--policy-pack-config` file, cross-checked against (or, without a file, taken from) the `tristack.io/environment` label the platform puts on every Namespace (never the stack's name), so a stack called `aws-dev-eu` or `local` gets its spec's rules ([how](../policy-pack.md#run)).",
        "Enforcement per environment (M mandatory, A advisory, off) is the default; `policies/config/<env>.json` overrides it (`all`, per-rule `enforcementLevel`), sets parameters and lists waivers",
        "(`policy-settings.waivers`: rule, urn or type+name glob, reason, expiry date; an expired waiver is a mandatory violation). Unset fields are judged by the provider's default; values unknown at preview give an advisory \"cannot decide at preview\".",
        "",
        "| # | rule | severity | dev | staging | prod | covers | parameters | what it guarantees |",
        "|---|---|---|---|---|---|---|---|---|",
    ];
    for (const r of RULES) {
        const params = Object.keys(RULE_PARAMETERS[r.id] ?? {}).map((p) => `\`${p}\``).join(", ");
        lines.push(`| ${r.number} | \`${r.id}\` | ${r.severity} | ${SHORT[r.enforcement.dev]} | ${SHORT[r.enforcement.staging]} | ${SHORT[r.enforcement.prod]} | ${r.scopes.join(", ")} | ${params} | ${r.description.replace(/\|/g, "\\|")} |`);
    }
    lines.push("", "Waivers in force (`policy-settings.waivers` of `policies/config/<env>.json`):", "", "| environments | rule | resource | expires | reason |", "|---|---|---|---|---|");
    const waivers = new Map<string, { envs: string[]; row: string }>();
    for (const env of ENVIRONMENTS) {
        for (const w of loadPolicyConfig(env)[SETTINGS_KEY]?.waivers ?? []) {
            const row = `\`${w.rule}\` | ${w.urn ? `\`${w.urn}\`` : `\`${w.type ?? ""}\` \`${w.name ?? ""}\``} | ${w.expires} | ${w.reason.replace(/\|/g, "\\|")} |`;
            const entry = waivers.get(row) ?? { envs: [], row };
            entry.envs.push(env);
            waivers.set(row, entry);
        }
    }
    for (const { envs, row } of waivers.values()) lines.push(`| ${envs.join(", ")} | ${row}`);
    return lines.join("\n");
}

/**
 * Replace the generated block of the policy page (or insert it right after its placeholder line).
 * @param page text of docs/reference/policies.md
 */
export function updatePolicyPage(page: string): string {
    const block = `${DOC_BEGIN}\n${renderPolicyTable()}\n${DOC_END}`;
    const start = page.indexOf(DOC_BEGIN);
    const end = page.indexOf(DOC_END);
    if (start >= 0 && end > start) return page.slice(0, start) + block + page.slice(end + DOC_END.length);
    const placeholder = "<!-- section:policies -->";
    const at = page.indexOf(placeholder);
    if (at < 0) throw new Error(`${POLICY_PAGE} has neither the generated block nor a <!-- section:policies --> placeholder`);
    const after = at + placeholder.length;
    return `${page.slice(0, after)}\n${block}${page.slice(after)}`;
}

if (require.main === module) {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const fs = require("node:fs") as typeof import("node:fs");
    const path = require("node:path") as typeof import("node:path");
    const file = path.join(__dirname, "..", POLICY_PAGE);
    fs.writeFileSync(file, updatePolicyPage(fs.readFileSync(file, "utf8")));
}
