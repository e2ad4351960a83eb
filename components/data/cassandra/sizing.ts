import * as pulumi from "@pulumi/pulumi";
import { dataPodBudget } from "../../capacity/sizing";
import type { Resources } from "../../capacity/types";
import type { PoolHandle } from "../../clouds/clusterHandle";
import { dataPool, type PlatformSpec } from "../../spec";

/**
 * How one Cassandra pod fills one data node: the whole-pod budget from the capacity module, split
 * exactly over the Cassandra container and its sidecars, and the JVM heap. Pure functions.
 */

/** The `server-system-logger` sidecar cass-operator adds to every Cassandra pod (requests = limits). */
export const SYSTEM_LOGGER_RESOURCES: Resources = { cpuMillis: 100, memoryMiB: 128 };
/** The `server-config-init` init container (config builder); init containers do not add to the pod total. */
export const SERVER_CONFIG_INIT_RESOURCES: Resources = { cpuMillis: 500, memoryMiB: 512 };
/** Heap of the Management API agent that runs inside the Cassandra container, MiB. */
export const MGMT_API_HEAP_MIB = 128;
/** Largest JVM heap that keeps compressed object pointers, MiB (31 GiB). */
export const MAX_HEAP_MIB = 31 * 1024;
/** Share of the pod budget given to the Medusa sidecar, bounded by {@link MEDUSA_BOUNDS}. */
export const MEDUSA_SHARE = 0.05;
/** Lower and upper bounds of the Medusa sidecar (requests = limits). */
export const MEDUSA_BOUNDS = { min: { cpuMillis: 200, memoryMiB: 512 }, max: { cpuMillis: 1000, memoryMiB: 4096 } } as const;
/** The smallest Cassandra container tristack will size (below this a node is too small to be useful). */
export const MIN_CASSANDRA_CONTAINER: Resources = { cpuMillis: 1000, memoryMiB: 2048 };

/** The containers of one Cassandra pod and what each gets (requests = limits). */
export interface CassandraPodSplit {
    /** The `cassandra` container (Cassandra + Management API). */
    readonly cassandra: Resources;
    /** The `server-system-logger` sidecar. */
    readonly systemLogger: Resources;
    /** The `medusa` sidecar, when backups are on. */
    readonly medusa?: Resources;
}

/** The sizing of one Cassandra node, for the component, the plan report and the bench. */
export interface CassandraNodeSizing {
    /** The data pool Cassandra runs on. */
    readonly pool: string;
    /** Its instance type on this cloud. */
    readonly instanceType: string;
    /** Whole-pod CPU (sum of the containers), millicores. */
    readonly cpuMillis: number;
    /** Whole-pod memory (sum of the containers), MiB. */
    readonly memoryMiB: number;
    /** JVM heap of Cassandra (`-Xms` = `-Xmx`), MiB. */
    readonly heapMiB: number;
    /** Share of the node's allocatable CPU the pod requests. */
    readonly cpuPacking: number;
    /** Share of the node's allocatable memory the pod requests. */
    readonly memoryPacking: number;
    /** Per-container split of the pod. */
    readonly containers: CassandraPodSplit;
    /** Init containers (each at most the pod total, so they do not raise the pod's effective request). */
    readonly initContainers: { readonly serverConfig: Resources; readonly medusaRestore?: Resources };
}

const floorTo = (value: number, step: number) => Math.floor(value / step) * step;
const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/**
 * The Medusa sidecar's share of a pod budget: {@link MEDUSA_SHARE} of it, within {@link MEDUSA_BOUNDS},
 * rounded down to 10m / 16Mi.
 * @param budget the whole-pod budget
 */
export function medusaResources(budget: Resources): Resources {
    return {
        cpuMillis: floorTo(clamp(budget.cpuMillis * MEDUSA_SHARE, MEDUSA_BOUNDS.min.cpuMillis, MEDUSA_BOUNDS.max.cpuMillis), 10),
        memoryMiB: floorTo(clamp(budget.memoryMiB * MEDUSA_SHARE, MEDUSA_BOUNDS.min.memoryMiB, MEDUSA_BOUNDS.max.memoryMiB), 16),
    };
}

