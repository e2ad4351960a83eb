/** Spec variants the Kafka tests run: the local stack as committed, and local clusters with zones. */
import { stackSpec } from "../../support/mocks";
import { zonedKafkaAndCassandra } from "../variantSpecs";

type Raw = Record<string, unknown> & {
    nodePools: Record<string, Record<string, unknown>>;
    kafka: Record<string, unknown>;
};

/** The local stack's spec (existing cluster, no zones, 1 broker, 1 controller, reduced durability). */
export function localSpec(): Raw {
    return stackSpec("local") as Raw;
}

/**
 * A local cluster whose nodes span zones a, b and c, with Kafka and Cassandra both zoned
 * (test/data/variantSpecs.ts: one run per environment serves the Kafka and the Cassandra tests).
 * @param environment dev or prod
 */
export function zonedSpec(environment: "dev" | "prod"): Raw {
    return zonedKafkaAndCassandra(environment) as Raw;
}
