import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PlatformSpec } from "../../spec";
import { controlPlaneLogGroupName } from "./kms";
import type { Network } from "./network";
import { eksSupportType } from "./versions";

/** Control-plane log types shipped to CloudWatch (all five). */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;
/** Days control-plane logs are kept in prod (a year of audit trail). */
export const PROD_LOG_RETENTION_DAYS = 365;
/** Days control-plane logs are kept elsewhere. */
export const DEV_LOG_RETENTION_DAYS = 30;
/** The EKS access policy for cluster administrators. */
export const CLUSTER_ADMIN_ACCESS_POLICY = "AmazonEKSClusterAdminPolicy";

/** Public endpoint settings derived from the spec's `apiAccess`. */
export interface EndpointAccess {
    readonly endpointPrivateAccess: true;
    readonly endpointPublicAccess: boolean;
    /** Only with a public endpoint: the spec's CIDRs, or everyone when none are given (dev only; the spec rejects that in prod). */
    readonly publicAccessCidrs?: string[];
}

/**
 * The API endpoint: always reachable from the VPC; public only when the spec does not ask for a
 * private endpoint, and then limited to the authorized CIDRs.
 * @param spec the validated spec
 */
export function endpointAccess(spec: PlatformSpec): EndpointAccess {
    const { privateEndpoint, authorizedCidrs } = spec.apiAccess;
    if (privateEndpoint) return { endpointPrivateAccess: true, endpointPublicAccess: false };
    return { endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: authorizedCidrs.length > 0 ? [...authorizedCidrs] : ["0.0.0.0/0"] };
}

/** What the control plane needs from its siblings. */
export interface ControlPlaneInputs {
    readonly network: Network;
    readonly roleArn: pulumi.Input<string>;
    /** Resources the role needs first (its policies). */
    readonly roleGrants: readonly pulumi.Resource[];
    readonly keyArn: pulumi.Input<string>;
    /** ARN partition (for the access policy ARN). */
    readonly partition: pulumi.Input<string>;
}

/** The control plane and its access entries. */
export interface ControlPlane {
    readonly cluster: aws.eks.Cluster;
    readonly logGroup: aws.cloudwatch.LogGroup;
    /** Admin access policy associations (Kubernetes objects need them before they can be applied). */
    readonly adminAccess: aws.eks.AccessPolicyAssociation[];
}

/**
 * The EKS control plane: the spec's Kubernetes version in the private subnets, secrets
 * envelope-encrypted with the stack key, all five log types to a log group created here (so its
 * retention and key are ours), API authentication through access entries only with no implicit
 * admin for the creator, and add-ons installed as EKS add-ons rather than the self-managed defaults.
 * @param name component name (also the cluster name)
 * @param spec the validated spec
 * @param inputs network, role, key
 * @param opts options (parent, provider)
 * @internal
 */
export function createControlPlane(name: string, spec: PlatformSpec, inputs: ControlPlaneInputs, opts: pulumi.CustomResourceOptions): ControlPlane {
    const prod = spec.environment === "prod";
    const logGroup = new aws.cloudwatch.LogGroup(
        name,
        { name: controlPlaneLogGroupName(name), retentionInDays: prod ? PROD_LOG_RETENTION_DAYS : DEV_LOG_RETENTION_DAYS, kmsKeyId: inputs.keyArn },
        pulumi.mergeOptions(opts, { retainOnDelete: prod }),
    );
    const cluster = new aws.eks.Cluster(
        name,
        {
            name,
            version: spec.kubernetesVersion,
            roleArn: inputs.roleArn,
            vpcConfig: { subnetIds: inputs.network.privateSubnetIds, ...endpointAccess(spec) },
            kubernetesNetworkConfig: { ipFamily: "ipv4", serviceIpv4Cidr: spec.network.serviceCidr },
            encryptionConfig: { provider: { keyArn: inputs.keyArn }, resources: ["secrets"] },
            enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
            accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
            bootstrapSelfManagedAddons: false,
            deletionProtection: prod,
            tags: { Name: name },
        },
        pulumi.mergeOptions(opts, { protect: prod, retainOnDelete: prod, dependsOn: [logGroup, ...inputs.roleGrants, ...inputs.network.resources] }),
    );
    const adminAccess = (spec.aws?.adminRoleArns ?? []).map((principalArn, i) => {
        const entry = new aws.eks.AccessEntry(`${name}-admin-${i}`, { clusterName: cluster.name, principalArn, type: "STANDARD" }, opts);
        return new aws.eks.AccessPolicyAssociation(
            `${name}-admin-${i}`,
            { clusterName: cluster.name, principalArn, policyArn: pulumi.interpolate`arn:${inputs.partition}:eks::aws:cluster-access-policy/${CLUSTER_ADMIN_ACCESS_POLICY}`, accessScope: { type: "cluster" } },
            pulumi.mergeOptions(opts, { dependsOn: [entry] }),
        );
    });
    return { cluster, logGroup, adminAccess };
}
            // Explicit: the EKS default (EXTENDED) moves a cluster to paid extended support silently.
            upgradePolicy: { supportType: eksSupportType(spec.environment) },
