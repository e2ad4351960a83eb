import { beforeAll, describe, expect, it } from "vitest";
import { MOCK_ACCOUNT_ID, MOCK_CA_PEM, MOCK_ENDPOINT, mockAsgName, mockKeyArn } from "../../../components/clouds/aws/planMocks";
import { run, stackSpec, type Recorded, type RecordedResource } from "../../support/mocks";

const T = {
    provider: "pulumi:providers:aws",
    k8sProvider: "pulumi:providers:kubernetes",
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    nat: "aws:ec2/natGateway:NatGateway",
    eip: "aws:ec2/eip:Eip",
    routeTable: "aws:ec2/routeTable:RouteTable",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    key: "aws:kms/key:Key",
    alias: "aws:kms/alias:Alias",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    cluster: "aws:eks/cluster:Cluster",
    accessEntry: "aws:eks/accessEntry:AccessEntry",
    accessPolicy: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
    nodeGroup: "aws:eks/nodeGroup:NodeGroup",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    asgTag: "aws:autoscaling/tag:Tag",
    addon: "aws:eks/addon:Addon",
    podIdentity: "aws:eks/podIdentityAssociation:PodIdentityAssociation",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    release: "kubernetes:helm.sh/v3:Release",
} as const;

const POOLS = ["system", "general", "bigcpu", "gpu", "kafka", "cassandra"];
const ADMIN = "arn:aws:iam::111122223333:role/platform-admins";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v ?? {}) as Obj;
const json = (v: unknown): Obj => (typeof v === "string" ? (JSON.parse(v) as Obj) : obj(v));
const statements = (doc: unknown): Obj[] => json(doc)["Statement"] as Obj[];
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

function providerOf(x: RecordedResource): string | undefined {
    return x.provider?.split("::").slice(0, -1).join("::");
}

