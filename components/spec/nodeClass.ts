/**
 * Closed sets shared by the spec, the catalog and every layer below it.
 * These are the neutral vocabulary of tristack: nothing here names a cloud SKU.
 */

/** The clouds tristack can build a cluster on. `existing` adopts a cluster from a kubeconfig. */
export const CLOUDS = ["aws", "gcp", "azure", "existing"] as const;
/** A cloud tristack can target. */
export type Cloud = (typeof CLOUDS)[number];

/** Deployment environments. `prod` turns on every protection and hardening rule. */
export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
/** A deployment environment. */
export type Environment = (typeof ENVIRONMENTS)[number];

/**
 * Node pool roles. The role decides the pool's taint and which workloads land on it:
 * `system` for cluster add-ons, `general` for drivers/controllers, `large-core` for Spark executors,
 * `gpu` for GPU executors, `data` for Kafka brokers and Cassandra nodes.
 */
export const POOL_ROLES = ["system", "general", "large-core", "gpu", "data"] as const;
/** A node pool role. */
export type PoolRole = (typeof POOL_ROLES)[number];

/** GPU models tristack knows how to place, named by NVIDIA part and memory. */
export const GPU_MODELS = ["T4", "L4", "A10G", "A100-40GB", "A100-80GB", "H100-80GB"] as const;
/** A GPU model. */
export type GpuModel = (typeof GPU_MODELS)[number];

/**
 * How the API server is reached (`apiAccess.mode`): `public` (a public endpoint admitting only the
 * listed CIDRs, or everyone on explicit opt-in), `private` (private endpoint only, the cluster in an
 * existing network the runner already reaches), `dns` (GKE's DNS-based endpoint: reachable from
 * anywhere, every request authorised by IAM). Each cloud's catalog lists the modes it offers.
 */
export const API_ACCESS_MODES = ["public", "private", "dns"] as const;
/** An API server access mode. */
export type ApiAccessMode = (typeof API_ACCESS_MODES)[number];

/** How nodes are bought. */
export const CAPACITY_TYPES = ["on-demand", "spot"] as const;
/** A node purchasing option. */
export type CapacityType = (typeof CAPACITY_TYPES)[number];

/** A Kubernetes taint effect as the Kubernetes API spells it. */
export type TaintEffect = "NoSchedule" | "PreferNoSchedule" | "NoExecute";

/** A node taint in Kubernetes terms (each adapter converts it to its cloud's format). */
export interface Taint {
    readonly key: string;
    readonly value: string;
    readonly effect: TaintEffect;
}

/** Label key carrying the pool name on every node. */
export const POOL_LABEL = "tristack.io/pool";
/** Label key carrying the pool role on every node. */
export const ROLE_LABEL = "tristack.io/role";
/** The well-known zone label the scheduler and the data services spread over. */
export const ZONE_LABEL = "topology.kubernetes.io/zone";

/** The taint every GPU pool carries. */
export const GPU_TAINT: Taint = { key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" };
/** The taint every data pool carries. */
export const DATA_TAINT: Taint = { key: ROLE_LABEL, value: "data", effect: "NoSchedule" };
/** The taint the system pool carries where the cloud supports it. */
export const SYSTEM_TAINT: Taint = { key: "CriticalAddonsOnly", value: "true", effect: "NoSchedule" };

/**
 * The contract taints of a pool role (the system taint is applied only where the adapter supports it).
 * @param role the pool's role
 */
export function contractTaints(role: PoolRole): Taint[] {
    switch (role) {
        case "gpu":
            return [GPU_TAINT];
        case "data":
            return [DATA_TAINT];
        case "system":
            return [SYSTEM_TAINT];
        case "general":
        case "large-core":
            return [];
        default: {
            const unreachable: never = role;
            return unreachable;
        }
    }
}

/**
 * The contract labels of a pool.
 * @param pool the pool's name (the key in `nodePools`)
 * @param role the pool's role
 */
export function contractLabels(pool: string, role: PoolRole): Record<string, string> {
    return { [POOL_LABEL]: pool, [ROLE_LABEL]: role };
}

/** The platform namespaces, identical on every cloud. */
export const PLATFORM_NAMESPACES = {
    sparkOperator: "spark-operator",
    spark: "spark",
    kafka: "kafka",
    cassandra: "cassandra",
    monitoring: "monitoring",
} as const;

/** The storage class names, identical on every cloud. */
export const STORAGE_CLASSES = {
    standard: "tristack-standard",
    fast: "tristack-fast",
} as const;

/** A storage tier: `standard` is the balanced default, `fast` is provisioned-IOPS SSD for Kafka/Cassandra. */
export type StorageTier = keyof typeof STORAGE_CLASSES;

/**
 * The namespace of a tenant.
 * @param tenant the tenant's name (the key in `tenants`)
 */
export function tenantNamespace(tenant: string): string {
    return `team-${tenant}`;
}
