import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { stringify } from "yaml";
import { sizeSparkExecutor } from "../capacity";
import type { ClusterHandle, PoolHandle } from "../clouds/clusterHandle";
import { PLATFORM_NAMESPACES, resolveQueues, sparkPools, tenantNamespace, type PlatformSpec, type QueueResources, type ResolvedQueue } from "../spec";
import { controlPlacement, PLATFORM_LABELS } from "./common";
import { webhookCallerPeer } from "./networkPolicies";
import type { PlatformHandle } from "./platformHandle";
import { PLATFORM_VERSIONS } from "./versions";

/**
 * Apache YuniKorn as the batch scheduler of Spark (issue 27; docs/services/scheduling.md has the choice
 * against Kueue and every source). Cloud-blind: the queues come from the spec alone (tenant quotas and
 * the pools' neutral shapes), so the objects are the same on every cloud.
 *
 * - The chart `yunikorn` 1.9.0 (apache/yunikorn-release `helm-charts/yunikorn`, published at
 *   https://apache.github.io/yunikorn-release; its release tool pins the images to `*-1.9.0`,
 *   release-tools/build-release.py; the pin and its sources are in ./versions.ts). It ships no CRDs: queues and admission settings are
 *   ConfigMaps: `yunikorn-defaults`, rendered by the chart from `yunikornDefaults`, which carries the queues
 *   here, so a new tenant is a Helm upgrade in place (a Pulumi-owned ConfigMap would be replaced on every data
 *   change, deleting the queues for a moment); `yunikorn-configs` stays unmanaged, the operators' override
 *   ("If a setting is present in both ConfigMaps, the yunikorn-configs setting will override",
 *   yunikorn-site docs/user_guide/service_config.md).
 * - It runs in the `spark-operator` namespace (PSA baseline), so the admission controller must leave the
 *   host network, its chart default (`admissionController.hostNetwork: true`, values.yaml), which baseline refuses.
 * - Queues: `root.tenants.team-<name>` per tenant with `guaranteed` and `max`; `root.platform.<ns>` for
 *   the `spark` namespace. Placement is by namespace only (`tag` rule on `namespace`, no `provided` rule), so
 *   a pod's `queue` label cannot move a job into another tenant's queue.
 * - Enforcement for pods the program never sees: the embedded admission controller gives every pod in the
 *   Spark namespaces `schedulerName: yunikorn` (`admissionController.filtering.processNamespaces`,
 *   yunikorn-site docs/user_guide/service_config.md).
 */

/**
 * The gang placeholder pod YuniKorn's shim creates in the application's namespace, one per gang member,
 * before the real pods (apache/yunikorn-k8shim v1.9.0 pkg/cache/placeholder.go `newPlaceholder`, hardened by
 * YUNIKORN-3132, 9f44327; 1.8.0 set only `runAsUser: 1000, runAsGroup: 3000`, which Pod Security
 * `restricted` on the tenant namespaces refuses, so the shim fell back to scheduling the application pod by
 * pod, pkg/cache/application.go). The image is the shim's default `registry.k8s.io/pause:3.7`
 * (pkg/common/constants), which runs as user 65535 since pause 3.5 (kubernetes build/pause/CHANGELOG.md), so
 * `runAsNonRoot` without a `runAsUser` holds. Requests = limits = the task group's minimum, so the tenant
 * quota's `limits.memory` is satisfied. `shim` is the release this was read from: a pin move must re-read it.
 */
export const YUNIKORN_PLACEHOLDER = {
    shim: "1.9.0",
    image: "registry.k8s.io/pause:3.7",
    podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
    containerSecurityContext: { privileged: false, capabilities: { drop: ["ALL"] }, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true },
    hostNetwork: false,
} as const;

/**
 * Kubernetes minors YuniKorn 1.9.0 supports: 1.24 to 1.35 (yunikorn-site versioned_docs/version-1.9.0/
 * get_started/version.md). 1.36 "is not supported in this release but has passed the standard e2e test
 * suites" (release-announce/1.9.0.md; k8shim v1.9.0 .github/workflows/pre-commit.yml runs e2e on 1.36.1);
 * support is planned for 1.10 (YUNIKORN-3295, community/roadmap.md).
 */
export const YUNIKORN_KUBERNETES = { min: "1.24", max: "1.35", e2eOnly: ["1.36"] } as const;

