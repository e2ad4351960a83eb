import { z } from "zod";
import { CAPACITY_TYPES, CLOUDS, ENVIRONMENTS, GPU_MODELS, POOL_ROLES } from "./nodeClass";
import { checkCrossFieldRules } from "./rules";

/**
 * The PlatformSpec: the one cloud-neutral document a platform team writes per environment,
 * read from the structured config key `tristack:spec`. Unknown keys are errors everywhere.
 * Defaults live here (and in the README's config reference), nowhere else.
 */

const DNS_LABEL = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** Pool names obey the strictest cloud rule (AKS: lowercase letters and digits, 1-12, letter first). */
const POOL_NAME = /^[a-z][a-z0-9]{0,11}$/;
const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Default root disk size of a node, in GiB. */
export const DEFAULT_DISK_GIB = 100;
/** Default max pods per node: 110 on every cloud (AKS's own 250 costs 5 GiB per node). */
export const DEFAULT_MAX_PODS = 110;

function isCidr(value: string): boolean {
    const m = CIDR.exec(value);
    if (!m) return false;
    const octets = m.slice(1, 5).map(Number);
    const prefix = Number(m[5]);
    return octets.every((o) => o >= 0 && o <= 255) && prefix >= 0 && prefix <= 32;
}

const dnsLabel = (what: string, max = 63) =>
    z
        .string()
        .max(max, { message: `${what} must be at most ${max} characters` })
        .regex(DNS_LABEL, { message: `${what} must be a DNS label: lowercase letters, digits and '-', starting with a letter` });

const cidr = z.string().refine(isCidr, { message: "must be an IPv4 CIDR such as 10.0.0.0/16" });
const positiveInt = z.number().int().positive();

/** A neutral node shape: the minimum vCPU and memory a pool's nodes must have. */
export const NodeShape = z.strictObject({
    /** Minimum virtual CPUs per node. */
    vCpu: positiveInt.max(448),
    /** Minimum memory per node, in GiB. */
    memoryGiB: z.number().positive().max(12288),
});

/** A GPU request: model from the closed set and count per node. */
export const GpuSpec = z.strictObject({
    /** GPU model. */
    model: z.enum(GPU_MODELS),
    /** GPUs per node. @default 1 */
    count: z.number().int().min(1).max(8).default(1),
});

/** One node pool. The key in `nodePools` is the pool's name. */
export const NodePoolSpec = z.strictObject({
    /** What the pool is for; decides taints and placement. */
    role: z.enum(POOL_ROLES),
    /** Neutral shape; the catalog picks the smallest type per cloud that meets it. */
    shape: NodeShape.optional(),
    /** Explicit per-cloud instance type, overriding the shape on that cloud. */
    instanceType: z
        .strictObject({ aws: z.string().min(1).optional(), gcp: z.string().min(1).optional(), azure: z.string().min(1).optional(), existing: z.string().min(1).optional() })
        .optional(),
    /** GPUs per node; required for (and only for) `gpu` pools. */
    gpu: GpuSpec.optional(),
    /** Minimum nodes (GPU pools may scale to 0). @default 1 */
    minNodes: z.number().int().min(0).max(1000).default(1),
    /** Maximum nodes the autoscaler may add. */
    maxNodes: z.number().int().min(1).max(1000),
    /** Purchasing option. @default "on-demand" */
    capacity: z.enum(CAPACITY_TYPES).default("on-demand"),
    /** Root disk size in GiB. @default 100 */
    diskGiB: z.number().int().min(30).max(4096).default(DEFAULT_DISK_GIB),
    /** Use the type's local NVMe as scratch (Spark shuffle/spill). @default false */
    localNvme: z.boolean().default(false),
    /** Max pods per node (memory reservation grows with it). @default 110 */
    maxPods: z.number().int().min(16).max(250).default(DEFAULT_MAX_PODS),
});

/** API server access. */
export const ApiAccessSpec = z.strictObject({
    /** Private endpoint only (reachable from the VPC/VNet). @default false */
    privateEndpoint: z.boolean().default(false),
    /** CIDRs allowed to reach a public endpoint. Empty with a public endpoint means open (dev only). @default [] */
    authorizedCidrs: z.array(cidr).default([]),
});

