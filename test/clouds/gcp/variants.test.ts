import { describe, expect, it } from "vitest";
import { run, stackSpec } from "../../support/mocks";

type Spec = Record<string, unknown> & { nodePools: Record<string, Record<string, unknown>>; gcp: Record<string, unknown>; apiAccess?: Record<string, unknown> };

function spec(stack: "gcp-dev" | "gcp-prod", change: (s: Spec) => void): Spec {
    const s = stackSpec(stack) as Spec;
    change(s);
    return s;
}

const CLUSTER = "gcp:container/cluster:Cluster";
const NODE_POOL = "gcp:container/nodePool:NodePool";
const nodeConfig = (inputs: Record<string, unknown>) => inputs["nodeConfig"] as Record<string, unknown>;

describe("GKE adapter, spec variants", () => {
    it("uses an existing network and creates no network, subnet, router or NAT", async () => {
        const existingNetwork = { network: "projects/acme-net/global/networks/shared", subnetwork: "projects/acme-net/regions/us-central1/subnetworks/data", podsRangeName: "gke-pods", servicesRangeName: "gke-svc" };
        const r = await run(spec("gcp-prod", (s) => (s.gcp["existingNetwork"] = existingNetwork)), { stack: "gcp-prod" });
        for (const t of ["gcp:compute/network:Network", "gcp:compute/subnetwork:Subnetwork", "gcp:compute/router:Router", "gcp:compute/routerNat:RouterNat"]) expect(r.ofType(t), t).toEqual([]);
        const c = r.one(CLUSTER).inputs;
        expect(c["network"]).toBe(existingNetwork.network);
        expect(c["subnetwork"]).toBe(existingNetwork.subnetwork);
        expect(c["ipAllocationPolicy"]).toEqual({ clusterSecondaryRangeName: "gke-pods", servicesSecondaryRangeName: "gke-svc" });
        // The node range is unknown, so only the spec's CIDRs (none here) are authorized.
        expect(c["masterAuthorizedNetworksConfig"]).toEqual({ cidrBlocks: [], gcpPublicCidrsAccessEnabled: false });
    });

    it("limits a public prod endpoint to the authorized CIDRs", async () => {
        const r = await run(spec("gcp-prod", (s) => (s.apiAccess = { mode: "public", authorizedCidrs: ["198.51.100.0/24", "203.0.113.7/32"] })), { stack: "gcp-prod" });
        const c = r.one(CLUSTER).inputs;
        expect(c["privateClusterConfig"]).toEqual({ enablePrivateNodes: true, enablePrivateEndpoint: false });
        expect(c["masterAuthorizedNetworksConfig"]).toEqual({
            cidrBlocks: [
                { cidrBlock: "198.51.100.0/24", displayName: "authorized-0" },
                { cidrBlock: "203.0.113.7/32", displayName: "authorized-1" },
            ],
            gcpPublicCidrsAccessEnabled: false,
        });
    });

    it("turns on Google Groups for RBAC with the security group the spec names (the tenants' groups in its domain)", async () => {
        const r = await run(
            spec("gcp-dev", (s) => {
                s.gcp["securityGroup"] = "gke-security-groups@acme.example";
                for (const t of Object.values(s["tenants"] as Record<string, { members: { gcp: { groupEmail: string } } }>)) t.members.gcp.groupEmail = t.members.gcp.groupEmail.replace("@acme.com", "@acme.example");
            }),
            { stack: "gcp-dev" },
        );
        expect(r.one(CLUSTER).inputs["authenticatorGroupsConfig"]).toEqual({ securityGroup: "gke-security-groups@acme.example" });
    });

    it("runs a staging cluster regionally", async () => {
        const r = await run(spec("gcp-dev", (s) => (s["environment"] = "staging")), { stack: "gcp-staging" });
        expect(r.one(CLUSTER).inputs["location"]).toBe("us-central1");
        expect(r.one(CLUSTER).inputs["deletionProtection"]).toBe(false);
    });

    it.each([
        { model: "L4", count: 1, machineType: "g2-standard-8", accelerator: "nvidia-l4" },
        { model: "A100-40GB", count: 1, machineType: "a2-highgpu-1g", accelerator: "nvidia-tesla-a100" },
        { model: "H100-80GB", count: 8, machineType: "a3-highgpu-8g", accelerator: "nvidia-h100-80gb" },
    ])("puts $count x $model on $machineType", async ({ model, count, machineType, accelerator }) => {
        const r = await run(spec("gcp-dev", (s) => (s.nodePools["gpu"]!["gpu"] = { model, count })), { stack: "gcp-dev" });
        const c = nodeConfig(r.one(NODE_POOL, "tristack-dev-gpu").inputs);
        expect(c["machineType"]).toBe(machineType);
        expect(c["guestAccelerators"]).toEqual([{ type: accelerator, count, gpuDriverInstallationConfig: { gpuDriverVersion: "LATEST" } }]);
    });

    it("leaves the system pool untainted when every other pool is tainted, so GKE's own pods can run", async () => {
        const r = await run(
            spec("gcp-dev", (s) => {
                delete s.nodePools["general"];
                delete s.nodePools["bigcpu"];
                s["spark"] = { enabled: false };
                // Notebooks and scheduling need Spark (the spec refuses them without it).
                s["notebooks"] = { enabled: false };
                s["scheduling"] = { enabled: false };
            }),
            { stack: "gcp-dev" },
        );
        expect(nodeConfig(r.one(NODE_POOL, "tristack-dev-system").inputs)["taints"]).toEqual([]);
        expect((r.outputs["pools"] as Record<string, { taints: unknown }>)["system"]?.taints).toEqual([]);
        expect(nodeConfig(r.one(NODE_POOL, "tristack-dev-kafka").inputs)["taints"]).toEqual([{ key: "tristack.io/role", value: "data", effect: "NO_SCHEDULE" }]);
    });

    it("sets max pods per node from the spec", async () => {
        const r = await run(spec("gcp-dev", (s) => (s.nodePools["general"]!["maxPods"] = 64)), { stack: "gcp-dev" });
        expect(r.one(NODE_POOL, "tristack-dev-general").inputs["maxPodsPerNode"]).toBe(64);
    });
});
