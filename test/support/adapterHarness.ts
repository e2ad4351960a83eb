/**
 * One cloud adapter constructed directly under mocks, for the per-cloud handle tests (so the handle's
 * grantAccess/backupStorage are exercised whatever the data layer calls today): the dev and prod
 * handles of a cloud, what the adapter registered, and helpers to wait for and look up resources.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ClusterHandle } from "../../components/clouds/clusterHandle";
import type { CloudPlanMocks } from "../../components/clouds/planMocks";
import type { PlatformSpec } from "../../components/spec";
import { stackSpec } from "./mocks";

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
