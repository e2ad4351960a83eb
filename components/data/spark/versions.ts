/**
 * Every chart, image and jar the Spark service pins, in one place. Each version carries a Renovate
 * marker on the line above so updates arrive as reviewed pull requests.
 */
export const SPARK_VERSIONS = {
    /** kubeflow spark-operator (controller + mutating webhook); its `crds/` match schemas/crds/spark-operator (v2.5.2). */
    sparkOperator: {
        chart: "spark-operator",
        repo: "https://kubeflow.github.io/spark-operator",
        // renovate: datasource=helm depName=spark-operator registryUrl=https://kubeflow.github.io/spark-operator
        version: "2.5.2",
    },
    /**
     * The Spark image of drivers, executors and the history server: the same `apache/spark` build the
     * operator 2.5.2 controller image is based on (its Dockerfile pins this digest), so spark-submit
     * in the controller and the driver run the same Spark. Runs as uid 185 (`spark`).
     */
    sparkImage: {
        repository: "docker.io/apache/spark",
        // renovate: datasource=docker depName=apache/spark
        version: "4.0.4",
        digest: "sha256:94ad730f7510002d8a1615de269f27cdeca4d4eef51657384db3fa9246b5a4d8",
    },
    /** NVIDIA RAPIDS Accelerator for Apache Spark (Scala 2.13 build, supports Spark 4.0.x), from Maven Central. */
    rapids: {
        group: "com.nvidia",
        artifact: "rapids-4-spark_2.13",
        // renovate: datasource=maven depName=com.nvidia:rapids-4-spark_2.13
        version: "25.12.0",
    },
} as const;

/** The pinned Spark image reference (`repo:tag@digest`). */
export const SPARK_IMAGE = `${SPARK_VERSIONS.sparkImage.repository}:${SPARK_VERSIONS.sparkImage.version}@${SPARK_VERSIONS.sparkImage.digest}`;

/** Maven coordinate of the RAPIDS jar (`group:artifact:version`) for `spark.jars.packages`. */
export const RAPIDS_PACKAGE = `${SPARK_VERSIONS.rapids.group}:${SPARK_VERSIONS.rapids.artifact}:${SPARK_VERSIONS.rapids.version}`;
