import type { PoolHandle } from "../clouds/clusterHandle";
import type { PlatformSpec } from "../spec";
import { dataPool } from "../spec/selectors";
import { dataPodBudget, sizeSparkExecutor, type DataPodBudget, type ExecutorShape } from "./sizing";
import type { NodeAllocatable, Resources } from "./types";

/** One pool's capacity line: what a node offers and what tristack puts on it. */
export interface PoolCapacity {
    readonly pool: string;
    readonly role: string;
    readonly instanceType: string;
    readonly vCpu: number;
    readonly memoryGiB: number;
    readonly allocatable: NodeAllocatable;
    readonly daemonSets: Resources;
    /** Default Spark executor shape (general and large-core pools). */
    readonly sparkExecutor?: ExecutorShape;
    /** One-pod-per-node data service budget (the data pools Kafka/Cassandra use). */
    readonly dataPod?: DataPodBudget & { readonly service: string };
}

/**
 * The capacity picture of a stack: allocatable per pool, the Spark executor shape on every general and
 * large-core pool, and the data pod budget on the pools Kafka and Cassandra use. Published as a stack
 * output so the offline plan and the bench print the same numbers the components use.
 * @param pools the handle's pools
 * @param spec the validated spec
 */
export function capacityReport(pools: Readonly<Record<string, PoolHandle>>, spec: PlatformSpec): PoolCapacity[] {
    const dataServices = new Map<string, string[]>();
    const note = (pool: string | undefined, service: string) => {
        if (pool) dataServices.set(pool, [...(dataServices.get(pool) ?? []), service]);
    };
    if (spec.kafka.enabled) note(dataPool(spec, spec.kafka), "kafka");
    if (spec.cassandra.enabled) note(dataPool(spec, spec.cassandra), "cassandra");
    return Object.values(pools).map((p) => {
        const sparkSized = spec.spark.enabled && (p.role === "general" || p.role === "large-core");
        const services = dataServices.get(p.name);
        return {
            pool: p.name,
            role: p.role,
            instanceType: p.instanceType.name,
            vCpu: p.instanceType.vCpu,
            memoryGiB: p.instanceType.memoryGiB,
            allocatable: p.allocatable,
            daemonSets: p.daemonSetOverhead,
            sparkExecutor: sparkSized ? sizeSparkExecutor(p.allocatable, p.daemonSetOverhead) : undefined,
            dataPod: services ? { ...dataPodBudget(p.allocatable, p.daemonSetOverhead), service: services.join("+") } : undefined,
        };
    });
}
