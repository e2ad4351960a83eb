import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { addonVersionsFor, autoscalerValues } from "../../../components/clouds/aws/addons";
import { EKS_AMI_TYPES } from "../../../components/clouds/aws/catalog";
import { endpointAccess } from "../../../components/clouds/aws/controlPlane";
import { renderKubeconfig } from "../../../components/clouds/aws/kubeconfig";
import { planSubnets, subnetCidr } from "../../../components/clouds/aws/network";
import { ancestors } from "../../../components/clouds/aws/objectStore";
import { amiTypeFor, eksTaints, nodeConfig, nodeLabels, nodeTemplateTags, userData } from "../../../components/clouds/aws/nodePools";
import { AWS_VERSIONS, EKS_KUBERNETES_VERSIONS, eksSupportType } from "../../../components/clouds/aws/versions";
import type { InstanceType } from "../../../components/clouds/catalogTypes";
import type { PoolHandle } from "../../../components/clouds/clusterHandle";
import { parsePlatformSpec } from "../../../components/spec";
import { ROOT, stackSpec } from "../../support/mocks";

const type = (over: Partial<InstanceType>): InstanceType => ({ name: "t", roles: ["general"], vCpu: 8, memoryGiB: 32, defaultMaxPods: 58, ...over });

function handle(over: Partial<PoolHandle>): PoolHandle {
    return {
        name: "p",
        role: "general",
        labels: { "tristack.io/pool": "p", "tristack.io/role": "general" },
        taints: [],
        instanceType: type({}),
        capacity: "on-demand",
        minNodes: 1,
        maxNodes: 2,
        allocatable: { cpuMillis: 7910, memoryMiB: 30000, capacityMemoryMiB: 31650, reservedCpuMillis: 90, reservedMemoryMiB: 1465, evictionMemoryMiB: 100, maxPods: 110 },
        daemonSetOverhead: { cpuMillis: 200, memoryMiB: 150 },
        ...over,
    };
}

describe("subnet plan", () => {
    it.each([
        ["10.0.0.0/16", 3, 0, "10.0.0.0/19"],
        ["10.0.0.0/16", 3, 5, "10.0.160.0/19"],
        ["10.0.0.0/16", 3, 7, "10.0.224.0/19"],
        ["10.0.224.0/19", 5, 2, "10.0.226.0/24"],
        ["172.16.0.0/12", 3, 1, "172.18.0.0/15"],
    ])("subnetCidr(%s, +%i, %i) = %s", (cidr, bits, index, expected) => {
        expect(subnetCidr(cidr, bits, index)).toBe(expected);
    });

    it("carves a private eighth per zone and a public /24 per zone from the last eighth of a /16", () => {
        expect(planSubnets("10.0.0.0/16", ["a", "b", "c"])).toEqual([
            { zone: "a", privateCidr: "10.0.0.0/19", publicCidr: "10.0.224.0/24" },
            { zone: "b", privateCidr: "10.0.32.0/19", publicCidr: "10.0.225.0/24" },
            { zone: "c", privateCidr: "10.0.64.0/19", publicCidr: "10.0.226.0/24" },
        ]);
    });

    it("never overlaps subnets, for any zone count up to six", () => {
        for (let n = 1; n <= 6; n++) {
            const cidrs = planSubnets("10.0.0.0/16", Array.from({ length: n }, (_, i) => `z${i}`)).flatMap((z) => [z.privateCidr, z.publicCidr]);
            const ranges = cidrs.map((c) => {
                const [ip = "", p = ""] = c.split("/");
                const start = ip.split(".").reduce((a, o) => a * 256 + Number(o), 0);
                return [start, start + 2 ** (32 - Number(p))] as const;
            });
            for (const [i, a] of ranges.entries()) for (const b of ranges.slice(i + 1)) expect(a[1] <= b[0] || b[1] <= a[0]).toBe(true);
        }
    });

    it("rejects a VPC narrower than /20 and more than six zones, listing both", () => {
        expect(() => planSubnets("10.0.0.0/24", ["a", "b", "c", "d", "e", "f", "g"])).toThrow(pulumi.InputPropertiesError);
        try {
            planSubnets("10.0.0.0/24", ["a", "b", "c", "d", "e", "f", "g"]);
        } catch (e) {
            expect((e as pulumi.InputPropertiesError).errors?.map((x) => x.propertyPath)).toEqual(["network.vpcCidr", "zones"]);
        }
    });
});

