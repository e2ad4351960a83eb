/**
 * Warnings the offline plan lists in report.md before the policy section: what `pulumi up` prints as
 * warnings and still deploys (today: pools resolved to a type much larger than their shape).
 */
import { oversizedPools } from "../clouds/shapeFit";
import { parsePlatformSpec } from "../spec";

/**
 * The warnings of a stack's spec.
 * @param rawSpec the stack's `tristack:spec` (already accepted by the program run)
 */
export function specWarnings(rawSpec: unknown): string[] {
    const spec = parsePlatformSpec(rawSpec);
    return oversizedPools(spec.cloud, spec.nodePools);
}

/**
 * The "Warnings" section of report.md (empty when there is none).
 * @param warnings the warnings
 */
export function warningsMarkdown(warnings: readonly string[]): string {
    return warnings.length === 0 ? "" : ["## Warnings", "", ...warnings.map((w) => `- ${w}`), "", ""].join("\n");
}
