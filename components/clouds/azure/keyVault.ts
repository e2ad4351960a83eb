import type * as authorization from "@pulumi/azure-native/authorization";
import * as compute from "@pulumi/azure-native/compute";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as pulumi from "@pulumi/pulumi";
import { grantRole, type PrincipalType } from "./identity";

/** Days a deleted vault or key can be recovered (the maximum). */
export const SOFT_DELETE_RETENTION_DAYS = 90;
/** Keys rotate this long after creation (ISO 8601 duration). */
export const KEY_ROTATION_AFTER = "P90D";
/** Each key version expires this long after creation; rotation happens well before. */
export const KEY_EXPIRY = "P1Y";
/** RSA key size of every customer-managed key. */
export const KEY_SIZE_BITS = 3072;

/** The purposes tristack keeps a customer-managed key for. */
export const KEY_PURPOSES = ["etcd", "disks", "storage"] as const;
/** One of {@link KEY_PURPOSES}. */
export type KeyPurpose = (typeof KEY_PURPOSES)[number];

/** The vault, its keys and the identities that use them. */
export interface ClusterKeys {
    readonly vault: keyvault.Vault;
    /** The vault's resource id. */
    readonly vaultId: pulumi.Output<string>;
    /** One key per purpose. */
    readonly keys: Readonly<Record<KeyPurpose, keyvault.Key>>;
    /** The disk encryption set over the `disks` key (node OS disks and Disk CSI volumes). */
    readonly diskEncryptionSet: compute.DiskEncryptionSet;
    /** The storage account's identity for its customer-managed key. */
    readonly storageIdentity: managedidentity.UserAssignedIdentity;
    /** Grants that must exist before the keys are used. */
    readonly grants: {
        readonly etcd: authorization.RoleAssignment;
        readonly disks: authorization.RoleAssignment;
        readonly storage: authorization.RoleAssignment;
    };
}

/** Inputs of {@link createClusterKeys}. */
export interface ClusterKeysArgs {
    readonly resourceGroupName: pulumi.Input<string>;
    /** Globally unique vault name. */
    readonly vaultName: pulumi.Input<string>;
    readonly tenantId: pulumi.Input<string>;
    readonly subscriptionId: pulumi.Input<string>;
    /** Object id of whoever runs `pulumi up` (needs Crypto Officer to create keys in an RBAC vault). */
    readonly deployerObjectId: pulumi.Input<string>;
    /** Its principal type (`ServicePrincipal` in CI); never left to the SDK's `User` default. */
    readonly deployerPrincipalType: pulumi.Input<PrincipalType>;
    /** The control plane's principal (KMS needs Key Vault Crypto User). */
    readonly controlPlanePrincipalId: pulumi.Input<string>;
    readonly tags: Readonly<Record<string, string>>;
}

/**
 * The prod key material: a Key Vault with RBAC authorization, soft delete and purge protection, three
 * RSA keys with a rotation policy (etcd KMS, disks, storage), a disk encryption set that follows the
 * latest key version, and the narrowest grants: the control plane is Crypto User, the disk encryption
 * set and the storage identity are Crypto Service Encryption User, all on this vault only. The vault
 * and the keys are protected and retained on delete: losing them loses the data they encrypt.
 * Note: the vault keeps public network access (RBAC-gated) because AKS KMS with a private vault needs
 * API server VNet integration; `keyVaultNetworkAccess` is `Public` accordingly.
 * @param name base name
 * @param args names, tenant, principals, tags
 * @param opts options (parent, provider)
 * @internal
 */