describe("node pools", () => {
    it.each([
        [{}, "AL2023_x86_64_STANDARD"],
        [{ gpu: { model: "L4", count: 1 } }, "AL2023_x86_64_NVIDIA"],
        [{ arch: "arm64" }, "AL2023_ARM_64_STANDARD"],
        [{ arch: "arm64", gpu: { model: "T4", count: 1 } }, "AL2023_ARM_64_NVIDIA"],
    ] as [Partial<InstanceType>, string][])("picks the AMI type for %j", (over, expected) => {
        expect(amiTypeFor(type(over))).toBe(expected);
    });

    it("maps every AMI type to an AL2023 variant", () => {
        expect(Object.values(EKS_AMI_TYPES).flatMap((v) => [v.standard, v.nvidia])).toEqual(["AL2023_x86_64_STANDARD", "AL2023_x86_64_NVIDIA", "AL2023_ARM_64_STANDARD", "AL2023_ARM_64_NVIDIA"]);
    });

    it("spells taint effects the EKS way", () => {
        expect(
            eksTaints([
                { key: "a", value: "1", effect: "NoSchedule" },
                { key: "b", value: "2", effect: "PreferNoSchedule" },
                { key: "c", value: "3", effect: "NoExecute" },
            ]),
        ).toEqual([
            { key: "a", value: "1", effect: "NO_SCHEDULE" },
            { key: "b", value: "2", effect: "PREFER_NO_SCHEDULE" },
            { key: "c", value: "3", effect: "NO_EXECUTE" },
        ]);
    });

    it("renders the NodeConfig with the model's max pods and kube-reserved, and RAID-0 local storage only with local scratch", () => {
        expect(nodeConfig(handle({}))).toBe(
            [
                "---",
                "apiVersion: node.eks.aws/v1alpha1",
                "kind: NodeConfig",
                "spec:",
                "  kubelet:",
                "    config:",
                "      maxPods: 110",
                "      kubeReserved:",
                "        cpu: 90m",
                "        memory: 1465Mi",
                "        ephemeral-storage: 1Gi",
                "",
            ].join("\n"),
        );
        expect(nodeConfig(handle({ localScratch: { hostPath: "/mnt/k8s-disks/0", sizeGiB: 441 } }))).toContain("  instance:\n    localStorage:\n      strategy: RAID0\n");
    });

    it("wraps the NodeConfig in a MIME multi-part document with the nodeadm content type", () => {
        const doc = userData(handle({}));
        expect(doc.startsWith('MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="TRISTACK"\n\n--TRISTACK\nContent-Type: application/node.eks.aws\n\n---\n')).toBe(true);
        expect(doc.endsWith("\n--TRISTACK--\n")).toBe(true);
    });

    it.each([
        ["T4", "nvidia-tesla-t4"],
        ["A100-80GB", "nvidia-a100-80gb"],
    ] as const)("labels %s nodes with the autoscaler's GPU label k8s.amazonaws.com/accelerator=%s, CPU nodes not", (model, value) => {
        expect(nodeLabels(handle({ instanceType: type({ gpu: { model, count: 1 } }) }))).toEqual({ "tristack.io/pool": "p", "tristack.io/role": "general", "k8s.amazonaws.com/accelerator": value });
        expect(nodeLabels(handle({}))).toEqual({ "tristack.io/pool": "p", "tristack.io/role": "general" });
    });

    it("describes a pool's labels, taints and GPUs in node-template tags", () => {
        const tags = nodeTemplateTags(
            handle({
                labels: { "tristack.io/pool": "gpu", "tristack.io/role": "gpu" },
                taints: [{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }],
                instanceType: type({ gpu: { model: "A100-80GB", count: 8 } }),
            }),
        );
        expect(tags).toEqual({
            "k8s.io/cluster-autoscaler/node-template/label/tristack.io/pool": "gpu",
            "k8s.io/cluster-autoscaler/node-template/label/tristack.io/role": "gpu",
            "k8s.io/cluster-autoscaler/node-template/label/k8s.amazonaws.com/accelerator": "nvidia-a100-80gb",
            "k8s.io/cluster-autoscaler/node-template/taint/nvidia.com/gpu": "present:NoSchedule",
            "k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu": "8",
        });
    });
});