/**
 * How the pinned YuniKorn stands on a Kubernetes minor ({@link YUNIKORN_KUBERNETES}).
 * @param minor a minor such as "1.35"
 */
export function yunikornKubernetesSupport(minor: string): "supported" | "e2e-only" | "unsupported" {
    const n = (v: string) => Number(v.split(".")[1]);
    if (n(minor) >= n(YUNIKORN_KUBERNETES.min) && n(minor) <= n(YUNIKORN_KUBERNETES.max)) return "supported";
    return (YUNIKORN_KUBERNETES.e2eOnly as readonly string[]).includes(minor) ? "e2e-only" : "unsupported";
}

/** Names and ports of YuniKorn's objects (chart 1.9.0 templates and k8shim v1.9.0 defaults). */
export const YUNIKORN = {
    /** `schedulerName` of the pods it schedules (k8shim pkg/common/constants `SchedulerName`). */
    schedulerName: "yunikorn",
    /** The ConfigMap the chart renders `yunikornDefaults` into; the scheduler polls it and `yunikorn-configs`. */
    defaultsConfigMap: "yunikorn-defaults",
    /** The unmanaged override ConfigMap (operators only). */
    configMap: "yunikorn-configs",
    /** Parent queue of the tenants. */
    tenantsQueue: "root.tenants",
    /** Parent queue of the platform's own Spark namespace. */
    platformQueue: "root.platform",
    /** Admission controller webhook port (templates/admission-controller-deployment.yaml `containerPort: 9089`). */
    webhookPort: 9089,
    /** REST and metrics port of the scheduler container `http1` (values.yaml `service.port: 9080`). */
    restPort: 9080,
    /** Metrics path (yunikorn-site docs/user_guide/observability/prometheus.md). */
    metricsPath: "/ws/v1/metrics",
    /** Pod labels of the scheduler (templates/deployment.yaml). */
    schedulerLabels: { app: "yunikorn", component: "yunikorn-scheduler" },
} as const;

/** Requests (= memory limits) of the pods; the chart's defaults carry a CPU limit, which the platform never sets. */
export const YUNIKORN_RESOURCES = {
    scheduler: { cpu: "200m", memory: "1Gi" },
    web: { cpu: "50m", memory: "128Mi" },
    admission: { cpu: "100m", memory: "512Mi" },
} as const;
/**
 * GOMEMLIMIT of each container as a percentage of its memory limit in YUNIKORN_RESOURCES. Chart 1.9.0 computes
 * GOMEMLIMIT from `goMemoryLimitPercentage` × `resources.limits.memory` (YUNIKORN-3212; chart defaults 80 / 60 /
 * 60) and deprecates the fixed `goMemoryLimit`, which it ignores when a percentage is set (yunikorn-site
 * versioned_docs/version-1.9.0/user_guide/service_config.md, "goMemoryLimit setting (specified value)").
 */
export const YUNIKORN_GO_MEMORY_LIMIT_PERCENT = { scheduler: 80, web: 80, admission: 80 } as const;

/**
 * The queue of a tenant.
 * @param tenant tenant name
 */
export function tenantQueue(tenant: string): string {
    return `${YUNIKORN.tenantsQueue}.${tenantNamespace(tenant)}`;
}

/**
 * The namespaces whose pods YuniKorn schedules: `spark` and every tenant namespace, as anchored regexes.
 * @param tenants tenant names
 */
export function processNamespaces(tenants: readonly string[]): string[] {
    return [`^${PLATFORM_NAMESPACES.spark}$`, ...tenants.map((t) => `^${tenantNamespace(t)}$`)];
}

/**
 * YuniKorn resources: vcore in millicores and memory in MiB, integers (yunikorn-core
 * common/resources/quantity.go `ParseVCore`/`ParseQuantity` accept integers with a suffix only).
 * @param r the amount
 */
export function yunikornResources(r: QueueResources): Record<string, string> {
    return { vcore: `${Math.round(r.cpu * 1000)}m`, memory: `${Math.round(r.memoryGiB * 1024)}Mi`, ...(r.gpu > 0 ? { "nvidia.com/gpu": String(r.gpu) } : {}) };
}

