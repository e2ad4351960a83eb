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
