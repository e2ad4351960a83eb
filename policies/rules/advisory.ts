/**
 * The eight rules the reference marks advisory in prod (9, 18, 21, 29, 30, 46, 56, 68): reported,
 * never blocking by default.
 */
import { arr, bool, entries, get, jsonDoc, num, obj, str } from "../lib/access";
import { resourceRule, stackRule } from "../lib/define";
import { pointsAt } from "../lib/joins";
import { anyOf, containers, isS3Bucket, isWorkload, kube, kubeLabel, podSpec, refersTo, s3, T } from "../lib/match";
import type { PolicyResource, StackViolation } from "../lib/types";
import { poolsOf } from "./nodepool";

/** 9 */
export const clusterAdmissionAndSupplyChain = resourceRule(
    {
        id: "cluster-admission-and-supply-chain",
        number: 9,
        description: "Platform admission controls are on: GKE Binary Authorization, the AKS Azure Policy add-on (a second line behind this pack).",
        severity: "medium",
        anchors: ["CKV_GCP_66", "CKV_AZURE_116", "AVD-AZU-0066"],
        scopes: ["gcp", "azure"],
        dev: "A",
        prod: "A",
    },
    {
        appliesTo: anyOf(T.gkeCluster, T.aksCluster),
        check(r) {
            if (r.type === T.gkeCluster) {
                const mode = str(r.inputs, "binaryAuthorization.evaluationMode");
                return mode === "PROJECT_SINGLETON_POLICY_ENFORCE" ? [] : [`GKE binaryAuthorization.evaluationMode is ${mode ?? "unset (disabled)"}`];
            }
            const addon = entries(r.inputs, "addonProfiles").find(([k]) => k.toLowerCase() === "azurepolicy");
            return addon && bool(addon[1], "enabled") === true ? [] : ["AKS azurepolicy add-on is not enabled"];
        },
    },
);

/**
 * Temp (resource) disk of the AKS VM sizes in GiB, where an ephemeral OS disk lives on sizes without a
 * cache disk; a size missing here has none (Dsv5, Esv5). The pack's own copy of the adapter's catalog
 * (components/clouds/azure/catalog.ts `AZURE_TEMP_DISK_GIB`; test/policies/tempDisks.test.ts keeps them
 * equal). Source: the Azure VM size pages (Ddsv5, Edsv5, NCasT4_v3, NC A100 v4).
 */
export const AKS_TEMP_DISK_GIB: Readonly<Record<string, number>> = {
    Standard_D8ds_v5: 300,
    Standard_E16ds_v5: 600,
    Standard_D64ds_v5: 2400,
    Standard_NC4as_T4_v3: 180,
    Standard_NC24ads_A100_v4: 64,
};

/** AgentPool tag of a pool that keeps the VM's temp disk as Spark scratch (components/clouds/azure/agentPools.ts). */
export const AKS_SCRATCH_TAG = "tristack-scratch";

/**
 * Rule 18 on one AKS pool: an ephemeral OS disk (CKV_AZURE_226) where the size's temp disk holds the OS
 * disk, unless the pool keeps that disk as scratch; never Ephemeral where the temp disk cannot hold it
 * (the OS disk must fit the VM's cache or temp disk: https://learn.microsoft.com/azure/virtual-machines/linux/ephemeral-os-disks#size-requirements).
 * `osDiskType` unset passes: "If you don't explicitly request Azure managed disks for the OS, AKS defaults
 * to ephemeral OS if possible" (https://learn.microsoft.com/azure/aks/concepts-storage#ephemeral-os-disk);
 * an unset `osDiskSizeGB` on an Ephemeral pool is sized from the temp storage there. Sizes without a temp
 * disk keep Managed OS disks: tristack does not move a pool to a pricier `d` size for the OS disk alone.
 * @param label the pool's label for messages
 * @param pool the pool object (AgentPool inputs or an agentPoolProfiles entry)
 */
function aksOsDiskFindings(label: string, pool: Record<string, unknown>): string[] {
    const osType = str(pool, "osDiskType");
    if (osType === undefined) return [];
    const size = str(pool, "vmSize");
    const osGiB = num(pool, "osDiskSizeGB");
    const temp = size === undefined ? undefined : AKS_TEMP_DISK_GIB[size];
    const holds = temp !== undefined && (osGiB === undefined || temp >= osGiB);
    const wanted = osGiB === undefined ? "an" : `a ${osGiB} GiB`;
    if (osType === "Ephemeral") return holds ? [] : [`${label} osDiskType is Ephemeral but ${size ?? "its vmSize"} has ${temp === undefined ? "no temp disk" : `a ${temp} GiB temp disk`} for ${wanted} OS disk`];
    const scratch = str(pool, `tags.${AKS_SCRATCH_TAG}`) !== undefined;
    return holds && !scratch ? [`${label} osDiskType is ${osType}, but ${size ?? "its vmSize"}'s ${temp ?? 0} GiB temp disk holds ${wanted} OS disk: use Ephemeral`] : [];
}