/**
 * The `queues.yaml` document: one partition, placement by namespace, a queue per tenant.
 * Preemption is on (the default, made explicit): a queue below its guarantee takes back what borrowers
 * use above theirs, never below their own guarantee (yunikorn-site docs/user_guide/preemption.md, laws 2-5).
 * @param queues the resolved tenant queues
 */
export function queuesConfig(queues: readonly ResolvedQueue[]): Record<string, unknown> {
    return {
        partitions: [
            {
                name: "default",
                preemption: { enabled: true },
                placementrules: [
                    // team-<name> -> root.tenants.team-<name>; never created, so an unknown namespace falls through.
                    { name: "tag", value: "namespace", create: false, parent: { name: "fixed", value: YUNIKORN.tenantsQueue } },
                    // spark (and any other processed namespace) -> root.platform.<namespace>.
                    { name: "tag", value: "namespace", create: true, parent: { name: "fixed", value: YUNIKORN.platformQueue } },
                ],
                queues: [
                    {
                        name: "root",
                        submitacl: "*",
                        queues: [
                            {
                                name: "tenants",
                                parent: true,
                                properties: { "application.sort.policy": "fifo" },
                                queues: queues.map((q) => ({
                                    name: tenantNamespace(q.tenant),
                                    resources: { guaranteed: yunikornResources(q.guarantee), max: yunikornResources(q.max) },
                                    properties: { "application.sort.policy": "fifo", "priority.offset": String(q.priority) },
                                })),
                            },
                            { name: "platform", parent: true, properties: { "application.sort.policy": "fifo" } },
                        ],
                    },
                ],
            },
        ],
    };
}

/**
 * The `yunikorn-defaults` settings (chart `yunikornDefaults`): which namespaces the admission controller
 * hands to YuniKorn, and the queues. Nothing else: the scheduler and gang defaults are the product's.
 * @param tenants tenant names
 * @param queues the resolved tenant queues
 */
export function yunikornDefaults(tenants: readonly string[], queues: readonly ResolvedQueue[]): Record<string, string> {
    return { "admissionController.filtering.processNamespaces": processNamespaces(tenants).join(","), "queues.yaml": stringify(queuesConfig(queues)) };
}

/**
 * Requests with memory limit = request and no CPU limit. The chart's defaults carry CPU limits (values.yaml:
 * scheduler `limits.cpu: 4`, web `200m`, admission controller `500m`) that survive Helm's map merge unless
 * set to null, against the platform's no-CPU-limit rule; so they are nulled.
 * @param r the requests
 */
const resources = (r: { cpu: string; memory: string }) => ({ requests: { cpu: r.cpu, memory: r.memory }, limits: { cpu: null, memory: r.memory } });

/**
 * Helm values of the yunikorn chart: every pod on the system/general pools with the platform priority,
 * the admission controller off the host network, no CPU limits.
 * @param args tenants and the platform's priority class
 */
export function yunikornValues(args: { readonly tenants: readonly string[]; readonly queues: readonly ResolvedQueue[]; readonly priorityClassName: string; readonly prod: boolean }): Record<string, unknown> {
    const { affinity, tolerations } = controlPlacement();
    return {
        priorityClassName: args.priorityClassName,
        affinity,
        tolerations,
        resources: resources(YUNIKORN_RESOURCES.scheduler),
        // GOMEMLIMIT below the memory limits, as a share of them (chart 1.9.0 templates/_helpers.tpl `yunikorn.goMemLimit`):
        // Go collects before the kernel OOM-kills the container. The fixed goMemoryLimit of 1.8 is deprecated and ignored.
        goMemoryLimitPercentage: YUNIKORN_GO_MEMORY_LIMIT_PERCENT.scheduler,
        web: { resources: resources(YUNIKORN_RESOURCES.web), goMemoryLimitPercentage: YUNIKORN_GO_MEMORY_LIMIT_PERCENT.web },
        embedAdmissionController: true,
        admissionController: {
            priorityClassName: args.priorityClassName,
            affinity,
            tolerations,
            hostNetwork: false,
            replicaCount: args.prod ? 2 : 1,
            resources: resources(YUNIKORN_RESOURCES.admission),
            goMemoryLimitPercentage: YUNIKORN_GO_MEMORY_LIMIT_PERCENT.admission,
        },
        yunikornDefaults: yunikornDefaults(args.tenants, args.queues),
    };
}

