import { z } from "zod";
import { SparkImageField } from "./sparkImage";
import { parseIpv4Cidr } from "./cidr";
import { API_ACCESS_MODES, CAPACITY_TYPES, CLOUDS, ENVIRONMENTS, GPU_MODELS, POOL_ROLES } from "./nodeClass";
import { checkCrossFieldRules } from "./rules";
import { checkScheduling, SchedulingSpec } from "./scheduling";
import { TenantMembersSpec } from "./tenants";
import { NotebooksSpec } from "./notebooks";

/**
 * The PlatformSpec: the one cloud-neutral document a platform team writes per environment,
 * read from the structured config key `tristack:spec`. Unknown keys are errors everywhere.
 * Defaults live here, nowhere else; docs/reference/config.md is generated from this schema (npm run docs).
 */

const DNS_LABEL = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** Pool names obey the strictest cloud rule (AKS: lowercase letters and digits, 1-12, letter first). */
const POOL_NAME = /^[a-z][a-z0-9]{0,11}$/;

/** Default root disk size of a node, in GiB. */
export const DEFAULT_DISK_GIB = 100;
/** Default max pods per node: 110 on every cloud (AKS's own 250 costs 5 GiB per node). */
export const DEFAULT_MAX_PODS = 110;

const dnsLabel = (what: string, max = 63) =>
    z
        .string()
        .max(max, { message: `${what} must be at most ${max} characters` })
        .regex(DNS_LABEL, { message: `${what} must be a DNS label: lowercase letters, digits and '-', starting with a letter` });

/** A canonical IPv4 CIDR (ipaddr.js): four-part decimal, prefix 0-32, no host bits set. */
const cidr = z.string().superRefine((value, ctx) => {
    const parsed = parseIpv4Cidr(value);
    if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.reason, input: value });
});
const positiveInt = z.number().int().positive();

/** A neutral node shape: the minimum vCPU and memory a pool's nodes must have. */
export const NodeShape = z.strictObject({
    /** Minimum virtual CPUs per node. */
    vCpu: positiveInt.max(448).describe("Minimum vCPUs per node."),
    /** Minimum memory per node, in GiB. */
    memoryGiB: z.number().positive().max(12288).describe("Minimum memory per node, GiB."),
});

/** A GPU request: model from the closed set and count per node. */
export const GpuSpec = z.strictObject({
    /** GPU model. */
    model: z.enum(GPU_MODELS).describe("GPU model."),
    /** GPUs per node. @default 1 */
    count: z.number().int().min(1).max(8).default(1).describe("GPUs per node."),
});

/** One node pool. The key in `nodePools` is the pool's name. */
export const NodePoolSpec = z.strictObject({
    /** What the pool is for; decides taints and placement. */
    role: z.enum(POOL_ROLES).describe("What the pool is for; decides taints and placement (see the [platform contract](platform-contract.md))."),
    /** Neutral shape; the catalog picks the smallest type per cloud that meets it. */
    shape: NodeShape.optional().describe("Neutral minimum shape; the catalog picks the smallest type per cloud that meets it."),
    /** Explicit per-cloud instance type, overriding the shape on that cloud. */
    instanceType: z
        .strictObject({
            aws: z.string().min(1).optional().describe("EC2 instance type."),
            gcp: z.string().min(1).optional().describe("Compute Engine machine type."),
            azure: z.string().min(1).optional().describe("Azure VM size."),
            existing: z.string().min(1).optional().describe("A name for the nodes' type on an existing cluster (the shape gives its size)."),
        })
        .optional()
        .describe("Explicit type per cloud, overriding the shape on that cloud; it must be in that cloud's catalog."),
    /** GPUs per node; required for (and only for) `gpu` pools. */
    gpu: GpuSpec.optional().describe("GPUs per node; required on (and only on) `gpu` pools; the model must be offered on the cloud."),
    /** Minimum nodes (GPU pools may scale to 0). @default 1 */
    minNodes: z.number().int().min(0).max(1000).default(1).describe("Minimum nodes; only GPU pools may be 0."),
    /** Maximum nodes the autoscaler may add. */
    maxNodes: z.number().int().min(1).max(1000).describe("Autoscaler maximum."),
    /** Purchasing option. @default "on-demand" */
    capacity: z.enum(CAPACITY_TYPES).default("on-demand").describe("Purchasing option."),
    /** Root disk size in GiB. @default 100 */
    diskGiB: z.number().int().min(30).max(4096).default(DEFAULT_DISK_GIB).describe("Root disk size, GiB."),
    /** Use the type's local NVMe as scratch (Spark shuffle/spill). @default false */
    localNvme: z.boolean().default(false).describe("Use the type's local NVMe disks as scratch (Spark shuffle and spill)."),
    /** Max pods per node (memory reservation grows with it). @default 110 */
    maxPods: z.number().int().min(16).max(250).default(DEFAULT_MAX_PODS).describe("Pods per node; the kubelet's memory reservation grows with it."),
});