/** 18 */
export const nodepoolHardenedImage = resourceRule(
    {
        id: "nodepool-hardened-image",
        number: 18,
        description: "Nodes run a container-optimised OS (COS, AL2023/Bottlerocket with NVIDIA variants for GPU pools); an AKS pool does not set a Managed OS disk where the VM's temp disk holds it (unless the pool keeps that disk as scratch, tag tristack-scratch) nor an Ephemeral one where it cannot, and runs maxPods of at least 50.",
        severity: "low",
        anchors: ["CKV_GCP_22", "AVD-GCP-0054", "CKV_AZURE_226", "CKV_AZURE_168"],
        scopes: ["aws", "gcp", "azure"],
        dev: "A",
        prod: "A",
    },
    {
        appliesTo: anyOf(T.eksNodeGroup, T.gkeNodePool, T.aksPool, T.aksCluster),
        check(r) {
            const out: string[] = [];
            for (const p of poolsOf(r)) {
                const gpu = p.labels["tristack.io/role"] === "gpu";
                if (r.type === T.eksNodeGroup) {
                    const ami = str(r.inputs, "amiType");
                    if (ami === undefined) {
                        if (!obj(r.inputs, "launchTemplate")) out.push(`${p.label} amiType is unset (AL2)`);
                    } else if (!/^(AL2023_|BOTTLEROCKET_)/.test(ami)) out.push(`${p.label} amiType ${ami} is not AL2023 or Bottlerocket`);
                    else if (gpu && !ami.includes("NVIDIA")) out.push(`${p.label} is a GPU pool on the non-NVIDIA amiType ${ami}`);
                } else if (r.type === T.gkeNodePool) {
                    const image = str(r.inputs, "nodeConfig.imageType") ?? "COS_CONTAINERD";
                    if (image.toUpperCase() !== "COS_CONTAINERD") out.push(`${p.label} nodeConfig.imageType is ${image}, not COS_CONTAINERD`);
                } else {
                    out.push(...aksOsDiskFindings(p.label, p.raw));
                    const maxPods = num(p.raw, "maxPods");
                    if (maxPods !== undefined && maxPods < 50) out.push(`${p.label} maxPods is ${maxPods}, below 50`);
                }
            }
            return out;
        },
    },
);

/** 21 */
export const nodepoolAutoscalingBounded = resourceRule(
    {
        id: "nodepool-autoscaling-bounded",
        number: 21,
        description: "Pools autoscale with an explicit maximum (GPU pools may scale to zero).",
        severity: "low",
        anchors: ["own (cost)"],
        scopes: ["aws", "gcp", "azure"],
        dev: "A",
        prod: "A",
    },
    {
        appliesTo: anyOf(T.eksNodeGroup, T.gkeNodePool, T.aksPool, T.aksCluster),
        check(r) {
            const out: string[] = [];
            for (const p of poolsOf(r)) {
                if (r.type === T.eksNodeGroup) {
                    if (num(r.inputs, "scalingConfig.maxSize") === undefined) out.push(`${p.label} scalingConfig.maxSize is not set`);
                } else if (r.type === T.gkeNodePool) {
                    if (num(r.inputs, "autoscaling.maxNodeCount") === undefined && num(r.inputs, "autoscaling.totalMaxNodeCount") === undefined) out.push(`${p.label} has no autoscaling maximum (autoscaling.maxNodeCount/totalMaxNodeCount)`);
                } else if (bool(p.raw, "enableAutoScaling") !== true || num(p.raw, "maxCount") === undefined) out.push(`${p.label} does not autoscale with a maxCount`);
            }
            return out;
        },
    },
);

const isBucketLogging = s3("bucketLogging", "BucketLogging");
const isLifecycle = s3("bucketLifecycleConfiguration", "BucketLifecycleConfiguration");

