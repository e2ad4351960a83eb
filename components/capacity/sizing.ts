import type { NodeAllocatable, Resources } from "./types";

/**
 * Pod sizing from a node's allocatable: the default Spark executor shape per pool, and the budget
 * of a one-pod-per-node data service. Pure functions.
 */

/** Spark's floor for executor memory overhead (`spark.executor.minMemoryOverhead`, Spark 4). */
export const SPARK_MIN_MEMORY_OVERHEAD_MIB = 384;
/** Spark's default `spark.executor.memoryOverheadFactor` for JVM jobs. */
export const SPARK_MEMORY_OVERHEAD_FACTOR = 0.1;
/** Executor task slots considered (spark.executor.cores). */
export const EXECUTOR_CORES_RANGE = { min: 2, max: 8 } as const;

/**
 * Executor memory overhead exactly as Spark computes it (`ResourceProfile.calculateOverHeadMemory`):
 * `max((factor * executorMemoryMiB).toInt, minOverhead)`.
 * @param executorMemoryMiB `spark.executor.memory` in MiB
 * @param factor overhead factor
 */
export function sparkMemoryOverheadMiB(executorMemoryMiB: number, factor = SPARK_MEMORY_OVERHEAD_FACTOR): number {
    return Math.max(Math.trunc(factor * executorMemoryMiB), SPARK_MIN_MEMORY_OVERHEAD_MIB);
}

/**
 * The largest `spark.executor.memory` (MiB) whose pod memory (memory + overhead) fits a budget.
 * @param podBudgetMiB memory available to one executor pod
 * @param factor overhead factor
 */
export function maxExecutorMemoryMiB(podBudgetMiB: number, factor = SPARK_MEMORY_OVERHEAD_FACTOR): number {
    let m = Math.floor(podBudgetMiB / (1 + factor));
    while (m > 0 && m + sparkMemoryOverheadMiB(m, factor) > podBudgetMiB) m -= 1;
    while (m + 1 + sparkMemoryOverheadMiB(m + 1, factor) <= podBudgetMiB) m += 1;
    return Math.max(m, 0);
}

/** A Spark executor shape and how it packs one node. */
export interface ExecutorShape {
    /** `spark.executor.cores` (task slots). */
    readonly cores: number;
    /** `spark.kubernetes.executor.request.cores`, millicores. */
    readonly requestCpuMillis: number;
    /** `spark.executor.memory`, MiB. */
    readonly memoryMiB: number;
    /** Memory overhead Spark adds, MiB. */
    readonly overheadMiB: number;
    /** Pod memory request = limit (memory + overhead), MiB. */
    readonly podMemoryMiB: number;
    /** Executors per node. */
    readonly perNode: number;
    /** Share of allocatable CPU the executors request. */
    readonly cpuPacking: number;
    /** Share of allocatable memory the executors request. */
    readonly memoryPacking: number;
    /** min(cpuPacking, memoryPacking). */
    readonly packing: number;
}

/**
 * Pack a node with `perNode` executors of the given pod requests.
 * @param allocatable node allocatable
 * @param perNode executors per node
 * @param requestCpuMillis CPU request of one executor
 * @param podMemoryMiB memory request of one executor
 */
export function packing(allocatable: Resources, perNode: number, requestCpuMillis: number, podMemoryMiB: number): { cpu: number; memory: number; min: number } {
    const cpu = (perNode * requestCpuMillis) / allocatable.cpuMillis;
    const memory = (perNode * podMemoryMiB) / allocatable.memoryMiB;
    return { cpu, memory, min: Math.min(cpu, memory) };
}

/**
 * The executor shape that maximises min(CPU, memory) packing of one node: n executors split what
 * is left after the DaemonSets evenly, with a fractional CPU request and the largest executor memory
 * whose pod (memory + Spark's overhead) fits. Ties go to executors nearest 5 slots.
 * @param allocatable node allocatable
 * @param daemonSets DaemonSet requests on the node
 */
