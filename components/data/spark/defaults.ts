import type * as pulumi from "@pulumi/pulumi";
import type { PoolHandle } from "../../clouds/clusterHandle";
import { sparkSchedulingConf, type SparkScheduling } from "../../platform/batchScheduler";
import { DRIVER_SHAPE, executorConf, executorShape, gpuExecutorShape, type SparkConf } from "./sizing";

/**
 * The defaults every Spark application gets: image, event logs, dynamic allocation with shuffle
 * tracking, the Prometheus servlet, executor shape, object-store settings and local scratch.
 * Pure functions over the pool contract and the object store's settings; no cloud knowledge.
 *
 * They reach jobs as the `sparkConf` and spec fields of a generated SparkApplication
 * (application.ts), not as a mounted `spark-defaults.conf`: in spark-operator 2.5.2 spark-submit runs
 * inside the controller pod, so submission-time settings (image, service account, pod template files)
 * are read there, and `spec.sparkConfigMap` only mounts a ConfigMap into the driver and executor pods
 * at /etc/spark/conf with SPARK_CONF_DIR (internal/webhook/sparkpod_defaulter.go `addSparkConfigMap`,
 * pkg/common/spark.go `DefaultSparkConfDir`), after submission. Placement comes from the
 * SparkApplication's affinity and tolerations, which the operator's webhook applies; no pod template
 * file is involved.
 */
/** Uid/gid of the `spark` user in the apache/spark image. */
export const SPARK_UID = 185;
/** Name of Spark's first local-dir volume (Spark uses volumes named `spark-local-dir-*` as `spark.local.dir`). */
export const LOCAL_DIR_VOLUME = "spark-local-dir-1";
/** Mount path of the local scratch inside executors. */
export const LOCAL_DIR_MOUNT = "/var/data/spark-local";
/** Discovery script shipped in the apache/spark image (`examples/src/main/scripts/getGpusResources.sh`). */
export const GPU_DISCOVERY_SCRIPT = "/opt/spark/examples/src/main/scripts/getGpusResources.sh";
/** Container port of the Spark UI on the driver (also serves the Prometheus servlet). */
export const SPARK_UI_PORT = 4040;

/** What the defaults of one Spark namespace depend on. */
export interface SparkDefaultsInput {
    /** Pool of drivers. */
    readonly driverPool: PoolHandle;
    /** Pool of CPU executors. */
    readonly executorPool: PoolHandle;
    /** Pool of GPU executors, if the cluster has one. */
    readonly gpuPool?: PoolHandle;
    /** Image of drivers and executors (`sparkImage(spec.spark.image)`). */
    readonly image: string;
    /** Upper bound of dynamic allocation (`spec.spark.maxExecutors`). */
    readonly maxExecutors: number;
    /** Event log directory (object-store URI). */
    readonly eventLogDir: pulumi.Input<string>;
    /** The object store's Spark/Hadoop settings (workload identity, endpoints). */
    readonly objectStoreConf: Readonly<Record<string, pulumi.Input<string>>>;
    /** ServiceAccount of drivers and executors in this namespace. */
    readonly serviceAccount: string;
    /** Labels the identity binding needs on every pod (e.g. `azure.workload.identity/use`). */
    readonly podLabels: Readonly<Record<string, string>>;
    /**
     * Mount the executor pool's local NVMe as a hostPath `spark-local-dir-1`. Pod Security Admission
     * rejects hostPath volumes at `baseline` and `restricted`, so this is only for a namespace whose
     * `enforce` level is `privileged`; elsewhere Spark's emptyDir scratch on the node's disk is used.
     */
    readonly hostPathScratch: boolean;
    /** YuniKorn queue and gang (components/platform/batchScheduler.ts), when `scheduling.enabled`. */
    readonly scheduling?: SparkScheduling;
}

/** Spark settings that may hold values only known after deployment (bucket names). */
export type SparkConfInput = Readonly<Record<string, pulumi.Input<string>>>;

/** The Prometheus servlet on the driver UI (`/metrics/prometheus/`, executors at `/metrics/executors/prometheus/`). */
export const METRICS_CONF: SparkConf = {
    "spark.ui.prometheus.enabled": "true",
    "spark.metrics.conf.*.sink.prometheusServlet.class": "org.apache.spark.metrics.sink.PrometheusServlet",
    "spark.metrics.conf.*.sink.prometheusServlet.path": "/metrics/prometheus",
    "spark.metrics.conf.master.sink.prometheusServlet.path": "/metrics/master/prometheus",
    "spark.metrics.conf.applications.sink.prometheusServlet.path": "/metrics/applications/prometheus",
    "spark.metrics.appStatusSource.enabled": "true",
};

/** The same servlet sink as a `metrics.properties` file (for `spark.metrics.conf` or `SPARK_CONF_DIR`). */
export const METRICS_PROPERTIES = [
    "*.sink.prometheusServlet.class=org.apache.spark.metrics.sink.PrometheusServlet",
    "*.sink.prometheusServlet.path=/metrics/prometheus",
    "master.sink.prometheusServlet.path=/metrics/master/prometheus",
    "applications.sink.prometheusServlet.path=/metrics/applications/prometheus",
    "",
].join("\n");

/**
 * Dynamic allocation with shuffle tracking (Kubernetes has no external shuffle service).
 * @param maxExecutors upper bound
 */