/**
 * API server access: how `pulumi up` (and everyone else) reaches the control plane. docs/access.md has
 * what the runner needs per cloud and mode.
 */
export const ApiAccessSpec = z.strictObject({
    /**
     * `public`: a public endpoint admitting only `authorizedCidrs` (the runners' egress), or everyone
     * with `openToInternet: true`. `private`: private endpoint only; the cluster must sit in an existing
     * network the runner already reaches (`aws.existingVpc`, `gcp.existingNetwork`,
     * `azure.existingSubnetId`) and `authorizedCidrs` names the runner's ranges in it. `dns` (GKE only):
     * the DNS-based endpoint, reachable from anywhere, every request authorised by IAM.
     * @default "public"
     */
    mode: z.enum(API_ACCESS_MODES).default("public").describe("`public`: a public endpoint admitting only `authorizedCidrs` (the runners' egress), or everyone with `openToInternet: true`. `private`: private endpoint only; the cluster must sit in an existing network the runner already reaches (`aws.existingVpc`, `gcp.existingNetwork`, `azure.existingSubnetId`) and `authorizedCidrs` names the runner's ranges in it. `dns` (GKE only): the DNS-based endpoint, reachable from anywhere, every request authorised by IAM."),
    /**
     * Where the runner (and admins) come from: with `public`, the egress CIDRs admitted to the public
     * endpoint; with `private`, the connected network's CIDRs admitted on 443; with `dns`, extra
     * internal ranges admitted to the private IP endpoint. Canonical IPv4 blocks only. @default []
     */
    authorizedCidrs: z.array(cidr).default([]).describe("Where the runner (and admins) come from: with `public`, the egress CIDRs admitted to the public endpoint; with `private`, the connected network's CIDRs admitted on 443; with `dns`, extra internal ranges admitted to the private IP endpoint. Canonical IPv4 blocks only."),
    /**
     * Explicit opt-in to a public endpoint open to the whole internet (`public` only, with no
     * `authorizedCidrs`). dev/staging only: refused in prod, flagged by the policy pack elsewhere.
     * @default false
     */
    openToInternet: z.boolean().default(false).describe("Explicit opt-in to a public endpoint open to the whole internet (`public` only, with no `authorizedCidrs`). dev/staging only: refused in prod, flagged by the policy pack elsewhere."),
});

/** Network ranges. */
export const NetworkSpec = z.strictObject({
    /** VPC / VNet CIDR; node subnets are carved from it. @default "10.0.0.0/16" */
    vpcCidr: cidr.default("10.0.0.0/16").describe("VPC / VNet range; node subnets are carved from it."),
    /** Pod CIDR (GKE secondary range, AKS overlay). @default "10.128.0.0/14" */
    podCidr: cidr.default("10.128.0.0/14").describe("Pod range (GKE secondary range, AKS overlay)."),
    /** Service CIDR. @default "172.20.0.0/16" */
    serviceCidr: cidr.default("172.20.0.0/16").describe("Service range."),
});

/** AWS-only settings. */
export const AwsSpec = z.strictObject({
    /** IAM role ARNs given cluster-admin through EKS access entries. @default [] */
    adminRoleArns: z.array(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, { message: "must be an IAM role ARN" })).default([]).describe("IAM roles given cluster-admin through EKS access entries."),
    /** Use an existing VPC instead of creating one. */
    existingVpc: z
        .strictObject({
            vpcId: z.string().regex(/^vpc-[0-9a-f]+$/, { message: "must be a VPC id (vpc-...)" }).describe("The VPC id (`vpc-…`)."),
            privateSubnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]+$/, { message: "must be a subnet id (subnet-...)" })).min(1).describe("Private subnets the cluster and node groups use (`subnet-…`)."),
            publicSubnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]+$/, { message: "must be a subnet id (subnet-...)" })).default([]).describe("Public subnets, for internet-facing load balancers (`subnet-…`)."),
            /** Security groups of the runners in this VPC, admitted on 443 to the cluster security group (`apiAccess.mode: private`). @default [] */
            runnerSecurityGroupIds: z.array(z.string().regex(/^sg-[0-9a-f]+$/, { message: "must be a security group id (sg-...)" })).default([]).describe("Security groups of the runners in this VPC, admitted on 443 to the cluster security group (`apiAccess.mode: private`)."),
        })
        .optional().describe("Use an existing VPC instead of creating one (tag its subnets yourself)."),
});