/** How a Spark application in one namespace is scheduled. */
export interface SparkScheduling {
    /** `spec.batchScheduler` and `spark.kubernetes.scheduler.name`. */
    readonly schedulerName: string;
    /** The namespace's queue (informational: placement is by namespace). */
    readonly queue: string;
    /** Executors admitted together with the driver. */
    readonly minExecutors: number;
    /** The driver's `yunikorn.apache.org/schedulingPolicyParameters`. */
    readonly policyParameters: string;
}

/**
 * The Spark scheduling settings of a namespace, or undefined when scheduling is off.
 * @param spec the validated spec
 * @param namespace `spark` or a tenant namespace
 */
export function sparkSchedulingFor(spec: Pick<PlatformSpec, "scheduling" | "tenants">, namespace: string): SparkScheduling | undefined {
    const s = spec.scheduling;
    if (!s.enabled) return undefined;
    const tenant = Object.keys(spec.tenants).find((t) => tenantNamespace(t) === namespace);
    return {
        schedulerName: YUNIKORN.schedulerName,
        queue: tenant ? tenantQueue(tenant) : `${YUNIKORN.platformQueue}.${namespace}`,
        minExecutors: s.gang.minExecutors,
        policyParameters: `placeholderTimeoutInSeconds=${s.gang.placeholderTimeoutSeconds} gangSchedulingStyle=${s.gang.style}`,
    };
}

/** A gang: the driver and `executors` executors, each with its pod requests. */
export interface Gang {
    readonly driver: { readonly cpuMillis: number; readonly memoryMiB: number };
    readonly executor: { readonly cpuMillis: number; readonly memoryMiB: number; readonly gpus: number };
    readonly executors: number;
}

/** What happens to a gang. */
export type GangOutcome =
    /** Admitted now, within the queue's guarantee or by borrowing idle capacity. */
    | { readonly kind: "admitted"; readonly borrowing: boolean }
    /** Waits in its queue (placeholders pending) until capacity frees or nodes arrive. */
    | { readonly kind: "queued"; readonly reason: string }
    /** Can never run: refused at the spec (platform gang) or rejected by YuniKorn (a job's own gang). */
    | { readonly kind: "rejected"; readonly reason: string };

const gangTotal = (g: Gang): QueueResources => ({
    cpu: (g.driver.cpuMillis + g.executors * g.executor.cpuMillis) / 1000,
    memoryGiB: (g.driver.memoryMiB + g.executors * g.executor.memoryMiB) / 1024,
    gpu: g.executors * g.executor.gpus,
});

/**
 * How YuniKorn treats a gang in a tenant's queue, as docs/services/scheduling.md documents it:
 * - above the queue's `max`: rejected ("the total min resources defined in the taskGroups is bigger than
 *   the queue's max capacity, scheduler rejects the app", yunikorn-site docs/user_guide/troubleshooting.md);
 * - an executor no node of its pool can hold, or more executors than the pool holds at `maxNodes`: its
 *   placeholders can never all be placed and the autoscaler has no node group that fits them; refused at
 *   the spec for the platform's gang (`checkSchedulingCapacity`), a job's own bigger gang stays queued
 *   until `placeholderTimeoutSeconds` (Hard: fails);
 * - within `max` but above what the queue may use now (used + gang > max, or the cluster is full): queued;
 *   its placeholders are real pending pods, so the cluster autoscaler adds nodes for them;
 * - otherwise admitted; borrowing when the queue's usage passes its guarantee.
 * @param gang the gang
 * @param queue the tenant's queue
 * @param used what the queue already runs
 * @param free what the cluster has free now (other queues' usage subtracted)
 * @param pool the executor pool (allocatable per node, maxNodes)
 */
