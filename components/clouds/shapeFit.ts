import type { Cloud } from "../spec/nodeClass";
import { resolveInstanceType, type PoolRequest } from "./catalog";

/**
 * A type with at least this many times the vCPUs a pool's shape asks for is "much larger": within a
 * family the sizes the three clouds sell double (16 → 32 → 64 vCPU), so 1.5 catches a skipped size (a
 * large-core pool asking 32 vCPU gets c7i.16xlarge, 64 vCPU: the catalog lists no 32-vCPU large-core
 * type) and never ordinary rounding.
 */
export const OVERSIZE_VCPU_RATIO = 1.5;
/** The same for memory; 2 because memory-optimised and general families differ by 2x per vCPU by design. */
export const OVERSIZE_MEMORY_RATIO = 2;

/**
 * Warnings (not refusals) for pools the catalog resolves to a type much larger than their shape asks:
 * the pool works, but costs and packs as the larger type. Pools with an explicit type for this cloud,
 * without a shape, or on an existing cluster (the shape is the type) are not judged.
 * @param cloud the target cloud
 * @param pools the spec's pools by name
 */
export function oversizedPools(cloud: Cloud, pools: Readonly<Record<string, PoolRequest>>): string[] {
    if (cloud === "existing") return [];
    const out: string[] = [];
    for (const [name, pool] of Object.entries(pools)) {
        if (!pool.shape || pool.instanceType?.[cloud] !== undefined) continue;
        const resolved = resolveInstanceType(cloud, pool);
        if (!resolved.ok) continue; // the spec refuses it with its own message
        const { type } = resolved;
        const cpu = type.vCpu / pool.shape.vCpu;
        const mem = type.memoryGiB / pool.shape.memoryGiB;
        if (cpu < OVERSIZE_VCPU_RATIO && mem < OVERSIZE_MEMORY_RATIO) continue;
        const factor = cpu >= OVERSIZE_VCPU_RATIO ? `${Number(cpu.toFixed(1))}x the vCPUs` : `${Number(mem.toFixed(1))}x the memory`;
        out.push(
            `node pool ${name} asks for ${pool.shape.vCpu} vCPU / ${pool.shape.memoryGiB} GiB, but the smallest ${cloud} type that fits is ${type.name} (${type.vCpu} vCPU / ${type.memoryGiB} GiB), ${factor}; ` +
                `set nodePools.${name}.shape to what you need from that type, or name a type in nodePools.${name}.instanceType.${cloud}`,
        );
    }
    return out;
}
