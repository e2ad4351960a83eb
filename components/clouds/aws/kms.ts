import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument, type AwsContext } from "./policy";

/** Days a scheduled key deletion waits in prod (the maximum). */
export const PROD_KEY_DELETION_WINDOW_DAYS = 30;
/** Days a scheduled key deletion waits elsewhere. */
export const DEV_KEY_DELETION_WINDOW_DAYS = 7;

/** Actions a service needs to use a key for data encryption (no key administration). */
export const KEY_USE_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"] as const;

/**
 * CloudWatch log group of the EKS control plane: EKS writes to exactly this name.
 * @param clusterName the cluster name
 */
export function controlPlaneLogGroupName(clusterName: string): string {
    return `/aws/eks/${clusterName}/cluster`;
}

/**
 * The principals EC2 may use the key for EBS on behalf of: the Auto Scaling service-linked role, and
 * the node and EBS CSI roles (`<cluster>-nodes` / `<cluster>-ebs-csi` plus Pulumi's auto-name suffix,
 * iam.ts).
 * @param ctx account, partition, cluster
 */
export function ebsKeyPrincipalArns(ctx: Pick<AwsContext, "accountId" | "partition" | "clusterName">): pulumi.Output<string>[] {
    const role = (path: string) => pulumi.interpolate`arn:${ctx.partition}:iam::${ctx.accountId}:role/${path}`;
    return [role("aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"), role(`${ctx.clusterName}-nodes-*`), role(`${ctx.clusterName}-ebs-csi-*`)];
}

/**
 * The key policy. IAM decides who in the account may use the key (the account root statement is
 * AWS's default and keeps the key manageable); EC2 may use it for EBS on behalf of exactly three
 * principals ({@link ebsKeyPrincipalArns}): the Auto Scaling service-linked role that launches the
 * nodes with encrypted root volumes (EC2 Auto Scaling User Guide, "Required AWS KMS key policy for
 * use with encrypted volumes"), the node role and the EBS CSI controller's role. They are matched by
 * `aws:PrincipalArn` rather than named as principals, because a key policy naming a role that does
 * not exist yet is rejected (the service-linked role appears on first use; the two roles are created
 * after the key). CloudWatch Logs may use it for the control-plane log group only.
 * @param ctx account, partition, region, cluster
 */
export function keyPolicy(ctx: AwsContext): pulumi.Output<string> {
    const logGroupArn = pulumi.interpolate`arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:${controlPlaneLogGroupName(ctx.clusterName)}`;
    return policyDocument([
        { Sid: "AccountAdministersThroughIam", Effect: "Allow", Principal: { AWS: pulumi.interpolate`arn:${ctx.partition}:iam::${ctx.accountId}:root` }, Action: "kms:*", Resource: "*" },
        {
            Sid: "EbsThroughEc2ForThisAccount",
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: [...KEY_USE_ACTIONS, "kms:CreateGrant"],
            Resource: "*",
            Condition: {
                StringEquals: { "kms:CallerAccount": ctx.accountId, "kms:ViaService": `ec2.${ctx.region}.amazonaws.com` },
                ArnLike: { "aws:PrincipalArn": ebsKeyPrincipalArns(ctx) },
            },
        },
        {
            Sid: "ControlPlaneLogs",
            Effect: "Allow",
            Principal: { Service: `logs.${ctx.region}.amazonaws.com` },
            Action: [...KEY_USE_ACTIONS],
            Resource: "*",
            Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": logGroupArn } },
        },
    ]);
}

/** The stack's key. */
export interface ClusterKey {
    readonly key: aws.kms.Key;
    readonly alias: aws.kms.Alias;
}

/**
 * One customer-managed key for the stack: Kubernetes secrets (envelope encryption), node root
 * volumes, EBS persistent volumes, the S3 bucket and the control-plane logs. Rotated yearly; in prod
 * protected, retained on delete and with a 30-day deletion window.
 * @param name component name
 * @param ctx account, partition, region, cluster
 * @param prod whether the stack is prod
 * @param opts options (parent, provider)
 * @internal
 */
export function createClusterKey(name: string, ctx: AwsContext, prod: boolean, opts: pulumi.CustomResourceOptions): ClusterKey {
    const key = new aws.kms.Key(
        name,
        {
            description: `tristack ${name}: EKS secrets, EBS volumes, S3 data, control-plane logs`,
            keyUsage: "ENCRYPT_DECRYPT",
            customerMasterKeySpec: "SYMMETRIC_DEFAULT",
            enableKeyRotation: true,
            deletionWindowInDays: prod ? PROD_KEY_DELETION_WINDOW_DAYS : DEV_KEY_DELETION_WINDOW_DAYS,
            policy: keyPolicy(ctx),
            tags: { Name: name },
        },
        pulumi.mergeOptions(opts, { protect: prod, retainOnDelete: prod }),
    );
    const alias = new aws.kms.Alias(name, { name: `alias/${name}`, targetKeyId: key.keyId }, opts);
    return { key, alias };
}
