import * as pulumi from "@pulumi/pulumi";
import { Cassandra } from "./cassandra";
import type { DataServiceArgs } from "./dataServiceArgs";
import { Kafka } from "./kafka";
import { Spark } from "./spark";

/**
 * The data services the spec enables, composed on the platform: Spark, Kafka, Cassandra.
 * Each is created only when its block says `enabled: true`.
 */
export class DataPlatform extends pulumi.ComponentResource {
    /** Client endpoints of every enabled service, keyed `<service>.<endpoint>`. */
    public readonly endpoints: Record<string, pulumi.Input<string>>;

    constructor(name: string, args: DataServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tristack:data:DataPlatform", name, {}, opts);
        const { spec } = args;
        const child = { parent: this };
        const endpoints: Record<string, pulumi.Input<string>> = {};
        const add = (service: string, e: Record<string, pulumi.Input<string>>) => {
            for (const [k, v] of Object.entries(e)) endpoints[`${service}.${k}`] = v;
        };
        if (spec.spark.enabled) add("spark", new Spark(`${spec.name}-spark`, args, child).endpoints);
        if (spec.kafka.enabled) add("kafka", new Kafka(`${spec.name}-kafka`, args, child).endpoints);
        if (spec.cassandra.enabled) add("cassandra", new Cassandra(`${spec.name}-cassandra`, args, child).endpoints);
        this.endpoints = endpoints;
        this.registerOutputs({ endpoints });
    }
}
