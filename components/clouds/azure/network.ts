import * as network from "@pulumi/azure-native/network";
import * as pulumi from "@pulumi/pulumi";
import type { PlatformSpec } from "../../spec";
import { nodeSubnetCidr } from "./names";

/** How the cluster's outbound traffic leaves the VNet (`networkProfile.outboundType`). */
export type OutboundType = "userAssignedNATGateway" | "loadBalancer";

/** The node network of the cluster. */
export interface ClusterNetwork {
    /** Resource id of the node subnet. */
    readonly subnetId: pulumi.Input<string>;
    /** Whether tristack created the subnet (and so put the Microsoft.Storage service endpoint on it). */
    readonly created: boolean;
    /** Outbound type for the cluster: the NAT gateway when tristack built the network. */
    readonly outboundType: OutboundType;
    /** Resources the cluster must wait for (subnet with its NAT gateway association). */
    readonly resources: readonly pulumi.Resource[];
}

/** Inputs of {@link createNetwork}. */
export interface NetworkArgs {
    readonly resourceGroupName: pulumi.Input<string>;
    readonly tags: Readonly<Record<string, string>>;
}

/** Idle timeout of NAT gateway flows, minutes (Azure's default is 4; long Kafka/Spark connections prefer more). */
export const NAT_IDLE_TIMEOUT_MINUTES = 10;

/**
 * The node network: an existing subnet when `spec.azure.existingSubnetId` is set (tristack then creates
 * no network resource, and egress is whatever that network provides: the cluster uses a load balancer
 * for outbound), otherwise a VNet with one node subnet (Azure CNI Overlay: pods are not in the VNet),
 * a NAT gateway with a static public IP for egress, and the `Microsoft.Storage` service endpoint the
 * storage account's firewall rule needs.
 * @param name base name
 * @param spec the validated spec
 * @param args resource group and tags
 * @param opts options (parent, provider)
 * @internal
 */
export function createNetwork(name: string, spec: PlatformSpec, args: NetworkArgs, opts: pulumi.CustomResourceOptions): ClusterNetwork {
    const existing = spec.azure?.existingSubnetId;
    if (existing !== undefined) return { subnetId: existing, created: false, outboundType: "loadBalancer", resources: [] };

    const tags = { ...args.tags };
    const ip = new network.PublicIPAddress(
        `${name}-nat`,
        {
            resourceGroupName: args.resourceGroupName,
            publicIpAddressName: `${name}-nat-ip`,
            sku: { name: "Standard", tier: "Regional" },
            publicIPAllocationMethod: "Static",
            publicIPAddressVersion: "IPv4",
            tags,
        },
        opts,
    );
    const nat = new network.NatGateway(
        `${name}-nat`,
        {
            resourceGroupName: args.resourceGroupName,
            natGatewayName: `${name}-nat`,
            sku: { name: "Standard" },
            idleTimeoutInMinutes: NAT_IDLE_TIMEOUT_MINUTES,
            publicIpAddresses: [{ id: ip.id }],
            tags,
        },
        opts,
    );
    const vnet = new network.VirtualNetwork(
        name,
        { resourceGroupName: args.resourceGroupName, virtualNetworkName: `${name}-vnet`, addressSpace: { addressPrefixes: [spec.network.vpcCidr] }, tags },
        // Subnets are their own resources; the VNet must not try to own them.
        pulumi.mergeOptions(opts, { ignoreChanges: ["subnets"] }),
    );
    const subnet = new network.Subnet(
        `${name}-nodes`,
        {
            resourceGroupName: args.resourceGroupName,
            virtualNetworkName: vnet.name,
            subnetName: "nodes",
            addressPrefix: nodeSubnetCidr(spec.network.vpcCidr),
            natGateway: { id: nat.id },
            serviceEndpoints: [{ service: "Microsoft.Storage" }],
            // No implicit outbound: egress goes through the NAT gateway only.
            defaultOutboundAccess: false,
        },
        opts,
    );
    return { subnetId: subnet.id, created: true, outboundType: "userAssignedNATGateway", resources: [subnet, nat] };
}
