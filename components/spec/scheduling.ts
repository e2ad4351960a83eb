import { z } from "zod";
import type { PoolRole } from "./nodeClass";
import { sparkPools } from "./selectors";

/**
 * The `scheduling` block: Apache YuniKorn in front of Spark (docs/services/scheduling.md has the
 * comparison with Kueue and the evidence). One queue per tenant under `root.tenants`, with a guaranteed
 * share (by default the tenant's quota) and a maximum it may borrow up to; Spark drivers and a minimum
 * set of executors admitted together (gang scheduling). Cross-field rules that need only the spec live
 * here; the capacity rules that need the pools' allocatable run pre-flight
 * (components/platform/batchScheduler.ts `checkSchedulingCapacity`).
 */

/** An amount of CPU, memory and GPUs. */
export const QueueResourcesSpec = z.strictObject({
    /** CPU cores. */
    cpu: z.number().positive().max(100000).optional().describe("CPU cores (requests)."),
    /** Memory, GiB. */
    memoryGiB: z.number().positive().max(1048576).optional().describe("Memory (requests), GiB."),
    /** GPUs (`nvidia.com/gpu`). */
    gpu: z.number().int().min(0).max(10000).optional().describe("GPUs (`nvidia.com/gpu`); more than 0 needs a `gpu` pool."),
});

/** One tenant's queue. The key in `scheduling.queues` is the tenant's name. */
export const TenantQueueSpec = z.strictObject({
    /** Guaranteed share; each unset field defaults to the tenant's quota. */
    guarantee: QueueResourcesSpec.optional().meta({ description: "Guaranteed share: what the queue always gets back, preempting borrowers if needed. Each unset field is the tenant's `quota` (cpu, memoryGiB, gpu).", defaultText: "the tenant's quota" }),
    /** Borrowing cap; each unset field defaults to the Spark pools' capacity. */
    max: QueueResourcesSpec.optional().meta({ description: "Borrowing cap: the most the queue may use when others are idle; at least the guarantee. Each unset field is the Spark pools' capacity at full scale (driver and executor pools' `maxNodes` x `shape`; GPUs of the GPU pool).", defaultText: "the Spark pools' capacity" }),
    /** Priority of the queue against its siblings (`priority.offset`). @default 0 */
    priority: z.number().int().min(-1000).max(1000).default(0).describe("Priority of this tenant's jobs against other tenants' (YuniKorn `priority.offset`): prod teams above ad-hoc ones. Within a tenant, the pods' PriorityClass orders jobs."),
});

/** Gang settings of every Spark application. */
export const GangSpec = z.strictObject({
    /** Executors admitted together with the driver. @default 1 */
    minExecutors: z.number().int().min(0).max(1000).default(1).describe("Executors admitted together with the driver (the gang); also `spark.dynamicAllocation.minExecutors`. The gang must fit the executor pool at `maxNodes` and every tenant's `max`."),
    /** Seconds the scheduler holds a partly placed gang. @default 900 */
    placeholderTimeoutSeconds: z.number().int().min(30).max(86400).default(900).describe("Seconds YuniKorn holds a partly placed gang (its placeholders) before giving up (`placeholderTimeoutInSeconds`)."),
    /** What happens at the timeout. @default "Hard" */
    style: z.enum(["Hard", "Soft"]).default("Hard").describe("At the timeout: `Hard` fails the application (it never half-runs), `Soft` falls back to scheduling pod by pod (`gangSchedulingStyle`)."),
});

/** The scheduling block. */
export const SchedulingSpec = z.strictObject({
    /** Run YuniKorn and route Spark to per-tenant queues. @default false */
    enabled: z.boolean().default(false).describe("Run Apache YuniKorn: one queue per tenant with a guarantee and a borrowing cap, Spark gangs admitted whole; needs `spark.enabled`."),
    /** Gang settings. */
    gang: GangSpec.default({ minExecutors: 1, placeholderTimeoutSeconds: 900, style: "Hard" }).describe("Gang scheduling of Spark applications."),
    /** Per-tenant queue settings, keyed by tenant. @default {} */
    queues: z.record(z.string(), TenantQueueSpec).default({}).describe("Per-tenant queue settings keyed by tenant name; a tenant not listed gets its quota as guarantee and the Spark pools' capacity as cap."),
});

/** The validated scheduling block. */
export type SchedulingSettings = z.output<typeof SchedulingSpec>;
/** A resolved amount (every field set). */
export interface QueueResources {
    readonly cpu: number;
    readonly memoryGiB: number;
    readonly gpu: number;
}

/** What the scheduling rules read from the spec. */
export interface SchedulingDraft {
    readonly nodePools: Readonly<Record<string, { readonly role: PoolRole; readonly maxNodes: number; readonly shape?: { readonly vCpu: number; readonly memoryGiB: number } | undefined; readonly gpu?: { readonly count: number } | undefined }>>;
    readonly tenants: Readonly<Record<string, { readonly quota: { readonly cpu: number; readonly memoryGiB: number; readonly gpu: number } }>>;
    readonly spark: { readonly enabled: boolean; readonly driverPool?: string | undefined; readonly executorPool?: string | undefined; readonly gpuPool?: string | undefined };
    readonly scheduling: SchedulingSettings;
}

/**
 * The Spark pools' capacity at full scale from the spec's neutral shapes (driver and executor pools,
 * each counted once; GPUs of the GPU pool), so it is the same on every cloud. A pool without a shape
 * adds nothing (its CPU/memory is cloud-specific).
 * @param spec the spec
 */
