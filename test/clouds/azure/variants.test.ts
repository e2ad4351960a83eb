import { describe, expect, it } from "vitest";
import { run, stackSpec } from "../../support/mocks";

type Spec = Record<string, unknown> & { nodePools: Record<string, Record<string, unknown>>; azure: Record<string, unknown>; apiAccess?: Record<string, unknown> };

function spec(stack: "azure-dev" | "azure-prod", change: (s: Spec) => void): Spec {
    const s = stackSpec(stack) as Spec;
    change(s);
    return s;
}

const CLUSTER = "azure-native:containerservice:ManagedCluster";
const POOL = "azure-native:containerservice:AgentPool";
const SUBNET_ID = "/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/net-rg/providers/Microsoft.Network/virtualNetworks/shared/subnets/aks";
const obj = (v: unknown) => (v ?? {}) as Record<string, unknown>;

describe("AKS adapter, spec variants", () => {
    it("uses an existing subnet: no VNet, subnet, NAT gateway or public IP, load-balancer egress", async () => {
        const r = await run(spec("azure-prod", (s) => (s.azure["existingSubnetId"] = SUBNET_ID)), { stack: "azure-prod" });
        for (const t of ["azure-native:network:VirtualNetwork", "azure-native:network:Subnet", "azure-native:network:NatGateway", "azure-native:network:PublicIPAddress"]) expect(r.ofType(t), t).toEqual([]);
        const c = r.one(CLUSTER).inputs;
        expect(obj(c["networkProfile"])["outboundType"]).toBe("loadBalancer");
        expect(obj((c["agentPoolProfiles"] as unknown[])[0])["vnetSubnetID"]).toBe(SUBNET_ID);
        for (const p of r.ofType(POOL)) expect(p.inputs["vnetSubnetID"]).toBe(SUBNET_ID);
        expect(r.one("azure-native:authorization:RoleAssignment", "tristack-prod-subnet").inputs["scope"]).toBe(SUBNET_ID);
    });

    it("admits an existing subnet through the storage firewall even before its service endpoint exists", async () => {
        const r = await run(spec("azure-dev", (s) => (s.azure["existingSubnetId"] = SUBNET_ID)), { stack: "azure-dev" });
        expect(obj(r.one("azure-native:storage:StorageAccount", "tristack-dev-data").inputs["networkRuleSet"])["virtualNetworkRules"]).toEqual([
            { virtualNetworkResourceId: SUBNET_ID, action: "Allow", ignoreMissingVnetServiceEndpoint: true },
        ]);
    });

    it("limits a public prod endpoint to the authorized CIDRs", async () => {
        const r = await run(spec("azure-prod", (s) => (s.apiAccess = { mode: "public", authorizedCidrs: ["198.51.100.0/24", "203.0.113.7/32"] })), { stack: "azure-prod" });
        expect(r.one(CLUSTER).inputs["apiServerAccessProfile"]).toEqual({ enablePrivateCluster: false, authorizedIPRanges: ["198.51.100.0/24", "203.0.113.7/32"] });
    });

    it("follows a minor-moving channel from the spec and then leaves kubernetesVersion to AKS (no downgrade on the next up)", async () => {
        const r = await run(spec("azure-dev", (s) => (s.azure["upgradeChannel"] = "rapid")), { stack: "azure-dev" });
        expect(r.one(CLUSTER).inputs["autoUpgradeProfile"]).toEqual({ upgradeChannel: "rapid", nodeOSUpgradeChannel: "NodeImage" });
        expect(r.one(CLUSTER).ignoreChanges).toEqual(["agentPoolProfiles", "kubernetesVersion"]);
    });

    it("keeps managed Prometheus off and the control-plane logs on when monitoring is off", async () => {
        const r = await run(spec("azure-dev", (s) => (s["monitoring"] = { enabled: false })), { stack: "azure-dev" });
        expect(r.one(CLUSTER).inputs["azureMonitorProfile"]).toEqual({ metrics: { enabled: false } });
        expect(r.ofType("azure-native:monitor:DiagnosticSetting")).toHaveLength(1);
    });

    it.each([
        { model: "A10G", vmSize: "Standard_NV36ads_A10_v5" },
        { model: "H100-80GB", count: 8, vmSize: "Standard_ND96isr_H100_v5" },
    ])("puts $model pools on $vmSize", async ({ model, count, vmSize }) => {
        const r = await run(spec("azure-dev", (s) => (s.nodePools["gpu"] = { role: "gpu", gpu: { model, count: count ?? 1 }, minNodes: 0, maxNodes: 2 })), { stack: "azure-dev" });
        expect(r.one(POOL, "tristack-dev-gpu").inputs).toMatchObject({ vmSize, nodeTaints: ["nvidia.com/gpu=present:NoSchedule"], scaleSetPriority: "Regular" });
    });

    it("turns a second system pool into a System-mode AgentPool with the system taint", async () => {
        const r = await run(spec("azure-dev", (s) => (s.nodePools["system2"] = { role: "system", shape: { vCpu: 4, memoryGiB: 16 }, minNodes: 1, maxNodes: 2 })), { stack: "azure-dev" });
        expect(r.one(POOL, "tristack-dev-system2").inputs).toMatchObject({ mode: "System", nodeTaints: ["CriticalAddonsOnly=true:NoSchedule"] });
        expect((r.one(CLUSTER).inputs["agentPoolProfiles"] as unknown[]).length).toBe(1);
    });

    it("refuses a Spot system pool (AKS does not allow it) with the pool's path", async () => {
        await expect(run(spec("azure-dev", (s) => (s.nodePools["system"]!["capacity"] = "spot")), { stack: "azure-dev" })).rejects.toThrow("nodePools.system is invalid: AKS system pools cannot run on Spot VMs.");
    });
});
