import type { PoolHandle } from "../../clouds/clusterHandle";
import { POOL_LABEL, ROLE_LABEL, type Taint } from "../../spec";

/**
 * Where Spark pods go, from the pool contract only: node affinity on `tristack.io/pool` and
 * tolerations for exactly the pool's taints. Pure functions.
 */

/** A toleration as Kubernetes spells it. */
export interface Toleration {
    readonly key: string;
    readonly operator: "Equal";
    readonly value: string;
    readonly effect: Taint["effect"];
}

/** One `In` match expression on a node label. */
export interface MatchExpression {
    readonly key: string;
    readonly operator: "In";
    readonly values: readonly [string];
}

/** Required node affinity on one pool (and its role, which the policy pack reads). */
export interface PoolAffinity {
    readonly nodeAffinity: {
        readonly requiredDuringSchedulingIgnoredDuringExecution: {
            readonly nodeSelectorTerms: readonly [{ readonly matchExpressions: readonly [MatchExpression, MatchExpression] }];
        };
    };
}

/**
 * Tolerations for exactly the taints a pool carries (none for general/large-core pools).
 * @param pool the pool
 */
export function tolerationsFor(pool: Pick<PoolHandle, "taints">): Toleration[] {
    return pool.taints.map((t) => ({ key: t.key, operator: "Equal", value: t.value, effect: t.effect }));
}

/**
 * Required node affinity to the pool's nodes: `tristack.io/pool In [<pool>]` and
 * `tristack.io/role In [<role>]` in one term (both labels are on every node of the pool).
 * @param pool the pool
 */
export function affinityFor(pool: Pick<PoolHandle, "name" | "role">): PoolAffinity {
    return {
        nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                    {
                        matchExpressions: [
                            { key: POOL_LABEL, operator: "In", values: [pool.name] },
                            { key: ROLE_LABEL, operator: "In", values: [pool.role] },
                        ],
                    },
                ],
            },
        },
    };
}

/** Placement of the small platform pods (operator controller and webhook). */
export interface ControlPlacement {
    readonly pool: string;
    readonly nodeSelector: Readonly<Record<string, string>>;
    readonly tolerations: readonly Toleration[];
}

/**
 * The operator's pods go to the system pool (tolerating its taint), else the driver pool.
 * @param pools the cluster's pools
 * @param preferred pool names in order of preference
 */
export function controlPlacement(pools: Readonly<Record<string, PoolHandle>>, preferred: readonly (string | undefined)[]): ControlPlacement | undefined {
    for (const name of preferred) {
        const pool = name === undefined ? undefined : pools[name];
        if (pool) return { pool: pool.name, nodeSelector: { [POOL_LABEL]: pool.name }, tolerations: tolerationsFor(pool) };
    }
    return undefined;
}
