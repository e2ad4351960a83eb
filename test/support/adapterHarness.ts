/**
 * One cloud adapter constructed directly under mocks, for the per-cloud handle tests (so the handle's
 * grantAccess/backupStorage are exercised whatever the data layer calls today): the dev and prod
 * handles of a cloud, what the adapter registered, and helpers to wait for and look up resources.
 * And {@link adapterVariant}: a spec variant's cluster, built in-process with the offline plan's mocks.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ClusterHandle } from "../../components/clouds/clusterHandle";
import type { CloudPlanMocks } from "../../components/clouds/planMocks";
import { plannedCall, plannedState, recordedResource, type RecordedResource } from "../../components/plan/engine";
import { readProjectSettings, recordingServices } from "../../components/plan/langhost";
import type { PlatformSpec } from "../../components/spec";
import { Recorded, ROOT, stackSpec } from "./mocks";

/** A resource the adapter registered. */
export interface Created {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, unknown>;
}

/**
 * The value of an input, once known.
 * @param o the input
 */
export function unwrap<T>(o: pulumi.Input<T>): Promise<T> {
    return new Promise((resolve) => pulumi.output(o).apply((v) => resolve(v as T)));
}

/**
 * Wait until the resources are registered.
 * @param resources the resources
 */
export async function settle(resources: readonly pulumi.Resource[]): Promise<void> {
    await Promise.all(resources.map((r) => unwrap(r.urn)));
}

/** The dev and prod handles of one cloud and what building them registered. */
export interface AdapterRun {
    readonly dev: ClusterHandle;
    readonly prod: ClusterHandle;
    /** Every resource registered so far (grants made by the tests included). */
    readonly created: readonly Created[];
    /** The one registered resource with this type and name; throws otherwise. */
    one(type: string, name: string): Created;
}

/**
 * Set the mocks and build the adapter for `<cloud>-dev` and `<cloud>-prod`.
 * @param cloud the cloud (stack prefix)
 * @param mocks the cloud's plan mocks (provider outputs and function calls)
 * @param build construct the adapter for a parsed spec and return its handle (import it lazily)
 */
export async function buildAdapter(cloud: "aws" | "gcp" | "azure", mocks: CloudPlanMocks, build: (spec: PlatformSpec) => Promise<ClusterHandle>): Promise<AdapterRun> {
    const created: Created[] = [];
    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                created.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown> });
                return { id: `${args.name}-id`, state: { name: args.name, ...args.inputs, ...mocks.outputs(args.type, args.name, args.inputs) } };
            },
            call(args) {
                return mocks.call(args.token, args.inputs) ?? {};
            },
        },
        "tristack",
        `${cloud}-dev`,
        false,
    );
    const { parsePlatformSpec } = await import("../../components/spec");
    const dev = await build(parsePlatformSpec(stackSpec(`${cloud}-dev`)));
    const prod = await build(parsePlatformSpec(stackSpec(`${cloud}-prod`)));
    return {
        dev,
        prod,
        created,
        one(type, name) {
            const found = created.filter((c) => c.type === type && c.name === name);
            if (found.length !== 1) throw new Error(`expected one ${type} ${name}, found ${found.length}`);
            return found[0]!;
        },
    };
}

/** What the cluster adapter registered for one spec variant, and the handle it gave the layers above. */
export class AdapterVariant extends Recorded {
    constructor(
        resources: readonly RecordedResource[],
        /** The adapter's ClusterHandle (what the program's `pools` output is made from). */
        readonly handle: ClusterHandle,
    ) {
        // Only the cluster layer is built: there are no stack outputs, and the SDK in this process logs
        // warnings to the console. Reading either is a mistake, not an empty answer.
        super({
            resources,
            get outputs(): never {
                throw new Error("an adapter variant has no stack outputs (the program is not run): read `handle`");
            },
            get warnings(): never {
                throw new Error("an adapter variant does not record warnings: read them from a program run");
            },
        });
    }
}

