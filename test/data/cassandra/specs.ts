/** Spec variants the Cassandra tests run: the local stack as committed, and local clusters with zones. */
import { stackSpec } from "../../support/mocks";

type Raw = Record<string, unknown> & {
    nodePools: Record<string, Record<string, unknown>>;
    cassandra: Record<string, unknown>;
};

/** The local stack's spec (existing cluster, no zones, 1 node, backups off). */
export function localSpec(): Raw {
    return stackSpec("local") as Raw;
}

/**
 * A local cluster whose nodes span zones a, b and c: 3 Cassandra nodes, a keyspace of tenant analytics and
 * one of nobody, backups off
 * (the existing adapter's object store gives Medusa no credentials file).
 * @param environment dev or prod
 */
export function zonedSpec(environment: "dev" | "prod"): Raw {
    const spec = localSpec();
    spec["environment"] = environment;
    // Notebooks are on in the local stack with its dev-only dummy sign-in, which prod refuses; not under test here.
    spec["notebooks"] = { enabled: false };
    spec["zones"] = ["a", "b", "c"];
    spec.nodePools["data"] = { ...spec.nodePools["data"], maxNodes: 3 };
    spec["kafka"] = { enabled: false };
    spec.cassandra = { ...spec.cassandra, nodes: 3, keyspaces: { features: { replicationFactor: 3, tenant: "analytics" }, shared: { replicationFactor: 3 } }, backups: { enabled: false } };
    return spec;
}
