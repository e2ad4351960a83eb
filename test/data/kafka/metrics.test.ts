import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { CRUISE_CONTROL_RULES, dashboardJson, JMX_EXPORTER_RULES } from "../../../components/data/kafka/metrics";
import { run, type Recorded } from "../../support/mocks";
import { validateKubernetesObject } from "../../support/schemas";
import { localSpec, zonedSpec } from "./specs";
import { localMonitoringOffRepairsOffCertManagerAdopted } from "../variantSpecs";

type Obj = Record<string, unknown>;
const KAFKA = "kubernetes:kafka.strimzi.io/v1:Kafka";
const CM = "kubernetes:core/v1:ConfigMap";
const POD_MONITOR = "kubernetes:monitoring.coreos.com/v1:PodMonitor";

describe("Kafka metrics", () => {
    let on: Recorded;
    let off: Recorded;
    let zoned: Recorded;
    beforeAll(async () => {
        zoned = await run(zonedSpec("dev"), { stack: "local" });
        on = await run(localSpec(), { stack: "local" });
        // Monitoring off (with Cassandra's repairs off and cert-manager adopted, which change no Kafka
        // metrics object): the run test/data/cassandra/cluster.test.ts and test/platform/certManager.test.ts
        // read too (issue 15).
        off = await run(localMonitoringOffRepairsOffCertManagerAdopted(), { stack: "local" });
    });
    const meta = (x: { inputs: Obj }) => x.inputs["metadata"] as Obj;

    it("points the Kafka's metricsConfig at the JMX exporter rules ConfigMap", () => {
        const kafka = (on.one(KAFKA).inputs["spec"] as Obj)["kafka"] as Obj;
        expect(kafka["metricsConfig"]).toEqual({ type: "jmxPrometheusExporter", valueFrom: { configMapKeyRef: { name: "tristack-local-kafka-metrics", key: "metrics-config.yml" } } });
        const cm = on.one(CM, "tristack-local-kafka-metrics").inputs;
        expect([meta({ inputs: cm })["name"], meta({ inputs: cm })["namespace"]]).toEqual(["tristack-local-kafka-metrics", "kafka"]);
        expect((cm["data"] as Obj)["metrics-config.yml"]).toBe(JMX_EXPORTER_RULES);
        expect(validateKubernetesObject(cm)).toEqual([]);
    });

    it("gives Cruise Control its own rules ConfigMap, not the broker rules", () => {
        const cc = ((zoned.one(KAFKA).inputs["spec"] as Obj)["cruiseControl"] as Obj)["metricsConfig"];
        expect(cc).toEqual({ type: "jmxPrometheusExporter", valueFrom: { configMapKeyRef: { name: "tristack-local-cruise-control-metrics", key: "metrics-config.yml" } } });
        const cm = zoned.one(CM, "tristack-local-kafka-cruise-control-metrics").inputs;
        expect([meta({ inputs: cm })["namespace"], (cm["data"] as Obj)["metrics-config.yml"]]).toEqual(["kafka", CRUISE_CONTROL_RULES]);
        expect(validateKubernetesObject(cm)).toEqual([]);
        // A single broker has no Cruise Control and gets no rules for it.
        expect(on.ofType(CM).filter((c) => c.name.endsWith("cruise-control-metrics"))).toEqual([]);
    });

    it("matches Cruise Control's beans with its rules, which the broker rules never did", () => {
        // Bean names as Cruise Control registers them (domain kafka.cruisecontrol, name <Sensor>.<metric>), as
        // jmx_exporter formats them for matching; the metrics Strimzi's Cruise Control dashboard queries.
        const beans = [
            "kafka.cruisecontrol<name=LoadMonitor.valid-windows><>Value",
            "kafka.cruisecontrol<name=LoadMonitor.monitored-partitions-percentage><>Value",
            "kafka.cruisecontrol<name=AnomalyDetector.balancedness-score><>Value",
            "kafka.cruisecontrol<name=Executor.ongoing-execution-non_kafka_assigner><>Value",
            "kafka.cruisecontrol<name=AnomalyDetector.goal-violation-rate><>Count",
        ];
        const patterns = (yamlText: string) => (parse(yamlText) as { rules: { pattern: string }[] }).rules.map((r) => new RegExp(`^${r.pattern}$`));
        const matchedBy = (res: RegExp[]) => beans.filter((b) => res.some((re) => re.test(b)));
        expect(matchedBy(patterns(CRUISE_CONTROL_RULES))).toEqual(beans);
        expect(matchedBy(patterns(JMX_EXPORTER_RULES))).toEqual([]);
    });

    it("ships exporter rules that parse and name the replication health signals", () => {
        const rules = parse(JMX_EXPORTER_RULES) as { lowercaseOutputName: boolean; rules: { pattern: string; name: string; type: string }[] };
        expect(rules.lowercaseOutputName).toBe(true);
        expect(rules.rules.length).toBe(10);
        const names = rules.rules.map((r) => r.name);
        expect(names).toContain("kafka_server_replicamanager_$1");
        expect(names).toContain("kafka_controller_kafkacontroller_$1");
        for (const r of rules.rules) expect(["GAUGE", "COUNTER"]).toContain(r.type);
    });

    it("creates a PodMonitor for the cluster's pods on tcp-prometheus, labelled for the platform's Prometheus", () => {
        const pm = on.one(POD_MONITOR).inputs;
        expect(meta({ inputs: pm })).toEqual({ name: "tristack-local-kafka", namespace: "kafka", labels: { "app.kubernetes.io/part-of": "tristack-kafka", release: "kube-prometheus-stack" } });
        const spec = pm["spec"] as { selector: Obj; podMetricsEndpoints: Obj[] };
        expect(spec.selector).toEqual({ matchLabels: { "strimzi.io/cluster": "tristack-local" } });
        expect(spec.podMetricsEndpoints.map((e) => [e["port"], e["path"]])).toEqual([["tcp-prometheus", "/metrics"]]);
    });

    it("creates the dashboard ConfigMap in the monitoring namespace with the Grafana sidecar labels", () => {
        const cm = on.one(CM, "tristack-local-kafka-dashboard").inputs;
        const m = meta({ inputs: cm });
        expect(m["namespace"]).toBe("monitoring");
        expect(m["labels"]).toEqual({ "app.kubernetes.io/part-of": "tristack-kafka", grafana_dashboard: "1" });
        expect(JSON.parse((cm["data"] as Record<string, string>)["kafka.json"]!)).toEqual(JSON.parse(dashboardJson("tristack-local")));
        expect(validateKubernetesObject(cm)).toEqual([]);
    });

    it("has a dashboard whose panels query series the rules and Kafka Exporter produce", () => {
        const d = JSON.parse(dashboardJson("c")) as { panels: { targets: { expr: string }[] }[] };
        const exprs = d.panels.flatMap((p) => p.targets.map((t) => t.expr));
        expect(exprs.length).toBe(6);
        expect(exprs.some((e) => e.includes("kafka_server_replicamanager_underreplicatedpartitions"))).toBe(true);
        expect(exprs.some((e) => e.includes("kafka_consumergroup_lag"))).toBe(true);
        for (const e of exprs) expect(e).toContain('strimzi_io_cluster="c"');
    });

    it("creates no metrics objects and no metricsConfig when monitoring is off", () => {
        expect(off.ofType(POD_MONITOR)).toEqual([]);
        expect(off.ofType(CM).filter((c) => c.name.startsWith("tristack-local-kafka-"))).toEqual([]);
        expect(((off.one(KAFKA).inputs["spec"] as Obj)["kafka"] as Obj)["metricsConfig"]).toBeUndefined();
    });
});