/** 29 */
export const bucketAccessLogging = stackRule(
    {
        id: "bucket-access-logging",
        number: 29,
        description: "Object-store access is logged, never into the bucket itself.",
        severity: "low",
        anchors: ["CKV_AWS_18", "AVD-AWS-0089", "awsguard s3-bucket-logging-enabled", "CKV_GCP_62", "CKV_GCP_63", "AVD-GCP-0077", "CKV2_AZURE_21", "AVD-AZU-0057"],
        scopes: ["aws", "gcp", "azure"],
        dev: "A",
        prod: "A",
    },
    ({ stack }) => {
        const out: StackViolation[] = [];
        for (const b of stack.ofType(isS3Bucket)) {
            const logs = stack.ofType(isBucketLogging).filter((l) => pointsAt(l, "bucket", b, stack.ofType(isS3Bucket)));
            if (logs.length === 0) out.push({ resource: b, message: `S3 bucket ${b.name} has no BucketLogging` });
            for (const l of logs) if (refersTo(get(l.inputs, "targetBucket"), b)) out.push({ resource: l, message: `S3 bucket ${b.name} logs into itself` });
        }
        for (const b of stack.ofType(anyOf(T.gcsBucket))) {
            const target = str(b.inputs, "logging.logBucket");
            if (!target) out.push({ resource: b, message: `GCS bucket ${b.name} logging.logBucket is not set` });
            else if (target === str(b.inputs, "name")) out.push({ resource: b, message: `GCS bucket ${b.name} logs into itself` });
        }
        const diagnostics = stack.ofType(anyOf("azure-native:insights:DiagnosticSetting", "azure-native:monitor:DiagnosticSetting"));
        for (const a of stack.ofType(anyOf(T.storageAccount))) {
            if (!diagnostics.some((d) => refersTo(get(d.inputs, "resourceUri"), a) || (str(d.inputs, "resourceUri") ?? "").includes(`/storageAccounts/${str(a.inputs, "accountName") ?? a.name}/`))) out.push({ resource: a, message: `storage account ${a.name} has no diagnostic setting for blob logs` });
        }
        return out;
    },
);

/** 30 */
export const bucketLifecycle = stackRule(
    {
        id: "bucket-lifecycle",
        number: 30,
        description: "Object stores have lifecycle rules (expire scratch/event-log prefixes, abort incomplete multipart uploads).",
        severity: "low",
        anchors: ["CKV2_AWS_61", "CKV_AWS_300"],
        scopes: ["aws", "gcp", "azure"],
        dev: "A",
        prod: "A",
    },
    ({ stack }) => {
        const out: StackViolation[] = [];
        for (const b of stack.ofType(isS3Bucket)) {
            const lc = stack.ofType(isLifecycle).filter((l) => pointsAt(l, "bucket", b, stack.ofType(isS3Bucket)));
            if (lc.length === 0) out.push({ resource: b, message: `S3 bucket ${b.name} has no lifecycle configuration` });
            else if (!lc.some((l) => arr(l.inputs, "rules").some((x) => get(x, "abortIncompleteMultipartUpload") !== undefined))) out.push({ resource: b, message: `S3 bucket ${b.name} lifecycle does not abort incomplete multipart uploads` });
        }
        for (const b of stack.ofType(anyOf(T.gcsBucket))) {
            if (arr(b.inputs, "lifecycleRules").length === 0) out.push({ resource: b, message: `GCS bucket ${b.name} has no lifecycleRules` });
        }
        const policies = stack.ofType(anyOf("azure-native:storage:ManagementPolicy"));
        for (const a of stack.ofType(anyOf(T.storageAccount))) {
            if (!policies.some((p) => pointsAt(p, "accountName", a, stack.ofType(anyOf(T.storageAccount))))) out.push({ resource: a, message: `storage account ${a.name} has no ManagementPolicy` });
        }
        return out;
    },
);

/** 46 */
export const readonlyRootFilesystem = resourceRule(
    {
        id: "readonly-root-filesystem",
        number: 46,
        description: "Containers run with a read-only root filesystem and explicit writable mounts.",
        severity: "low",
        anchors: ["CKV_K8S_22", "Kyverno best-practices/require-ro-rootfs", "Polaris notReadOnlyRootFilesystem", "kubernetes-apps-v1-deployment-enable-read-only-root-filesystem", "kube-linter no-read-only-root-fs"],
        scopes: ["kubernetes"],
        dev: "A",
        prod: "A",
    },
    {
        appliesTo: isWorkload,
        check(r) {
            return containers(podSpec(r))
                .filter((c) => bool(c.c, "securityContext.readOnlyRootFilesystem") !== true)
                .map((c) => `${kubeLabel(r)} container ${c.name} root filesystem is writable`);
        },
    },
);

const STACK_KEYS = ["tristack.io/stack", "tristack-stack"];
const TAGGABLE: Record<string, string> = {
    [T.eksCluster]: "tags",
    [T.eksNodeGroup]: "tags",
    "aws:s3/bucket:Bucket": "tags",
    "aws:s3/bucketV2:BucketV2": "tags",
    [T.kmsKey]: "tags",
    [T.gkeCluster]: "resourceLabels",
    [T.gcsBucket]: "labels",
    [T.gcpCryptoKey]: "labels",
    [T.aksCluster]: "tags",
    [T.aksPool]: "tags",
    [T.storageAccount]: "tags",
    [T.keyVault]: "tags",
};

