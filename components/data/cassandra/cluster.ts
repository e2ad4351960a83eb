import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { Resources } from "../../capacity/types";
import { POOL_LABEL } from "../../spec";
import type { EncryptionStores } from "./encryption";
import { ENCRYPTION_CASSANDRA_YAML } from "./encryption";
import type { MedusaSpec } from "./backups";
import type { TelemetrySpec } from "./metrics";
import type { ControlPlacement, RackSpec, TolerationSpec } from "./placement";
import { MGMT_API_HEAP_MIB, type CassandraNodeSizing } from "./sizing";
import { CASSANDRA_VERSIONS } from "./versions";

/**
 * The K8ssandraCluster: one datacenter whose racks map one-to-one to the cluster's zones, one
 * Cassandra pod per data node (cass-operator's required pod anti-affinity, left on), storage on the
 * fast class, auth with a Pulumi-generated superuser, TLS stores in prod, Medusa and Reaper.
 */

/** The datacenter's name (part of the client service name `<cluster>-<dc>-service`). */
export const DATACENTER_NAME = "dc1";
/**
 * cass-operator deletes a datacenter's PVCs when the CassandraDatacenter is deleted unless this
 * annotation says "false" (cass-operator >= 1.24). Set in prod: losing the CR must not lose the data.
 */
export const DELETE_PVC_ANNOTATION = "cassandra.datastax.com/delete-pvc";
/** Reaper's JVM heap and container (requests = limits). */
export const REAPER_SIZING = { heap: "1Gi", cpu: "500m", memory: "2Gi" } as const;

/** Inputs of {@link k8ssandraClusterSpec}. */
export interface K8ssandraClusterSpecArgs {
    readonly storageClassName: string;
    readonly storageGiB: number;
    readonly nodes: number;
    readonly racks: readonly RackSpec[];
    readonly tolerations: readonly TolerationSpec[];
    readonly sizing: CassandraNodeSizing;
    readonly priorityClassName: string;
    readonly superuserSecretName: string;
    readonly serviceAccountName: string;
    /** Labels every Cassandra pod carries (workload identity). */
    readonly podLabels: Readonly<Record<string, string>>;
    readonly telemetry: TelemetrySpec;
    readonly reaperTelemetry: Omit<TelemetrySpec, "mcac">;
    /** TLS stores (prod). */
    readonly encryption?: EncryptionStores;
    /** Client-to-node stores (with `encryption`; a certificate from the platform CA). */
    readonly clientEncryption?: EncryptionStores;
    /** Medusa section (backups on). */
    readonly medusa?: MedusaSpec;
    /** Reaper with automatic repair scheduling. */
    readonly reaper?: { readonly serviceAccountName: string; readonly placement: ControlPlacement };
    /** Keep PVCs when the datacenter is deleted (prod). */
    readonly retainVolumes: boolean;
}

const exact = (r: Resources) => ({ requests: { cpu: `${r.cpuMillis}m`, memory: `${r.memoryMiB}Mi` }, limits: { cpu: `${r.cpuMillis}m`, memory: `${r.memoryMiB}Mi` } });

/**
 * Node affinity requiring a pool (Reaper: the control pool).
 * @param placement the control placement
 */
function requiredPool(placement: ControlPlacement): Record<string, unknown> | undefined {
    const pool = placement.nodeSelector[POOL_LABEL];
    if (pool === undefined) return undefined;
    return { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: POOL_LABEL, operator: "In", values: [pool] }] }] } } };
}

/**
 * The K8ssandraCluster `spec` (field names from the v1.32.5 CRD).
 * @param args everything the cluster is made of
 */
