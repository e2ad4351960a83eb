import type { PoolHandle } from "../../clouds/clusterHandle";
import { dynamicAllocationConf, METRICS_CONF, type Manifest } from "./defaults";
import { affinityFor, tolerationsFor } from "./placement";
import { DRIVER_SHAPE, executorShape, gpuExecutorShape } from "./sizing";
import { RAPIDS_PACKAGE, SPARK_IMAGE } from "./versions";

/**
 * Example SparkApplications, one per kind of work the stacks enable: a CPU batch job on the
 * large-core pool, a GPU (RAPIDS) job on the GPU pool, and a nightly ScheduledSparkApplication.
 * Shipped disabled: nothing deploys them; `examples/spark/*.yaml` are generated from this function
 * (a test keeps them in sync) and applied with kubectl.
 */

/** Placeholder the example files carry for the event-log directory (`envsubst` fills it). */
export const EVENT_LOG_DIR_PLACEHOLDER = "${SPARK_EVENT_LOG_DIR}";
/** The spark-examples jar inside the Spark image. */
export const EXAMPLES_JAR = "local:///opt/spark/examples/jars/spark-examples.jar";

/** What the examples are generated from. */
export interface SparkExamplesInput {
    /** Namespace the examples run in. */
    readonly namespace: string;
    /** Driver/executor ServiceAccount (bound to the object store). */
    readonly serviceAccount: string;
    /** Event-log directory (a URI, or the placeholder). */
    readonly eventLogDir: string;
    /** Driver pool. */
    readonly driverPool: PoolHandle;
    /** CPU executor pool (large-core). */
    readonly executorPool: PoolHandle;
    /** GPU pool; without it there is no GPU example. */
    readonly gpuPool?: PoolHandle;
    /** Dynamic-allocation upper bound. */
    readonly maxExecutors: number;
}

/** One generated example: file name and object. */
export interface SparkExample {
    readonly file: string;
    readonly manifest: Manifest;
}

const millisToCores = (m: number) => `${m}m`;

function driverSpec(input: SparkExamplesInput): Manifest {
    return {
        cores: DRIVER_SHAPE.cores,
        coreRequest: millisToCores(DRIVER_SHAPE.requestCpuMillis),
        coreLimit: millisToCores(DRIVER_SHAPE.requestCpuMillis),
        memory: `${DRIVER_SHAPE.memoryMiB}m`,
        serviceAccount: input.serviceAccount,
        labels: { "app.kubernetes.io/name": "spark", "app.kubernetes.io/component": "driver" },
        affinity: affinityFor(input.driverPool),
        tolerations: tolerationsFor(input.driverPool),
        podSecurityContext: { runAsNonRoot: true, runAsUser: 185, runAsGroup: 185, fsGroup: 185, seccompProfile: { type: "RuntimeDefault" } },
        securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ["ALL"] } },
    };
}

function executorSpec(input: SparkExamplesInput, pool: PoolHandle, shape: { cores: number; requestCpuMillis: number; memoryMiB: number; overheadMiB: number }, gpus: number): Manifest {
    return {
        cores: shape.cores,
        coreRequest: millisToCores(shape.requestCpuMillis),
        coreLimit: millisToCores(shape.requestCpuMillis),
        memory: `${shape.memoryMiB}m`,
        memoryOverhead: `${shape.overheadMiB}m`,
        serviceAccount: input.serviceAccount,
        labels: { "app.kubernetes.io/name": "spark", "app.kubernetes.io/component": "executor" },
        affinity: affinityFor(pool),
        tolerations: tolerationsFor(pool),
        ...(gpus > 0 ? { gpu: { name: "nvidia.com/gpu", quantity: gpus } } : {}),
        podSecurityContext: { runAsNonRoot: true, runAsUser: 185, runAsGroup: 185, fsGroup: 185, seccompProfile: { type: "RuntimeDefault" } },
        securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ["ALL"] } },
    };
}

function baseConf(input: SparkExamplesInput): Record<string, string> {
    return { "spark.eventLog.enabled": "true", "spark.eventLog.dir": input.eventLogDir, "spark.eventLog.rolling.enabled": "true", ...METRICS_CONF };
}

