import type { PoolHandle } from "../../clouds/clusterHandle";
import { POOL_LABEL, ZONE_LABEL, firstPoolWithRole, type PlatformSpec, type Taint } from "../../spec";

/**
 * Where the Cassandra pieces run: the Cassandra pods on the data pool (one rack per zone), the
 * operators, Reaper and the keyspace Job on the general pool (or the system pool when there is none).
 * Pure functions over the pool contract; no cloud knowledge.
 */

/** A toleration as Kubernetes spells it. */
export interface TolerationSpec {
    readonly key: string;
    readonly operator: "Equal";
    readonly value: string;
    readonly effect: Taint["effect"];
}

/** One Cassandra rack: a name and the node labels it is pinned to. */
export interface RackSpec {
    /** Rack name (becomes part of the StatefulSet name `<cluster>-<dc>-<rack>-sts`). */
    readonly name: string;
    /** Node labels the rack's pods require (pool, plus the zone when the cluster has zones). */
    readonly nodeAffinityLabels: Readonly<Record<string, string>>;
}

/** Name of the single rack of a cluster without zones. */
export const SINGLE_RACK_NAME = "rack1";

/**
 * Tolerations for exactly the taints a pool carries.
 * @param pool the pool
 */
export function tolerationsFor(pool: Pick<PoolHandle, "taints">): TolerationSpec[] {
    return pool.taints.map((t) => ({ key: t.key, operator: "Equal", value: t.value, effect: t.effect }));
}

/**
 * A rack name from a zone: lowercase letters, digits and '-', starting with a letter
 * (`us-east-1a` stays; Azure's `1` or a one-letter zone `a` becomes `zone-1` / `zone-a`).
 * @param zone the zone label value
 */
export function rackName(zone: string): string {
    const cleaned = zone.toLowerCase().replace(/[^a-z0-9-]/g, "-").replace(/^-+|-+$/g, "");
    // Rack names need at least two characters (CRD) and read best starting with a letter.
    return /^[a-z]/.test(cleaned) && cleaned.length >= 2 ? cleaned : `zone-${cleaned}`;
}

/**
 * The racks of the datacenter: one per zone of the cluster, each pinned to its zone and to the data
 * pool; a single rack pinned to the pool only when the cluster has no zones (existing/local clusters).
 * @param zones the cluster's zones
 * @param pool the data pool's name
 */
export function racksFor(zones: readonly string[], pool: string): RackSpec[] {
    if (zones.length === 0) return [{ name: SINGLE_RACK_NAME, nodeAffinityLabels: { [POOL_LABEL]: pool } }];
    return zones.map((zone) => ({ name: rackName(zone), nodeAffinityLabels: { [ZONE_LABEL]: zone, [POOL_LABEL]: pool } }));
}

/** Placement of the small control pods (operators, Reaper, Jobs). */
export interface ControlPlacement {
    /** Node selector (the chosen pool's label). */
    readonly nodeSelector: Readonly<Record<string, string>>;
    /** Tolerations of that pool's taints. */
    readonly tolerations: TolerationSpec[];
}

/**
 * Where operators, Reaper and Jobs run: the first `general` pool, else the `system` pool (tolerating
 * its taints where the cloud applies them). Never the data pool: it is filled by Cassandra.
 * @param spec the spec (pool roles)
 * @param pools the cluster's pools
 */
export function controlPlacement(spec: Pick<PlatformSpec, "nodePools">, pools: Readonly<Record<string, PoolHandle>>): ControlPlacement {
    const name = firstPoolWithRole(spec, "general", "system");
    const pool = name === undefined ? undefined : pools[name];
    if (!pool) return { nodeSelector: {}, tolerations: [] };
    return { nodeSelector: { [POOL_LABEL]: pool.name }, tolerations: tolerationsFor(pool) };
}
