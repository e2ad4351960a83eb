/**
 * The rule test table, part four: the advisory rules (9, 18, 21, 29, 30, 46, 56, 68).
 */
import type { Environment, PolicyResource, Rule, RuleParams, Scope } from "../../policies/lib/types";
import * as A from "../../policies/rules/advisory";
import * as F from "./fixtures";
import { mut, res, UNKNOWN, unknownAt } from "./fixtures";
import type { RuleCase } from "./cases";

const cases: RuleCase[] = [];
type Extra = { env?: Environment; params?: RuleParams };
function add(rule: Rule, scope: Scope, kind: RuleCase["kind"], title: string, r: PolicyResource | readonly PolicyResource[], expect: readonly string[], extra: Extra = {}): void {
    cases.push({ rule, scope, kind, title, resources: Array.isArray(r) ? r : [r as PolicyResource], expect, ...extra });
}
const pass = (rule: Rule, scope: Scope, title: string, r: PolicyResource | readonly PolicyResource[], extra?: Extra): void => add(rule, scope, "pass", title, r, [], extra);
const fail = (rule: Rule, scope: Scope, title: string, r: PolicyResource | readonly PolicyResource[], expect: readonly string[], extra?: Extra): void => add(rule, scope, "fail", title, r, expect, extra);
const unset = (rule: Rule, scope: Scope, title: string, r: PolicyResource | readonly PolicyResource[], expect: readonly string[], extra?: Extra): void => add(rule, scope, "unset", title, r, expect, extra);
const unknown = (rule: Rule, scope: Scope, r: PolicyResource | readonly PolicyResource[], path: string, extra?: Extra): void => add(rule, scope, "unknown", `unknown ${path}`, r, [unknownAt(path)], extra);

