/**
 * Type-token matching on strings (no provider SDK imports): S3 v6/v7 names, Kubernetes group/kind
 * ignoring the version, and helpers to reach pod specs and containers in Kubernetes objects.
 */
import { arr, get, obj, str } from "./access";
import type { PolicyResource, TypeMatch } from "./types";

/**
 * Match any of the exact tokens.
 * @param tokens type tokens
 */
export function anyOf(...tokens: string[]): TypeMatch {
    const set = new Set(tokens);
    return (type) => set.has(type);
}

/**
 * Combine matchers.
 * @param matchers matchers
 */
export function either(...matchers: TypeMatch[]): TypeMatch {
    return (type) => matchers.some((m) => m(type));
}

/**
 * An S3 token in both the @pulumi/aws v7 spelling and the v6 `…V2` spelling.
 * @param module camelCase module, e.g. `bucketVersioning`
 * @param kind PascalCase kind, e.g. `BucketVersioning`
 */
export function s3(module: string, kind: string): TypeMatch {
    return anyOf(`aws:s3/${module}:${kind}`, `aws:s3/${module}V2:${kind}V2`);
}

/** Parsed Kubernetes type token. */
export interface KubeType {
    /** API group (`core` for the legacy group). */
    readonly group: string;
    /** Version (`v1`, `v1beta2`). */
    readonly version: string;
    /** Kind. */
    readonly kind: string;
}

/**
 * Parse `kubernetes:<group>/<version>:<kind>` (undefined for non-Kubernetes tokens).
 * @param type type token
 */
export function kubeType(type: string): KubeType | undefined {
    const m = /^kubernetes:([^:]+)\/([^/:]+):([^:]+)$/.exec(type);
    if (!m) return undefined;
    return { group: m[1]!, version: m[2]!, kind: m[3]! };
}

/**
 * Kubernetes kinds of one group, any version.
 * @param group API group (`core`, `apps`, `kafka.strimzi.io`)
 * @param kinds kinds
 */
export function kube(group: string, ...kinds: string[]): TypeMatch {
    return (type) => {
        const t = kubeType(type);
        return t !== undefined && t.group === group && kinds.includes(t.kind);
    };
}

/** Token constants. */
export const T = {
    eksCluster: "aws:eks/cluster:Cluster",
    eksNodeGroup: "aws:eks/nodeGroup:NodeGroup",
    eksAddon: "aws:eks/addon:Addon",
    eksAccessEntry: "aws:eks/accessEntry:AccessEntry",
    eksPodIdentity: "aws:eks/podIdentityAssociation:PodIdentityAssociation",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    ebsDefault: "aws:ebs/encryptionByDefault:EncryptionByDefault",
    ebsVolume: "aws:ebs/volume:Volume",
    kmsKey: "aws:kms/key:Key",
    iamPolicy: "aws:iam/policy:Policy",
    iamRole: "aws:iam/role:Role",
    iamRolePolicy: "aws:iam/rolePolicy:RolePolicy",
    iamRolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    iamAccessKey: "aws:iam/accessKey:AccessKey",
    iamOidc: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    gkeCluster: "gcp:container/cluster:Cluster",
    gkeNodePool: "gcp:container/nodePool:NodePool",
    gcsBucket: "gcp:storage/bucket:Bucket",
    gcsBucketIamMember: "gcp:storage/bucketIAMMember:BucketIAMMember",
    gcsBucketIamBinding: "gcp:storage/bucketIAMBinding:BucketIAMBinding",
    gcpCryptoKey: "gcp:kms/cryptoKey:CryptoKey",
    gcpProjectIamMember: "gcp:projects/iAMMember:IAMMember",
    gcpProjectIamBinding: "gcp:projects/iAMBinding:IAMBinding",
    gcpSaIamMember: "gcp:serviceaccount/iAMMember:IAMMember",
    gcpSaIamBinding: "gcp:serviceaccount/iAMBinding:IAMBinding",
    gcpSaKey: "gcp:serviceaccount/key:Key",
    aksCluster: "azure-native:containerservice:ManagedCluster",
    aksPool: "azure-native:containerservice:AgentPool",
    diagnosticSetting: "azure-native:monitor:DiagnosticSetting",
    storageAccount: "azure-native:storage:StorageAccount",
    blobContainer: "azure-native:storage:BlobContainer",
    blobService: "azure-native:storage:BlobServiceProperties",
    keyVault: "azure-native:keyvault:Vault",
    keyVaultKey: "azure-native:keyvault:Key",
    roleAssignment: "azure-native:authorization:RoleAssignment",
    roleDefinition: "azure-native:authorization:RoleDefinition",
    federatedCredential: "azure-native:managedidentity:FederatedIdentityCredential",
    helmRelease: "kubernetes:helm.sh/v3:Release",
    helmChart: "kubernetes:helm.sh/v4:Chart",
} as const;

