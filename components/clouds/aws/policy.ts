import * as pulumi from "@pulumi/pulumi";

/** An IAM condition block: operator -> key -> value(s). */
export type PolicyCondition = Readonly<Record<string, Readonly<Record<string, pulumi.Input<string> | pulumi.Input<string>[]>>>>;

/** One statement of an IAM or resource policy. */
export interface PolicyStatement {
    readonly Sid?: string;
    readonly Effect: "Allow" | "Deny";
    readonly Principal?: "*" | Readonly<Partial<Record<"AWS" | "Service", pulumi.Input<string> | pulumi.Input<string>[]>>>;
    readonly Action: string | readonly string[];
    /** Omitted in trust policies. */
    readonly Resource?: pulumi.Input<string> | pulumi.Input<string>[];
    readonly Condition?: PolicyCondition;
}

/**
 * A policy document as the JSON string IAM, KMS and S3 take, with every Output resolved.
 * @param statements the statements
 */
export function policyDocument(statements: readonly PolicyStatement[]): pulumi.Output<string> {
    return pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements });
}

/** Where the stack runs: account, partition and region, for ARNs. */
export interface AwsContext {
    /** Account id of the deploying credentials. */
    readonly accountId: pulumi.Output<string>;
    /** ARN partition (`aws`, `aws-cn`, `aws-us-gov`). */
    readonly partition: pulumi.Output<string>;
    /** The spec's region. */
    readonly region: string;
    /** The EKS cluster name (the component name). */
    readonly clusterName: string;
}

/**
 * ARN of an AWS managed IAM policy.
 * @param ctx the AWS context
 * @param path policy path and name, e.g. `AmazonEKSClusterPolicy` or `service-role/AmazonEBSCSIDriverPolicy`
 */
export function managedPolicyArn(ctx: AwsContext, path: string): pulumi.Output<string> {
    return pulumi.interpolate`arn:${ctx.partition}:iam::aws:policy/${path}`;
}

/**
 * ARN of the stack's EKS cluster (known before the cluster exists, for trust conditions).
 * @param ctx the AWS context
 */
export function clusterArn(ctx: AwsContext): pulumi.Output<string> {
    return pulumi.interpolate`arn:${ctx.partition}:eks:${ctx.region}:${ctx.accountId}:cluster/${ctx.clusterName}`;
}

/**
 * The trust policy of a role assumed by EKS Pod Identity for this cluster only: the service
 * `pods.eks.amazonaws.com` may `sts:AssumeRole` and `sts:TagSession` (Pod Identity tags the session
 * with the namespace and service account) when the request comes from this account and cluster.
 * Which service account gets the role is decided by the PodIdentityAssociation.
 * @param ctx the AWS context
 */
export function podIdentityTrust(ctx: AwsContext): pulumi.Output<string> {
    return policyDocument([
        {
            Sid: "EksPodIdentity",
            Effect: "Allow",
            Principal: { Service: "pods.eks.amazonaws.com" },
            Action: ["sts:AssumeRole", "sts:TagSession"],
            Condition: { StringEquals: { "aws:SourceAccount": ctx.accountId }, ArnEquals: { "aws:SourceArn": clusterArn(ctx) } },
        },
    ]);
}

/**
 * A trust policy for an AWS service principal.
 * @param service e.g. `eks.amazonaws.com`
 * @param actions the STS actions
 */
export function serviceTrust(service: string, actions: readonly string[]): pulumi.Output<string> {
    return policyDocument([{ Effect: "Allow", Principal: { Service: service }, Action: [...actions] }]);
}

