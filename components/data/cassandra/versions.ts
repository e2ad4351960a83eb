/**
 * Every chart and image version the Cassandra service pins, in one place. Each version carries a
 * Renovate marker on the line above so updates arrive as reviewed pull requests.
 */
export const CASSANDRA_VERSIONS = {
    /** k8ssandra-operator (bundles cass-operator 1.30.3 as a sub-chart; image tag v1.32.5). */
    k8ssandraOperator: {
        chart: "k8ssandra-operator",
        repo: "https://helm.k8ssandra.io/stable",
        // renovate: datasource=helm depName=k8ssandra-operator registryUrl=https://helm.k8ssandra.io/stable
        version: "1.32.5",
    },
    /**
     * Apache Cassandra `serverVersion`. cass-operator turns it into the image
     * `docker.io/k8ssandra/cass-management-api:<version>-ubi` (its `config/manager/image_config.yaml`:
     * `defaults.cassandra.repository: docker.io/k8ssandra/cass-management-api`, `suffix: "-ubi"`). That tag
     * exists for 5.0.8: k8ssandra/management-api-for-apache-cassandra publishes
     * `k8ssandra/cass-management-api:${cassandra-version}-ubi` for every version of its 5.0 release matrix
     * (`.github/workflows/release.yaml`, `--file cassandra/Dockerfile-5.0.ubi`), and 5.0.8 joined that matrix in
     * v0.1.116 of 2026-04-20 (CHANGELOG: "#741 Add Cassandra 5.0.8 to the build matrix"; README version table).
     */
    cassandra: {
        // renovate: datasource=docker depName=k8ssandra/cass-management-api
        version: "5.0.8",
    },
    /** Image of the keyspace Job (cqlsh ships in the official Cassandra image). */
    cqlshImage: {
        repository: "docker.io/library/cassandra",
        // `digest`: the index digest of `cassandra:5.0.8` (multi-arch), from docker-library/repo-info; prod pins by digest.
        // renovate: datasource=docker depName=cassandra
        version: "5.0.8",
        digest: "sha256:e52bb93c21f69cc5c2f5eb9e7d9736b10a047ad38bc7776480c7dbbf7d4e0ba7",
    },
} as const;

/**
 * The Cassandra 5.0 versions k8ssandra/management-api-for-apache-cassandra publishes as
 * `k8ssandra/cass-management-api:<version>-ubi`: the `build-oss-5-0x` matrix of its `.github/workflows/release.yaml`
 * (commit dbc7629, 2026-08-21). `serverVersion` must be one of them, or cass-operator asks for an image that does
 * not exist and the pods never start. (cass-operator's `config/manager/image_config.yaml` turns `serverVersion`
 * into `docker.io/k8ssandra/cass-management-api:<serverVersion>-ubi`.)
 */
export const MANAGEMENT_API_UBI_5_0 = ["5.0.1", "5.0.2", "5.0.3", "5.0.4", "5.0.5", "5.0.6", "5.0.7", "5.0.8", "5.0.9"] as const;

