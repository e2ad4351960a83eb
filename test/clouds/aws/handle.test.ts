/**
 * The EKS handle as the layers below see it, with the adapter constructed directly under mocks
 * (so grantAccess/backupStorage are exercised whatever the data layer calls today).
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { AWS_PLAN_MOCKS, MOCK_ACCOUNT_ID, mockKeyArn } from "../../../components/clouds/aws/planMocks";
import type { ClusterHandle } from "../../../components/clouds/clusterHandle";
import { buildAdapter, settle, unwrap, type AdapterRun, type Created } from "../../support/adapterHarness";

type Obj = Record<string, unknown>;

const statements = (c: Created): Obj[] => (JSON.parse(String(c.inputs["policy"])) as { Statement: Obj[] }).Statement;

let dev: ClusterHandle;
let prod: ClusterHandle;
const bucket = (env: string) => `tristack-${env}-${MOCK_ACCOUNT_ID}-us-east-1`;

let run: AdapterRun;
const one = (type: string, name: string) => run.one(type, name);

beforeAll(async () => {
    run = await buildAdapter("aws", AWS_PLAN_MOCKS, async (spec) => {
        const { EksCluster } = await import("../../../components/clouds/aws/eksCluster");
        return new EksCluster(spec.name, { spec }).handle;
    });
    ({ dev, prod } = run);
});

describe("EKS handle", () => {
    it("asks EKS's cloud controller manager for internal NLBs", () => {
        expect(prod.internalLoadBalancer).toEqual({ serviceAnnotations: { "service.beta.kubernetes.io/aws-load-balancer-internal": "true", "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" } });
    });

    it("provisions storage through the EBS CSI driver: gp3 standard, 6000 IOPS / 500 MiB/s fast, both encrypted with the stack key", async () => {
        expect(dev.storage.provisioner).toBe("ebs.csi.aws.com");
        const tiers = await unwrap(pulumi.output(dev.storage.tiers));
        const enc = { encrypted: "true", kmsKeyId: mockKeyArn("tristack-dev") };
        expect(tiers).toEqual({ standard: { parameters: { type: "gp3", ...enc } }, fast: { parameters: { type: "gp3", iops: "6000", throughput: "500", ...enc } } });
        expect(dev.storage.cloudDefaultClasses).toEqual(["gp2"]);
        expect(dev.storage.allowVolumeExpansion).toBe(true);
    });

    it("leaves the device plugin to the platform layer (the NVIDIA AMI ships the driver)", () => {
        expect(dev.gpu).toEqual({ driverProvidedByCloud: true, devicePluginProvidedByCloud: false });
    });

    it("reports local NVMe scratch at nodeadm's RAID-0 mount for the pool that asked for it only", () => {
        expect(dev.pools["bigcpu"]!.localScratch).toEqual({ hostPath: "/mnt/k8s-disks/0", sizeGiB: 4 * 884 });
        for (const p of ["system", "general", "gpu", "kafka", "cassandra"]) expect(dev.pools[p]!.localScratch).toBeUndefined();
    });

    it("taints the system pool because the spec has general pools", () => {
        expect(prod.pools["system"]!.taints).toEqual([{ key: "CriticalAddonsOnly", value: "true", effect: "NoSchedule" }]);
    });

    it("names the zones of the spec and waits on node groups, add-ons and admin access", () => {
        expect(prod.zones).toEqual(["us-east-1a", "us-east-1b", "us-east-1c"]);
        // 10 node groups (system, general, bigcpu, gpu, and the two data pools one per zone), 5 add-ons,
        // the admin access association and the deployer's own access association.
        const ready = prod.readyResources.map((r) => (r as unknown as { __name: string }).__name).sort();
        expect(ready.filter((n) => n.includes("kafka") || n.includes("cassandra"))).toHaveLength(6);
        expect(prod.readyResources).toHaveLength(17);
    });

    it("gives each pool its own node groups and the node add-ons; CoreDNS and the EBS CSI driver only to pods that need them (issue 25)", () => {
        const names = (rs: readonly unknown[]) => rs.map((r) => (r as { __name: string }).__name).sort();
        const nodeAddons = ["tristack-prod-eks-pod-identity-agent", "tristack-prod-kube-proxy", "tristack-prod-vpc-cni"];
        const cassandra = names(prod.poolReady["cassandra"]!);
        expect(cassandra.filter((n) => !nodeAddons.includes(n) && !/-admin-\d+$|access|deployer/.test(n))).toEqual(["tristack-prod-cassandra-us-east-1a", "tristack-prod-cassandra-us-east-1b", "tristack-prod-cassandra-us-east-1c"]);
        for (const a of nodeAddons) expect(cassandra).toContain(a);
        for (const pool of Object.keys(prod.pools)) expect(names(prod.poolReady[pool]!).filter((n) => /coredns|ebs-csi/.test(n)), pool).toEqual([]);
        expect(names(prod.dnsReady)).toEqual(["tristack-prod-coredns"]);
        expect(names(prod.volumeReady)).toEqual(["tristack-prod-aws-ebs-csi-driver"]);
    });

    it("keeps the kubeconfig secret", () => {
        expect(pulumi.isSecret(dev.kubeconfig)).toBeTruthy();
    });

    it("names the bucket after the stack, account and region and gives s3a:// URIs", async () => {
        expect(await unwrap(dev.objectStore.bucketName)).toBe(bucket("dev"));
        expect(await unwrap(dev.objectStore.uri("events/"))).toBe(`s3a://${bucket("dev")}/events/`);
    });

    it("configures S3A for Pod Identity through the SDK v2 default chain, in the stack's region", () => {
        expect(dev.objectStore.sparkConf).toEqual({
            "spark.hadoop.fs.s3a.impl": "org.apache.hadoop.fs.s3a.S3AFileSystem",
            "spark.hadoop.fs.s3a.aws.credentials.provider": "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider",
            "spark.hadoop.fs.s3a.endpoint.region": "us-east-1",
        });
    });
});

describe("grantAccess", () => {
    it("binds exactly one service account through Pod Identity and needs no annotation or pod label", async () => {
        const access = dev.objectStore.grantAccess("tristack-dev-team-a", { namespace: "team-a", serviceAccount: "spark" }, "team-a/", {});
        await settle(access.resources);
        expect(access.serviceAccountAnnotations).toEqual({});
        expect(access.podLabels).toEqual({});
        expect(access.resources).toHaveLength(3);
        expect(one("aws:eks/podIdentityAssociation:PodIdentityAssociation", "tristack-dev-team-a").inputs).toEqual({
            clusterName: "tristack-dev",
            namespace: "team-a",
            serviceAccount: "spark",
            roleArn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/tristack-dev-team-a`,
        });
        const trust = JSON.parse(String(one("aws:iam/role:Role", "tristack-dev-team-a").inputs["assumeRolePolicy"])) as { Statement: Obj[] };
        expect(trust.Statement[0]).toMatchObject({ Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] });
    });

    it("scopes a prefixed grant to that folder of this bucket and the bucket key", () => {
        const arn = `arn:aws:s3:::${bucket("dev")}`;
        expect(statements(one("aws:iam/rolePolicy:RolePolicy", "tristack-dev-team-a"))).toEqual([
            { Sid: "ListPrefix", Effect: "Allow", Action: ["s3:ListBucket"], Resource: arn, Condition: { StringLike: { "s3:prefix": ["team-a/*"] } } },
            {
                Sid: "ObjectsUnderPrefix",
                Effect: "Allow",
                Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
                Resource: `${arn}/team-a/*`,
            },
            { Sid: "ParentDirectoryProbes", Effect: "Allow", Action: ["s3:GetObject"], Resource: [`${arn}/team-a`] },
            { Sid: "BucketKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: mockKeyArn("tristack-dev") },
        ]);
    });

    it("treats a prefix without a trailing slash as the same folder (never team-ab/)", async () => {
        const access = dev.objectStore.grantAccess("tristack-dev-team-b", { namespace: "team-b", serviceAccount: "spark" }, "team-b", {});
        await settle(access.resources);
        const s = statements(one("aws:iam/rolePolicy:RolePolicy", "tristack-dev-team-b"));
        expect(s[0]!["Condition"]).toEqual({ StringLike: { "s3:prefix": ["team-b/*"] } });
        expect(s[1]!["Resource"]).toBe(`arn:aws:s3:::${bucket("dev")}/team-b/*`);
    });

    it("grants the whole bucket, and only this bucket, without a prefix", async () => {
        const access = dev.objectStore.grantAccess("tristack-dev-spark", { namespace: "spark", serviceAccount: "spark" }, undefined, {});
        await settle(access.resources);
        const arn = `arn:aws:s3:::${bucket("dev")}`;
        const s = statements(one("aws:iam/rolePolicy:RolePolicy", "tristack-dev-spark"));
        expect(s.map((x) => [x["Sid"], x["Resource"], x["Condition"]])).toEqual([
            ["ListBucket", arn, undefined],
            ["Objects", `${arn}/*`, undefined],
            ["BucketKey", mockKeyArn("tristack-dev"), undefined],
        ]);
    });

    it.each(["", "/", "/abs", "a*b"])("rejects the prefix %j with an input error", (prefix) => {
        expect(() => dev.objectStore.grantAccess("tristack-dev-bad", { namespace: "x", serviceAccount: "y" }, prefix, {})).toThrow(pulumi.InputPropertiesError);
    });
});

describe("backupStorage", () => {
    it("gives Medusa role-based S3 storage in the stack's region, bound to its service account and scoped to the backup prefix", async () => {
        const b = prod.objectStore.backupStorage("tristack-prod-medusa", { namespace: "cassandra", serviceAccount: "medusa" }, "cassandra/", {});
        await settle(b.access?.resources ?? []);
        expect(b.storageProvider).toBe("s3");
        expect(b.credentialsType).toBe("role-based");
        expect(b.region).toBe("us-east-1");
        expect(b.credentialsFile).toBeUndefined();
        expect(await unwrap(b.bucketName)).toBe(bucket("prod"));
        expect(one("aws:eks/podIdentityAssociation:PodIdentityAssociation", "tristack-prod-medusa").inputs).toMatchObject({ namespace: "cassandra", serviceAccount: "medusa" });
        expect(statements(one("aws:iam/rolePolicy:RolePolicy", "tristack-prod-medusa"))[1]!["Resource"]).toBe(`arn:aws:s3:::${bucket("prod")}/cassandra/*`);
    });
});