/** Network ranges. */
export const NetworkSpec = z.strictObject({
    /** VPC / VNet CIDR; node subnets are carved from it. @default "10.0.0.0/16" */
    vpcCidr: cidr.default("10.0.0.0/16"),
    /** Pod CIDR (GKE secondary range, AKS overlay). @default "10.128.0.0/14" */
    podCidr: cidr.default("10.128.0.0/14"),
    /** Service CIDR. @default "172.20.0.0/16" */
    serviceCidr: cidr.default("172.20.0.0/16"),
});

/** AWS-only settings. */
export const AwsSpec = z.strictObject({
    /** IAM role ARNs given cluster-admin through EKS access entries. @default [] */
    adminRoleArns: z.array(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, { message: "must be an IAM role ARN" })).default([]),
    /** Use an existing VPC instead of creating one. */
    existingVpc: z
        .strictObject({
            vpcId: z.string().regex(/^vpc-[0-9a-f]+$/, { message: "must be a VPC id (vpc-...)" }),
            privateSubnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]+$/, { message: "must be a subnet id (subnet-...)" })).min(1),
            publicSubnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]+$/, { message: "must be a subnet id (subnet-...)" })).default([]),
        })
        .optional(),
});

/** Google Cloud-only settings. */
export const GcpSpec = z.strictObject({
    /** Project id the cluster lives in. */
    project: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, { message: "must be a GCP project id" }),
    /** GKE release channel. @default "REGULAR" */
    releaseChannel: z.enum(["RAPID", "REGULAR", "STABLE"]).default("REGULAR"),
    /** Google Group (e.g. gke-security-groups@example.com) for Google Groups for RBAC. */
    securityGroup: z.string().email().optional(),
    /** Use an existing VPC network/subnet instead of creating one. */
    existingNetwork: z
        .strictObject({
            network: z.string().min(1),
            subnetwork: z.string().min(1),
            podsRangeName: z.string().min(1),
            servicesRangeName: z.string().min(1),
        })
        .optional(),
});

/** Azure-only settings. */
export const AzureSpec = z.strictObject({
    /** Entra ID group object ids made cluster admins (Azure RBAC). @default [] */
    adminGroupObjectIds: z.array(z.string().uuid()).default([]),
    /** Use an existing subnet (resource id) instead of creating a VNet. */
    existingSubnetId: z.string().startsWith("/subscriptions/").optional(),
    /** AKS cluster auto-upgrade channel. @default "stable" */
    upgradeChannel: z.enum(["rapid", "stable", "patch", "node-image"]).default("stable"),
});

/** Settings of an existing cluster (`cloud: existing`). */
export const ExistingSpec = z.strictObject({
    /** Path to the kubeconfig file. */
    kubeconfigPath: z.string().min(1),
    /** Context in that kubeconfig. @default the current context */
    context: z.string().min(1).optional(),
    /** A CSI provisioner for the storage classes. @default "rancher.io/local-path" */
    storageProvisioner: z.string().min(1).default("rancher.io/local-path"),
    /** The S3-compatible object store (e.g. MinIO) Spark event logs and backups go to. */
    objectStore: z
        .strictObject({
            /** S3 endpoint URL. @default "http://minio.minio.svc.cluster.local:9000" */
            endpoint: z.string().url().default("http://minio.minio.svc.cluster.local:9000"),
            /** Bucket. @default "tristack" */
            bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: "must be an S3 bucket name" }).default("tristack"),
            /** Secret (in each namespace that uses the store) with keys `access-key` and `secret-key`. @default "object-store-credentials" */
            credentialsSecret: z.string().min(1).default("object-store-credentials"),
        })
        .default({ endpoint: "http://minio.minio.svc.cluster.local:9000", bucket: "tristack", credentialsSecret: "object-store-credentials" }),
});

/** A tenant's quota. */
export const TenantQuotaSpec = z.strictObject({
    /** CPU cores requested in total. */
    cpu: z.number().positive(),
    /** Memory requested in total, GiB. */
    memoryGiB: z.number().positive(),
    /** GPUs requested in total. @default 0 */
    gpu: z.number().int().min(0).default(0),
    /** Persistent storage requested in total, GiB. @default 500 */
    storageGiB: z.number().int().min(0).default(500),
    /** Number of PersistentVolumeClaims. @default 20 */
    pvcs: z.number().int().min(0).default(20),
});

/** One tenant (team). The key in `tenants` is its name; its namespace is `team-<name>`. */
export const TenantSpec = z.strictObject({
    /** Identity-provider group bound to the tenant's edit Role. */
    group: z.string().min(1),
    /** Quota of the tenant namespace. */
    quota: TenantQuotaSpec,
});

