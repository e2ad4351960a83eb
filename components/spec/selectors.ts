import type { PoolRole } from "./nodeClass";

/** The minimal view of a spec the selectors need (keeps them usable inside the schema's refinement). */
interface PoolsView {
    readonly nodePools: Readonly<Record<string, { readonly role: PoolRole }>>;
}

/**
 * The first pool (in spec order) with a role, if any.
 * @param spec the spec
 * @param roles acceptable roles, in order of preference
 */
export function firstPoolWithRole(spec: PoolsView, ...roles: PoolRole[]): string | undefined {
    for (const role of roles) {
        const found = Object.entries(spec.nodePools).find(([, p]) => p.role === role);
        if (found) return found[0];
    }
    return undefined;
}

/** Which pools Spark uses, after defaults. */
export interface SparkPools {
    readonly driver?: string;
    readonly executor?: string;
    readonly gpu?: string;
}

/**
 * Spark's pools: explicit choices, else the first general (drivers), first large-core then general
 * (executors) and first gpu pool.
 * @param spec the spec
 */
export function sparkPools(spec: PoolsView & { readonly spark: { driverPool?: string; executorPool?: string; gpuPool?: string } }): SparkPools {
    return {
        driver: spec.spark.driverPool ?? firstPoolWithRole(spec, "general"),
        executor: spec.spark.executorPool ?? firstPoolWithRole(spec, "large-core", "general"),
        gpu: spec.spark.gpuPool ?? firstPoolWithRole(spec, "gpu"),
    };
}

/**
 * The data pool a data service runs on: its explicit `pool`, else the first `data` pool.
 * @param spec the spec
 * @param service the service's block
 */
export function dataPool(spec: PoolsView, service: { readonly pool?: string }): string | undefined {
    return service.pool ?? firstPoolWithRole(spec, "data");
}
