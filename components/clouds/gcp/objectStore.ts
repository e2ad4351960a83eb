import * as gcp from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import type { BackupStorage, ObjectStore, ObjectStoreAccess, ServiceAccountRef } from "../clusterHandle";
import { WORKLOAD_IDENTITY_USER, workloadIdentityMember } from "./iam";
import { accountIdFor } from "./names";

/** The role bound on the bucket (never on the project) for Spark, tenants and Medusa. */
export const BUCKET_ROLE = "roles/storage.objectAdmin";

/** Prefixes for throw-away data; objects under them are deleted after {@link SCRATCH_RETENTION_DAYS}. */
export const SCRATCH_PREFIXES = ["tmp/", "scratch/"] as const;
/** Days objects under the scratch prefixes live. */
export const SCRATCH_RETENTION_DAYS = 7;
/**
 * Days a replaced or deleted object version is kept (versioning is on). Short on purpose: the GCS
 * connector renames by copy + delete, so Spark's commit protocol leaves every task attempt and
 * committed output file behind as a non-current version; with 30 days, 7-day scratch data lived 37.
 * Accidental deletes are still recoverable for this long, and for GCS soft delete's 7 days on top
 * (on by default, https://cloud.google.com/storage/docs/soft-delete). docs/clouds/gcp.md, "Bucket versioning".
 */
export const NONCURRENT_RETENTION_DAYS = 3;
/** Days a non-current version under the scratch prefixes is kept (as on S3: `noncurrentDays: 1`). */
export const SCRATCH_NONCURRENT_DAYS = 1;

/** The GKE annotation that binds a Kubernetes service account to a Google service account. */
export const GKE_SA_ANNOTATION = "iam.gke.io/gcp-service-account";

/**
 * An IAM condition that limits a bucket grant to a prefix, treated as a folder (`team-a` and
 * `team-a/` both mean objects under `team-a/`, never `team-ab/...`): object operations under it,
 * and listing with a list prefix of it (`objects.list` is checked against the bucket, so the list
 * prefix attribute is what scopes it).
 * @param bucket bucket name
 * @param prefix object prefix, without leading slash
 */
export function prefixCondition(bucket: string, prefix: string): { title: string; description: string; expression: string } {
    const folder = prefix.replace(/\/+$/, "");
    const listPrefix = `api.getAttribute("storage.googleapis.com/objectListPrefix", "")`;
    return {
        title: `prefix-${folder.replace(/[^A-Za-z0-9_-]/g, "-")}`.slice(0, 100),
        description: `objects under gs://${bucket}/${folder}/ only`,
        expression: `resource.name.startsWith("projects/_/buckets/${bucket}/objects/${folder}/") || ${listPrefix} == "${folder}" || ${listPrefix}.startsWith("${folder}/")`,
    };
}

