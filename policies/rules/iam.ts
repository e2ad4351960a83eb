/**
 * A.4 IAM and workload identity (rules 34-38).
 */
import { UNKNOWN, UnknownInputError, arr, bool, get, jsonDoc, obj, str, strs } from "../lib/access";
import { peek } from "../lib/joins";
import { resourceRule, stackRule } from "../lib/define";
import { anyOf, metaName, refersTo, T } from "../lib/match";
import type { PolicyResource, StackViolation } from "../lib/types";

/** Azure built-in role definition GUIDs the rules look for. */
const AZURE_ROLES = {
    owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
    blobDataOwner: "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
    blobDataContributor: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
    blobDataReader: "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
} as const;

function asList(v: unknown): string[] {
    if (typeof v === "string") return [v];
    if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string");
    return [];
}

/** Statements of an IAM policy document given as JSON string or object. */
function statements(policy: unknown): Record<string, unknown>[] {
    const doc = jsonDoc(policy);
    const st = get(doc, "Statement");
    const list = Array.isArray(st) ? st : st !== undefined ? [st] : [];
    return list.filter((s): s is Record<string, unknown> => s !== null && typeof s === "object");
}

const READ_ONLY = /^[a-z0-9-]+:(Get|List|Describe|Head|View|Read|Search|Lookup|Filter|Query|Select|Check|Scan|BatchGet)/i;
const ADMIN_POLICIES = ["AdministratorAccess", "IAMFullAccess", "PowerUserAccess"];
const GCP_FORBIDDEN = ["roles/owner", "roles/editor", "roles/viewer", "roles/iam.serviceAccountAdmin", "roles/iam.serviceAccountUser", "roles/iam.serviceAccountTokenCreator", "roles/iam.serviceAccountKeyAdmin"];

/** 34 */
export const iamNoAdminOrWildcards = resourceRule(
    {
        id: "iam-no-admin-or-wildcards",
        number: 34,
        description: "No admin or wildcard grants: no * actions or iam:*, no write actions on Resource * without a condition, no admin managed policies, no GCP basic/SA-admin roles at project level, no Azure Owner/Contributor at subscription scope.",
        severity: "critical",
        anchors: ["CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_355", "CKV2_AWS_40", "CKV_AWS_274", "CKV_AWS_275", "CKV_AWS_286", "CKV_AWS_287", "CKV_AWS_288", "CKV_AWS_289", "CKV_AWS_290", "CKV_GCP_117", "CKV_GCP_41", "CKV_GCP_42", "CKV_GCP_49", "CKV_AZURE_39"],
        scopes: ["aws", "gcp", "azure"],
        dev: "M",
        prod: "M",
    },
    {
        appliesTo: anyOf(T.iamPolicy, T.iamRolePolicy, T.iamRolePolicyAttachment, T.iamRole, T.gcpProjectIamMember, T.gcpProjectIamBinding, T.roleAssignment, T.roleDefinition),
        check(r) {
            const out: string[] = [];
            const checkDoc = (policy: unknown, where: string): void => {
                statements(policy).forEach((s, i) => {
                    if (str(s, "Effect") !== "Allow") return;
                    const actions = asList(get(s, "Action"));
                    const resources = asList(get(s, "Resource"));
                    for (const a of actions) if (a === "*" || a === "*:*" || a === "iam:*") out.push(`${where} Statement[${i}] allows action ${a}`);
                    if (resources.includes("*") && get(s, "Condition") === undefined) {
                        const writes = actions.filter((a) => a !== "*" && a !== "*:*" && a !== "iam:*" && !READ_ONLY.test(a));
                        if (writes.length) out.push(`${where} Statement[${i}] allows write actions ${writes.join(", ")} on Resource * without a condition`);
                    }
                });
            };
            switch (r.type) {
                case T.iamPolicy:
                case T.iamRolePolicy:
                    checkDoc(get(r.inputs, "policy"), "IAM policy");
                    return out;
                case T.iamRole:
                    arr(r.inputs, "inlinePolicies").forEach((p, i) => checkDoc(get(p, "policy"), `IAM role inlinePolicies[${i}]`));
                    for (const arn of strs(r.inputs, "managedPolicyArns")) if (ADMIN_POLICIES.some((p) => arn.endsWith(`/${p}`))) out.push(`IAM role attaches ${arn}`);
                    return out;
                case T.iamRolePolicyAttachment: {
                    const arn = str(r.inputs, "policyArn") ?? "";
                    return ADMIN_POLICIES.some((p) => arn.endsWith(`/${p}`)) ? [`IAM role attachment grants ${arn}`] : [];
                }
                case T.gcpProjectIamMember:
                case T.gcpProjectIamBinding: {
                    const role = str(r.inputs, "role") ?? "";
                    return GCP_FORBIDDEN.includes(role) ? [`project IAM grants ${role}`] : [];
                }
                case T.roleAssignment: {
                    const scope = str(r.inputs, "scope") ?? "";
                    const def = (str(r.inputs, "roleDefinitionId") ?? "").toLowerCase();
                    const broad = /^\/subscriptions\/[^/]+\/?$/i.test(scope) || scope === "/";
                    const admin = def.endsWith(AZURE_ROLES.owner) || def.endsWith(AZURE_ROLES.contributor);
                    return broad && admin ? [`role assignment grants ${def.endsWith(AZURE_ROLES.owner) ? "Owner" : "Contributor"} at subscription scope ${scope}`] : [];
                }
                default:
                    arr(r.inputs, "permissions").forEach((p, i) => {
                        if (strs(p, "actions").includes("*")) out.push(`role definition permissions[${i}].actions includes *`);
                    });
                    return out;
            }
        },
    },
);

