/**
 * Spec variants of the local stack that more than one data-service test file runs. A program run costs
 * seconds (issue 15), and identical specs share one run across files (components/plan/engine.ts caches
 * by the spec's JSON text), so files that can read the same variant build it here, once.
 */
import { stackSpec } from "../support/mocks";

type Obj = Record<string, unknown>;

/**
 * The local stack with [monitoring] monitoring off and [repairs] Cassandra's repairs off. Read by
 * test/data/kafka/metrics.test.ts (no Kafka metrics objects without monitoring) and
 * test/data/cassandra/cluster.test.ts (no ServiceMonitors without monitoring; no Reaper without
 * repairs: Reaper exists only with repairs, components/data/cassandra/cassandra.ts, so the two do
 * not mask each other).
 */
export function localWithoutMonitoringOrRepairs(): Obj {
    const spec = stackSpec("local");
    spec["monitoring"] = { enabled: false }; // [monitoring]
    spec["cassandra"] = { ...(spec["cassandra"] as Obj), repairs: false }; // [repairs]
    return spec;
}
