/**
 * A.3 Storage classes, volumes, object storage, keys (rules 22-28, 31-33).
 */
import { arr, bool, entries, get, jsonDoc, num, obj, str, strs } from "../lib/access";
import { resourceRule, stackRule } from "../lib/define";
import { pointsAt } from "../lib/joins";
import { anyOf, either, isS3Bucket, kube, kubeLabel, metaName, refersTo, s3, T } from "../lib/match";
import type { PolicyResource, StackIndex, StackViolation, TypeMatch } from "../lib/types";

const isStorageClass = kube("storage.k8s.io", "StorageClass");

function storageClassProblems(r: PolicyResource, prod: boolean): string[] {
    const name = metaName(r);
    const out: string[] = [];
    if (str(r.inputs, "volumeBindingMode") !== "WaitForFirstConsumer") out.push(`StorageClass ${name} volumeBindingMode is ${str(r.inputs, "volumeBindingMode") ?? "unset (Immediate)"}, not WaitForFirstConsumer`);
    if (bool(r.inputs, "allowVolumeExpansion") !== true) out.push(`StorageClass ${name} allowVolumeExpansion is not true`);
    const reclaim = str(r.inputs, "reclaimPolicy") ?? "Delete";
    const want = prod ? "Retain" : "Delete";
    if (reclaim !== want) out.push(`StorageClass ${name} reclaimPolicy is ${reclaim}, expected ${want}`);
    const provisioner = str(r.inputs, "provisioner") ?? "";
    const params = Object.fromEntries(entries(r.inputs, "parameters"));
    if (provisioner === "ebs.csi.aws.com") {
        if (params["encrypted"] !== "true") out.push(`StorageClass ${name} parameters.encrypted is not "true"`);
        if (prod && !params["kmsKeyId"]) out.push(`StorageClass ${name} parameters.kmsKeyId is not set (prod needs the CMK)`);
    } else if (provisioner === "pd.csi.storage.gke.io") {
        if (prod && !params["disk-encryption-kms-key"]) out.push(`StorageClass ${name} parameters.disk-encryption-kms-key is not set (prod needs the CMK)`);
    } else if (provisioner === "disk.csi.azure.com") {
        if (prod && !params["diskEncryptionSetID"]) out.push(`StorageClass ${name} parameters.diskEncryptionSetID is not set (prod needs the CMK)`);
    }
    return out;
}

/** 22 */
export const storageclassContract = stackRule(
    {
        id: "storageclass-contract",
        number: 22,
        description: "tristack-standard (default) and tristack-fast exist with WaitForFirstConsumer, expansion, encryption and the environment's reclaim policy.",
        severity: "high",
        anchors: ["design contract", "Kyverno other/restrict-storageclass", "gatekeeper-library general/storageclass", "EMR on EKS best practices"],
        scopes: ["kubernetes"],
        dev: "M",
        prod: "M",
    },
    ({ stack, environment }) => {
        const classes = stack.ofType(isStorageClass);
        const out: StackViolation[] = [];
        const tristack = classes.filter((c) => metaName(c).startsWith("tristack-"));
        for (const c of tristack) for (const m of storageClassProblems(c, environment === "prod")) out.push({ resource: c, message: m });
        // Report missing classes on the cluster's Kubernetes provider (or the first object when there is none).
        const anchor = stack.ofType((t) => t === "pulumi:providers:kubernetes")[0] ?? stack.ofType((t) => t.startsWith("kubernetes:") && !t.startsWith("kubernetes:helm"))[0];
        if (anchor) {
            for (const want of ["tristack-standard", "tristack-fast"]) {
                if (!tristack.some((c) => metaName(c) === want)) out.push({ resource: anchor, message: `StorageClass ${want} is not defined` });
            }
            const std = tristack.find((c) => metaName(c) === "tristack-standard");
            if (std && entries(std.inputs, "metadata.annotations").find(([k]) => k === "storageclass.kubernetes.io/is-default-class")?.[1] !== "true") {
                out.push({ resource: std, message: "StorageClass tristack-standard is not annotated as the default class" });
            }
        }
        return out;
    },
);

function storageClassOf(value: unknown): string | undefined {
    return typeof value === "string" ? value : undefined;
}

