/**
 * Every chart, image and jar the Spark service pins, in one place. Each version carries a Renovate
 * marker on the line above so updates arrive as reviewed pull requests.
 *
 * The object-store connectors and the RAPIDS jar are not in `apache/spark`: its images unpack
 * `spark-<v>-bin-hadoop3.tgz`, which is built without `-Phadoop-cloud` (apache/spark
 * `dev/create-release/release-build.sh`). They are baked into the platform image built from
 * `images/spark/Dockerfile` by the pipeline (docs/services/spark.md, "The Spark image"); the list
 * below is what that Dockerfile fetches, and a test keeps `images/spark/jars.txt` equal to it.
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
     * The base of the platform Spark image: the same `apache/spark` build the operator 2.5.2 controller
     * image is based on (its Dockerfile pins this digest), so spark-submit in the controller and the
     * driver run the same Spark. Runs as uid 185 (`spark`). Without the platform image (spec
     * `spark.image` unset) drivers, executors and the history server run this image, which has no
     * object-store connectors.
     */
    sparkImage: {
        repository: "docker.io/apache/spark",
        // renovate: datasource=docker depName=apache/spark
        version: "4.0.4",
        digest: "sha256:94ad730f7510002d8a1615de269f27cdeca4d4eef51657384db3fa9246b5a4d8",
    },
    /**
     * The Hadoop release Spark 4.0.x ships (hadoop-client-api/-runtime in `jars/`): 3.4.1, set by
     * SPARK-49550 for 4.0.0 (https://github.com/apache/spark/pull/48295); Spark 4.0 was still on 3.4.1
     * when wolfi patched it to 3.4.2 downstream (https://github.com/wolfi-dev/os/pull/65338, 2025-09).
     * hadoop-aws and hadoop-azure must be exactly this version (Hadoop's S3A docs:
     * https://hadoop.apache.org/docs/r3.4.1/hadoop-aws/tools/hadoop-aws/index.html); the image build
     * fails if `jars/hadoop-client-api-<this>.jar` is not in the base image.
     */
    hadoop: {
        // renovate: datasource=maven depName=org.apache.hadoop:hadoop-aws
        version: "3.4.1",
    },
    /** NVIDIA RAPIDS Accelerator for Apache Spark (Scala 2.13 build, supports Spark 4.0.x), from Maven Central. */
    rapids: {
        group: "com.nvidia",
        artifact: "rapids-4-spark_2.13",
        // renovate: datasource=maven depName=com.nvidia:rapids-4-spark_2.13
        version: "25.12.0",
    },
} as const;

/** One jar baked into the platform image, by Maven coordinate. */
export interface BakedJar {
    readonly group: string;
    readonly artifact: string;
    readonly version: string;
    /** Maven classifier (`shaded` for the GCS connector). */
    readonly classifier?: string;
    /** Why it is there and where its version comes from. */
    readonly why: string;
}

/**
 * The jars `images/spark/Dockerfile` adds to `/opt/spark/jars/` (on the default classpath of drivers,
 * executors and the history server alike), in `images/spark/jars.txt` order.
 */
export const BAKED_JARS: readonly BakedJar[] = [
    { group: "org.apache.spark", artifact: "spark-hadoop-cloud_2.13", version: SPARK_VERSIONS.sparkImage.version, why: "Spark's cloud committers (PathOutputCommitProtocol), what -Phadoop-cloud adds" },
    { group: "org.apache.hadoop", artifact: "hadoop-aws", version: SPARK_VERSIONS.hadoop.version, why: "S3A (s3a://) on AWS and S3-compatible stores (existing clusters)" },
    // hadoop-project-3.4.1.pom sets <aws-java-sdk-v2.version>2.24.6 and hadoop-aws-3.4.1.pom depends on
    // software.amazon.awssdk:bundle at that version (https://repo1.maven.org/maven2/org/apache/hadoop/hadoop-project/3.4.1/hadoop-project-3.4.1.pom).
    { group: "software.amazon.awssdk", artifact: "bundle", version: "2.24.6", why: "the AWS SDK v2 hadoop-aws 3.4.1 is built against" },
    { group: "org.apache.hadoop", artifact: "hadoop-azure", version: SPARK_VERSIONS.hadoop.version, why: "ABFS (abfss://), with WorkloadIdentityTokenProvider (HADOOP-18610, in 3.4 since apache/hadoop#6881)" },
    // hadoop-azure 3.4.1 declares wildfly-openssl for ABFS TLS (hadoop-project-3.4.1.pom: wildfly-openssl.version 1.1.3.Final).
    { group: "org.wildfly.openssl", artifact: "wildfly-openssl", version: "1.1.3.Final", why: "ABFS's SSL channel (falls back to JSSE without native OpenSSL)" },
    // Spark 4.0.0 bundles gcs-connector hadoop3-2.2.26 under -Phadoop-cloud (SPARK-51006, https://github.com/apache/spark/pull/49697).
    { group: "com.google.cloud.bigdataoss", artifact: "gcs-connector", version: "hadoop3-2.2.26", classifier: "shaded", why: "GCS (gs://), shaded so its Guava and gRPC do not clash with Spark's" },
    { group: SPARK_VERSIONS.rapids.group, artifact: SPARK_VERSIONS.rapids.artifact, version: SPARK_VERSIONS.rapids.version, why: "RAPIDS SQL plugin of the GPU profile (no Ivy resolution at run time)" },
];

/** File name of a baked jar (`artifact-version[-classifier].jar`), as Maven Central stores it. */
export function bakedJarFile(j: BakedJar): string {
    return `${j.artifact}-${j.version}${j.classifier ? `-${j.classifier}` : ""}.jar`;
}

/** The pinned upstream Spark image reference (`repo:tag@digest`), the platform image's base. */
export const SPARK_BASE_IMAGE = `${SPARK_VERSIONS.sparkImage.repository}:${SPARK_VERSIONS.sparkImage.version}@${SPARK_VERSIONS.sparkImage.digest}`;

/** Maven coordinate of the RAPIDS jar (`group:artifact:version`). Baked into the platform image, never resolved at run time. */
export const RAPIDS_PACKAGE = `${SPARK_VERSIONS.rapids.group}:${SPARK_VERSIONS.rapids.artifact}:${SPARK_VERSIONS.rapids.version}`;

/** Where the RAPIDS jar sits in the platform image. */
export const RAPIDS_JAR_PATH = `/opt/spark/jars/${bakedJarFile(BAKED_JARS.find((j) => j.artifact === SPARK_VERSIONS.rapids.artifact)!)}`;

/**
 * The image drivers, executors and the history server run: the spec's `spark.image` (the platform
 * image the pipeline built from images/spark, by digest), else the upstream base without connectors.
 * @param specImage `spec.spark.image`
 */
export function sparkImage(specImage: string | undefined): string {
    return specImage ?? SPARK_BASE_IMAGE;
}
