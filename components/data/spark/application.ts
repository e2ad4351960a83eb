import type { PoolHandle } from "../../clouds/clusterHandle";
import { SPARK_UID, type Manifest } from "./defaults";
import { affinityFor, tolerationsFor } from "./placement";
import { SPARK_VERSIONS } from "./versions";

/**
 * A SparkApplication carrying a namespace's platform defaults. This is how the defaults take effect
 * (defaults.ts says why a mounted `spark-defaults.conf` would not): every setting the operator has a
 * spec field for goes there (image, service account, cores, memory, dynamic allocation), placement and
 * security context go to the driver/executor fields the operator's webhook applies, and everything
 * else (event log, object store, metrics, decommissioning, RAPIDS) is `sparkConf`, which the
 * controller passes to spark-submit as `--conf` (internal/controller/sparkapplication/submission.go).
 *
 * No `coreLimit`: a CPU limit equal to the request CFS-throttles executors at their request, and the
 * platform sets no CPU limits (docs/reference/platform-contract.md). Without `coreLimit` the operator
 * passes no `spark.kubernetes.{driver,executor}.limit.cores`, and Spark sets no CPU limit
 * (BasicExecutorFeatureStep.scala; docs/reference/node-allocatable.md).
 */

/** The program a generated application runs. */
export interface SparkJob {
    readonly mainClass: string;
    readonly mainApplicationFile: string;
    readonly arguments: readonly string[];
}

/** The spark-examples jar inside the Spark image. */
export const EXAMPLES_JAR = "local:///opt/spark/examples/jars/spark-examples.jar";
/** The job of the generated per-namespace application: SparkPi, which needs nothing but the image. */
export const PI_JOB: SparkJob = { mainClass: "org.apache.spark.examples.SparkPi", mainApplicationFile: EXAMPLES_JAR, arguments: ["1000"] };

/** What a SparkApplication is generated from. */
export interface SparkApplicationInput {
    readonly name: string;
    readonly namespace: string;
    /** The namespace's resolved defaults (CPU or GPU profile). */
    readonly conf: Readonly<Record<string, string>>;
    readonly driverPool: PoolHandle;
    /** Pool of the executors (the GPU pool for the GPU profile). */
    readonly executorPool: PoolHandle;
    /** GPUs per executor (0 for CPU). */
    readonly gpus: number;
    readonly job: SparkJob;
    /** Labels of the SparkApplication object. */
    readonly labels?: Readonly<Record<string, string>>;
}

/** Settings that become spec fields (the operator would pass both, the later one winning). */
const AS_SPEC_FIELDS = new Set([
    "spark.kubernetes.container.image",
    "spark.kubernetes.container.image.pullPolicy",
    "spark.kubernetes.authenticate.driver.serviceAccountName",
    "spark.kubernetes.authenticate.executor.serviceAccountName",
    "spark.driver.cores",
    "spark.kubernetes.driver.request.cores",
    "spark.driver.memory",
    "spark.executor.cores",
    "spark.kubernetes.executor.request.cores",
    "spark.executor.memory",
    "spark.executor.memoryOverhead",
    "spark.dynamicAllocation.enabled",
    "spark.dynamicAllocation.shuffleTracking.enabled",
    "spark.dynamicAllocation.minExecutors",
    "spark.dynamicAllocation.initialExecutors",
    "spark.dynamicAllocation.maxExecutors",
]);

const podSecurityContext = { runAsNonRoot: true, runAsUser: SPARK_UID, runAsGroup: SPARK_UID, fsGroup: SPARK_UID, seccompProfile: { type: "RuntimeDefault" } };
const securityContext = { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ["ALL"] } };

function need(conf: Readonly<Record<string, string>>, key: string): string {
    const v = conf[key];
    if (v === undefined) throw new Error(`Spark defaults lack ${key}`);
    return v;
}

