/**
 * Spec variants of the local stack that more than one test file runs. A program run costs seconds
 * (issue 15), and identical specs share one run across files (components/plan/engine.ts caches by the
 * spec's JSON text), so files that can read the same variant build it here, once.
 */
import { stackSpec } from "../support/mocks";

type Obj = Record<string, unknown>;

/**
 * The local stack with three independent patches, each read by its own tests:
 * - [monitoring] monitoring off: test/data/kafka/metrics.test.ts (no Kafka metrics objects) and
 *   test/data/cassandra/cluster.test.ts (no ServiceMonitors asked of the operator);
 * - [repairs] Cassandra's repairs off: test/data/cassandra/cluster.test.ts (no Reaper; Reaper exists only
 *   with repairs, components/data/cassandra/cassandra.ts, so monitoring off cannot hide it);
 * - [adopt] cert-manager and trust-manager already on the cluster (`certManager.install: none`, namespace
 *   `security`): test/platform/certManager.test.ts (neither chart installed, CA and Bundle still made).
 *   The data services take the platform CA's issuer from the platform handle whatever the install mode.
 */
export function localMonitoringOffRepairsOffCertManagerAdopted(): Obj {
    const spec = stackSpec("local");
    spec["monitoring"] = { enabled: false }; // [monitoring]
    spec["cassandra"] = { ...(spec["cassandra"] as Obj), repairs: false }; // [repairs]
    spec["certManager"] = { install: "none", namespace: "security" }; // [adopt]
    return spec;
}

/**
 * The local stack on nodes in zones a, b and c, Kafka and Cassandra both zoned, read by the Kafka and the
 * Cassandra tests (one run per environment instead of one per service):
 * - Kafka: 3 brokers, 3 controllers, RF 3 / min ISR 2, two tenants owning one topic each, on pool `data`;
 * - Cassandra: 3 nodes on their own data pool `cassandra` (a Kafka broker and a Cassandra pod each take a
 *   node), a keyspace of tenant analytics and one of nobody, backups off (the existing adapter's object
 *   store gives Medusa no credentials file).
 * Notebooks are off: the local stack's dev-only dummy sign-in is refused in prod, and not under test here.
 * In dev, one more independent patch, [adopt-trust]: the cluster already runs cert-manager in namespace
 * `security` (`certManager.install: trust-manager`), read by test/platform/certManager.test.ts (only
 * trust-manager installed, into that namespace). The data services take the platform CA's issuer from the
 * platform handle whatever the install mode, and no Kafka or Cassandra test reads cert-manager's namespace.
 * @param environment dev or prod
 */
export function zonedKafkaAndCassandra(environment: "dev" | "prod"): Obj {
    const spec = stackSpec("local");
    const pools = spec["nodePools"] as Record<string, Obj>;
    spec["environment"] = environment;
    spec["notebooks"] = { enabled: false };
    spec["zones"] = ["a", "b", "c"];
    pools["data"] = { ...pools["data"], maxNodes: 3 };
    pools["cassandra"] = { ...pools["data"], maxNodes: 3 };
    pools["general"] = { ...pools["general"], maxNodes: 3 };
    spec["tenants"] = {
        analytics: { members: { existing: { group: "analytics-devs" } }, quota: { cpu: 8, memoryGiB: 16, storageGiB: 100 } },
        ml: { members: { existing: { group: "ml-devs" } }, quota: { cpu: 8, memoryGiB: 16, storageGiB: 100 } },
    };
    spec["kafka"] = {
        enabled: true,
        pool: "data",
        brokers: 3,
        controllers: 3,
        storageGiB: 200,
        volumesPerBroker: 2,
        topics: {
            "analytics.events": { partitions: 12, replicas: 3, retentionHours: 72, tenant: "analytics" },
            "ml.features_v2": { partitions: 6, replicas: 3, retentionHours: -1, tenant: "ml" },
        },
    };
    spec["cassandra"] = { ...(spec["cassandra"] as Obj), pool: "cassandra", nodes: 3, keyspaces: { features: { replicationFactor: 3, tenant: "analytics" }, shared: { replicationFactor: 3 } }, backups: { enabled: false } };
    if (environment === "dev") spec["certManager"] = { install: "trust-manager", namespace: "security" }; // [adopt-trust]
    return spec;
}
