import { createHash } from "node:crypto";
import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import type { PlatformSpec } from "../../spec";
import type { GroupSubject, TenantAccess } from "../clusterHandle";

/**
 * The Kubernetes group an EKS access entry puts a tenant's IAM roles in. EKS refuses group names that
 * start with `system:` ("InvalidParameterException: The kubernetes group name system:masters is
 * invalid, it cannot start with system:", terraform-aws-modules/terraform-aws-eks#2915), so tristack's
 * groups carry their own prefix.
 * @param tenant tenant name
 */
export function eksTenantGroup(tenant: string): string {
    return `tristack-team-${tenant}`;
}

/**
 * EKS access entries with `kubernetesGroups` and no access policy: the IAM principal is only
 * authenticated and put in the groups, and Kubernetes RBAC (the tenant's RoleBinding) decides what it
 * may do ("Kubernetes authorizes the principalArn of the access entry to access any cluster objects
 * that you've specified in a Kubernetes Role ... also specified in a binding's roleRef",
 * https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAccessEntry.html). `STANDARD` is the
 * type for humans; it is also the only type whose principal may live in another AWS account
 * (https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html).
 */
export const TENANT_ACCESS_ENTRY_TYPE = "STANDARD";

/** One access entry to create: a role and the tenant groups it belongs to. */
export interface TenantAccessEntry {
    readonly principalArn: string;
    /** Tenants whose roleArns list this role. */
    readonly tenants: readonly string[];
    readonly kubernetesGroups: readonly string[];
}

/**
 * The access entries a spec needs: one per distinct tenant role. "An IAM principal can't be included
 * in more than one access entry" (creating-access-entries.html), so a role two tenants share gets one
 * entry with both groups; a role that is also an admin role is refused by the spec.
 * @param spec the validated spec (`cloud: aws`)
 */
export function tenantAccessEntries(spec: PlatformSpec): TenantAccessEntry[] {
    const byRole = new Map<string, string[]>();
    for (const [tenant, t] of Object.entries(spec.tenants)) {
        for (const arn of t.members?.aws?.roleArns ?? []) {
            const list = byRole.get(arn) ?? [];
            if (!list.includes(tenant)) list.push(tenant);
            byRole.set(arn, list);
        }
    }
    return [...byRole].map(([principalArn, tenants]) => ({ principalArn, tenants, kubernetesGroups: tenants.map(eksTenantGroup) }));
}

/**
 * A stable logical name per role (name + short hash of the ARN), so adding or removing a tenant
 * never renames, and so replaces, another tenant's access entry.
 * @param name base name
 * @param principalArn the role ARN
 */
export function accessEntryName(name: string, principalArn: string): string {
    const role = principalArn.slice(principalArn.lastIndexOf("/") + 1);
    return `${name}-tenant-${role}-${createHash("sha256").update(principalArn).digest("hex").slice(0, 8)}`;
}

/**
 * The command a tenant member runs to get a kubeconfig: the AWS CLI writes an exec entry that signs
 * in as the tenant role (`--role-arn`), so kubectl presents the access entry's groups.
 * @param clusterName the EKS cluster name
 * @param region the region
 * @param roleArn one of the tenant's roles
 */
export function eksKubeconfigCommand(clusterName: string, region: string, roleArn: string): string {
    return `aws eks update-kubeconfig --name ${clusterName} --region ${region} --role-arn ${roleArn} --alias ${clusterName}`;
}

/**
 * Tenant sign-in on EKS: the access entries, each tenant's group as its RoleBinding subject, and the
 * kubeconfig command.
 * @param name base name (the cluster name)
 * @param spec the validated spec
 * @param clusterName the cluster's name output (orders the entries after the cluster)
 * @param opts options (parent, provider)
 * @internal
 */
export function createTenantAccess(name: string, spec: PlatformSpec, clusterName: pulumi.Input<string>, opts: pulumi.CustomResourceOptions): TenantAccess {
    const entries = tenantAccessEntries(spec).map((e) => ({
        ...e,
        resource: new aws.eks.AccessEntry(
            accessEntryName(name, e.principalArn),
            { clusterName, principalArn: e.principalArn, type: TENANT_ACCESS_ENTRY_TYPE, kubernetesGroups: [...e.kubernetesGroups] },
            opts,
        ),
    }));
    const tenants = Object.keys(spec.tenants);
    const subject = (tenant: string): GroupSubject => ({ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: eksTenantGroup(tenant) });
    return {
        subjects: Object.fromEntries(tenants.map((t) => [t, [subject(t)]])),
        grants: Object.fromEntries(tenants.map((t) => [t, entries.filter((e) => e.tenants.includes(t)).map((e) => e.resource)])),
        kubeconfigCommand: Object.fromEntries(
            tenants.map((t) => [t, pulumi.output(clusterName).apply((c) => eksKubeconfigCommand(c, spec.region, spec.tenants[t]?.members?.aws?.roleArns[0] ?? "<tenant role ARN>"))]),
        ),
    };
}
