/**
 * The in-process adapter builds the variant tests use (test/support/adapterHarness.ts `adapterVariant`)
 * record exactly what the program, run as the Pulumi CLI loads it, records for the cluster layer: the same
 * resources with the same URNs, inputs, options and dependencies, for every committed cloud stack. So an
 * adapter branch asserted on such a build is the branch `pulumi up` would take.
 */
import { describe, expect, it } from "vitest";
import { adapterVariant } from "../support/adapterHarness";
import { run, stackSpec, type RecordedResource } from "../support/mocks";

/** The top-level component a recorded resource belongs to: the first type of its URN's qualified type. */
const topLevel = (urn: string): string => urn.split("::")[2]!.split("$")[0]!;

describe.each(["aws-dev", "aws-prod", "gcp-dev", "gcp-prod", "azure-dev", "azure-prod"])("the %s adapter built in-process", (stack) => {
    it("records what the program run records under the adapter component: URNs, inputs, options, dependencies", async () => {
        const built = await adapterVariant(stackSpec(stack), stack);
        const adapter = built.resources[0]!;
        expect(adapter.type).toMatch(/^tristack:(aws|gcp|azure):\w+Cluster$/);
        const program = (await run(stackSpec(stack), { stack })).resources.filter((r) => topLevel(r.urn) === adapter.type);
        const byUrn = (rs: readonly RecordedResource[]) => [...rs].sort((a, b) => a.urn.localeCompare(b.urn));
        // Every field: type, name, URN, parent, custom, inputs (plain and redacted), dependencies, provider,
        // protect, retainOnDelete, ignoreChanges, replaceOnChanges, deleteBeforeReplace.
        expect(byUrn(built.resources)).toEqual(byUrn(program));
    });
});