export function dynamicAllocationConf(maxExecutors: number): SparkConf {
    return {
        "spark.dynamicAllocation.enabled": "true",
        "spark.dynamicAllocation.shuffleTracking.enabled": "true",
        "spark.dynamicAllocation.minExecutors": "0",
        "spark.dynamicAllocation.initialExecutors": "1",
        "spark.dynamicAllocation.maxExecutors": String(maxExecutors),
        "spark.dynamicAllocation.executorIdleTimeout": "60s",
        "spark.dynamicAllocation.shuffleTracking.timeout": "30min",
    };
}

/**
 * Local scratch on the executor pool's NVMe, when it has it: a hostPath volume named
 * `spark-local-dir-1`, which Spark uses as `spark.local.dir` (shuffle and spill).
 * @param pool the executor pool
 */
export function localScratchConf(pool: Pick<PoolHandle, "localScratch">): SparkConf {
    if (!pool.localScratch) return {};
    const prefix = `spark.kubernetes.executor.volumes.hostPath.${LOCAL_DIR_VOLUME}`;
    return {
        [`${prefix}.mount.path`]: LOCAL_DIR_MOUNT,
        [`${prefix}.mount.readOnly`]: "false",
        [`${prefix}.options.path`]: pool.localScratch.hostPath,
        [`${prefix}.options.type`]: "DirectoryOrCreate",
    };
}

/**
 * Settings of the CPU profile (`spark-defaults.conf` of the `spark-defaults` ConfigMap).
 * @param input the namespace's inputs
 */
export function sparkDefaultsConf(input: SparkDefaultsInput): SparkConfInput {
    const labels = (role: "driver" | "executor") => Object.fromEntries(Object.entries(input.podLabels).map(([k, v]) => [`spark.kubernetes.${role}.label.${k}`, v]));
    return {
        "spark.kubernetes.container.image": input.image,
        "spark.kubernetes.container.image.pullPolicy": "IfNotPresent",
        "spark.kubernetes.authenticate.driver.serviceAccountName": input.serviceAccount,
        "spark.kubernetes.authenticate.executor.serviceAccountName": input.serviceAccount,
        ...labels("driver"),
        ...labels("executor"),
        "spark.driver.cores": String(DRIVER_SHAPE.cores),
        "spark.kubernetes.driver.request.cores": `${DRIVER_SHAPE.requestCpuMillis}m`,
        "spark.driver.memory": `${DRIVER_SHAPE.memoryMiB}m`,
        ...executorConf(executorShape(input.executorPool)),
        [`spark.kubernetes.driver.node.selector.tristack.io/pool`]: input.driverPool.name,
        [`spark.kubernetes.executor.node.selector.tristack.io/pool`]: input.executorPool.name,
        ...dynamicAllocationConf(input.maxExecutors),
        "spark.eventLog.enabled": "true",
        "spark.eventLog.dir": input.eventLogDir,
        "spark.eventLog.rolling.enabled": "true",
        "spark.eventLog.rolling.maxFileSize": "128m",
        ...METRICS_CONF,
        ...(input.hostPathScratch ? localScratchConf(input.executorPool) : {}),
        "spark.decommission.enabled": "true",
        "spark.storage.decommission.enabled": "true",
        "spark.storage.decommission.shuffleBlocks.enabled": "true",
        ...(input.scheduling ? sparkSchedulingConf(input.scheduling) : {}),
        ...input.objectStoreConf,
    };
}

/**
 * Settings of the GPU profile (`spark-defaults-gpu`): the CPU profile with executors on the GPU pool,
 * one per GPU, and the RAPIDS plugin. The RAPIDS jar is baked into the platform image
 * (images/spark), so nothing is resolved through Ivy at run time: no `spark.jars.packages`, no
 * Maven Central egress, and no Ivy cache under `$HOME`, which is `/nonexistent` for the image's
 * `spark` user (apache/spark-docker#87, kubeflow/spark-operator#2208).
 * @param input the namespace's inputs (gpuPool set)
 * @param gpuPool the GPU pool
 */
export function sparkGpuDefaultsConf(input: SparkDefaultsInput, gpuPool: PoolHandle): SparkConfInput {
    const shape = gpuExecutorShape(gpuPool);
    const base = { ...sparkDefaultsConf(input) };
    for (const key of Object.keys(localScratchConf(input.executorPool))) delete base[key];
    return {
        ...base,
        ...executorConf(shape),
        ...(input.hostPathScratch ? localScratchConf(gpuPool) : {}),
        // No more GPU executors than the GPU pool holds at its maximum (the rest would stay Pending).
        "spark.dynamicAllocation.maxExecutors": String(Math.min(input.maxExecutors, gpuPool.maxNodes * shape.gpus)),
        [`spark.kubernetes.executor.node.selector.tristack.io/pool`]: gpuPool.name,
        "spark.plugins": "com.nvidia.spark.SQLPlugin",
        "spark.executor.resource.gpu.amount": "1",
        "spark.executor.resource.gpu.vendor": "nvidia.com",
        "spark.executor.resource.gpu.discoveryScript": GPU_DISCOVERY_SCRIPT,
        "spark.task.resource.gpu.amount": String(1 / shape.cores),
        "spark.rapids.sql.enabled": "true",
        "spark.rapids.memory.pinnedPool.size": "2g",
        "spark.sql.adaptive.enabled": "true",
    };
}

/** A Kubernetes object as plain data. */
export type Manifest = Record<string, unknown>;

/**
 * Render settings as a `spark-defaults.conf` (sorted `key value` lines).
 * @param conf resolved settings
 */
export function renderSparkDefaults(conf: Readonly<Record<string, string>>): string {
    return `${Object.keys(conf)
        .sort()
        .map((k) => `${k} ${conf[k]}`)
        .join("\n")}\n`;
}