export function sparkPoolsCeiling(spec: Pick<SchedulingDraft, "nodePools" | "spark">): QueueResources {
    const chosen = sparkPools(spec);
    let cpu = 0;
    let memoryGiB = 0;
    for (const name of new Set([chosen.driver, chosen.executor])) {
        const pool = name === undefined ? undefined : spec.nodePools[name];
        if (!pool?.shape) continue;
        cpu += pool.maxNodes * pool.shape.vCpu;
        memoryGiB += pool.maxNodes * pool.shape.memoryGiB;
    }
    const gpuPool = chosen.gpu === undefined ? undefined : spec.nodePools[chosen.gpu];
    return { cpu, memoryGiB, gpu: gpuPool ? gpuPool.maxNodes * (gpuPool.gpu?.count ?? 0) : 0 };
}

/** One tenant's resolved queue. */
export interface ResolvedQueue {
    readonly tenant: string;
    readonly guarantee: QueueResources;
    readonly max: QueueResources;
    readonly priority: number;
    /** Whether each guarantee field came from the tenant's quota (for error paths). */
    readonly fromQuota: Readonly<Record<keyof QueueResources, boolean>>;
}

/**
 * Every tenant's queue with defaults applied: guarantee from the quota, max from the Spark pools' capacity
 * (never below the guarantee when defaulted).
 * @param spec the spec
 */
export function resolveQueues(spec: SchedulingDraft): ResolvedQueue[] {
    const ceiling = sparkPoolsCeiling(spec);
    return Object.entries(spec.tenants).map(([tenant, t]) => {
        const q = spec.scheduling.queues[tenant];
        const g = q?.guarantee;
        const m = q?.max;
        const guarantee = { cpu: g?.cpu ?? t.quota.cpu, memoryGiB: g?.memoryGiB ?? t.quota.memoryGiB, gpu: g?.gpu ?? t.quota.gpu };
        const max = {
            cpu: m?.cpu ?? Math.max(ceiling.cpu, guarantee.cpu),
            memoryGiB: m?.memoryGiB ?? Math.max(ceiling.memoryGiB, guarantee.memoryGiB),
            gpu: m?.gpu ?? Math.max(ceiling.gpu, guarantee.gpu),
        };
        return { tenant, guarantee, max, priority: q?.priority ?? 0, fromQuota: { cpu: g?.cpu === undefined, memoryGiB: g?.memoryGiB === undefined, gpu: g?.gpu === undefined } };
    });
}

type Issue = (path: (string | number)[], message: string, input: unknown) => void;

const RESOURCES = ["cpu", "memoryGiB", "gpu"] as const;

/**
 * Spec-only scheduling rules: Spark on, queues only for tenants, max at least the guarantee, GPU shares
 * only with a GPU pool, guarantees within the Spark pools' neutral capacity. Capacity against the
 * pools' real allocatable is checked pre-flight (batchScheduler.ts).
 * @param spec the parsed spec
 * @param issue reports one problem at a key path
 */
export function checkScheduling(spec: SchedulingDraft, issue: Issue): void {
    const s = spec.scheduling;
    if (!s.enabled) return;
    if (!spec.spark.enabled) issue(["scheduling", "enabled"], "scheduling routes Spark jobs to tenant queues; it needs spark.enabled: true", true);
    for (const name of Object.keys(s.queues)) {
        if (spec.tenants[name] === undefined) issue(["scheduling", "queues", name], `"${name}" is not a tenant; queues exist for: ${Object.keys(spec.tenants).join(", ") || "(no tenants)"}`, name);
    }
    const hasGpuPool = sparkPools(spec).gpu !== undefined;
    const queues = resolveQueues(spec);
    for (const q of queues) {
        const at = (...rest: string[]) => ["scheduling", "queues", q.tenant, ...rest];
        for (const r of RESOURCES) {
            if (q.max[r] < q.guarantee[r]) issue(at("max", r), `the borrowing cap ${q.max[r]} is below the guarantee ${q.guarantee[r]}; max must be at least the guarantee`, q.max[r]);
        }
        if (!hasGpuPool && (q.guarantee.gpu > 0 || (spec.scheduling.queues[q.tenant]?.max?.gpu ?? 0) > 0)) {
            const path = q.guarantee.gpu > 0 ? (q.fromQuota.gpu ? ["tenants", q.tenant, "quota", "gpu"] : at("guarantee", "gpu")) : at("max", "gpu");
            issue(path, "a GPU share needs a gpu pool (nodePools.<name>.role: gpu); the cluster has none, so the share could never be used", q.guarantee.gpu || spec.scheduling.queues[q.tenant]?.max?.gpu);
        }
    }
    const ceiling = sparkPoolsCeiling(spec);
    for (const r of RESOURCES) {
        const sum = queues.reduce((acc, q) => acc + q.guarantee[r], 0);
        const limit = ceiling[r];
        // CPU/memory ceilings of 0 mean "pools without a neutral shape": left to the pre-flight check.
        if (r !== "gpu" && limit === 0) continue;
        if (r === "gpu" && !hasGpuPool) continue;
        if (sum > limit && queues.length > 0) {
            const last = queues[queues.length - 1]!;
            issue(last.fromQuota[r] ? ["tenants", last.tenant, "quota", r] : ["scheduling", "queues", last.tenant, "guarantee", r], `the tenants' guarantees add up to ${sum} ${r}, above the ${limit} the Spark pools hold at maxNodes; lower a guarantee or grow the pools`, sum);
        }
    }
}
