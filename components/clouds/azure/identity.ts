import * as authorization from "@pulumi/azure-native/authorization";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as pulumi from "@pulumi/pulumi";

/**
 * Built-in Azure role definition ids (the same GUID in every tenant). Each grant tristack makes uses
 * one of these, always scoped to a single resource, never to a resource group or subscription.
 */
export const AZURE_ROLES = {
    /** Read/write/delete blobs (data plane). */
    storageBlobDataContributor: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
    /** Use keys for encrypt/decrypt/wrap (AKS KMS). */
    keyVaultCryptoUser: "12338af0-0e69-4776-bea7-57ae8d297424",
    /** Wrap/unwrap with a key (disk encryption sets, storage CMK). */
    keyVaultCryptoServiceEncryptionUser: "e147488a-f6f5-4113-8e2d-b22465e65bf6",
    /** Manage keys (the deployer, so it can create keys in an RBAC vault). */
    keyVaultCryptoOfficer: "14b46e9e-c2b7-41b4-b07b-48a6ebf60603",
    /** Assign a user-assigned identity (the control plane assigns the kubelet identity to nodes). */
    managedIdentityOperator: "f1a07417-d97a-45cb-824c-7a7467783830",
    /** Join nodes and load balancers to the subnet. */
    networkContributor: "4d97b98b-1d4f-4787-a291-c67834d212e7",
    /** Read a resource (the control plane reads the disk encryption set). */
    reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    /**
     * "Azure Kubernetes Service RBAC Cluster Admin": every Kubernetes data action on the cluster (the
     * deployer; with Azure RBAC, Owner/Contributor carry no Kubernetes data actions). Built-in roles
     * reference, https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/containers.
     */
    aksRbacClusterAdmin: "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b",
} as const;

/** A built-in role tristack grants. */
export type AzureRole = keyof typeof AZURE_ROLES;

/**
 * The full role definition id of a built-in role in a subscription.
 * @param subscriptionId the subscription
 * @param role the role
 */
export function roleDefinitionId(subscriptionId: string, role: AzureRole): string {
    return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${AZURE_ROLES[role]}`;
}

/** The principal types tristack assigns roles to. */
export type PrincipalType = "ServicePrincipal" | "User" | "Group";

/** One role assignment. */
export interface GrantArgs {
    /** The subscription (for the role definition id). */
    readonly subscriptionId: pulumi.Input<string>;
    /** Object id of the principal. */
    readonly principalId: pulumi.Input<string>;
    /**
     * Always given: the SDK sends `User` when it is left out (`@pulumi/azure-native/authorization/
     * roleAssignment.js`: `args?.principalType ?? "User"`) and ARM refuses a mismatch
     * (`UnmatchedPrincipalType`). `ServicePrincipal` for managed identities (it also skips the
     * directory lookup that races new identities); the deployer's comes from {@link DeployerIdentity}.
     */
    readonly principalType: pulumi.Input<PrincipalType>;
    /** The role. */
    readonly role: AzureRole;
    /** The one resource the role is granted on. */
    readonly scope: pulumi.Input<string>;
    /** ABAC condition (condition version 2.0). */
    readonly condition?: pulumi.Input<string>;
    /** What the grant is for (shown in the portal). */
    readonly description: string;
}

/**
 * Grant a built-in role on one resource.
 * @param name logical name
 * @param args principal, role, scope
 * @param opts options (parent, provider, dependsOn the scope's resource)
 * @internal
 */
export function grantRole(name: string, args: GrantArgs, opts: pulumi.CustomResourceOptions): authorization.RoleAssignment {
    return new authorization.RoleAssignment(
        name,
        {
            principalId: args.principalId,
            principalType: args.principalType,
            roleDefinitionId: pulumi.output(args.subscriptionId).apply((s) => roleDefinitionId(s, args.role)),
            scope: args.scope,
            description: args.description,
            ...(args.condition !== undefined ? { condition: args.condition, conditionVersion: "2.0" } : {}),
        },
        opts,
    );
}

/** The two identities of the cluster. */
export interface ClusterIdentities {
    /** The control plane's user-assigned identity (KMS, subnet, kubelet identity assignment). */
    readonly controlPlane: managedidentity.UserAssignedIdentity;
    /** The kubelet identity of every node: pulls images, nothing else. */
    readonly kubelet: managedidentity.UserAssignedIdentity;
    /** The control plane may assign the kubelet identity to the node scale sets. */
    readonly kubeletOperator: authorization.RoleAssignment;
}

/** Inputs of {@link createClusterIdentities}. */
export interface ClusterIdentitiesArgs {
    readonly resourceGroupName: pulumi.Input<string>;
    readonly subscriptionId: pulumi.Input<string>;
    readonly tags: Readonly<Record<string, string>>;
    /**
     * Protect and retain the control-plane identity (prod): AKS KMS does not support deleting the
     * identity that unwraps the etcd key.
     */
    readonly protect: boolean;
}

/**
 * The control-plane and kubelet identities (user-assigned, so they exist before the cluster and
 * survive its replacement), and the control plane's Managed Identity Operator grant on the kubelet
 * identity that AKS requires for a user-assigned kubelet identity.
 * @param name base name
 * @param args resource group, subscription, tags
 * @param opts options (parent, provider)
 * @internal
 */
export function createClusterIdentities(name: string, args: ClusterIdentitiesArgs, opts: pulumi.CustomResourceOptions): ClusterIdentities {
    const controlPlane = new managedidentity.UserAssignedIdentity(
        `${name}-control-plane`,
        { resourceGroupName: args.resourceGroupName, resourceName: `${name}-control-plane`, tags: { ...args.tags } },
        pulumi.mergeOptions(opts, { protect: args.protect, retainOnDelete: args.protect }),
    );
    const kubelet = new managedidentity.UserAssignedIdentity(`${name}-kubelet`, { resourceGroupName: args.resourceGroupName, resourceName: `${name}-kubelet`, tags: { ...args.tags } }, opts);
    const kubeletOperator = grantRole(
        `${name}-kubelet-operator`,
        {
            subscriptionId: args.subscriptionId,
            principalId: controlPlane.principalId,
            principalType: "ServicePrincipal",
            role: "managedIdentityOperator",
            scope: kubelet.id,
            description: `tristack: ${name} control plane assigns the kubelet identity to nodes`,
        },
        opts,
    );
    return { controlPlane, kubelet, kubeletOperator };
}
