import * as pulumi from "@pulumi/pulumi";
import type { PoolHandle } from "../../clouds/clusterHandle";
import type { Tenant } from "../../spec";
import { DRIVER_SHAPE, executorShape } from "../spark/sizing";
import { SPARK_UID, sparkDefaultsConf, type SparkDefaultsInput } from "../spark/defaults";
import { affinityFor, tolerationsFor } from "../spark/placement";
import { sparkMemoryOverheadMiB } from "../../capacity";
import { SPARK_VERSIONS } from "../spark/versions";
import { SPARK_CONNECT_PORT } from "./hub";

/**
 * One Spark Connect server per tenant: a spark-operator `SparkConnect` (sparkoperator.k8s.io/v1alpha1,
 * kubeflow/spark-operator v2.5.2 `api/v1alpha1/sparkconnect_types.go`; CRD vendored in
 * schemas/crds/spark-operator/sparkoperator.k8s.io_sparkconnects.yaml), in the tenant namespace, with
 * the tenant's own Spark defaults (components/data/spark/defaults.ts), so executors land where the
 * tenant's batch jobs' executors land and write where its jobs write. Pure functions.
 *
 * How the operator runs it (v2.5.2 `internal/controller/sparkconnect/`):
 * - the server pod `<name>-server` is created from `spec.server.template` as is (reconciler.go
 *   `mutateServerPod`: labels, annotations and pod spec copied, the `spark-kubernetes-driver`
 *   container's image, command and args filled in): no webhook adds placement or security context, so
 *   the template carries node affinity, tolerations, the ServiceAccount and Pod Security `restricted`;
 * - the Service `<name>-server` exposes 15002 (`spark-connect-server`), 7078, 7079 and 4040
 *   (`mutateServerService`); the in-cluster URL is `sc://<name>-server.<ns>.svc.cluster.local:15002`
 *   (util.go `GetServerServiceHost`);
 * - `sparkConf` becomes `--conf key=value` words JOINED WITH SPACES into one `bash -c` argument
 *   (`container.Args = []string{strings.Join(args, " ")}`): a value with a space or a shell
 *   metacharacter would be split or expanded, so such settings are left out ({@link shellSafeConf});
 * - `spec.executor.template` is written to `/tmp/spark/executor-pod-template.yaml` and passed as
 *   `spark.kubernetes.executor.podTemplateFile` (options.go `executorPodTemplateOption`);
 * - `spec.dynamicAllocation` becomes the `spark.dynamicAllocation.*` settings (options.go `dynamicAllocationOption`);
 * - the controller watches SparkConnects in the chart's job namespaces (cmd/operator/controller/start.go
 *   cache `&v1alpha1.SparkConnect{}`) with RBAC for `sparkconnects` from the chart
 *   (templates/controller/_helpers.tpl), so the tenants the operator already serves need nothing more.
 */

/** Name of every tenant's SparkConnect (its server pod and Service are `spark-connect-server`). */
export const SPARK_CONNECT_NAME = "spark-connect";
/** API version of the SparkConnect resource (operator v2.5.2). */
export const SPARK_CONNECT_API_VERSION = "sparkoperator.k8s.io/v1alpha1";

/**
 * The SparkConnect's metadata.
 * @param namespace the tenant namespace
 */
export function sparkConnectMetadata(namespace: string): { name: string; namespace: string; labels: Record<string, string> } {
    return { name: SPARK_CONNECT_NAME, namespace, labels: { "app.kubernetes.io/part-of": "tristack-notebooks" } };
}

/** Labels of the Spark Connect server pod (the operator adds its own selector labels). */
export const SPARK_CONNECT_LABELS = { "tristack.io/component": "spark-connect" } as const;

/**
 * The `sc://` URL notebooks use (SPARK_REMOTE).
 * @param namespace the tenant namespace
 */
export function sparkRemote(namespace: string): string {
    return `sc://${SPARK_CONNECT_NAME}-server.${namespace}.svc.cluster.local:${SPARK_CONNECT_PORT}`;
}

/** Characters a value may hold to survive the operator's unquoted `bash -c` word splitting and globbing. */
const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]*$/;

/**
 * The settings that survive the operator's `bash -c` command line unchanged (keys and values without
 * spaces, quotes, `$`, `*` and other shell metacharacters).
 * @param conf resolved settings
 */
export function shellSafeConf(conf: Readonly<Record<string, string>>): Record<string, string> {
    return Object.fromEntries(Object.entries(conf).filter(([k, v]) => SHELL_SAFE.test(k) && SHELL_SAFE.test(v)));
}

/** The server pod's requests: the tenant defaults' driver (1 core, 2 GiB heap) plus Spark's overhead. */
export const SERVER_POD = { cpuMillis: DRIVER_SHAPE.requestCpuMillis, memoryMiB: DRIVER_SHAPE.memoryMiB + sparkMemoryOverheadMiB(DRIVER_SHAPE.memoryMiB) } as const;

/**
 * The most executors one tenant's Spark Connect may hold inside the tenant quota, after its server and
 * one notebook server of the smallest profile: dynamic allocation's upper bound (capped by
 * `spark.maxExecutors`). 0 when the quota has no room for one executor: that tenant gets no Spark
 * Connect server (a warning names `tenants.<t>.quota`), its notebooks still start.
 * @param quota the tenant's quota
 * @param executorPool the pool its executors run on
 * @param notebook the smallest profile's requests
 * @param maxExecutors `spark.maxExecutors`
 */
