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
 * Joining resources: under `pulumi preview` the ids are unknown; the joins follow dependency URNs then
 * (policies/lib/joins.ts). Subnets the stack does not create (an
 * existing VPC, `aws.existingVpc`) are not visible here and are not judged; neither is a subnet left on
 * its VPC's main route table (no association), which the program never does (components/clouds/aws/network.ts
 * associates every subnet).
 */
import { UNKNOWN, UnknownInputError, arr, get, str } from "./access";
import { peek, peekList, resolve } from "./joins";
import { anyOf } from "./match";
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
 * The subnets of the stack an EKS node group runs in (through its `subnetIds`).
 * @param nodeGroup the node group
 * @param stack every resource
 */
export function nodeGroupSubnets(nodeGroup: PolicyResource, stack: StackIndex): PolicyResource[] {
    const subnets = stack.ofType(anyOf(NET.subnet));
    const whole = peek(nodeGroup.inputs, "subnetIds") === UNKNOWN;
    const found = new Set(peekList(nodeGroup.inputs, "subnetIds").flatMap((id, i) => resolve(nodeGroup, id, whole ? "subnetIds" : `subnetIds[${i}]`, subnets)));
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
