import * as pulumi from "@pulumi/pulumi";
import type { PlatformSpec } from "../../spec";
import type { ClusterHandle } from "../clusterHandle";

/** Arguments of {@link AksCluster}. */
export interface AksClusterArgs {
    /** The validated spec. */
    readonly spec: PlatformSpec;
}

/** The azure adapter (being built). */
export class AksCluster extends pulumi.ComponentResource {
    /** The neutral handle. */
    public readonly handle: ClusterHandle;

    constructor(name: string, args: AksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tristack:azure:AksCluster", name, {}, opts);
        void args;
        throw new pulumi.RunError("the azure adapter is not built yet");
    }
}
