import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as storage from "@pulumi/azure-native/storage";
import * as pulumi from "@pulumi/pulumi";
import type { BackupStorage, ObjectStore, ObjectStoreAccess, ServiceAccountRef } from "../clusterHandle";
import { grantRole } from "./identity";
import { armId } from "./names";
import { accountArgs, createBlobService, OLD_VERSIONS_RULE, type AccountSettings } from "./storageAccount";

/** The container Spark data and event logs live in (ADLS Gen2 file system). */
export const SPARK_CONTAINER = "spark";
/** The container of the Medusa backup account. */
export const BACKUP_CONTAINER = "medusa";

/** Prefixes (in the Spark container) for throw-away data; deleted after {@link SCRATCH_RETENTION_DAYS}. */
export const SCRATCH_PREFIXES = ["tmp/", "scratch/"] as const;
/** Days blobs under the scratch prefixes live. */
export const SCRATCH_RETENTION_DAYS = 7;

/** The audience AKS workload identity tokens are exchanged for. */
export const WORKLOAD_IDENTITY_AUDIENCE = "api://AzureADTokenExchange";
/** ServiceAccount annotation naming the managed identity's client id. */
export const WI_CLIENT_ID_ANNOTATION = "azure.workload.identity/client-id";
/** Pod label that makes the workload identity webhook inject the token and environment. */
export const WI_USE_LABEL = "azure.workload.identity/use";

/** The hadoop-azure token provider that reads the projected workload identity token (Hadoop 3.4.1+). */
export const ABFS_WORKLOAD_IDENTITY_PROVIDER = "org.apache.hadoop.fs.azurebfs.oauth2.WorkloadIdentityTokenProvider";

const BLOBS = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs";
/** Data actions a prefix condition confines (reads except listing, writes, deletes, appends, renames). */
const PATH_ACTIONS = ["read", "write", "delete", "add/action", "move/action"] as const;