function checkPrefix(what: string, prefix: string): void {
    if (prefix.replace(/\/+$/, "") === "" || prefix.startsWith("/") || /["\\]/.test(prefix)) {
        throw new pulumi.InputPropertiesError({
            message: `${what} is invalid.`,
            errors: [{ propertyPath: "prefix", reason: `prefix "${prefix}" must be non-empty, must not start with "/" and must not contain quotes or backslashes` }],
        });
    }
}

/** Inputs of {@link GcsObjectStore}. */
export interface GcsObjectStoreArgs {
    /** Project id (workload pool, bucket name). */
    readonly project: string;
    /** Region of the bucket. */
    readonly region: string;
    /** Bucket name. */
    readonly bucketName: string;
    /** Default KMS key of the bucket (prod). */
    readonly kmsKey?: pulumi.Input<string>;
    /** Resources the key needs first (the storage agent's grant). */
    readonly kmsReady: readonly pulumi.Resource[];
    /** GCP labels. */
    readonly labels: Readonly<Record<string, string>>;
    /** Protect the bucket (prod): protect + retainOnDelete, no force-destroy. */
    readonly protect: boolean;
    /** The cluster: Workload Identity bindings need its workload pool to exist. */
    readonly cluster: pulumi.Resource;
    /** The GCP provider every binding is created with (callers pass only their parent). */
    readonly provider: pulumi.ProviderResource;
}

/**
 * The stack's GCS bucket and the {@link ObjectStore} view of it: uniform access, public access
 * prevention enforced, versioning, CMEK in prod, lifecycle rules for scratch prefixes; access through
 * Workload Identity only (one Google service account per binding, granted on this bucket only).
 * @internal
 */
export class GcsObjectStore implements ObjectStore {
    /** The bucket. */
    public readonly bucket: gcp.storage.Bucket;
    public readonly bucketName: pulumi.Output<string>;
    public readonly sparkConf: Readonly<Record<string, pulumi.Input<string>>>;

    constructor(
        name: string,
        private readonly args: GcsObjectStoreArgs,
        opts: pulumi.CustomResourceOptions,
    ) {
        this.bucket = new gcp.storage.Bucket(
            name,
            {
                name: args.bucketName,
                location: args.region.toUpperCase(),
                storageClass: "STANDARD",
                uniformBucketLevelAccess: true,
                publicAccessPrevention: "enforced",
                versioning: { enabled: true },
                encryption: args.kmsKey !== undefined ? { defaultKmsKeyName: args.kmsKey } : undefined,
                labels: { ...args.labels },
                forceDestroy: !args.protect,
                lifecycleRules: [
                    { action: { type: "Delete" }, condition: { age: SCRATCH_RETENTION_DAYS, matchesPrefixes: [...SCRATCH_PREFIXES] } },
                    // `BucketLifecycleRuleCondition` (node_modules/@pulumi/gcp/types/input.d.ts, 9.37): conditions are ANDed.
                    { action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: SCRATCH_NONCURRENT_DAYS, matchesPrefixes: [...SCRATCH_PREFIXES], withState: "ARCHIVED" } },
                    { action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: NONCURRENT_RETENTION_DAYS, withState: "ARCHIVED" } },
                    { action: { type: "AbortIncompleteMultipartUpload" }, condition: { age: 1 } },
                ],
            },
            pulumi.mergeOptions(opts, { protect: args.protect, retainOnDelete: args.protect, dependsOn: [...args.kmsReady] }),
        );
        this.bucketName = this.bucket.name;
        this.sparkConf = {
            "spark.hadoop.fs.gs.impl": "com.google.cloud.hadoop.fs.gcs.GoogleHadoopFileSystem",
            "spark.hadoop.fs.AbstractFileSystem.gs.impl": "com.google.cloud.hadoop.fs.gcs.GoogleHadoopFS",
            "spark.hadoop.fs.gs.project.id": args.project,
            // Workload Identity, no key file: the connector asks the GKE metadata server for the token
            // of the Google service account the pod's Kubernetes service account is bound to.
            // GCS connector 3.x reads fs.gs.auth.type; 2.2.x reads google.cloud.auth.service.account.enable.
            "spark.hadoop.fs.gs.auth.type": "APPLICATION_DEFAULT",
            "spark.hadoop.google.cloud.auth.service.account.enable": "true",
        };
    }

    /**
     * `gs://bucket/prefix`.
     * @param prefix path under the bucket, without leading slash
     */
    uri(prefix: string): pulumi.Output<string> {
        return pulumi.interpolate`gs://${this.bucketName}/${prefix}`;
    }

    private childOptions(opts: pulumi.ComponentResourceOptions): pulumi.CustomResourceOptions {
        return pulumi.mergeOptions(opts, { provider: this.args.provider }) as pulumi.CustomResourceOptions;
    }

    private bucketGrant(name: string, account: gcp.serviceaccount.Account, prefix: string | undefined, opts: pulumi.CustomResourceOptions): gcp.storage.BucketIAMMember {
        return new gcp.storage.BucketIAMMember(
            name,
            {
                bucket: this.bucket.name,
                role: BUCKET_ROLE,
                member: pulumi.interpolate`serviceAccount:${account.email}`,
                condition: prefix !== undefined ? prefixCondition(this.args.bucketName, prefix) : undefined,
            },
            opts,
        );
    }

    /**
     * A Google service account for `sa`, impersonable only by that Kubernetes service account, with
     * objectAdmin on this bucket (optionally only under `prefix`).
     * @param name logical name for the cloud resources
     * @param sa the Kubernetes service account
     * @param prefix restrict to this prefix, or the whole bucket
     * @param opts options (the caller's parent)
     */
    grantAccess(name: string, sa: ServiceAccountRef, prefix: string | undefined, opts: pulumi.ComponentResourceOptions): ObjectStoreAccess {
        if (prefix !== undefined) checkPrefix(`object store access ${name}`, prefix);
        const child = this.childOptions(opts);
        const account = new gcp.serviceaccount.Account(
            name,
            { accountId: accountIdFor(name), project: this.args.project, displayName: `${sa.namespace}/${sa.serviceAccount}`, description: `tristack: object store access of ${sa.namespace}/${sa.serviceAccount}` },
            child,
        );
        const identity = new gcp.serviceaccount.IAMMember(
            `${name}-wi`,
            { serviceAccountId: account.name, role: WORKLOAD_IDENTITY_USER, member: workloadIdentityMember(this.args.project, sa.namespace, sa.serviceAccount) },
            pulumi.mergeOptions(child, { dependsOn: [this.args.cluster] }),
        );
        const grant = this.bucketGrant(`${name}-bucket`, account, prefix, child);
        return { serviceAccountAnnotations: { [GKE_SA_ANNOTATION]: account.email }, podLabels: {}, resources: [account, identity, grant] };
    }

    /**
     * Medusa's storage. Medusa itself can use Workload Identity when `key_file` is omitted
     * (thelastpickle/cassandra-medusa#833), but k8ssandra-operator refuses a missing `storageSecretRef`
     * for every provider except `s3` (k8ssandra-operator#1517), and a placeholder secret is read as the
     * key file; so this is the stack's one static credential: a dedicated Google service account whose
     * only grant is objectAdmin on `prefix` of this bucket, and its key, handed over as a secret
     * (decision in docs/clouds/gcp.md, "Medusa").
     * @param name logical name for the cloud resources
     * @param sa Medusa's Kubernetes service account (documentation only: the key is not bound to it)
     * @param prefix backup prefix
     * @param opts options (the caller's parent)
     */
    backupStorage(name: string, sa: ServiceAccountRef, prefix: string, opts: pulumi.ComponentResourceOptions): BackupStorage {
        checkPrefix(`backup storage ${name}`, prefix);
        const child = this.childOptions(opts);
        const account = new gcp.serviceaccount.Account(
            name,
            { accountId: accountIdFor(name), project: this.args.project, displayName: `Medusa backups (${sa.namespace})`, description: `tristack: Medusa key for gs://${this.args.bucketName}/${prefix} only` },
            child,
        );
        this.bucketGrant(`${name}-bucket`, account, prefix, child);
        const key = new gcp.serviceaccount.Key(`${name}-key`, { serviceAccountId: account.name, privateKeyType: "TYPE_GOOGLE_CREDENTIALS_FILE" }, child);
        const credentialsFile = pulumi.secret(key.privateKey.apply((b64) => Buffer.from(b64, "base64").toString("utf8")));
        return { storageProvider: "google_storage", bucketName: this.bucketName, credentialsType: "credential-based", credentialsFile };
    }
}