/** Google Cloud-only settings. */
export const GcpSpec = z.strictObject({
    /** Project id the cluster lives in. */
    project: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, { message: "must be a GCP project id" }).describe("Project id the cluster lives in."),
    /** GKE release channel. @default "REGULAR" */
    releaseChannel: z.enum(["RAPID", "REGULAR", "STABLE"]).default("REGULAR").describe("GKE release channel; `kubernetesVersion` is the minimum version."),
    /** Google Group (e.g. gke-security-groups@example.com) for Google Groups for RBAC. */
    securityGroup: z.string().email().optional().describe("The Google Group for Google Groups for RBAC (`gke-security-groups@<your domain>`); tenants on GKE need it."),
    /** Use an existing VPC network/subnet instead of creating one. */
    existingNetwork: z
        .strictObject({
            network: z.string().min(1).describe("Name of the existing VPC network."),
            subnetwork: z.string().min(1).describe("Name of its subnet for the nodes."),
            podsRangeName: z.string().min(1).describe("Name of the subnet's secondary range for pods."),
            servicesRangeName: z.string().min(1).describe("Name of the subnet's secondary range for services."),
        })
        .optional().describe("Use an existing VPC network and subnet instead of creating them."),
});

/** Azure-only settings. */
export const AzureSpec = z.strictObject({
    /** Entra ID group object ids made cluster admins (Azure RBAC). @default [] */
    adminGroupObjectIds: z.array(z.string().uuid()).default([]).describe("Entra ID group object ids made cluster admins (Azure RBAC)."),
    /** Use an existing subnet (resource id) instead of creating a VNet. */
    existingSubnetId: z.string().startsWith("/subscriptions/").optional().describe("Use an existing subnet (resource id `/subscriptions/…`) instead of creating a VNet; egress then goes through the load balancer."),
    /**
     * Principal type of whoever runs `pulumi up`, for the role assignments tristack makes for it (AKS
     * RBAC Cluster Admin, Key Vault Crypto Officer). Unset: read from the caller's ARM token.
     */
    deployerPrincipalType: z.enum(["User", "ServicePrincipal"]).optional().meta({ description: "Principal type of whoever runs `pulumi up`, for the role assignments tristack makes for it (AKS RBAC Cluster Admin, Key Vault Crypto Officer).", defaultText: "read from the caller's ARM token" }),
    /**
     * AKS cluster auto-upgrade channel. `patch` (default) keeps the cluster on `kubernetesVersion`'s minor
     * and takes its patches, so the pinned minor stays true; `stable`/`rapid` move the minor themselves, so
     * `kubernetesVersion` only applies at creation (docs/how-to/upgrade-kubernetes.md). @default "patch"
     */
    upgradeChannel: z
        .enum(["rapid", "stable", "patch", "node-image"])
        .default("patch")
        .describe("AKS cluster auto-upgrade channel: `patch` keeps `kubernetesVersion`'s minor and takes its patches; `stable`/`rapid` move the minor on their own, and `kubernetesVersion` then applies only at creation; `node-image` upgrades node images only."),
});