function checkPrefix(what: string, prefix: string): void {
    if (prefix.replace(/\/+$/, "") === "" || prefix.startsWith("/") || /['"\\]/.test(prefix)) {
        throw new pulumi.InputPropertiesError({
            message: `${what} is invalid.`,
            errors: [{ propertyPath: "prefix", reason: `prefix "${prefix}" must be non-empty, must not start with "/" and must not contain quotes or backslashes` }],
        });
    }
}

/**
 * An ABAC condition (version 2.0) that limits a Storage Blob Data role to one folder of a container:
 * blob operations only on paths under `prefix/`, and listing only with a list prefix under it.
 * (`team-a` and `team-a/` both mean the folder `team-a/`, never `team-ab/`.)
 * @param prefix folder, without leading slash
 */
export function prefixCondition(prefix: string): string {
    const folder = `${prefix.replace(/\/+$/, "")}/`;
    const notPath = PATH_ACTIONS.map((a) => (a === "read" ? `!(ActionMatches{'${BLOBS}/read'} AND NOT SubOperationMatches{'Blob.List'})` : `!(ActionMatches{'${BLOBS}/${a}'})`)).join(" AND ");
    return [
        `((${notPath}) OR (@Resource[${BLOBS}:path] StringStartsWith '${folder}'))`,
        `AND`,
        `((!(ActionMatches{'${BLOBS}/read'} AND SubOperationMatches{'Blob.List'})) OR (@Request[${BLOBS}:prefix] StringStartsWith '${folder}'))`,
    ].join(" ");
}

/** Inputs of {@link AzureObjectStore}. */
export interface AzureObjectStoreArgs extends AccountSettings {
    /** The resource group's name (for resource ids). */
    readonly resourceGroup: string;
    readonly subscriptionId: pulumi.Output<string>;
    readonly tenantId: pulumi.Output<string>;
    /** The data lake account's name (globally unique). */
    readonly accountName: pulumi.Output<string>;
    /** The Medusa backup account's name (globally unique). */
    readonly backupAccountName: pulumi.Output<string>;
    /** The cluster's OIDC issuer (federated credentials trust it). */
    readonly oidcIssuerUrl: pulumi.Output<string>;
    /** The cluster: federated credentials need its issuer to exist. */
    readonly cluster: pulumi.Resource;
    /** The azure-native provider every binding is created with (callers pass only their parent). */
    readonly provider: pulumi.ProviderResource;
}

/**
 * The stack's ADLS Gen2 account and the {@link ObjectStore} view of it: hierarchical namespace, no
 * public or shared-key access, TLS 1.2, deny-by-default firewall open to the node subnet, versioning
 * and soft delete, lifecycle rules for scratch prefixes, CMK in prod; access only through workload
 * identity (one managed identity per binding, granted on the Spark container only).
 * @internal
 */
export class AzureObjectStore implements ObjectStore {
    public readonly account: storage.StorageAccount;
    public readonly container: storage.BlobContainer;
    public readonly bucketName: pulumi.Output<string>;
    public readonly sparkConf: Readonly<Record<string, pulumi.Input<string>>>;
    private readonly containerId: pulumi.Output<string>;

    constructor(
        name: string,
        private readonly args: AzureObjectStoreArgs,
        opts: pulumi.CustomResourceOptions,
    ) {
        const keep = pulumi.mergeOptions(opts, { protect: args.protect, retainOnDelete: args.protect, dependsOn: [...args.cmkReady] });
        this.account = new storage.StorageAccount(name, accountArgs(args, { accountName: args.accountName, hns: true, sharedKey: false }), keep);
        const service = createBlobService(name, args, this.account, true, opts);
        new storage.ManagementPolicy(
            name,
            {
                resourceGroupName: args.resourceGroupName,
                accountName: this.account.name,
                managementPolicyName: "default",
                policy: {
                    rules: [
                        {
                            name: "scratch",
                            enabled: true,
                            type: "Lifecycle",
                            definition: {
                                filters: { blobTypes: ["blockBlob"], prefixMatch: SCRATCH_PREFIXES.map((p) => `${SPARK_CONTAINER}/${p}`) },
                                actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: SCRATCH_RETENTION_DAYS } } },
                            },
                        },
                        // No version rule: the lake keeps no versions (HNS, see createBlobService).
                    ],
                },
            },
            pulumi.mergeOptions(opts, { dependsOn: [service] }),
        );
        this.container = new storage.BlobContainer(
            `${name}-${SPARK_CONTAINER}`,
            { resourceGroupName: args.resourceGroupName, accountName: this.account.name, containerName: SPARK_CONTAINER, publicAccess: "None" },
            pulumi.mergeOptions(keep, { dependsOn: [service] }),
        );
        this.bucketName = this.container.name;
        this.containerId = pulumi
            .all([args.subscriptionId, this.account.name])
            .apply(([s, account]) => armId(s, args.resourceGroup, "Microsoft.Storage/storageAccounts", `${account}/blobServices/default/containers/${SPARK_CONTAINER}`));
        this.sparkConf = {
            // ABFS with the pod's workload identity: the webhook injects AZURE_CLIENT_ID and
            // AZURE_FEDERATED_TOKEN_FILE; Hadoop expands ${env.*} when it reads the configuration.
            "spark.hadoop.fs.azure.account.auth.type": "OAuth",
            "spark.hadoop.fs.azure.account.oauth.provider.type": ABFS_WORKLOAD_IDENTITY_PROVIDER,
            "spark.hadoop.fs.azure.account.oauth2.msi.tenant": args.tenantId,
            "spark.hadoop.fs.azure.account.oauth2.client.id": "${env.AZURE_CLIENT_ID}",
            "spark.hadoop.fs.azure.account.oauth2.token.file": "${env.AZURE_FEDERATED_TOKEN_FILE}",
        };
    }

    /**
     * `abfss://<container>@<account>.dfs.core.windows.net/<prefix>`.
     * @param prefix path under the container, without leading slash
     */
    uri(prefix: string): pulumi.Output<string> {
        return pulumi.interpolate`abfss://${this.bucketName}@${this.account.name}.dfs.core.windows.net/${prefix}`;
    }

    private childOptions(opts: pulumi.ComponentResourceOptions): pulumi.CustomResourceOptions {
        return pulumi.mergeOptions(opts, { provider: this.args.provider }) as pulumi.CustomResourceOptions;
    }

    /**
     * A user-assigned identity for `sa`, trusted only for that Kubernetes service account through a
     * federated credential on the cluster's OIDC issuer, with Storage Blob Data Contributor on the
     * Spark container (optionally only under `prefix`, by an ABAC condition).
     * @param name logical name for the cloud resources
     * @param sa the Kubernetes service account
     * @param prefix restrict to this folder, or the whole container
     * @param opts options (the caller's parent)
     */
    grantAccess(name: string, sa: ServiceAccountRef, prefix: string | undefined, opts: pulumi.ComponentResourceOptions): ObjectStoreAccess {
        if (prefix !== undefined) checkPrefix(`object store access ${name}`, prefix);
        const child = this.childOptions(opts);
        const identity = new managedidentity.UserAssignedIdentity(name, { resourceGroupName: this.args.resourceGroupName, resourceName: name, tags: { ...this.args.tags } }, child);
        const federation = new managedidentity.FederatedIdentityCredential(
            `${name}-wi`,
            {
                resourceGroupName: this.args.resourceGroupName,
                resourceName: identity.name,
                federatedIdentityCredentialResourceName: `${sa.namespace}-${sa.serviceAccount}`.slice(0, 120),
                issuer: this.args.oidcIssuerUrl,
                subject: `system:serviceaccount:${sa.namespace}:${sa.serviceAccount}`,
                audiences: [WORKLOAD_IDENTITY_AUDIENCE],
            },
            pulumi.mergeOptions(child, { dependsOn: [this.args.cluster] }),
        );
        const grant = grantRole(
            `${name}-blob`,
            {
                subscriptionId: this.args.subscriptionId,
                principalId: identity.principalId,
                principalType: "ServicePrincipal",
                role: "storageBlobDataContributor",
                scope: this.containerId,
                condition: prefix !== undefined ? prefixCondition(prefix) : undefined,
                description: `tristack: ${sa.namespace}/${sa.serviceAccount} on ${SPARK_CONTAINER}${prefix !== undefined ? `/${prefix}` : ""}`,
            },
            pulumi.mergeOptions(child, { dependsOn: [this.container] }),
        );
        return { serviceAccountAnnotations: { [WI_CLIENT_ID_ANNOTATION]: identity.clientId }, podLabels: { [WI_USE_LABEL]: "true" }, resources: [identity, federation, grant] };
    }

    /**
     * Medusa's storage. k8ssandra-operator accepts `role-based` credentials only for `s3`
     * (k8ssandra/k8ssandra-operator#1517: no storage secret and no AZURE_STORAGE_ACCOUNT for Azure),
     * and Medusa's `azure_blobs` credentials file holds an account key. So Medusa gets its own storage
     * account that holds nothing but backups: shared-key access is on there (and only there; the data
     * lake account keeps it off), with the same firewall, TLS, encryption and soft delete, and the file
     * carries that account's key. Switch to workload identity when the operator accepts it.
     * @param name logical name for the cloud resources
     * @param sa Medusa's Kubernetes service account (not bound: the key is not tied to it)
     * @param prefix backup prefix (Medusa writes under it; the key itself is account-wide)
     * @param opts options (the caller's parent)
     */
    backupStorage(name: string, sa: ServiceAccountRef, prefix: string, opts: pulumi.ComponentResourceOptions): BackupStorage {
        checkPrefix(`backup storage ${name}`, prefix);
        void sa;
        const child = this.childOptions(opts);
        const keep = pulumi.mergeOptions(child, { protect: this.args.protect, retainOnDelete: this.args.protect, dependsOn: [...this.args.cmkReady] });
        const account = new storage.StorageAccount(name, accountArgs(this.args, { accountName: this.args.backupAccountName, hns: false, sharedKey: true }), keep);
        const service = createBlobService(name, this.args, account, false, child);
        new storage.ManagementPolicy(
            name,
            { resourceGroupName: this.args.resourceGroupName, accountName: account.name, managementPolicyName: "default", policy: { rules: [OLD_VERSIONS_RULE] } },
            pulumi.mergeOptions(child, { dependsOn: [service] }),
        );
        const container = new storage.BlobContainer(
            `${name}-${BACKUP_CONTAINER}`,
            { resourceGroupName: this.args.resourceGroupName, accountName: account.name, containerName: BACKUP_CONTAINER, publicAccess: "None" },
            pulumi.mergeOptions(keep, { dependsOn: [service] }),
        );
        const keys = storage.listStorageAccountKeysOutput({ resourceGroupName: this.args.resourceGroupName, accountName: account.name }, { parent: child.parent, provider: this.args.provider });
        const credentialsFile = pulumi.secret(
            pulumi.all([account.name, keys.keys]).apply(([accountName, list]) => JSON.stringify({ storage_account: accountName, key: list[0]?.value ?? "" })),
        );
        return { storageProvider: "azure_blobs", bucketName: container.name, credentialsType: "credential-based", credentialsFile };
    }
}
