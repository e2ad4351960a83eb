/**
 * One cloud adapter constructed directly under mocks, for the per-cloud handle tests (so the handle's
 * grantAccess/backupStorage are exercised whatever the data layer calls today): the dev and prod
 * handles of a cloud, what the adapter registered, and helpers to wait for and look up resources.
 * And {@link adapterVariant}: a spec variant's cluster, built in-process with the offline plan's mocks.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ClusterHandle } from "../../components/clouds/clusterHandle";
import type { CloudPlanMocks } from "../../components/clouds/planMocks";
import { plannedCall, plannedState, type RecordedResource } from "../../components/plan/engine";
import { decode } from "../../components/plan/langhost";
import type { PlatformSpec } from "../../components/spec";
import { Recorded, stackSpec } from "./mocks";

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
        super({ resources, outputs: {}, warnings: [] });
    }
}

/** Variants are built one at a time: the SDK's mock monitor is process-wide. */
let building: Promise<unknown> = Promise.resolve();

/**
 * The cluster layer of a spec variant, built in-process the way the program builds it (the spec parsed,
 * the pre-flight refusals of components/preflight.ts, then `createCluster`), with the canned provider outputs the
 * offline plan's resource monitor gives (components/plan/engine.ts `plannedState`/`plannedCall`), and
 * each resource's options (read through a transformation on the adapter component). URNs are not
 * parent-qualified and dependencies are not recorded: read those from a program run.
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
    const registered: { type: string; name: string; custom: boolean; inputs: Record<string, unknown> }[] = [];
    const options = new Map<string, pulumi.CustomResourceOptions>();
    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                registered.push({ type: args.type, name: args.name, custom: args.custom ?? true, inputs: args.inputs as Record<string, unknown> });
                return plannedState(args.type, args.name, args.inputs as Record<string, unknown>);
            },
            call(args) {
                return plannedCall(args.token, args.inputs as Record<string, unknown>);
            },
        },
        "tristack",
        stack,
        false,
    );
    const { parsePlatformSpec } = await import("../../components/spec");
    const { createCluster } = await import("../../components/clouds");
    const { preflight } = await import("../../components/preflight");
    const spec = parsePlatformSpec(raw);
    await preflight(spec);
    const capture: pulumi.ResourceTransformation = (args) => {
        options.set(`${args.type}::${args.name}`, args.opts);
        return undefined;
    };
    const handle = await createCluster(spec, { transformations: [capture] });
    // Waits until every registration has been answered.
    await pulumi.runtime.disconnect();
    const resources = registered.map((r): RecordedResource => {
        const opts = options.get(`${r.type}::${r.name}`) ?? {};
        return {
            type: r.type,
            name: r.name,
            urn: `urn:pulumi:${stack}::tristack::${r.type}::${r.name}`,
            custom: r.custom,
            // Deserialised inputs still mark secrets as on the wire; decoded as the engine records them.
            inputs: decode(r.inputs, "plain") as Record<string, unknown>,
            redactedInputs: decode(r.inputs, "redacted") as Record<string, unknown>,
            dependencies: [],
            protect: opts.protect ?? false,
            retainOnDelete: opts.retainOnDelete ?? false,
            ignoreChanges: opts.ignoreChanges ?? [],
            replaceOnChanges: opts.replaceOnChanges,
            deleteBeforeReplace: opts.deleteBeforeReplace,
        };
    });
    return new AdapterVariant(resources, handle);
}
