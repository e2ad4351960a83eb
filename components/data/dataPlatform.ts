import * as pulumi from "@pulumi/pulumi";
import type { PoolHandle } from "../clouds/clusterHandle";
import type { PlatformSpec } from "../spec";
import { Cassandra } from "./cassandra";
import { cassandraNodeSizing } from "./cassandra/sizing";
import type { DataServiceArgs } from "./dataServiceArgs";
import { Kafka, kafkaBrokerSizing } from "./kafka";
import { Spark } from "./spark";
import { sparkSizingTable } from "./spark/sizing";

/**
 * Size every enabled data service against the pools the cluster will have, so that a pool too small
 * for a broker or a Cassandra pod is refused, naming the key, before anything is registered. The
 * services size themselves again from the real handle; this runs the same checks first.
 * @param pools the pools the adapter will build (`plannedPools`)
 * @param spec the validated spec
 */
export function checkDataServiceSizing(pools: Readonly<Record<string, PoolHandle>>, spec: PlatformSpec): void {
    const cluster = { pools };
    if (spec.kafka.enabled) kafkaBrokerSizing(cluster, spec);
    if (spec.cassandra.enabled) cassandraNodeSizing(cluster, spec);
    if (spec.spark.enabled) sparkSizingTable(cluster, spec);
}

/**
 * The data services the spec enables, composed on the platform: Spark, Kafka, Cassandra.
 * Each is created only when its block says `enabled: true`.
 */
export class DataPlatform extends pulumi.ComponentResource {
    /** Client endpoints of every enabled service, keyed `<service>.<endpoint>`. */
    public readonly endpoints: Record<string, pulumi.Input<string>>;
    /** The spark-operator release, when Spark is on (the SparkConnect CRD the notebooks need). */
    public readonly sparkOperator?: pulumi.Resource;

    constructor(name: string, args: DataServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tristack:data:DataPlatform", name, {}, opts);
        const { spec } = args;
        const child = { parent: this };
        const endpoints: Record<string, pulumi.Input<string>> = {};
        const add = (service: string, e: Record<string, pulumi.Input<string>>) => {
            for (const [k, v] of Object.entries(e)) endpoints[`${service}.${k}`] = v;
        };
        if (spec.spark.enabled) {
            const spark = new Spark(`${spec.name}-spark`, args, child);
            add("spark", spark.endpoints);
            this.sparkOperator = spark.operator;
        }
        if (spec.kafka.enabled) add("kafka", new Kafka(`${spec.name}-kafka`, args, child).endpoints);
        if (spec.cassandra.enabled) add("cassandra", new Cassandra(`${spec.name}-cassandra`, args, child).endpoints);
        this.endpoints = endpoints;
        this.registerOutputs({ endpoints });
    }
}