/** Settings of an existing cluster (`cloud: existing`). */
export const ExistingSpec = z.strictObject({
    /** Path to the kubeconfig file. */
    kubeconfigPath: z.string().min(1).describe("Kubeconfig of the existing cluster (`~` expands)."),
    /** Context in that kubeconfig. @default the current context */
    context: z.string().min(1).optional().meta({ description: "Context in that kubeconfig.", defaultText: "the current context" }),
    /** A CSI provisioner for the storage classes. @default "rancher.io/local-path" */
    storageProvisioner: z.string().min(1).default("rancher.io/local-path").describe("CSI (or local) provisioner the storage classes use."),
    /** The S3-compatible object store (e.g. MinIO) Spark event logs and backups go to. */
    objectStore: z
        .strictObject({
            /** S3 endpoint URL. @default "http://minio.minio.svc.cluster.local:9000" */
            endpoint: z.string().url().default("http://minio.minio.svc.cluster.local:9000").describe("S3 endpoint URL."),
            /** Bucket. @default "tristack" */
            bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: "must be an S3 bucket name" }).default("tristack").describe("Bucket name."),
            /** Secret (in each namespace that uses the store) with keys `access-key` and `secret-key`. @default "object-store-credentials" */
            credentialsSecret: z.string().min(1).default("object-store-credentials").describe("Secret, in each namespace that uses the store, with the keys `access-key` and `secret-key`."),
        })
        .default({ endpoint: "http://minio.minio.svc.cluster.local:9000", bucket: "tristack", credentialsSecret: "object-store-credentials" }).describe("The S3-compatible object store (e.g. MinIO) for Spark event logs."),
});

/** A tenant's quota. */
export const TenantQuotaSpec = z.strictObject({
    /** CPU cores requested in total. */
    cpu: z.number().positive().describe("CPU cores requested in total (`requests.cpu`)."),
    /** Memory requested in total, GiB. */
    memoryGiB: z.number().positive().describe("Memory requested in total, GiB (`requests.memory`; also the `limits.memory` quota)."),
    /** GPUs requested in total. @default 0 */
    gpu: z.number().int().min(0).default(0).describe("GPUs requested in total (`requests.nvidia.com/gpu`)."),
    /** Persistent storage requested in total, GiB. @default 500 */
    storageGiB: z.number().int().min(0).default(500).describe("Persistent storage requested in total, GiB (`requests.storage`)."),
    /** Number of PersistentVolumeClaims. @default 20 */
    pvcs: z.number().int().min(0).default(20).describe("Number of PersistentVolumeClaims."),
});

/** One tenant (team). The key in `tenants` is its name; its namespace is `team-<name>`. */
export const TenantSpec = z.strictObject({
    /**
     * Who the team's humans are on each cloud (IAM roles, Google Group email, Entra group object id,
     * or an existing cluster's group); the entry for the stack's cloud is required (docs/tenants.md).
     */
    members: TenantMembersSpec.optional().describe("Who the team's humans are on each cloud (IAM roles, Google Group email, Entra group object id, or an existing cluster's group); the entry for the stack's cloud is required."),
    /** Removed: refused with what to write under `members` instead (a bare name matched no one on EKS, GKE or AKS). */
    group: z.unknown().optional().meta({ description: "Replaced by `members`: refused, with what to write there instead (a bare group name matched no one on EKS, GKE or AKS).", deprecated: true }),
    /** Quota of the tenant namespace. */
    quota: TenantQuotaSpec.describe("The tenant namespace's ResourceQuota."),
});

/** Spark: operator, history server, defaults. */
export const SparkSpec = z.strictObject({
    /** Deploy Spark. @default true */
    enabled: z.boolean().default(true).describe("Deploy the Spark operator, history server and defaults."),
    /** Pool for drivers and the history server (a `general` pool). @default the first general pool */
    driverPool: z.string().optional().meta({ description: "Pool for drivers and the history server (a `general` pool).", defaultText: "the first general pool" }),
    /** Pool for CPU executors (`large-core` or `general`). @default the first large-core pool, else general */
    executorPool: z.string().optional().meta({ description: "Pool for CPU executors (`large-core` or `general`).", defaultText: "the first large-core pool, else the first general pool" }),
    /** Pool for GPU executors. @default the first gpu pool, if any */
    gpuPool: z.string().optional().meta({ description: "Pool for GPU executors.", defaultText: "the first gpu pool, if any" }),
    /** Upper bound for dynamic allocation. @default 50 */
    maxExecutors: z.number().int().min(1).max(2000).default(50).describe("Upper bound of dynamic allocation."),
    /** Run the history server. @default true */
    historyServer: z.boolean().default(true).describe("Run the history server."),
    /** Image of drivers, executors and the history server, by digest. @default set by the pipeline */
    image: SparkImageField,
});