export function sparkConnectMaxExecutors(quota: Tenant["quota"], executorPool: Pick<PoolHandle, "allocatable" | "daemonSetOverhead">, notebook: { cpuMillis: number; memoryMiB: number }, maxExecutors: number): number {
    const shape = executorShape(executorPool);
    const cpu = quota.cpu * 1000 - SERVER_POD.cpuMillis - notebook.cpuMillis;
    const memory = quota.memoryGiB * 1024 - SERVER_POD.memoryMiB - notebook.memoryMiB;
    return Math.max(0, Math.min(Math.floor(cpu / shape.requestCpuMillis), Math.floor(memory / shape.podMemoryMiB), maxExecutors));
}

/** Inputs of {@link sparkConnectManifest}. */
export interface SparkConnectArgs {
    readonly namespace: string;
    /** The tenant's Spark defaults inputs (as the Spark component builds them for this namespace). */
    readonly defaults: SparkDefaultsInput;
    /** Dynamic allocation's upper bound ({@link sparkConnectMaxExecutors}). */
    readonly maxExecutors: number;
    readonly priorityClassName: string;
    /** Whether the image carries the object-store connectors (the platform image; not the upstream base). */
    readonly objectStoreConnectors: boolean;
}

const RESTRICTED_POD = { runAsNonRoot: true, runAsUser: SPARK_UID, runAsGroup: SPARK_UID, fsGroup: SPARK_UID, seccompProfile: { type: "RuntimeDefault" } } as const;
const RESTRICTED_CONTAINER = { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } } as const;
/** Dynamic-allocation keys the CR's `dynamicAllocation` owns (dropped from `sparkConf`). */
const DYNAMIC_ALLOCATION_PREFIX = "spark.dynamicAllocation.";
/**
 * Metrics-sink keys: the operator joins `sparkConf` into one unquoted `bash -c` line (shellSafeConf), which drops
 * the `spark.metrics.conf.*.sink...class` key; the path keys left behind would name a sink that does not exist.
 */
const METRICS_SINK_PREFIX = "spark.metrics.conf.";
/**
 * How long an executor holding shuffle data stays (ms): the tenant defaults' `shuffleTracking.timeout` (30min,
 * dynamicAllocationConf). The CR's dynamicAllocation owns it and the operator passes it only when set
 * (spark-operator v2.5.2 internal/controller/sparkconnect/options.go); Spark's own default is infinity, so
 * executors holding shuffle data would never be released.
 */
export const SHUFFLE_TRACKING_TIMEOUT_MS = 30 * 60 * 1000;

/**
 * The tenant's SparkConnect object.
 * @param args inputs
 * @param conf the tenant's Spark defaults, resolved
 */
export function sparkConnectManifest(args: SparkConnectArgs, conf: Readonly<Record<string, string>>): Record<string, unknown> {
    const d = args.defaults;
    const exec = executorShape(d.executorPool);
    const sparkConf: Record<string, string> = Object.fromEntries(Object.entries(shellSafeConf(conf)).filter(([k]) => !k.startsWith(DYNAMIC_ALLOCATION_PREFIX) && !k.startsWith(METRICS_SINK_PREFIX)));
    // The upstream base image (spark.image unset) has no object-store connector: an s3a/gs/abfs event-log
    // directory would stop the server's SparkContext at start (spark/versions.ts), and with it every notebook.
    if (!args.objectStoreConnectors) {
        for (const k of Object.keys(sparkConf)) if (k.startsWith("spark.eventLog.")) delete sparkConf[k];
        sparkConf["spark.eventLog.enabled"] = "false";
    }
    const pod = (pool: PoolHandle, labels: Record<string, string>, container: string, resources: Record<string, unknown> | undefined) => ({
        metadata: { labels },
        spec: {
            serviceAccountName: d.serviceAccount,
            automountServiceAccountToken: true,
            priorityClassName: args.priorityClassName,
            affinity: affinityFor(pool),
            tolerations: tolerationsFor(pool),
            securityContext: RESTRICTED_POD,
            containers: [{ name: container, ...(resources ? { resources } : {}), securityContext: RESTRICTED_CONTAINER }],
        },
    });
    const serverMemory = `${SERVER_POD.memoryMiB}Mi`;
    return {
        apiVersion: SPARK_CONNECT_API_VERSION,
        kind: "SparkConnect",
        metadata: sparkConnectMetadata(args.namespace),
        spec: {
            sparkVersion: SPARK_VERSIONS.sparkImage.version,
            image: d.image,
            sparkConf,
            server: {
                cores: DRIVER_SHAPE.cores,
                memory: `${DRIVER_SHAPE.memoryMiB}m`,
                template: pod(d.driverPool, { ...d.podLabels, ...SPARK_CONNECT_LABELS }, "spark-kubernetes-driver", {
                    requests: { cpu: `${SERVER_POD.cpuMillis}m`, memory: serverMemory },
                    limits: { memory: serverMemory },
                }),
            },
            executor: {
                cores: exec.cores,
                memory: `${exec.memoryMiB}m`,
                // Spark sets the executor container's requests from spark.executor.* and the request cores.
                template: pod(d.executorPool, { ...d.podLabels }, "spark-kubernetes-executor", undefined),
            },
            dynamicAllocation: { enabled: true, initialExecutors: 0, minExecutors: 0, maxExecutors: args.maxExecutors, shuffleTrackingEnabled: true, shuffleTrackingTimeout: SHUFFLE_TRACKING_TIMEOUT_MS },
        },
    };
}

/**
 * The tenant's Spark settings for its Connect server (the same function the Spark component uses
 * for the namespace's `spark-defaults`).
 * @param defaults the tenant's Spark defaults inputs
 */
export function sparkConnectConf(defaults: SparkDefaultsInput): pulumi.Output<Record<string, string>> {
    return pulumi.output(sparkDefaultsConf(defaults) as Record<string, pulumi.Input<string>>) as pulumi.Output<Record<string, string>>;
}