const SA_SUBJECT = /^system:serviceaccount:[a-z0-9]([-a-z0-9]*[a-z0-9])?:[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/;

function conditionValues(s: Record<string, unknown>, operator: string, suffix: string): string[] {
    const block = obj(s, `Condition`);
    const op = block ? obj(block, operator) : undefined;
    if (!op) return [];
    return Object.entries(op).filter(([k]) => k.endsWith(suffix)).flatMap(([, v]) => asList(v));
}

/** 35 */
export const iamWorkloadTrustScoped = resourceRule(
    {
        id: "iam-workload-trust-scoped",
        number: 35,
        description: "Workload-identity federation trusts exactly one Kubernetes ServiceAccount of this cluster (IRSA sub+aud, Pod Identity, GKE KSA member, Azure federated subject).",
        severity: "critical",
        anchors: ["CKV_AWS_60", "CKV_AWS_61", "own (per-SA subject)"],
        scopes: ["aws", "gcp", "azure"],
        dev: "M",
        prod: "M",
    },
    {
        appliesTo: anyOf(T.iamRole, T.eksPodIdentity, T.gcpSaIamMember, T.gcpSaIamBinding, T.federatedCredential),
        check(r) {
            const out: string[] = [];
            switch (r.type) {
                case T.iamRole:
                    statements(get(r.inputs, "assumeRolePolicy")).forEach((s, i) => {
                        if (str(s, "Effect") !== "Allow") return;
                        if (get(s, "Principal") === "*" || asList(get(s, "Principal.AWS")).includes("*")) out.push(`IAM role trust Statement[${i}] trusts Principal *`);
                        if (!asList(get(s, "Action")).includes("sts:AssumeRoleWithWebIdentity")) return;
                        const subs = conditionValues(s, "StringEquals", ":sub");
                        const auds = conditionValues(s, "StringEquals", ":aud");
                        if (subs.length !== 1 || !SA_SUBJECT.test(subs[0]!)) out.push(`IAM role trust Statement[${i}] does not pin :sub to exactly one system:serviceaccount:<ns>:<sa> with StringEquals`);
                        if (!auds.includes("sts.amazonaws.com")) out.push(`IAM role trust Statement[${i}] does not pin :aud to sts.amazonaws.com`);
                    });
                    return out;
                case T.eksPodIdentity: {
                    const ns = str(r.inputs, "namespace");
                    const sa = str(r.inputs, "serviceAccount");
                    return !ns || !sa || ns.includes("*") || sa.includes("*") ? ["EKS pod identity association does not name one namespace and service account"] : [];
                }
                case T.gcpSaIamMember:
                case T.gcpSaIamBinding: {
                    if (str(r.inputs, "role") !== "roles/iam.workloadIdentityUser") return [];
                    const members = [str(r.inputs, "member"), ...strs(r.inputs, "members")].filter((m): m is string => m !== undefined);
                    return members.filter((m) => !/^serviceAccount:[^[\]*]+\.svc\.id\.goog\[[a-z0-9-]+\/[a-z0-9.-]+\]$/.test(m)).map((m) => `workloadIdentityUser member ${m} is not one serviceAccount:<pool>[<ns>/<sa>]`);
                }
                default: {
                    const subject = str(r.inputs, "subject") ?? "";
                    if (!SA_SUBJECT.test(subject)) out.push(`federated credential subject ${subject || "(unset)"} is not one system:serviceaccount:<ns>:<sa>`);
                    // The issuer is the cluster's OIDC issuer URL, unknown under `pulumi preview` (AKS fills
                    // it in on create): a subject violation is decided without it; otherwise the rule
                    // cannot decide yet (undecided, as an unknown IRSA trust policy on AWS is).
                    const issuer = peek(r.inputs, "issuer");
                    if (issuer === UNKNOWN) {
                        if (out.length > 0) return out;
                        throw new UnknownInputError("issuer");
                    }
                    if (typeof issuer !== "string" || issuer === "") out.push("federated credential issuer is not set");
                    return out;
                }
            }
        },
    },
);

const SECRET_KEY_NAMES = /(aws_secret_access_key|aws_access_key_id|azure_client_secret|azure_storage_key|azure_storage_connection_string|google_application_credentials|credentials\.json|service[-_]account.*\.json|key\.json)/i;

/** 36 */
export const iamNoStaticCredentials = resourceRule(
    {
        id: "iam-no-static-credentials",
        number: 36,
        description: "No long-lived cloud keys anywhere: no IAM access keys, no GCP service-account keys, no Azure shared keys, no cloud keys in Kubernetes Secrets.",
        severity: "critical",
        anchors: ["design contract", "CKV2_GCP_3", "CKV2_AZURE_40", "awsguard access-keys-rotated"],
        scopes: ["aws", "gcp", "azure", "kubernetes"],
        dev: "M",
        prod: "M",
    },
    {
        appliesTo: anyOf(T.iamAccessKey, T.gcpSaKey, T.storageAccount, "kubernetes:core/v1:Secret"),
        check(r) {
            switch (r.type) {
                case T.iamAccessKey:
                    return [`IAM access key ${r.name} is a static credential`];
                case T.gcpSaKey:
                    return [`service account key ${r.name} is a static credential`];
                case T.storageAccount:
                    return bool(r.inputs, "allowSharedKeyAccess") === false ? [] : [`storage account ${r.name} allows shared key access (allowSharedKeyAccess is not false)`];
                default: {
                    const keys = [...Object.keys(obj(r.inputs, "data") ?? {}), ...Object.keys(obj(r.inputs, "stringData") ?? {})];
                    const hits = keys.filter((k) => SECRET_KEY_NAMES.test(k));
                    const text = JSON.stringify(obj(r.inputs, "stringData") ?? {});
                    if (text.includes('"private_key"') || text.includes("\\\"private_key\\\"")) hits.push("private_key");
                    return hits.length ? [`Secret ${metaName(r)} holds cloud credentials (${hits.join(", ")})`] : [];
                }
            }
        },
    },
);

const BLOB_DATA = [AZURE_ROLES.blobDataOwner, AZURE_ROLES.blobDataContributor, AZURE_ROLES.blobDataReader];

/** 37 */
export const iamObjectStoreScoped = resourceRule(
    {
        id: "iam-object-store-scoped",
        number: 37,
        description: "Object-store grants reach only a named bucket/account/container, never every bucket or the whole project/subscription.",
        severity: "high",
        anchors: ["CKV_AWS_288", "CKV_AWS_289", "CKV_AWS_290"],
        scopes: ["aws", "gcp", "azure"],
        dev: "A",
        prod: "M",
    },
    {
        appliesTo: anyOf(T.iamPolicy, T.iamRolePolicy, T.gcpProjectIamMember, T.gcpProjectIamBinding, T.roleAssignment),
        check(r) {
            switch (r.type) {
                case T.iamPolicy:
                case T.iamRolePolicy:
                    return statements(get(r.inputs, "policy")).flatMap((s, i) => {
                        if (str(s, "Effect") !== "Allow" || !asList(get(s, "Action")).some((a) => a.startsWith("s3:") || a === "*")) return [];
                        const bad = asList(get(s, "Resource")).filter((x) => x === "*" || /^arn:aws[a-z-]*:s3:::\*/.test(x));
                        return bad.length ? [`IAM policy Statement[${i}] grants S3 actions on ${bad.join(", ")}, not one bucket`] : [];
                    });
                case T.gcpProjectIamMember:
                case T.gcpProjectIamBinding: {
                    const role = str(r.inputs, "role") ?? "";
                    return role.startsWith("roles/storage.") ? [`project IAM grants ${role}; bind it on the bucket instead`] : [];
                }
                default: {
                    const def = (str(r.inputs, "roleDefinitionId") ?? "").toLowerCase();
                    const scope = str(r.inputs, "scope") ?? "";
                    if (!BLOB_DATA.some((g) => def.endsWith(g))) return [];
                    return /\/providers\/Microsoft\.Storage\/storageAccounts\//i.test(scope) ? [] : [`Storage Blob Data role assigned at ${scope || "(unset scope)"}, not on a storage account or container`];
                }
            }
        },
    },
);

/** 38 */
export const pulumiNoSplitManagement = stackRule(
    {
        id: "pulumi-no-split-management",
        number: 38,
        description: "A role or security group is managed either inline or by side-car resources, never both (perpetual diffs).",
        severity: "medium",
        anchors: ["awsguard iam-role-no-policy-management-conflicts", "awsguard security-group-no-rule-management-conflicts"],
        scopes: ["aws"],
        dev: "M",
        prod: "M",
    },
    ({ stack }) => {
        const out: StackViolation[] = [];
        const attachments = stack.ofType(anyOf(T.iamRolePolicyAttachment));
        const rolePolicies = stack.ofType(anyOf(T.iamRolePolicy));
        for (const role of stack.ofType(anyOf(T.iamRole))) {
            const refs = (x: PolicyResource): boolean => refersTo(get(x.inputs, "role"), role);
            if (strs(role.inputs, "managedPolicyArns").length > 0 && attachments.some(refs)) out.push({ resource: role, message: `IAM role ${role.name} sets managedPolicyArns and also has RolePolicyAttachments` });
            if (arr(role.inputs, "inlinePolicies").length > 0 && rolePolicies.some(refs)) out.push({ resource: role, message: `IAM role ${role.name} sets inlinePolicies and also has RolePolicy resources` });
        }
        const rules = stack.ofType(anyOf("aws:ec2/securityGroupRule:SecurityGroupRule", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"));
        for (const sg of stack.ofType(anyOf(T.securityGroup))) {
            const inline = arr(sg.inputs, "ingress").length + arr(sg.inputs, "egress").length > 0;
            if (inline && rules.some((x) => refersTo(get(x.inputs, "securityGroupId"), sg))) out.push({ resource: sg, message: `security group ${sg.name} has inline rules and also separate rule resources` });
        }
        return out;
    },
);

/** The rules of this file. */
export const IAM_RULES = [iamNoAdminOrWildcards, iamWorkloadTrustScoped, iamNoStaticCredentials, iamObjectStoreScoped, pulumiNoSplitManagement];
