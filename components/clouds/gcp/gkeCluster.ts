import * as pulumi from "@pulumi/pulumi";
import type { PlatformSpec } from "../../spec";
import type { ClusterHandle } from "../clusterHandle";

/** Arguments of {@link GkeCluster}. */
export interface GkeClusterArgs {
    /** The validated spec. */
    readonly spec: PlatformSpec;
}

/** The gcp adapter (being built). */
export class GkeCluster extends pulumi.ComponentResource {
    /** The neutral handle. */
    public readonly handle: ClusterHandle;

    constructor(name: string, args: GkeClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tristack:gcp:GkeCluster", name, {}, opts);
        void args;
        throw new pulumi.RunError("the gcp adapter is not built yet");
    }
}
