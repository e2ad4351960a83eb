import * as gcp from "./sdk";
import type * as pulumi from "@pulumi/pulumi";
import type { PlatformSpec } from "../../spec";

/** Names of the subnet's secondary ranges tristack creates. */
export const SECONDARY_RANGES = { pods: "pods", services: "services" } as const;

/** What the cluster needs from the network, created or existing. */
export interface ClusterNetwork {
    /** VPC network (id/self link of a created one, or the name/self link given in the spec). */
    readonly network: pulumi.Input<string>;
    /** Subnetwork the nodes live in. */
    readonly subnetwork: pulumi.Input<string>;
    /** Secondary range for pods. */
    readonly podsRangeName: string;
    /** Secondary range for services. */
    readonly servicesRangeName: string;
    /** The node range, when tristack created it (authorized for a private endpoint). */
    readonly nodeCidr?: string;
    /** Created network resources (empty for an existing network). */
    readonly resources: readonly pulumi.Resource[];
}

/**
 * The VPC for the cluster: a custom-mode network, one regional subnet with secondary ranges for pods
 * and services (VPC-native cluster), Private Google Access, and Cloud Router + Cloud NAT so private
 * nodes reach registries and APIs outside Google. With `spec.gcp.existingNetwork` nothing is created.
 * @param name component name
 * @param spec the validated spec
 * @param opts options (parent, provider)
 * @internal
 */
export function createNetwork(name: string, spec: PlatformSpec, opts: pulumi.CustomResourceOptions): ClusterNetwork {
    const existing = spec.gcp?.existingNetwork;
    if (existing) {
        return { network: existing.network, subnetwork: existing.subnetwork, podsRangeName: existing.podsRangeName, servicesRangeName: existing.servicesRangeName, resources: [] };
    }
    const prod = spec.environment === "prod";
    const network = new gcp.compute.Network(name, { name, autoCreateSubnetworks: false, routingMode: "REGIONAL", description: `tristack ${name}` }, opts);
    const subnetwork = new gcp.compute.Subnetwork(
        `${name}-nodes`,
        {
            name: `${name}-nodes`,
            network: network.id,
            region: spec.region,
            ipCidrRange: spec.network.vpcCidr,
            privateIpGoogleAccess: true,
            secondaryIpRanges: [
                { rangeName: SECONDARY_RANGES.pods, ipCidrRange: spec.network.podCidr },
                { rangeName: SECONDARY_RANGES.services, ipCidrRange: spec.network.serviceCidr },
            ],
            // VPC flow logs in prod, for incident forensics (CKV_GCP_26).
            logConfig: prod ? { aggregationInterval: "INTERVAL_5_MIN", flowSampling: 0.5, metadata: "INCLUDE_ALL_METADATA" } : undefined,
        },
        opts,
    );
    const router = new gcp.compute.Router(`${name}-router`, { name: `${name}-router`, network: network.id, region: spec.region }, opts);
    const nat = new gcp.compute.RouterNat(
        `${name}-nat`,
        {
            name: `${name}-nat`,
            router: router.name,
            region: spec.region,
            natIpAllocateOption: "AUTO_ONLY",
            sourceSubnetworkIpRangesToNat: "LIST_OF_SUBNETWORKS",
            subnetworks: [{ name: subnetwork.id, sourceIpRangesToNats: ["ALL_IP_RANGES"] }],
            logConfig: { enable: true, filter: "ERRORS_ONLY" },
        },
        opts,
    );
    return {
        network: network.id,
        subnetwork: subnetwork.id,
        podsRangeName: SECONDARY_RANGES.pods,
        servicesRangeName: SECONDARY_RANGES.services,
        nodeCidr: spec.network.vpcCidr,
        resources: [network, subnetwork, router, nat],
    };
}
