/**
 * Which VPC subnets an EKS node group runs in, and whether each is public, as far as the stack shows it.
 *
 * AWS calls a subnet public when its route table sends traffic to an internet gateway
 * (https://docs.aws.amazon.com/vpc/latest/userguide/configure-subnets.html, "Subnet types": "Public
 * subnet – The subnet has a direct route to an internet gateway"). An instance launched into a subnet
 * gets a public IPv4 address when the subnet's `mapPublicIpOnLaunch` is true; EKS managed node groups
 * follow that subnet setting since 2020 (AWS containers blog "Upcoming changes to IP assignment for EKS
 * managed node groups"; before, they forced public IPs: aws/containers-roadmap#607; subnet requirements in
 * https://docs.aws.amazon.com/eks/latest/userguide/network_reqs.html). Either one on a node subnet puts
 * nodes on the internet's side of the VPC.
 *
 * Joining resources: under `pulumi preview` the ids of subnets, route tables and gateways the stack
 * creates are unknown, so `subnetIds`, `subnetId`, `routeTableId` and `gatewayId` hold the engine's
 * unknown marker. The engine hands a stack policy each resource's dependency URNs with its outputs
 * (pulumi/pulumi pkg/resource/deploy/step_generator.go `AnalyzeResources`: `Dependencies: v.Dependencies,
 * PropertyDependencies: v.PropertyDependencies`; @pulumi/policy server.js resolves them into
 * `PolicyResource.dependencies`), and the offline plan records the same list (the registration's
 * dependencies). A reference is therefore followed by value when it is known ({@link refersTo}: mock ids,
 * real ids after `pulumi up`) and by dependency when it is not. Subnets the stack does not create (an
 * existing VPC, `aws.existingVpc`) are not visible here and are not judged; neither is a subnet left on
 * its VPC's main route table (no association), which the program never does (components/clouds/aws/network.ts
 * associates every subnet).
 */
import { UNKNOWN, UnknownInputError, arr, get, isUnknownError, str } from "./access";
import { anyOf, refersTo } from "./match";
import type { PolicyResource, StackIndex } from "./types";

/** Type tokens of the VPC pieces (kept here so the shared token table in match.ts stays small). */
export const NET = {
    subnet: "aws:ec2/subnet:Subnet",
    routeTable: "aws:ec2/routeTable:RouteTable",
    route: "aws:ec2/route:Route",
    routeTableAssociation: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    internetGateway: "aws:ec2/internetGateway:InternetGateway",
    vpnGateway: "aws:ec2/vpnGateway:VpnGateway",
} as const;

/**
 * A value at a path, or {@link UNKNOWN} when it (or a parent) is unknown at preview.
 * @param value root
 * @param path dotted path
 */
function peek(value: unknown, path: string): unknown {
    try {
        return get(value, path);
    } catch (e) {
        if (isUnknownError(e)) return UNKNOWN;
        throw e;
    }
}

/**
 * The elements of an array input, each a value or {@link UNKNOWN}; a wholly unknown array is one UNKNOWN.
 * @param value root
 * @param path dotted path
 */
function peekList(value: unknown, path: string): unknown[] {
    const list = peek(value, path);
    if (list === UNKNOWN) return [UNKNOWN];
    if (!Array.isArray(list)) return [];
    // Index by index: under CrossGuard the list is the SDK's unknown-checking proxy, whose element reads
    // throw (node_modules/@pulumi/policy/proxy.js), and Array.prototype.map would read them outside peek.
    return Array.from({ length: list.length }, (_, i) => peek(list, String(i)));
}

/**
 * The resources among `candidates` that `from`'s reference property (`subnetId`, `routeTableId`, ...)
 * points at: by value when the value is known (none, for an id the stack does not create), else by
 * `from`'s dependencies. An unknown value none of whose candidates `from` depends on cannot be decided:
 * that throws the unknown error (also when the resource carries no dependency list at all).
 * @param from the referring resource
 * @param value the reference's value (from {@link peek})
 * @param path its path, for the unknown message
 * @param candidates the resources it may point at (all of one kind)
 */
