/**
 * aws-dev variants more than one test file reads. A program run costs seconds (issue 15), and identical
 * specs share one run across files (components/plan/engine.ts caches by the spec's JSON text).
 */
import { stackSpec } from "../../support/mocks";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v ?? {}) as Obj;

export const SUBNETS = ["subnet-0aaa", "subnet-0bbb", "subnet-0ccc"];
export const ADMIN_ROLES = ["arn:aws:iam::111122223333:role/a", "arn:aws:iam::111122223333:role/b"];
export const CIDRS = ["203.0.113.0/24", "198.51.100.7/32"];

/**
 * aws-dev with seven independent patches, each read by its own test: [vpc] an existing VPC, [cidrs]
 * authorized CIDRs for the public endpoint, [maxPods] maxPods 200 on the general pool, [admins] two admin
 * roles, [k8s] Kubernetes 1.36 (test/clouds/aws/variants.test.ts), and [oversize] the large-core pool asking
 * for 32 vCPU / 128 GiB, which only a 64-vCPU type fits (test/clouds/shapeFit.test.ts). They touch disjoint
 * parts of the program: the network (subnets), the control plane's vpcConfig access fields, one pool's
 * NodeConfig, the access entries, the version-pinned add-ons, and another pool's instance type and warning.
 * And [staging]: environment staging, so one program run on the CLI's path is a staging stack (every layer;
 * nothing the tests above read depends on dev versus staging).
 */
export function awsDevCombined(): Obj {
    const s = stackSpec("aws-dev");
    s["aws"] = {
        ...obj(s["aws"]),
        adminRoleArns: ADMIN_ROLES, // [admins]
        existingVpc: { vpcId: "vpc-0123abcd", privateSubnetIds: SUBNETS, publicSubnetIds: ["subnet-0ddd"] }, // [vpc]
    };
    s["apiAccess"] = { authorizedCidrs: CIDRS }; // [cidrs]
    const pools = obj(s["nodePools"]);
    obj(pools["general"])["maxPods"] = 200; // [maxPods]
    pools["bigcpu"] = { ...obj(pools["bigcpu"]), shape: { vCpu: 32, memoryGiB: 128 } }; // [oversize]
    s["kubernetesVersion"] = "1.36"; // [k8s]
    s["environment"] = "staging"; // [staging]
    return s;
}
