/** Spec variants the Kafka tests run: the local stack as committed, and local clusters with zones. */
import { stackSpec } from "../../support/mocks";

type Raw = Record<string, unknown> & {
    nodePools: Record<string, Record<string, unknown>>;
    kafka: Record<string, unknown>;
};

/** The local stack's spec (existing cluster, no zones, 1 broker, 1 controller, reduced durability). */
export function localSpec(): Raw {
    return stackSpec("local") as Raw;
}

/**
 * A local cluster whose nodes span zones a, b and c: 3 brokers, 3 controllers, RF 3 / min ISR 2,
 * two tenants owning one topic each; Cassandra off so the data pool is Kafka's.
 * @param environment dev or prod
 */
export function zonedSpec(environment: "dev" | "prod"): Raw {
    const spec = localSpec();
    spec["environment"] = environment;
    // Notebooks are on in the local stack with its dev-only dummy sign-in, which prod refuses; not under test here.
    spec["notebooks"] = { enabled: false };
    spec["zones"] = ["a", "b", "c"];
    spec.nodePools["data"] = { ...spec.nodePools["data"], maxNodes: 3 };
    spec.nodePools["general"] = { ...spec.nodePools["general"], maxNodes: 3 };
    spec["cassandra"] = { enabled: false };
    spec["tenants"] = {
        analytics: { members: { existing: { group: "analytics-devs" } }, quota: { cpu: 8, memoryGiB: 16, storageGiB: 100 } },
        ml: { members: { existing: { group: "ml-devs" } }, quota: { cpu: 8, memoryGiB: 16, storageGiB: 100 } },
    };
    spec.kafka = {
        enabled: true,
        brokers: 3,
        controllers: 3,
        storageGiB: 200,
        volumesPerBroker: 2,
        topics: {
            "analytics.events": { partitions: 12, replicas: 3, retentionHours: 72, tenant: "analytics" },
            "ml.features_v2": { partitions: 6, replicas: 3, retentionHours: -1, tenant: "ml" },
        },
    };
    return spec;
}