/** One Kafka topic. The key is the topic name. */
export const KafkaTopicSpec = z.strictObject({
    /** Partitions. @default 12 */
    partitions: z.number().int().min(1).max(10000).default(12).describe("Partitions; they can grow, never shrink."),
    /** Replicas. @default 3 */
    replicas: z.number().int().min(1).max(10).default(3).describe("Replicas."),
    /** Retention in hours (-1 = forever). @default 168 */
    retentionHours: z.number().int().min(-1).default(168).describe("Retention in hours (`-1`: forever)."),
    /** Tenant that owns the topic (gets read/write on it). */
    tenant: z.string().optional().describe("Tenant that owns the topic and gets read/write on it; its topics are named `<tenant>.<name>`."),
});

/** Kafka (Strimzi, KRaft). */
export const KafkaSpec = z.strictObject({
    /** Deploy Kafka. @default false */
    enabled: z.boolean().default(false).describe("Deploy Strimzi and a KRaft Kafka cluster."),
    /** The `data` pool brokers run on. @default the first data pool */
    pool: z.string().optional().meta({ description: "The `data` pool brokers run on (one broker per node).", defaultText: "the first data pool" }),
    /** Broker count (>= 3 in prod). @default 3 */
    brokers: z.number().int().min(1).max(100).default(3).describe("Broker count; at least 3 in prod."),
    /** KRaft controllers (odd). @default 3 */
    controllers: z.number().int().min(1).max(9).default(3).describe("KRaft controllers (odd)."),
    /** Storage per broker volume, GiB. @default 500 */
    storageGiB: z.number().int().min(10).max(65536).default(500).describe("Size of each JBOD volume of a broker, GiB."),
    /** JBOD volumes per broker. @default 1 */
    volumesPerBroker: z.number().int().min(1).max(8).default(1).describe("JBOD volumes per broker."),
    /** Default replication factor; must not exceed brokers. @default 3 */
    replicationFactor: z.number().int().min(1).max(10).default(3).describe("Default replication factor; at most `brokers`."),
    /** min.insync.replicas. @default 2 */
    minInsyncReplicas: z.number().int().min(1).max(10).default(2).describe("`min.insync.replicas`; below the replication factor."),
    /** Allow a replication factor/ISR below 3/2 (dev only; the policy pack flags it). @default false */
    allowReducedDurability: z.boolean().default(false).describe("Allow a replication factor below 3 or an ISR below 2 (dev/staging only; the policy pack flags it)."),
    /** Expose a TLS + authenticated listener on an internal load balancer. @default false */
    externalListener: z.boolean().default(false).describe("Add a TLS + SCRAM listener on port 9094 behind the cloud's internal (VPC/VNet-only) load balancer, for clients outside the cluster; aws, gcp and azure only."),
    /** Topics as code. @default {} */
    topics: z.record(z.string(), KafkaTopicSpec).default({}).describe("Topics as code, keyed by topic name; see [Add a Kafka topic](../how-to/add-a-kafka-topic.md)."),
});

/** One Cassandra keyspace. The key is the keyspace name. */
export const KeyspaceSpec = z.strictObject({
    /** Replication factor in the datacenter (NetworkTopologyStrategy). @default 3 */
    replicationFactor: z.number().int().min(1).max(9).default(3).describe("Replication factor in the datacenter (NetworkTopologyStrategy)."),
    /** Tenant whose CQL role may read, write and create tables in it. */
    tenant: z.string().optional().describe("Tenant whose CQL role `team-<tenant>` gets SELECT, MODIFY and CREATE on the keyspace."),
});

/** Cassandra (K8ssandra). */
export const CassandraSpec = z.strictObject({
    /** Deploy Cassandra. @default false */
    enabled: z.boolean().default(false).describe("Deploy k8ssandra-operator and a K8ssandraCluster (with the platform's cert-manager)."),
    /** The `data` pool Cassandra runs on. @default the first data pool */
    pool: z.string().optional().meta({ description: "The `data` pool Cassandra runs on (one pod per node).", defaultText: "the first data pool" }),
    /** Nodes in the datacenter (a multiple of the zones; >= 3 in prod). @default 3 */
    nodes: z.number().int().min(1).max(300).default(3).describe("Datacenter size: a multiple of the zones (one rack per zone); at least 3 in prod."),
    /** Storage per node, GiB. @default 500 */
    storageGiB: z.number().int().min(10).max(65536).default(500).describe("Data volume per node, GiB."),
    /** Keyspaces to create. @default {} */
    keyspaces: z.record(z.string(), KeyspaceSpec).default({}).describe("Keyspaces keyed by name, created by a one-shot Job and never dropped automatically."),
    /** Medusa backups. */
    backups: z
        .strictObject({
            /** Take scheduled backups. @default true */
            enabled: z.boolean().default(true).describe("Take scheduled backups; must be `false` on `cloud: existing`."),
            /** Cron schedule of the backup (UTC). @default "0 2 * * *" */
            schedule: z.string().regex(/^(\S+\s+){4}\S+$/, { message: "must be a 5-field cron expression" }).default("0 2 * * *").describe("Cron schedule of the backups (5 fields, UTC)."),
        })
        .default({ enabled: true, schedule: "0 2 * * *" }).describe("Medusa backups to the cluster's object store."),
    /** Reaper repairs. @default true */
    repairs: z.boolean().default(true).describe("Reaper with automatic repair scheduling."),
});

