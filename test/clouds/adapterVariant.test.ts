/**
 * The in-process adapter builds the variant tests use (test/support/adapterHarness.ts `adapterVariant`)
 * register exactly what the program, run as the Pulumi CLI loads it, registers for the cluster layer:
 * the same resources, inputs and options, for every committed cloud stack. So an adapter branch asserted
 * on such a build is the branch `pulumi up` would take.
 */
import { describe, expect, it } from "vitest";
import { adapterVariant } from "../support/adapterHarness";
import { run, stackSpec, type RecordedResource } from "../support/mocks";

/** The top-level component a recorded resource belongs to: the first type of its URN's qualified type under the Stack. */
const topLevel = (urn: string): string => urn.split("::")[2]!.split("$").filter((t) => t !== "pulumi:pulumi:Stack")[0]!;

const comparable = (r: RecordedResource) => ({ type: r.type, name: r.name, inputs: r.inputs, redactedInputs: r.redactedInputs, protect: r.protect, retainOnDelete: r.retainOnDelete, ignoreChanges: r.ignoreChanges });

describe.each(["aws-dev", "aws-prod", "gcp-dev", "gcp-prod", "azure-dev", "azure-prod"])("the %s adapter built in-process", (stack) => {
    it("registers what the program run registers under the adapter component, with the same inputs and options", async () => {
        const built = await adapterVariant(stackSpec(stack), stack);
        const adapter = built.resources[0]!;
        expect(adapter.type).toMatch(/^tristack:(aws|gcp|azure):\w+Cluster$/);
        const program = (await run(stackSpec(stack), { stack })).resources.filter((r) => topLevel(r.urn) === adapter.type);
        const key = (r: RecordedResource) => `${r.type} ${r.name}`;
        expect(built.resources.map(key).sort()).toEqual(program.map(key).sort());
        const byKey = new Map(program.map((r) => [key(r), r]));
        for (const r of built.resources) expect(comparable(r), key(r)).toEqual(comparable(byKey.get(key(r))!));
    });
});
