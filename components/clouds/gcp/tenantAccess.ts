import * as gcp from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import type { PlatformSpec } from "../../spec";
import type { TenantAccess } from "../clusterHandle";

/**
 * The project role a tenant group gets so its members can fetch credentials:
 * `gcloud container clusters get-credentials` needs `container.clusters.get`, and Kubernetes Engine
 * Cluster Viewer is the predefined role with read access to cluster metadata and no access to
 * Kubernetes objects (https://cloud.google.com/kubernetes-engine/docs/how-to/iam#predefined), so RBAC
 * in `team-<name>` stays the only grant inside the cluster.
 */
export const TENANT_PROJECT_ROLE = "roles/container.clusterViewer";

/**
 * With Google Groups for RBAC the API server puts the user's Google Groups (members of the
 * `gke-security-groups` group set in `authenticatorGroupsConfig.securityGroup`) in the request's
 * groups by their email, so the RoleBinding subject is `kind: Group, name: <group>@<domain>`
 * (https://cloud.google.com/kubernetes-engine/docs/how-to/google-groups-rbac, "Define and assign RBAC
 * permissions to the Google Groups"); a bare group name never matches.
 * @param spec the validated spec (`cloud: gcp`)
 * @param tenant tenant name
 */
export function gkeTenantGroup(spec: PlatformSpec, tenant: string): string {
    const email = spec.tenants[tenant]?.members?.gcp?.groupEmail;
    if (email === undefined) throw new pulumi.RunError(`tenant ${tenant} has no members.gcp.groupEmail (validated by the spec)`);
    return email;
}

/**
 * The command a tenant member runs to get a kubeconfig (it uses gke-gcloud-auth-plugin).
 * @param clusterName the cluster name
 * @param location the cluster's location (zone in dev, region otherwise)
 * @param project the project id
 */
export function gkeKubeconfigCommand(clusterName: string, location: string, project: string): string {
    return `gcloud container clusters get-credentials ${clusterName} --location ${location} --project ${project}`;
}

/**
 * Tenant sign-in on GKE: each tenant's Google Group email as its RoleBinding subject, the group's
 * Cluster Viewer grant in the project, and the kubeconfig command. `authenticatorGroupsConfig` itself
 * is set on the cluster from `gcp.securityGroup`, which the spec requires when tenants exist.
 * @param name base name
 * @param spec the validated spec
 * @param location the cluster's location
 * @param opts options (parent, provider)
 * @internal
 */
export function createTenantAccess(name: string, spec: PlatformSpec, location: string, opts: pulumi.CustomResourceOptions): TenantAccess {
    const project = spec.gcp?.project;
    if (project === undefined) throw new pulumi.RunError("cloud gcp needs the gcp block (validated by the spec)");
    const tenants = Object.keys(spec.tenants);
    return {
        subjects: Object.fromEntries(tenants.map((t) => [t, [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: gkeTenantGroup(spec, t) }]])),
        grants: Object.fromEntries(
            tenants.map((t) => [t, [new gcp.projects.IAMMember(`${name}-tenant-${t}-viewer`, { project, role: TENANT_PROJECT_ROLE, member: `group:${gkeTenantGroup(spec, t)}` }, opts)]]),
        ),
        kubeconfigCommand: Object.fromEntries(tenants.map((t) => [t, pulumi.output(gkeKubeconfigCommand(name, location, project))])),
    };
}
