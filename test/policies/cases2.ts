/**
 * The rule test table, part two: storage, keys, IAM, Kubernetes and data services.
 */
import type { PolicyResource } from "../../policies/lib/types";
import * as I from "../../policies/rules/iam";
import * as S from "../../policies/rules/storage";
import * as F from "./fixtures";
import * as A from "./fixturesAws";
import { k8s, mut, res, T, UNKNOWN, unknownAt, withOptions } from "./fixtures";
import type { RuleCase } from "./cases";
import type { Environment, Rule, RuleParams, Scope } from "../../policies/lib/types";

const cases: RuleCase[] = [];
type Extra = { env?: Environment; params?: RuleParams };
function add(rule: Rule, scope: Scope, kind: RuleCase["kind"], title: string, r: PolicyResource | readonly PolicyResource[], expect: readonly string[], extra: Extra = {}): void {
    cases.push({ rule, scope, kind, title, resources: Array.isArray(r) ? r : [r as PolicyResource], expect, ...extra });
}
const pass = (rule: Rule, scope: Scope, title: string, r: PolicyResource | readonly PolicyResource[], extra?: Extra): void => add(rule, scope, "pass", title, r, [], extra);
const fail = (rule: Rule, scope: Scope, title: string, r: PolicyResource | readonly PolicyResource[], expect: readonly string[], extra?: Extra): void => add(rule, scope, "fail", title, r, expect, extra);
const unset = (rule: Rule, scope: Scope, title: string, r: PolicyResource | readonly PolicyResource[], expect: readonly string[], extra?: Extra): void => add(rule, scope, "unset", title, r, expect, extra);
const unknown = (rule: Rule, scope: Scope, r: PolicyResource | readonly PolicyResource[], path: string, extra?: Extra): void => add(rule, scope, "unknown", `unknown ${path}`, r, [unknownAt(path)], extra);
const replace = (list: readonly PolicyResource[], from: PolicyResource, to: PolicyResource | undefined): PolicyResource[] => list.flatMap((x) => (x === from ? (to ? [to] : []) : [x]));

