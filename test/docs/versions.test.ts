/**
 * The chart and product versions the docs name are the ones the code pins (components/** /versions.ts),
 * so a Renovate bump that forgets the docs fails here. Each pinned version must appear on the page that
 * describes it, on a line that also names the chart (or product), and every Helm chart also in the CRD
 * hygiene table.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { CASSANDRA_VERSIONS } from "../../components/data/cassandra/versions";
import { KAFKA_VERSIONS } from "../../components/data/kafka/versions";
import { SPARK_VERSIONS } from "../../components/data/spark/versions";
import { PLATFORM_VERSIONS } from "../../components/platform/versions";
import { ROOT } from "../support/mocks";

const page = (rel: string) => readFileSync(path.join(ROOT, "docs", rel), "utf8");

/** [page, what the line names, pinned version, is a Helm chart]. */
const PINS: readonly (readonly [string, string, string, boolean])[] = [
    ["services/monitoring.md", PLATFORM_VERSIONS.kubePrometheusStack.chart, PLATFORM_VERSIONS.kubePrometheusStack.version, true],
    ["services/monitoring.md", PLATFORM_VERSIONS.prometheusOperatorCrds.chart, PLATFORM_VERSIONS.prometheusOperatorCrds.version, true],
    ["services/monitoring.md", PLATFORM_VERSIONS.dcgmExporter.chart, PLATFORM_VERSIONS.dcgmExporter.version, true],
    ["reference/platform-contract.md", PLATFORM_VERSIONS.nvidiaDevicePlugin.chart, PLATFORM_VERSIONS.nvidiaDevicePlugin.version, true],
    ["services/spark.md", SPARK_VERSIONS.sparkOperator.chart, SPARK_VERSIONS.sparkOperator.version, true],
    ["services/scheduling.md", PLATFORM_VERSIONS.yunikorn.chart, PLATFORM_VERSIONS.yunikorn.version, true],
    ["services/spark.md", "apache/spark", SPARK_VERSIONS.sparkImage.version, false],
    ["services/spark.md", SPARK_VERSIONS.rapids.artifact, SPARK_VERSIONS.rapids.version, false],
    ["services/kafka.md", KAFKA_VERSIONS.strimzi.chart, KAFKA_VERSIONS.strimzi.version, true],
    ["services/kafka.md", "Kafka", KAFKA_VERSIONS.kafka.version, false],
    ["services/kafka.md", "metadata version", KAFKA_VERSIONS.kafka.metadataVersion, false],
    ["services/cert-manager.md", PLATFORM_VERSIONS.certManager.chart, PLATFORM_VERSIONS.certManager.version, true],
    ["services/cert-manager.md", PLATFORM_VERSIONS.trustManager.chart, PLATFORM_VERSIONS.trustManager.version, true],
    ["services/cassandra.md", CASSANDRA_VERSIONS.k8ssandraOperator.chart, CASSANDRA_VERSIONS.k8ssandraOperator.version, true],
    ["services/cassandra.md", "Cassandra", CASSANDRA_VERSIONS.cassandra.version, false],
];

describe("versions named in the docs", () => {
    it.each(PINS)("%s names %s %s", (file, what, version) => {
        const lines = page(file).split("\n").filter((l) => l.includes(what) && l.includes(version));
        expect(lines.length, `${file} has no line naming ${what} with ${version}`).toBeGreaterThan(0);
    });

    it.each(PINS.filter(([, , , chart]) => chart))("the CRD hygiene table names chart %s %s", (_file, chart, version) => {
        const rows = page("crd-hygiene.md").split("\n").filter((l) => l.includes(`\`${chart}\` \`${version}\``));
        expect(rows.length, `crd-hygiene.md has no row with \`${chart}\` \`${version}\``).toBe(1);
    });
});
