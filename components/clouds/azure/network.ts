import * as network from "@pulumi/azure-native/network";
import type * as inputs from "@pulumi/azure-native/types/input";
import * as pulumi from "@pulumi/pulumi";
import type { PlatformSpec } from "../../spec";
import { nodeSubnetCidr } from "./names";

/** How the cluster's outbound traffic leaves the VNet (`networkProfile.outboundType`). */
export type OutboundType = "loadBalancer";

/** The node network of the cluster. */
export interface ClusterNetwork {
    /** Resource id of the node subnet. */
    readonly subnetId: pulumi.Input<string>;
    /** Whether tristack created the subnet (and so put the Microsoft.Storage service endpoint on it). */
    readonly created: boolean;
    /** Outbound type for the cluster: the cluster's Standard load balancer, always. */
    readonly outboundType: OutboundType;
    /**
     * The load balancer's outbound settings when tristack built the network (its own zone-redundant
     * public IPs and SNAT ports per node); undefined on an existing subnet (AKS's defaults).
     */
    readonly loadBalancerProfile?: inputs.containerservice.ManagedClusterLoadBalancerProfileArgs;
    /** The outbound public IPs tristack created (the control plane identity must be able to join them). */
    readonly outboundIps: readonly network.PublicIPAddress[];
    /** Resources the cluster must wait for (the subnet and the outbound IPs). */
    readonly resources: readonly pulumi.Resource[];
}

/** Inputs of {@link createNetwork}. */
export interface NetworkArgs {
    readonly resourceGroupName: pulumi.Input<string>;
    readonly tags: Readonly<Record<string, string>>;
}

/** Idle timeout of outbound flows, minutes (AKS's load balancer default is 30; Azure's NAT default is 4). */
export const OUTBOUND_IDLE_TIMEOUT_MINUTES = 10;

/**
 * SNAT ports one frontend IP of a Standard load balancer's outbound rule provides ("Each additional IP
 * address provided by a frontend provides 64,000 ephemeral ports", Azure docs
 * articles/load-balancer/load-balancer-outbound-rules-overview.md).
 */
export const SNAT_PORTS_PER_IP = 64_000;

/**
 * SNAT ports each node gets at least. Azure's default allocation gives at most 1,024 per VM and "is NOT
 * recommended for production workloads … consider leveraging NAT Gateway or manually allocating ports on
 * your load balancer outbound rules" (articles/load-balancer/load-balancer-outbound-connections.md).
 */
export const MIN_SNAT_PORTS_PER_NODE = 2_048;

/** Surge during upgrades of stateless pools, as a fraction (agentPools.ts DEFAULT_MAX_SURGE, "33%"). */
const STATELESS_SURGE = 0.33;

/** How many outbound IPs and SNAT ports per node the cluster's load balancer gets. */
export interface SnatPlan {
    /** Most nodes the cluster can run at once: every pool at its maximum plus its upgrade surge. */
    readonly nodes: number;
    /** Outbound public IPs. */
    readonly ips: number;
    /** `allocatedOutboundPorts`: every IP's ports shared over `nodes`, a multiple of 8, at least {@link MIN_SNAT_PORTS_PER_NODE}. */
    readonly portsPerNode: number;
}

/**
 * Size the load balancer's outbound SNAT from the spec: with a fixed `allocatedOutboundPorts` per node,
 * nodes x ports must fit in IPs x 64,000, for every node the pools may reach, the surge nodes of an
 * upgrade included (a node beyond that gets no SNAT ports). Stateless pools surge by 33%, data pools by
 * one node per rack (zone): agentPools.ts. Ports are rounded down to a multiple of 8 (the Azure CLI's
 * `--load-balancer-outbound-ports` asks for that; not re-verified here) and capped at the 64,000
 * `allocatedOutboundPorts` allows (azure-native typings, `ManagedClusterLoadBalancerProfileArgs`:
 * "Allowed values are in the range of 0 to 64000").
 * @param spec the validated spec
 */