/** Spark: operator, history server, defaults. */
export const SparkSpec = z.strictObject({
    /** Deploy Spark. @default true */
    enabled: z.boolean().default(true),
    /** Pool for drivers and the history server (a `general` pool). @default the first general pool */
    driverPool: z.string().optional(),
    /** Pool for CPU executors (`large-core` or `general`). @default the first large-core pool, else general */
    executorPool: z.string().optional(),
    /** Pool for GPU executors. @default the first gpu pool, if any */
    gpuPool: z.string().optional(),
    /** Upper bound for dynamic allocation. @default 50 */
    maxExecutors: z.number().int().min(1).max(2000).default(50),
    /** Run the history server. @default true */
    historyServer: z.boolean().default(true),
});

/** One Kafka topic. The key is the topic name. */
export const KafkaTopicSpec = z.strictObject({
    /** Partitions. @default 12 */
    partitions: z.number().int().min(1).max(10000).default(12),
    /** Replicas. @default 3 */
    replicas: z.number().int().min(1).max(10).default(3),
    /** Retention in hours (-1 = forever). @default 168 */
    retentionHours: z.number().int().min(-1).default(168),
    /** Tenant that owns the topic (gets read/write on it). */
    tenant: z.string().optional(),
});

/** Kafka (Strimzi, KRaft). */
export const KafkaSpec = z.strictObject({
    /** Deploy Kafka. @default false */
    enabled: z.boolean().default(false),
    /** The `data` pool brokers run on. @default the first data pool */
    pool: z.string().optional(),
    /** Broker count (>= 3 in prod). @default 3 */
    brokers: z.number().int().min(1).max(100).default(3),
    /** KRaft controllers (odd). @default 3 */
    controllers: z.number().int().min(1).max(9).default(3),
    /** Storage per broker volume, GiB. @default 500 */
    storageGiB: z.number().int().min(10).max(65536).default(500),
    /** JBOD volumes per broker. @default 1 */
    volumesPerBroker: z.number().int().min(1).max(8).default(1),
    /** Default replication factor; must not exceed brokers. @default 3 */
    replicationFactor: z.number().int().min(1).max(10).default(3),
    /** min.insync.replicas. @default 2 */
    minInsyncReplicas: z.number().int().min(1).max(10).default(2),
    /** Allow a replication factor/ISR below 3/2 (dev only; the policy pack flags it). @default false */
    allowReducedDurability: z.boolean().default(false),
    /** Expose a TLS + authenticated listener on an internal load balancer. @default false */
    externalListener: z.boolean().default(false),
    /** Topics as code. @default {} */
    topics: z.record(z.string(), KafkaTopicSpec).default({}),
});

/** One Cassandra keyspace. The key is the keyspace name. */
export const KeyspaceSpec = z.strictObject({
    /** Replication factor in the datacenter (NetworkTopologyStrategy). @default 3 */
    replicationFactor: z.number().int().min(1).max(9).default(3),
});

/** Cassandra (K8ssandra). */
export const CassandraSpec = z.strictObject({
    /** Deploy Cassandra. @default false */
    enabled: z.boolean().default(false),
    /** The `data` pool Cassandra runs on. @default the first data pool */
    pool: z.string().optional(),
    /** Nodes in the datacenter (a multiple of the zones; >= 3 in prod). @default 3 */
    nodes: z.number().int().min(1).max(300).default(3),
    /** Storage per node, GiB. @default 500 */
    storageGiB: z.number().int().min(10).max(65536).default(500),
    /** Keyspaces to create. @default {} */
    keyspaces: z.record(z.string(), KeyspaceSpec).default({}),
    /** Medusa backups. */
    backups: z
        .strictObject({
            /** Take scheduled backups. @default true */
            enabled: z.boolean().default(true),
            /** Cron schedule of the backup (UTC). @default "0 2 * * *" */
            schedule: z.string().regex(/^(\S+\s+){4}\S+$/, { message: "must be a 5-field cron expression" }).default("0 2 * * *"),
        })
        .default({ enabled: true, schedule: "0 2 * * *" }),
    /** Reaper repairs. @default true */
    repairs: z.boolean().default(true),
});

