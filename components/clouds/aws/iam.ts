import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import { KEY_USE_ACTIONS } from "./kms";
import { managedPolicyArn, podIdentityTrust, policyDocument, serviceTrust, type AwsContext, type PolicyStatement } from "./policy";

/** Managed policies of the control-plane role: only the cluster policy (no VPC resource controller; security groups for pods are off). */
export const CLUSTER_MANAGED_POLICIES = ["AmazonEKSClusterPolicy"] as const;
/**
 * Managed policies of the node role: join the cluster, pull images, and the VPC CNI's ENI
 * management (the aws-node DaemonSet runs with the node's credentials, which is what lets it
 * configure networking before any pod, Pod Identity agent included, can run).
 */
export const NODE_MANAGED_POLICIES = ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly", "AmazonEKS_CNI_Policy"] as const;
/** Managed policy of the EBS CSI controller. */
export const EBS_CSI_MANAGED_POLICY = "service-role/AmazonEBSCSIDriverPolicy";

/** A role and what is attached to it. */
export interface RoleWithPolicies {
    readonly role: aws.iam.Role;
    /** Attachments and inline policies (for `dependsOn`). */
    readonly grants: pulumi.Resource[];
}

function attach(name: string, role: aws.iam.Role, ctx: AwsContext, policies: readonly string[], opts: pulumi.CustomResourceOptions): aws.iam.RolePolicyAttachment[] {
    return policies.map((p) => new aws.iam.RolePolicyAttachment(`${name}-${p.split("/").pop()!}`, { role: role.name, policyArn: managedPolicyArn(ctx, p) }, opts));
}

/**
 * The control-plane role: assumed by EKS, the cluster managed policy, and use of the stack key for
 * secrets envelope encryption.
 * @param name component name
 * @param ctx AWS context
 * @param keyArn the stack key
 * @param opts options (parent, provider)
 * @internal
 */
export function createClusterRole(name: string, ctx: AwsContext, keyArn: pulumi.Input<string>, opts: pulumi.CustomResourceOptions): RoleWithPolicies {
    const role = new aws.iam.Role(`${name}-cluster`, { description: `EKS control plane of ${name}`, assumeRolePolicy: serviceTrust("eks.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"]) }, opts);
    const attachments = attach(`${name}-cluster`, role, ctx, CLUSTER_MANAGED_POLICIES, opts);
    const kms = new aws.iam.RolePolicy(
        `${name}-cluster-kms`,
        { role: role.name, policy: policyDocument([{ Sid: "SecretsEnvelopeEncryption", Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"], Resource: keyArn }]) },
        opts,
    );
    return { role, grants: [...attachments, kms] };
}

/**
 * The node role (EC2 instance profile of every managed node group): worker, image pull and CNI
 * policies only — no data-plane (S3) access; workloads get that through Pod Identity.
 * @param name component name
 * @param ctx AWS context
 * @param opts options (parent, provider)
 * @internal
 */
export function createNodeRole(name: string, ctx: AwsContext, opts: pulumi.CustomResourceOptions): RoleWithPolicies {
    const role = new aws.iam.Role(`${name}-nodes`, { description: `EKS nodes of ${name}`, assumeRolePolicy: serviceTrust("ec2.amazonaws.com", ["sts:AssumeRole"]) }, opts);
    return { role, grants: attach(`${name}-nodes`, role, ctx, NODE_MANAGED_POLICIES, opts) };
}

/**
 * Statements that let a role use the stack key for EBS volumes: data-key use on the key, and
 * grants only for AWS resources (EC2 attaches encrypted volumes through a grant).
 * @param keyArn the key
 */
export function ebsKeyStatements(keyArn: pulumi.Input<string>): PolicyStatement[] {
    return [
        { Sid: "UseKeyForVolumes", Effect: "Allow", Action: [...KEY_USE_ACTIONS], Resource: keyArn },
        { Sid: "GrantsForAwsResourcesOnly", Effect: "Allow", Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"], Resource: keyArn, Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } } },
    ];
}

/**
 * The EBS CSI controller's role, bound through Pod Identity on the add-on: the AWS managed driver
 * policy (its write actions are conditioned on the driver's own tags) plus use of the stack key.
 * @param name component name
 * @param ctx AWS context
 * @param keyArn the stack key
 * @param opts options (parent, provider)
 * @internal
 */
export function createEbsCsiRole(name: string, ctx: AwsContext, keyArn: pulumi.Input<string>, opts: pulumi.CustomResourceOptions): RoleWithPolicies {
    const role = new aws.iam.Role(`${name}-ebs-csi`, { description: `EBS CSI controller of ${name} (Pod Identity)`, assumeRolePolicy: podIdentityTrust(ctx) }, opts);
    const attachments = attach(`${name}-ebs-csi`, role, ctx, [EBS_CSI_MANAGED_POLICY], opts);
    const kms = new aws.iam.RolePolicy(`${name}-ebs-csi-kms`, { role: role.name, policy: policyDocument(ebsKeyStatements(keyArn)) }, opts);
    return { role, grants: [...attachments, kms] };
}

/**
 * The Cluster Autoscaler's permissions (AWS provider docs, "Full Cluster Autoscaler Features
 * Policy"): scaling and terminating only Auto Scaling groups tagged as owned by this cluster,
 * describe calls (read-only) everywhere, and DescribeNodegroup on this cluster's node groups so
 * labels and taints of empty groups are known (scale from zero).
 * @param ctx AWS context
 */
export function autoscalerStatements(ctx: AwsContext): PolicyStatement[] {
    return [
        {
            Sid: "ScaleOwnGroupsOnly",
            Effect: "Allow",
            Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
            Resource: "*",
            Condition: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${ctx.clusterName}`]: "owned" } },
        },
        {
            Sid: "Discover",
            Effect: "Allow",
            Action: [
                "autoscaling:DescribeAutoScalingGroups",
                "autoscaling:DescribeAutoScalingInstances",
                "autoscaling:DescribeLaunchConfigurations",
                "autoscaling:DescribeScalingActivities",
                "autoscaling:DescribeTags",
                "ec2:DescribeImages",
                "ec2:DescribeInstanceTypes",
                "ec2:DescribeLaunchTemplateVersions",
                "ec2:GetInstanceTypesFromInstanceRequirements",
            ],
            Resource: "*",
        },
        { Sid: "DescribeOwnNodegroups", Effect: "Allow", Action: ["eks:DescribeNodegroup"], Resource: pulumi.interpolate`arn:${ctx.partition}:eks:${ctx.region}:${ctx.accountId}:nodegroup/${ctx.clusterName}/*` },
    ];
}

/**
 * The Cluster Autoscaler's role, assumed through Pod Identity.
 * @param name component name
 * @param ctx AWS context
 * @param opts options (parent, provider)
 * @internal
 */
export function createAutoscalerRole(name: string, ctx: AwsContext, opts: pulumi.CustomResourceOptions): RoleWithPolicies {
    const role = new aws.iam.Role(`${name}-autoscaler`, { description: `Cluster Autoscaler of ${name} (Pod Identity)`, assumeRolePolicy: podIdentityTrust(ctx) }, opts);
    const policy = new aws.iam.RolePolicy(`${name}-autoscaler`, { role: role.name, policy: policyDocument(autoscalerStatements(ctx)) }, opts);
    return { role, grants: [policy] };
}
