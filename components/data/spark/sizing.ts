import type { ClusterHandle, PoolHandle } from "../../clouds/clusterHandle";
import { maxExecutorMemoryMiB, packing, sizeSparkExecutor, sparkMemoryOverheadMiB, type ExecutorShape } from "../../capacity";
import { sparkPools, type PlatformSpec } from "../../spec";
import type { PoolRole } from "../../spec/nodeClass";

/**
 * Executor shapes per pool, from the pool's allocatable through the capacity module (which does
 * Spark's own overhead arithmetic). Pure functions: the plan report and the bench call them too.
 */

/** Spark settings that give one executor exactly the pod the capacity module computed. */
export type SparkConf = Readonly<Record<string, string>>;

/** The driver every application gets by default: one core, 2 GiB heap (+ Spark's 384 MiB floor overhead). */
export const DRIVER_SHAPE = { cores: 1, requestCpuMillis: 1000, memoryMiB: 2048 } as const;

/**
 * The CPU executor shape of a pool (general or large-core): the min(CPU, memory) packing optimum.
 * @param pool the pool
 */
export function executorShape(pool: Pick<PoolHandle, "allocatable" | "daemonSetOverhead">): ExecutorShape {
    return sizeSparkExecutor(pool.allocatable, pool.daemonSetOverhead);
}

/**
 * The GPU executor shape of a GPU pool: one executor per GPU, splitting what the DaemonSets leave
 * evenly, with the largest heap whose pod (heap + Spark's overhead) fits.
 * @param pool the GPU pool
 */
export function gpuExecutorShape(pool: Pick<PoolHandle, "allocatable" | "daemonSetOverhead" | "instanceType">): ExecutorShape & { readonly gpus: number } {
    const gpus = pool.instanceType.gpu?.count ?? 1;
    const requestCpuMillis = Math.floor((pool.allocatable.cpuMillis - pool.daemonSetOverhead.cpuMillis) / gpus);
    const memoryMiB = maxExecutorMemoryMiB(Math.floor((pool.allocatable.memoryMiB - pool.daemonSetOverhead.memoryMiB) / gpus));
    const overheadMiB = sparkMemoryOverheadMiB(memoryMiB);
    const p = packing(pool.allocatable, gpus, requestCpuMillis, memoryMiB + overheadMiB);
    return {
        cores: Math.max(1, Math.floor(requestCpuMillis / 1000)),
        requestCpuMillis,
        memoryMiB,
        overheadMiB,
        podMemoryMiB: memoryMiB + overheadMiB,
        perNode: gpus,
        cpuPacking: p.cpu,
        memoryPacking: p.memory,
        packing: p.min,
        gpus,
    };
}

/**
 * Spark settings for an executor shape. The overhead is set explicitly to the value Spark's own
 * default factor would give, so the pod request is exactly memory + overhead either way.
 * @param shape the shape
 */
export function executorConf(shape: Pick<ExecutorShape, "cores" | "requestCpuMillis" | "memoryMiB" | "overheadMiB">): SparkConf {
    return {
        "spark.executor.cores": String(shape.cores),
        "spark.kubernetes.executor.request.cores": `${shape.requestCpuMillis}m`,
        "spark.executor.memory": `${shape.memoryMiB}m`,
        "spark.executor.memoryOverhead": `${shape.overheadMiB}m`,
    };
}

/**
 * The default executor settings of a pool (`spark.executor.cores`, request cores, memory, overhead).
 * @param pool the pool
 */
export function sparkExecutorDefaults(pool: Pick<PoolHandle, "allocatable" | "daemonSetOverhead">): SparkConf {
    return executorConf(executorShape(pool));
}

/** One row of the sizing table. */
export interface SparkSizingRow {
    /** Pool name. */
    readonly pool: string;
    /** Pool role. */
    readonly role: PoolRole;
    /** What Spark uses the pool for (`executor`, `driver`, `gpu-executor`, or `available`: sized but not the default). */
    readonly use: "executor" | "driver" | "driver+executor" | "gpu-executor" | "available";
    /** Resolved instance type. */
    readonly instanceType: string;
    /** `spark.executor.cores`. */
    readonly cores: number;
    /** `spark.kubernetes.executor.request.cores`, millicores. */
    readonly requestCpuMillis: number;
    /** `spark.executor.memory`, MiB. */
    readonly memoryMiB: number;
    /** `spark.executor.memoryOverhead`, MiB. */
    readonly overheadMiB: number;
    /** Executors per node. */
    readonly perNode: number;
    /** Share of allocatable CPU the executors request. */
    readonly cpuPacking: number;
    /** Share of allocatable memory the executors request. */
    readonly memoryPacking: number;
}

/**
 * The executor shape and packing of every general, large-core and (Spark's) GPU pool of a cluster.
 * @param cluster the cluster handle (pools with allocatable)
 * @param spec the spec (which pools Spark uses)
 */
export function sparkSizingTable(cluster: Pick<ClusterHandle, "pools">, spec: PlatformSpec): SparkSizingRow[] {
    const chosen = sparkPools(spec);
    const rows: SparkSizingRow[] = [];
    for (const pool of Object.values(cluster.pools)) {
        if (pool.role !== "general" && pool.role !== "large-core" && !(pool.role === "gpu" && pool.name === chosen.gpu)) continue;
        const gpu = pool.role === "gpu";
        const shape = gpu ? gpuExecutorShape(pool) : executorShape(pool);
        const isDriver = pool.name === chosen.driver;
        const isExecutor = pool.name === chosen.executor;
        const use = gpu ? "gpu-executor" : isDriver && isExecutor ? "driver+executor" : isExecutor ? "executor" : isDriver ? "driver" : "available";
        rows.push({
            pool: pool.name,
            role: pool.role,
            use,
            instanceType: pool.instanceType.name,
            cores: shape.cores,
            requestCpuMillis: shape.requestCpuMillis,
            memoryMiB: shape.memoryMiB,
            overheadMiB: shape.overheadMiB,
            perNode: shape.perNode,
            cpuPacking: shape.cpuPacking,
            memoryPacking: shape.memoryPacking,
        });
    }
    return rows;
}
