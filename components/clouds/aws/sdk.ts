/**
 * The parts of @pulumi/aws the EKS adapter uses, imported by service. The package root pulls in every
 * service: the type-checker then reads ~780k lines of declarations (of ~2.9M for the whole repo), and
 * `pulumi up` loads ~250 service modules it never uses. The adapter's files import this module as
 * `aws` and keep writing `aws.eks.Cluster`; a service not listed here is added here.
 */
export * as autoscaling from "@pulumi/aws/autoscaling";
export * as cloudwatch from "@pulumi/aws/cloudwatch";
export * as ec2 from "@pulumi/aws/ec2";
export * as eks from "@pulumi/aws/eks";
export * as iam from "@pulumi/aws/iam";
export * as kms from "@pulumi/aws/kms";
export * as s3 from "@pulumi/aws/s3";
export * as vpc from "@pulumi/aws/vpc";
export { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
export { getPartitionOutput } from "@pulumi/aws/getPartition";
export { Provider } from "@pulumi/aws/provider";