export function gangOutcome(gang: Gang, queue: Pick<ResolvedQueue, "guarantee" | "max">, used: QueueResources, free: QueueResources, pool: Pick<PoolHandle, "allocatable" | "maxNodes">): GangOutcome {
    const total = gangTotal(gang);
    const keys = ["cpu", "memoryGiB", "gpu"] as const;
    const over = keys.find((k) => total[k] > queue.max[k]);
    if (over) return { kind: "rejected", reason: `the gang needs ${total[over]} ${over}, above the queue's max ${queue.max[over]}` };
    const e = gang.executor;
    if (e.cpuMillis > pool.allocatable.cpuMillis || e.memoryMiB > pool.allocatable.memoryMiB) return { kind: "queued", reason: "an executor is larger than any node of its pool: its placeholders never place and no node group fits them (fails at the placeholder timeout with style Hard)" };
    const perNode = Math.min(Math.floor(pool.allocatable.cpuMillis / e.cpuMillis), Math.floor(pool.allocatable.memoryMiB / e.memoryMiB));
    if (gang.executors > perNode * pool.maxNodes) return { kind: "queued", reason: `the gang needs ${gang.executors} executors; the pool holds ${perNode * pool.maxNodes} at maxNodes (fails at the placeholder timeout with style Hard)` };
    const after = { cpu: used.cpu + total.cpu, memoryGiB: used.memoryGiB + total.memoryGiB, gpu: used.gpu + total.gpu };
    const overMax = keys.find((k) => after[k] > queue.max[k]);
    if (overMax) return { kind: "queued", reason: `the queue would use ${after[overMax]} ${overMax}, above its max ${queue.max[overMax]}: waits for its own jobs to finish` };
    const noRoom = keys.find((k) => total[k] > free[k]);
    if (noRoom) return { kind: "queued", reason: `the cluster has ${free[noRoom]} ${noRoom} free: placeholders stay pending, the autoscaler adds nodes (or preemption reclaims borrowed capacity if the queue is under its guarantee)` };
    return { kind: "admitted", borrowing: keys.some((k) => after[k] > queue.guarantee[k]) };
}

/**
 * Pre-flight capacity rules that need the pools (index.ts runs them on the adapters' planned pools,
 * before any resource): the tenants' guarantees fit the Spark pools' allocatable at `maxNodes` (CPU and
 * memory: driver and executor pools; GPUs: the GPU pool), and the platform's gang (driver + `minExecutors`
 * executors of the executor pool's shape) fits that pool at `maxNodes` and every tenant's `max`.
 * Throws an InputPropertiesError naming each key.
 * @param pools the planned pools
 * @param spec the validated spec
 */
export function checkSchedulingCapacity(pools: Readonly<Record<string, PoolHandle>>, spec: PlatformSpec): void {
    if (!spec.scheduling.enabled || !spec.spark.enabled) return;
    const errors: { propertyPath: string; reason: string }[] = [];
    const chosen = sparkPools(spec);
    const named = [...new Set([chosen.driver, chosen.executor])].map((n) => (n === undefined ? undefined : pools[n])).filter((p): p is PoolHandle => p !== undefined);
    const allocatable = {
        cpu: named.reduce((s, p) => s + (p.maxNodes * (p.allocatable.cpuMillis - p.daemonSetOverhead.cpuMillis)) / 1000, 0),
        memoryGiB: named.reduce((s, p) => s + (p.maxNodes * (p.allocatable.memoryMiB - p.daemonSetOverhead.memoryMiB)) / 1024, 0),
        gpu: chosen.gpu !== undefined && pools[chosen.gpu] ? pools[chosen.gpu]!.maxNodes * (pools[chosen.gpu]!.instanceType.gpu?.count ?? 0) : 0,
    };
    const queues = resolveQueues(spec);
    for (const r of ["cpu", "memoryGiB", "gpu"] as const) {
        const sum = queues.reduce((s, q) => s + q.guarantee[r], 0);
        if (sum > allocatable[r] + 1e-9 && queues.length > 0) {
            const last = queues[queues.length - 1]!;
            errors.push({
                propertyPath: last.fromQuota[r] ? `tenants.${last.tenant}.quota.${r}` : `scheduling.queues.${last.tenant}.guarantee.${r}`,
                reason: `the tenants' guarantees add up to ${sum} ${r}; the Spark pools (${named.map((p) => p.name).join(", ")}${r === "gpu" ? `, ${chosen.gpu ?? "no gpu pool"}` : ""}) can allocate ${Math.floor(allocatable[r] * 10) / 10} at maxNodes after DaemonSets. Lower a guarantee or raise maxNodes`,
            });
        }
    }
    const pool = chosen.executor === undefined ? undefined : pools[chosen.executor];
    const n = spec.scheduling.gang.minExecutors;
    // The executor shape Spark's defaults give the pool (components/data/spark/sizing.ts executorShape).
    const shape = pool ? sizeSparkExecutor(pool.allocatable, pool.daemonSetOverhead) : undefined;
    const executor = { cpuMillis: shape?.requestCpuMillis ?? 0, memoryMiB: shape?.podMemoryMiB ?? 0, perNode: shape?.perNode ?? 0 };
    if (pool && n > executor.perNode * pool.maxNodes) {
        errors.push({ propertyPath: "scheduling.gang.minExecutors", reason: `a gang of ${n} executors needs more than the ${executor.perNode * pool.maxNodes} the executor pool "${pool.name}" holds at maxNodes ${pool.maxNodes}: it would wait forever` });
    }
    const gang = { cpu: (1000 + n * executor.cpuMillis) / 1000, memoryGiB: (2048 + n * executor.memoryMiB) / 1024 };
    for (const q of queues) {
        if (gang.cpu > q.max.cpu || gang.memoryGiB > q.max.memoryGiB) {
            errors.push({ propertyPath: `scheduling.queues.${q.tenant}.max`, reason: `the platform's gang (driver + ${n} executors: ${gang.cpu} cpu, ${Math.ceil(gang.memoryGiB)} GiB) is above this queue's max (${q.max.cpu} cpu, ${q.max.memoryGiB} GiB): YuniKorn would reject every default job of the tenant` });
        }
    }
    if (errors.length > 0) throw new pulumi.InputPropertiesError({ message: "The scheduling block does not fit the cluster's pools.", errors });
}