describe.each([{ env: "dev" }, { env: "prod" }])("EKS adapter, aws-$env stack", ({ env }) => {
    const prod = env === "prod";
    const name = `tristack-${env}`;
    const zones = prod ? ["us-east-1a", "us-east-1b", "us-east-1c"] : ["us-east-1a", "us-east-1b"];
    const keyArn = mockKeyArn(name);
    const tags = { owner: "data-platform", "cost-center": "cc-4711", env, "tristack.io/stack": `aws-${env}` };
    let r: Recorded;
    /** Data pools are zonal per rack: a node group per zone (named `<pool>-<zone>`); the others span every zone. */
    const DATA = ["kafka", "cassandra"];
    const groupsOf = (p: string) => (DATA.includes(p) ? zones.map((z) => r.one(T.nodeGroup, `${name}-${p}-${z}`)) : [r.one(T.nodeGroup, `${name}-${p}`)]);
    const pool = (p: string) => groupsOf(p)[0]!;
    const template = (p: string) => r.one(T.launchTemplate, `${name}-${p}`);
    const addon = (a: string) => r.one(T.addon, `${name}-${a}`);
    const attachedTo = (role: string) =>
        r
            .ofType(T.attachment)
            .filter((a) => a.inputs["role"] === role)
            .map((a) => String(a.inputs["policyArn"]))
            .sort();

    beforeAll(async () => {
        r = await run(stackSpec(`aws-${env}`), { stack: `aws-${env}` });
    });

    describe("provider and tags", () => {
        it("creates one aws provider with the spec's region and the cost tags plus the stack as default tags", () => {
            const p = r.one(T.provider, name);
            expect(p.inputs["region"]).toBe("us-east-1");
            expect(json(p.inputs["defaultTags"])).toEqual({ tags });
        });

        it("passes that provider to every AWS resource", () => {
            const urn = r.one(T.provider, name).urn;
            const awsResources = r.resources.filter((x) => x.custom && x.type.startsWith("aws:"));
            expect(awsResources.length).toBeGreaterThan(50);
            for (const x of awsResources) expect(providerOf(x), `${x.type} ${x.name}`).toBe(urn);
        });

        it("creates one kubernetes provider named after the component, used by the autoscaler release", () => {
            const k = r.one(T.k8sProvider, name);
            // Provider inputs travel as strings.
            expect(k.inputs["enableServerSideApply"]).toBe("true");
            expect(providerOf(r.one(T.release, `${name}-autoscaler`))).toBe(k.urn);
        });
    });

    describe("network", () => {
        it("creates a VPC with DNS from the spec's CIDR", () => {
            const vpc = r.one(T.vpc, name);
            expect(vpc.inputs).toMatchObject({ cidrBlock: "10.0.0.0/16", enableDnsHostnames: true, enableDnsSupport: true });
        });

        it("creates one private /19 subnet per zone for nodes, tagged for internal load balancers", () => {
            const priv = r.ofType(T.subnet).filter((s) => s.name.startsWith(`${name}-private-`));
            expect(priv.map((s) => s.inputs["availabilityZone"])).toEqual(zones);
            expect(priv.map((s) => s.inputs["cidrBlock"])).toEqual(["10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"].slice(0, zones.length));
            for (const s of priv) {
                expect(s.inputs["mapPublicIpOnLaunch"]).toBe(false);
                expect(obj(s.inputs["tags"])["kubernetes.io/role/internal-elb"]).toBe("1");
            }
        });

        it("creates one public /24 subnet per zone for NAT and internet-facing load balancers only", () => {
            const pub = r.ofType(T.subnet).filter((s) => s.name.startsWith(`${name}-public-`));
            expect(pub.map((s) => s.inputs["cidrBlock"])).toEqual(["10.0.224.0/24", "10.0.225.0/24", "10.0.226.0/24"].slice(0, zones.length));
            for (const s of pub) {
                expect(s.inputs["mapPublicIpOnLaunch"]).toBe(false);
                expect(obj(s.inputs["tags"])["kubernetes.io/role/elb"]).toBe("1");
            }
            expect(r.ofType(T.subnet)).toHaveLength(zones.length * 2);
        });

        it(prod ? "runs one NAT gateway per zone and routes each private subnet through its own zone's NAT" : "runs a single NAT gateway that every private subnet routes through", () => {
            const nats = r.ofType(T.nat);
            expect(nats.map((n) => n.name)).toEqual((prod ? zones : zones.slice(0, 1)).map((z) => `${name}-${z}`));
            expect(r.ofType(T.eip)).toHaveLength(nats.length);
            for (const [i, z] of zones.entries()) {
                const routes = r.one(T.routeTable, `${name}-private-${z}`).inputs["routes"];
                expect(routes).toEqual([{ cidrBlock: "0.0.0.0/0", natGatewayId: `${prod ? nats[i]!.name : nats[0]!.name}-id` }]);
            }
        });

        it("adds an S3 gateway endpoint on the private route tables", () => {
            const e = r.one(T.endpoint, `${name}-s3`);
            expect(e.inputs).toMatchObject({ serviceName: "com.amazonaws.us-east-1.s3", vpcEndpointType: "Gateway" });
            expect(e.inputs["routeTableIds"]).toEqual(zones.map((z) => `${name}-private-${z}-id`));
        });

        // Issue 22: allow-https-egress excludes the VPC on EKS (pods take VPC addresses), so an interface
        // endpoint's ENIs would be unreachable from pods; a gateway endpoint is reached by route, at S3's
        // public prefixes, which the policy allows. docs/reference/connectivity.md.
        it("creates no interface VPC endpoint (its VPC-range ENIs would need their own NetworkPolicy)", () => {
            for (const e of r.ofType(T.endpoint)) expect(e.inputs["vpcEndpointType"], e.name).toBe("Gateway");
        });
    });

    describe("KMS key and logs", () => {
        it(`creates one customer key with rotation and a ${prod ? 30 : 7}-day deletion window, and an alias`, () => {
            const k = r.one(T.key, name);
            expect(k.inputs).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: prod ? 30 : 7, keyUsage: "ENCRYPT_DECRYPT" });
            expect(r.one(T.alias, name).inputs["name"]).toBe(`alias/${name}`);
        });

        it("writes a key policy without an unconditioned wildcard principal", () => {
            const s = statements(r.one(T.key, name).inputs["policy"]);
            expect(s.map((x) => x["Sid"])).toEqual(["AccountAdministersThroughIam", "EbsThroughEc2ForThisAccount", "ControlPlaneLogs"]);
            expect(obj(s[0]!["Principal"])["AWS"]).toBe(`arn:aws:iam::${MOCK_ACCOUNT_ID}:root`);
            // EBS through EC2 for exactly the Auto Scaling service-linked role, the node role and the EBS CSI role.
            expect(s[1]!["Condition"]).toEqual({
                StringEquals: { "kms:CallerAccount": MOCK_ACCOUNT_ID, "kms:ViaService": "ec2.us-east-1.amazonaws.com" },
                ArnLike: {
                    "aws:PrincipalArn": [
                        `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
                        `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${name}-nodes-*`,
                        `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${name}-ebs-csi-*`,
                    ],
                },
            });
        });

        it("creates the control-plane log group itself, encrypted, with retention", () => {
            const g = r.one(T.logGroup, name);
            expect(g.inputs).toEqual({ name: `/aws/eks/${name}/cluster`, retentionInDays: prod ? 365 : 30, kmsKeyId: keyArn });
        });
    });

    describe("control plane", () => {
        it("creates the cluster at the spec's version in the private subnets, without self-managed add-ons", () => {
            const c = r.one(T.cluster, name);
            expect(c.inputs).toMatchObject({ name, version: "1.35", roleArn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${name}-cluster`, bootstrapSelfManagedAddons: false });
            expect(c.inputs["upgradePolicy"]).toEqual({ supportType: prod ? "EXTENDED" : "STANDARD" });
            expect(obj(c.inputs["vpcConfig"])["subnetIds"]).toEqual(zones.map((z) => `${name}-private-${z}-id`));
            expect(c.inputs["kubernetesNetworkConfig"]).toEqual({ ipFamily: "ipv4", serviceIpv4Cidr: "172.20.0.0/16" });
            expect(c.dependencies).toContain(r.one(T.logGroup, name).urn);
        });

        it("envelope-encrypts secrets with the stack key", () => {
            expect(r.one(T.cluster, name).inputs["encryptionConfig"]).toEqual({ provider: { keyArn }, resources: ["secrets"] });
        });

        it("ships all five control-plane log types", () => {
            expect(r.one(T.cluster, name).inputs["enabledClusterLogTypes"]).toEqual(["api", "audit", "authenticator", "controllerManager", "scheduler"]);
        });

        it(prod ? "limits the public endpoint to the runners' egress CIDRs" : "opens the public endpoint to everyone only on the explicit openToInternet opt-in", () => {
            const vpc = obj(r.one(T.cluster, name).inputs["vpcConfig"]);
            expect(vpc["endpointPrivateAccess"]).toBe(true);
            expect(vpc["endpointPublicAccess"]).toBe(true);
            expect(vpc["publicAccessCidrs"]).toEqual(prod ? ["198.51.100.16/28"] : ["0.0.0.0/0"]);
        });

        it("authenticates through access entries only, with no implicit admin for the creator", () => {
            expect(r.one(T.cluster, name).inputs["accessConfig"]).toEqual({ authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false });
        });

        it("gives each admin role an access entry with the cluster admin policy at cluster scope", () => {
            expect(r.one(T.accessEntry, `${name}-admin-0`).inputs).toMatchObject({ clusterName: name, principalArn: ADMIN, type: "STANDARD" });
            expect(r.one(T.accessPolicy, `${name}-admin-0`).inputs).toMatchObject({
                clusterName: name,
                principalArn: ADMIN,
                policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                accessScope: { type: "cluster" },
            });
        });

        it("gives the control-plane role only the cluster policy plus use of the key", () => {
            const role = r.one(T.role, `${name}-cluster`);
            expect(statements(role.inputs["assumeRolePolicy"])).toEqual([{ Effect: "Allow", Principal: { Service: "eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }]);
            expect(attachedTo(`${name}-cluster`)).toEqual(["arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"]);
            expect(statements(r.one(T.rolePolicy, `${name}-cluster-kms`).inputs["policy"])).toEqual([
                { Sid: "SecretsEnvelopeEncryption", Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"], Resource: keyArn },
            ]);
        });
    });

    describe("node groups", () => {
        it("creates one launch template per spec pool, one node group per pool and, for data pools, per zone", () => {
            expect(r.ofType(T.nodeGroup).map((n) => n.name).sort()).toEqual(POOLS.flatMap((p) => (DATA.includes(p) ? zones.map((z) => `${name}-${p}-${z}`) : [`${name}-${p}`])).sort());
            expect(r.ofType(T.launchTemplate).map((n) => n.name).sort()).toEqual(POOLS.map((p) => `${name}-${p}`).sort());
        });

        it("puts each data pool's zone group in that zone's subnet only, spreads the other pools over all zones", () => {
            for (const p of DATA) groupsOf(p).forEach((ng, i) => expect(ng.inputs["subnetIds"]).toEqual([`${name}-private-${zones[i]}-id`]));
            for (const p of POOLS.filter((x) => !DATA.includes(x))) expect(pool(p).inputs["subnetIds"]).toEqual(zones.map((z) => `${name}-private-${z}-id`));
        });

        it("gives every node group the node role and its pool's launch template", () => {
            for (const p of POOLS) {
                const ng = pool(p);
                expect(ng.inputs["version"]).toBe("1.35");
                expect(ng.inputs["nodeRoleArn"]).toBe(`arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${name}-nodes`);
                expect(ng.inputs["launchTemplate"]).toEqual({ id: `${name}-${p}-id`, version: "1" });
                expect(ng.inputs["remoteAccess"]).toBeUndefined();
                expect(ng.inputs["diskSize"]).toBeUndefined();
                expect(ng.inputs["updateConfig"]).toEqual({ maxUnavailable: 1 });
                expect(ng.ignoreChanges).toEqual(["scalingConfig.desiredSize"]);
            }
        });

        it("puts exactly the contract labels on every pool", () => {
            const roles: Record<string, string> = { system: "system", general: "general", bigcpu: "large-core", gpu: "gpu", kafka: "data", cassandra: "data" };
            for (const p of POOLS.filter((x) => x !== "gpu")) expect(pool(p).inputs["labels"]).toEqual({ "tristack.io/pool": p, "tristack.io/role": roles[p] });
            // The Cluster Autoscaler's GPU label, so a GPU node whose device plugin is still starting is not mistaken for a missing node.
            expect(pool("gpu").inputs["labels"]).toEqual({ "tristack.io/pool": "gpu", "tristack.io/role": "gpu", "k8s.amazonaws.com/accelerator": prod ? "nvidia-a100-80gb" : "nvidia-tesla-t4" });
        });

        it("writes the contract taints in the EKS format, the system taint included", () => {
            const taints = (p: string) => pool(p).inputs["taints"];
            expect(taints("gpu")).toEqual([{ key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" }]);
            expect(taints("kafka")).toEqual([{ key: "tristack.io/role", value: "data", effect: "NO_SCHEDULE" }]);
            expect(taints("cassandra")).toEqual([{ key: "tristack.io/role", value: "data", effect: "NO_SCHEDULE" }]);
            expect(taints("system")).toEqual([{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]);
            expect(taints("general")).toEqual([]);
            expect(taints("bigcpu")).toEqual([]);
        });

        it("reports the same taints in Kubernetes terms on the pool handles", () => {
            const pools = r.outputs["pools"] as Record<string, { taints: unknown }>;
            expect(pools["system"]!.taints).toEqual([{ key: "CriticalAddonsOnly", value: "true", effect: "NoSchedule" }]);
            expect(pools["gpu"]!.taints).toEqual([{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }]);
        });

        it("uses the AL2023 standard AMI, and the NVIDIA AMI for the GPU pool", () => {
            for (const p of POOLS) expect(pool(p).inputs["amiType"]).toBe(p === "gpu" ? "AL2023_x86_64_NVIDIA" : "AL2023_x86_64_STANDARD");
        });

        it("resolves the catalog types and the purchasing option", () => {
            const types = Object.fromEntries(POOLS.map((p) => [p, [pool(p).inputs["instanceTypes"], pool(p).inputs["capacityType"]]]));
            expect(types).toEqual({
                system: [["m7i.xlarge"], "ON_DEMAND"],
                general: [["m7i.2xlarge"], "ON_DEMAND"],
                bigcpu: [["m6id.16xlarge"], prod ? "ON_DEMAND" : "SPOT"],
                gpu: [[prod ? "p4de.24xlarge" : "g4dn.xlarge"], prod ? "ON_DEMAND" : "SPOT"],
                kafka: [["m7i.4xlarge"], "ON_DEMAND"],
                cassandra: [["r7i.4xlarge"], "ON_DEMAND"],
            });
        });

        it("sets the spec's scaling bounds, the GPU pool down to zero", () => {
            const bounds = prod
                ? { system: [3, 6], general: [3, 12], bigcpu: [2, 20], gpu: [0, 4], kafka: [3, 6], cassandra: [3, 6] }
                : { system: [1, 3], general: [1, 4], bigcpu: [1, 4], gpu: [0, 2], kafka: [1, 2], cassandra: [2, 3] };
            for (const [p, [min, max]] of Object.entries(bounds)) if (!DATA.includes(p)) expect(pool(p).inputs["scalingConfig"]).toEqual({ minSize: min, maxSize: max, desiredSize: min });
            // Data pools: the bounds split over the zones, the remainder to the first zones.
            const perZone = prod
                ? { kafka: [[1, 2], [1, 2], [1, 2]], cassandra: [[1, 2], [1, 2], [1, 2]] }
                : { kafka: [[1, 1], [0, 1]], cassandra: [[1, 2], [1, 1]] };
            for (const [p, racks] of Object.entries(perZone)) expect(groupsOf(p).map((g) => obj(g.inputs["scalingConfig"])).map((c) => [c["minSize"], c["maxSize"]])).toEqual(racks);
        });

        it("requires IMDSv2 with one hop and encrypts a gp3 root volume of the pool's size with the stack key", () => {
            for (const p of POOLS) {
                const lt = template(p);
                expect(lt.inputs["metadataOptions"]).toEqual({ httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" });
                const size = prod && (p === "kafka" || p === "cassandra") ? 200 : 100;
                expect(lt.inputs["blockDeviceMappings"]).toEqual([
                    { deviceName: "/dev/xvda", ebs: { volumeSize: size, volumeType: "gp3", encrypted: "true", kmsKeyId: keyArn, deleteOnTermination: "true" } },
                ]);
                expect(lt.inputs["imageId"]).toBeUndefined();
                expect(lt.inputs["keyName"]).toBeUndefined();
            }
        });

        it("tags instances, volumes and network interfaces with the cost tags at launch", () => {
            for (const p of POOLS) {
                const specs = template(p).inputs["tagSpecifications"] as Obj[];
                expect(specs.map((s) => s["resourceType"])).toEqual(["instance", "volume", "network-interface"]);
                for (const s of specs) expect(s["tags"]).toEqual({ ...tags, Name: `${name}-${p}`, "tristack.io/pool": p });
            }
        });

        it("configures max pods and kube-reserved through nodeadm, and a RAID-0 of the local NVMe only for the pool that asked", () => {
            for (const p of POOLS) {
                const data = Buffer.from(String(template(p).inputs["userData"]), "base64").toString("utf8");
                expect(data).toContain("Content-Type: application/node.eks.aws");
                expect(data).toContain("kind: NodeConfig");
                const big = p === "bigcpu" || (prod && p === "gpu");
                expect(data).toContain(big ? "      maxPods: 250\n      kubeReserved:\n" : "      maxPods: 110\n      kubeReserved:\n");
                expect(data).toContain(big ? "        memory: 3005Mi\n" : "        memory: 1465Mi\n");
                expect(data.includes("strategy: RAID0")).toBe(p === "bigcpu");
            }
        });

        it("tags the GPU pool and its Auto Scaling group with node templates so it scales from zero", () => {
            const expected = {
                "k8s.io/cluster-autoscaler/node-template/label/tristack.io/pool": "gpu",
                "k8s.io/cluster-autoscaler/node-template/label/tristack.io/role": "gpu",
                "k8s.io/cluster-autoscaler/node-template/label/k8s.amazonaws.com/accelerator": prod ? "nvidia-a100-80gb" : "nvidia-tesla-t4",
                "k8s.io/cluster-autoscaler/node-template/taint/nvidia.com/gpu": "present:NoSchedule",
                "k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu": prod ? "8" : "1",
            };
            expect(pool("gpu").inputs["tags"]).toEqual({ Name: `${name}-gpu`, ...expected });
            const asgTags = r.ofType(T.asgTag).filter((t) => t.inputs["autoscalingGroupName"] === mockAsgName(`${name}-gpu`));
            expect(asgTags).toHaveLength(5);
            expect(Object.fromEntries(asgTags.map((t) => [obj(t.inputs["tag"])["key"], obj(t.inputs["tag"])["value"]]))).toEqual(expected);
            for (const p of POOLS.filter((x) => x !== "gpu" && !DATA.includes(x))) expect(pool(p).inputs["tags"]).toEqual({ Name: `${name}-${p}` });
            // A data zone that starts at zero (dev kafka's second zone) gets its own template tags.
            const zeroZones = DATA.flatMap((p) => groupsOf(p)).filter((g) => obj(g.inputs["scalingConfig"])["minSize"] === 0);
            expect(zeroZones.map((g) => g.name)).toEqual(prod ? [] : [`${name}-kafka-${zones[1]}`]);
            for (const g of zeroZones) expect(obj(g.inputs["tags"])["k8s.io/cluster-autoscaler/node-template/taint/tristack.io/role"]).toBe("data:NoSchedule");
        });

        it("gives the node role only the worker, image-pull and CNI policies", () => {
            expect(statements(r.one(T.role, `${name}-nodes`).inputs["assumeRolePolicy"])).toEqual([{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: ["sts:AssumeRole"] }]);
            expect(attachedTo(`${name}-nodes`)).toEqual([
                "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
                "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
                "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
            ]);
            expect(r.ofType(T.rolePolicy).filter((p) => p.inputs["role"] === `${name}-nodes`)).toEqual([]);
        });
    });

    describe("add-ons", () => {
        it("installs exactly the five EKS add-ons at the pinned versions", () => {
            const addons = Object.fromEntries(r.ofType(T.addon).map((a) => [a.inputs["addonName"], a.inputs["addonVersion"]]));
            expect(addons).toEqual({
                "vpc-cni": "v1.22.4-eksbuild.3",
                "kube-proxy": "v1.35.0-eksbuild.2",
                "eks-pod-identity-agent": "v1.3.10-eksbuild.3",
                coredns: "v1.13.2-eksbuild.1",
                "aws-ebs-csi-driver": "v1.63.1-eksbuild.1",
            });
            for (const a of r.ofType(T.addon)) expect(a.inputs).toMatchObject({ clusterName: name, resolveConflictsOnCreate: "OVERWRITE", resolveConflictsOnUpdate: "OVERWRITE" });
        });

        it("turns on network policy and prefix delegation in the VPC CNI", () => {
            expect(json(addon("vpc-cni").inputs["configurationValues"])).toEqual({ enableNetworkPolicy: "true", env: { ENABLE_PREFIX_DELEGATION: "true", WARM_PREFIX_TARGET: "1" } });
        });

        it("creates the node add-ons before the node groups and the CoreDNS/EBS CSI add-ons after them", () => {
            const nodeAddons = ["vpc-cni", "kube-proxy", "eks-pod-identity-agent"].map((a) => addon(a).urn);
            for (const p of POOLS) expect(pool(p).dependencies).toEqual(expect.arrayContaining(nodeAddons));
            for (const a of ["coredns", "aws-ebs-csi-driver"]) expect(addon(a).dependencies).toEqual(expect.arrayContaining(POOLS.map((p) => pool(p).urn)));
        });

        it("pins CoreDNS and the EBS CSI controller to the system nodes, tolerating the system taint, and tags persistent volumes", () => {
            const placement = { nodeSelector: { "tristack.io/role": "system" }, tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }] };
            expect(json(addon("coredns").inputs["configurationValues"])).toEqual({ replicaCount: prod ? 3 : 2, ...placement });
            expect(json(addon("aws-ebs-csi-driver").inputs["configurationValues"])).toEqual({ controller: { ...placement, extraVolumeTags: tags }, node: { tolerateAllTaints: true } });
        });

        it("binds the EBS CSI controller's role through Pod Identity on the add-on", () => {
            expect(addon("aws-ebs-csi-driver").inputs["podIdentityAssociations"]).toEqual([{ roleArn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${name}-ebs-csi`, serviceAccount: "ebs-csi-controller-sa" }]);
            expect(attachedTo(`${name}-ebs-csi`)).toEqual(["arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"]);
            expect(statements(r.one(T.role, `${name}-ebs-csi`).inputs["assumeRolePolicy"])).toEqual([
                {
                    Sid: "EksPodIdentity",
                    Effect: "Allow",
                    Principal: { Service: "pods.eks.amazonaws.com" },
                    Action: ["sts:AssumeRole", "sts:TagSession"],
                    Condition: { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID }, ArnEquals: { "aws:SourceArn": `arn:aws:eks:us-east-1:${MOCK_ACCOUNT_ID}:cluster/${name}` } },
                },
            ]);
        });

        it("installs the pinned Cluster Autoscaler chart with auto-discovery, zone balancing and the matching image, on the system nodes", () => {
            const rel = r.one(T.release, `${name}-autoscaler`);
            expect(rel.inputs).toMatchObject({ chart: "cluster-autoscaler", version: "9.59.0", namespace: "kube-system", repositoryOpts: { repo: "https://kubernetes.github.io/autoscaler" } });
            const values = obj(rel.inputs["values"]);
            expect(values).toMatchObject({ cloudProvider: "aws", awsRegion: "us-east-1", autoDiscovery: { clusterName: name }, image: { tag: "v1.35.1" } });
            expect(obj(values["extraArgs"])["balance-similar-node-groups"]).toBe(true);
            expect(values["nodeSelector"]).toEqual({ "tristack.io/role": "system" });
            expect(values["tolerations"]).toEqual([{ key: "CriticalAddonsOnly", operator: "Exists" }]);
            expect(rel.dependencies).toEqual(expect.arrayContaining(POOLS.flatMap((p) => groupsOf(p)).map((g) => g.urn)));
        });

        it("binds the autoscaler's service account to its role through Pod Identity, scaling only this cluster's groups", () => {
            expect(r.one(T.podIdentity, `${name}-autoscaler`).inputs).toEqual({ clusterName: name, namespace: "kube-system", serviceAccount: "cluster-autoscaler", roleArn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${name}-autoscaler` });
            const s = statements(r.one(T.rolePolicy, `${name}-autoscaler`).inputs["policy"]);
            expect(s[0]).toEqual({
                Sid: "ScaleOwnGroupsOnly",
                Effect: "Allow",
                Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
                Resource: "*",
                Condition: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${name}`]: "owned" } },
            });
            expect(s[2]).toEqual({ Sid: "DescribeOwnNodegroups", Effect: "Allow", Action: ["eks:DescribeNodegroup"], Resource: `arn:aws:eks:us-east-1:${MOCK_ACCOUNT_ID}:nodegroup/${name}/*` });
        });
    });

    describe("IAM hygiene", () => {
        it("never allows wildcard actions, nor writes on every resource without a condition", () => {
            const readOnly = /^[a-z0-9-]+:(Describe|Get|List)/;
            const policies = r.ofType(T.rolePolicy);
            expect(policies.length).toBeGreaterThanOrEqual(4);
            for (const p of policies) {
                for (const s of statements(p.inputs["policy"])) {
                    const actions = list(s["Action"]).map(String);
                    for (const a of actions) expect(a, p.name).not.toMatch(/\*/);
                    if (list(s["Resource"]).includes("*") && s["Condition"] === undefined) expect(actions.filter((a) => !readOnly.test(a)), p.name).toEqual([]);
                }
            }
        });

        it("attaches no admin or data-plane managed policy to any role", () => {
            for (const a of r.ofType(T.attachment)) expect(String(a.inputs["policyArn"])).not.toMatch(/AdministratorAccess|PowerUserAccess|IAMFullAccess|AmazonS3/);
        });
    });

    describe("bucket", () => {
        const bucketName = `${name}-${MOCK_ACCOUNT_ID}-us-east-1`;
        const bucketArn = `arn:aws:s3:::${bucketName}`;

        it(`creates the bucket named after the stack, account and region${prod ? ", without force-destroy" : ""}`, () => {
            expect(r.one("aws:s3/bucket:Bucket", `${name}-data`).inputs).toMatchObject({ bucket: bucketName, forceDestroy: !prod });
            expect(r.outputs["objectStore"]).toBe(bucketName);
        });

        it("encrypts with aws:kms, the stack key and a bucket key", () => {
            expect(r.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", `${name}-data-encryption`).inputs).toEqual({
                bucket: `${name}-data-id`,
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn }, bucketKeyEnabled: true }],
            });
        });

        it("turns versioning on, blocks all public access and disables ACLs", () => {
            expect(r.one("aws:s3/bucketVersioning:BucketVersioning", `${name}-data-versioning`).inputs["versioningConfiguration"]).toEqual({ status: "Enabled" });
            expect(r.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", `${name}-data-public-access`).inputs).toEqual({
                bucket: `${name}-data-id`,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            });
            expect(r.one("aws:s3/bucketOwnershipControls:BucketOwnershipControls", `${name}-data-ownership`).inputs["rule"]).toEqual({ objectOwnership: "BucketOwnerEnforced" });
        });

        it("denies every request without TLS (and below TLS 1.2)", () => {
            const s = statements(r.one("aws:s3/bucketPolicy:BucketPolicy", `${name}-data-tls-only`).inputs["policy"]);
            expect(s).toEqual([
                { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucketArn, `${bucketArn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } },
                { Sid: "DenyTlsBelow12", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucketArn, `${bucketArn}/*`], Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } } },
            ]);
        });

        it("expires scratch prefixes, old versions and incomplete multipart uploads", () => {
            const rules = r.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", `${name}-data-lifecycle`).inputs["rules"] as Obj[];
            expect(rules.map((x) => [x["id"], x["status"], x["filter"]])).toEqual([
                ["expire-tmp", "Enabled", { prefix: "tmp/" }],
                ["expire-scratch", "Enabled", { prefix: "scratch/" }],
                ["old-versions-and-failed-uploads", "Enabled", {}],
            ]);
            expect(rules[0]!["expiration"]).toEqual({ days: 7 });
            expect(rules[2]!["abortIncompleteMultipartUpload"]).toEqual({ daysAfterInitiation: 1 });
            expect(rules[2]!["noncurrentVersionExpiration"]).toEqual({ noncurrentDays: 30 });
        });

        it(prod ? "retains every bucket side-car on delete" : "does not retain the bucket side-cars in dev", () => {
            const sidecars = r.resources.filter((x) => x.type.startsWith("aws:s3/") && x.type !== "aws:s3/bucket:Bucket");
            expect(sidecars).toHaveLength(6);
            for (const x of sidecars) expect([x.name, x.retainOnDelete]).toEqual([x.name, prod]);
        });

        it("binds Medusa's service account to the backup prefix only", () => {
            const medusa = r.ofType(T.podIdentity).filter((x) => x.inputs["namespace"] === "cassandra");
            expect(medusa).toHaveLength(1);
            const policy = r.one(T.rolePolicy, medusa[0]!.name);
            expect(statements(policy.inputs["policy"])[1]!["Resource"]).toMatch(new RegExp(`^${bucketArn}/[a-z0-9-]+/[a-z0-9-/]*\\*$`));
        });
    });

    describe("protection", () => {
        it(prod ? "protects and retains the cluster, the key and the bucket" : "leaves the cluster, the key and the bucket unprotected in dev", () => {
            for (const x of [r.one(T.cluster, name), r.one(T.key, name), r.one("aws:s3/bucket:Bucket", `${name}-data`)]) {
                expect([x.type, x.protect, x.retainOnDelete]).toEqual([x.type, prod, prod]);
            }
            expect(r.one(T.cluster, name).inputs["deletionProtection"]).toBe(prod);
        });
    });

    describe("kubeconfig", () => {
        it("builds the kubeconfig from the cluster outputs, getting tokens through `aws eks get-token`", () => {
            const kc = JSON.parse(String(r.outputs["kubeconfig"])) as { clusters: { cluster: Obj }[]; users: { user: { exec: Obj } }[]; "current-context": string };
            expect(kc.clusters[0]!.cluster).toEqual({ server: MOCK_ENDPOINT, "certificate-authority-data": Buffer.from(MOCK_CA_PEM).toString("base64") });
            expect(kc.users[0]!.user.exec).toMatchObject({ command: "aws", args: ["eks", "get-token", "--cluster-name", name, "--region", "us-east-1", "--output", "json"] });
            expect(kc["current-context"]).toBe(name);
            expect(r.one(T.k8sProvider, name).inputs["kubeconfig"]).toBe(r.outputs["kubeconfig"]);
        });
    });
});
