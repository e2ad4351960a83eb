import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Resources } from "../../capacity/types";
import type { BackupStorage, ObjectStore } from "../../clouds/clusterHandle";

/**
 * Medusa backups to the cluster's object store. The handle decides how Medusa authenticates:
 * `role-based` through workload identity (the Cassandra pods' ServiceAccount gets the handle's
 * annotations and pod labels), or `credential-based` with a narrowly scoped credentials file that is
 * stored here in a Secret referenced by `storageSecretRef`. A MedusaBackupSchedule takes the backups;
 * a second one purges backups older than the retention.
 */

/** Backups older than this are purged (Medusa `max_backup_age`, days). */
export const BACKUP_RETENTION_DAYS = 14;
/** When the purge runs (UTC), away from the usual backup hour. */
export const PURGE_SCHEDULE = "30 5 * * *";
/** Key of the credentials file in the storage Secret (Medusa requires this name). */
export const MEDUSA_CREDENTIALS_KEY = "credentials";

/** The K8ssandraCluster `medusa` section. */
export type MedusaSpec = Record<string, unknown>;

/**
 * The object-store prefix of a cluster's backups: one path segment. Medusa refuses a prefix with a
 * slash at start-up (0.29.x `medusa/config.py`: 'Required configuration "prefix" cannot contain a
 * slash', exit 2; thelastpickle/cassandra-medusa#501), which would crash-loop the sidecar and keep
 * every Cassandra pod NotReady. The cloud grants (S3 prefix condition, GCS IAM condition, Azure ABAC)
 * are derived from this same value.
 * @param clusterName the K8ssandraCluster's name
 */
export function backupPrefix(clusterName: string): string {
    const prefix = `cassandra-backups-${clusterName}`;
    if (prefix.includes("/")) throw new Error(`Medusa backup prefix ${prefix} must be a single path segment (no "/")`);
    return prefix;
}

/** Inputs of {@link medusaSpec}. */
export interface MedusaSpecArgs {
    readonly storage: BackupStorage;
    readonly prefix: string;
    /** Secret with the credentials file, when `credential-based`. */
    readonly storageSecretName?: string;
    /** Medusa sidecar and restore init container (requests = limits). */
    readonly resources: Resources;
    /** Medusa's client certificate Secret when client-to-node encryption is on. */
    readonly clientCertSecretName?: string;
}

const exact = (r: Resources) => ({ requests: { cpu: `${r.cpuMillis}m`, memory: `${r.memoryMiB}Mi` }, limits: { cpu: `${r.cpuMillis}m`, memory: `${r.memoryMiB}Mi` } });

/**
 * The `medusa` section of the K8ssandraCluster.
 * @param args storage, prefix and sizing
 */
export function medusaSpec(args: MedusaSpecArgs): MedusaSpec {
    const { storage } = args;
    return {
        storageProperties: {
            storageProvider: storage.storageProvider,
            bucketName: storage.bucketName,
            prefix: args.prefix,
            credentialsType: storage.credentialsType,
            ...(storage.region !== undefined ? { region: storage.region } : {}),
            ...(args.storageSecretName !== undefined ? { storageSecretRef: { name: args.storageSecretName } } : {}),
            maxBackupAge: BACKUP_RETENTION_DAYS,
            maxBackupCount: 0,
            concurrentTransfers: 1,
        },
        // The purge runs from our own MedusaBackupSchedule; the operator's built-in midnight purge
        // CronJob would duplicate it (K8ssandra docs recommend turning it off when scheduling purges).
        purgeBackups: false,
        containerResources: exact(args.resources),
        initContainerResources: exact(args.resources),
        securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ["ALL"] },
            privileged: false,
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            runAsUser: 999,
            seccompProfile: { type: "RuntimeDefault" },
        },
        ...(args.clientCertSecretName !== undefined
            ? {
                  // Medusa reads the CA, certificate and key as PEM files from these three keys
                  // (the K8ssandra "Medusa encryption" mapping of clientEncryptionStores).
                  clientEncryptionStores: {
                      keystoreSecretRef: { name: args.clientCertSecretName, key: "ca.crt" },
                      truststoreSecretRef: { name: args.clientCertSecretName, key: "tls.crt" },
                      truststorePasswordSecretRef: { name: args.clientCertSecretName, key: "tls.key" },
                  },
              }
            : {}),
    };
}