/** 23 */
export const pvcUsesPlatformStorageclass = resourceRule(
    {
        id: "pvc-uses-platform-storageclass",
        number: 23,
        description: "Every claim (PVCs, StatefulSet templates, Strimzi and K8ssandra storage) names a tristack-* storage class.",
        severity: "medium",
        anchors: ["Kyverno other/require-storageclass", "gatekeeper-library general/storageclass"],
        scopes: ["kubernetes"],
        dev: "A",
        prod: "M",
    },
    {
        appliesTo: either(kube("core", "PersistentVolumeClaim"), kube("apps", "StatefulSet"), kube("kafka.strimzi.io", "Kafka", "KafkaNodePool"), kube("k8ssandra.io", "K8ssandraCluster")),
        check(r) {
            const claims: [string, string | undefined][] = [];
            const kind = r.type.split(":").pop();
            if (kind === "PersistentVolumeClaim") claims.push(["spec.storageClassName", str(r.inputs, "spec.storageClassName")]);
            if (kind === "StatefulSet") arr(r.inputs, "spec.volumeClaimTemplates").forEach((t, i) => claims.push([`spec.volumeClaimTemplates[${i}].spec.storageClassName`, str(t, "spec.storageClassName")]));
            const strimzi = (base: string): void => {
                const storage = obj(r.inputs, base);
                if (!storage) return;
                const type = str(storage, "type");
                if (type === "jbod") arr(storage, "volumes").forEach((v, i) => { if (str(v, "type") !== "ephemeral") claims.push([`${base}.volumes[${i}].class`, storageClassOf(get(v, "class"))]); });
                else if (type === "persistent-claim") claims.push([`${base}.class`, storageClassOf(get(storage, "class"))]);
            };
            if (kind === "Kafka") strimzi("spec.kafka.storage");
            if (kind === "KafkaNodePool") strimzi("spec.storage");
            if (kind === "K8ssandraCluster") {
                const top = get(r.inputs, "spec.cassandra.storageConfig.cassandraDataVolumeClaimSpec");
                if (top !== undefined) claims.push(["spec.cassandra.storageConfig.cassandraDataVolumeClaimSpec.storageClassName", str(top, "storageClassName")]);
                arr(r.inputs, "spec.cassandra.datacenters").forEach((dc, i) => {
                    const s = get(dc, "storageConfig.cassandraDataVolumeClaimSpec");
                    if (s !== undefined) claims.push([`spec.cassandra.datacenters[${i}].storageConfig.cassandraDataVolumeClaimSpec.storageClassName`, str(s, "storageClassName")]);
                });
            }
            return claims.filter(([, c]) => !c?.startsWith("tristack-")).map(([where, c]) => `${kubeLabel(r)} ${where} is ${c ?? "unset"}, not a tristack-* class`);
        },
    },
);

/**
 * Side-car resources of a bucket (matched through their `bucket` input, by value, or at preview, when the
 * bucket's id is unknown, by dependency: policies/lib/joins.ts).
 * @param stack the stack
 * @param bucket the bucket
 * @param match side-car type
 */
function sidecars(stack: StackIndex, bucket: PolicyResource, match: TypeMatch): PolicyResource[] {
    const buckets = stack.ofType(isS3Bucket);
    return stack.ofType(match).filter((s) => pointsAt(s, "bucket", bucket, buckets));
}

const isPab = anyOf("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
const isAcl = s3("bucketAcl", "BucketAcl");
const PAB_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];
const PUBLIC_ACLS = ["public-read", "public-read-write", "authenticated-read"];
const PUBLIC_MEMBERS = ["allUsers", "allAuthenticatedUsers"];