/** Monitoring (kube-prometheus-stack). */
export const MonitoringSpec = z.strictObject({
    /** Deploy monitoring. @default true */
    enabled: z.boolean().default(true),
    /** Prometheus retention, days. @default 15 */
    retentionDays: z.number().int().min(1).max(365).default(15),
    /** Prometheus volume, GiB. @default 100 */
    storageGiB: z.number().int().min(10).max(16384).default(100),
});

const nameRecord = <T extends z.ZodType>(value: T, key: z.ZodType<string>) => z.record(key, value);

/** The whole stack spec. */
export const PlatformSpecSchema = z
    .strictObject({
        /** Base name of every resource. @default "tristack" */
        name: dnsLabel("name", 20).default("tristack"),
        /** Target cloud. */
        cloud: z.enum(CLOUDS),
        /** Environment; `prod` turns on protection and hardening. */
        environment: z.enum(ENVIRONMENTS),
        /** Cloud region (`us-east-1`, `us-central1`, `westeurope`). */
        region: z.string().regex(/^[a-z][a-z0-9-]+$/, { message: "must be a region name such as us-east-1" }),
        /** Zones the cluster spans (AWS/GCP zone names, Azure zone numbers "1".."3"). @default [] (existing only) */
        zones: z.array(z.string().min(1)).default([]),
        /** Kubernetes minor version, e.g. "1.33". */
        kubernetesVersion: z.string().regex(/^1\.\d{2}$/, { message: "must be a Kubernetes minor version such as 1.33" }),
        /** API server access. */
        apiAccess: ApiAccessSpec.default({ privateEndpoint: false, authorizedCidrs: [] }),
        /** Network ranges. */
        network: NetworkSpec.default({ vpcCidr: "10.0.0.0/16", podCidr: "10.128.0.0/14", serviceCidr: "172.20.0.0/16" }),
        /** AWS-only settings (cloud: aws). */
        aws: AwsSpec.optional(),
        /** Google Cloud-only settings (cloud: gcp). */
        gcp: GcpSpec.optional(),
        /** Azure-only settings (cloud: azure). */
        azure: AzureSpec.optional(),
        /** Existing-cluster settings (cloud: existing). */
        existing: ExistingSpec.optional(),
        /** Node pools keyed by name. */
        nodePools: nameRecord(NodePoolSpec, z.string().regex(POOL_NAME, { message: "pool names must be 1-12 lowercase letters/digits starting with a letter (the AKS rule, applied on every cloud)" })),
        /** Tenants keyed by name. @default {} */
        tenants: nameRecord(TenantSpec, dnsLabel("tenant name", 40)).default({}),
        /** Spark. */
        spark: SparkSpec.default({ enabled: true, maxExecutors: 50, historyServer: true }),
        /** Kafka. */
        kafka: KafkaSpec.default({
            enabled: false,
            brokers: 3,
            controllers: 3,
            storageGiB: 500,
            volumesPerBroker: 1,
            replicationFactor: 3,
            minInsyncReplicas: 2,
            allowReducedDurability: false,
            externalListener: false,
            topics: {},
        }),
        /** Cassandra. */
        cassandra: CassandraSpec.default({ enabled: false, nodes: 3, storageGiB: 500, keyspaces: {}, backups: { enabled: true, schedule: "0 2 * * *" }, repairs: true }),
        /** Monitoring. */
        monitoring: MonitoringSpec.default({ enabled: true, retentionDays: 15, storageGiB: 100 }),
        /** Cost tags/labels put on every taggable cloud resource. @default {} */
        tags: z.record(z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/, { message: "tag keys must be lowercase letters, digits, '_' or '-' (the GCP label rule)" }), z.string().max(63)).default({}),
    })
    .superRefine(checkCrossFieldRules);

/** The validated spec with defaults applied. */
export type PlatformSpec = z.output<typeof PlatformSpecSchema>;
/** One validated node pool. */
export type NodePool = z.output<typeof NodePoolSpec>;
/** One validated tenant. */
export type Tenant = z.output<typeof TenantSpec>;
/** Spark settings. */
export type SparkSettings = z.output<typeof SparkSpec>;
/** Kafka settings. */
export type KafkaSettings = z.output<typeof KafkaSpec>;
/** Cassandra settings. */
export type CassandraSettings = z.output<typeof CassandraSpec>;
/** Monitoring settings. */
export type MonitoringSettings = z.output<typeof MonitoringSpec>;
/** The spec as written, before defaults. */
export type PlatformSpecInput = z.input<typeof PlatformSpecSchema>;
