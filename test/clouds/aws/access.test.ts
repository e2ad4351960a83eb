import { beforeAll, describe, expect, it } from "vitest";
import { eksAccessPath } from "../../../components/clouds/aws/access";
import { deployerPrincipal } from "../../../components/clouds/aws/controlPlane";
import { checkAccessPath } from "../../../components/plan/accessPath";
import { parsePlatformSpec } from "../../../components/spec";
import { adapterVariant, type AdapterVariant } from "../../support/adapterHarness";
import { run, stackSpec, type Recorded } from "../../support/mocks";

const CLUSTER = "aws:eks/cluster:Cluster";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const ENTRY = "aws:eks/accessEntry:AccessEntry";
const POLICY = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation";
/** The mock caller's source role (getSessionContext.issuerArn of assumed-role/deployer/tristack). */
const DEPLOYER = "arn:aws:iam::111122223333:role/deployer";

/** aws-prod in an existing VPC with a private-only endpoint the runners reach from 10.20.0.0/16 and sg-0abc123. */
function privateProd(): Record<string, unknown> {
    const raw = stackSpec("aws-prod");
    raw["aws"] = { ...(raw["aws"] as object), existingVpc: { vpcId: "vpc-0abc", privateSubnetIds: ["subnet-0a", "subnet-0b", "subnet-0c"], runnerSecurityGroupIds: ["sg-0abc123"] } };
    raw["apiAccess"] = { mode: "private", authorizedCidrs: ["10.20.0.0/16"] };
    return raw;
}

describe("EKS control-plane access, private endpoint in a connected VPC", () => {
    // The endpoint, its 443 rules and the access entries are the EKS adapter's: built alone, in-process
    // (test/support/adapterHarness.ts). The deployer-rights tests below read the committed aws-dev program run.
    let r: AdapterVariant;
    beforeAll(async () => {
        r = await adapterVariant(privateProd(), "aws-prod");
    });

    it("turns the public endpoint off", () => {
        expect(r.one(CLUSTER).inputs["vpcConfig"]).toMatchObject({ endpointPrivateAccess: true, endpointPublicAccess: false });
        expect((r.one(CLUSTER).inputs["vpcConfig"] as Record<string, unknown>)["publicAccessCidrs"]).toBeUndefined();
    });

    it("admits the runner network and security group on 443 of the cluster security group, and nothing else", () => {
        const rules = r.ofType(INGRESS).map((x) => ({ name: x.name, ...x.inputs }));
        expect(rules).toEqual([
            { name: "tristack-prod-api-cidr-0", securityGroupId: "sg-mock13", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "10.20.0.0/16", description: "tristack: runner network 10.20.0.0/16 to the private API endpoint" },
            { name: "tristack-prod-api-sg-0", securityGroupId: "sg-mock13", ipProtocol: "tcp", fromPort: 443, toPort: 443, referencedSecurityGroupId: "sg-0abc123", description: "tristack: runners in sg-0abc123 to the private API endpoint" },
        ]);
    });

    it("shows a complete path in the plan: prerequisite route, the two rules, the deployer's access entry", () => {
        const path = eksAccessPath(parsePlatformSpec(privateProd()));
        expect(path.hops.map((h) => [h.from, h.to, h.admittedBy?.by === "resource" ? h.admittedBy.name : h.admittedBy?.by])).toEqual([
            ["runner network", "VPC vpc-0abc", "prerequisite"],
            ["runner 10.20.0.0/16", "EKS private endpoint", "tristack-prod-api-cidr-0"],
            ["runner security group sg-0abc123", "EKS private endpoint", "tristack-prod-api-sg-0"],
            ["the IAM role running pulumi up (aws eks get-token)", "Kubernetes API as cluster admin", "tristack-prod-deployer"],
        ]);
        expect(checkAccessPath(path, r.resources).missing).toEqual([]);
    });

    it("fails the plan when a hop's rule is not registered", () => {
        const path = eksAccessPath(parsePlatformSpec(privateProd()));
        const withoutRule = r.resources.filter((x) => x.name !== "tristack-prod-api-cidr-0");
        expect(checkAccessPath(path, withoutRule).missing).toEqual([
            `runner 10.20.0.0/16 -> EKS private endpoint: missing: \`${INGRESS}\` tristack-prod-api-cidr-0 is not in the plan (cluster security group: tcp/443 from 10.20.0.0/16)`,
        ]);
    });
});

describe("EKS deployer rights", () => {
    let r: Recorded;
    beforeAll(async () => {
        r = await run(stackSpec("aws-dev"), { stack: "aws-dev" });
    });

    it("gives the role running pulumi up (the session's source role) its own cluster-admin access entry", () => {
        expect(r.one(ENTRY, "tristack-dev-deployer").inputs).toMatchObject({ clusterName: "tristack-dev", principalArn: DEPLOYER, type: "STANDARD" });
        expect(r.one(POLICY, "tristack-dev-deployer").inputs).toMatchObject({
            principalArn: DEPLOYER,
            policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
            accessScope: { type: "cluster" },
        });
    });

    it("makes no 443 rules for a public endpoint", () => {
        expect(r.ofType(INGRESS)).toEqual([]);
    });

    it("refuses a deploying role that is also listed in aws.adminRoleArns (one access entry per principal)", () => {
        expect(deployerPrincipal(DEPLOYER, ["arn:aws:iam::111122223333:role/platform-admins"])).toBe(DEPLOYER);
        expect(() => deployerPrincipal(DEPLOYER, ["arn:aws:iam::111122223333:role/platform-admins", DEPLOYER])).toThrow(
            "aws.adminRoleArns[1]: arn:aws:iam::111122223333:role/deployer is the role running pulumi up, which gets its own access entry (<name>-deployer, AmazonEKSClusterAdminPolicy); remove it from aws.adminRoleArns",
        );
    });

    it("shows the open dev endpoint as the opt-in in the path", () => {
        const path = eksAccessPath(parsePlatformSpec(stackSpec("aws-dev")));
        expect(path.hops[0]).toEqual({ from: "anywhere (apiAccess.openToInternet)", to: "EKS public endpoint", admittedBy: { by: "resource", type: CLUSTER, name: "tristack-dev", setting: "vpcConfig.publicAccessCidrs contains 0.0.0.0/0" } });
        expect(checkAccessPath(path, r.resources).missing).toEqual([]);
    });
});
