import type { PoolHandle } from "../../clouds/clusterHandle";
import { firstPoolWithRole, POOL_LABEL, ZONE_LABEL, type PlatformSpec, type Taint } from "../../spec";

/**
 * Where the Kafka pieces run, as Strimzi pod templates. Brokers fill the data pool (one per node,
 * spread over zones); KRaft controllers, the entity operator, Cruise Control and Kafka Exporter run on
 * the general pool (or the system pool when there is none). Pure functions over the pool contract.
 */

/** Node label Kubernetes sets to the node's name (the anti-affinity domain "one per node"). */
export const HOSTNAME_LABEL = "kubernetes.io/hostname";

/** A toleration as Kubernetes spells it. */
export interface Toleration {
    readonly key: string;
    readonly operator: "Equal";
    readonly value: string;
    readonly effect: Taint["effect"];
}

/** The `template.pod` fields tristack sets on a Strimzi component. */
export interface PodPlacement {
    readonly affinity: Record<string, unknown>;
    readonly tolerations: Toleration[];
    readonly topologySpreadConstraints?: Record<string, unknown>[];
    readonly priorityClassName: string;
}

/**
 * Tolerations for exactly the taints a pool carries.
 * @param pool the pool
 */
export function tolerationsFor(pool: Pick<PoolHandle, "taints">): Toleration[] {
    return pool.taints.map((t) => ({ key: t.key, operator: "Equal", value: t.value, effect: t.effect }));
}

const requirePool = (pool: string) => ({
    nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: POOL_LABEL, operator: "In", values: [pool] }] }] } },
});

/**
 * Placement of one node pool's Kafka pods: required node affinity to the pool, exactly its
 * tolerations, never two pods of the same Strimzi node pool on one node, and (when the cluster has
 * zones) an even spread over the zones that refuses to stack a zone (`DoNotSchedule`): two replicas
 * in one zone would let a zone outage take a partition below `min.insync.replicas`.
 * @param args cluster name, Strimzi node pool name, target pool, zones, PriorityClass
 * @param args.clusterName the Kafka cluster's name (`strimzi.io/cluster` label)
 * @param args.nodePoolName the KafkaNodePool's name (`strimzi.io/pool-name` label)
 * @param args.pool the node pool the pods run on
 * @param args.zones the cluster's zones (empty: no zone spread)
 * @param args.priorityClassName the pods' PriorityClass
 */
export function nodePoolPlacement(args: {
    readonly clusterName: string;
    readonly nodePoolName: string;
    readonly pool: Pick<PoolHandle, "name" | "taints">;
    readonly zones: readonly string[];
    readonly priorityClassName: string;
}): PodPlacement {
    const selector = { matchLabels: { "strimzi.io/cluster": args.clusterName, "strimzi.io/pool-name": args.nodePoolName } };
    return {
        affinity: {
            ...requirePool(args.pool.name),
            podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: selector, topologyKey: HOSTNAME_LABEL }] },
        },
        tolerations: tolerationsFor(args.pool),
        ...(args.zones.length > 0 ? { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: ZONE_LABEL, whenUnsatisfiable: "DoNotSchedule", labelSelector: selector }] } : {}),
        priorityClassName: args.priorityClassName,
    };
}

/**
 * The pool of the small Kafka pods (KRaft controllers, entity operator, Cruise Control, Kafka
 * Exporter, the operator): the first `general` pool, else the `system` pool. Never the data pool:
 * each broker fills its data node, and a controller there would need a node of its own.
 * @param spec the spec (pool roles)
 * @param pools the cluster's pools
 */
export function controlPool(spec: Pick<PlatformSpec, "nodePools">, pools: Readonly<Record<string, PoolHandle>>): PoolHandle | undefined {
    const name = firstPoolWithRole(spec, "general", "system");
    return name === undefined ? undefined : pools[name];
}

/**
 * Placement of a single-replica helper pod on the control pool (no anti-affinity needed).
 * @param pool the control pool, if any
 * @param priorityClassName the pods' PriorityClass
 */
export function helperPlacement(pool: Pick<PoolHandle, "name" | "taints"> | undefined, priorityClassName: string): PodPlacement {
    return pool ? { affinity: requirePool(pool.name), tolerations: tolerationsFor(pool), priorityClassName } : { affinity: {}, tolerations: [], priorityClassName };
}

/**
 * Helm-style placement (nodeSelector + tolerations) of the operator on the control pool.
 * @param pool the control pool, if any
 */
export function operatorPlacement(pool: Pick<PoolHandle, "name" | "taints"> | undefined): { nodeSelector: Record<string, string>; tolerations: Toleration[] } {
    return pool ? { nodeSelector: { [POOL_LABEL]: pool.name }, tolerations: tolerationsFor(pool) } : { nodeSelector: {}, tolerations: [] };
}
