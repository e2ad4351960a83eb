import { createHash } from "node:crypto";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { cqlshJobTemplate } from "./cqlshJob";
import type { ControlPlacement } from "./placement";

/**
 * Keyspaces as code. K8ssandra has no keyspace resource (its `k8ssandra.io/dc-replication` annotation
 * only alters replication of existing keyspaces when a datacenter is added), so a one-shot Job runs
 * cqlsh with the superuser credentials (mounted as files, never in the environment): it waits for the
 * datacenter's CQL service, then for each keyspace runs `CREATE KEYSPACE IF NOT EXISTS` followed by
 * `ALTER KEYSPACE` with the same replication, so re-runs converge on the spec and never drop data.
 * The statements live in a ConfigMap whose name carries a hash of its content; the Job references it, so a
 * changed keyspace list replaces the Job and it runs again. Dropping a keyspace is deliberately not
 * automated.
 */

/** How long `pulumi up` waits for the Job (the datacenter may still be bootstrapping). */
export const KEYSPACE_JOB_TIMEOUT = "60m";

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

/** Inputs of {@link createKeyspaceJob}. */
export interface KeyspaceJobArgs {
    readonly clusterName: string;
    readonly dc: string;
    readonly namespace: string;
    readonly keyspaces: readonly KeyspaceReplication[];
    /** The superuser Secret (`username`, `password`). */
    readonly superuserSecretName: string;
    /** Secret with `ca.crt` when client-to-node TLS is on. */
    readonly tlsSecretName?: string;
    readonly placement: ControlPlacement;
    readonly priorityClassName: string;
}

/** The shell the Job runs (cqlsh reads the statements from the mounted ConfigMap). */
export const KEYSPACE_SCRIPT = [
    "set -eu",
    'USER="$(cat /etc/cassandra-superuser/username)"',
    'PASS="$(cat /etc/cassandra-superuser/password)"',
    'until cqlsh $CQLSH_SSL "$CQL_HOST" 9042 -u "$USER" -p "$PASS" -e "DESCRIBE KEYSPACES" >/dev/null 2>&1; do echo "waiting for $CQL_HOST:9042"; sleep 10; done',
    'cqlsh $CQLSH_SSL "$CQL_HOST" 9042 -u "$USER" -p "$PASS" -f /etc/keyspaces/keyspaces.cql',
    'echo "keyspaces applied"',
].join("\n");

/**
 * Create the keyspace ConfigMap, ServiceAccount and Job.
 * @param name logical base name
 * @param args keyspaces and names
 * @param opts options (provider, parent, dependsOn the cluster)
 */
export function createKeyspaceJob(name: string, args: KeyspaceJobArgs, opts: pulumi.CustomResourceOptions): k8s.batch.v1.Job {
    const labels = { "app.kubernetes.io/name": "cassandra-keyspaces", "app.kubernetes.io/part-of": "tristack-cassandra" };
    const statements = keyspaceCql(args.keyspaces, args.dc);
    // The name carries a hash of the statements: new statements, new ConfigMap, new Job.
    const configMapName = `${args.clusterName}-keyspaces-${createHash("sha256").update(statements).digest("hex").slice(0, 10)}`;
    const cql = new k8s.core.v1.ConfigMap(`${name}-keyspaces`, { metadata: { name: configMapName, namespace: args.namespace, labels }, data: { "keyspaces.cql": statements } }, opts);
    const sa = new k8s.core.v1.ServiceAccount(
        `${name}-keyspaces`,
        { metadata: { name: `${args.clusterName}-keyspaces`, namespace: args.namespace, labels }, automountServiceAccountToken: false },
        opts,
    );
    return new k8s.batch.v1.Job(
        `${name}-keyspaces`,
        {
            metadata: { namespace: args.namespace, labels },
            spec: {
                backoffLimit: 6,
                activeDeadlineSeconds: 3600,
                template: cqlshJobTemplate({
                    labels,
                    serviceAccountName: sa.metadata.name,
                    priorityClassName: args.priorityClassName,
                    placement: args.placement,
                    script: KEYSPACE_SCRIPT,
                    cqlHost: `${args.clusterName}-${args.dc}-service.${args.namespace}.svc`,
                    superuserSecretName: args.superuserSecretName,
                    inputs: [{ mountPath: "/etc/keyspaces", volume: { name: "keyspaces", configMap: { name: cql.metadata.name } } }],
                    ...(args.tlsSecretName !== undefined ? { tls: { caFile: "ca.crt", volume: { secret: { secretName: args.tlsSecretName, items: [{ key: "ca.crt", path: "ca.crt" }] } } } } : {}),
                }),
            },
        },
        pulumi.mergeOptions(opts, { customTimeouts: { create: KEYSPACE_JOB_TIMEOUT, update: KEYSPACE_JOB_TIMEOUT } }),
    );
}