export function k8ssandraClusterSpec(args: K8ssandraClusterSpecArgs): Record<string, unknown> {
    const { sizing } = args;
    const heap = `${sizing.heapMiB}Mi`;
    const restricted = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } };
    const cassandra: Record<string, unknown> = {
        serverVersion: CASSANDRA_VERSIONS.cassandra.version,
        serverType: "cassandra",
        superuserSecretRef: { name: args.superuserSecretName },
        serviceAccount: args.serviceAccountName,
        podPriorityClassName: args.priorityClassName,
        readOnlyRootFilesystem: true,
        storageConfig: {
            cassandraDataVolumeClaimSpec: {
                storageClassName: args.storageClassName,
                accessModes: ["ReadWriteOnce"],
                resources: { requests: { storage: `${args.storageGiB}Gi` } },
            },
        },
        resources: exact(sizing.containers.cassandra),
        containers: [{ name: "server-system-logger", resources: exact(sizing.containers.systemLogger) }],
        initContainers: [{ name: "server-config-init", resources: exact(sizing.initContainers.serverConfig) }],
        mgmtAPIHeap: `${MGMT_API_HEAP_MIB}Mi`,
        tolerations: args.tolerations,
        config: {
            // Heap only: Cassandra 5.0 already defaults to G1, and the CRD's `gc` field only writes
            // jvm11-server.options (not read by a node on JDK 17).
            jvmOptions: { heap_initial_size: heap, heap_max_size: heap },
            cassandraYaml: args.encryption ? { ...ENCRYPTION_CASSANDRA_YAML } : {},
        },
        telemetry: args.telemetry,
        ...(Object.keys(args.podLabels).length > 0 ? { metadata: { pods: { labels: { ...args.podLabels } } } } : {}),
        ...(args.encryption ? { serverEncryptionStores: args.encryption, clientEncryptionStores: args.clientEncryption ?? args.encryption } : {}),
        datacenters: [
            {
                metadata: { name: DATACENTER_NAME, ...(args.retainVolumes ? { annotations: { [DELETE_PVC_ANNOTATION]: "false" } } : {}) },
                size: args.nodes,
                racks: args.racks.map((r) => ({ name: r.name, nodeAffinityLabels: { ...r.nodeAffinityLabels } })),
            },
        ],
    };
    const reaper = args.reaper
        ? {
              deploymentMode: "PER_DC",
              storageType: "cassandra",
              keyspace: "reaper_db",
              ServiceAccountName: args.reaper.serviceAccountName,
              heapSize: REAPER_SIZING.heap,
              resources: { requests: { cpu: REAPER_SIZING.cpu, memory: REAPER_SIZING.memory }, limits: { cpu: REAPER_SIZING.cpu, memory: REAPER_SIZING.memory } },
              initContainerResources: { requests: { cpu: REAPER_SIZING.cpu, memory: REAPER_SIZING.memory }, limits: { cpu: REAPER_SIZING.cpu, memory: REAPER_SIZING.memory } },
              autoScheduling: { enabled: true, repairType: "AUTO" },
              tolerations: args.reaper.placement.tolerations,
              ...(requiredPool(args.reaper.placement) ? { affinity: requiredPool(args.reaper.placement) } : {}),
              securityContext: restricted,
              initContainerSecurityContext: restricted,
              telemetry: args.reaperTelemetry,
          }
        : undefined;
    return {
        auth: true,
        cassandra,
        ...(args.medusa ? { medusa: args.medusa } : {}),
        ...(reaper ? { reaper } : {}),
    };
}

/**
 * Create the K8ssandraCluster.
 * @param name logical name
 * @param meta Kubernetes name and namespace
 * @param meta.name the K8ssandraCluster's name
 * @param meta.namespace the Cassandra namespace
 * @param spec the spec from {@link k8ssandraClusterSpec}
 * @param opts options (provider, parent, dependsOn; protect/retainOnDelete in prod)
 */
export function createK8ssandraCluster(name: string, meta: { readonly name: string; readonly namespace: string }, spec: Record<string, unknown>, opts: pulumi.CustomResourceOptions): k8s.apiextensions.CustomResource {
    return new k8s.apiextensions.CustomResource(
        name,
        {
            apiVersion: "k8ssandra.io/v1alpha1",
            kind: "K8ssandraCluster",
            metadata: { name: meta.name, namespace: meta.namespace, labels: { "app.kubernetes.io/part-of": "tristack-cassandra" } },
            spec,
        },
        opts,
    );
}
