import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import type { PlatformSpec } from "../../spec";

/** Most zones the subnet plan carves (six private blocks, the eighth block holds the public subnets). */
export const MAX_ZONES = 6;
/** Widest VPC prefix the plan accepts: a /20 still leaves /23 private subnets. */
export const MAX_VPC_PREFIX = 20;
/** Subnet tag the AWS Load Balancer Controller / in-tree controller use to find public subnets. */
export const PUBLIC_ELB_TAG = "kubernetes.io/role/elb";
/** Subnet tag for internal load balancers. */
export const INTERNAL_ELB_TAG = "kubernetes.io/role/internal-elb";

/** The CIDRs of one zone. */
export interface ZoneSubnets {
    readonly zone: string;
    /** Nodes and pods (VPC CNI prefix delegation needs room for contiguous /28 blocks). */
    readonly privateCidr: string;
    /** NAT gateways and internet-facing load balancers only. */
    readonly publicCidr: string;
}

function toInt(ip: string): number {
    return ip.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
}

function toIp(n: number): string {
    return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}

/**
 * The `index`-th sub-block of `cidr` that is `newBits` longer.
 * @param cidr base block, e.g. `10.0.0.0/16`
 * @param newBits extra prefix bits
 * @param index which sub-block
 */
export function subnetCidr(cidr: string, newBits: number, index: number): string {
    const [ip = "", prefixText = ""] = cidr.split("/");
    const prefix = Number(prefixText) + newBits;
    const size = 2 ** (32 - prefix);
    const base = toInt(ip) - (toInt(ip) % 2 ** (32 - Number(prefixText)));
    return `${toIp(base + index * size)}/${prefix}`;
}

/**
 * The subnet plan of a VPC: per zone a private block of 1/8 of the VPC (blocks 0..5) and a
 * public block carved from the eighth block (1/256 of the VPC: a /24 in a /16).
 * @param vpcCidr the VPC block
 * @param zones the zones, in spec order
 */
export function planSubnets(vpcCidr: string, zones: readonly string[]): ZoneSubnets[] {
    const prefix = Number(vpcCidr.split("/")[1]);
    const errors: { propertyPath: string; reason: string }[] = [];
    if (prefix > MAX_VPC_PREFIX) errors.push({ propertyPath: "network.vpcCidr", reason: `${vpcCidr} is too small for EKS node subnets; use a /${MAX_VPC_PREFIX} or wider block` });
    if (zones.length > MAX_ZONES) errors.push({ propertyPath: "zones", reason: `at most ${MAX_ZONES} zones are supported on AWS (got ${zones.length})` });
    if (errors.length > 0) throw new pulumi.InputPropertiesError({ message: "the AWS network plan is invalid.", errors });
    const publicBlock = subnetCidr(vpcCidr, 3, 7);
    return zones.map((zone, i) => ({ zone, privateCidr: subnetCidr(vpcCidr, 3, i), publicCidr: subnetCidr(publicBlock, 5, i) }));
}

/** The network the cluster runs in. */
export interface Network {
    /** VPC id. */
    readonly vpcId: pulumi.Input<string>;
    /** Private subnets, one per zone (nodes, control-plane ENIs). */
    readonly privateSubnetIds: pulumi.Input<string>[];
    /** Public subnets (NAT, internet-facing load balancers); may be empty for an existing VPC. */
    readonly publicSubnetIds: pulumi.Input<string>[];
    /** Resources the node groups must wait for (routes to the internet through NAT); the control plane needs only the subnets. */
    readonly resources: pulumi.Resource[];
}

/**
 * The VPC of the cluster, or the spec's existing VPC. A new VPC spans the spec's zones with a
 * private and a public subnet in each, an internet gateway, NAT gateways (one per zone in prod so a
 * zone outage does not cut the others off; one elsewhere), an S3 gateway endpoint (Spark traffic to
 * the bucket skips NAT) and a default security group without rules.
 * @param name component name
 * @param spec the validated spec
 * @param opts options (parent, provider)
 * @internal
 */
