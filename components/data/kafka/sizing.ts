import * as pulumi from "@pulumi/pulumi";
import { dataPodBudget } from "../../capacity/sizing";
import type { Resources } from "../../capacity/types";
import type { PoolHandle } from "../../clouds/clusterHandle";
import { dataPool, type PlatformSpec } from "../../spec";

/**
 * How one Kafka broker fills one data node, and the fixed size of the small pods around it. Pure
 * functions: the component, the plan report and the bench all call {@link kafkaBrokerSizing}.
 */

/**
 * Largest broker heap, MiB (6 GiB). Kafka serves reads from the OS page cache, not the heap; Apache
 * Kafka's operations guide runs brokers with a 6 GB heap, and a bigger one only lengthens GC pauses.
 */
export const MAX_HEAP_MIB = 6 * 1024;
/** Share of the broker container's memory given to the JVM heap; the rest is the page cache Kafka reads from. */
export const BROKER_HEAP_SHARE = 0.5;
/** The smallest broker tristack will size (below this a node is too small to be useful). */
export const MIN_BROKER: Resources = { cpuMillis: 1000, memoryMiB: 2048 };
/** KRaft controller pods (requests = limits): the metadata quorum is small and steady. */
export const CONTROLLER_RESOURCES: Resources = { cpuMillis: 1000, memoryMiB: 2048 };
/** JVM heap of a KRaft controller, MiB. */
export const CONTROLLER_HEAP_MIB = 1024;
/** Persistent volume of a KRaft controller (the metadata log), GiB. */
export const CONTROLLER_STORAGE_GIB = 20;
/** Topic and User Operator containers of the entity operator, each (requests = limits). */
export const ENTITY_OPERATOR_RESOURCES: Resources = { cpuMillis: 200, memoryMiB: 512 };
/** Cruise Control (requests = limits). */
export const CRUISE_CONTROL_RESOURCES: Resources = { cpuMillis: 500, memoryMiB: 1024 };
/** Kafka Exporter (requests = limits). */
export const KAFKA_EXPORTER_RESOURCES: Resources = { cpuMillis: 100, memoryMiB: 128 };

/** The sizing of one broker, for the component, the plan report and the bench. */
export interface KafkaBrokerSizing {
    /** The data pool the brokers run on. */
    readonly pool: string;
    /** Its instance type on this cloud. */
    readonly instanceType: string;
    /** Broker pod CPU (requests = limits), millicores. */
    readonly cpuMillis: number;
    /** Broker pod memory (requests = limits), MiB. */
    readonly memoryMiB: number;
    /** JVM heap (`-Xms` = `-Xmx`), MiB. */
    readonly heapMiB: number;
    /** Share of the node's allocatable CPU the broker requests. */
    readonly cpuPacking: number;
    /** Share of the node's allocatable memory the broker requests. */
    readonly memoryPacking: number;
}

/**
 * The broker's heap: {@link BROKER_HEAP_SHARE} of the container memory, rounded down to 128 MiB and
 * capped at {@link MAX_HEAP_MIB}; the rest stays free for the page cache that serves consumers.
 * @param memoryMiB the broker container's memory
 */
export function brokerHeapMiB(memoryMiB: number): number {
    return Math.min(MAX_HEAP_MIB, Math.floor((memoryMiB * BROKER_HEAP_SHARE) / 128) * 128);
}

/**
 * Size the broker of a pool: exactly one broker per data node, filling the node's budget
 * (allocatable minus DaemonSets minus headroom, see `dataPodBudget`). The broker pod has a single
 * container (the rack init container runs before it and does not add to the pod's request).
 * @param pool the data pool
 */
export function sizeKafkaBroker(pool: Pick<PoolHandle, "name" | "instanceType" | "allocatable" | "daemonSetOverhead">): KafkaBrokerSizing {
    const budget = dataPodBudget(pool.allocatable, pool.daemonSetOverhead);
    if (budget.cpuMillis < MIN_BROKER.cpuMillis || budget.memoryMiB < MIN_BROKER.memoryMiB) {
        throw new pulumi.InputPropertiesError({
            message: `pool "${pool.name}" (${pool.instanceType.name}) is too small for a Kafka broker`,
            errors: [
                {
                    propertyPath: `nodePools.${pool.name}.shape`,
                    reason: `a broker would get ${budget.cpuMillis}m / ${budget.memoryMiB}Mi; it needs at least ${MIN_BROKER.cpuMillis}m / ${MIN_BROKER.memoryMiB}Mi`,
                },
            ],
        });
    }
    return {
        pool: pool.name,
        instanceType: pool.instanceType.name,
        cpuMillis: budget.cpuMillis,
        memoryMiB: budget.memoryMiB,
        heapMiB: brokerHeapMiB(budget.memoryMiB),
        cpuPacking: budget.cpuPacking,
        memoryPacking: budget.memoryPacking,
    };
}

/**
 * The broker sizing of a stack: its data pool (explicit `kafka.pool` or the first data pool) sized by
 * {@link sizeKafkaBroker}.
 * @param cluster the cluster's pools
 * @param spec the validated spec
 */
export function kafkaBrokerSizing(cluster: { readonly pools: Readonly<Record<string, PoolHandle>> }, spec: PlatformSpec): KafkaBrokerSizing {
    const name = dataPool(spec, spec.kafka);
    const pool = name === undefined ? undefined : cluster.pools[name];
    if (!pool) {
        throw new pulumi.InputPropertiesError({
            message: "Kafka has no data pool",
            errors: [{ propertyPath: "kafka.pool", reason: `pool ${name === undefined ? "(none with role data)" : `"${name}"`} is not a pool of this cluster` }],
        });
    }
    return sizeKafkaBroker(pool);
}