function keysOf(r: PolicyResource, path: string): string[] {
    return entries(r.inputs, path).map(([k]) => k);
}

/** 56 */
export const requiredLabelsAndTags = stackRule(
    {
        id: "required-labels-and-tags",
        number: 56,
        description: "Cloud resources carry the stack tag (and configured owner/cost tags, AWS provider default tags count); Kubernetes workloads carry app.kubernetes.io/name. Remediation is not implemented: dev reports.",
        severity: "low",
        anchors: ["kubernetes-apps-v1-*-configure-recommended-labels", "Kyverno best-practices/require-labels", "gatekeeper-library requiredlabels", "CKV_GCP_21", "AVD-GCP-0051", "Pulumi tutorial: Creating a Custom Policy Pack"],
        scopes: ["aws", "gcp", "azure", "kubernetes"],
        dev: "A",
        prod: "A",
    },
    ({ stack, params }) => {
        const out: StackViolation[] = [];
        const extra = Array.isArray(params["requiredTags"]) ? (params["requiredTags"] as unknown[]).filter((x): x is string => typeof x === "string") : [];
        // Provider inputs arrive JSON-encoded (`defaultTags: "{\"tags\":{...}}"`) in the plan; objects in CrossGuard.
        const awsDefaults = stack.ofType(anyOf("pulumi:providers:aws")).flatMap((p) => entries(jsonDoc(get(p.inputs, "defaultTags")), "tags").map(([k]) => k));
        for (const r of stack.resources) {
            const path = TAGGABLE[r.type];
            if (!path) continue;
            const keys = [...keysOf(r, path), ...(r.type.startsWith("aws:") ? awsDefaults : [])];
            const missing = [...(STACK_KEYS.some((k) => keys.includes(k)) ? [] : ["tristack.io/stack (tristack-stack on GCP/Azure)"]), ...extra.filter((k) => !keys.includes(k))];
            if (missing.length) out.push({ resource: r, message: `${r.type} ${r.name} lacks ${missing.join(", ")}` });
        }
        for (const w of stack.ofType(isWorkload)) {
            if (!keysOf(w, "metadata.labels").includes("app.kubernetes.io/name")) out.push({ resource: w, message: `${kubeLabel(w)} has no app.kubernetes.io/name label` });
        }
        return out;
    },
);

/** 68 */
export const sparkAppHygiene = resourceRule(
    {
        id: "spark-app-hygiene",
        number: 68,
        description: "Spark applications expire (timeToLiveSeconds), retry a bounded number of times, run as the Spark service account and use a pinned image.",
        severity: "low",
        anchors: ["kubeflow/spark-operator SparkApplicationSpec", "own"],
        scopes: ["kubernetes"],
        dev: "A",
        prod: "A",
    },
    {
        appliesTo: kube("sparkoperator.k8s.io", "SparkApplication", "ScheduledSparkApplication"),
        check(r) {
            const spec = r.type.endsWith(":ScheduledSparkApplication") ? obj(r.inputs, "spec.template") : obj(r.inputs, "spec");
            const label = kubeLabel(r);
            const out: string[] = [];
            if (num(spec, "timeToLiveSeconds") === undefined) out.push(`${label} timeToLiveSeconds is not set`);
            const policy = str(spec, "restartPolicy.type") ?? "Never";
            if (policy === "Always") out.push(`${label} restartPolicy is Always`);
            if (policy === "OnFailure" && num(spec, "restartPolicy.onFailureRetries") === undefined) out.push(`${label} restartPolicy OnFailure has no onFailureRetries bound`);
            const sa = str(spec, "driver.serviceAccount");
            if (!sa || sa === "default") out.push(`${label} driver.serviceAccount is ${sa ?? "unset"} (use the Spark service account)`);
            const image = str(spec, "image") ?? "";
            const tag = (image.split("@")[0]?.split("/").pop() ?? "").split(":")[1];
            if (!image.includes("@sha256:") && (tag === undefined || tag === "latest")) out.push(`${label} image ${image || "(unset)"} is not pinned`);
            return out;
        },
    },
);

/** The rules of this file. */
export const ADVISORY_RULES = [clusterAdmissionAndSupplyChain, nodepoolHardenedImage, nodepoolAutoscalingBounded, bucketAccessLogging, bucketLifecycle, readonlyRootFilesystem, requiredLabelsAndTags, sparkAppHygiene];