/**
 * Two SDK functions marked @internal but on `pulumi.runtime` at run time: `awaitFeatureSupport` (the handshake a
 * program's Stack makes with its monitor: which features to use on the wire) and `waitForRPCs` (what
 * `pulumi.runtime.disconnect` waits on, without disconnecting). Checked, so an SDK upgrade that moves them fails
 * here by name.
 */
function sdkInternals(): { awaitFeatureSupport(): Promise<void>; waitForRPCs(): Promise<void> } {
    const runtime = pulumi.runtime as unknown as Record<string, unknown>;
    for (const fn of ["awaitFeatureSupport", "waitForRPCs"]) {
        if (typeof runtime[fn] !== "function") throw new Error(`@pulumi/pulumi no longer has runtime.${fn}: test/support/adapterHarness.ts needs another way to build adapters in-process`);
    }
    return runtime as unknown as { awaitFeatureSupport(): Promise<void>; waitForRPCs(): Promise<void> };
}

/** Variants are built one at a time: the SDK's monitor is process-wide. */
let building: Promise<unknown> = Promise.resolve();

/**
 * The cluster layer of a spec variant, built in-process the way the program builds it (the spec parsed, the
 * pre-flight refusals of components/preflight.ts, then `createCluster` in a Stack), against the very
 * recording monitor a program run talks to (components/plan/langhost.ts `recordingServices`, with the
 * plan's canned provider outputs), so resources, URNs, inputs, options and dependencies are recorded by
 * the same code as in a program run (test/clouds/adapterVariant.test.ts compares the two).
 *
 * For tests of one adapter's branches (an existing VPC, a second GPU pool, a private endpoint): the
 * program is not run, so nothing above the cluster exists and the language host's path is not taken.
 * A program run costs a language host of its own (~7 s of CPU, issue 15); the committed stacks, and the
 * variants that need the layers above, still run the program as the CLI loads it (test/support/mocks.ts).
 * @param raw the raw spec, as a stack file holds it
 * @param stack the stack name
 */
export function adapterVariant(raw: Record<string, unknown>, stack: string): Promise<AdapterVariant> {
    const next = building.then(() => buildVariant(raw, stack));
    building = next.catch(() => undefined);
    return next;
}

async function buildVariant(raw: Record<string, unknown>, stack: string): Promise<AdapterVariant> {
    let settled = false;
    const { monitor, recording } = recordingServices({
        projectDir: ROOT,
        stack,
        preview: false,
        mocks: { newResource: plannedState, call: plannedCall },
        onRegister(r) {
            // A resource created after the build settled (inside an apply, say) would be missing from what the
            // test reads, or land in the next build: fail loudly instead.
            if (settled) throw new Error(`${r.type} ${r.name} was registered after the adapter variant settled`);
        },
    });
    // The SDK calls its monitor as a gRPC client does (request, callback); the services take (call, callback).
    const client = Object.fromEntries(Object.entries(monitor).map(([method, handler]) => [method, (request: never, callback: never) => handler({ request }, callback)]));
    const sdk = sdkInternals();
    pulumi.runtime.setMockOptions(client, readProjectSettings(ROOT).name, stack, false);
    await sdk.awaitFeatureSupport();
    const { parsePlatformSpec } = await import("../../components/spec");
    const { createCluster } = await import("../../components/clouds");
    const { preflight } = await import("../../components/preflight");
    // The pre-flight registers nothing: a refusal rejects here, before the Stack exists.
    const spec = parsePlatformSpec(raw);
    await preflight(spec);
    let handle: ClusterHandle | undefined;
    try {
        await pulumi.runtime.runInPulumiStack(async () => {
            handle = await createCluster(spec);
            return {};
        });
        // Until no registration is in flight and none follows (an output resolving can create a resource).
        for (let seen = -1; seen !== recording.registrations.length; ) {
            seen = recording.registrations.length;
            await sdk.waitForRPCs();
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
    } finally {
        // Also after a failed build: what it registers later must not pass unnoticed.
        settled = true;
    }
    const resources = recording.registrations.filter((r) => r.type !== "pulumi:pulumi:Stack").map(recordedResource);
    return new AdapterVariant(resources, handle!);
}
