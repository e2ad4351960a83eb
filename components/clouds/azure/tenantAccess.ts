import * as authorization from "@pulumi/azure-native/authorization";
import * as pulumi from "@pulumi/pulumi";
import type { PlatformSpec } from "../../spec";
import type { TenantAccess } from "../clusterHandle";

/**
 * "Azure Kubernetes Service Cluster User Role": only
 * `Microsoft.ContainerService/managedClusters/listClusterUserCredential/action`, which
 * `az aks get-credentials` calls (https://learn.microsoft.com/azure/aks/control-kubeconfig-access).
 * It carries no Kubernetes data actions, so it lets a tenant fetch the (Entra, exec-plugin)
 * kubeconfig and nothing more; what the tenant may do inside is decided by Kubernetes RBAC.
 */
export const AKS_CLUSTER_USER_ROLE = "4abbcc35-e782-43d8-92c5-2d3f1bd2253f";

/**
 * Tenants are authorized by Kubernetes RBAC, with the Entra group object id as the Group subject,
 * not by Azure RBAC role assignments scoped to the namespace:
 * - AKS puts group object ids, not display names, in the groups a request carries (Azure/AKS#515:
 *   "AKS would no longer accept group names for the rolebindings and only accept group guids").
 * - With Entra ID integration "you can use Microsoft Entra users, groups, or service principals as
 *   subjects in Kubernetes RBAC ... you still need to set up and manage Azure RBAC and Kubernetes RBAC
 *   separately" (https://learn.microsoft.com/azure/aks/manage-azure-rbac, note at the top): the
 *   cluster's Azure RBAC webhook and Kubernetes RBAC both authorize, so a RoleBinding works on this
 *   Azure-RBAC-enabled cluster.
 * - It keeps one model on every cloud: the tenant gets exactly the `tenant-edit` Role written once in
 *   the platform layer. The built-in "Azure Kubernetes Service RBAC Writer" would differ per cloud and
 *   is broader: it "allows accessing Secrets and running Pods as any ServiceAccount in the namespace"
 *   (https://learn.microsoft.com/azure/aks/manage-azure-rbac, built-in roles). The parity check then
 *   compares the same RoleBinding on the three clouds, only the subject differs.
 * Azure RBAC stays the deployer's and the admins' model (cluster-scoped role assignments, issue 16).
 * @param spec the validated spec (`cloud: azure`)
 * @param tenant tenant name
 */
export function aksTenantGroup(spec: PlatformSpec, tenant: string): string {
    const id = spec.tenants[tenant]?.members?.azure?.groupObjectId;
    if (id === undefined) throw new pulumi.RunError(`tenant ${tenant} has no members.azure.groupObjectId (validated by the spec)`);
    return id;
}

/**
 * The commands a tenant member runs to get a kubeconfig: the user kubeconfig execs kubelogin, and
 * `kubelogin convert-kubeconfig -l azurecli` makes it reuse the `az login` session.
 * @param clusterName the cluster name
 * @param resourceGroup the cluster's resource group
 */
export function aksKubeconfigCommand(clusterName: string, resourceGroup: string): string {
    return `az aks get-credentials --resource-group ${resourceGroup} --name ${clusterName} && kubelogin convert-kubeconfig -l azurecli`;
}

/** What {@link createTenantAccess} needs from the cluster. */
export interface AksTenantContext {
    readonly subscriptionId: pulumi.Input<string>;
    readonly clusterId: pulumi.Input<string>;
    readonly clusterName: pulumi.Input<string>;
    readonly resourceGroupName: pulumi.Input<string>;
}

/**
 * Tenant sign-in on AKS: each tenant's Entra group object id as its RoleBinding subject, the group's
 * Cluster User role on the cluster (principal type `Group`, so ARM does not look the id up as a user),
 * and the kubeconfig command.
 * @param name base name
 * @param spec the validated spec
 * @param ctx subscription and cluster
 * @param opts options (parent, provider)
 * @internal
 */
export function createTenantAccess(name: string, spec: PlatformSpec, ctx: AksTenantContext, opts: pulumi.CustomResourceOptions): TenantAccess {
    const tenants = Object.keys(spec.tenants);
    const roleDefinitionId = pulumi.interpolate`/subscriptions/${ctx.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${AKS_CLUSTER_USER_ROLE}`;
    return {
        subjects: Object.fromEntries(tenants.map((t) => [t, [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: aksTenantGroup(spec, t) }]])),
        grants: Object.fromEntries(
            tenants.map((t) => [
                t,
                [
                    new authorization.RoleAssignment(
                        `${name}-tenant-${t}-user`,
                        { principalId: aksTenantGroup(spec, t), principalType: "Group", roleDefinitionId, scope: ctx.clusterId, description: `tristack: tenant ${t} fetches the ${name} kubeconfig` },
                        opts,
                    ),
                ],
            ]),
        ),
        kubeconfigCommand: Object.fromEntries(tenants.map((t) => [t, pulumi.all([ctx.clusterName, ctx.resourceGroupName]).apply(([c, rg]) => aksKubeconfigCommand(c, rg))])),
    };
}
