import type { PoolHandle } from "../../clouds/clusterHandle";
import { EXAMPLES_JAR, sparkApplication, sparkApplicationSpec, type SparkJob } from "./application";
import type { SparkScheduling } from "../../platform/batchScheduler";
import { sparkDefaultsConf, sparkGpuDefaultsConf, type Manifest, type SparkDefaultsInput } from "./defaults";

/**
 * Example SparkApplications, one per kind of work the stacks enable: a CPU batch job on the
 * large-core pool, a GPU (RAPIDS) job on the GPU pool, a nightly ScheduledSparkApplication, and the
 * CPU job in a tenant namespace. Shipped disabled: nothing deploys them; `examples/spark/*.yaml` are
 * generated from this function (a test keeps them in sync) and applied with kubectl. They are built
 * from the same defaults as each namespace's `spark-defaults` ConfigMap (whose `sparkapplication.json`
 * is the resolved example of that namespace), with placeholders where the files cannot know the value.
 */

/** Placeholder the example files carry for the event-log directory (`envsubst` fills it). */
export const EVENT_LOG_DIR_PLACEHOLDER = "${SPARK_EVENT_LOG_DIR}";
/** Placeholder the example files carry for the Spark image (`envsubst` fills it). */
export const SPARK_IMAGE_PLACEHOLDER = "${SPARK_IMAGE}";
export { EXAMPLES_JAR };

/** One namespace the examples run in. */
export interface SparkExampleNamespace {
    readonly namespace: string;
    /** Driver/executor ServiceAccount (bound to the object store). */
    readonly serviceAccount: string;
    /** Pod labels the identity binding needs. */
    readonly podLabels: Readonly<Record<string, string>>;
}

/** What the examples are generated from. */
export interface SparkExamplesInput {
    /** The `spark` namespace. */
    readonly spark: SparkExampleNamespace;
    /** A tenant namespace (`team-<name>`), if the stack has tenants. */
    readonly tenant?: SparkExampleNamespace;
    /** Event-log directory (a URI, or the placeholder). */
    readonly eventLogDir: string;
    /** Image (a reference, or the placeholder). */
    readonly image: string;
    /** The object store's Spark settings (as the cluster handle gives them). */
    readonly objectStoreConf: Readonly<Record<string, string>>;
    readonly driverPool: PoolHandle;
    /** CPU executor pool (large-core). */
    readonly executorPool: PoolHandle;
    /** GPU pool; without it there is no GPU example. */
    readonly gpuPool?: PoolHandle;
    /** Dynamic-allocation upper bound. */
    readonly maxExecutors: number;
    /** YuniKorn queue and gang per namespace (`sparkSchedulingFor`), when scheduling is on. */
    readonly scheduling?: (namespace: string) => SparkScheduling | undefined;
}

/** One generated example: file name and object. */
export interface SparkExample {
    readonly file: string;
    readonly manifest: Manifest;
}

const LABELS = { "app.kubernetes.io/part-of": "tristack-spark-examples" };
const CPU_JOB: SparkJob = { mainClass: "org.apache.spark.examples.SparkPi", mainApplicationFile: EXAMPLES_JAR, arguments: ["100000"] };
const GPU_JOB: SparkJob = { mainClass: "org.apache.spark.examples.sql.SimpleTypedAggregator", mainApplicationFile: EXAMPLES_JAR, arguments: [] };

function defaultsInput(input: SparkExamplesInput, ns: SparkExampleNamespace): SparkDefaultsInput {
    return {
        driverPool: input.driverPool,
        executorPool: input.executorPool,
        ...(input.gpuPool ? { gpuPool: input.gpuPool } : {}),
        image: input.image,
        maxExecutors: input.maxExecutors,
        eventLogDir: input.eventLogDir,
        objectStoreConf: input.objectStoreConf,
        serviceAccount: ns.serviceAccount,
        podLabels: ns.podLabels,
        hostPathScratch: false,
        ...scheduledIn(input, ns.namespace),
    };
}

function scheduledIn(input: SparkExamplesInput, namespace: string): { scheduling?: SparkScheduling } {
    const s = input.scheduling?.(namespace);
    return s ? { scheduling: s } : {};
}

/**
 * The example applications.
 * @param input pools, namespaces, identity, image and event-log directory
 */
export function sparkExamples(input: SparkExamplesInput): SparkExample[] {
    const conf = (ns: SparkExampleNamespace) => sparkDefaultsConf(defaultsInput(input, ns)) as Record<string, string>;
    const cpu = (ns: SparkExampleNamespace, name: string) =>
        sparkApplication({ name, namespace: ns.namespace, conf: conf(ns), driverPool: input.driverPool, executorPool: input.executorPool, gpus: 0, job: CPU_JOB, labels: LABELS });
    const out: SparkExample[] = [
        { file: "cpu-batch.yaml", manifest: cpu(input.spark, "cpu-batch-pi") },
        {
            file: "scheduled-nightly.yaml",
            manifest: {
                apiVersion: "sparkoperator.k8s.io/v1beta2",
                kind: "ScheduledSparkApplication",
                metadata: { name: "nightly-pi", namespace: input.spark.namespace, labels: { ...LABELS } },
                spec: {
                    schedule: "0 3 * * *",
                    timeZone: "UTC",
                    concurrencyPolicy: "Forbid",
                    successfulRunHistoryLimit: 3,
                    failedRunHistoryLimit: 3,
                    template: sparkApplicationSpec({ conf: conf(input.spark), driverPool: input.driverPool, executorPool: input.executorPool, gpus: 0, job: CPU_JOB }),
                },
            },
        },
    ];
    if (input.gpuPool) {
        // The GPU profile bounds executors by what the GPU pool holds (sparkGpuDefaultsConf).
        const gpuConf = sparkGpuDefaultsConf(defaultsInput(input, input.spark), input.gpuPool) as Record<string, string>;
        out.push({
            file: "gpu-rapids.yaml",
            manifest: sparkApplication({ name: "gpu-rapids-aggregate", namespace: input.spark.namespace, conf: gpuConf, driverPool: input.driverPool, executorPool: input.gpuPool, gpus: 1, job: GPU_JOB, labels: LABELS }),
        });
    }
    if (input.tenant) out.push({ file: "tenant-cpu-batch.yaml", manifest: cpu(input.tenant, "cpu-batch-pi") });
    return out;
}