/**
 * Split a whole-pod budget over the Cassandra pod's containers so that they sum to it exactly:
 * the sidecars get their fixed or proportional share, Cassandra gets the rest.
 * @param budget the whole-pod budget (requests = limits)
 * @param withMedusa whether the Medusa sidecar runs (backups on)
 */
export function splitCassandraPod(budget: Resources, withMedusa: boolean): CassandraPodSplit {
    const medusa = withMedusa ? medusaResources(budget) : undefined;
    const sidecars = [SYSTEM_LOGGER_RESOURCES, ...(medusa ? [medusa] : [])];
    const cassandra = {
        cpuMillis: budget.cpuMillis - sidecars.reduce((s, r) => s + r.cpuMillis, 0),
        memoryMiB: budget.memoryMiB - sidecars.reduce((s, r) => s + r.memoryMiB, 0),
    };
    return { cassandra, systemLogger: SYSTEM_LOGGER_RESOURCES, ...(medusa ? { medusa } : {}) };
}

/**
 * Cassandra's JVM heap for a container: half of the container's memory (the rest is off-heap
 * memtables, bloom filters, the Management API and the page cache), rounded down to 128 MiB and
 * capped at 31 GiB so the JVM keeps compressed object pointers.
 * @param containerMemoryMiB memory of the `cassandra` container
 */
export function cassandraHeapMiB(containerMemoryMiB: number): number {
    return Math.min(MAX_HEAP_MIB, floorTo(containerMemoryMiB / 2, 128));
}

/**
 * Size the Cassandra pod of a pool: exactly one pod per data node, filling the node's budget
 * (allocatable minus DaemonSets minus headroom, see `dataPodBudget`).
 * @param pool the data pool
 * @param withMedusa whether the Medusa sidecar runs
 */
export function sizeCassandraPod(pool: Pick<PoolHandle, "name" | "instanceType" | "allocatable" | "daemonSetOverhead">, withMedusa: boolean): CassandraNodeSizing {
    const budget = dataPodBudget(pool.allocatable, pool.daemonSetOverhead);
    const containers = splitCassandraPod(budget, withMedusa);
    if (containers.cassandra.cpuMillis < MIN_CASSANDRA_CONTAINER.cpuMillis || containers.cassandra.memoryMiB < MIN_CASSANDRA_CONTAINER.memoryMiB) {
        throw new pulumi.InputPropertiesError({
            message: `pool "${pool.name}" (${pool.instanceType.name}) is too small for a Cassandra node`,
            errors: [
                {
                    propertyPath: `nodePools.${pool.name}.shape`,
                    reason: `the Cassandra container would get ${containers.cassandra.cpuMillis}m / ${containers.cassandra.memoryMiB}Mi; it needs at least ${MIN_CASSANDRA_CONTAINER.cpuMillis}m / ${MIN_CASSANDRA_CONTAINER.memoryMiB}Mi`,
                },
            ],
        });
    }
    return {
        pool: pool.name,
        instanceType: pool.instanceType.name,
        cpuMillis: budget.cpuMillis,
        memoryMiB: budget.memoryMiB,
        heapMiB: cassandraHeapMiB(containers.cassandra.memoryMiB),
        cpuPacking: budget.cpuPacking,
        memoryPacking: budget.memoryPacking,
        containers,
        initContainers: { serverConfig: SERVER_CONFIG_INIT_RESOURCES, ...(containers.medusa ? { medusaRestore: containers.medusa } : {}) },
    };
}

/**
 * The Cassandra node sizing of a stack: its data pool (explicit `cassandra.pool` or the first data
 * pool) sized by {@link sizeCassandraPod}, with Medusa when backups are on.
 * @param cluster the cluster's pools
 * @param spec the validated spec
 */
export function cassandraNodeSizing(cluster: { readonly pools: Readonly<Record<string, PoolHandle>> }, spec: PlatformSpec): CassandraNodeSizing {
    const name = dataPool(spec, spec.cassandra);
    const pool = name === undefined ? undefined : cluster.pools[name];
    if (!pool) {
        throw new pulumi.InputPropertiesError({
            message: "Cassandra has no data pool",
            errors: [{ propertyPath: "cassandra.pool", reason: `pool ${name === undefined ? "(none with role data)" : `"${name}"`} is not a pool of this cluster` }],
        });
    }
    return sizeCassandraPod(pool, spec.cassandra.backups.enabled);
}