export function createNetwork(name: string, spec: PlatformSpec, opts: pulumi.CustomResourceOptions): Network {
    const existing = spec.aws?.existingVpc;
    if (existing) {
        return { vpcId: existing.vpcId, privateSubnetIds: [...existing.privateSubnetIds], publicSubnetIds: [...existing.publicSubnetIds], resources: [] };
    }
    const plan = planSubnets(spec.network.vpcCidr, spec.zones);
    const perZoneNat = spec.environment === "prod";

    const vpc = new aws.ec2.Vpc(name, { cidrBlock: spec.network.vpcCidr, enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: name } }, opts);
    new aws.ec2.DefaultSecurityGroup(`${name}-default`, { vpcId: vpc.id, tags: { Name: `${name}-default (unused)` } }, opts);
    const igw = new aws.ec2.InternetGateway(name, { vpcId: vpc.id, tags: { Name: name } }, opts);
    const publicRoutes = new aws.ec2.RouteTable(`${name}-public`, { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }], tags: { Name: `${name}-public` } }, opts);

    const publicSubnets = plan.map((z) => {
        const subnet = new aws.ec2.Subnet(
            `${name}-public-${z.zone}`,
            { vpcId: vpc.id, cidrBlock: z.publicCidr, availabilityZone: z.zone, mapPublicIpOnLaunch: false, tags: { Name: `${name}-public-${z.zone}`, [PUBLIC_ELB_TAG]: "1" } },
            opts,
        );
        new aws.ec2.RouteTableAssociation(`${name}-public-${z.zone}`, { subnetId: subnet.id, routeTableId: publicRoutes.id }, opts);
        return subnet;
    });

    const natZones = perZoneNat ? plan : plan.slice(0, 1);
    const nats = natZones.map((z, i) => {
        const eip = new aws.ec2.Eip(`${name}-nat-${z.zone}`, { domain: "vpc", tags: { Name: `${name}-nat-${z.zone}` } }, opts);
        return new aws.ec2.NatGateway(
            `${name}-${z.zone}`,
            { allocationId: eip.id, subnetId: publicSubnets[i]!.id, connectivityType: "public", tags: { Name: `${name}-${z.zone}` } },
            pulumi.mergeOptions(opts, { dependsOn: [igw] }),
        );
    });

    const privateRouteTables: aws.ec2.RouteTable[] = [];
    const privateSubnets = plan.map((z, i) => {
        const nat = perZoneNat ? nats[i]! : nats[0]!;
        const subnet = new aws.ec2.Subnet(
            `${name}-private-${z.zone}`,
            { vpcId: vpc.id, cidrBlock: z.privateCidr, availabilityZone: z.zone, mapPublicIpOnLaunch: false, tags: { Name: `${name}-private-${z.zone}`, [INTERNAL_ELB_TAG]: "1" } },
            opts,
        );
        const routes = new aws.ec2.RouteTable(`${name}-private-${z.zone}`, { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }], tags: { Name: `${name}-private-${z.zone}` } }, opts);
        privateRouteTables.push(routes);
        const association = new aws.ec2.RouteTableAssociation(`${name}-private-${z.zone}`, { subnetId: subnet.id, routeTableId: routes.id }, opts);
        return { subnet, association };
    });

    new aws.ec2.VpcEndpoint(
        `${name}-s3`,
        { vpcId: vpc.id, serviceName: `com.amazonaws.${spec.region}.s3`, vpcEndpointType: "Gateway", routeTableIds: privateRouteTables.map((t) => t.id), tags: { Name: `${name}-s3` } },
        opts,
    );

    return {
        vpcId: vpc.id,
        privateSubnetIds: privateSubnets.map((p) => p.subnet.id),
        publicSubnetIds: publicSubnets.map((s) => s.id),
        resources: [...nats, ...privateSubnets.map((p) => p.association)],
    };
}
