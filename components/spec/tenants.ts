import { z } from "zod";
import type { Cloud } from "./nodeClass";

/**
 * How a tenant's humans are named on each cloud (`tenants.<name>.members`), and the cross-field rules
 * that make sure the stack's cloud can match them. Only the stack's own cloud entry is used; the
 * others may stay so one tenant list can be shared by a team's stacks on several clouds.
 */

/**
 * An IAM role ARN. A path is allowed: EKS access entries accept role ARNs with a path, unlike the
 * aws-auth ConfigMap ("If the ARN is for an IAM role, it can include a path",
 * https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html). Role names are
 * 1-64 of `[\w+=,.@-]` (IAM quotas).
 */
export const IAM_ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

/**
 * The local part Google Groups for RBAC requires of the security group: "Create a group in your domain
 * named gke-security-groups. The gke-security-groups name is required."
 * (https://cloud.google.com/kubernetes-engine/docs/how-to/google-groups-rbac)
 */
export const GKE_SECURITY_GROUP_NAME = "gke-security-groups";

/** Kubernetes reserves the `system:` prefix for its own users and groups (RBAC docs, "Referring to subjects"). */
const RESERVED_GROUP_PREFIX = "system:";

/** A tenant's identity on each cloud. */
export const TenantMembersSpec = z.strictObject({
    /** EKS: IAM roles the team's users assume (federated from the IdP); each gets an access entry mapping it to the tenant's group. */
    aws: z
        .strictObject({
            /** IAM role ARNs (a path is allowed). */
            roleArns: z.array(z.string().regex(IAM_ROLE_ARN, { message: "must be an IAM role ARN (arn:aws:iam::<12-digit account>:role/<optional path/><name>)" })).min(1).describe("IAM role ARNs (a path is allowed)."),
        })
        .optional().describe("EKS: IAM roles the team's users assume (federated from the IdP); each gets an access entry mapping it to the tenant's group."),
    /** GKE: the team's Google Group, a member of `gcp.securityGroup` (Google Groups for RBAC). */
    gcp: z
        .strictObject({
            /** The group's email address, in the security group's domain. */
            groupEmail: z.email({ message: "must be a Google Group email such as analytics-team@example.com" }).describe("The group's email address, in the security group's domain."),
        })
        .optional().describe("GKE: the team's Google Group, a member of `gcp.securityGroup` (Google Groups for RBAC)."),
    /** AKS: the team's Microsoft Entra group (AKS puts group object ids, not names, in the token's groups). */
    azure: z
        .strictObject({
            /** The group's object id (a GUID). */
            groupObjectId: z.guid({ message: "must be a Microsoft Entra group object id (a GUID such as 0f6b1c2d-3e4f-4a5b-8c7d-9e0f1a2b3c4d)" }).describe("The group's object id (a GUID)."),
        })
        .optional().describe("AKS: the team's Microsoft Entra group (AKS puts group object ids, not names, in the token's groups)."),
    /** An existing cluster: the group name its authenticator presents (e.g. an OIDC groups claim with its prefix). */
    existing: z
        .strictObject({
            /** The Kubernetes group name, exactly as the cluster's authenticator presents it. */
            group: z
                .string()
                .min(1)
                .refine((g) => !g.startsWith(RESERVED_GROUP_PREFIX), { message: `must not start with "${RESERVED_GROUP_PREFIX}" (reserved by Kubernetes)` }).describe("The Kubernetes group name, exactly as the cluster's authenticator presents it; not `system:…`."),
        })
        .optional().describe("An existing cluster: the group name its authenticator presents (e.g. an OIDC groups claim with its prefix)."),
});

/** One tenant's members as validated. */
export type TenantMembers = z.output<typeof TenantMembersSpec>;

