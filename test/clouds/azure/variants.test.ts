import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { preflight } from "../../../components/preflight";
import { parsePlatformSpec } from "../../../components/spec";
import { adapterVariant } from "../../support/adapterHarness";
import { once, run, stackSpec } from "../../support/mocks";

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

/**
 * azure-dev with six independent patches in one build, each read by its own test below: [subnet] an existing
 * subnet, [channel] the rapid upgrade channel, [monitoring] monitoring off, [a10g] the GPU pool on A10G,
 * [h100] a second GPU pool of 8 x H100, [system2] a second system pool. They touch disjoint parts of the AKS
 * adapter: the network and the storage firewall, the cluster's auto-upgrade profile, its monitor profile and
 * diagnostic settings, and one agent pool each. Only the adapter is built, in-process
 * (test/support/adapterHarness.ts): a program run costs seconds (issue 15).
 */
const combined = once(() =>
    adapterVariant(
        spec("azure-dev", (s) => {
            s.azure["existingSubnetId"] = SUBNET_ID; // [subnet]
            s.azure["upgradeChannel"] = "rapid"; // [channel]
            s["monitoring"] = { enabled: false }; // [monitoring]
            s.nodePools["gpu"] = { role: "gpu", gpu: { model: "A10G", count: 1 }, minNodes: 0, maxNodes: 2 }; // [a10g]
            s.nodePools["h100"] = { role: "gpu", gpu: { model: "H100-80GB", count: 8 }, minNodes: 0, maxNodes: 2 }; // [h100]
            s.nodePools["system2"] = { role: "system", shape: { vCpu: 4, memoryGiB: 16 }, minNodes: 1, maxNodes: 2 }; // [system2]
        }),
        "azure-dev",
    ),
);

describe("AKS adapter, spec variants", () => {
    it("uses an existing subnet: no VNet, subnet, NAT gateway or public IP, load-balancer egress", async () => {
        // [subnet] (the network is built the same way in every environment: components/clouds/azure/network.ts)
        const r = await combined();
        for (const t of ["azure-native:network:VirtualNetwork", "azure-native:network:Subnet", "azure-native:network:NatGateway", "azure-native:network:PublicIPAddress"]) expect(r.ofType(t), t).toEqual([]);
        const c = r.one(CLUSTER).inputs;
        expect(obj(c["networkProfile"])["outboundType"]).toBe("loadBalancer");
        expect(obj((c["agentPoolProfiles"] as unknown[])[0])["vnetSubnetID"]).toBe(SUBNET_ID);
        for (const p of r.ofType(POOL)) expect(p.inputs["vnetSubnetID"]).toBe(SUBNET_ID);
        expect(r.one("azure-native:authorization:RoleAssignment", "tristack-dev-subnet").inputs["scope"]).toBe(SUBNET_ID);
    });

    it("admits an existing subnet through the storage firewall even before its service endpoint exists", async () => {
        // [subnet]
        const r = await combined();
        expect(obj(r.one("azure-native:storage:StorageAccount", "tristack-dev-data").inputs["networkRuleSet"])["virtualNetworkRules"]).toEqual([
            { virtualNetworkResourceId: SUBNET_ID, action: "Allow", ignoreMissingVnetServiceEndpoint: true },
        ]);
    });

    it("limits a public prod endpoint to the authorized CIDRs", async () => {
        // The committed azure-prod stack is this case; its unchanged run is shared with other test files.
        const s = stackSpec("azure-prod");
        expect(s["apiAccess"]).toEqual({ mode: "public", authorizedCidrs: ["198.51.100.16/28"] });
        const r = await run(s, { stack: "azure-prod" });
        expect(r.one(CLUSTER).inputs["apiServerAccessProfile"]).toEqual({ enablePrivateCluster: false, authorizedIPRanges: ["198.51.100.16/28"] });
    });

    it("follows a minor-moving channel from the spec and then leaves kubernetesVersion to AKS (no downgrade on the next up)", async () => {
        // [channel]
        const r = await combined();
        expect(r.one(CLUSTER).inputs["autoUpgradeProfile"]).toEqual({ upgradeChannel: "rapid", nodeOSUpgradeChannel: "NodeImage" });
        expect(r.one(CLUSTER).ignoreChanges).toEqual(["agentPoolProfiles", "kubernetesVersion"]);
    });

    it("keeps managed Prometheus off and the control-plane logs on when monitoring is off", async () => {
        // [monitoring]
        const r = await combined();
        expect(r.one(CLUSTER).inputs["azureMonitorProfile"]).toEqual({ metrics: { enabled: false } });
        expect(r.ofType("azure-native:monitor:DiagnosticSetting")).toHaveLength(1);
    });

    it.each([
        { model: "A10G", pool: "gpu", vmSize: "Standard_NV36ads_A10_v5" }, // [a10g]
        { model: "H100-80GB", pool: "h100", vmSize: "Standard_ND96isr_H100_v5" }, // [h100]
    ])("puts $model pools on $vmSize", async ({ pool, vmSize }) => {
        const r = await combined();
        expect(r.one(POOL, `tristack-dev-${pool}`).inputs).toMatchObject({ vmSize, nodeTaints: ["nvidia.com/gpu=present:NoSchedule"], scaleSetPriority: "Regular" });
    });

    it("turns a second system pool into a System-mode AgentPool with the system taint", async () => {
        // [system2]
        const r = await combined();
        expect(r.one(POOL, "tristack-dev-system2").inputs).toMatchObject({ mode: "System", nodeTaints: ["CriticalAddonsOnly=true:NoSchedule"] });
        expect((r.one(CLUSTER).inputs["agentPoolProfiles"] as unknown[]).length).toBe(1);
    });

    it("refuses a Spot system pool (AKS does not allow it) with the pool's path, in the pre-flight", async () => {
        // The program's pre-flight, which index.ts runs before the first resource (components/preflight.ts); that
        // a pre-flight refusal registers nothing through the language host is the EKS-version test's.
        const err = await preflight(parsePlatformSpec(spec("azure-dev", (s) => (s.nodePools["system"]!["capacity"] = "spot")))).catch((e: unknown) => e);
        expect(pulumi.InputPropertiesError.isInstance(err)).toBe(true);
        expect((err as pulumi.InputPropertiesError).message).toBe("nodePools.system is invalid: AKS system pools cannot run on Spot VMs.");
        expect((err as pulumi.InputPropertiesError).errors).toEqual([{ propertyPath: "nodePools.system.capacity", reason: "AKS system pools cannot run on Spot VMs; use capacity: on-demand" }]);
    });
});