/** cert-manager and trust-manager, which the platform installs when Kafka or Cassandra is on (docs/services/cert-manager.md). */
export const CertManagerSpec = z.strictObject({
    /** What the platform installs; the rest must already run on the cluster (`cloud: existing` only). @default "both" */
    install: z
        .enum(["both", "trust-manager", "none"])
        .default("both")
        .describe("What the platform installs when Kafka or Cassandra is on: `both` (cert-manager and trust-manager), `trust-manager` (the cluster already runs cert-manager), `none` (it runs both). Anything but `both` only on `cloud: existing`."),
    /** Namespace of cert-manager (its cluster resource namespace) and trust-manager's trust namespace. @default "cert-manager" */
    namespace: dnsLabel("certManager.namespace").default("cert-manager").describe("Namespace cert-manager runs in (its cluster resource namespace) and trust-manager's trust namespace; the platform CA's Secret lives there."),
});

/** Monitoring (kube-prometheus-stack). */
export const MonitoringSpec = z.strictObject({
    /** Deploy monitoring. @default true */
    enabled: z.boolean().default(true).describe("Deploy kube-prometheus-stack and ServiceMonitors/PodMonitors for the data services."),
    /** Prometheus retention, days. @default 15 */
    retentionDays: z.number().int().min(1).max(365).default(15).describe("Prometheus retention, days."),
    /** Prometheus volume, GiB. @default 100 */
    storageGiB: z.number().int().min(10).max(16384).default(100).describe("Prometheus volume, GiB."),
});

const nameRecord = <T extends z.ZodType>(value: T, key: z.ZodType<string>) => z.record(key, value);