/** Backup storage resolved for the cluster. */
export interface ResolvedBackups {
    readonly storage: BackupStorage;
    readonly prefix: string;
    /** Credentials Secret (credential-based only). */
    readonly storageSecret?: k8s.core.v1.Secret;
    readonly storageSecretName?: string;
}

/**
 * Ask the object store for Medusa's storage and, when it hands out a credentials file, store it in a Secret.
 * @param name logical base name
 * @param objectStore the cluster's object store
 * @param args names
 * @param args.clusterName the K8ssandraCluster's name
 * @param args.namespace the Cassandra namespace
 * @param args.serviceAccount the Cassandra pods' ServiceAccount
 * @param componentOpts options for the cloud resources the handle creates (parent)
 * @param opts options for Kubernetes objects (provider, parent)
 */
export function resolveBackupStorage(
    name: string,
    objectStore: ObjectStore,
    args: { readonly clusterName: string; readonly namespace: string; readonly serviceAccount: string },
    componentOpts: pulumi.ComponentResourceOptions,
    opts: pulumi.CustomResourceOptions,
): ResolvedBackups {
    const prefix = backupPrefix(args.clusterName);
    const storage = objectStore.backupStorage(`${name}-backups`, { namespace: args.namespace, serviceAccount: args.serviceAccount }, prefix, componentOpts);
    switch (storage.credentialsType) {
        case "role-based":
            return { storage, prefix };
        case "credential-based": {
            if (storage.credentialsFile === undefined) {
                throw new pulumi.InputPropertiesError({
                    message: "the cluster's object store cannot give Medusa credentials",
                    errors: [{ propertyPath: "cassandra.backups.enabled", reason: "the object store returned credential-based backup storage without a credentials file; disable backups or configure the object store" }],
                });
            }
            const storageSecretName = `${args.clusterName}-medusa-storage`;
            const storageSecret = new k8s.core.v1.Secret(
                `${name}-medusa-storage`,
                {
                    metadata: { name: storageSecretName, namespace: args.namespace },
                    type: "Opaque",
                    stringData: { [MEDUSA_CREDENTIALS_KEY]: pulumi.secret(storage.credentialsFile) },
                },
                opts,
            );
            return { storage, prefix, storageSecret, storageSecretName };
        }
        default: {
            const unreachable: never = storage.credentialsType;
            return unreachable;
        }
    }
}

/** Inputs of {@link createBackupSchedules}. */
export interface BackupSchedulesArgs {
    readonly clusterName: string;
    readonly namespace: string;
    readonly dc: string;
    /** Cron schedule (UTC) of the backups. */
    readonly schedule: string;
}

/**
 * The MedusaBackupSchedule specs: differential backups on the spec's schedule, and a daily purge.
 * @param args names and schedule
 */
export function backupScheduleSpecs(args: BackupSchedulesArgs): { backup: Record<string, unknown>; purge: Record<string, unknown> } {
    return {
        backup: { cronSchedule: args.schedule, concurrencyPolicy: "Forbid", backupSpec: { cassandraDatacenter: args.dc, backupType: "differential" } },
        purge: { cronSchedule: PURGE_SCHEDULE, concurrencyPolicy: "Forbid", operationType: "purge", backupSpec: { cassandraDatacenter: args.dc } },
    };
}

/**
 * Create the backup and purge schedules (CRD not vendored: structure follows k8ssandra-operator's
 * `apis/medusa/v1alpha1/medusaschedule_types.go`, v1.32.5).
 * @param name logical base name
 * @param args names and schedule
 * @param opts options (provider, parent, dependsOn the cluster)
 */
export function createBackupSchedules(name: string, args: BackupSchedulesArgs, opts: pulumi.CustomResourceOptions): k8s.apiextensions.CustomResource[] {
    const specs = backupScheduleSpecs(args);
    return (["backup", "purge"] as const).map(
        (kind) =>
            new k8s.apiextensions.CustomResource(
                `${name}-${kind}-schedule`,
                {
                    apiVersion: "medusa.k8ssandra.io/v1alpha1",
                    kind: "MedusaBackupSchedule",
                    metadata: { name: `${args.clusterName}-${args.dc}-${kind}`, namespace: args.namespace },
                    spec: specs[kind],
                },
                opts,
            ),
    );
}