/** Inputs of {@link BatchScheduler}. */
export interface BatchSchedulerArgs {
    readonly cluster: ClusterHandle;
    readonly platform: PlatformHandle;
    readonly spec: PlatformSpec;
}

/**
 * The per-queue resource gauge YuniKorn 1.9 exports: `yunikorn_queue_resource{queue, state, resource}`
 * (yunikorn-core branch-1.9 pkg/metrics/queue.go: namespace `yunikorn` from pkg/metrics/init.go, name
 * `queue_resource`, const label `queue`, variable labels `state` and `resource`; the states are the constants
 * `guaranteed`, `max`, `allocated` (ContainerAllocated), `pending`, `preempting`, `maxRunningApps`;
 * yunikorn-site versioned_docs/version-1.9.0/metrics/queue.md). `vcore` is in millicores, `memory` in bytes.
 */
export const YUNIKORN_QUEUE_METRIC = {
    name: "yunikorn_queue_resource",
    labels: ["queue", "state", "resource"],
    states: ["guaranteed", "max", "allocated", "pending", "preempting", "maxRunningApps"],
} as const;

/**
 * A dashboard of queue usage against guarantee and max ({@link YUNIKORN_QUEUE_METRIC}).
 */
export function queueDashboard(): string {
    const panel = (id: number, title: string, resource: string, y: number) => ({
        id,
        title,
        type: "timeseries",
        gridPos: { h: 9, w: 24, x: 0, y },
        targets: (["allocated", "guaranteed", "max"] as const).map((state, i) => ({ refId: String.fromCharCode(65 + i), expr: `${YUNIKORN_QUEUE_METRIC.name}{queue=~"${YUNIKORN.tenantsQueue}\\\\..*",resource="${resource}",state="${state}"}`, legendFormat: `{{queue}} ${state}` })),
    });
    return JSON.stringify({ title: "tristack: Spark queues (YuniKorn)", uid: "tristack-yunikorn-queues", schemaVersion: 39, panels: [panel(1, "vcore (milli): allocated vs guaranteed vs max", "vcore", 0), panel(2, "memory (bytes): allocated vs guaranteed vs max", "memory", 9)] });
}

/**
 * YuniKorn with its queues, the webhook NetworkPolicy and, with monitoring on, its PodMonitor and dashboard.
 */