function appSpec(input: SparkExamplesInput, body: { mainClass: string; arguments: string[]; executor: Manifest; sparkConf: Record<string, string>; deps?: Manifest }): Manifest {
    return {
        type: "Scala",
        mode: "cluster",
        image: SPARK_IMAGE,
        imagePullPolicy: "IfNotPresent",
        sparkVersion: "4.0.4",
        mainClass: body.mainClass,
        mainApplicationFile: EXAMPLES_JAR,
        arguments: body.arguments,
        sparkConf: body.sparkConf,
        ...(body.deps ? { deps: body.deps } : {}),
        restartPolicy: { type: "OnFailure", onFailureRetries: 2, onFailureRetryInterval: 30, onSubmissionFailureRetries: 3, onSubmissionFailureRetryInterval: 30 },
        timeToLiveSeconds: 86400,
        dynamicAllocation: { enabled: true, initialExecutors: 1, minExecutors: 0, maxExecutors: input.maxExecutors, shuffleTrackingEnabled: true },
        driver: driverSpec(input),
        executor: body.executor,
    };
}

/**
 * The example applications.
 * @param input pools, namespace, identity and event-log directory
 */
export function sparkExamples(input: SparkExamplesInput): SparkExample[] {
    const cpu = executorShape(input.executorPool);
    const meta = (name: string) => ({ name, namespace: input.namespace, labels: { "app.kubernetes.io/part-of": "tristack-spark-examples" } });
    const dyn = (max: number) => ({ ...dynamicAllocationConf(max) });
    const cpuApp = appSpec(input, {
        mainClass: "org.apache.spark.examples.SparkPi",
        arguments: ["100000"],
        executor: executorSpec(input, input.executorPool, cpu, 0),
        sparkConf: { ...baseConf(input), ...dyn(input.maxExecutors) },
    });
    const out: SparkExample[] = [
        { file: "cpu-batch.yaml", manifest: { apiVersion: "sparkoperator.k8s.io/v1beta2", kind: "SparkApplication", metadata: meta("cpu-batch-pi"), spec: cpuApp } },
        {
            file: "scheduled-nightly.yaml",
            manifest: {
                apiVersion: "sparkoperator.k8s.io/v1beta2",
                kind: "ScheduledSparkApplication",
                metadata: meta("nightly-pi"),
                spec: { schedule: "0 3 * * *", timeZone: "UTC", concurrencyPolicy: "Forbid", successfulRunHistoryLimit: 3, failedRunHistoryLimit: 3, template: cpuApp },
            },
        },
    ];
    if (input.gpuPool) {
        const gpu = gpuExecutorShape(input.gpuPool);
        const max = Math.min(input.maxExecutors, input.gpuPool.maxNodes * gpu.gpus);
        out.push({
            file: "gpu-rapids.yaml",
            manifest: {
                apiVersion: "sparkoperator.k8s.io/v1beta2",
                kind: "SparkApplication",
                metadata: meta("gpu-rapids-aggregate"),
                spec: appSpec(
                    { ...input, maxExecutors: max },
                    {
                        mainClass: "org.apache.spark.examples.sql.SimpleTypedAggregator",
                        arguments: [],
                        executor: executorSpec(input, input.gpuPool, gpu, 1),
                        sparkConf: {
                            ...baseConf(input),
                            ...dyn(max),
                            "spark.plugins": "com.nvidia.spark.SQLPlugin",
                            "spark.executor.resource.gpu.amount": "1",
                            "spark.executor.resource.gpu.vendor": "nvidia.com",
                            "spark.executor.resource.gpu.discoveryScript": "/opt/spark/examples/src/main/scripts/getGpusResources.sh",
                            "spark.task.resource.gpu.amount": String(1 / gpu.cores),
                            "spark.rapids.sql.enabled": "true",
                        },
                        deps: { packages: [RAPIDS_PACKAGE] },
                    },
                ),
            },
        });
    }
    return out;
}