/** 24 */
export const bucketNoPublicAccess = stackRule(
    {
        id: "bucket-no-public-access",
        number: 24,
        description: "Object storage is never public: S3 public access block with all four flags, GCS public access prevention enforced, no anonymous Azure blob access, no allUsers members.",
        severity: "critical",
        anchors: ["CKV2_AWS_6", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56", "CKV_AWS_20", "CKV_AWS_57", "AVD-AWS-0086", "AVD-AWS-0087", "AVD-AWS-0091", "AVD-AWS-0093", "AVD-AWS-0094", "aws-s3-bucket-disallow-public-read", "CKV_GCP_114", "CKV_GCP_28", "AVD-GCP-0001", "gcp-storage-bucket-enforce-public-access-prevention", "CKV_AZURE_190", "CKV_AZURE_59", "CKV_AZURE_34", "CKV2_AZURE_47", "AVD-AZU-0007"],
        scopes: ["aws", "gcp", "azure"],
        dev: "M",
        prod: "M",
    },
    ({ stack }) => {
        const out: StackViolation[] = [];
        for (const b of stack.ofType(isS3Bucket)) {
            const pabs = sidecars(stack, b, isPab);
            if (pabs.length === 0) out.push({ resource: b, message: `S3 bucket ${b.name} has no BucketPublicAccessBlock` });
            for (const p of pabs) {
                const off = PAB_FLAGS.filter((f) => bool(p.inputs, f) !== true);
                if (off.length) out.push({ resource: p, message: `S3 public access block of ${b.name} does not set ${off.join(", ")}` });
            }
            const inlineAcl = str(b.inputs, "acl");
            if (inlineAcl && PUBLIC_ACLS.includes(inlineAcl)) out.push({ resource: b, message: `S3 bucket ${b.name} has public ACL ${inlineAcl}` });
        }
        for (const a of stack.ofType(isAcl)) {
            const acl = str(a.inputs, "acl");
            if (acl && PUBLIC_ACLS.includes(acl)) out.push({ resource: a, message: `S3 bucket ACL ${a.name} is ${acl}` });
        }
        for (const b of stack.ofType(anyOf(T.gcsBucket))) {
            const pap = str(b.inputs, "publicAccessPrevention");
            if (pap !== "enforced") out.push({ resource: b, message: `GCS bucket ${b.name} publicAccessPrevention is ${pap ?? "unset (inherited)"}, not enforced` });
        }
        for (const m of stack.ofType(anyOf(T.gcsBucketIamMember, T.gcsBucketIamBinding))) {
            const members = [str(m.inputs, "member"), ...strs(m.inputs, "members")].filter((x): x is string => x !== undefined);
            for (const p of members.filter((x) => PUBLIC_MEMBERS.includes(x))) out.push({ resource: m, message: `GCS bucket IAM ${m.name} grants ${p}` });
        }
        for (const a of stack.ofType(anyOf(T.storageAccount))) {
            if (bool(a.inputs, "allowBlobPublicAccess") !== false) out.push({ resource: a, message: `storage account ${a.name} allowBlobPublicAccess is not false` });
        }
        for (const c of stack.ofType(anyOf(T.blobContainer))) {
            const pa = str(c.inputs, "publicAccess");
            if (pa !== undefined && pa !== "None") out.push({ resource: c, message: `blob container ${c.name} publicAccess is ${pa}` });
        }
        return out;
    },
);

const isSse = s3("bucketServerSideEncryptionConfiguration", "BucketServerSideEncryptionConfiguration");

/** 25 */
export const bucketEncryptionCmk = stackRule(
    {
        id: "bucket-encryption-cmk",
        number: 25,
        description: "Object storage is encrypted with our customer-managed key (S3 aws:kms + bucket key, GCS default KMS key, Azure Key Vault keys + infrastructure encryption).",
        severity: "high",
        anchors: ["CKV_AWS_145", "CKV_AWS_19", "AVD-AWS-0088", "AVD-AWS-0132", "aws-s3-bucket-enable-server-side-encryption", "aws-s3-bucket-configure-server-side-encryption-kms", "aws-s3-bucket-configure-server-side-encryption-customer-managed-key", "aws-s3-bucket-enable-bucket-key", "AVD-GCP-0066", "CKV2_AZURE_1", "AVD-AZU-0060", "AVD-AZU-0061"],
        scopes: ["aws", "gcp", "azure"],
        dev: "A",
        prod: "M",
    },
    ({ stack }) => {
        const out: StackViolation[] = [];
        for (const b of stack.ofType(isS3Bucket)) {
            const sse = sidecars(stack, b, isSse);
            if (sse.length === 0) {
                out.push({ resource: b, message: `S3 bucket ${b.name} has no server-side encryption configuration with aws:kms` });
                continue;
            }
            for (const s of sse) {
                const rules = arr(s.inputs, "rules");
                const kms = rules.find((x) => str(x, "applyServerSideEncryptionByDefault.sseAlgorithm") === "aws:kms");
                if (!kms) out.push({ resource: s, message: `S3 bucket ${b.name} encryption is not aws:kms` });
                else {
                    if (!str(kms, "applyServerSideEncryptionByDefault.kmsMasterKeyId")) out.push({ resource: s, message: `S3 bucket ${b.name} encryption names no kmsMasterKeyId` });
                    if (bool(kms, "bucketKeyEnabled") !== true) out.push({ resource: s, message: `S3 bucket ${b.name} bucketKeyEnabled is not true` });
                }
            }
        }
        for (const b of stack.ofType(anyOf(T.gcsBucket))) {
            if (!str(b.inputs, "encryption.defaultKmsKeyName")) out.push({ resource: b, message: `GCS bucket ${b.name} encryption.defaultKmsKeyName is not set` });
        }
        for (const a of stack.ofType(anyOf(T.storageAccount))) {
            const src = str(a.inputs, "encryption.keySource");
            if (src !== "Microsoft.Keyvault") out.push({ resource: a, message: `storage account ${a.name} encryption.keySource is ${src ?? "unset (Microsoft.Storage)"}, not Microsoft.Keyvault` });
            if (bool(a.inputs, "encryption.requireInfrastructureEncryption") !== true) out.push({ resource: a, message: `storage account ${a.name} encryption.requireInfrastructureEncryption is not true` });
        }
        return out;
    },
);

const isVersioning = s3("bucketVersioning", "BucketVersioning");

/** 26 */
export const bucketVersioningSoftdelete = stackRule(
    {
        id: "bucket-versioning-softdelete",
        number: 26,
        description: "Object versions survive overwrites and deletes (S3/GCS versioning, Azure blob versioning with delete retention; soft delete alone on Azure hierarchical-namespace accounts, which do not support versioning).",
        severity: "medium",
        anchors: ["CKV_AWS_21", "AVD-AWS-0090", "CKV_GCP_78", "AVD-GCP-0078", "CKV2_AZURE_38", "AVD-AZU-0056"],
        scopes: ["aws", "gcp", "azure"],
        dev: "A",
        prod: "M",
    },
    ({ stack }) => {
        const out: StackViolation[] = [];
        for (const b of stack.ofType(isS3Bucket)) {
            const v = sidecars(stack, b, isVersioning);
            if (!v.some((x) => str(x.inputs, "versioningConfiguration.status") === "Enabled")) out.push({ resource: b, message: `S3 bucket ${b.name} has no BucketVersioning with status Enabled` });
        }
        for (const b of stack.ofType(anyOf(T.gcsBucket))) {
            if (bool(b.inputs, "versioning.enabled") !== true) out.push({ resource: b, message: `GCS bucket ${b.name} versioning.enabled is not true` });
        }
        const services = stack.ofType(anyOf(T.blobService));
        for (const a of stack.ofType(anyOf(T.storageAccount))) {
            const svc = services.filter((s) => pointsAt(s, "accountName", a, stack.ofType(anyOf(T.storageAccount))));
            // Blob versioning is not supported on hierarchical-namespace (ADLS Gen2) accounts, and ARM
            // rejects it there (learn.microsoft.com storage-feature-support-in-storage-accounts): soft delete
            // is what such an account can have, and it must have it.
            const hns = bool(a.inputs, "isHnsEnabled") === true;
            if (hns && svc.some((s) => bool(s.inputs, "isVersioningEnabled") === true)) out.push({ resource: a, message: `storage account ${a.name} has a hierarchical namespace, where Azure does not support blob versioning: ARM rejects isVersioningEnabled; rely on soft delete` });
            if (!hns && !svc.some((s) => bool(s.inputs, "isVersioningEnabled") === true)) out.push({ resource: a, message: `storage account ${a.name} has no BlobServiceProperties with isVersioningEnabled` });
            if (!svc.some((s) => bool(s.inputs, "deleteRetentionPolicy.enabled") === true)) out.push({ resource: a, message: `storage account ${a.name} has no BlobServiceProperties with deleteRetentionPolicy enabled` });
        }
        return out;
    },
);

const isOwnership = anyOf("aws:s3/bucketOwnershipControls:BucketOwnershipControls");

/** 27 */
export const bucketUniformAccess = stackRule(
    {
        id: "bucket-uniform-access",
        number: 27,
        description: "Access is decided by IAM only: S3 BucketOwnerEnforced (the AWS default), GCS uniform bucket-level access, no Azure shared keys.",
        severity: "medium",
        anchors: ["CKV2_AWS_65", "CKV_GCP_29", "AVD-GCP-0002", "CKV2_AZURE_40"],
        scopes: ["aws", "gcp", "azure"],
        dev: "A",
        prod: "M",
    },
    ({ stack }) => {
        const out: StackViolation[] = [];
        for (const o of stack.ofType(isOwnership)) {
            const own = str(o.inputs, "rule.objectOwnership");
            if (own !== "BucketOwnerEnforced") out.push({ resource: o, message: `S3 ownership controls ${o.name} objectOwnership is ${own ?? "unset"}, not BucketOwnerEnforced` });
        }
        for (const b of stack.ofType(anyOf(T.gcsBucket))) {
            if (bool(b.inputs, "uniformBucketLevelAccess") !== true) out.push({ resource: b, message: `GCS bucket ${b.name} uniformBucketLevelAccess is not true` });
        }
        for (const a of stack.ofType(anyOf(T.storageAccount))) {
            if (bool(a.inputs, "allowSharedKeyAccess") !== false) out.push({ resource: a, message: `storage account ${a.name} allowSharedKeyAccess is not false` });
        }
        return out;
    },
);

function deniesInsecureTransport(policy: unknown): boolean {
    const doc = jsonDoc(policy);
    const statements = arr(doc, "Statement");
    return statements.some((s) => str(s, "Effect") === "Deny" && String(get(s, "Condition.Bool.aws:SecureTransport") ?? entries(s, "Condition.Bool").find(([k]) => k === "aws:SecureTransport")?.[1]) === "false");
}

/** 28 */
export const bucketTlsOnly = stackRule(
    {
        id: "bucket-tls-only",
        number: 28,
        description: "Object storage is only reachable over TLS 1.2+ (Azure HTTPS-only and minimum TLS; S3 policy denying aws:SecureTransport=false).",
        severity: "high",
        anchors: ["CKV_AZURE_3", "CKV_AZURE_44", "AVD-AZU-0008", "AVD-AZU-0011", "S3 SecureTransport (own)"],
        scopes: ["aws", "azure"],
        dev: "M",
        prod: "M",
    },
    ({ stack }) => {
        const out: StackViolation[] = [];
        for (const a of stack.ofType(anyOf(T.storageAccount))) {
            if (bool(a.inputs, "enableHttpsTrafficOnly") === false) out.push({ resource: a, message: `storage account ${a.name} enableHttpsTrafficOnly is false` });
            const tls = str(a.inputs, "minimumTlsVersion");
            if (tls !== "TLS1_2" && tls !== "TLS1_3") out.push({ resource: a, message: `storage account ${a.name} minimumTlsVersion is ${tls ?? "unset"}, not TLS1_2` });
        }
        for (const b of stack.ofType(isS3Bucket)) {
            const mine = sidecars(stack, b, anyOf("aws:s3/bucketPolicy:BucketPolicy"));
            if (!mine.some((p) => deniesInsecureTransport(get(p.inputs, "policy")))) out.push({ resource: b, message: `S3 bucket ${b.name} has no bucket policy denying aws:SecureTransport=false` });
        }
        return out;
    },
);

/** 31 */
export const storageNetworkRestricted = stackRule(
    {
        id: "storage-network-restricted",
        number: 31,
        description: "Azure storage accounts deny public networks by default (trusted services bypass or a private endpoint).",
        severity: "high",
        anchors: ["CKV_AZURE_35", "CKV_AZURE_36", "CKV2_AZURE_33", "AVD-AZU-0012", "AVD-AZU-0010"],
        scopes: ["azure"],
        dev: "A",
        prod: "M",
    },
    ({ stack }) => {
        const out: StackViolation[] = [];
        const endpoints = stack.ofType(anyOf("azure-native:network:PrivateEndpoint"));
        for (const a of stack.ofType(anyOf(T.storageAccount))) {
            const action = str(a.inputs, "networkRuleSet.defaultAction");
            if (action !== "Deny") {
                out.push({ resource: a, message: `storage account ${a.name} networkRuleSet.defaultAction is ${action ?? "unset (Allow)"}, not Deny` });
                continue;
            }
            const bypass = str(a.inputs, "networkRuleSet.bypass") ?? "AzureServices";
            const pe = endpoints.some((e) => arr(e.inputs, "privateLinkServiceConnections").some((c) => refersTo(get(c, "privateLinkServiceId"), a)));
            if (!bypass.includes("AzureServices") && !pe) out.push({ resource: a, message: `storage account ${a.name} has neither the AzureServices bypass nor a private endpoint` });
        }
        return out;
    },
);

function durationSeconds(v: string | undefined): number | undefined {
    const m = v === undefined ? null : /^(\d+(?:\.\d+)?)s$/.exec(v);
    return m ? Number(m[1]) : undefined;
}

/** 32 */
export const kmsKeyRotation = resourceRule(
    {
        id: "kms-key-rotation",
        number: 32,
        description: "Customer-managed keys rotate (AWS automatic rotation, GCP rotation period of at most 90 days, Azure rotation policy or expiry).",
        severity: "medium",
        anchors: ["CKV_AWS_7", "AVD-AWS-0065", "awsguard cmk-backing-key-rotation-enabled", "aws-kms-key-enable-key-rotation", "CKV_GCP_43", "AVD-GCP-0065", "CKV_AZURE_40", "AVD-AZU-0014"],
        scopes: ["aws", "gcp", "azure"],
        dev: "M",
        prod: "M",
    },
    {
        appliesTo: anyOf(T.kmsKey, T.gcpCryptoKey, T.keyVaultKey),
        check(r) {
            switch (r.type) {
                case T.kmsKey:
                    return bool(r.inputs, "enableKeyRotation") === true ? [] : ["KMS key enableKeyRotation is not true"];
                case T.gcpCryptoKey: {
                    const p = str(r.inputs, "rotationPeriod");
                    const s = durationSeconds(p);
                    if (s === undefined) return [`Cloud KMS key rotationPeriod is ${p ?? "unset"}; set at most 7776000s (90 days)`];
                    return s > 7776000 ? [`Cloud KMS key rotationPeriod ${p} exceeds 7776000s (90 days)`] : [];
                }
                default: {
                    const actions = arr(r.inputs, "properties.rotationPolicy.lifetimeActions");
                    const rotates = actions.some((a) => (str(a, "action.type") ?? "").toLowerCase() === "rotate");
                    const expires = get(r.inputs, "properties.attributes.expires") !== undefined;
                    return rotates || expires ? [] : ["Key Vault key has neither a rotationPolicy with a Rotate action nor attributes.expires"];
                }
            }
        },
    },
);

function principalIsWildcard(p: unknown): boolean {
    if (p === "*") return true;
    const aws = get(p, "AWS");
    return aws === "*" || (Array.isArray(aws) && aws.includes("*"));
}

/** 33 */
export const kmsKeySafePolicyAndDeletion = resourceRule(
    {
        id: "kms-key-safe-policy-and-deletion",
        number: 33,
        description: "Keys cannot be opened to everyone or destroyed by accident (no * principal, lockout check kept, 30-day deletion window, GCP key protected, Key Vault purge protection and soft delete).",
        severity: "high",
        anchors: ["CKV_AWS_33", "CKV2_AWS_64", "aws-kms-key-disallow-bypass-policy-lockout-safety-check", "CKV_GCP_82", "CKV_AZURE_110", "CKV_AZURE_42", "AVD-AZU-0016"],
        scopes: ["aws", "gcp", "azure"],
        dev: "A",
        prod: "M",
    },
    {
        appliesTo: anyOf(T.kmsKey, T.gcpCryptoKey, T.keyVault),
        check(r, ctx) {
            const out: string[] = [];
            switch (r.type) {
                case T.kmsKey: {
                    const doc = jsonDoc(get(r.inputs, "policy"));
                    arr(doc, "Statement").forEach((s, i) => {
                        if (str(s, "Effect") === "Allow" && principalIsWildcard(get(s, "Principal")) && obj(s, "Condition") === undefined) out.push(`KMS key policy Statement[${i}] allows Principal * without a condition`);
                    });
                    if (bool(r.inputs, "bypassPolicyLockoutSafetyCheck") === true) out.push("KMS key bypassPolicyLockoutSafetyCheck is true");
                    const window = num(r.inputs, "deletionWindowInDays");
                    if (ctx.environment === "prod" && window !== undefined && window < 30) out.push(`KMS key deletionWindowInDays is ${window}; prod needs 30`);
                    return out;
                }
                case T.gcpCryptoKey:
                    return r.options.protect || r.options.retainOnDelete ? [] : ["Cloud KMS key is not protected from destroy (protect or retainOnDelete)"];
                default:
                    if (bool(r.inputs, "properties.enablePurgeProtection") !== true) out.push("Key Vault properties.enablePurgeProtection is not true");
                    if (bool(r.inputs, "properties.enableSoftDelete") === false) out.push("Key Vault properties.enableSoftDelete is false");
                    return out;
            }
        },
    },
);

/** The rules of this file. */
export const STORAGE_RULES = [storageclassContract, pvcUsesPlatformStorageclass, bucketNoPublicAccess, bucketEncryptionCmk, bucketVersioningSoftdelete, bucketUniformAccess, bucketTlsOnly, storageNetworkRestricted, kmsKeyRotation, kmsKeySafePolicyAndDeletion];