describe("object store", () => {
    it.each([
        ["team-a", ["team-a"]],
        ["cassandra-backups/tristack-prod", ["cassandra-backups", "cassandra-backups/tristack-prod"]],
    ])("lists the parent directories S3A probes for %s", (folder, expected) => {
        expect(ancestors(folder)).toEqual(expected);
    });
});

describe("control plane", () => {
    it.each([
        [{ mode: "private", authorizedCidrs: ["10.1.0.0/16"] }, { endpointPrivateAccess: true, endpointPublicAccess: false }],
        [{ mode: "public", authorizedCidrs: ["203.0.113.0/24"] }, { endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] }],
        [{ mode: "public", openToInternet: true }, { endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] }],
    ])("maps apiAccess %j to the endpoint settings", (apiAccess, expected) => {
        const raw = stackSpec("aws-dev");
        const existingVpc = { vpcId: "vpc-0abc", privateSubnetIds: ["subnet-0a", "subnet-0b"] };
        const spec = parsePlatformSpec({ ...raw, apiAccess, aws: { ...(raw["aws"] as object), existingVpc } });
        expect(endpointAccess(spec)).toEqual(expected);
    });

    it("renders a kubeconfig with an exec plugin and no static credentials", () => {
        const kc = JSON.parse(renderKubeconfig({ clusterName: "c", region: "eu-west-1", endpoint: "https://x", caData: "Q0E=" })) as Record<string, unknown>;
        expect(kc["clusters"]).toEqual([{ name: "c", cluster: { server: "https://x", "certificate-authority-data": "Q0E=" } }]);
        const user = (kc["users"] as { user: Record<string, unknown> }[])[0]!.user;
        expect(Object.keys(user)).toEqual(["exec"]);
        expect(user["exec"]).toMatchObject({ apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token", "--cluster-name", "c", "--region", "eu-west-1", "--output", "json"] });
    });
});

describe("versions", () => {
    it.each(EKS_KUBERNETES_VERSIONS)("pins kube-proxy, CoreDNS and the autoscaler image for %s, each matching the minor where it must", (v) => {
        const pinned = addonVersionsFor(v);
        expect(pinned.kubeProxy.startsWith(`v${v}.`)).toBe(true);
        expect(pinned.autoscalerImage.startsWith(`v${v}.`)).toBe(true);
        expect(pinned.coreDns).toMatch(/^v1\.\d+\.\d+-eksbuild\.\d+$/);
    });

    it("puts a Renovate marker on the line above every pinned version", () => {
        const lines = readFileSync(path.join(ROOT, "components/clouds/aws/versions.ts"), "utf8").split("\n");
        const valueLines = lines.map((l, i) => [l, i] as const).filter(([l]) => /^\s+("?[\w.]+"?): "v?\d+\.\d+\.\d+[^"]*",$/.test(l));
        expect(valueLines).toHaveLength(3 + 2 + 2 + 1 + 2);
        for (const [line, i] of valueLines) expect(lines[i - 1], line).toMatch(/^\s+\/\/ renovate: datasource=(aws-eks-addon|helm|docker) depName=\S+/);
    });

    it("pins only minors in EKS standard support: not 1.33 (extended since 2026-07-29) nor 1.34 (since 2026-12-02)", () => {
        expect(EKS_KUBERNETES_VERSIONS).toEqual(["1.35", "1.36"]);
    });

    it.each([
        ["prod", "EXTENDED"],
        ["dev", "STANDARD"],
    ])("sets upgradePolicy.supportType explicitly for %s: %s", (env, supportType) => {
        expect(eksSupportType(env)).toBe(supportType);
    });

    it("gives the autoscaler this cluster's name, region and the system nodes", () => {
        const v = autoscalerValues("c", "eu-west-1", AWS_VERSIONS.clusterAutoscaler.image["1.35"]);
        expect(v).toMatchObject({ autoDiscovery: { clusterName: "c" }, awsRegion: "eu-west-1", image: { tag: "v1.35.1" }, nodeSelector: { "tristack.io/role": "system" } });
    });
});
