import * as pulumi from "@pulumi/pulumi";
import { tenantNamespace, type PlatformSpec } from "../../spec";
import type { TenantAccess } from "../clusterHandle";

/**
 * Tenant sign-in on an existing cluster: tristack creates nothing outside Kubernetes; the RoleBinding
 * subject is the group exactly as the cluster's authenticator presents it (`members.existing.group`,
 * e.g. an OIDC groups claim with its `--oidc-groups-prefix`). Members use the kubeconfig their
 * cluster's operator hands out.
 * @param spec the validated spec (`cloud: existing`)
 * @param context the kubeconfig context the stack uses, if named
 */
export function existingTenantAccess(spec: PlatformSpec, context: string | undefined): TenantAccess {
    const tenants = Object.keys(spec.tenants);
    const group = (t: string): string => {
        const g = spec.tenants[t]?.members?.existing?.group;
        if (g === undefined) throw new pulumi.RunError(`tenant ${t} has no members.existing.group (validated by the spec)`);
        return g;
    };
    const command = `kubectl config use-context ${context ?? "<your context>"} && kubectl config set-context --current --namespace`;
    return {
        subjects: Object.fromEntries(tenants.map((t) => [t, [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: group(t) }]])),
        grants: Object.fromEntries(tenants.map((t) => [t, []])),
        kubeconfigCommand: Object.fromEntries(tenants.map((t) => [t, pulumi.output(`${command} ${tenantNamespace(t)}`)])),
    };
}
