import { daemonSetOverhead, nodeAllocatable } from "../capacity";
import { contractLabels, contractTaints, type PlatformSpec } from "../spec";
import { resolveInstanceType } from "./catalog";
import type { GpuEnablement, PoolHandle, PoolRack } from "./clusterHandle";

/** Per-adapter inputs to {@link poolHandles}. */
export interface PoolHandleOptions {
    /** Who provides GPU drivers/device plugin (decides the DaemonSet overhead on GPU pools). */
    readonly gpu: GpuEnablement;
    /** Whether the system taint is applied on this cloud. */
    readonly systemTaint: boolean;
    /** Host path where the adapter mounts local NVMe for pools that ask for it. */
    readonly localScratchHostPath: string;
    /**
     * Whether the adapter makes every zone of a data pool its own autoscaling unit
     * ({@link PoolHandle.racks}); false (the default) where it cannot yet (one multi-zone scale set).
     */
    readonly zonalDataPools?: boolean;
}

/**
 * A pool's node bounds split over its zones, the remainder going to the first zones
 * (min 3 / max 6 over 3 zones: 1..2 each; min 1 / max 2 over 2 zones: 1..1 and 0..1).
 * @param zones the zones
 * @param minNodes the pool's minimum
 * @param maxNodes the pool's maximum
 */
export function splitAcrossZones(zones: readonly string[], minNodes: number, maxNodes: number): PoolRack[] {
    const share = (total: number, i: number) => Math.floor(total / zones.length) + (i < total % zones.length ? 1 : 0);
    return zones.map((zone, i) => ({ zone, minNodes: share(minNodes, i), maxNodes: Math.max(1, share(maxNodes, i)) }));
}

/**
 * The neutral view of every spec pool on a cloud: resolved instance type, contract labels/taints,
 * allocatable and DaemonSet overhead. Adapters build their cloud resources from the same values.
 * @param spec the validated spec
 * @param options per-cloud facts the adapter supplies
 */
export function poolHandles(spec: PlatformSpec, options: PoolHandleOptions): Record<string, PoolHandle> {
    const out: Record<string, PoolHandle> = {};
    for (const [name, pool] of Object.entries(spec.nodePools)) {
        const resolved = resolveInstanceType(spec.cloud, pool);
        // The spec's refinement already rejected unresolvable pools; this guards direct callers.
        if (!resolved.ok) throw new Error(`nodePools.${name}: ${resolved.reason}`);
        const type = resolved.type;
        const taints = pool.role === "system" && !options.systemTaint ? [] : contractTaints(pool.role);
        const nvme = pool.localNvme && type.localNvme ? { hostPath: options.localScratchHostPath, sizeGiB: type.localNvme.disks * type.localNvme.diskGiB } : undefined;
        out[name] = {
            name,
            role: pool.role,
            labels: contractLabels(name, pool.role),
            taints,
            instanceType: type,
            capacity: pool.capacity,
            minNodes: pool.minNodes,
            maxNodes: pool.maxNodes,
            racks: options.zonalDataPools === true && pool.role === "data" && spec.zones.length > 0 ? splitAcrossZones(spec.zones, pool.minNodes, pool.maxNodes) : undefined,
            allocatable: nodeAllocatable(spec.cloud, type, pool.maxPods),
            daemonSetOverhead: daemonSetOverhead({
                cloud: spec.cloud,
                gpu: type.gpu !== undefined,
                monitoring: spec.monitoring.enabled,
                installsDevicePlugin: !options.gpu.devicePluginProvidedByCloud,
            }),
            localScratch: nvme,
        };
    }
    return out;
}
