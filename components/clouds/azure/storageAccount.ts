import * as storage from "@pulumi/azure-native/storage";
import type * as inputs from "@pulumi/azure-native/types/input";
import * as pulumi from "@pulumi/pulumi";

/** Days a deleted blob (or container) can be restored. */
export const SOFT_DELETE_DAYS = 14;
/** Days after which Azure reminds to rotate an account key (only the backup account has keys in use). */
export const KEY_EXPIRATION_DAYS = 90;

/** Days a previous blob version is kept. */
export const NONCURRENT_RETENTION_DAYS = 30;

/** The lifecycle rule every account carries: previous blob versions are deleted after {@link NONCURRENT_RETENTION_DAYS}. */
export const OLD_VERSIONS_RULE: inputs.storage.ManagementPolicyRuleArgs = {
    name: "old-versions",
    enabled: true,
    type: "Lifecycle",
    definition: { filters: { blobTypes: ["blockBlob"] }, actions: { version: { delete: { daysAfterCreationGreaterThan: NONCURRENT_RETENTION_DAYS } } } },
};

/** Customer-managed key of the storage accounts (prod). */
export interface StorageCmk {
    /** Key name in the vault. */
    readonly keyName: pulumi.Input<string>;
    /** Vault URI (`https://<vault>.vault.azure.net/`). */
    readonly vaultUri: pulumi.Input<string>;
    /** Resource id of the user-assigned identity that unwraps the key. */
    readonly identityId: pulumi.Input<string>;
}

/** What every storage account of the stack shares. */
export interface AccountSettings {
    /** The resource group (output of the group, so accounts wait for it). */
    readonly resourceGroupName: pulumi.Input<string>;
    /** Redundancy: zone-redundant in prod. */
    readonly skuName: "Standard_ZRS" | "Standard_LRS";
    /** The node subnet, admitted through the firewall. */
    readonly subnetId: pulumi.Input<string>;
    /** Whether tristack created the subnet (and its Microsoft.Storage service endpoint). */
    readonly subnetCreated: boolean;
    /** Customer-managed key (prod); Microsoft-managed keys otherwise. */
    readonly cmk?: StorageCmk;
    /** Grants the CMK needs before an account can use it. */
    readonly cmkReady: readonly pulumi.Resource[];
    readonly tags: Readonly<Record<string, string>>;
    /** Protect and retain the accounts (prod). */
    readonly protect: boolean;
}

/**
 * Arguments of a hardened StorageV2 account: no public blobs, TLS 1.2 over HTTPS only, Entra ID as
 * the default authorization, infrastructure (double) encryption, a deny-by-default firewall that
 * admits the node subnet (and trusted Azure services), CMK when given.
 * @param settings shared settings
 * @param account name, hierarchical namespace, shared keys
 * @param account.accountName the globally unique account name
 * @param account.hns hierarchical namespace (ADLS Gen2)
 * @param account.sharedKey allow shared-key authorization (only the Medusa account)
 * @internal
 */
export function accountArgs(settings: AccountSettings, account: { readonly accountName: pulumi.Input<string>; readonly hns: boolean; readonly sharedKey: boolean }): storage.StorageAccountArgs {
    const { cmk } = settings;
    return {
        resourceGroupName: settings.resourceGroupName,
        accountName: account.accountName,
        kind: "StorageV2",
        sku: { name: settings.skuName },
        accessTier: "Hot",
        isHnsEnabled: account.hns,
        allowBlobPublicAccess: false,
        allowSharedKeyAccess: account.sharedKey,
        defaultToOAuthAuthentication: true,
        allowCrossTenantReplication: false,
        minimumTlsVersion: "TLS1_2",
        enableHttpsTrafficOnly: true,
        ...(account.sharedKey ? { keyPolicy: { keyExpirationPeriodInDays: KEY_EXPIRATION_DAYS } } : {}),
        networkRuleSet: {
            defaultAction: "Deny",
            bypass: "AzureServices",
            // An existing subnet may lack the Microsoft.Storage service endpoint; the rule is kept and
            // takes effect once the network owner adds it.
            virtualNetworkRules: [{ virtualNetworkResourceId: settings.subnetId, action: "Allow", ...(settings.subnetCreated ? {} : { ignoreMissingVnetServiceEndpoint: true }) }],
        },
        ...(cmk ? { identity: { type: "UserAssigned", userAssignedIdentities: [cmk.identityId] } } : {}),
        encryption: {
            requireInfrastructureEncryption: true,
            services: { blob: { enabled: true, keyType: "Account" }, file: { enabled: true, keyType: "Account" } },
            ...(cmk
                ? { keySource: "Microsoft.Keyvault", keyVaultProperties: { keyName: cmk.keyName, keyVaultUri: cmk.vaultUri }, encryptionIdentity: { encryptionUserAssignedIdentity: cmk.identityId } }
                : { keySource: "Microsoft.Storage" }),
        },
        tags: { ...settings.tags },
    };
}

/**
 * Blob service settings: blob and container soft delete everywhere, versioning where the account
 * supports it. Blob versioning is not supported on accounts with a hierarchical namespace (ADLS Gen2):
 * ARM rejects `isVersioningEnabled: true` there ("Blob versioning: not supported" for HNS accounts in
 * https://learn.microsoft.com/azure/storage/blobs/storage-feature-support-in-storage-accounts;
 * hashicorp/terraform-provider-azurerm#19418), and everything that depends on the blob service (the
 * Spark container, its lifecycle rule, the role assignments) would never be created. The lake relies
 * on soft delete; the backup account (no HNS) keeps versions.
 * @param name logical name
 * @param settings shared settings
 * @param account the account
 * @param hns whether the account has a hierarchical namespace (then no versioning)
 * @param opts options (parent, provider)
 * @internal
 */
export function createBlobService(name: string, settings: AccountSettings, account: storage.StorageAccount, hns: boolean, opts: pulumi.CustomResourceOptions): storage.BlobServiceProperties {
    return new storage.BlobServiceProperties(
        name,
        {
            resourceGroupName: settings.resourceGroupName,
            accountName: account.name,
            blobServicesName: "default",
            isVersioningEnabled: !hns,
            deleteRetentionPolicy: { enabled: true, days: SOFT_DELETE_DAYS },
            containerDeleteRetentionPolicy: { enabled: true, days: SOFT_DELETE_DAYS },
        },
        opts,
    );
}