/** S3 buckets (v7 `Bucket` and v6 `BucketV2`). */
export const isS3Bucket = s3("bucket", "Bucket");
/** The three managed cluster types. */
export const isCluster = anyOf(T.eksCluster, T.gkeCluster, T.aksCluster);
/** Separate node-pool resources. */
export const isPool = anyOf(T.eksNodeGroup, T.gkeNodePool, T.aksPool);
/** Helm releases and charts. */
export const isHelm = anyOf(T.helmRelease, T.helmChart);

/** Workload kinds with a pod template. */
export const isWorkload = either(kube("apps", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"), kube("batch", "Job", "CronJob"), kube("core", "Pod"));
/** Long-running controllers. */
export const isController = kube("apps", "Deployment", "StatefulSet", "DaemonSet");
/** A Strimzi Kafka cluster. */
export const isKafka = kube("kafka.strimzi.io", "Kafka");

/**
 * The pod spec of a workload object, or undefined.
 * @param r the resource
 */
export function podSpec(r: PolicyResource): Record<string, unknown> | undefined {
    const t = kubeType(r.type);
    if (!t) return undefined;
    if (t.kind === "Pod") return obj(r.inputs, "spec");
    if (t.kind === "CronJob") return obj(r.inputs, "spec.jobTemplate.spec.template.spec");
    return obj(r.inputs, "spec.template.spec");
}

/** A container with where it sits. */
export interface ContainerRef {
    /** `containers[0]`, `initContainers[1]`. */
    readonly where: string;
    /** The container's name. */
    readonly name: string;
    /** The container object. */
    readonly c: Record<string, unknown>;
    /** Whether it is an init container. */
    readonly init: boolean;
}

/**
 * Every container and init container of a pod spec.
 * @param spec the pod spec
 */
export function containers(spec: Record<string, unknown> | undefined): ContainerRef[] {
    if (!spec) return [];
    const out: ContainerRef[] = [];
    for (const key of ["initContainers", "containers"] as const) {
        arr(spec, key).forEach((c, i) => {
            const co = (c ?? {}) as Record<string, unknown>;
            out.push({ where: `${key}[${i}]`, name: str(co, "name") ?? `#${i}`, c: co, init: key === "initContainers" });
        });
    }
    return out;
}

/**
 * `metadata.name`, falling back to the logical name.
 * @param r the resource
 */
export function metaName(r: PolicyResource): string {
    return str(r.inputs, "metadata.name") ?? r.name;
}

/**
 * `metadata.namespace` (undefined when unset).
 * @param r the resource
 */
export function metaNamespace(r: PolicyResource): string | undefined {
    return str(r.inputs, "metadata.namespace");
}

/**
 * A readable label for messages: `Kind ns/name`.
 * @param r the resource
 */
export function kubeLabel(r: PolicyResource): string {
    const t = kubeType(r.type);
    const ns = metaNamespace(r);
    return `${t?.kind ?? r.type} ${ns ? `${ns}/` : ""}${metaName(r)}`;
}

/**
 * Whether a value refers to a resource (by name, mock id, ARN, bucket name or URN): stack rules join
 * resources this way because the offline plan has no property dependencies.
 * @param value the referring value (e.g. a `bucket` input)
 * @param target the resource referred to
 */
export function refersTo(value: unknown, target: PolicyResource): boolean {
    if (typeof value !== "string" || value === "") return false;
    const candidates = [target.name, `${target.name}-id`, target.urn, get(target.inputs, "id"), get(target.inputs, "bucket"), get(target.inputs, "name"), get(target.inputs, "arn"), get(target.inputs, "accountName")];
    return candidates.some((c) => typeof c === "string" && c !== "" && (c === value || value.endsWith(`/${c}`) || value.endsWith(`:${c}`)));
}

/**
 * Simple glob (`*` only) match.
 * @param pattern glob
 * @param value value
 */
export function glob(pattern: string, value: string): boolean {
    const re = new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, "\\$&")).join(".*")}$`);
    return re.test(value);
}

/** A CIDR open to the whole internet. */
export function isOpenCidr(cidr: unknown): boolean {
    return cidr === "0.0.0.0/0" || cidr === "::/0";
}
