/**
 * Every chart and Kafka version the Kafka service pins, in one place. Each version carries a Renovate
 * marker on the line above so updates arrive as reviewed pull requests.
 */
export const KAFKA_VERSIONS = {
    /** The Strimzi cluster operator chart (operator image quay.io/strimzi/operator:1.2.0; CRDs serve `kafka.strimzi.io/v1` only). */
    strimzi: {
        chart: "strimzi-kafka-operator",
        repo: "https://strimzi.io/charts/",
        // renovate: datasource=helm depName=strimzi-kafka-operator registryUrl=https://strimzi.io/charts/
        version: "1.2.0",
    },
    /**
     * Apache Kafka run by the operator (Strimzi 1.2.0 supports 4.2.0, 4.2.1, 4.3.0 and 4.3.1 per its
     * kafka-versions.yaml; 4.3.1 is its default). The operator picks the matching
     * quay.io/strimzi/kafka:1.2.0-kafka-<version> image.
     */
    kafka: {
        // renovate: datasource=github-releases depName=apache/kafka
        version: "4.3.1",
        /** KRaft `metadata.version` of 4.3.x; raise it only after every broker runs the new version. */
        metadataVersion: "4.3-IV0",
    },
} as const;
