/**
 * Typed fixture factory for the rule tests: compliant base resources per cloud, and mutators.
 */
import type * as aws from "../../components/clouds/aws/sdk";
// Azure types by service: the package root would make tsc read every service's declarations (~1M lines).
import type * as containerservice from "@pulumi/azure-native/containerservice";
import type * as keyvault from "@pulumi/azure-native/keyvault";
import type * as monitor from "@pulumi/azure-native/monitor";
import type * as storage from "@pulumi/azure-native/storage";
import type * as gcp from "../../components/clouds/gcp/sdk";
import type * as pulumi from "@pulumi/pulumi";
import { UNKNOWN } from "../../policies/lib/access";
import { T } from "../../policies/lib/match";
import { runRule } from "../../policies/engine";
import { stackIndex } from "../../policies/lib/stackIndex";
import type { Environment, PolicyResource, Rule, RuleParams } from "../../policies/lib/types";

export { UNKNOWN, T };

/** SDK args with every field optional, recursively: fixtures are checked for field names, not completeness. */
type DeepPartial<T> = T extends readonly (infer E)[] ? DeepPartial<E>[] : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;
/** The plain (unwrapped, all-optional) shape of a resource's args. */
type Shape<T> = DeepPartial<pulumi.Unwrap<T>>;

/** Options of a fixture resource. */
export interface FixtureOptions {
    readonly protect?: boolean;
    readonly retainOnDelete?: boolean;
}

/**
 * A resource.
 * @param type type token
 * @param name logical name
 * @param inputs inputs
 * @param options options (protect defaults to true: prod-ready fixtures)
 */
export function res(type: string, name: string, inputs: Record<string, unknown>, options: FixtureOptions = {}): PolicyResource {
    return { type, name, urn: `urn:pulumi:test::tristack::${type}::${name}`, inputs, options: { protect: options.protect ?? true, retainOnDelete: options.retainOnDelete ?? false } };
}

/**
 * A Kubernetes object.
 * @param apiVersion e.g. `apps/v1`, `v1`, `kafka.strimzi.io/v1beta2`
 * @param kind kind
 * @param name metadata.name
 * @param namespace metadata.namespace (undefined for cluster-scoped)
 * @param body the rest (spec, data, ...)
 * @param metadata extra metadata
 */