export function snatPlan(spec: Pick<PlatformSpec, "nodePools" | "zones">): SnatPlan {
    const racks = Math.max(spec.zones.length, 1);
    const nodes = Object.values(spec.nodePools).reduce((n, p) => n + p.maxNodes + (p.role === "data" ? racks : Math.ceil(p.maxNodes * STATELESS_SURGE)), 0);
    const ips = Math.max(1, Math.ceil((nodes * MIN_SNAT_PORTS_PER_NODE) / SNAT_PORTS_PER_IP));
    const portsPerNode = Math.min(SNAT_PORTS_PER_IP, Math.floor((ips * SNAT_PORTS_PER_IP) / nodes / 8) * 8);
    return { nodes, ips, portsPerNode };
}

/**
 * Zones of the outbound public IPs: all three of the region (zone-redundant: "for public load balancers,
 * if the public IP in the load balancer's frontend is zone redundant then the load balancer is also
 * zone-redundant", https://learn.microsoft.com/azure/reliability/reliability-load-balancer) when the
 * cluster spans zones; the one zone of a single-zone cluster; none where the spec names no zone.
 * @param zones the spec's zones
 */
export function outboundIpZones(zones: readonly string[]): string[] | undefined {
    if (zones.length === 0) return undefined;
    return zones.length === 1 ? [...zones] : ["1", "2", "3"];
}

/**
 * The node network: an existing subnet when `spec.azure.existingSubnetId` is set (tristack then creates
 * no network resource, and egress is whatever that network provides: AKS's load balancer with its own
 * managed IP), otherwise a VNet with one node subnet (Azure CNI Overlay: pods are not in the VNet) with
 * the `Microsoft.Storage` service endpoint the storage account's firewall rule needs, and egress through
 * the cluster's Standard load balancer on static, zone-redundant public IPs tristack owns.
 *
 * Why not a NAT gateway: a Standard-SKU NAT gateway is zonal ("Standard SKU NAT Gateway is zonal, which
 * means it operates out of a single availability zone", https://learn.microsoft.com/azure/nat-gateway/nat-availability-zones),
 * so the one gateway of a single node subnet cuts every node's egress when its zone fails. Zone-redundant
 * NAT is the StandardV2 SKU (https://learn.microsoft.com/azure/nat-gateway/nat-sku), which the pinned
 * @pulumi/azure-native 3.28 cannot create (`NatGatewaySkuName` and `PublicIPAddressSkuName` have no
 * StandardV2; its network module is API 2024-05-01). A zonal gateway per zone needs a subnet per zone and
 * every pool split per zone, the system pool included (Microsoft Q&A 1459281). The load balancer whose
 * frontend IPs span the zones survives a zone failure with the pools we have. docs/clouds/azure.md.
 * @param name base name
 * @param spec the validated spec
 * @param args resource group and tags
 * @param opts options (parent, provider)
 * @internal
 */
export function createNetwork(name: string, spec: PlatformSpec, args: NetworkArgs, opts: pulumi.CustomResourceOptions): ClusterNetwork {
    const existing = spec.azure?.existingSubnetId;
    if (existing !== undefined) return { subnetId: existing, created: false, outboundType: "loadBalancer", outboundIps: [], resources: [] };

    const tags = { ...args.tags };
    const snat = snatPlan(spec);
    const zones = outboundIpZones(spec.zones);
    const ips = Array.from(
        { length: snat.ips },
        (_, i) =>
            new network.PublicIPAddress(
                `${name}-egress-${i + 1}`,
                {
                    resourceGroupName: args.resourceGroupName,
                    publicIpAddressName: `${name}-egress-${i + 1}`,
                    sku: { name: "Standard", tier: "Regional" },
                    publicIPAllocationMethod: "Static",
                    publicIPAddressVersion: "IPv4",
                    ...(zones ? { zones } : {}),
                    tags,
                },
                opts,
            ),
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
            serviceEndpoints: [{ service: "Microsoft.Storage" }],
            // No implicit outbound: egress goes through the load balancer's outbound rule only.
            defaultOutboundAccess: false,
        },
        opts,
    );
    return {
        subnetId: subnet.id,
        created: true,
        outboundType: "loadBalancer",
        loadBalancerProfile: {
            outboundIPs: { publicIPs: ips.map((ip) => ({ id: ip.id })) },
            allocatedOutboundPorts: snat.portsPerNode,
            idleTimeoutInMinutes: OUTBOUND_IDLE_TIMEOUT_MINUTES,
        },
        outboundIps: ips,
        resources: [subnet, ...ips],
    };
}