function resolve(from: PolicyResource, value: unknown, path: string, candidates: readonly PolicyResource[]): PolicyResource[] {
    if (value !== UNKNOWN) return candidates.filter((c) => refersTo(value, c));
    const deps = from.dependencies ?? [];
    const hits = candidates.filter((c) => c.urn !== undefined && deps.includes(c.urn));
    if (hits.length === 0) throw new UnknownInputError(path);
    return hits;
}

/**
 * The subnets of the stack an EKS node group runs in (through its `subnetIds`).
 * @param nodeGroup the node group
 * @param stack every resource
 */
export function nodeGroupSubnets(nodeGroup: PolicyResource, stack: StackIndex): PolicyResource[] {
    const subnets = stack.ofType(anyOf(NET.subnet));
    const found = new Set(peekList(nodeGroup.inputs, "subnetIds").flatMap((id, i) => resolve(nodeGroup, id, `subnetIds[${i}]`, subnets)));
    return subnets.filter((s) => found.has(s));
}

/**
 * The internet gateway a route table (inline `routes`, or separate `aws.ec2.Route` resources) sends
 * traffic to, if any, with the route's destination. A `gatewayId` may also name a virtual private
 * gateway (`aws.ec2.VpnGateway`), which is not the internet.
 * @param table the route table
 * @param stack every resource
 */
function internetRoute(table: PolicyResource, stack: StackIndex): { gateway: PolicyResource; destination: string } | undefined {
    const gateways = stack.ofType(anyOf(NET.internetGateway, NET.vpnGateway));
    const tables = stack.ofType(anyOf(NET.routeTable));
    const routes: [PolicyResource, unknown][] = arr(table.inputs, "routes").map((r) => [table, r]);
    for (const route of stack.ofType(anyOf(NET.route))) {
        if (resolve(route, peek(route.inputs, "routeTableId"), "routeTableId", tables).includes(table)) routes.push([route, route.inputs]);
    }
    for (const [owner, route] of routes) {
        const target = peek(route, "gatewayId");
        if (target === undefined || target === null || target === "") continue;
        const gateway = resolve(owner, target, "gatewayId", gateways).find((g) => g.type === NET.internetGateway);
        if (gateway) return { gateway, destination: str(route, "cidrBlock") ?? str(route, "ipv6CidrBlock") ?? str(route, "destinationCidrBlock") ?? str(route, "destinationIpv6CidrBlock") ?? "?" };
    }
    return undefined;
}

/**
 * Why a subnet is public (empty when the stack shows it private): it assigns public IPs on launch, or a
 * route table associated with it routes to an internet gateway.
 * @param subnet the subnet
 * @param stack every resource
 */
export function publicSubnetReasons(subnet: PolicyResource, stack: StackIndex): string[] {
    const out: string[] = [];
    if (peek(subnet.inputs, "mapPublicIpOnLaunch") === UNKNOWN) throw new UnknownInputError("mapPublicIpOnLaunch");
    const mapPublic = get(subnet.inputs, "mapPublicIpOnLaunch");
    if (mapPublic === true || mapPublic === "true") out.push("assigns public IPs on launch (mapPublicIpOnLaunch is true)");
    const subnets = stack.ofType(anyOf(NET.subnet));
    const tables = stack.ofType(anyOf(NET.routeTable));
    const associations = stack.ofType(anyOf(NET.routeTableAssociation)).filter((a) => peek(a.inputs, "subnetId") !== undefined && resolve(a, peek(a.inputs, "subnetId"), "subnetId", subnets).includes(subnet));
    const associated = new Set(associations.flatMap((a) => resolve(a, peek(a.inputs, "routeTableId"), "routeTableId", tables)));
    for (const table of tables.filter((t) => associated.has(t))) {
        const route = internetRoute(table, stack);
        if (route) out.push(`is routed to internet gateway ${route.gateway.name} (route table ${table.name}, ${route.destination})`);
    }
    return out;
}
