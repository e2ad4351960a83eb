/**
 * The warnings section of report.md: what the program logged with `pulumi.log.warn` (the lines
 * `pulumi up` prints as warnings and still deploys), e.g. a pool resolved to a type much larger than
 * its shape (components/clouds/shapeFit.ts).
 */

/**
 * The "Warnings" section of report.md (empty when there is none).
 * @param warnings the program's warnings, in the order it logged them
 */
export function warningsMarkdown(warnings: readonly string[]): string {
    return warnings.length === 0 ? "" : ["## Warnings", "", ...warnings.map((w) => `- ${w}`), "", ""].join("\n");
}
