import { beforeAll, describe, expect, it } from "vitest";
import { MOCK_PROJECT_NUMBER } from "../../../components/clouds/gcp/planMocks";
import { run, stackSpec, type Recorded, type RecordedResource } from "../../support/mocks";

const T = {
    provider: "pulumi:providers:gcp",
    cluster: "gcp:container/cluster:Cluster",
    nodePool: "gcp:container/nodePool:NodePool",
    account: "gcp:serviceaccount/account:Account",
    projectMember: "gcp:projects/iAMMember:IAMMember",
    keyRing: "gcp:kms/keyRing:KeyRing",
    cryptoKey: "gcp:kms/cryptoKey:CryptoKey",
    keyMember: "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember",
    bucket: "gcp:storage/bucket:Bucket",
    network: "gcp:compute/network:Network",
    subnetwork: "gcp:compute/subnetwork:Subnetwork",
    router: "gcp:compute/router:Router",
    nat: "gcp:compute/routerNat:RouterNat",
} as const;

// Google's predefined node role (CIS GKE) instead of logWriter + metricWriter + monitoring.viewer + resourceMetadata.writer.
const NODE_ROLES = ["roles/artifactregistry.reader", "roles/container.defaultNodeServiceAccount"];
const PRIMITIVE_ROLES = ["roles/owner", "roles/editor", "roles/viewer"];
const POOLS = ["system", "general", "bigcpu", "gpu", "kafka", "cassandra"];

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v ?? {}) as Obj;
const nodeConfig = (r: RecordedResource): Obj => obj(r.inputs["nodeConfig"]);

function pool(r: Recorded, env: string, name: string): RecordedResource {
    return r.one(T.nodePool, `tristack-${env}-${name}`);
}