// 22 storageclass-contract
{
    const r = S.storageclassContract;
    const [std, fast] = F.storageClasses as [PolicyResource, PolicyResource];
    pass(r, "kubernetes", "both classes, prod", F.storageClasses);
    pass(r, "kubernetes", "Delete in dev", [mut(std, "reclaimPolicy", "Delete"), mut(fast, "reclaimPolicy", "Delete")], { env: "dev" });
    fail(r, "kubernetes", "Immediate binding", [mut(std, "volumeBindingMode", "Immediate"), fast], ["StorageClass tristack-standard volumeBindingMode is Immediate, not WaitForFirstConsumer"]);
    fail(r, "kubernetes", "fast missing", [std], ["StorageClass tristack-fast is not defined"]);
    fail(r, "kubernetes", "GCE PD without CMK in prod", [F.storageClass("tristack-standard", "pd.csi.storage.gke.io", { type: "pd-balanced" }, true), F.storageClass("tristack-fast", "pd.csi.storage.gke.io", { type: "pd-ssd", "disk-encryption-kms-key": "k" })], ["StorageClass tristack-standard parameters.disk-encryption-kms-key is not set (prod needs the CMK)"]);
    fail(r, "kubernetes", "Azure disk without DES in prod", [F.storageClass("tristack-standard", "disk.csi.azure.com", { skuName: "Premium_ZRS", diskEncryptionSetID: "des" }, true), F.storageClass("tristack-fast", "disk.csi.azure.com", { skuName: "PremiumV2_LRS" })], ["StorageClass tristack-fast parameters.diskEncryptionSetID is not set (prod needs the CMK)"]);
    unset(r, "kubernetes", "reclaimPolicy unset = Delete, fails in prod", [mut(std, "reclaimPolicy", undefined), fast], ["StorageClass tristack-standard reclaimPolicy is Delete, expected Retain"]);
    unknown(r, "kubernetes", [mut(std, "parameters.kmsKeyId", UNKNOWN), fast], "parameters.kmsKeyId");
}
// 23 pvc-uses-platform-storageclass
{
    const r = S.pvcUsesPlatformStorageclass;
    const pvc = k8s("v1", "PersistentVolumeClaim", "data", "spark", { spec: { storageClassName: "tristack-standard", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Gi" } } } });
    pass(r, "kubernetes", "PVC, Strimzi and K8ssandra", [pvc, F.brokers, F.k8ssandra]);
    fail(r, "kubernetes", "gp2 PVC", mut(pvc, "spec.storageClassName", "gp2"), ["PersistentVolumeClaim spark/data spec.storageClassName is gp2, not a tristack-* class"]);
    fail(r, "kubernetes", "Strimzi volume without class", mut(F.brokers, "spec.storage.volumes.0.class", "standard"), ["KafkaNodePool kafka/brokers spec.storage.volumes[0].class is standard, not a tristack-* class"]);
    unset(r, "kubernetes", "K8ssandra class unset", mut(F.k8ssandra, "spec.cassandra.storageConfig.cassandraDataVolumeClaimSpec.storageClassName", undefined), ["K8ssandraCluster cassandra/cass spec.cassandra.storageConfig.cassandraDataVolumeClaimSpec.storageClassName is unset, not a tristack-* class"]);
    unknown(r, "kubernetes", mut(pvc, "spec.storageClassName", UNKNOWN), "spec.storageClassName");
}
// 24 bucket-no-public-access
{
    const r = S.bucketNoPublicAccess;
    pass(r, "aws", "bucket with full public access block", F.s3Stack);
    fail(r, "aws", "one flag off", replace(F.s3Stack, F.s3Pab, mut(F.s3Pab, "restrictPublicBuckets", false)), ["S3 public access block of data does not set restrictPublicBuckets"]);
    fail(r, "aws", "public-read ACL (v6 token)", [...F.s3Stack, res("aws:s3/bucketAclV2:BucketAclV2", "acl", { bucket: "data-id", acl: "public-read" })], ["S3 bucket ACL acl is public-read"]);
    unset(r, "aws", "no public access block", replace(F.s3Stack, F.s3Pab, undefined), ["S3 bucket data has no BucketPublicAccessBlock"]);
    unknown(r, "aws", replace(F.s3Stack, F.s3Pab, mut(F.s3Pab, "blockPublicAcls", UNKNOWN)), "blockPublicAcls");
    // At preview under the CLI the bucket's id is unknown: side-cars join through their dependencies (policies/lib/joins.ts).
    const pabAtPreview = A.s3StackAtPreview.find((x) => x.name === F.s3Pab.name)!;
    pass(r, "aws", "at preview: full public access block", A.s3StackAtPreview);
    fail(r, "aws", "at preview: one flag off", replace(A.s3StackAtPreview, pabAtPreview, mut(pabAtPreview, "restrictPublicBuckets", false)), ["S3 public access block of data does not set restrictPublicBuckets"]);
    unset(r, "aws", "at preview: no public access block", replace(A.s3StackAtPreview, pabAtPreview, undefined), ["S3 bucket data has no BucketPublicAccessBlock"]);
    pass(r, "gcp", "enforced", F.gcsBucket);
    fail(r, "gcp", "allUsers member", [F.gcsBucket, res(T.gcsBucketIamMember, "public", { bucket: "tristack-data", role: "roles/storage.objectViewer", member: "allUsers" })], ["GCS bucket IAM public grants allUsers"]);
    unset(r, "gcp", "PAP unset = inherited", mut(F.gcsBucket, "publicAccessPrevention", undefined), ["GCS bucket data publicAccessPrevention is unset (inherited), not enforced"]);
    unknown(r, "gcp", mut(F.gcsBucket, "publicAccessPrevention", UNKNOWN), "publicAccessPrevention");
    pass(r, "azure", "no anonymous access", [...F.azureStack, res(T.blobContainer, "c", { containerName: "data", publicAccess: "None" })]);
    fail(r, "azure", "public container", [...F.azureStack, res(T.blobContainer, "c", { containerName: "data", publicAccess: "Blob" })], ["blob container c publicAccess is Blob"]);
    unset(r, "azure", "allowBlobPublicAccess unset", mut(F.storageAccount, "allowBlobPublicAccess", undefined), ["storage account data allowBlobPublicAccess is not false"]);
    unknown(r, "azure", mut(F.storageAccount, "allowBlobPublicAccess", UNKNOWN), "allowBlobPublicAccess");
}
// 25 bucket-encryption-cmk
{
    const r = S.bucketEncryptionCmk;
    pass(r, "aws", "aws:kms + key + bucket key", F.s3Stack);
    fail(r, "aws", "AES256", replace(F.s3Stack, F.s3Sse, mut(F.s3Sse, "rules.0.applyServerSideEncryptionByDefault.sseAlgorithm", "AES256")), ["S3 bucket data encryption is not aws:kms"]);
    unset(r, "aws", "no SSE configuration (S3 default SSE-S3)", replace(F.s3Stack, F.s3Sse, undefined), ["S3 bucket data has no server-side encryption configuration with aws:kms"]);
    unknown(r, "aws", replace(F.s3Stack, F.s3Sse, mut(F.s3Sse, "rules.0.applyServerSideEncryptionByDefault.kmsMasterKeyId", UNKNOWN)), "applyServerSideEncryptionByDefault.kmsMasterKeyId");
    pass(r, "gcp", "default KMS key", F.gcsBucket);
    fail(r, "gcp", "empty key", mut(F.gcsBucket, "encryption.defaultKmsKeyName", ""), ["GCS bucket data encryption.defaultKmsKeyName is not set"]);
    unset(r, "gcp", "unset (Google-managed)", mut(F.gcsBucket, "encryption", undefined), ["GCS bucket data encryption.defaultKmsKeyName is not set"]);
    unknown(r, "gcp", mut(F.gcsBucket, "encryption.defaultKmsKeyName", UNKNOWN), "encryption.defaultKmsKeyName");
    pass(r, "azure", "Key Vault keys", F.storageAccount);
    fail(r, "azure", "no infrastructure encryption", mut(F.storageAccount, "encryption.requireInfrastructureEncryption", false), ["storage account data encryption.requireInfrastructureEncryption is not true"]);
    unset(r, "azure", "unset (Microsoft-managed)", mut(F.storageAccount, "encryption", undefined), ["storage account data encryption.keySource is unset (Microsoft.Storage), not Microsoft.Keyvault", "storage account data encryption.requireInfrastructureEncryption is not true"]);
    unknown(r, "azure", mut(F.storageAccount, "encryption.keySource", UNKNOWN), "encryption.keySource");
}
// 26 bucket-versioning-softdelete
{
    const r = S.bucketVersioningSoftdelete;
    pass(r, "aws", "versioning enabled", F.s3Stack);
    pass(r, "aws", "v6 BucketVersioningV2", replace(F.s3Stack, F.s3Versioning, res("aws:s3/bucketVersioningV2:BucketVersioningV2", "v2", { bucket: "data-id", versioningConfiguration: { status: "Enabled" } })));
    fail(r, "aws", "suspended", replace(F.s3Stack, F.s3Versioning, mut(F.s3Versioning, "versioningConfiguration.status", "Suspended")), ["S3 bucket data has no BucketVersioning with status Enabled"]);
    unset(r, "aws", "no versioning resource", replace(F.s3Stack, F.s3Versioning, undefined), ["S3 bucket data has no BucketVersioning with status Enabled"]);
    unknown(r, "aws", replace(F.s3Stack, F.s3Versioning, mut(F.s3Versioning, "versioningConfiguration.status", UNKNOWN)), "versioningConfiguration.status");
    pass(r, "gcp", "versioning", F.gcsBucket);
    fail(r, "gcp", "off", mut(F.gcsBucket, "versioning.enabled", false), ["GCS bucket data versioning.enabled is not true"]);
    unset(r, "gcp", "unset", mut(F.gcsBucket, "versioning", undefined), ["GCS bucket data versioning.enabled is not true"]);
    unknown(r, "gcp", mut(F.gcsBucket, "versioning.enabled", UNKNOWN), "versioning.enabled");
    pass(r, "azure", "versioning + retention", F.azureStack);
    fail(r, "azure", "no retention", [F.storageAccount, mut(F.blobService, "deleteRetentionPolicy.enabled", false)], ["storage account data has no BlobServiceProperties with deleteRetentionPolicy enabled"]);
    unset(r, "azure", "no blob service properties", [F.storageAccount], ["storage account data has no BlobServiceProperties with isVersioningEnabled", "storage account data has no BlobServiceProperties with deleteRetentionPolicy enabled"]);
    unknown(r, "azure", [F.storageAccount, mut(F.blobService, "isVersioningEnabled", UNKNOWN)], "isVersioningEnabled");
    pass(r, "azure", "at preview: blob service properties join through their dependency", A.azureStackAtPreview);
    pass(r, "azure", "HNS account with soft delete and no versioning", [mut(F.storageAccount, "isHnsEnabled", true), mut(F.blobService, "isVersioningEnabled", false)]);
    fail(r, "azure", "HNS account asking for versioning (ARM rejects it)", [mut(F.storageAccount, "isHnsEnabled", true), F.blobService], [
        "storage account data has a hierarchical namespace, where Azure does not support blob versioning: ARM rejects isVersioningEnabled; rely on soft delete",
    ]);
    fail(r, "azure", "HNS account without soft delete", [mut(F.storageAccount, "isHnsEnabled", true), mut(mut(F.blobService, "isVersioningEnabled", false), "deleteRetentionPolicy.enabled", false)], [
        "storage account data has no BlobServiceProperties with deleteRetentionPolicy enabled",
    ]);
}
// 27 bucket-uniform-access
{
    const r = S.bucketUniformAccess;
    pass(r, "aws", "BucketOwnerEnforced", F.s3Stack);
    fail(r, "aws", "ObjectWriter", replace(F.s3Stack, F.s3Ownership, mut(F.s3Ownership, "rule.objectOwnership", "ObjectWriter")), ["S3 ownership controls data-ownership objectOwnership is ObjectWriter, not BucketOwnerEnforced"]);
    unset(r, "aws", "no ownership controls = AWS default BucketOwnerEnforced", replace(F.s3Stack, F.s3Ownership, undefined), []);
    unknown(r, "aws", replace(F.s3Stack, F.s3Ownership, mut(F.s3Ownership, "rule.objectOwnership", UNKNOWN)), "rule.objectOwnership");
    pass(r, "gcp", "UBLA", F.gcsBucket);
    fail(r, "gcp", "fine-grained", mut(F.gcsBucket, "uniformBucketLevelAccess", false), ["GCS bucket data uniformBucketLevelAccess is not true"]);
    unset(r, "gcp", "unset (default fine-grained)", mut(F.gcsBucket, "uniformBucketLevelAccess", undefined), ["GCS bucket data uniformBucketLevelAccess is not true"]);
    unknown(r, "gcp", mut(F.gcsBucket, "uniformBucketLevelAccess", UNKNOWN), "uniformBucketLevelAccess");
    pass(r, "azure", "no shared keys", F.storageAccount);
    fail(r, "azure", "shared keys", mut(F.storageAccount, "allowSharedKeyAccess", true), ["storage account data allowSharedKeyAccess is not false"]);
    unset(r, "azure", "unset (default allows)", mut(F.storageAccount, "allowSharedKeyAccess", undefined), ["storage account data allowSharedKeyAccess is not false"]);
    unknown(r, "azure", mut(F.storageAccount, "allowSharedKeyAccess", UNKNOWN), "allowSharedKeyAccess");
}
// 28 bucket-tls-only
{
    const r = S.bucketTlsOnly;
    pass(r, "aws", "deny insecure transport", F.s3Stack);
    fail(r, "aws", "policy without the deny", replace(F.s3Stack, F.s3Policy, mut(F.s3Policy, "policy", JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::1:role/spark" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::tristack-data/*" }] }))), ["S3 bucket data has no bucket policy denying aws:SecureTransport=false"]);
    unset(r, "aws", "no bucket policy", replace(F.s3Stack, F.s3Policy, undefined), ["S3 bucket data has no bucket policy denying aws:SecureTransport=false"]);
    unknown(r, "aws", replace(F.s3Stack, F.s3Policy, mut(F.s3Policy, "policy", UNKNOWN)), "policy");
    pass(r, "aws", "at preview: the bucket policy joins through its dependency", A.s3StackAtPreview);
    unknown(r, "aws", replace(F.s3Stack, F.s3Policy, mut(F.s3Policy, "bucket", UNKNOWN)), "bucket");
    pass(r, "azure", "HTTPS + TLS1_2", F.storageAccount);
    fail(r, "azure", "TLS1_0", mut(F.storageAccount, "minimumTlsVersion", "TLS1_0"), ["storage account data minimumTlsVersion is TLS1_0, not TLS1_2"]);
    unset(r, "azure", "HTTPS unset (default on), TLS unset", mut(mut(F.storageAccount, "enableHttpsTrafficOnly", undefined), "minimumTlsVersion", undefined), ["storage account data minimumTlsVersion is unset, not TLS1_2"]);
    unknown(r, "azure", mut(F.storageAccount, "enableHttpsTrafficOnly", UNKNOWN), "enableHttpsTrafficOnly");
}
// 31 storage-network-restricted
{
    const r = S.storageNetworkRestricted;
    pass(r, "azure", "deny + AzureServices", F.storageAccount);
    pass(r, "azure", "deny + private endpoint", [mut(F.storageAccount, "networkRuleSet.bypass", "None"), res("azure-native:network:PrivateEndpoint", "pe", { privateLinkServiceConnections: [{ name: "blob", privateLinkServiceId: "/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/tristackdata" }] })]);
    fail(r, "azure", "deny without bypass or endpoint", mut(F.storageAccount, "networkRuleSet.bypass", "None"), ["storage account data has neither the AzureServices bypass nor a private endpoint"]);
    unset(r, "azure", "no network rules (Allow)", mut(F.storageAccount, "networkRuleSet", undefined), ["storage account data networkRuleSet.defaultAction is unset (Allow), not Deny"]);
    unknown(r, "azure", mut(F.storageAccount, "networkRuleSet.defaultAction", UNKNOWN), "networkRuleSet.defaultAction");
}
// 32 kms-key-rotation
{
    const r = S.kmsKeyRotation;
    pass(r, "aws", "rotation", F.kmsKey);
    fail(r, "aws", "rotation off", mut(F.kmsKey, "enableKeyRotation", false), ["KMS key enableKeyRotation is not true"]);
    unset(r, "aws", "unset (default off)", mut(F.kmsKey, "enableKeyRotation", undefined), ["KMS key enableKeyRotation is not true"]);
    unknown(r, "aws", mut(F.kmsKey, "enableKeyRotation", UNKNOWN), "enableKeyRotation");
    pass(r, "gcp", "90 days", F.gcpKey);
    fail(r, "gcp", "1 year", mut(F.gcpKey, "rotationPeriod", "31536000s"), ["Cloud KMS key rotationPeriod 31536000s exceeds 7776000s (90 days)"]);
    unset(r, "gcp", "unset (never rotates)", mut(F.gcpKey, "rotationPeriod", undefined), ["Cloud KMS key rotationPeriod is unset; set at most 7776000s (90 days)"]);
    unknown(r, "gcp", mut(F.gcpKey, "rotationPeriod", UNKNOWN), "rotationPeriod");
    pass(r, "azure", "rotation policy", F.vaultKey);
    pass(r, "azure", "expiry", mut(mut(F.vaultKey, "properties.rotationPolicy", undefined), "properties.attributes", { expires: 1893456000 }));
    fail(r, "azure", "notify-only policy", mut(F.vaultKey, "properties.rotationPolicy.lifetimeActions.0.action.type", "notify"), ["Key Vault key has neither a rotationPolicy with a Rotate action nor attributes.expires"]);
    unset(r, "azure", "unset", mut(F.vaultKey, "properties.rotationPolicy", undefined), ["Key Vault key has neither a rotationPolicy with a Rotate action nor attributes.expires"]);
    unknown(r, "azure", mut(F.vaultKey, "properties.rotationPolicy.lifetimeActions", UNKNOWN), "properties.rotationPolicy.lifetimeActions");
}
// 33 kms-key-safe-policy-and-deletion
{
    const r = S.kmsKeySafePolicyAndDeletion;
    pass(r, "aws", "account-root policy, 30 days", F.kmsKey);
    fail(r, "aws", "* principal", mut(F.kmsKey, "policy", JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "kms:*", Resource: "*" }] })), ["KMS key policy Statement[0] allows Principal * without a condition"]);
    fail(r, "aws", "7-day window in prod", mut(F.kmsKey, "deletionWindowInDays", 7), ["KMS key deletionWindowInDays is 7; prod needs 30"]);
    unset(r, "aws", "window unset = 30", mut(F.kmsKey, "deletionWindowInDays", undefined), []);
    unknown(r, "aws", mut(F.kmsKey, "bypassPolicyLockoutSafetyCheck", UNKNOWN), "bypassPolicyLockoutSafetyCheck");
    pass(r, "gcp", "protected", F.gcpKey);
    fail(r, "gcp", "unprotected", withOptions(F.gcpKey, {}), ["Cloud KMS key is not protected from destroy (protect or retainOnDelete)"]);
    unset(r, "gcp", "retainOnDelete only", withOptions(F.gcpKey, { retainOnDelete: true }), []);
    pass(r, "azure", "purge protection", F.vault);
    fail(r, "azure", "soft delete off", mut(F.vault, "properties.enableSoftDelete", false), ["Key Vault properties.enableSoftDelete is false"]);
    unset(r, "azure", "purge protection unset", mut(F.vault, "properties.enablePurgeProtection", undefined), ["Key Vault properties.enablePurgeProtection is not true"]);
    unknown(r, "azure", mut(F.vault, "properties.enableSoftDelete", UNKNOWN), "properties.enableSoftDelete");
}
// 34 iam-no-admin-or-wildcards
{
    const r = I.iamNoAdminOrWildcards;
    const policy = (statement: Record<string, unknown>): PolicyResource => res(T.iamPolicy, "p", { policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) });
    pass(r, "aws", "scoped bucket policy", policy({ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3:::tristack-data/*" }));
    pass(r, "aws", "Resource * with a condition", policy({ Effect: "Allow", Action: ["ec2:CreateVolume"], Resource: "*", Condition: { StringLike: { "aws:RequestTag/ebs.csi.aws.com/cluster": "true" } } }));
    fail(r, "aws", "iam:*", policy({ Effect: "Allow", Action: "iam:*", Resource: "*" }), ["IAM policy Statement[0] allows action iam:*"]);
    fail(r, "aws", "write on *", policy({ Effect: "Allow", Action: ["s3:PutObject", "s3:ListBucket"], Resource: "*" }), ["IAM policy Statement[0] allows write actions s3:PutObject on Resource * without a condition"]);
    fail(r, "aws", "AdministratorAccess", res(T.iamRolePolicyAttachment, "admin", { role: "x", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }), ["IAM role attachment grants arn:aws:iam::aws:policy/AdministratorAccess"]);
    unset(r, "aws", "policy without statements", res(T.iamPolicy, "p", { policy: "{}" }), []);
    unknown(r, "aws", res(T.iamPolicy, "p", { policy: UNKNOWN }), "policy");
    pass(r, "gcp", "bucket-level roles are not project-level", res(T.gcpProjectIamMember, "logs", { project: "p", role: "roles/logging.logWriter", member: "serviceAccount:nodes@p.iam.gserviceaccount.com" }));
    fail(r, "gcp", "editor", res(T.gcpProjectIamMember, "ed", { project: "p", role: "roles/editor", member: "serviceAccount:x@p.iam.gserviceaccount.com" }), ["project IAM grants roles/editor"]);
    unset(r, "gcp", "role unset", res(T.gcpProjectIamMember, "x", { project: "p" }), []);
    unknown(r, "gcp", res(T.gcpProjectIamMember, "x", { project: "p", role: UNKNOWN }), "role");
    const owner = "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
    pass(r, "azure", "owner on a resource group is not subscription scope", res(T.roleAssignment, "ra", { scope: "/subscriptions/s/resourceGroups/g", roleDefinitionId: owner, principalId: "p" }));
    fail(r, "azure", "owner at subscription", res(T.roleAssignment, "ra", { scope: "/subscriptions/s", roleDefinitionId: owner, principalId: "p" }), ["role assignment grants Owner at subscription scope /subscriptions/s"]);
    fail(r, "azure", "custom * role", res(T.roleDefinition, "rd", { permissions: [{ actions: ["*"] }] }), ["role definition permissions[0].actions includes *"]);
    unset(r, "azure", "scope unset", res(T.roleAssignment, "ra", { roleDefinitionId: owner, principalId: "p" }), []);
    unknown(r, "azure", res(T.roleAssignment, "ra", { scope: UNKNOWN, roleDefinitionId: owner }), "scope");
}
// 35 iam-workload-trust-scoped
{
    const r = I.iamWorkloadTrustScoped;
    const trust = (condition: Record<string, unknown>): PolicyResource => res(T.iamRole, "spark", { assumeRolePolicy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Federated: "arn:aws:iam::1:oidc-provider/oidc.eks/x" }, Action: "sts:AssumeRoleWithWebIdentity", Condition: condition }] }) });
    pass(r, "aws", "sub + aud pinned", trust({ StringEquals: { "oidc.eks/x:sub": "system:serviceaccount:spark:spark", "oidc.eks/x:aud": "sts.amazonaws.com" } }));
    fail(r, "aws", "StringLike wildcard", trust({ StringLike: { "oidc.eks/x:sub": "system:serviceaccount:*" }, StringEquals: { "oidc.eks/x:aud": "sts.amazonaws.com" } }), ["IAM role trust Statement[0] does not pin :sub to exactly one system:serviceaccount:<ns>:<sa> with StringEquals"]);
    unset(r, "aws", "no condition", trust({}), ["IAM role trust Statement[0] does not pin :sub to exactly one system:serviceaccount:<ns>:<sa> with StringEquals", "IAM role trust Statement[0] does not pin :aud to sts.amazonaws.com"]);
    unknown(r, "aws", res(T.iamRole, "spark", { assumeRolePolicy: UNKNOWN }), "assumeRolePolicy");
    pass(r, "aws", "pod identity association", res(T.eksPodIdentity, "pia", { clusterName: "eks", namespace: "spark", serviceAccount: "spark", roleArn: "arn" }));
    const wiu = (member: unknown): PolicyResource => res(T.gcpSaIamMember, "wi", { serviceAccountId: "projects/p/serviceAccounts/spark@p.iam.gserviceaccount.com", role: "roles/iam.workloadIdentityUser", member });
    pass(r, "gcp", "one KSA", wiu("serviceAccount:p.svc.id.goog[spark/spark]"));
    fail(r, "gcp", "wildcard principalSet", wiu("principalSet://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p.svc.id.goog/*"), ["workloadIdentityUser member principalSet://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p.svc.id.goog/* is not one serviceAccount:<pool>[<ns>/<sa>]"]);
    unset(r, "gcp", "other roles are not judged", res(T.gcpSaIamMember, "x", { role: "roles/iam.serviceAccountTokenCreator" }), []);
    unknown(r, "gcp", wiu(UNKNOWN), "member");
    const fic = res(T.federatedCredential, "spark", { issuer: "https://oidc.aks/x", subject: "system:serviceaccount:spark:spark", audiences: ["api://AzureADTokenExchange"] });
    pass(r, "azure", "one KSA", fic);
    fail(r, "azure", "wildcard subject", mut(fic, "subject", "system:serviceaccount:spark:*"), ["federated credential subject system:serviceaccount:spark:* is not one system:serviceaccount:<ns>:<sa>"]);
    unset(r, "azure", "issuer unset", mut(fic, "issuer", undefined), ["federated credential issuer is not set"]);
    unknown(r, "azure", mut(fic, "issuer", UNKNOWN), "issuer");
    // At preview the issuer (the cluster's OIDC issuer URL) is unknown; a bad subject is still decided.
    fail(r, "azure", "wildcard subject, issuer unknown at preview", mut(mut(fic, "subject", "system:serviceaccount:spark:*"), "issuer", UNKNOWN), ["federated credential subject system:serviceaccount:spark:* is not one system:serviceaccount:<ns>:<sa>"]);
}
// 36 iam-no-static-credentials
{
    const r = I.iamNoStaticCredentials;
    pass(r, "aws", "no access keys", F.kmsKey);
    fail(r, "aws", "access key", res(T.iamAccessKey, "ci", { user: "ci" }), ["IAM access key ci is a static credential"]);
    unset(r, "aws", "access key with no inputs is still a key", res(T.iamAccessKey, "k", {}), ["IAM access key k is a static credential"]);
    fail(r, "gcp", "service account key", res(T.gcpSaKey, "medusa", { serviceAccountId: "medusa" }), ["service account key medusa is a static credential"]);
    pass(r, "gcp", "no keys", F.gcsBucket);
    unset(r, "gcp", "key with no inputs", res(T.gcpSaKey, "k", {}), ["service account key k is a static credential"]);
    pass(r, "azure", "shared keys off", F.storageAccount);
    fail(r, "azure", "shared keys on", mut(F.storageAccount, "allowSharedKeyAccess", true), ["storage account data allows shared key access (allowSharedKeyAccess is not false)"]);
    unset(r, "azure", "shared keys unset", mut(F.storageAccount, "allowSharedKeyAccess", undefined), ["storage account data allows shared key access (allowSharedKeyAccess is not false)"]);
    unknown(r, "azure", mut(F.storageAccount, "allowSharedKeyAccess", UNKNOWN), "allowSharedKeyAccess");
    const secret = k8s("v1", "Secret", "creds", "cassandra", { stringData: { "credentials.json": '{"type":"service_account","private_key":"x"}' } });
    fail(r, "kubernetes", "cloud key in a Secret", secret, ["Secret creds holds cloud credentials (credentials.json, private_key)"]);
    pass(r, "kubernetes", "TLS secret", k8s("v1", "Secret", "tls", "kafka", { stringData: { "tls.crt": "x", "tls.key": "y" } }));
    unset(r, "kubernetes", "empty secret", k8s("v1", "Secret", "empty", "kafka", {}), []);
    unknown(r, "kubernetes", k8s("v1", "Secret", "u", "kafka", { stringData: UNKNOWN }), "stringData");
}
// 37 iam-object-store-scoped
{
    const r = I.iamObjectStoreScoped;
    const policy = (resource: unknown): PolicyResource => res(T.iamPolicy, "spark", { policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: resource }] }) });
    pass(r, "aws", "one bucket", policy(["arn:aws:s3:::tristack-data", "arn:aws:s3:::tristack-data/*"]));
    fail(r, "aws", "every bucket", policy("arn:aws:s3:::*"), ["IAM policy Statement[0] grants S3 actions on arn:aws:s3:::*, not one bucket"]);
    unset(r, "aws", "Resource unset", policy(undefined), []);
    unknown(r, "aws", res(T.iamPolicy, "spark", { policy: UNKNOWN }), "policy");
    pass(r, "gcp", "non-storage project role", res(T.gcpProjectIamMember, "m", { role: "roles/monitoring.metricWriter", member: "serviceAccount:x" }));
    fail(r, "gcp", "storage admin on the project", res(T.gcpProjectIamMember, "m", { role: "roles/storage.objectAdmin", member: "serviceAccount:spark@p.iam.gserviceaccount.com" }), ["project IAM grants roles/storage.objectAdmin; bind it on the bucket instead"]);
    unset(r, "gcp", "role unset", res(T.gcpProjectIamMember, "m", {}), []);
    unknown(r, "gcp", res(T.gcpProjectIamMember, "m", { role: UNKNOWN }), "role");
    const blob = "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    pass(r, "azure", "on the account", res(T.roleAssignment, "ra", { roleDefinitionId: blob, scope: "/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/tristackdata" }));
    fail(r, "azure", "on the resource group", res(T.roleAssignment, "ra", { roleDefinitionId: blob, scope: "/subscriptions/s/resourceGroups/g" }), ["Storage Blob Data role assigned at /subscriptions/s/resourceGroups/g, not on a storage account or container"]);
    unset(r, "azure", "scope unset", res(T.roleAssignment, "ra", { roleDefinitionId: blob }), ["Storage Blob Data role assigned at (unset scope), not on a storage account or container"]);
    unknown(r, "azure", res(T.roleAssignment, "ra", { roleDefinitionId: UNKNOWN }), "roleDefinitionId");
}
// 38 pulumi-no-split-management
{
    const r = I.pulumiNoSplitManagement;
    const role = res(T.iamRole, "nodes", { name: "nodes", assumeRolePolicy: "{}" });
    const attach = res(T.iamRolePolicyAttachment, "worker", { role: "nodes", policyArn: "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy" });
    pass(r, "aws", "attachments only", [role, attach]);
    fail(r, "aws", "managedPolicyArns and attachments", [mut(role, "managedPolicyArns", ["arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"]), attach], ["IAM role nodes sets managedPolicyArns and also has RolePolicyAttachments"]);
    const sg = res(T.securityGroup, "nodes-sg", { vpcId: "vpc", ingress: [{ fromPort: 443, toPort: 443, protocol: "tcp", cidrBlocks: ["10.0.0.0/8"] }] });
    fail(r, "aws", "inline rules and rule resources", [sg, res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "r", { securityGroupId: "nodes-sg-id", ipProtocol: "tcp" })], ["security group nodes-sg has inline rules and also separate rule resources"]);
    unset(r, "aws", "no inline rules", [mut(sg, "ingress", undefined), res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "r", { securityGroupId: "nodes-sg-id" })], []);
    unknown(r, "aws", [mut(role, "managedPolicyArns", UNKNOWN), attach], "managedPolicyArns");
}
export { cases as partTwo };
void F.eks;
