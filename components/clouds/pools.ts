import { daemonSetOverhead, nodeAllocatable } from "../capacity";
import { contractLabels, contractTaints, type PlatformSpec } from "../spec";
import { resolveInstanceType } from "./catalog";
import type { GpuEnablement, PoolHandle } from "./clusterHandle";

/** Per-adapter inputs to {@link poolHandles}. */
export interface PoolHandleOptions {
    /** Who provides GPU drivers/device plugin (decides the DaemonSet overhead on GPU pools). */
    readonly gpu: GpuEnablement;
    /** Whether the system taint is applied on this cloud. */
    readonly systemTaint: boolean;
    /** Host path where the adapter mounts local NVMe for pools that ask for it. */
    readonly localScratchHostPath: string;
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
