import { describe, expect, it } from "vitest";
import type { PoolHandle } from "../../../components/clouds/clusterHandle";
import { controlPlacement, rackName, racksFor, tolerationsFor } from "../../../components/data/cassandra/placement";

describe("Cassandra placement (pure)", () => {
    it.each([
        ["us-east-1a", "us-east-1a"],
        ["us-central1-b", "us-central1-b"],
        ["westeurope-1", "westeurope-1"],
        ["1", "zone-1"],
        ["a", "zone-a"],
        ["EU_West_3", "eu-west-3"],
    ])("names the rack of zone %s %s", (zone, rack) => {
        expect(rackName(zone)).toBe(rack);
    });

    it("makes one rack per zone, pinned to the zone and the pool, in zone order", () => {
        expect(racksFor(["z1", "z2"], "cass")).toEqual([
            { name: "z1", nodeAffinityLabels: { "topology.kubernetes.io/zone": "z1", "tristack.io/pool": "cass" } },
            { name: "z2", nodeAffinityLabels: { "topology.kubernetes.io/zone": "z2", "tristack.io/pool": "cass" } },
        ]);
    });

    it("makes a single rack pinned only to the pool when there are no zones", () => {
        expect(racksFor([], "cass")).toEqual([{ name: "rack1", nodeAffinityLabels: { "tristack.io/pool": "cass" } }]);
    });

    it("tolerates exactly the pool's taints", () => {
        const pool = { taints: [{ key: "tristack.io/role", value: "data", effect: "NoSchedule" as const }, { key: "kubernetes.azure.com/scalesetpriority", value: "spot", effect: "NoSchedule" as const }] };
        expect(tolerationsFor(pool)).toEqual([
            { key: "tristack.io/role", operator: "Equal", value: "data", effect: "NoSchedule" },
            { key: "kubernetes.azure.com/scalesetpriority", operator: "Equal", value: "spot", effect: "NoSchedule" },
        ]);
    });

    it("puts control pods on the system pool, tolerating its taint, when there is no general pool", () => {
        const system = { name: "system", taints: [{ key: "CriticalAddonsOnly", value: "true", effect: "NoSchedule" as const }] } as unknown as PoolHandle;
        const data = { name: "data", taints: [] } as unknown as PoolHandle;
        const placement = controlPlacement({ nodePools: { data: { role: "data" }, system: { role: "system" } } } as never, { system, data });
        expect(placement).toEqual({ nodeSelector: { "tristack.io/pool": "system" }, tolerations: [{ key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" }] });
    });
});
