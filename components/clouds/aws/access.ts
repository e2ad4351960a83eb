import type { PlatformSpec } from "../../spec";
import type { AccessHop, AccessPath } from "../clusterHandle";
import { API_SERVER_PORT, CLUSTER_ADMIN_ACCESS_POLICY } from "./controlPlane";

/** Type tokens of the resources that admit a hop (what the plan looks for). */
const T = {
    cluster: "aws:eks/cluster:Cluster",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    policyAssociation: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
} as const;

/**
 * The path from the runner to the EKS API server for this spec, without creating anything: the
 * network hop(s) the endpoint settings and security group rules admit, then the deployer's access
 * entry. The names match what {@link createControlPlane} registers.
 * @param spec the validated spec (`cloud: aws`)
 */
export function eksAccessPath(spec: PlatformSpec): AccessPath {
    const name = spec.name;
    const { mode, authorizedCidrs, openToInternet } = spec.apiAccess;
    const hops: AccessHop[] = [];
    if (mode === "private") {
        const vpc = spec.aws?.existingVpc?.vpcId ?? "(no existing VPC)";
        hops.push({ from: "runner network", to: `VPC ${vpc}`, admittedBy: { by: "prerequisite", setting: "the runner's network routes to the VPC (in-VPC runner, peering, Transit Gateway or VPN) and resolves its private DNS" } });
        authorizedCidrs.forEach((cidr, i) =>
            hops.push({ from: `runner ${cidr}`, to: "EKS private endpoint", admittedBy: { by: "resource", type: T.ingress, name: `${name}-api-cidr-${i}`, setting: `cluster security group: tcp/${API_SERVER_PORT} from ${cidr}` } }),
        );
        (spec.aws?.existingVpc?.runnerSecurityGroupIds ?? []).forEach((sg, i) =>
            hops.push({ from: `runner security group ${sg}`, to: "EKS private endpoint", admittedBy: { by: "resource", type: T.ingress, name: `${name}-api-sg-${i}`, setting: `cluster security group: tcp/${API_SERVER_PORT} from ${sg}` } }),
        );
    } else {
        const sources = openToInternet ? ["0.0.0.0/0"] : authorizedCidrs;
        for (const cidr of sources) {
            const from = openToInternet ? "anywhere (apiAccess.openToInternet)" : `runner egress ${cidr}`;
            hops.push({ from, to: "EKS public endpoint", admittedBy: { by: "resource", type: T.cluster, name, setting: `vpcConfig.publicAccessCidrs contains ${cidr}` } });
        }
        if (sources.length === 0) hops.push({ from: "runner", to: "EKS public endpoint", admittedBy: undefined });
    }
    hops.push({
        from: "the IAM role running pulumi up (aws eks get-token)",
        to: "Kubernetes API as cluster admin",
        admittedBy: { by: "resource", type: T.policyAssociation, name: `${name}-deployer`, setting: `access entry with ${CLUSTER_ADMIN_ACCESS_POLICY}, cluster scope` },
    });
    return { mode, endpointKind: mode === "private" ? "EKS private endpoint (VPC)" : "EKS public endpoint", hops, credentialPlugin: "aws" };
}
