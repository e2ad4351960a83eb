import * as pulumi from "@pulumi/pulumi";
import type { DataServiceArgs } from "../dataServiceArgs";

/** Cassandra on the platform. Cloud-blind: everything cloud-specific comes from the ClusterHandle. */
export class Cassandra extends pulumi.ComponentResource {
    /** Client endpoints of the service (in-cluster DNS names). */
    public readonly endpoints: Record<string, pulumi.Input<string>>;

    constructor(name: string, args: DataServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tristack:data:Cassandra", name, {}, opts);
        void args;
        this.endpoints = {};
        this.registerOutputs({ endpoints: this.endpoints });
    }
}