/** The whole stack spec. */
export const PlatformSpecSchema = z
    .strictObject({
        /** Base name of every resource. @default "tristack" */
        name: dnsLabel("name", 20).default("tristack").describe("Base name of every resource: a DNS label of at most 20 characters."),
        /** Target cloud. */
        cloud: z.enum(CLOUDS).describe("Target cloud: `aws`, `gcp`, `azure`, or `existing` (a cluster you already have, from a kubeconfig)."),
        /** Environment; `prod` turns on protection and hardening. */
        environment: z.enum(ENVIRONMENTS).describe("`dev`, `staging` or `prod`; prod turns on deletion protection and the hardening rules."),
        /** Cloud region (`us-east-1`, `us-central1`, `westeurope`). */
        region: z.string().regex(/^[a-z][a-z0-9-]+$/, { message: "must be a region name such as us-east-1" }).describe("Cloud region, e.g. `us-east-1`, `us-central1`, `eastus2`."),
        /** Zones the cluster spans (AWS/GCP zone names, Azure zone numbers "1".."3"). @default [] (existing only) */
        zones: z.array(z.string().min(1)).default([]).describe("Zones the cluster spans: AWS/GCP zone names of the region, Azure `\"1\"`–`\"3\"`; at least 3 in prod; one Cassandra rack per zone. Empty only on `existing`."),
        /** Kubernetes minor version, e.g. "1.33". */
        kubernetesVersion: z.string().regex(/^1\.\d{2}$/, { message: "must be a Kubernetes minor version such as 1.33" }).describe("Kubernetes minor version as a quoted string, e.g. `\"1.33\"` (unquoted YAML `1.30` is the number 1.3)."),
        /** API server access. */
        apiAccess: ApiAccessSpec.default({ mode: "public", authorizedCidrs: [], openToInternet: false }).describe("How `pulumi up`, and everyone else, reaches the API server; see [cluster access](../access.md)."),
        /** Network ranges. */
        network: NetworkSpec.default({ vpcCidr: "10.0.0.0/16", podCidr: "10.128.0.0/14", serviceCidr: "172.20.0.0/16" }).describe("Address ranges of the cluster network."),
        /** AWS-only settings (cloud: aws). */
        aws: AwsSpec.optional().describe("AWS-only settings (`cloud: aws`)."),
        /** Google Cloud-only settings (cloud: gcp). */
        gcp: GcpSpec.optional().describe("Google Cloud-only settings (`cloud: gcp`)."),
        /** Azure-only settings (cloud: azure). */
        azure: AzureSpec.optional().describe("Azure-only settings (`cloud: azure`)."),
        /** Existing-cluster settings (cloud: existing). */
        existing: ExistingSpec.optional().describe("Settings of an existing cluster (`cloud: existing`)."),
        /** Node pools keyed by name. */
        nodePools: nameRecord(NodePoolSpec, z.string().regex(POOL_NAME, { message: "pool names must be 1-12 lowercase letters/digits starting with a letter (the AKS rule, applied on every cloud)" })).describe("Node pools keyed by name. The name (1–12 lowercase letters or digits, starting with a letter: the AKS rule, applied on every cloud) becomes the `tristack.io/pool` label. A `system` pool is required."),
        /** Tenants keyed by name. @default {} */
        tenants: nameRecord(TenantSpec, dnsLabel("tenant name", 40)).default({}).describe("Tenants (teams) keyed by name; each gets the namespace `team-<name>`; see [tenants](../tenants.md)."),
        /** Spark. */
        spark: SparkSpec.default({ enabled: true, maxExecutors: 50, historyServer: true }).describe("Spark: the operator, history server and namespace defaults; see [Spark](../services/spark.md)."),
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
        }).describe("Kafka on Strimzi (KRaft); see [Kafka](../services/kafka.md)."),
        /** Cassandra. */
        cassandra: CassandraSpec.default({ enabled: false, nodes: 3, storageGiB: 500, keyspaces: {}, backups: { enabled: true, schedule: "0 2 * * *" }, repairs: true }).describe("Cassandra on K8ssandra; see [Cassandra](../services/cassandra.md)."),
        /** cert-manager and trust-manager. */
        certManager: CertManagerSpec.default({ install: "both", namespace: "cert-manager" }).describe("cert-manager and trust-manager (the platform CA and its trust bundle); see [cert-manager](../services/cert-manager.md)."),
        /** Monitoring. */
        monitoring: MonitoringSpec.default({ enabled: true, retentionDays: 15, storageGiB: 100 }).describe("kube-prometheus-stack and the data services' monitors; see [Monitoring](../services/monitoring.md)."),
        /** Notebooks (JupyterHub + per-tenant Spark Connect). */
        notebooks: NotebooksSpec.default({ enabled: false, profiles: { small: {}, large: {} }, cullIdleMinutes: 60, storageGiB: 10, authenticator: {} }).describe("JupyterHub with servers in the tenant namespaces and a Spark Connect server per tenant; see [Notebooks](../services/notebooks.md)."),
        /** Batch scheduling (YuniKorn): tenant queues, borrowing, gangs. */
        scheduling: SchedulingSpec.default({ enabled: false, gang: { minExecutors: 1, placeholderTimeoutSeconds: 900, style: "Hard" }, queues: {} }).describe("Batch scheduling of Spark with Apache YuniKorn: a queue per tenant with a guarantee and a borrowing cap, gangs admitted whole; see [scheduling](../services/scheduling.md)."),
        /** Cost tags/labels put on every taggable cloud resource. @default {} */
        tags: z.record(z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/, { message: "tag keys must be lowercase letters, digits, '_' or '-' (the GCP label rule)" }), z.string().max(63)).default({}).describe("Cost tags (labels on GCP) on every taggable cloud resource; keys follow the GCP label rule: lowercase letters, digits, `_` and `-`."),
    })
    .superRefine(checkCrossFieldRules)
    .superRefine((spec, ctx) => checkScheduling(spec, (path, message, input) => ctx.addIssue({ code: "custom", path, message, input })));

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
/** cert-manager settings. */
export type CertManagerSettings = z.output<typeof CertManagerSpec>;
/** Monitoring settings. */
export type MonitoringSettings = z.output<typeof MonitoringSpec>;
/** The spec as written, before defaults. */
export type PlatformSpecInput = z.input<typeof PlatformSpecSchema>;
