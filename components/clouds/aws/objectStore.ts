import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import type { BackupStorage, ObjectStore, ObjectStoreAccess, ServiceAccountRef } from "../clusterHandle";
import { podIdentityTrust, policyDocument, type AwsContext, type PolicyStatement } from "./policy";

/** Prefixes for throw-away data; objects under them expire after {@link SCRATCH_RETENTION_DAYS}. */
export const SCRATCH_PREFIXES = ["tmp/", "scratch/"] as const;
/** Days objects under the scratch prefixes live. */
export const SCRATCH_RETENTION_DAYS = 7;
/** Days a replaced or deleted object version is kept (versioning is on). */
export const NONCURRENT_RETENTION_DAYS = 30;
/** Days an unfinished multipart upload (a failed Spark task's parts) is kept. */
export const ABORT_MULTIPART_DAYS = 1;
/** Object actions a binding gets (read, write, delete, multipart). */
export const OBJECT_ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"] as const;
/** KMS actions for reading and writing objects under an aws:kms bucket key. */
export const OBJECT_KEY_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey"] as const;
/**
 * The S3A credentials provider: the AWS SDK v2 default chain, which includes the container
 * credentials provider EKS Pod Identity feeds (`AWS_CONTAINER_CREDENTIALS_FULL_URI` plus the token
 * file), as well as IRSA's web identity. Needs hadoop-aws 3.4+ (SDK v2), i.e. Spark 4.
 */
export const S3A_CREDENTIALS_PROVIDER = "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider";

