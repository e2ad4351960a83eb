import * as gcp from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import { accountIdFor } from "./names";

/**
 * The roles of the node service account: what the kubelet, logging and monitoring agents and image
 * pulls need, and nothing else. `roles/container.defaultNodeServiceAccount` is Google's predefined
 * role for exactly that (logging, monitoring, resource metadata), the one the GKE hardening guide
 * ("Use least privilege IAM service accounts",
 * https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster#use_least_privilege_sa)
 * and CIS GKE Benchmark 1.6/2.0 name; it replaces the four separate roles tristack granted before.
 * Image pulls from Artifact Registry need `artifactregistry.reader` on top.
 * No primitive roles (owner/editor/viewer), no storage or secret access: pods get data access through
 * Workload Identity, never through the node.
 */
export const NODE_SERVICE_ACCOUNT_ROLES = ["roles/container.defaultNodeServiceAccount", "roles/artifactregistry.reader"] as const;

/** The role a Google service agent needs on a Cloud KMS key to use it for CMEK. */
export const KMS_ENCRYPTER_DECRYPTER = "roles/cloudkms.cryptoKeyEncrypterDecrypter";

/** The role that lets a Kubernetes service account impersonate a Google service account. */
export const WORKLOAD_IDENTITY_USER = "roles/iam.workloadIdentityUser";

/** Google-managed service agents that act on our keys, by project number. */
export const SERVICE_AGENTS = {
    /** GKE: application-layer secrets encryption. */
    gke: (projectNumber: string) => `service-${projectNumber}@container-engine-robot.iam.gserviceaccount.com`,
    /** Compute Engine: node boot disks and PD CSI volumes encrypted with our key. */
    compute: (projectNumber: string) => `service-${projectNumber}@compute-system.iam.gserviceaccount.com`,
} as const;

/**
 * The Workload Identity principal of a Kubernetes service account in a project's workload pool.
 * @param project the project id (the pool is `<project>.svc.id.goog`)
 * @param namespace the Kubernetes namespace
 * @param serviceAccount the Kubernetes service account
 */
export function workloadIdentityMember(project: string, namespace: string, serviceAccount: string): string {
    return `serviceAccount:${project}.svc.id.goog[${namespace}/${serviceAccount}]`;
}

/** The node identity: the account and its role grants. */
export interface NodeIdentity {
    readonly account: gcp.serviceaccount.Account;
    /** One project-level grant per role in {@link NODE_SERVICE_ACCOUNT_ROLES}. */
    readonly grants: readonly gcp.projects.IAMMember[];
}

/**
 * Create the dedicated node service account (instead of the Compute Engine default account, which
 * has Editor on the project) and grant it the minimal node roles.
 * @param name component name
 * @param project project id
 * @param opts options (parent, provider)
 * @internal
 */
export function createNodeIdentity(name: string, project: string, opts: pulumi.CustomResourceOptions): NodeIdentity {
    const account = new gcp.serviceaccount.Account(
        `${name}-nodes`,
        { accountId: accountIdFor(`${name}-nodes`), project, displayName: `GKE nodes of ${name}`, description: "tristack: least-privilege node identity" },
        opts,
    );
    const grants = NODE_SERVICE_ACCOUNT_ROLES.map(
        (role) =>
            new gcp.projects.IAMMember(
                `${name}-nodes-${role.slice("roles/".length).replace(/\./g, "-")}`,
                { project, role, member: pulumi.interpolate`serviceAccount:${account.email}` },
                opts,
            ),
    );
    return { account, grants };
}
