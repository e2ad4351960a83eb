import * as pulumi from "@pulumi/pulumi";
import type { DataServiceArgs } from "../dataServiceArgs";

/** Kafka on the platform. Cloud-blind: everything cloud-specific comes from the ClusterHandle. */
export class Kafka extends pulumi.ComponentResource {
    /** Client endpoints of the service (in-cluster DNS names). */
    public readonly endpoints: Record<string, pulumi.Input<string>>;

    constructor(name: string, args: DataServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tristack:data:Kafka", name, {}, opts);
        void args;
        this.endpoints = {};
        this.registerOutputs({ endpoints: this.endpoints });
    }
}
