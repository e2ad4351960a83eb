/**
 * The plan's "Access path" section (issue 16): per stack, the runner's source, the endpoint the
 * kubeconfig uses and the rule admitting each hop, checked against what the program registered. A hop
 * that nothing admits, or whose admitting resource is not in the plan, fails the stack.
 */
import { plannedAccessPath, type AccessHop, type AccessPath } from "../clouds";
import { parsePlatformSpec } from "../spec";
import type { RecordedResource } from "./engine";
import { readStack } from "./stacks";

/** The rendered section and the hops that have no rule. */
export interface AccessPathCheck {
    readonly markdown: string;
    /** One line per hop nothing admits (empty when the path is complete). */
    readonly missing: readonly string[];
}

function admittedBy(hop: AccessHop, resources: readonly RecordedResource[]): { text: string; ok: boolean } {
    const rule = hop.admittedBy;
    if (rule === undefined) return { text: "**nothing admits this hop**", ok: false };
    if (rule.by === "prerequisite") return { text: `prerequisite: ${rule.setting} (docs/access.md)`, ok: true };
    const found = resources.some((r) => r.type === rule.type && r.name === rule.name);
    const text = found ? `\`${rule.type}\` ${rule.name}: ${rule.setting}` : `**missing**: \`${rule.type}\` ${rule.name} is not in the plan (${rule.setting})`;
    return { text, ok: found };
}

/**
 * Render and check an access path against the recorded resources.
 * @param path the adapter's access path
 * @param resources what the program registered
 */
export function checkAccessPath(path: AccessPath, resources: readonly RecordedResource[]): AccessPathCheck {
    const lines = ["## Access path", "", `mode **${path.mode}**; the kubeconfig talks to the ${path.endpointKind}${path.credentialPlugin !== undefined ? ` through \`${path.credentialPlugin}\`` : ""}.`, "", "| from | to | admitted by |", "|---|---|---|"];
    const missing: string[] = [];
    for (const hop of path.hops) {
        const { text, ok } = admittedBy(hop, resources);
        if (!ok) missing.push(`${hop.from} -> ${hop.to}: ${text.replace(/\*\*/g, "")}`);
        lines.push(`| ${hop.from} | ${hop.to} | ${text} |`);
    }
    if (missing.length > 0) lines.push("", `The path is broken: ${missing.length} hop(s) without a rule.`);
    return { markdown: `${lines.join("\n")}\n`, missing };
}

/**
 * The access-path section of one planned stack.
 * @param stack stack name
 * @param resources what the program registered
 */
export async function accessPathFor(stack: string, resources: readonly RecordedResource[]): Promise<AccessPathCheck> {
    const spec = parsePlatformSpec(readStack(stack).spec);
    return checkAccessPath(await plannedAccessPath(spec), resources);
}
