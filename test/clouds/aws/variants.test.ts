import { describe, expect, it } from "vitest";
import { adapterVariant } from "../../support/adapterHarness";
import { once, run, stackSpec, type Recorded } from "../../support/mocks";
import { ADMIN_ROLES, awsDevCombined, CIDRS, SUBNETS } from "./variantSpecs";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v ?? {}) as Obj;

function devSpec(patch: (spec: Obj) => void): Obj {
    const spec = stackSpec("aws-dev");
    patch(spec);
    return spec;
}

const NETWORK_TYPES = [
    "aws:ec2/vpc:Vpc",
    "aws:ec2/subnet:Subnet",
    "aws:ec2/natGateway:NatGateway",
    "aws:ec2/eip:Eip",
    "aws:ec2/internetGateway:InternetGateway",
    "aws:ec2/routeTable:RouteTable",
    "aws:ec2/routeTableAssociation:RouteTableAssociation",
    "aws:ec2/vpcEndpoint:VpcEndpoint",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
];


/** aws-dev with seven independent patches in one run (test/clouds/aws/variantSpecs.ts). */
const combined = once(() => run(awsDevCombined(), { stack: "aws-dev" }));

/**
 * aws-dev with two independent patches: [pools] only the system, GPU and data pools (no general or
 * large-core pool; Spark, and with it notebooks and scheduling, off), and [no-admins] no `aws` block (no
 * admin roles). One reads the system pool's taints, the other the access entries: both the EKS adapter's,
 * so the adapter alone is built, in-process (test/support/adapterHarness.ts).
 */
const reduced = once(() =>
    adapterVariant(
        devSpec((s) => {
            const pools = obj(s["nodePools"]);
            s["nodePools"] = { system: pools["system"], gpu: pools["gpu"], kafka: pools["kafka"], cassandra: pools["cassandra"] }; // [pools]
            s["spark"] = { enabled: false }; // [pools]
            // Notebooks and scheduling need Spark (the spec refuses them without it).
            s["notebooks"] = { enabled: false }; // [pools]
            s["scheduling"] = { enabled: false }; // [pools]
            delete s["aws"]; // [no-admins]
        }),
        "aws-dev",
    ),
);

const admins = (r: Recorded) =>
    r
        .ofType("aws:eks/accessEntry:AccessEntry")
        .filter((e) => e.name.includes("-admin-"))
        .map((e) => [e.name, e.inputs["principalArn"]])
        .sort();

describe("EKS adapter variants", () => {
    it("uses an existing VPC's subnets and creates no network resources", async () => {
        // [vpc]
        const r = await combined();
        expect(r.resources.filter((x) => NETWORK_TYPES.includes(x.type))).toEqual([]);
        expect(obj(r.one("aws:eks/cluster:Cluster").inputs["vpcConfig"])["subnetIds"]).toEqual(SUBNETS);
        for (const ng of r.ofType("aws:eks/nodeGroup:NodeGroup")) expect(ng.inputs["subnetIds"]).toEqual(SUBNETS);
    });

    it("limits the public endpoint to the spec's authorized CIDRs", async () => {
        // [cidrs]
        const r = await combined();
        expect(obj(r.one("aws:eks/cluster:Cluster").inputs["vpcConfig"])).toMatchObject({ endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: CIDRS });
    });

    it("keeps prod public access to the authorized CIDRs when prod does not ask for a private endpoint", async () => {
        // The committed aws-prod stack is this case (apiAccess mode public with authorized CIDRs); its
        // unchanged run is shared with other test files.
        const spec = stackSpec("aws-prod");
        expect(spec["apiAccess"]).toEqual({ mode: "public", authorizedCidrs: ["198.51.100.16/28"] });
        const r = await run(spec, { stack: "aws-prod" });
        expect(obj(r.one("aws:eks/cluster:Cluster").inputs["vpcConfig"])).toMatchObject({ endpointPublicAccess: true, publicAccessCidrs: ["198.51.100.16/28"] });
    });

    it("leaves the system pool untainted when no general or large-core pool could run everything else", async () => {
        // [pools]
        const r = await reduced();
        expect(r.one("aws:eks/nodeGroup:NodeGroup", "tristack-dev-system").inputs["taints"]).toEqual([]);
        // The handle's pools are what the program's `pools` output and the platform's placement read.
        expect(r.handle.pools["system"]!.taints).toEqual([]);
    });

    it("reserves kube-reserved memory for the larger of the spec's maxPods and the node group's in the NodeConfig", async () => {
        // [maxPods]
        const r = await combined();
        const data = (pool: string) => Buffer.from(String(r.one("aws:ec2/launchTemplate:LaunchTemplate", `tristack-dev-${pool}`).inputs["userData"]), "base64").toString("utf8");
        // m7i.2xlarge: the managed node group's kubelet runs 110 pods; the reservation covers 200.
        expect(data("general")).toContain("      maxPods: 110\n      kubeReserved:\n        cpu: 90m\n        memory: 2455Mi\n");
        expect(data("system")).toContain("      maxPods: 110\n      kubeReserved:\n        cpu: 80m\n        memory: 1465Mi\n");
    });

    it("creates one access entry per admin role, and none without admin roles", async () => {
        // [admins]: admin entries only; the stack's tenant roles get their own (test/clouds/aws/tenantAccess.test.ts).
        expect(admins(await combined())).toEqual(ADMIN_ROLES.map((arn, i) => [`tristack-dev-admin-${i}`, arn]));
        // [no-admins]
        const none = await reduced();
        expect(admins(none)).toEqual([]);
        // Only the deployer's own cluster-admin association remains (issue 16: the program creates the
        // deployer's Kubernetes rights instead of assuming them).
        expect(none.ofType("aws:eks/accessPolicyAssociation:AccessPolicyAssociation").map((a) => a.name)).toEqual(["tristack-dev-deployer"]);
    });

    it("pins the Kubernetes-minor-bound add-ons for another supported version", async () => {
        // [k8s]
        const r = await combined();
        const versions = Object.fromEntries(r.ofType("aws:eks/addon:Addon").map((a) => [a.inputs["addonName"], a.inputs["addonVersion"]]));
        expect([versions["kube-proxy"], versions["coredns"]]).toEqual(["v1.36.0-eksbuild.21", "v1.14.3-eksbuild.16"]);
        expect(obj(obj(r.one("kubernetes:helm.sh/v3:Release", "tristack-dev-autoscaler").inputs["values"])["image"])["tag"]).toBe("v1.36.1");
    });

    it("is a staging stack: each Namespace the platform and data layers make carries the spec's environment", async () => {
        // [staging]
        const namespaces = (await combined()).k8s("v1", "Namespace");
        expect(namespaces.length).toBeGreaterThan(3);
        for (const n of namespaces) expect(obj(obj(n.inputs["metadata"])["labels"])["tristack.io/environment"], n.name).toBe("staging");
    });

    it("refuses a Kubernetes version without pinned add-ons, naming the supported ones, before registering anything", async () => {
        const spec = devSpec((s) => {
            s["kubernetesVersion"] = "1.33";
        });
        const registered: string[] = [];
        const err = (await run(spec, { stack: "aws-dev", onResource: (r) => registered.push(r.type) }).catch((e: unknown) => e)) as Error;
        // What `pulumi up` prints: the refusal with its key path, and no stack trace.
        expect(err.message).toContain("  - kubernetesVersion: EKS add-ons are pinned for 1.35, 1.36 (components/clouds/aws/versions.ts); got 1.33");
        expect(err.message).not.toMatch(/\n\s+at /);
        expect(registered).toEqual([]);
    });
});