/** Pod labels the defaults put on one role's pods (`spark.kubernetes.<role>.label.*`). */
function roleLabels(conf: Readonly<Record<string, string>>, role: "driver" | "executor"): Record<string, string> {
    const prefix = `spark.kubernetes.${role}.label.`;
    return Object.fromEntries(Object.entries(conf).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
}

/**
 * The `spec` of a SparkApplication with the defaults (also the `template` of a ScheduledSparkApplication).
 * @param input defaults, pools and job
 */
export function sparkApplicationSpec(input: Omit<SparkApplicationInput, "name" | "namespace" | "labels">): Manifest {
    const { conf } = input;
    const sparkConf = Object.fromEntries(Object.entries(conf).filter(([k]) => !AS_SPEC_FIELDS.has(k) && !k.startsWith("spark.kubernetes.driver.label.") && !k.startsWith("spark.kubernetes.executor.label.")));
    const num = (key: string) => Number(need(conf, key));
    return {
        type: "Scala",
        mode: "cluster",
        image: need(conf, "spark.kubernetes.container.image"),
        imagePullPolicy: conf["spark.kubernetes.container.image.pullPolicy"] ?? "IfNotPresent",
        sparkVersion: SPARK_VERSIONS.sparkImage.version,
        mainClass: input.job.mainClass,
        mainApplicationFile: input.job.mainApplicationFile,
        arguments: [...input.job.arguments],
        sparkConf,
        // The operator hands the application to YuniKorn, which admits the driver and the gang together (batchScheduler.ts).
        ...(conf["spark.kubernetes.scheduler.name"] === "yunikorn" ? { batchScheduler: "yunikorn", batchSchedulerOptions: { queue: need(conf, "spark.kubernetes.driver.label.queue") } } : {}),
        restartPolicy: { type: "OnFailure", onFailureRetries: 2, onFailureRetryInterval: 30, onSubmissionFailureRetries: 3, onSubmissionFailureRetryInterval: 30 },
        timeToLiveSeconds: 86400,
        dynamicAllocation: {
            enabled: need(conf, "spark.dynamicAllocation.enabled") === "true",
            initialExecutors: num("spark.dynamicAllocation.initialExecutors"),
            minExecutors: num("spark.dynamicAllocation.minExecutors"),
            maxExecutors: num("spark.dynamicAllocation.maxExecutors"),
            shuffleTrackingEnabled: need(conf, "spark.dynamicAllocation.shuffleTracking.enabled") === "true",
        },
        driver: {
            cores: num("spark.driver.cores"),
            coreRequest: need(conf, "spark.kubernetes.driver.request.cores"),
            memory: need(conf, "spark.driver.memory"),
            serviceAccount: need(conf, "spark.kubernetes.authenticate.driver.serviceAccountName"),
            labels: { "app.kubernetes.io/name": "spark", "app.kubernetes.io/component": "driver", ...roleLabels(conf, "driver") },
            affinity: affinityFor(input.driverPool),
            tolerations: tolerationsFor(input.driverPool),
            podSecurityContext,
            securityContext,
        },
        executor: {
            cores: num("spark.executor.cores"),
            coreRequest: need(conf, "spark.kubernetes.executor.request.cores"),
            memory: need(conf, "spark.executor.memory"),
            memoryOverhead: need(conf, "spark.executor.memoryOverhead"),
            serviceAccount: need(conf, "spark.kubernetes.authenticate.executor.serviceAccountName"),
            labels: { "app.kubernetes.io/name": "spark", "app.kubernetes.io/component": "executor", ...roleLabels(conf, "executor") },
            affinity: affinityFor(input.executorPool),
            tolerations: tolerationsFor(input.executorPool),
            ...(input.gpus > 0 ? { gpu: { name: "nvidia.com/gpu", quantity: input.gpus } } : {}),
            podSecurityContext,
            securityContext,
        },
    };
}

/**
 * A SparkApplication with the defaults.
 * @param input defaults, pools, job, name and namespace
 */
export function sparkApplication(input: SparkApplicationInput): Manifest {
    return {
        apiVersion: "sparkoperator.k8s.io/v1beta2",
        kind: "SparkApplication",
        metadata: { name: input.name, namespace: input.namespace, labels: { ...(input.labels ?? {}) } },
        spec: sparkApplicationSpec(input),
    };
}
