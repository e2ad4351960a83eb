/**
 * AWS (and a little Azure) stack pieces whose joins go through ids. The VPC of an EKS stack as the rules see it, in two spellings: as the offline plan records it (ids known:
 * the plan's mock id is `<name>-id`, which {@link refersTo} follows) and as `pulumi preview` under the CLI
 * hands it to a stack policy (every id the stack creates unknown; the joins follow each resource's
 * dependency URNs). Shape of components/clouds/aws/network.ts: per zone a private subnet routed to a NAT
 * gateway and a public one routed to the internet gateway, `mapPublicIpOnLaunch: false` on both.
 */
import type * as aws from "../../components/clouds/aws/sdk";
import type * as pulumi from "@pulumi/pulumi";
import { NET } from "../../policies/lib/awsNetwork";

export { NET };
import type { PolicyResource } from "../../policies/lib/types";
import { blobService, eksDataPool, mut, res, s3Bucket, s3Stack, storageAccount, UNKNOWN } from "./fixtures";

type Shape<T> = Partial<pulumi.Unwrap<T>>;

const ZONES = ["a", "b", "c"] as const;

/** `urn` of a fixture (always set by `res`). */
function urnOf(r: PolicyResource): string {
    return r.urn ?? "";
}

/**
 * A copy of a resource that names its dependencies.
 * @param r the resource
 * @param on what it depends on
 */
export function dependingOn(r: PolicyResource, on: readonly PolicyResource[]): PolicyResource {
    return { ...r, dependencies: on.map(urnOf) };
}

export const vpc = res("aws:ec2/vpc:Vpc", "vpc", { cidrBlock: "10.0.0.0/16" } satisfies Shape<aws.ec2.VpcArgs>);
export const igw = res(NET.internetGateway, "igw", { vpcId: "vpc-id" } satisfies Shape<aws.ec2.InternetGatewayArgs>);
export const nat = res("aws:ec2/natGateway:NatGateway", "nat", { subnetId: "p-a-id", allocationId: "eip-id" } satisfies Shape<aws.ec2.NatGatewayArgs>);
export const publicRoutes = res(NET.routeTable, "public", { vpcId: "vpc-id", routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-id" }] } satisfies Shape<aws.ec2.RouteTableArgs>);
export const privateRoutes = res(NET.routeTable, "private", { vpcId: "vpc-id", routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: "nat-id" }] } satisfies Shape<aws.ec2.RouteTableArgs>);

const subnet = (name: string, i: number, cidr: string): PolicyResource => res(NET.subnet, name, { vpcId: "vpc-id", cidrBlock: cidr, availabilityZone: `eu-west-1${ZONES[i]!}`, mapPublicIpOnLaunch: false } satisfies Shape<aws.ec2.SubnetArgs>);
/** Private subnets: named like the subnets {@link eksDataPool} already lists (`s-a`…). */
export const privateSubnets = ZONES.map((z, i) => subnet(`s-${z}`, i, `10.0.${i * 32}.0/19`));
export const publicSubnets = ZONES.map((z, i) => subnet(`p-${z}`, i, `10.0.${224 + i}.0/24`));
const associate = (s: PolicyResource, table: PolicyResource): PolicyResource => res(NET.routeTableAssociation, `${s.name}-${table.name}`, { subnetId: `${s.name}-id`, routeTableId: `${table.name}-id` } satisfies Shape<aws.ec2.RouteTableAssociationArgs>);
export const associations = [...privateSubnets.map((s) => associate(s, privateRoutes)), ...publicSubnets.map((s) => associate(s, publicRoutes))];

/** The whole VPC with ids known (the offline plan). */
export const network: readonly PolicyResource[] = [vpc, igw, nat, publicRoutes, privateRoutes, ...privateSubnets, ...publicSubnets, ...associations];

/**
 * The same VPC as a stack policy sees it at preview under the CLI: every id the stack creates is unknown,
 * each resource lists the URNs it depends on.
 */
export const networkAtPreview: readonly PolicyResource[] = network.map((r) => {
    switch (r.type) {
        case NET.routeTable:
            return dependingOn(mut(r, "routes.0", r === publicRoutes ? { cidrBlock: "0.0.0.0/0", gatewayId: UNKNOWN } : { cidrBlock: "0.0.0.0/0", natGatewayId: UNKNOWN }), r === publicRoutes ? [vpc, igw] : [vpc, nat]);
        case NET.routeTableAssociation: {
            const s = [...privateSubnets, ...publicSubnets].find((x) => r.name.startsWith(`${x.name}-`))!;
            const table = r.name.endsWith("-public") ? publicRoutes : privateRoutes;
            return dependingOn(mut(mut(r, "subnetId", UNKNOWN), "routeTableId", UNKNOWN), [s, table]);
        }
        case NET.subnet:
            return dependingOn(mut(r, "vpcId", UNKNOWN), [vpc]);
        default:
            return r;
    }
});

/**
 * A node group in the given subnets, as the plan records it (ids known).
 * @param subnets its subnets
 */
export function nodeGroupIn(subnets: readonly PolicyResource[]): PolicyResource {
    return mut(eksDataPool, "subnetIds", subnets.map((s) => `${s.name}-id`));
}

/**
 * A node group in the given subnets, as a stack policy sees it at preview (ids unknown, dependencies named).
 * @param subnets its subnets
 */
export function nodeGroupAtPreview(subnets: readonly PolicyResource[]): PolicyResource {
    return dependingOn(mut(eksDataPool, "subnetIds", subnets.map(() => UNKNOWN)), subnets);
}

/**
 * The S3 bucket and its side-car resources as a stack policy sees them at preview: the bucket's id is
 * unknown, so each side-car's `bucket` is too, and it names the bucket among its dependencies.
 */
export const s3StackAtPreview: readonly PolicyResource[] = s3Stack.map((r) => (r === s3Bucket ? r : dependingOn(mut(r, "bucket", UNKNOWN), [s3Bucket])));

/** The Azure storage account and its blob service at preview (the account's name output unknown). */
export const azureStackAtPreview: readonly PolicyResource[] = [storageAccount, dependingOn(mut(blobService, "accountName", UNKNOWN), [storageAccount])];
