import { createHash } from "node:crypto";
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { CqlshStep } from "./cqlshJob";

/**
 * Keyspaces as code. K8ssandra has no keyspace resource (its `k8ssandra.io/dc-replication` annotation
 * only alters replication of existing keyspaces when a datacenter is added), so the one-shot cqlsh Job
 * (cqlshJob.ts, shared with the roles) runs cqlsh with the superuser credentials (mounted as files, never in
 * the environment): once the datacenter's CQL service answers, for each keyspace it runs
 * `CREATE KEYSPACE IF NOT EXISTS` followed by `ALTER KEYSPACE` with the same replication, so re-runs
 * converge on the spec and never drop data. The statements live in a ConfigMap whose name carries a hash
 * of its content; the Job references it, so a changed keyspace list replaces the Job and it runs again.
 * Dropping a keyspace is deliberately not automated.
 */

/** One keyspace: name and replication factor in the datacenter. */
export interface KeyspaceReplication {
    readonly name: string;
    readonly replicationFactor: number;
}

/**
 * The idempotent CQL for a set of keyspaces (NetworkTopologyStrategy, one datacenter).
 * @param keyspaces keyspace names and replication factors
 * @param dc the datacenter name
 */
export function keyspaceCql(keyspaces: readonly KeyspaceReplication[], dc: string): string {
    return keyspaces
        .map((k) => {
            const replication = `{'class': 'NetworkTopologyStrategy', '${dc}': ${k.replicationFactor}}`;
            return [`CREATE KEYSPACE IF NOT EXISTS ${k.name} WITH replication = ${replication};`, `ALTER KEYSPACE ${k.name} WITH replication = ${replication};`].join("\n");
        })
        .join("\n");
}

/** Inputs of {@link createKeyspaceStep}. */
export interface KeyspaceStepArgs {
    readonly clusterName: string;
    readonly dc: string;
    readonly namespace: string;
    readonly keyspaces: readonly KeyspaceReplication[];
}

/** Where the cqlsh Job mounts the statements. */
export const KEYSPACES_MOUNT = "/etc/keyspaces";

/** The cqlsh Job's keyspace lines (cqlsh reads the statements from the mounted ConfigMap). */
export const KEYSPACE_SCRIPT = [`cqlsh $CQLSH_SSL "$CQL_HOST" 9042 -u "$USER" -p "$PASS" -f ${KEYSPACES_MOUNT}/keyspaces.cql`, 'echo "keyspaces applied"'].join("\n");

/**
 * Create the keyspace ConfigMap, the keyspace step of the cqlsh Job (cqlshJob.ts createCqlshJob). The
 * ConfigMap needs only its namespace (the options), not the cluster: it is data, read when the Job runs.
 * @param name logical base name
 * @param args keyspaces and names
 * @param opts options (provider, parent, dependsOn the namespace)
 */
export function createKeyspaceStep(name: string, args: KeyspaceStepArgs, opts: pulumi.CustomResourceOptions): CqlshStep {
    const labels = { "app.kubernetes.io/name": "cassandra-keyspaces", "app.kubernetes.io/part-of": "tristack-cassandra" };
    const statements = keyspaceCql(args.keyspaces, args.dc);
    // The name carries a hash of the statements: new statements, new ConfigMap, a new pod template, the Job runs again.
    const configMapName = `${args.clusterName}-keyspaces-${createHash("sha256").update(statements).digest("hex").slice(0, 10)}`;
    const cql = new k8s.core.v1.ConfigMap(`${name}-keyspaces`, { metadata: { name: configMapName, namespace: args.namespace, labels }, data: { "keyspaces.cql": statements } }, opts);
    return { script: KEYSPACE_SCRIPT, inputs: [{ mountPath: KEYSPACES_MOUNT, volume: { name: "keyspaces", configMap: { name: cql.metadata.name } } }], resources: [cql] };
}