describe.each([
    { env: "dev", project: "acme-data-dev" },
    { env: "prod", project: "acme-data-prod" },
])("GKE adapter, gcp-$env stack", ({ env, project }) => {
    const prod = env === "prod";
    let r: Recorded;
    beforeAll(async () => {
        r = await run(stackSpec(`gcp-${env}`), { stack: `gcp-${env}` });
    });

    it("creates one gcp provider with project, region and the cost labels plus the stack as default labels", () => {
        const p = r.one(T.provider, `tristack-${env}`);
        expect(p.inputs["project"]).toBe(project);
        expect(p.inputs["region"]).toBe("us-central1");
        const labels = typeof p.inputs["defaultLabels"] === "string" ? JSON.parse(p.inputs["defaultLabels"]) : p.inputs["defaultLabels"];
        expect(labels).toEqual({ owner: "data-platform", "cost-center": "cc-4711", env, "tristack-stack": `gcp-${env}` });
    });

    it("passes that provider to every GCP resource", () => {
        const urn = r.one(T.provider, `tristack-${env}`).urn;
        const gcpResources = r.resources.filter((x) => x.custom && x.type.startsWith("gcp:"));
        expect(gcpResources.length).toBeGreaterThan(20);
        for (const x of gcpResources) expect(x.provider?.split("::").slice(0, -1).join("::") ?? x.provider, `${x.type} ${x.name}`).toBe(urn);
    });

    it("gives the nodes a dedicated service account with exactly the five node roles and no primitive role", () => {
        const sa = r.one(T.account, `tristack-${env}-nodes`);
        expect(sa.inputs["accountId"]).toBe(`tristack-${env}-nodes`);
        const grants = r.ofType(T.projectMember).filter((g) => String(g.inputs["member"]).startsWith("serviceAccount:"));
        expect(grants.map((g) => g.inputs["role"]).sort()).toEqual(NODE_ROLES);
        for (const g of grants) {
            expect(g.inputs["member"]).toBe(`serviceAccount:tristack-${env}-nodes@${project}.iam.gserviceaccount.com`);
            expect(PRIMITIVE_ROLES).not.toContain(g.inputs["role"]);
        }
    });

    it("runs every node pool (and the removed default pool) as that account, never the Compute Engine default", () => {
        const email = `tristack-${env}-nodes@${project}.iam.gserviceaccount.com`;
        for (const np of r.ofType(T.nodePool)) {
            expect(nodeConfig(np)["serviceAccount"]).toBe(email);
            expect(String(nodeConfig(np)["serviceAccount"])).not.toMatch(/-compute@developer\.gserviceaccount\.com$/);
        }
        expect(obj(r.one(T.cluster).inputs["nodeConfig"])["serviceAccount"]).toBe(email);
    });

    it("creates one node pool per spec pool, in the spec's zones that offer its machine type", () => {
        expect(r.ofType(T.nodePool).map((n) => n.name).sort()).toEqual(POOLS.map((p) => `tristack-${env}-${p}`).sort());
        const zones = prod ? ["us-central1-a", "us-central1-b", "us-central1-c"] : ["us-central1-a", "us-central1-b"];
        for (const np of r.ofType(T.nodePool).filter((n) => !n.name.endsWith("-gpu"))) expect(np.inputs["nodeLocations"]).toEqual(zones);
        // a2-ultragpu-1g (A100 80GB) is not offered in us-central1-b (components/clouds/gcp/zoneOfferings.ts).
        expect(pool(r, env, "gpu").inputs["nodeLocations"]).toEqual(prod ? ["us-central1-a", "us-central1-c"] : zones);
    });

    it("hardens every node: COS containerd, shielded instance, GKE metadata server, auto repair/upgrade, surge upgrades, gVNIC, pd-balanced boot disk", () => {
        for (const np of r.ofType(T.nodePool)) {
            const c = nodeConfig(np);
            expect(c["imageType"]).toBe("COS_CONTAINERD");
            expect(c["shieldedInstanceConfig"]).toEqual({ enableSecureBoot: true, enableIntegrityMonitoring: true });
            expect(c["workloadMetadataConfig"]).toEqual({ mode: "GKE_METADATA" });
            expect(c["diskType"]).toBe("pd-balanced");
            expect(c["oauthScopes"]).toEqual(["https://www.googleapis.com/auth/cloud-platform"]);
            expect(c["gvnic"]).toEqual({ enabled: true });
            expect(np.inputs["management"]).toEqual({ autoRepair: true, autoUpgrade: true });
            // GPU pools upgrade in place: a surge node needs one more accelerator of quota.
            const gpu = np.name.endsWith("-gpu");
            expect(np.inputs["upgradeSettings"]).toEqual({ strategy: "SURGE", maxSurge: gpu ? 0 : 1, maxUnavailable: gpu ? 1 : 0 });
            expect(np.inputs["maxPodsPerNode"]).toBe(110);
            expect(np.ignoreChanges).toEqual(["initialNodeCount"]);
        }
    });

    it("puts the contract labels on the nodes and the cost labels on the VMs", () => {
        for (const name of POOLS) {
            const c = nodeConfig(pool(r, env, name));
            expect(c["labels"]).toEqual(expect.objectContaining({ "tristack.io/pool": name }));
            expect(Object.keys(obj(c["labels"])).sort()).toEqual(["tristack.io/pool", "tristack.io/role"]);
            expect(c["resourceLabels"]).toEqual({ owner: "data-platform", "cost-center": "cc-4711", env, "tristack-stack": `gcp-${env}`, "tristack-pool": name });
        }
        expect(nodeConfig(pool(r, env, "kafka"))["labels"]).toEqual({ "tristack.io/pool": "kafka", "tristack.io/role": "data" });
    });

    it("writes the contract taints in GKE's format", () => {
        const taints = (name: string) => nodeConfig(pool(r, env, name))["taints"];
        expect(taints("gpu")).toEqual([{ key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" }]);
        expect(taints("kafka")).toEqual([{ key: "tristack.io/role", value: "data", effect: "NO_SCHEDULE" }]);
        expect(taints("cassandra")).toEqual([{ key: "tristack.io/role", value: "data", effect: "NO_SCHEDULE" }]);
        expect(taints("system")).toEqual([{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]);
        expect(taints("general")).toEqual([]);
        expect(taints("bigcpu")).toEqual([]);
    });

    it("reports the same taints in Kubernetes terms on the pool handles", () => {
        const pools = r.outputs["pools"] as Record<string, { taints: unknown }>;
        expect(pools["system"]?.taints).toEqual([{ key: "CriticalAddonsOnly", value: "true", effect: "NoSchedule" }]);
        expect(pools["gpu"]?.taints).toEqual([{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }]);
        expect(pools["general"]?.taints).toEqual([]);
    });

    it("autoscales each pool on total node counts, BALANCED except spot and GPU pools (ANY), the GPU pool from zero", () => {
        const expected: Record<string, [number, number]> = prod
            ? { system: [3, 6], general: [3, 12], bigcpu: [2, 20], gpu: [0, 4], kafka: [3, 6], cassandra: [3, 6] }
            : { system: [1, 3], general: [1, 4], bigcpu: [1, 4], gpu: [0, 2], kafka: [1, 2], cassandra: [2, 3] };
        for (const [name, [min, max]] of Object.entries(expected)) {
            const any = name === "gpu" || (!prod && name === "bigcpu");
            expect(pool(r, env, name).inputs["autoscaling"], name).toEqual({ totalMinNodeCount: min, totalMaxNodeCount: max, locationPolicy: any ? "ANY" : "BALANCED" });
        }
        expect(pool(r, env, "gpu").inputs["initialNodeCount"]).toBe(0);
    });

    it("attaches the GPU of the spec's model with the matching machine family and GKE-installed drivers", () => {
        const c = nodeConfig(pool(r, env, "gpu"));
        const [machineType, accelerator] = prod ? ["a2-ultragpu-1g", "nvidia-a100-80gb"] : ["n1-standard-8", "nvidia-tesla-t4"];
        expect(c["machineType"]).toBe(machineType);
        expect(c["guestAccelerators"]).toEqual([{ type: accelerator, count: 1, gpuDriverInstallationConfig: { gpuDriverVersion: "LATEST" } }]);
        for (const name of POOLS.filter((p) => p !== "gpu")) expect(nodeConfig(pool(r, env, name))["guestAccelerators"]).toBeUndefined();
    });

    it("buys spot capacity only where the spec asks", () => {
        const spot = POOLS.filter((p) => nodeConfig(pool(r, env, p))["spot"] === true);
        expect(spot).toEqual(prod ? [] : ["bigcpu", "gpu"]);
    });

    it("backs ephemeral storage of the local-NVMe pool with the machine's local SSDs, and no other pool", () => {
        expect(nodeConfig(pool(r, env, "bigcpu"))["machineType"]).toBe("n2-standard-64");
        expect(nodeConfig(pool(r, env, "bigcpu"))["ephemeralStorageLocalSsdConfig"]).toEqual({ localSsdCount: 8 });
        for (const name of POOLS.filter((p) => p !== "bigcpu")) expect(nodeConfig(pool(r, env, name))["ephemeralStorageLocalSsdConfig"]).toBeUndefined();
    });

    it("sizes boot disks from the spec and encrypts them with our key in prod only", () => {
        expect(nodeConfig(pool(r, env, "kafka"))["diskSizeGb"]).toBe(prod ? 200 : 100);
        for (const np of r.ofType(T.nodePool)) expect(nodeConfig(np)["bootDiskKmsKey"]).toBe(prod ? "tristack-prod-disks-id" : undefined);
    });

    it(`places the control plane ${prod ? "regionally" : "in the first zone"}`, () => {
        expect(r.one(T.cluster).inputs["location"]).toBe(prod ? "us-central1" : "us-central1-a");
    });

    it("uses private nodes, a private IP endpoint reachable from the VPC and the IAM-gated DNS endpoint", () => {
        const c = r.one(T.cluster).inputs;
        expect(c["privateClusterConfig"]).toEqual({ enablePrivateNodes: true, enablePrivateEndpoint: true, masterGlobalAccessConfig: { enabled: true } });
        expect(c["masterAuthorizedNetworksConfig"]).toEqual({ cidrBlocks: [{ cidrBlock: "10.0.0.0/16", displayName: "vpc" }], gcpPublicCidrsAccessEnabled: false });
        expect(c["controlPlaneEndpointsConfig"]).toEqual({ dnsEndpointConfig: { allowExternalTraffic: true }, ipEndpointsConfig: { enabled: true } });
    });

    it("turns on Workload Identity, Dataplane V2, shielded nodes and CMEK secrets encryption, and legacy auth off", () => {
        const c = r.one(T.cluster).inputs;
        expect(c["workloadIdentityConfig"]).toEqual({ workloadPool: `${project}.svc.id.goog` });
        expect(c["datapathProvider"]).toBe("ADVANCED_DATAPATH");
        expect(c["enableShieldedNodes"]).toBe(true);
        expect(c["databaseEncryption"]).toEqual({ state: "ENCRYPTED", keyName: `tristack-${env}-secrets-id` });
        expect(c["enableLegacyAbac"]).toBe(false);
        expect(c["masterAuth"]).toEqual({ clientCertificateConfig: { issueClientCertificate: false } });
        // Both stacks have tenants, who sign in through Google Groups for RBAC (the spec requires the group).
        expect(c["authenticatorGroupsConfig"]).toEqual({ securityGroup: "gke-security-groups@acme.com" });
    });

    it("removes the default node pool and follows the spec's release channel and minimum version", () => {
        const c = r.one(T.cluster).inputs;
        expect(c["removeDefaultNodePool"]).toBe(true);
        expect(c["initialNodeCount"]).toBe(1);
        expect(c["releaseChannel"]).toEqual({ channel: prod ? "STABLE" : "REGULAR" });
        expect(c["minMasterVersion"]).toBe("1.33");
        expect(r.one(T.cluster).ignoreChanges).toEqual(["nodeConfig"]);
    });

    it("logs and monitors system components and the API server, allocates cost, and keeps a weekend maintenance window", () => {
        const c = r.one(T.cluster).inputs;
        expect(obj(c["loggingConfig"])["enableComponents"]).toEqual(["SYSTEM_COMPONENTS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER", "WORKLOADS"]);
        // System and control-plane only: the kube-state-metrics packages need Managed Prometheus, which is off.
        expect(c["monitoringConfig"]).toEqual({ enableComponents: ["SYSTEM_COMPONENTS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER"], managedPrometheus: { enabled: false } });
        expect(c["costManagementConfig"]).toEqual({ enabled: true });
        expect(obj(c["maintenancePolicy"])["recurringWindow"]).toEqual({ startTime: "2024-01-06T03:00:00Z", endTime: "2024-01-06T09:00:00Z", recurrence: "FREQ=WEEKLY;BYDAY=SA,SU" });
        expect(c["resourceLabels"]).toEqual({ owner: "data-platform", "cost-center": "cc-4711", env, "tristack-stack": `gcp-${env}` });
    });

    it(`sets deletionProtection ${prod} on the cluster`, () => {
        expect(r.one(T.cluster).inputs["deletionProtection"]).toBe(prod);
    });

    it(`${prod ? "protects" : "does not protect"} the cluster, bucket and KMS ring and keys`, () => {
        const stateful = [r.one(T.cluster), r.one(T.bucket), r.one(T.keyRing), ...r.ofType(T.cryptoKey)];
        for (const x of stateful) expect(x.protect, `${x.type} ${x.name}`).toBe(prod);
        for (const x of [r.one(T.cluster), r.one(T.bucket)]) expect(x.retainOnDelete, `${x.type} ${x.name}`).toBe(prod);
    });

    it("retains the KMS ring and keys on delete in every environment (Cloud KMS cannot delete them)", () => {
        for (const x of [r.one(T.keyRing), ...r.ofType(T.cryptoKey)]) expect(x.retainOnDelete, `${x.type} ${x.name}`).toBe(true);
    });

    it(`creates ${prod ? "secrets, disk and object keys" : "the secrets key only"}, rotated every 90 days`, () => {
        const keys = r.ofType(T.cryptoKey);
        expect(keys.map((k) => k.name).sort()).toEqual((prod ? ["disks", "objects", "secrets"] : ["secrets"]).map((k) => `tristack-${env}-${k}`));
        for (const k of keys) expect(k.inputs["rotationPeriod"]).toBe("7776000s");
        expect(r.one(T.keyRing).inputs).toEqual({ name: `tristack-${env}-keys`, location: "us-central1" });
    });

    it("lets exactly the Google service agents use the keys", () => {
        const members = Object.fromEntries(r.ofType(T.keyMember).map((m) => [m.name, [m.inputs["cryptoKeyId"], m.inputs["member"], m.inputs["role"]]]));
        const role = "roles/cloudkms.cryptoKeyEncrypterDecrypter";
        const expected: Record<string, unknown[]> = {
            [`tristack-${env}-secrets-agent`]: [`tristack-${env}-secrets-id`, `serviceAccount:service-${MOCK_PROJECT_NUMBER}@container-engine-robot.iam.gserviceaccount.com`, role],
        };
        if (prod) {
            expected["tristack-prod-disks-agent"] = ["tristack-prod-disks-id", `serviceAccount:service-${MOCK_PROJECT_NUMBER}@compute-system.iam.gserviceaccount.com`, role];
            expected["tristack-prod-objects-agent"] = ["tristack-prod-objects-id", `serviceAccount:service-${MOCK_PROJECT_NUMBER}@gs-project-accounts.iam.gserviceaccount.com`, role];
        }
        expect(members).toEqual(expected);
    });

    it("creates a private GCS bucket with versioning, lifecycle rules and, in prod, our key", () => {
        const b = r.one(T.bucket, `tristack-${env}-data`).inputs;
        expect(b["name"]).toBe(`${project}-tristack-${env}`);
        expect(b["location"]).toBe("US-CENTRAL1");
        expect(b["uniformBucketLevelAccess"]).toBe(true);
        expect(b["publicAccessPrevention"]).toBe("enforced");
        expect(b["versioning"]).toEqual({ enabled: true });
        expect(b["encryption"]).toEqual(prod ? { defaultKmsKeyName: "tristack-prod-objects-id" } : undefined);
        expect(b["forceDestroy"]).toBe(!prod);
        expect(b["labels"]).toEqual({ owner: "data-platform", "cost-center": "cc-4711", env, "tristack-stack": `gcp-${env}` });
        expect(b["lifecycleRules"]).toEqual([
            { action: { type: "Delete" }, condition: { age: 7, matchesPrefixes: ["tmp/", "scratch/"] } },
            // Non-current versions: 1 day under the scratch prefixes, 3 elsewhere (Spark's copy+delete commits).
            { action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: 1, matchesPrefixes: ["tmp/", "scratch/"], withState: "ARCHIVED" } },
            { action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: 3, withState: "ARCHIVED" } },
            { action: { type: "AbortIncompleteMultipartUpload" }, condition: { age: 1 } },
        ]);
        expect(r.outputs["objectStore"]).toBe(`${project}-tristack-${env}`);
    });

    it("creates a custom-mode VPC with pod and service ranges, Private Google Access and Cloud NAT", () => {
        expect(r.one(T.network).inputs["autoCreateSubnetworks"]).toBe(false);
        const s = r.one(T.subnetwork).inputs;
        expect(s["ipCidrRange"]).toBe("10.0.0.0/16");
        expect(s["privateIpGoogleAccess"]).toBe(true);
        expect(s["secondaryIpRanges"]).toEqual([
            { rangeName: "pods", ipCidrRange: "10.128.0.0/14" },
            { rangeName: "services", ipCidrRange: "172.20.0.0/16" },
        ]);
        expect(r.one(T.nat).inputs["subnetworks"]).toEqual([{ name: `tristack-${env}-nodes-id`, sourceIpRangesToNats: ["ALL_IP_RANGES"] }]);
        expect(r.one(T.cluster).inputs["ipAllocationPolicy"]).toEqual({ clusterSecondaryRangeName: "pods", servicesSecondaryRangeName: "services" });
        expect(r.one(T.cluster).inputs["subnetwork"]).toBe(`tristack-${env}-nodes-id`);
    });

    it("builds the kubernetes provider, named after the component, from a gke-gcloud-auth-plugin kubeconfig on the DNS endpoint", () => {
        const p = r.one("pulumi:providers:kubernetes", `tristack-${env}`);
        const kubeconfig = JSON.parse(String(p.inputs["kubeconfig"])) as { clusters: { cluster: Obj & { server: string } }[]; users: { user: { exec: Obj } }[] };
        // apiAccess.mode dns (both stacks): the publicly trusted *.gke.goog endpoint, so no CA data.
        expect(kubeconfig.clusters[0]?.cluster).toEqual({ server: `https://gke-mock-tristack-${env}.mock.gke.goog` });
        expect(kubeconfig.users[0]?.user.exec["command"]).toBe("gke-gcloud-auth-plugin");
        expect(kubeconfig.users[0]?.user.exec["apiVersion"]).toBe("client.authentication.k8s.io/v1beta1");
        expect(JSON.stringify(kubeconfig)).not.toMatch(/token|client-key|password/);
    });
});
