import type { PoolRole } from "../spec/nodeClass";

/**
 * The roles whose pools run the platform's controllers (monitoring, cert-manager, the operators): the
 * node affinity of components/platform/common.ts controlPlacement requires one of these. Where a cloud
 * creates one node pool at a time per cluster (GKE, AKS: components/plan/deployEstimate.ts
 * SERIALISATION_RULES), the adapters create these pools first and the others after them, so the
 * platform's releases install while the data, GPU and batch pools are still being created (issue 25).
 */
export const CONTROL_POOL_ROLES: readonly PoolRole[] = Object.freeze(["system", "general"]);

/**
 * Whether a pool runs the platform's controllers.
 * @param pool the pool's role
 */
export function isControlPool(pool: { readonly role: PoolRole }): boolean {
    return CONTROL_POOL_ROLES.includes(pool.role);
}
