import type { Cloud, GpuModel, PoolRole } from "../spec/nodeClass";
import { AWS_CATALOG } from "./aws/catalog";
import { AZURE_CATALOG } from "./azure/catalog";
import type { CloudCatalog, InstanceType } from "./catalogTypes";
import { EXISTING_CATALOG } from "./existing/catalog";
import { GCP_CATALOG } from "./gcp/catalog";

export type { CloudCatalog, InstanceType, ZoneStyle, Arch } from "./catalogTypes";

/** The per-cloud catalogs, behind one neutral lookup. */
export const CATALOGS: Record<Cloud, CloudCatalog> = {
    aws: AWS_CATALOG,
    gcp: GCP_CATALOG,
    azure: AZURE_CATALOG,
    existing: EXISTING_CATALOG,
};

/** What the catalog needs to know about a pool to pick its instance type. */
export interface PoolRequest {
    readonly role: PoolRole;
    readonly shape?: { readonly vCpu: number; readonly memoryGiB: number };
    readonly instanceType?: Partial<Record<Cloud, string>>;
    readonly gpu?: { readonly model: GpuModel; readonly count: number };
    readonly localNvme: boolean;
}

/** The outcome of resolving a pool: a type, or why none fits. */
export type Resolution = { readonly ok: true; readonly type: InstanceType } | { readonly ok: false; readonly reason: string };

/**
 * GPU models a cloud offers in the catalog.
 * @param cloud the target cloud
 */
export function gpuModelsOffered(cloud: Cloud): GpuModel[] {
    const models = new Set<GpuModel>();
    for (const t of CATALOGS[cloud].instanceTypes) if (t.gpu) models.add(t.gpu.model);
    return [...models];
}

function byShape(a: InstanceType, b: InstanceType): number {
    return a.vCpu - b.vCpu || a.memoryGiB - b.memoryGiB;
}

/**
 * Pick the instance type for a pool on a cloud: the explicit override if the pool names one for
 * this cloud, otherwise the smallest catalog type of the pool's role that meets its shape and
 * local-NVMe request and carries exactly the GPUs asked for. A type with more GPUs than the request
 * is never picked by shape (paying for 8 GPUs to use 1); a pool that wants it names it in
 * `instanceType.<cloud>`. On `existing` the shape itself becomes a synthetic type.
 * @param cloud the target cloud
 * @param pool the pool's request
 */
export function resolveInstanceType(cloud: Cloud, pool: PoolRequest): Resolution {
    const catalog = CATALOGS[cloud];
    const override = pool.instanceType?.[cloud];
    if (override !== undefined) {
        const found = catalog.instanceTypes.find((t) => t.name === override);
        if (found) return { ok: true, type: found };
        if (cloud === "existing" && pool.shape) {
            return { ok: true, type: syntheticType(override, pool) };
        }
        const known = catalog.instanceTypes.map((t) => t.name).join(", ");
        return { ok: false, reason: `instance type "${override}" is not in the ${cloud} catalog; known types: ${known}` };
    }
    if (cloud === "existing") {
        if (!pool.shape) return { ok: false, reason: "a pool of an existing cluster needs `shape` (vCpu, memoryGiB) so pods can be sized" };
        return { ok: true, type: syntheticType(`custom-${pool.shape.vCpu}cpu-${pool.shape.memoryGiB}gib`, pool) };
    }
    const candidates = catalog.instanceTypes
        .filter((t) => t.roles.includes(pool.role))
        .filter((t) => (pool.gpu ? t.gpu?.model === pool.gpu.model && t.gpu.count === pool.gpu.count : !t.gpu))
        .filter((t) => !pool.shape || (t.vCpu >= pool.shape.vCpu && t.memoryGiB >= pool.shape.memoryGiB))
        .filter((t) => !pool.localNvme || t.localNvme !== undefined)
        .sort(byShape);
    const first = candidates[0];
    if (first) return { ok: true, type: first };
    const wanted = [
        `role ${pool.role}`,
        pool.shape ? `>= ${pool.shape.vCpu} vCPU / ${pool.shape.memoryGiB} GiB` : undefined,
        pool.gpu ? `${pool.gpu.count} x ${pool.gpu.model}` : undefined,
        pool.localNvme ? "local NVMe" : undefined,
    ].filter((s) => s !== undefined);
    const gpu = pool.gpu;
    const larger = gpu ? catalog.instanceTypes.filter((t) => t.roles.includes(pool.role) && t.gpu !== undefined && t.gpu.model === gpu.model && t.gpu.count > gpu.count) : [];
    if (larger.length > 0 && gpu) {
        const names = larger.map((t) => `${t.name} (${t.gpu?.count ?? 0} x ${gpu.model})`).join(", ");
        return {
            ok: false,
            reason: `no ${cloud} instance type carries exactly ${gpu.count} x ${gpu.model}; ${names} carries more GPUs than asked: name it in instanceType.${cloud} to accept it, or ask for its GPU count`,
        };
    }
    const offered = catalog.instanceTypes
        .filter((t) => t.roles.includes(pool.role))
        .map((t) => `${t.name} (${t.vCpu} vCPU/${t.memoryGiB} GiB${t.gpu ? `/${t.gpu.count}x${t.gpu.model}` : ""}${t.localNvme ? "/nvme" : ""})`)
        .join(", ");
    return { ok: false, reason: `no ${cloud} instance type offers ${wanted.join(", ")}; offered for this role: ${offered || "none"}` };
}

function syntheticType(name: string, pool: PoolRequest): InstanceType {
    const shape = pool.shape ?? { vCpu: 0, memoryGiB: 0 };
    return {
        name,
        roles: [pool.role],
        vCpu: shape.vCpu,
        memoryGiB: shape.memoryGiB,
        gpu: pool.gpu,
        localNvme: pool.localNvme ? { disks: 1, diskGiB: 0 } : undefined,
        defaultMaxPods: 110,
    };
}