export class BatchScheduler extends pulumi.ComponentResource {
    /** The Helm release. */
    public readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: BatchSchedulerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tristack:platform:BatchScheduler", name, {}, opts);
        const { cluster, platform, spec } = args;
        const prod = spec.environment === "prod";
        const namespace = platform.namespaceNames.sparkOperator;
        const tenants = Object.keys(spec.tenants);
        const support = yunikornKubernetesSupport(spec.kubernetesVersion);
        if (support !== "supported") {
            pulumi.log.warn(`YuniKorn ${PLATFORM_VERSIONS.yunikorn.version} supports Kubernetes ${YUNIKORN_KUBERNETES.min}–${YUNIKORN_KUBERNETES.max}; kubernetesVersion ${spec.kubernetesVersion} is ${support === "e2e-only" ? "not supported upstream, though it passed YuniKorn's e2e suite" : "not supported"} (docs/services/scheduling.md).`, this);
        }
        const k8sOpts: pulumi.CustomResourceOptions = { provider: cluster.provider, parent: this, dependsOn: [...platform.ready, ...cluster.readyResources] };
        const labels = { ...PLATFORM_LABELS, "app.kubernetes.io/component": "batch-scheduler" };
        // The API server calls the admission controller on 9089, which the namespace's allow-webhooks does not list.
        new k8s.networking.v1.NetworkPolicy(
            `${name}-webhook`,
            { metadata: { name: "allow-webhooks-yunikorn", namespace, labels }, spec: { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [webhookCallerPeer(cluster.network)], ports: [{ protocol: "TCP", port: YUNIKORN.webhookPort }] }] } },
            k8sOpts,
        );
        const v = PLATFORM_VERSIONS.yunikorn;
        this.release = new k8s.helm.v3.Release(
            `${name}-yunikorn`,
            { name: v.chart, chart: v.chart, version: v.version, repositoryOpts: { repo: v.repo }, namespace, values: yunikornValues({ tenants, queues: resolveQueues(spec), priorityClassName: platform.priorityClasses.platform, prod }) },
            pulumi.mergeOptions(k8sOpts, prod ? { protect: true, retainOnDelete: true } : {}),
        );
        if (platform.monitoring.enabled) {
            new k8s.apiextensions.CustomResource(
                `${name}-pod-monitor`,
                {
                    apiVersion: "monitoring.coreos.com/v1",
                    kind: "PodMonitor",
                    metadata: { name: "yunikorn-scheduler", namespace, labels: { ...labels, ...platform.monitoring.monitorLabels } },
                    spec: { selector: { matchLabels: { ...YUNIKORN.schedulerLabels } }, podMetricsEndpoints: [{ port: "http1", path: YUNIKORN.metricsPath }] },
                },
                pulumi.mergeOptions(k8sOpts, { dependsOn: [this.release] }),
            );
            new k8s.core.v1.ConfigMap(`${name}-dashboard`, { metadata: { name: "yunikorn-queues-dashboard", namespace: platform.monitoring.namespace, labels: { ...labels, ...platform.monitoring.dashboardLabels } }, data: { "yunikorn-queues.json": queueDashboard() } }, k8sOpts);
        }
        this.registerOutputs({ release: this.release.name });
    }
}

/**
 * The Spark settings that hand a namespace's applications to YuniKorn: the scheduler name, the queue label,
 * the gang's policy on the driver (`yunikorn.apache.org/schedulingPolicyParameters`, yunikorn-site
 * docs/user_guide/gang_scheduling.md) and the gang's size as dynamic allocation's floor. spark-operator
 * v2.5.2 builds the gang from the application (internal/scheduler/yunikorn/scheduler.go: a `spark-driver`
 * task group of 1 and a `spark-executor` task group of `GetInitialExecutorNumber`, the largest of
 * `executor.instances`, `initialExecutors` and `minExecutors` under dynamic allocation), so
 * `minExecutors` is the gang. Spark itself honours the same keys under spark-submit (Spark on YuniKorn,
 * https://spark.apache.org/docs/latest/running-on-kubernetes.html#using-apache-yunikorn-as-customized-scheduler-for-spark-on-kubernetes).
 * @param s the namespace's scheduling
 */
export function sparkSchedulingConf(s: SparkScheduling): Record<string, string> {
    return {
        "spark.kubernetes.scheduler.name": s.schedulerName,
        "spark.kubernetes.driver.label.queue": s.queue,
        "spark.kubernetes.executor.label.queue": s.queue,
        "spark.kubernetes.driver.annotation.yunikorn.apache.org/schedulingPolicyParameters": s.policyParameters,
        "spark.dynamicAllocation.minExecutors": String(s.minExecutors),
        "spark.dynamicAllocation.initialExecutors": String(Math.max(1, s.minExecutors)),
    };
}
