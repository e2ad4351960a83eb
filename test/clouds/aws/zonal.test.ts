import { describe, expect, it } from "vitest";
import { eksPools } from "../../../components/clouds/aws/eksCluster";
import { rackZones } from "../../../components/clouds/clusterHandle";
import { splitAcrossZones } from "../../../components/clouds/pools";
import { racksFor } from "../../../components/data/cassandra/placement";
import { parsePlatformSpec } from "../../../components/spec";
import { stackSpec } from "../../support/mocks";

/** The stack's cluster and pools only (the services, tenants and access keys do not change a pool). */
function specOf(stack: string, extra: Record<string, unknown> = {}) {
    const s = stackSpec(stack);
    const keep = ["name", "cloud", "environment", "region", "zones", "kubernetesVersion", "nodePools"].map((k) => [k, s[k]]);
    return parsePlatformSpec({ ...Object.fromEntries(keep), apiAccess: { authorizedCidrs: ["203.0.113.0/24"] }, spark: { enabled: false }, kafka: { enabled: false }, cassandra: { enabled: false }, ...extra });
}

describe("data pools are zonal per rack (the neutral contract)", () => {
    it.each([
        [["a", "b", "c"], 3, 6, [[1, 2], [1, 2], [1, 2]]],
        [["a", "b"], 1, 2, [[1, 1], [0, 1]]],
        [["a", "b"], 2, 3, [[1, 2], [1, 1]]],
        [["a", "b", "c"], 0, 2, [[0, 1], [0, 1], [0, 1]]],
    ] as const)("splits %j, min %i / max %i, the remainder to the first zones", (zones, min, max, expected) => {
        expect(splitAcrossZones(zones, min, max).map((r) => [r.minNodes, r.maxNodes])).toEqual(expected);
        expect(splitAcrossZones(zones, min, max).map((r) => r.zone)).toEqual(zones);
    });

    it("gives the aws-prod data pools one rack per zone, and no other pool racks", () => {
        const pools = eksPools(specOf("aws-prod"));
        expect(pools["kafka"]?.racks).toEqual([
            { zone: "us-east-1a", minNodes: 1, maxNodes: 2 },
            { zone: "us-east-1b", minNodes: 1, maxNodes: 2 },
            { zone: "us-east-1c", minNodes: 1, maxNodes: 2 },
        ]);
        expect(pools["cassandra"]?.racks?.map((r) => r.zone)).toEqual(["us-east-1a", "us-east-1b", "us-east-1c"]);
        for (const p of ["system", "general", "bigcpu", "gpu"]) expect(pools[p]?.racks).toBeUndefined();
    });

    it("keeps an existing VPC's data pools as one node group (its subnets carry no zone order)", () => {
        const spec = specOf("aws-prod", { aws: { existingVpc: { vpcId: "vpc-0123abcd", privateSubnetIds: ["subnet-0a", "subnet-0b", "subnet-0c"] } } });
        expect(eksPools(spec)["kafka"]?.racks).toBeUndefined();
    });

    it("puts one Cassandra rack in each of the pool's zones, pinned to the zone and the pool", () => {
        const pool = eksPools(specOf("aws-prod"))["cassandra"]!;
        expect(racksFor(rackZones(pool, ["ignored"]), pool.name)).toEqual(
            ["us-east-1a", "us-east-1b", "us-east-1c"].map((zone) => ({ name: zone, nodeAffinityLabels: { "topology.kubernetes.io/zone": zone, "tristack.io/pool": "cassandra" } })),
        );
        expect(rackZones({}, ["1", "2"])).toEqual(["1", "2"]);
    });
});