/** What to write under `members` for each cloud, as an example in error messages. */
const MEMBERS_EXAMPLE: Readonly<Record<Cloud, (oldGroup?: string) => string>> = {
    aws: () => `members: { aws: { roleArns: ["arn:aws:iam::<account>:role/<the role your IdP federates for this team>"] } }`,
    gcp: () => `members: { gcp: { groupEmail: "<team group>@<your domain>" } } (a member of gcp.securityGroup)`,
    azure: () => `members: { azure: { groupObjectId: "<the Entra group's object id>" } }`,
    existing: (oldGroup) => `members: { existing: { group: ${JSON.stringify(oldGroup ?? "<group as the cluster's authenticator presents it>")} } }`,
};

/** What the tenant rules read from the parsed spec. */
export interface TenantDraft {
    readonly cloud: Cloud;
    readonly aws?: { readonly adminRoleArns: readonly string[] };
    readonly gcp?: { readonly securityGroup?: string };
    readonly tenants: Readonly<Record<string, { readonly group?: unknown; readonly members?: TenantMembers }>>;
}

type Issue = (path: (string | number)[], message: string, input: unknown) => void;

function domainOf(email: string): string {
    return email.slice(email.lastIndexOf("@") + 1).toLowerCase();
}

/**
 * Tenant identity rules: the removed `group` key is refused with what to write instead; every tenant
 * names its identity on the stack's cloud; on GKE tenants need Google Groups for RBAC with a
 * `gke-security-groups@<domain>` security group and team groups in that domain; on EKS a tenant role
 * cannot also be an admin role (an IAM principal has at most one access entry).
 * @param spec the parsed spec
 * @param issue reports one problem at a key path
 */
export function checkTenantMembers(spec: TenantDraft, issue: Issue): void {
    const tenants = Object.entries(spec.tenants);
    if (tenants.length === 0) return;
    const cloud = spec.cloud;
    const securityGroup = spec.gcp?.securityGroup;
    if (cloud === "gcp") {
        if (securityGroup === undefined) {
            issue(["gcp", "securityGroup"], `tenants on GKE sign in through Google Groups for RBAC: set "${GKE_SECURITY_GROUP_NAME}@<your Workspace domain>" and nest each team group in it`, undefined);
        } else if (securityGroup.slice(0, securityGroup.lastIndexOf("@")).toLowerCase() !== GKE_SECURITY_GROUP_NAME) {
            issue(["gcp", "securityGroup"], `must be "${GKE_SECURITY_GROUP_NAME}@<domain>" (GKE requires that group name)`, securityGroup);
        }
    }
    const admins = new Set(spec.aws?.adminRoleArns ?? []);
    for (const [name, tenant] of tenants) {
        const at = (...rest: (string | number)[]) => ["tenants", name, ...rest];
        if (tenant.group !== undefined) {
            const old = typeof tenant.group === "string" ? tenant.group : undefined;
            issue(at("group"), `"group" was replaced by "members": a bare group name matches no one on EKS, GKE or AKS. For cloud "${cloud}" write ${MEMBERS_EXAMPLE[cloud](old)} (docs/tenants.md)`, tenant.group);
            continue;
        }
        const members = tenant.members;
        if (members?.[cloud] === undefined) {
            issue(at("members", cloud), `tenant "${name}" needs its identity on ${cloud}: ${MEMBERS_EXAMPLE[cloud]()} (docs/tenants.md)`, undefined);
            continue;
        }
        if (cloud === "gcp" && members.gcp && securityGroup !== undefined && domainOf(members.gcp.groupEmail) !== domainOf(securityGroup)) {
            issue(at("members", "gcp", "groupEmail"), `must be a group in ${domainOf(securityGroup)}, the domain of gcp.securityGroup (${securityGroup}), nested in that group`, members.gcp.groupEmail);
        }
        if (cloud === "aws" && members.aws) {
            members.aws.roleArns.forEach((arn, i) => {
                if (admins.has(arn)) issue(at("members", "aws", "roleArns", i), `"${arn}" is in aws.adminRoleArns: it already has an access entry (cluster-admin), and EKS allows one access entry per IAM principal`, arn);
            });
        }
    }
}