export function k8s(apiVersion: string, kind: string, name: string, namespace: string | undefined, body: Record<string, unknown>, metadata: Record<string, unknown> = {}): PolicyResource {
    const token = `kubernetes:${apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`}:${kind}`;
    return res(token, `${namespace ?? "cluster"}-${name}`, { apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}), ...metadata }, ...body });
}

type Path = string | readonly string[];

/**
 * A copy of a resource with one input set (undefined deletes it). String paths split on dots; use an
 * array for keys with dots (`["labels", "tristack.io/role"]`).
 * @param r resource
 * @param path input path
 * @param value new value
 */
export function mut(r: PolicyResource, path: Path, value: unknown): PolicyResource {
    const parts = typeof path === "string" ? path.split(".") : [...path];
    const inputs = structuredCloneWithUnknown(r.inputs) as Record<string, unknown>;
    let cur: Record<string, unknown> = inputs;
    for (const p of parts.slice(0, -1)) {
        if (cur[p] === undefined || cur[p] === null || typeof cur[p] !== "object") cur[p] = /^\d+$/.test(p) ? [] : {};
        cur = cur[p] as Record<string, unknown>;
    }
    const last = parts[parts.length - 1]!;
    if (value === undefined) delete cur[last];
    else cur[last] = value;
    return { ...r, inputs };
}

/**
 * A copy with options changed.
 * @param r resource
 * @param options new options
 */
export function withOptions(r: PolicyResource, options: FixtureOptions): PolicyResource {
    return { ...r, options: { protect: options.protect ?? false, retainOnDelete: options.retainOnDelete ?? false } };
}

function structuredCloneWithUnknown(v: unknown): unknown {
    if (v === UNKNOWN) return UNKNOWN;
    if (Array.isArray(v)) return v.map(structuredCloneWithUnknown);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, structuredCloneWithUnknown(x)]));
    return v;
}

/**
 * The messages a rule produces over resources (undecided ones as "cannot decide at preview: ...").
 * @param rule the rule
 * @param resources the stack
 * @param environment environment
 * @param params rule parameters
 */
export function messages(rule: Rule, resources: readonly PolicyResource[], environment: Environment = "prod", params: RuleParams = {}): string[] {
    return runRule(rule, resources, { environment, params, stack: stackIndex(resources) }).map((f) => f.message);
}

/** The message of an unknown value at a path. */
export function unknownAt(path: string): string {
    return `cannot decide at preview: ${path} is not known until the resource is created`;
}

// ---------------------------------------------------------------- clusters

export const eks = res(T.eksCluster, "eks", {
    version: "1.33",
    vpcConfig: { endpointPublicAccess: false, endpointPrivateAccess: true, subnetIds: ["s-a", "s-b", "s-c"] },
    encryptionConfig: { resources: ["secrets"], provider: { keyArn: "arn:aws:kms:eu-west-1:1:key/k" } },
    enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
    accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
} satisfies Shape<aws.eks.ClusterArgs>);
export const vpcCni = res(T.eksAddon, "vpc-cni", { clusterName: "eks", addonName: "vpc-cni", configurationValues: JSON.stringify({ enableNetworkPolicy: "true" }) } satisfies Shape<aws.eks.AddonArgs>);
export const oidc = res(T.iamOidc, "oidc", { url: "https://oidc.eks/x", clientIdLists: ["sts.amazonaws.com"] });

export const gke = res(T.gkeCluster, "gke", {
    location: "europe-west1",
    privateClusterConfig: { enablePrivateEndpoint: true, enablePrivateNodes: true },
    databaseEncryption: { state: "ENCRYPTED", keyName: "projects/p/locations/europe-west1/keyRings/r/cryptoKeys/k" },
    authenticatorGroupsConfig: { securityGroup: "gke-security-groups@example.com" },
    networkPolicy: { enabled: true },
    workloadIdentityConfig: { workloadPool: "p.svc.id.goog" },
    releaseChannel: { channel: "REGULAR" },
    enableShieldedNodes: true,
    deletionProtection: true,
    loggingConfig: { enableComponents: ["SYSTEM_COMPONENTS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER", "WORKLOADS"] },
} satisfies Shape<gcp.container.ClusterArgs>);

const aksSystemPool = {
    name: "system",
    mode: "System",
    nodeLabels: { "tristack.io/pool": "system", "tristack.io/role": "system" },
    nodeTaints: ["CriticalAddonsOnly=true:NoSchedule"],
    availabilityZones: ["1", "2", "3"],
    enableEncryptionAtHost: true,
    upgradeSettings: { maxSurge: "33%" },
};
export const aks = res(T.aksCluster, "aks", {
    apiServerAccessProfile: { enablePrivateCluster: true },
    securityProfile: { azureKeyVaultKms: { enabled: true, keyId: "https://kv.vault.azure.net/keys/k/1" }, workloadIdentity: { enabled: true } },
    azureMonitorProfile: { metrics: { enabled: true } },
    enableRBAC: true,
    aadProfile: { managed: true, enableAzureRBAC: true },
    disableLocalAccounts: true,
    networkProfile: { networkPlugin: "azure", networkPolicy: "cilium" },
    oidcIssuerProfile: { enabled: true },
    autoUpgradeProfile: { upgradeChannel: "stable", nodeOSUpgradeChannel: "NodeImage" },
    sku: { name: "Base", tier: "Standard" },
    diskEncryptionSetID: "/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/diskEncryptionSets/des",
    identityProfile: { kubeletidentity: { resourceId: "/subscriptions/s/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/kubelet" } },
    agentPoolProfiles: [aksSystemPool],
} satisfies Shape<containerservice.ManagedClusterArgs>);
/** The AKS control-plane and audit logs to a Log Analytics workspace (rule 3). */
export const aksDiagnostics = res(T.diagnosticSetting, "aks-control-plane-logs", {
    resourceUri: "aks-id",
    workspaceId: "/subscriptions/s/resourceGroups/g/providers/Microsoft.OperationalInsights/workspaces/aks-logs",
    logAnalyticsDestinationType: "Dedicated",
    logs: ["kube-apiserver", "kube-audit-admin", "guard", "kube-controller-manager", "kube-scheduler"].map((category) => ({ category, enabled: true })),
} satisfies Shape<monitor.DiagnosticSettingArgs>);

// ---------------------------------------------------------------- pools

export const eksDataPool = res(T.eksNodeGroup, "data", {
    clusterName: "eks",
    labels: { "tristack.io/pool": "data", "tristack.io/role": "data" },
    taints: [{ key: "tristack.io/role", value: "data", effect: "NO_SCHEDULE" }],
    subnetIds: ["s-a", "s-b", "s-c"],
    updateConfig: { maxUnavailable: 1 },
    launchTemplate: { id: "lt-data", version: "1" },
} satisfies Shape<aws.eks.NodeGroupArgs>);
export const eksGpuPool = mut(mut(mut(eksDataPool, ["labels", "tristack.io/role"], "gpu"), ["labels", "tristack.io/pool"], "gpu"), "taints", [{ key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" }]);
export const launchTemplate = res(T.launchTemplate, "lt-data", {
    metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 },
    blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", kmsKeyId: "arn:aws:kms:eu-west-1:1:key/k", volumeSize: 100 } }],
} satisfies aws.ec2.LaunchTemplateArgs);
export const gkeDataPool = res(T.gkeNodePool, "data", {
    cluster: "gke",
    location: "europe-west1",
    nodeConfig: {
        labels: { "tristack.io/pool": "data", "tristack.io/role": "data" },
        taints: [{ key: "tristack.io/role", value: "data", effect: "NO_SCHEDULE" }],
        workloadMetadataConfig: { mode: "GKE_METADATA" },
        bootDiskKmsKey: "projects/p/locations/europe-west1/keyRings/r/cryptoKeys/k",
        serviceAccount: "nodes@p.iam.gserviceaccount.com",
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
    },
    management: { autoRepair: true, autoUpgrade: true },
} satisfies Shape<gcp.container.NodePoolArgs>);
export const aksDataPool = res(T.aksPool, "data", {
    mode: "User",
    nodeLabels: { "tristack.io/pool": "data", "tristack.io/role": "data" },
    nodeTaints: ["tristack.io/role=data:NoSchedule"],
    availabilityZones: ["1", "2", "3"],
    enableEncryptionAtHost: true,
    upgradeSettings: { maxSurge: "33%" },
} satisfies Shape<containerservice.AgentPoolArgs>);

// ---------------------------------------------------------------- storage and keys

export const s3Bucket = res("aws:s3/bucket:Bucket", "data", { bucket: "tristack-data" });
export const s3Pab = res("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "data-pab", { bucket: "data-id", blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true } satisfies aws.s3.BucketPublicAccessBlockArgs);
export const s3Sse = res("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "data-sse", { bucket: "data-id", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "arn:aws:kms:eu-west-1:1:key/k" }, bucketKeyEnabled: true }] } satisfies aws.s3.BucketServerSideEncryptionConfigurationArgs);
export const s3Versioning = res("aws:s3/bucketVersioning:BucketVersioning", "data-versioning", { bucket: "data-id", versioningConfiguration: { status: "Enabled" } } satisfies aws.s3.BucketVersioningArgs);
export const s3Ownership = res("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "data-ownership", { bucket: "data-id", rule: { objectOwnership: "BucketOwnerEnforced" } } satisfies aws.s3.BucketOwnershipControlsArgs);
export const s3Policy = res("aws:s3/bucketPolicy:BucketPolicy", "data-policy", {
    bucket: "data-id",
    policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "TlsOnly", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::tristack-data", "arn:aws:s3:::tristack-data/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } }] }),
} satisfies aws.s3.BucketPolicyArgs);
export const s3Stack = [s3Bucket, s3Pab, s3Sse, s3Versioning, s3Ownership, s3Policy];

export const gcsBucket = res(T.gcsBucket, "data", { name: "tristack-data", location: "EU", publicAccessPrevention: "enforced", uniformBucketLevelAccess: true, versioning: { enabled: true }, encryption: { defaultKmsKeyName: "projects/p/locations/eu/keyRings/r/cryptoKeys/k" } } satisfies Shape<gcp.storage.BucketArgs>);

export const storageAccount = res(T.storageAccount, "data", {
    accountName: "tristackdata",
    allowBlobPublicAccess: false,
    allowSharedKeyAccess: false,
    enableHttpsTrafficOnly: true,
    minimumTlsVersion: "TLS1_2",
    networkRuleSet: { defaultAction: "Deny", bypass: "AzureServices" },
    encryption: { keySource: "Microsoft.Keyvault", requireInfrastructureEncryption: true, keyVaultProperties: { keyName: "k" } },
} satisfies Shape<storage.StorageAccountArgs>);
export const blobService = res(T.blobService, "data-blob", { accountName: "tristackdata", blobServicesName: "default", isVersioningEnabled: true, deleteRetentionPolicy: { enabled: true, days: 14 } } satisfies Shape<storage.BlobServicePropertiesArgs>);
export const azureStack = [storageAccount, blobService];

export const kmsKey = res(T.kmsKey, "key", { enableKeyRotation: true, deletionWindowInDays: 30, policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::1:root" }, Action: "kms:*", Resource: "*" }] }) } satisfies Shape<aws.kms.KeyArgs>);
export const gcpKey = res(T.gcpCryptoKey, "key", { keyRing: "r", rotationPeriod: "7776000s" } satisfies Shape<gcp.kms.CryptoKeyArgs>);
export const vaultKey = res(T.keyVaultKey, "key", { keyName: "k", properties: { kty: "RSA", rotationPolicy: { lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P90D" } }] } } } satisfies Shape<keyvault.KeyArgs>);
export const vault = res(T.keyVault, "vault", { properties: { enablePurgeProtection: true, enableSoftDelete: true, tenantId: "t", sku: { family: "A", name: "standard" } } } satisfies Shape<keyvault.VaultArgs>);

// ---------------------------------------------------------------- kubernetes

const secureContainer = {
    name: "app",
    image: "ghcr.io/example/app:1.2.3@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    resources: { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "1Gi" } },
    securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } },
    readinessProbe: { httpGet: { path: "/ready", port: 8080 } },
    livenessProbe: { httpGet: { path: "/live", port: 8080 } },
};

/** A compliant pod spec. */
export const podSpecOk = {
    serviceAccountName: "app",
    automountServiceAccountToken: false,
    containers: [secureContainer],
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { app: "app" } } }],
};
export const deployment = k8s("apps/v1", "Deployment", "app", "spark", { spec: { replicas: 2, selector: { matchLabels: { app: "app" } }, template: { metadata: { labels: { app: "app" } }, spec: podSpecOk } } });
export const pdb = k8s("policy/v1", "PodDisruptionBudget", "app", "spark", { spec: { maxUnavailable: 1, selector: { matchLabels: { app: "app" } } } });

/**
 * The namespace with every guardrail (quota, limit range, default deny, DNS allow).
 * @param name namespace name
 */
export function guardedNamespace(name: string): PolicyResource[] {
    return [
        k8s("v1", "Namespace", name, undefined, {}, { labels: { "pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/audit": "restricted", "pod-security.kubernetes.io/warn": "restricted" } }),
        k8s("v1", "ResourceQuota", "quota", name, { spec: { hard: { "requests.cpu": "10", "requests.memory": "40Gi", "requests.nvidia.com/gpu": "0", persistentvolumeclaims: "10", "requests.storage": "1Ti" } } }),
        k8s("v1", "LimitRange", "limits", name, { spec: { limits: [{ type: "Container", default: { cpu: "1", memory: "1Gi" } }] } }),
        k8s("networking.k8s.io/v1", "NetworkPolicy", "default-deny", name, { spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } }),
        k8s("networking.k8s.io/v1", "NetworkPolicy", "allow-dns", name, { spec: { podSelector: {}, policyTypes: ["Egress"], egress: [{ ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }] }] } }),
    ];
}

/**
 * A tristack storage class.
 * @param name class name
 * @param provisioner CSI driver
 * @param parameters parameters
 * @param isDefault default-class annotation
 */
export function storageClass(name: string, provisioner: string, parameters: Record<string, string>, isDefault = false): PolicyResource {
    return k8s("storage.k8s.io/v1", "StorageClass", name, undefined, { provisioner, parameters, volumeBindingMode: "WaitForFirstConsumer", allowVolumeExpansion: true, reclaimPolicy: "Retain" }, isDefault ? { annotations: { "storageclass.kubernetes.io/is-default-class": "true" } } : {});
}
export const ebsParams = { type: "gp3", encrypted: "true", kmsKeyId: "arn:aws:kms:eu-west-1:1:key/k" };
export const storageClasses = [storageClass("tristack-standard", "ebs.csi.aws.com", ebsParams, true), storageClass("tristack-fast", "ebs.csi.aws.com", { ...ebsParams, type: "io2" })];

export const kafka = k8s("kafka.strimzi.io/v1", "Kafka", "events", "kafka", {
    spec: {
        kafka: {
            version: "4.1.0",
            listeners: [{ name: "tls", port: 9093, type: "internal", tls: true, authentication: { type: "tls" } }],
            authorization: { type: "simple" },
            rack: { topologyKey: "topology.kubernetes.io/zone" },
            config: { "default.replication.factor": 3, "offsets.topic.replication.factor": 3, "transaction.state.log.replication.factor": 3, "min.insync.replicas": 2, "transaction.state.log.min.isr": 2 },
        },
    },
});
const persistent = { type: "jbod", volumes: [{ id: 0, type: "persistent-claim", size: "100Gi", class: "tristack-fast", deleteClaim: false }] };
const poolResources = { requests: { cpu: "2", memory: "8Gi" }, limits: { cpu: "2", memory: "8Gi" } };
export const brokers = k8s("kafka.strimzi.io/v1", "KafkaNodePool", "brokers", "kafka", { spec: { replicas: 3, roles: ["broker"], storage: persistent, resources: poolResources } }, { labels: { "strimzi.io/cluster": "events" } });
export const controllers = k8s("kafka.strimzi.io/v1", "KafkaNodePool", "controllers", "kafka", { spec: { replicas: 3, roles: ["controller"], storage: persistent, resources: poolResources } }, { labels: { "strimzi.io/cluster": "events" } });
export const kafkaStack = [kafka, brokers, controllers];
export const kafkaTopic = k8s("kafka.strimzi.io/v1", "KafkaTopic", "orders", "kafka", { spec: { partitions: 12, replicas: 3, config: { "min.insync.replicas": 2 } } }, { labels: { "strimzi.io/cluster": "events" } });
export const kafkaUser = k8s("kafka.strimzi.io/v1", "KafkaUser", "app", "kafka", { spec: { authentication: { type: "tls" }, authorization: { type: "simple", acls: [{ resource: { type: "topic", name: "orders", patternType: "literal" }, operations: ["Read"] }] } } });

const rack = (z: string): Record<string, unknown> => ({ name: `rack-${z}`, nodeAffinityLabels: { "topology.kubernetes.io/zone": z } });
export const k8ssandra = k8s("k8ssandra.io/v1alpha1", "K8ssandraCluster", "cass", "cassandra", {
    spec: {
        auth: true,
        cassandra: {
            serverVersion: "4.1.8",
            serverImage: "docker.io/k8ssandra/cass-management-api:4.1.8@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            resources: { requests: { cpu: "4", memory: "16Gi" }, limits: { cpu: "4", memory: "16Gi" } },
            storageConfig: { cassandraDataVolumeClaimSpec: { storageClassName: "tristack-fast", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "500Gi" } } } },
            serverEncryptionStores: { keystoreSecretRef: { name: "ks" }, truststoreSecretRef: { name: "ts" } },
            clientEncryptionStores: { keystoreSecretRef: { name: "ks" }, truststoreSecretRef: { name: "ts" } },
            datacenters: [{ metadata: { name: "dc1" }, size: 3, racks: [rack("a"), rack("b"), rack("c")] }],
        },
        medusa: { storageProperties: { storageProvider: "s3", bucketName: "tristack-data" } },
        reaper: { autoScheduling: { enabled: true } },
    },
});
export const medusaSchedule = k8s("medusa.k8ssandra.io/v1alpha1", "MedusaBackupSchedule", "dc1-daily", "cassandra", { spec: { cronSchedule: "0 2 * * *", backupSpec: { cassandraDatacenter: "dc1", backupType: "differential" } } });

export const sparkApp = k8s("sparkoperator.k8s.io/v1beta2", "SparkApplication", "etl", "team-a", {
    spec: {
        type: "Scala",
        mode: "cluster",
        sparkVersion: "4.0.1",
        mainClass: "org.example.Etl",
        mainApplicationFile: "local:///opt/spark/jars/etl.jar",
        image: "docker.io/apache/spark:4.0.1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        sparkConf: { "spark.eventLog.enabled": "true", "spark.eventLog.dir": "s3a://tristack-data/spark-events" },
        driver: { cores: 1, coreLimit: "1200m", memory: "2g", serviceAccount: "spark", nodeSelector: { "tristack.io/role": "general" } },
        executor: { instances: 4, cores: 4, coreLimit: "4", memory: "8g", nodeSelector: { "tristack.io/role": "large-core" }, tolerations: [] },
        dynamicAllocation: { enabled: true, maxExecutors: 20, shuffleTrackingEnabled: true },
    },
});