// 9 cluster-admission-and-supply-chain
{
    const r = A.clusterAdmissionAndSupplyChain;
    const gke = mut(F.gke, "binaryAuthorization", { evaluationMode: "PROJECT_SINGLETON_POLICY_ENFORCE" });
    const aks = mut(F.aks, "addonProfiles", { azurepolicy: { enabled: true } });
    pass(r, "gcp", "binary authorization enforced", gke);
    fail(r, "gcp", "disabled", mut(gke, "binaryAuthorization.evaluationMode", "DISABLED"), ["GKE binaryAuthorization.evaluationMode is DISABLED"]);
    unset(r, "gcp", "unset", F.gke, ["GKE binaryAuthorization.evaluationMode is unset (disabled)"]);
    unknown(r, "gcp", mut(gke, "binaryAuthorization.evaluationMode", UNKNOWN), "binaryAuthorization.evaluationMode");
    pass(r, "azure", "azure policy add-on", aks);
    fail(r, "azure", "add-on disabled", mut(aks, "addonProfiles.azurepolicy.enabled", false), ["AKS azurepolicy add-on is not enabled"]);
    unset(r, "azure", "no add-ons", F.aks, ["AKS azurepolicy add-on is not enabled"]);
    unknown(r, "azure", mut(aks, "addonProfiles.azurepolicy", UNKNOWN), "addonProfiles.azurepolicy");
}
// 18 nodepool-hardened-image
{
    const r = A.nodepoolHardenedImage;
    pass(r, "aws", "AL2023", mut(F.eksDataPool, "amiType", "AL2023_x86_64_STANDARD"));
    fail(r, "aws", "GPU pool on a non-NVIDIA AMI", mut(F.eksGpuPool, "amiType", "AL2023_x86_64_STANDARD"), ["node group data is a GPU pool on the non-NVIDIA amiType AL2023_x86_64_STANDARD"]);
    unset(r, "aws", "amiType unset without a launch template = AL2", mut(F.eksDataPool, "launchTemplate", undefined), ["node group data amiType is unset (AL2)"]);
    unknown(r, "aws", mut(F.eksDataPool, "amiType", UNKNOWN), "amiType");
    pass(r, "gcp", "imageType unset = COS_CONTAINERD", F.gkeDataPool);
    fail(r, "gcp", "Ubuntu", mut(F.gkeDataPool, "nodeConfig.imageType", "UBUNTU_CONTAINERD"), ["node pool data nodeConfig.imageType is UBUNTU_CONTAINERD, not COS_CONTAINERD"]);
    unknown(r, "gcp", mut(F.gkeDataPool, "nodeConfig.imageType", UNKNOWN), "nodeConfig.imageType");
    // AKS: Ephemeral where the size's temp disk holds the OS disk (issue 18 minor: the old rule demanded it on
    // every pool, sizes without a temp disk included, so every prod pool failed it).
    const e16ds = mut(mut(F.aksDataPool, "vmSize", "Standard_E16ds_v5"), "osDiskSizeGB", 200);
    const e16s = mut(mut(F.aksDataPool, "vmSize", "Standard_E16s_v5"), "osDiskSizeGB", 200);
    pass(r, "azure", "ephemeral OS disk on a temp disk that holds it", mut(e16ds, "osDiskType", "Ephemeral"));
    pass(r, "azure", "managed OS disk on a size without a temp disk (Esv5)", mut(e16s, "osDiskType", "Managed"));
    pass(r, "azure", "managed OS disk where the temp disk is too small (NC A100 v4: 64 GiB for 100)", mut(mut(mut(F.aksDataPool, "vmSize", "Standard_NC24ads_A100_v4"), "osDiskSizeGB", 100), "osDiskType", "Managed"));
    pass(r, "azure", "managed OS disk on a pool that keeps the temp disk as scratch", mut(mut(mut(F.aksDataPool, "vmSize", "Standard_D64ds_v5"), "osDiskSizeGB", 100), "tags", { "tristack-scratch": "temp-disk" }));
    fail(r, "azure", "managed OS disk where the temp disk holds it", mut(e16ds, "osDiskType", "Managed"), ["agent pool data osDiskType is Managed, but Standard_E16ds_v5's 600 GiB temp disk holds a 200 GiB OS disk: use Ephemeral"]);
    fail(r, "azure", "ephemeral OS disk on a size without a temp disk (AKS refuses it)", mut(e16s, "osDiskType", "Ephemeral"), ["agent pool data osDiskType is Ephemeral but Standard_E16s_v5 has no temp disk for a 200 GiB OS disk"]);
    fail(r, "azure", "ephemeral OS disk bigger than the temp disk", mut(mut(mut(F.aksDataPool, "vmSize", "Standard_NC24ads_A100_v4"), "osDiskSizeGB", 100), "osDiskType", "Ephemeral"), ["agent pool data osDiskType is Ephemeral but Standard_NC24ads_A100_v4 has a 64 GiB temp disk for a 100 GiB OS disk"]);
    fail(r, "azure", "maxPods 30", mut(mut(e16ds, "osDiskType", "Ephemeral"), "maxPods", 30), ["agent pool data maxPods is 30, below 50"]);
    // Unset: AKS itself picks Ephemeral where the size allows it (AKS concepts-storage).
    pass(r, "azure", "osDiskType unset (AKS defaults to Ephemeral where possible)", e16ds);
    unknown(r, "azure", mut(e16ds, "osDiskType", UNKNOWN), "osDiskType");
}
// 21 nodepool-autoscaling-bounded
{
    const r = A.nodepoolAutoscalingBounded;
    pass(r, "aws", "maxSize", mut(F.eksDataPool, "scalingConfig", { minSize: 3, maxSize: 6, desiredSize: 3 }));
    unset(r, "aws", "scalingConfig unset", F.eksDataPool, ["node group data scalingConfig.maxSize is not set"]);
    fail(r, "aws", "no maximum", mut(F.eksDataPool, "scalingConfig", { minSize: 3, desiredSize: 3 }), ["node group data scalingConfig.maxSize is not set"]);
    unknown(r, "aws", mut(F.eksDataPool, "scalingConfig.maxSize", UNKNOWN), "scalingConfig.maxSize");
    pass(r, "gcp", "total maximum", mut(F.gkeDataPool, "autoscaling", { totalMinNodeCount: 3, totalMaxNodeCount: 6 }));
    fail(r, "gcp", "no autoscaling", F.gkeDataPool, ["node pool data has no autoscaling maximum (autoscaling.maxNodeCount/totalMaxNodeCount)"]);
    pass(r, "azure", "autoscaling with maxCount", mut(mut(F.aksDataPool, "enableAutoScaling", true), "maxCount", 6));
    fail(r, "azure", "fixed size", mut(F.aksDataPool, "count", 3), ["agent pool data does not autoscale with a maxCount"]);
}
// 29 bucket-access-logging
{
    const r = A.bucketAccessLogging;
    const logging = res("aws:s3/bucketLogging:BucketLogging", "data-logging", { bucket: "data-id", targetBucket: "logs-id", targetPrefix: "data/" });
    pass(r, "aws", "logs to another bucket", [F.s3Bucket, logging]);
    fail(r, "aws", "logs into itself", [F.s3Bucket, mut(logging, "targetBucket", "data-id")], ["S3 bucket data logs into itself"]);
    unset(r, "aws", "no logging", [F.s3Bucket], ["S3 bucket data has no BucketLogging"]);
    unknown(r, "aws", [F.s3Bucket, mut(logging, "bucket", UNKNOWN)], "bucket");
    pass(r, "gcp", "log bucket", mut(F.gcsBucket, "logging", { logBucket: "tristack-logs" }));
    fail(r, "gcp", "logs into itself", mut(F.gcsBucket, "logging", { logBucket: "tristack-data" }), ["GCS bucket data logs into itself"]);
    unset(r, "gcp", "unset", F.gcsBucket, ["GCS bucket data logging.logBucket is not set"]);
    pass(r, "azure", "diagnostic setting", [F.storageAccount, res("azure-native:insights:DiagnosticSetting", "blob-logs", { resourceUri: "/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/tristackdata/blobServices/default", logs: [{ category: "StorageRead", enabled: true }] })]);
    fail(r, "azure", "no diagnostics", [F.storageAccount], ["storage account data has no diagnostic setting for blob logs"]);
}
// 30 bucket-lifecycle
{
    const r = A.bucketLifecycle;
    const lc = res("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "data-lc", { bucket: "data-id", rules: [{ id: "abort", status: "Enabled", abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }] });
    pass(r, "aws", "abort multipart", [F.s3Bucket, lc]);
    fail(r, "aws", "no abort rule", [F.s3Bucket, mut(lc, "rules", [{ id: "expire", status: "Enabled", expiration: { days: 30 } }])], ["S3 bucket data lifecycle does not abort incomplete multipart uploads"]);
    unset(r, "aws", "no lifecycle", [F.s3Bucket], ["S3 bucket data has no lifecycle configuration"]);
    unknown(r, "aws", [F.s3Bucket, mut(lc, "rules", UNKNOWN)], "rules");
    pass(r, "gcp", "rules", mut(F.gcsBucket, "lifecycleRules", [{ action: { type: "AbortIncompleteMultipartUpload" }, condition: { age: 7 } }]));
    fail(r, "gcp", "no rules", F.gcsBucket, ["GCS bucket data has no lifecycleRules"]);
    pass(r, "azure", "management policy", [F.storageAccount, res("azure-native:storage:ManagementPolicy", "mp", { accountName: "tristackdata", policy: { rules: [] } })]);
    fail(r, "azure", "none", [F.storageAccount], ["storage account data has no ManagementPolicy"]);
}
// 46 readonly-root-filesystem
{
    const r = A.readonlyRootFilesystem;
    const c0 = "spec.template.spec.containers.0.securityContext.readOnlyRootFilesystem";
    pass(r, "kubernetes", "read-only", mut(F.deployment, c0, true));
    fail(r, "kubernetes", "writable", mut(F.deployment, c0, false), ["Deployment spark/app container app root filesystem is writable"]);
    unset(r, "kubernetes", "unset = writable", F.deployment, ["Deployment spark/app container app root filesystem is writable"]);
    unknown(r, "kubernetes", mut(F.deployment, c0, UNKNOWN), "securityContext.readOnlyRootFilesystem");
}
// 56 required-labels-and-tags
{
    const r = A.requiredLabelsAndTags;
    const named = mut(F.deployment, ["metadata", "labels", "app.kubernetes.io/name"], "app");
    pass(r, "aws", "provider default tags", [res("pulumi:providers:aws", "aws", { defaultTags: { tags: { "tristack.io/stack": "aws-prod" } } }), F.eks]);
    fail(r, "aws", "no tags anywhere", [F.eks], ["aws:eks/cluster:Cluster eks lacks tristack.io/stack (tristack-stack on GCP/Azure)"]);
    unset(r, "aws", "configured owner tag missing", [res("pulumi:providers:aws", "aws", { defaultTags: { tags: { "tristack.io/stack": "aws-prod" } } }), F.eks], ["aws:eks/cluster:Cluster eks lacks owner"], { params: { requiredTags: ["owner"] } });
    pass(r, "aws", "provider default tags JSON-encoded, as recorded in the plan", [res("pulumi:providers:aws", "aws", { defaultTags: JSON.stringify({ tags: { owner: "x", "tristack.io/stack": "aws-prod" } }) }), F.eks], { params: { requiredTags: ["owner"] } });
    pass(r, "gcp", "labels", mut(F.gcsBucket, "labels", { "tristack-stack": "gcp-prod" }));
    fail(r, "gcp", "no labels", F.gcsBucket, ["gcp:storage/bucket:Bucket data lacks tristack.io/stack (tristack-stack on GCP/Azure)"]);
    unknown(r, "gcp", mut(F.gcsBucket, "labels", UNKNOWN), "labels");
    pass(r, "azure", "tags", mut(F.storageAccount, "tags", { "tristack-stack": "azure-prod" }));
    fail(r, "azure", "no tags", F.storageAccount, ["azure-native:storage:StorageAccount data lacks tristack.io/stack (tristack-stack on GCP/Azure)"]);
    pass(r, "kubernetes", "app.kubernetes.io/name", named);
    fail(r, "kubernetes", "no name label", F.deployment, ["Deployment spark/app has no app.kubernetes.io/name label"]);
}
// 68 spark-app-hygiene
{
    const r = A.sparkAppHygiene;
    const app = mut(mut(F.sparkApp, "spec.timeToLiveSeconds", 86400), "spec.restartPolicy", { type: "OnFailure", onFailureRetries: 3 });
    pass(r, "kubernetes", "TTL, bounded retries, Spark SA, pinned image", app);
    fail(r, "kubernetes", "unbounded retries", mut(app, "spec.restartPolicy", { type: "OnFailure" }), ["SparkApplication team-a/etl restartPolicy OnFailure has no onFailureRetries bound"]);
    unset(r, "kubernetes", "TTL and SA unset", mut(F.sparkApp, "spec.driver.serviceAccount", undefined), ["SparkApplication team-a/etl timeToLiveSeconds is not set", "SparkApplication team-a/etl driver.serviceAccount is unset (use the Spark service account)"]);
    unknown(r, "kubernetes", mut(app, "spec.timeToLiveSeconds", UNKNOWN), "timeToLiveSeconds");
}
export { cases as partFour };