export function createClusterKeys(name: string, args: ClusterKeysArgs, opts: pulumi.CustomResourceOptions): ClusterKeys {
    const tags = { ...args.tags };
    const keep = pulumi.mergeOptions(opts, { protect: true, retainOnDelete: true });
    const vault = new keyvault.Vault(
        `${name}-kv`,
        {
            resourceGroupName: args.resourceGroupName,
            vaultName: args.vaultName,
            properties: {
                tenantId: args.tenantId,
                sku: { family: "A", name: "premium" },
                enableRbacAuthorization: true,
                enableSoftDelete: true,
                softDeleteRetentionInDays: SOFT_DELETE_RETENTION_DAYS,
                enablePurgeProtection: true,
                // No enabledForDiskEncryption: that flag lets Azure Disk Encryption (the VM extension) read
                // secrets; a disk encryption set reaches its key through its own identity and RBAC grant
                // (typings, VaultPropertiesArgs.enabledForDiskEncryption). Left to the SDK default, false.
                publicNetworkAccess: "Enabled",
                networkAcls: { bypass: "AzureServices", defaultAction: "Allow" },
            },
            tags,
        },
        keep,
    );
    const vaultId = vault.id;
    const officer = grantRole(
        `${name}-kv-deployer`,
        { subscriptionId: args.subscriptionId, principalId: args.deployerObjectId, principalType: args.deployerPrincipalType, role: "keyVaultCryptoOfficer", scope: vaultId, description: `tristack: ${name} deployer manages the cluster keys` },
        opts,
    );
    const keys = Object.fromEntries(
        KEY_PURPOSES.map((purpose) => [
            purpose,
            new keyvault.Key(
                `${name}-${purpose}`,
                {
                    resourceGroupName: args.resourceGroupName,
                    vaultName: vault.name,
                    keyName: `${name}-${purpose}`,
                    properties: {
                        kty: "RSA",
                        keySize: KEY_SIZE_BITS,
                        keyOps: ["encrypt", "decrypt", "wrapKey", "unwrapKey"],
                        rotationPolicy: {
                            attributes: { expiryTime: KEY_EXPIRY },
                            lifetimeActions: [
                                { action: { type: "rotate" }, trigger: { timeAfterCreate: KEY_ROTATION_AFTER } },
                                { action: { type: "notify" }, trigger: { timeBeforeExpiry: "P30D" } },
                            ],
                        },
                    },
                    tags,
                },
                pulumi.mergeOptions(keep, { dependsOn: [officer] }),
            ),
        ]),
    ) as Record<KeyPurpose, keyvault.Key>;

    const etcd = grantRole(
        `${name}-kv-control-plane`,
        { subscriptionId: args.subscriptionId, principalId: args.controlPlanePrincipalId, principalType: "ServicePrincipal", role: "keyVaultCryptoUser", scope: vaultId, description: `tristack: ${name} KMS (etcd encryption)` },
        opts,
    );
    const diskEncryptionSet = new compute.DiskEncryptionSet(
        `${name}-disks`,
        {
            resourceGroupName: args.resourceGroupName,
            diskEncryptionSetName: `${name}-disks`,
            identity: { type: "SystemAssigned" },
            encryptionType: "EncryptionAtRestWithCustomerKey",
            // A DES needs a versioned key URL "regardless of rotationToLatestKeyVersionEnabled"
            // (@pulumi/azure-native compute KeyForDiskEncryptionSetArgs.keyUrl); with auto-rotation on,
            // Azure moves it to each new version itself.
            activeKey: { keyUrl: keys.disks.keyUriWithVersion, sourceVault: { id: vaultId } },
            rotationToLatestKeyVersionEnabled: true,
            tags,
        },
        opts,
    );
    const disks = grantRole(
        `${name}-kv-disks`,
        {
            subscriptionId: args.subscriptionId,
            principalId: diskEncryptionSet.identity.apply((i) => i?.principalId ?? ""),
            principalType: "ServicePrincipal",
            role: "keyVaultCryptoServiceEncryptionUser",
            scope: vaultId,
            description: `tristack: ${name} disk encryption set`,
        },
        opts,
    );
    const storageIdentity = new managedidentity.UserAssignedIdentity(`${name}-storage`, { resourceGroupName: args.resourceGroupName, resourceName: `${name}-storage`, tags }, opts);
    const storage = grantRole(
        `${name}-kv-storage`,
        {
            subscriptionId: args.subscriptionId,
            principalId: storageIdentity.principalId,
            principalType: "ServicePrincipal",
            role: "keyVaultCryptoServiceEncryptionUser",
            scope: vaultId,
            description: `tristack: ${name} storage account encryption`,
        },
        opts,
    );
    return { vault, vaultId, keys, diskEncryptionSet, storageIdentity, grants: { etcd, disks, storage } };
}