export function sizeSparkExecutor(allocatable: NodeAllocatable, daemonSets: Resources): ExecutorShape {
    const freeCpu = allocatable.cpuMillis - daemonSets.cpuMillis;
    const freeMem = allocatable.memoryMiB - daemonSets.memoryMiB;
    let best: ExecutorShape | undefined;
    const minN = Math.max(1, Math.ceil(freeCpu / (EXECUTOR_CORES_RANGE.max * 1000)));
    const maxN = Math.max(minN, Math.floor(freeCpu / (EXECUTOR_CORES_RANGE.min * 1000)));
    for (let n = minN; n <= maxN; n++) {
        const request = Math.floor(freeCpu / n);
        const memory = maxExecutorMemoryMiB(Math.floor(freeMem / n));
        if (request <= 0 || memory <= 0) continue;
        const overhead = sparkMemoryOverheadMiB(memory);
        const p = packing(allocatable, n, request, memory + overhead);
        const cores = Math.min(EXECUTOR_CORES_RANGE.max, Math.max(1, Math.round(request / 1000)));
        const shape: ExecutorShape = {
            cores,
            requestCpuMillis: request,
            memoryMiB: memory,
            overheadMiB: overhead,
            podMemoryMiB: memory + overhead,
            perNode: n,
            cpuPacking: p.cpu,
            memoryPacking: p.memory,
            packing: p.min,
        };
        const better = !best || shape.packing > best.packing + 1e-9 || (Math.abs(shape.packing - best.packing) <= 1e-9 && Math.abs(shape.cores - 5) < Math.abs(best.cores - 5));
        if (better) best = shape;
    }
    if (!best) throw new Error(`node too small for a Spark executor: ${freeCpu}m / ${freeMem}Mi free after DaemonSets`);
    return best;
}

/** Requests (= limits) of a one-pod-per-node data service pod, and how much of the node it takes. */
export interface DataPodBudget extends Resources {
    /** Share of allocatable CPU. */
    readonly cpuPacking: number;
    /** Share of allocatable memory. */
    readonly memoryPacking: number;
}

/**
 * The deliberate safety margin a data node keeps beside its one data pod: 2% of allocatable, at
 * least 200m / 1 GiB. It absorbs what the model cannot see exactly (the kubelet's memory capacity is
 * estimated from one measured node per cloud, capacity reference §1.4; DaemonSet requests change
 * with add-on updates) and leaves room for short-lived pods (debug, jobs), so the Guaranteed broker
 * or Cassandra pod never stays Pending over the last few MiB.
 */
export const DATA_POD_MARGIN = { share: 0.02, min: { cpuMillis: 200, memoryMiB: 1024 } } as const;

/**
 * The margin {@link DATA_POD_MARGIN} leaves on a node with this allocatable.
 * @param allocatable node allocatable
 */
export function dataPodHeadroom(allocatable: Resources): Resources {
    return {
        cpuMillis: Math.max(DATA_POD_MARGIN.min.cpuMillis, Math.ceil(allocatable.cpuMillis * DATA_POD_MARGIN.share)),
        memoryMiB: Math.max(DATA_POD_MARGIN.min.memoryMiB, Math.ceil(allocatable.memoryMiB * DATA_POD_MARGIN.share)),
    };
}

/**
 * The whole-pod budget of a data service that runs one pod per node (Kafka broker, Cassandra node):
 * allocatable minus DaemonSets minus the safety margin ({@link dataPodHeadroom}), rounded down to 10m / 16Mi.
 * @param allocatable node allocatable
 * @param daemonSets DaemonSet requests on the node
 */
export function dataPodBudget(allocatable: NodeAllocatable, daemonSets: Resources): DataPodBudget {
    const headroom = dataPodHeadroom(allocatable);
    const cpuMillis = Math.floor((allocatable.cpuMillis - daemonSets.cpuMillis - headroom.cpuMillis) / 10) * 10;
    const memoryMiB = Math.floor((allocatable.memoryMiB - daemonSets.memoryMiB - headroom.memoryMiB) / 16) * 16;
    return { cpuMillis, memoryMiB, cpuPacking: cpuMillis / allocatable.cpuMillis, memoryPacking: memoryMiB / allocatable.memoryMiB };
}
