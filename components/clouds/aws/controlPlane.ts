import * as aws from "./sdk";
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
    /** Only with a public endpoint: the spec's CIDRs, or everyone on the explicit `openToInternet` opt-in (refused in prod by the spec). */
    readonly publicAccessCidrs?: string[];
}

/** HTTPS, the only port of the EKS API server. */
export const API_SERVER_PORT = 443;

/**
 * The API endpoint: always reachable from the VPC. `public`: public too, limited to the authorized
 * CIDRs (`0.0.0.0/0` only on the `openToInternet` opt-in). `private`: private only; the runner comes
 * from the connected network through the cluster security group rules of {@link createApiIngress}.
 * @param spec the validated spec
 */
export function endpointAccess(spec: PlatformSpec): EndpointAccess {
    const { mode, authorizedCidrs, openToInternet } = spec.apiAccess;
    if (mode === "private") return { endpointPrivateAccess: true, endpointPublicAccess: false };
    return { endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: openToInternet ? ["0.0.0.0/0"] : [...authorizedCidrs] };
}

/**
 * With a private-only endpoint, 443 ingress on the cluster security group from the connected network:
 * AWS, "Cluster API server endpoint": with public access disabled "you can only access the API server
 * from within your VPC or a connected network … the control plane security group [must] allow ingress
 * traffic on port 443 from your connected network"
 * (https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html). One rule per CIDR
 * (`apiAccess.authorizedCidrs`) and per runner security group (`aws.existingVpc.runnerSecurityGroupIds`);
 * none with a public endpoint.
 * @param name component name
 * @param spec the validated spec
 * @param clusterSecurityGroupId the security group EKS creates for the control plane ENIs
 * @param opts options (parent, provider)
 * @internal
 */
export function createApiIngress(name: string, spec: PlatformSpec, clusterSecurityGroupId: pulumi.Input<string>, opts: pulumi.CustomResourceOptions): aws.vpc.SecurityGroupIngressRule[] {
    if (spec.apiAccess.mode !== "private") return [];
    const common = { securityGroupId: clusterSecurityGroupId, ipProtocol: "tcp", fromPort: API_SERVER_PORT, toPort: API_SERVER_PORT };
    const cidrs = spec.apiAccess.authorizedCidrs.map(
        (cidrIpv4, i) => new aws.vpc.SecurityGroupIngressRule(`${name}-api-cidr-${i}`, { ...common, cidrIpv4, description: `tristack: runner network ${cidrIpv4} to the private API endpoint` }, opts),
    );
    const groups = (spec.aws?.existingVpc?.runnerSecurityGroupIds ?? []).map(
        (referencedSecurityGroupId, i) =>
            new aws.vpc.SecurityGroupIngressRule(`${name}-api-sg-${i}`, { ...common, referencedSecurityGroupId, description: `tristack: runners in ${referencedSecurityGroupId} to the private API endpoint` }, opts),
    );
    return [...cidrs, ...groups];
}

/**
 * The principal of the deployer's access entry. EKS keeps one entry per principal, so a deploying role
 * that is also in `aws.adminRoleArns` would collide ("ResourceInUseException"); refused here, at
 * preview, since the caller is known only then.
 * @param arn the caller's IAM role or user ARN
 * @param adminRoleArns the spec's admin roles
 */
export function deployerPrincipal(arn: string, adminRoleArns: readonly string[]): string {
    const i = adminRoleArns.indexOf(arn);
    if (i >= 0) {
        throw new pulumi.RunError(`aws.adminRoleArns[${i}]: ${arn} is the role running pulumi up, which gets its own access entry (<name>-deployer, ${CLUSTER_ADMIN_ACCESS_POLICY}); remove it from aws.adminRoleArns`);
    }
    return arn;
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
    /** IAM role (or user) ARN of whoever runs `pulumi up` (the source role of an assumed-role session). */
    readonly deployerArn: pulumi.Input<string>;
}

/** The control plane and its access entries. */
export interface ControlPlane {
    readonly cluster: aws.eks.Cluster;
    readonly logGroup: aws.cloudwatch.LogGroup;
    /** Admin access policy associations, the deployer's first (Kubernetes objects need them before they can be applied). */
    readonly adminAccess: aws.eks.AccessPolicyAssociation[];
    /** 443 ingress from the connected network (private endpoint only). */
    readonly apiIngress: aws.vpc.SecurityGroupIngressRule[];
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
            // Explicit: the EKS default (EXTENDED) moves a cluster to paid extended support silently.
            upgradePolicy: { supportType: eksSupportType(spec.environment) },
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
        // The control plane needs its subnets (an input), not their routes: EKS runs clusters whose subnets
        // have no outbound internet at all (https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html).
        // The node groups, which pull images and join through NAT, wait for the routes (eksCluster.ts), so the
        // cluster is created while the NAT gateways and route tables are (issue 25).
        // What it still waits for is real, and each is two API calls deep (key -> log group, VPC -> subnets,
        // role -> policy attachment / KMS role policy), so none alone shortens the first deploy: the log group
        // must exist first or EKS creates /aws/eks/<name>/cluster itself, without our key and retention, and
        // ours then fails as already existing (the provider's eks.Cluster docs, "Enabling Control Plane
        // Logging", order the log group first for this reason:
        // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eks_cluster); the role's
        // permissions must be attached before and removed after the cluster, or EKS cannot manage (and later
        // delete) its ENIs and security groups (same page); CreateCluster takes the subnet ids.
        pulumi.mergeOptions(opts, { protect: prod, retainOnDelete: prod, dependsOn: [logGroup, ...inputs.roleGrants] }),
    );
    const policyArn = pulumi.interpolate`arn:${inputs.partition}:eks::aws:cluster-access-policy/${CLUSTER_ADMIN_ACCESS_POLICY}`;
    const admin = (entryName: string, principalArn: pulumi.Input<string>) => {
        const entry = new aws.eks.AccessEntry(entryName, { clusterName: cluster.name, principalArn, type: "STANDARD" }, opts);
        return new aws.eks.AccessPolicyAssociation(entryName, { clusterName: cluster.name, principalArn, policyArn, accessScope: { type: "cluster" } }, pulumi.mergeOptions(opts, { dependsOn: [entry] }));
    };
    // The deployer's own entry: with authenticationMode API and no creator bootstrap, nobody (the
    // deployer included) can call the Kubernetes API until an access entry says so.
    const deployer = admin(`${name}-deployer`, pulumi.output(inputs.deployerArn).apply((arn) => deployerPrincipal(arn, spec.aws?.adminRoleArns ?? [])));
    const adminAccess = [deployer, ...(spec.aws?.adminRoleArns ?? []).map((principalArn, i) => admin(`${name}-admin-${i}`, principalArn))];
    const apiIngress = createApiIngress(name, spec, cluster.vpcConfig.clusterSecurityGroupId, opts);
    return { cluster, logGroup, adminAccess, apiIngress };
}
