import { describe, expect, it } from "vitest";
import { CASSANDRA_VERSIONS, MANAGEMENT_API_UBI_5_0 } from "../../../components/data/cassandra/versions";

describe("Cassandra image", () => {
    it("pins a serverVersion the Management API project publishes a -ubi image for", () => {
        expect(MANAGEMENT_API_UBI_5_0).toContain(CASSANDRA_VERSIONS.cassandra.version);
    });

    it("keeps the cqlsh image on the same Cassandra version as the cluster", () => {
        expect(CASSANDRA_VERSIONS.cqlshImage.version).toBe(CASSANDRA_VERSIONS.cassandra.version);
    });
});
