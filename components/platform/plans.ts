import type { PoolHandle } from "../clouds/clusterHandle";
import { PLATFORM_NAMESPACES, resolveQueues, tenantNamespace, type PlatformSpec } from "../spec";
import { ENVIRONMENT_LABEL } from "./common";
import type { LimitPlan, NamespacePlan, QuotaPlan } from "./namespaces";

/** Size of one Spark scratch claim the `spark` namespace quota makes room for (one per executor), GiB. */
export const SPARK_SCRATCH_CLAIM_GIB = 100;

/** LimitRange defaults in tenant namespaces: memory limit = request (no memory overcommit), no CPU limit (no throttling). */
export const TENANT_LIMITS: LimitPlan = { defaultRequest: { cpu: "250m", memory: "512Mi" }, defaultLimit: { memory: "512Mi" } };
/** LimitRange defaults in platform namespaces (charts set their own; these catch what they leave out). */
export const PLATFORM_LIMITS: LimitPlan = { defaultRequest: { cpu: "100m", memory: "256Mi" }, defaultLimit: { memory: "512Mi" } };

/**
 * The cluster's CPU and memory at full scale, from the spec's neutral pool shapes (maxNodes x shape),
 * so the number is the same on every cloud. Pools without a shape (GPU pools usually) add nothing;
 * only when no pool has a shape do the resolved instance types count instead. Platform namespaces get
 * this as their CPU/memory ceiling: the quota makes the namespace explicit and bounded, and no single
 * service comes near it (each runs on a subset of the pools).
 * @param spec the validated spec
 * @param pools the cluster's pools
 */
export function clusterCeiling(spec: PlatformSpec, pools: Readonly<Record<string, PoolHandle>>): { cpu: number; memoryGiB: number } {
    const sum = (shapeOf: (name: string) => { vCpu: number; memoryGiB: number } | undefined) => {
        let cpu = 0;
        let memoryGiB = 0;
        for (const [name, pool] of Object.entries(spec.nodePools)) {
            const shape = shapeOf(name);
            if (!shape) continue;
            cpu += pool.maxNodes * shape.vCpu;
            memoryGiB += pool.maxNodes * shape.memoryGiB;
        }
        return { cpu: Math.ceil(cpu), memoryGiB: Math.ceil(memoryGiB) };
    };
    const neutral = sum((name) => spec.nodePools[name]?.shape);
    return neutral.cpu > 0 ? neutral : sum((name) => pools[name]?.instanceType);
}

/**
 * GPUs of every GPU pool at full scale (spec GPU count per node times maxNodes).
 * @param spec the validated spec
 */
export function clusterGpus(spec: PlatformSpec): number {
    return Object.values(spec.nodePools).reduce((sum, p) => sum + (p.role === "gpu" ? (p.gpu?.count ?? 0) * p.maxNodes : 0), 0);
}

/**
 * A tenant namespace: PSA restricted, its spec quota (memory limits capped at the memory quota),
 * labelled with its tenant and the spec's environment.
 * @param tenant tenant name
 * @param spec the validated spec
 */
export function tenantPlan(tenant: string, spec: PlatformSpec): NamespacePlan {
    const t = spec.tenants[tenant];
    if (!t) throw new Error(`unknown tenant ${tenant}`);
    // With scheduling on, the compute quota is the queue's borrowing cap: YuniKorn's guarantee and max
    // share capacity, and a ResourceQuota at the guarantee would refuse every borrowed pod (batchScheduler.ts).
    const queue = spec.scheduling.enabled ? resolveQueues(spec).find((x) => x.tenant === tenant) : undefined;
    const q = queue ? { ...t.quota, cpu: queue.max.cpu, memoryGiB: queue.max.memoryGiB, gpu: queue.max.gpu } : t.quota;
    return {
        name: tenantNamespace(tenant),
        role: "tenant",
        podSecurity: "restricted",
        labels: { "tristack.io/tenant": tenant, [ENVIRONMENT_LABEL]: spec.environment },
        quota: { cpu: q.cpu, memoryGiB: q.memoryGiB, limitsMemoryGiB: q.memoryGiB, gpu: q.gpu, pvcs: q.pvcs, storageGiB: q.storageGiB },
        limits: TENANT_LIMITS,
    };
}

/**
 * Whether the platform runs cert-manager: Kafka (its listener certificate and the CA tenants trust) and
 * Cassandra (operator webhooks, prod TLS) need it; a Spark-only platform does not.
 * @param spec the validated spec
 */
export function certManagerNeeded(spec: Pick<PlatformSpec, "kafka" | "cassandra"> & { readonly notebooks?: Pick<PlatformSpec["notebooks"], "enabled" | "tlsSecret"> }): boolean {
    return spec.kafka.enabled || spec.cassandra.enabled || (spec.notebooks?.enabled === true && spec.notebooks.tlsSecret === undefined);
}

/**
 * The platform namespaces of the enabled services (a disabled service gets no namespace), each PSA
 * baseline (audit/warn restricted) with a quota: the cluster ceiling for CPU/memory, GPUs only for
 * `spark`, and claims/storage for twice what the service plans (room for expansion and one rebuild).
 * Each carries the spec's environment ({@link ENVIRONMENT_LABEL}), which the policy pack reads.
 * @param spec the validated spec
 * @param pools the cluster's pools
 */
export function platformPlans(spec: PlatformSpec, pools: Readonly<Record<string, PoolHandle>>): NamespacePlan[] {
    const { cpu, memoryGiB } = clusterCeiling(spec, pools);
    const quota = (gpu: number, pvcs: number, storageGiB: number): QuotaPlan => ({ cpu, memoryGiB, gpu, pvcs, storageGiB });
    const plan = (name: string, role: NamespacePlan["role"], q: QuotaPlan): NamespacePlan => ({ name, role, podSecurity: "baseline", labels: { [ENVIRONMENT_LABEL]: spec.environment }, quota: q, limits: PLATFORM_LIMITS });
    const out: NamespacePlan[] = [];
    if (spec.spark.enabled) {
        const claims = spec.spark.maxExecutors + 10;
        out.push(plan(PLATFORM_NAMESPACES.sparkOperator, "spark-operator", quota(0, 0, 0)));
        out.push(plan(PLATFORM_NAMESPACES.spark, "spark", quota(clusterGpus(spec), claims, claims * SPARK_SCRATCH_CLAIM_GIB)));
    }
    if (spec.kafka.enabled) {
        const k = spec.kafka;
        const volumes = k.brokers * k.volumesPerBroker + k.controllers;
        out.push(plan(PLATFORM_NAMESPACES.kafka, "kafka", quota(0, 2 * volumes, 2 * volumes * k.storageGiB)));
    }
    if (spec.cassandra.enabled) {
        const c = spec.cassandra;
        out.push(plan(PLATFORM_NAMESPACES.cassandra, "cassandra", quota(0, 2 * c.nodes, 2 * c.nodes * c.storageGiB)));
    }
    if (spec.monitoring.enabled) out.push(plan(PLATFORM_NAMESPACES.monitoring, "monitoring", quota(0, 4, 2 * spec.monitoring.storageGiB)));
    if (certManagerNeeded(spec) && spec.certManager.install === "both") out.push(plan(spec.certManager.namespace, "cert-manager", quota(0, 0, 0)));
    return out;
}