function checkPrefix(what: string, prefix: string): string {
    const folder = prefix.replace(/\/+$/, "");
    if (folder === "" || prefix.startsWith("/") || /[*?"\\]/.test(prefix)) {
        throw new pulumi.InputPropertiesError({
            message: `${what} is invalid.`,
            errors: [{ propertyPath: "prefix", reason: `prefix "${prefix}" must be non-empty, must not start with "/" and must not contain wildcards, quotes or backslashes` }],
        });
    }
    return folder;
}

/**
 * The IAM statements of one binding: objects (and listing) of this bucket only, under `prefix` as a
 * folder when given (`team-a` and `team-a/` both mean `team-a/...`, never `team-ab/...`), plus use
 * of the bucket's key.
 * @param bucketArn the bucket
 * @param keyArn the bucket's KMS key
 * @param prefix folder to restrict to, or the whole bucket
 */
export function accessStatements(bucketArn: pulumi.Input<string>, keyArn: pulumi.Input<string>, prefix: string | undefined): PolicyStatement[] {
    const folder = prefix === undefined ? undefined : checkPrefix("object store access", prefix);
    const list: PolicyStatement =
        folder === undefined
            ? { Sid: "ListBucket", Effect: "Allow", Action: ["s3:ListBucket"], Resource: bucketArn }
            : { Sid: "ListPrefix", Effect: "Allow", Action: ["s3:ListBucket"], Resource: bucketArn, Condition: { StringLike: { "s3:prefix": [`${folder}/*`] } } };
    const objects = folder === undefined ? pulumi.interpolate`${bucketArn}/*` : pulumi.interpolate`${bucketArn}/${folder}/*`;
    // S3A probes each parent "directory" with a HEAD on the bare key (`team-a`) before listing
    // `team-a/`; a 403 there fails the job, a 404 is fine. Only those exact keys, never a wildcard.
    const probes: PolicyStatement[] =
        folder === undefined
            ? []
            : [{ Sid: "ParentDirectoryProbes", Effect: "Allow", Action: ["s3:GetObject"], Resource: ancestors(folder).map((a) => pulumi.interpolate`${bucketArn}/${a}`) }];
    return [
        list,
        { Sid: folder === undefined ? "Objects" : "ObjectsUnderPrefix", Effect: "Allow", Action: [...OBJECT_ACTIONS], Resource: objects },
        ...probes,
        { Sid: "BucketKey", Effect: "Allow", Action: [...OBJECT_KEY_ACTIONS], Resource: keyArn },
    ];
}

/**
 * The folder and its parents, shortest first (`a/b` -> `a`, `a/b`).
 * @param folder a prefix without trailing slash
 */
export function ancestors(folder: string): string[] {
    const parts = folder.split("/").filter((p) => p !== "");
    return parts.map((_, i) => parts.slice(0, i + 1).join("/"));
}

/** Inputs of {@link S3ObjectStore}. */
export interface S3ObjectStoreArgs {
    /** Bucket name (globally unique). */
    readonly bucketName: pulumi.Input<string>;
    /** The stack key (default encryption). */
    readonly keyArn: pulumi.Input<string>;
    /** Account, partition, region, cluster. */
    readonly ctx: AwsContext;
    /** Protect the bucket (prod): protect + retainOnDelete, no force-destroy; side-cars retained. */
    readonly protect: boolean;
    /** The cluster: associations are made on it. */
    readonly clusterName: pulumi.Input<string>;
    /** Resources an association needs first (the Pod Identity agent add-on). */
    readonly podIdentityReady: readonly pulumi.Resource[];
    /** The AWS provider every binding is created with (callers pass only their parent). */
    readonly provider: pulumi.ProviderResource;
}

/**
 * The stack's S3 bucket and the {@link ObjectStore} view of it: SSE-KMS with the stack key and a
 * bucket key, versioning, all public access blocked, ACLs disabled, TLS-only policy, lifecycle
 * rules for scratch prefixes, old versions and failed multipart uploads; access only through EKS
 * Pod Identity, one role per binding, scoped to this bucket (and prefix).
 * @internal
 */
export class S3ObjectStore implements ObjectStore {
    /** The bucket. */
    public readonly bucket: aws.s3.Bucket;
    public readonly bucketName: pulumi.Output<string>;
    public readonly sparkConf: Readonly<Record<string, pulumi.Input<string>>>;

    constructor(
        name: string,
        private readonly args: S3ObjectStoreArgs,
        opts: pulumi.CustomResourceOptions,
    ) {
        const keep = pulumi.mergeOptions(opts, { retainOnDelete: args.protect });
        this.bucket = new aws.s3.Bucket(name, { bucket: args.bucketName, forceDestroy: !args.protect, tags: { Name: name } }, pulumi.mergeOptions(opts, { protect: args.protect, retainOnDelete: args.protect }));
        const bucket = this.bucket.id;
        const ownership = new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } }, keep);
        const publicAccess = new aws.s3.BucketPublicAccessBlock(`${name}-public-access`, { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, keep);
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            { bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.keyArn }, bucketKeyEnabled: true }] },
            keep,
        );
        const versioning = new aws.s3.BucketVersioning(`${name}-versioning`, { bucket, versioningConfiguration: { status: "Enabled" } }, keep);
        const objectsArn = pulumi.interpolate`${this.bucket.arn}/*`;
        new aws.s3.BucketPolicy(
            `${name}-tls-only`,
            {
                bucket,
                policy: policyDocument([
                    { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [this.bucket.arn, objectsArn], Condition: { Bool: { "aws:SecureTransport": "false" } } },
                    { Sid: "DenyTlsBelow12", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [this.bucket.arn, objectsArn], Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } } },
                ]),
            },
            pulumi.mergeOptions(keep, { dependsOn: [publicAccess, ownership] }),
        );
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            {
                bucket,
                rules: [
                    ...SCRATCH_PREFIXES.map((prefix) => ({
                        id: `expire-${prefix.replace(/\/$/, "")}`,
                        status: "Enabled",
                        filter: { prefix },
                        expiration: { days: SCRATCH_RETENTION_DAYS },
                        noncurrentVersionExpiration: { noncurrentDays: 1 },
                    })),
                    {
                        id: "old-versions-and-failed-uploads",
                        status: "Enabled",
                        filter: {},
                        expiration: { expiredObjectDeleteMarker: true },
                        noncurrentVersionExpiration: { noncurrentDays: NONCURRENT_RETENTION_DAYS },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: ABORT_MULTIPART_DAYS },
                    },
                ],
            },
            // Lifecycle rules on a versioned bucket act on versions: versioning first.
            pulumi.mergeOptions(keep, { dependsOn: [versioning] }),
        );
        this.bucketName = this.bucket.bucket;
        this.sparkConf = {
            "spark.hadoop.fs.s3a.impl": "org.apache.hadoop.fs.s3a.S3AFileSystem",
            "spark.hadoop.fs.s3a.aws.credentials.provider": S3A_CREDENTIALS_PROVIDER,
            "spark.hadoop.fs.s3a.endpoint.region": args.ctx.region,
        };
    }

    /**
     * `s3a://bucket/prefix`.
     * @param prefix path under the bucket, without leading slash
     */
    uri(prefix: string): pulumi.Output<string> {
        return pulumi.interpolate`s3a://${this.bucketName}/${prefix}`;
    }

    private childOptions(opts: pulumi.ComponentResourceOptions): pulumi.CustomResourceOptions {
        return pulumi.mergeOptions(opts, { provider: this.args.provider }) as pulumi.CustomResourceOptions;
    }

    /**
     * An IAM role for `sa`, assumable through Pod Identity by exactly that service account of this
     * cluster, allowed objects of this bucket (optionally only under `prefix`) and the bucket key.
     * Pod Identity needs no service-account annotation and no pod label.
     * @param name logical name for the cloud resources
     * @param sa the Kubernetes service account
     * @param prefix restrict to this prefix, or the whole bucket
     * @param opts options (the caller's parent)
     */
    grantAccess(name: string, sa: ServiceAccountRef, prefix: string | undefined, opts: pulumi.ComponentResourceOptions): ObjectStoreAccess {
        const statements = accessStatements(this.bucket.arn, this.args.keyArn, prefix);
        const child = this.childOptions(opts);
        const role = new aws.iam.Role(
            name,
            { description: `tristack: object store access of ${sa.namespace}/${sa.serviceAccount} (Pod Identity)`, assumeRolePolicy: podIdentityTrust(this.args.ctx) },
            child,
        );
        const policy = new aws.iam.RolePolicy(name, { role: role.name, policy: policyDocument(statements) }, child);
        const association = new aws.eks.PodIdentityAssociation(
            name,
            { clusterName: this.args.clusterName, namespace: sa.namespace, serviceAccount: sa.serviceAccount, roleArn: role.arn },
            pulumi.mergeOptions(child, { dependsOn: [...this.args.podIdentityReady] }),
        );
        return { serviceAccountAnnotations: {}, podLabels: {}, resources: [role, policy, association] };
    }

    /**
     * Medusa's storage: role-based, i.e. boto3's default credential chain, which picks up the Pod
     * Identity container credentials (botocore 1.34+) of Medusa's service account; the role may use
     * `prefix` of this bucket only.
     * @param name logical name for the cloud resources
     * @param sa Medusa's service account
     * @param prefix backup prefix
     * @param opts options (the caller's parent)
     */
    backupStorage(name: string, sa: ServiceAccountRef, prefix: string, opts: pulumi.ComponentResourceOptions): BackupStorage {
        checkPrefix(`backup storage ${name}`, prefix);
        const access = this.grantAccess(name, sa, prefix, opts);
        return { storageProvider: "s3", bucketName: this.bucketName, region: this.args.ctx.region, credentialsType: "role-based", access };
    }
}
