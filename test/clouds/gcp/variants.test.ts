import { describe, expect, it } from "vitest";
import { adapterVariant } from "../../support/adapterHarness";
import { once, stackSpec } from "../../support/mocks";

type Spec = Record<string, unknown> & { nodePools: Record<string, Record<string, unknown>>; gcp: Record<string, unknown>; apiAccess?: Record<string, unknown> };

function spec(stack: "gcp-dev" | "gcp-prod", change: (s: Spec) => void): Spec {
    const s = stackSpec(stack) as Spec;
    change(s);
    return s;
}

const CLUSTER = "gcp:container/cluster:Cluster";
const NODE_POOL = "gcp:container/nodePool:NodePool";
const nodeConfig = (inputs: Record<string, unknown>) => inputs["nodeConfig"] as Record<string, unknown>;

const EXISTING_NETWORK = { network: "projects/acme-net/global/networks/shared", subnetwork: "projects/acme-net/regions/us-central1/subnetworks/data", podsRangeName: "gke-pods", servicesRangeName: "gke-svc" };

/**
 * The two variants below are the GKE adapter's alone, built in-process (test/support/adapterHarness.ts): a
 * program run costs seconds (issue 15), and nothing they assert is above the cluster layer.
 *
 * gcp-dev with seven independent patches in one build (stack gcp-staging), each read by its own test below:
 * [staging] environment staging, [pools] no general or large-core pool (Spark, and with it notebooks and
 * scheduling, off), [a100] the GPU pool on A100-40GB, [l4] a second GPU pool on L4, [network] an existing
 * network, [groups] Google Groups for RBAC in another domain, [maxPods] maxPods 64 on the kafka pool.
 * They touch disjoint parts of the program: the cluster's location and deletion protection (environment),
 * the system pool's taint (gkeSystemTaint looks only at the pools' roles), the network (and, with the dns
 * endpoint mode, the authorized node range; createNetwork's existing-network path does not look at the
 * environment), the authenticator groups, and one node pool each.
 */
const staging = once(() =>
    adapterVariant(
        spec("gcp-dev", (s) => {
            s["environment"] = "staging"; // [staging]
            delete s.nodePools["general"]; // [pools]
            delete s.nodePools["bigcpu"]; // [pools]
            s["spark"] = { enabled: false }; // [pools]
            // Notebooks and scheduling need Spark (the spec refuses them without it).
            s["notebooks"] = { enabled: false }; // [pools]
            s["scheduling"] = { enabled: false }; // [pools]
            s.nodePools["gpu"]!["gpu"] = { model: "A100-40GB", count: 1 }; // [a100]
            s.nodePools["l4"] = { ...s.nodePools["gpu"], gpu: { model: "L4", count: 1 } }; // [l4]
            s.gcp["existingNetwork"] = EXISTING_NETWORK; // [network]
            s.gcp["securityGroup"] = "gke-security-groups@acme.example"; // [groups]
            for (const t of Object.values(s["tenants"] as Record<string, { members: { gcp: { groupEmail: string } } }>)) t.members.gcp.groupEmail = t.members.gcp.groupEmail.replace("@acme.com", "@acme.example"); // [groups]
            s.nodePools["kafka"]!["maxPods"] = 64; // [maxPods]
        }),
        "gcp-staging",
    ),
);

/**
 * gcp-prod with two independent patches: [cidrs] a public endpoint with authorized CIDRs, [h100] the GPU pool
 * on 8 x H100. The endpoint is the cluster's; the GPU model one pool's machine.
 */
const prod = once(() =>
    adapterVariant(
        spec("gcp-prod", (s) => {
            s.apiAccess = { mode: "public", authorizedCidrs: ["198.51.100.0/24", "203.0.113.7/32"] }; // [cidrs]
            s.nodePools["gpu"]!["gpu"] = { model: "H100-80GB", count: 8 }; // [h100]
        }),
        "gcp-prod",
    ),
);

describe("GKE adapter, spec variants", () => {
    it("uses an existing network and creates no network, subnet, router or NAT", async () => {
        // [network] (createNetwork's existing-network path does not look at the environment)
        const r = await staging();
        for (const t of ["gcp:compute/network:Network", "gcp:compute/subnetwork:Subnetwork", "gcp:compute/router:Router", "gcp:compute/routerNat:RouterNat"]) expect(r.ofType(t), t).toEqual([]);
        const c = r.one(CLUSTER).inputs;
        expect(c["network"]).toBe(EXISTING_NETWORK.network);
        expect(c["subnetwork"]).toBe(EXISTING_NETWORK.subnetwork);
        expect(c["ipAllocationPolicy"]).toEqual({ clusterSecondaryRangeName: "gke-pods", servicesSecondaryRangeName: "gke-svc" });
        // The node range is unknown, so only the spec's CIDRs (none here) are authorized.
        expect(c["masterAuthorizedNetworksConfig"]).toEqual({ cidrBlocks: [], gcpPublicCidrsAccessEnabled: false });
    });

    it("limits a public prod endpoint to the authorized CIDRs", async () => {
        // [cidrs]
        const c = (await prod()).one(CLUSTER).inputs;
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
        // [groups]
        expect((await staging()).one(CLUSTER).inputs["authenticatorGroupsConfig"]).toEqual({ securityGroup: "gke-security-groups@acme.example" });
    });

    it("runs a staging cluster regionally", async () => {
        // [staging]
        const r = await staging();
        expect(r.one(CLUSTER).inputs["location"]).toBe("us-central1");
        expect(r.one(CLUSTER).inputs["deletionProtection"]).toBe(false);
    });

    it.each([
        { model: "L4", count: 1, machineType: "g2-standard-8", accelerator: "nvidia-l4", get: staging, pool: "tristack-dev-l4" }, // [l4]
        { model: "A100-40GB", count: 1, machineType: "a2-highgpu-1g", accelerator: "nvidia-tesla-a100", get: staging, pool: "tristack-dev-gpu" }, // [a100]
        { model: "H100-80GB", count: 8, machineType: "a3-highgpu-8g", accelerator: "nvidia-h100-80gb", get: prod, pool: "tristack-prod-gpu" }, // [h100]
    ])("puts $count x $model on $machineType", async ({ count, machineType, accelerator, get, pool }) => {
        const c = nodeConfig((await get()).one(NODE_POOL, pool).inputs);
        expect(c["machineType"]).toBe(machineType);
        expect(c["guestAccelerators"]).toEqual([{ type: accelerator, count, gpuDriverInstallationConfig: { gpuDriverVersion: "LATEST" } }]);
    });

    it("leaves the system pool untainted when every other pool is tainted, so GKE's own pods can run", async () => {
        // [pools]
        const r = await staging();
        expect(nodeConfig(r.one(NODE_POOL, "tristack-dev-system").inputs)["taints"]).toEqual([]);
        // The handle's pools are what the program's `pools` output and the platform's placement read.
        expect(r.handle.pools["system"]!.taints).toEqual([]);
        expect(nodeConfig(r.one(NODE_POOL, "tristack-dev-kafka").inputs)["taints"]).toEqual([{ key: "tristack.io/role", value: "data", effect: "NO_SCHEDULE" }]);
    });

    it("sets max pods per node from the spec", async () => {
        // [maxPods]
        expect((await staging()).one(NODE_POOL, "tristack-dev-kafka").inputs["maxPodsPerNode"]).toBe(64);
        // The pools without maxPods keep GKE's default, so the 64 is the spec's.
        expect((await staging()).one(NODE_POOL, "tristack-dev-system").inputs["maxPodsPerNode"]).toBe(110);
    });
});
