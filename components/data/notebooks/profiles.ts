import * as pulumi from "@pulumi/pulumi";
import type { PoolHandle } from "../../clouds/clusterHandle";
import { notebookPools, type NotebookProfileName, type PlatformSpec } from "../../spec";

/**
 * The notebook profiles' sizes, from the pools' allocatable: pure functions. A node of the pool must
 * hold the profile's pod next to the pool's DaemonSets, or the server would stay Pending forever; the
 * pre-flight check refuses such a profile naming its key before anything is registered.
 */

/** One sized profile. */
export interface NotebookProfile {
    readonly name: NotebookProfileName;
    /** The pool its servers run on. */
    readonly pool: PoolHandle;
    /** CPU request (the guarantee), millicores. */
    readonly cpuMillis: number;
    /** Memory request and limit, MiB. */
    readonly memoryMiB: number;
    /** GPUs (the GPU profile: 1). */
    readonly gpus: number;
}

/** Share of a node's room (after DaemonSets) the default profiles take. */
export const PROFILE_SHARE: Readonly<Record<"small" | "large", number>> = { small: 1 / 8, large: 1 / 2 };

/**
 * What one node of the pool leaves for pods after its DaemonSets.
 * @param pool the pool
 */
export function nodeRoom(pool: Pick<PoolHandle, "allocatable" | "daemonSetOverhead">): { cpuMillis: number; memoryMiB: number } {
    return { cpuMillis: pool.allocatable.cpuMillis - pool.daemonSetOverhead.cpuMillis, memoryMiB: pool.allocatable.memoryMiB - pool.daemonSetOverhead.memoryMiB };
}

const down = (value: number, step: number) => Math.floor(value / step) * step;

function refuse(message: string, propertyPath: string, reason: string): never {
    throw new pulumi.InputPropertiesError({ message, errors: [{ propertyPath, reason }] });
}

/**
 * Size every profile the spec offers against the pools the cluster will have (`plannedPools` before
 * anything is registered, the handle's pools after). Refuses, naming `notebooks.profiles.<name>.cpu` or
 * `.memoryGiB`, a profile one node of its pool cannot hold.
 * @param pools the cluster's pools
 * @param spec the validated spec (notebooks enabled)
 */
export function notebookProfiles(pools: Readonly<Record<string, PoolHandle>>, spec: PlatformSpec): NotebookProfile[] {
    const chosen = notebookPools(spec);
    const cpuPool = chosen.cpu === undefined ? undefined : pools[chosen.cpu];
    if (!cpuPool) refuse("notebooks have no pool", "notebooks.pool", `pool ${chosen.cpu === undefined ? "(no general pool)" : `"${chosen.cpu}"`} is not a pool of this cluster`);
    const gpuPool = chosen.gpu === undefined ? undefined : pools[chosen.gpu];
    const out: NotebookProfile[] = [];
    const size = (name: NotebookProfileName, pool: PoolHandle, share: number, gpus: number) => {
        const room = nodeRoom(pool);
        const wanted = spec.notebooks.profiles[name];
        const cpuMillis = wanted?.cpu !== undefined ? Math.round(wanted.cpu * 1000) : Math.max(100, down(room.cpuMillis * share, 100));
        const memoryMiB = wanted?.memoryGiB !== undefined ? Math.round(wanted.memoryGiB * 1024) : Math.max(256, down(room.memoryMiB * share, 256));
        const node = `a ${pool.instanceType.name} node of pool "${pool.name}" leaves ${room.cpuMillis}m CPU and ${room.memoryMiB}Mi after its DaemonSets`;
        if (cpuMillis > room.cpuMillis) refuse(`notebook profile "${name}" is larger than its pool`, `notebooks.profiles.${name}.cpu`, `${cpuMillis / 1000} cores do not fit: ${node}`);
        if (memoryMiB > room.memoryMiB) refuse(`notebook profile "${name}" is larger than its pool`, `notebooks.profiles.${name}.memoryGiB`, `${memoryMiB / 1024} GiB do not fit: ${node}`);
        out.push({ name, pool, cpuMillis, memoryMiB, gpus });
    };
    size("small", cpuPool, PROFILE_SHARE.small, 0);
    size("large", cpuPool, PROFILE_SHARE.large, 0);
    if (gpuPool && gpuPool.role === "gpu") size("gpu", gpuPool, 1 / Math.max(1, gpuPool.instanceType.gpu?.count ?? 1), 1);
    else if (spec.notebooks.profiles.gpu !== undefined) refuse("notebook profile \"gpu\" has no GPU pool", "notebooks.profiles.gpu", "the cluster has no gpu pool");
    return out;
}

/**
 * The pre-flight check index.ts runs on the planned pools (as for the data services' sizing).
 * @param pools the pools the adapter will build
 * @param spec the validated spec
 */
export function checkNotebookSizing(pools: Readonly<Record<string, PoolHandle>>, spec: PlatformSpec): void {
    if (spec.notebooks.enabled) notebookProfiles(pools, spec);
}
