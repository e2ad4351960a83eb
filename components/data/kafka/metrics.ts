import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { PlatformHandle } from "../../platform/platformHandle";

/**
 * Metrics of the Kafka cluster when the platform runs Prometheus: JMX Prometheus Exporter rules
 * (ours) in a ConfigMap the Kafka resource points `metricsConfig` at, Cruise Control's own rules in a
 * second ConfigMap, one PodMonitor for every pod
 * of the cluster that serves `tcp-prometheus` (brokers, controllers, Cruise Control, Kafka Exporter),
 * and a small Grafana dashboard.
 */

/** Key of the JMX exporter rules in the metrics ConfigMap. */
export const METRICS_KEY = "metrics-config.yml";
/** Port name Strimzi gives the Prometheus endpoint of its pods (9404). */
export const METRICS_PORT_NAME = "tcp-prometheus";

/**
 * JMX Prometheus Exporter rules: the broker health and throughput signals, request latency
 * percentiles, KRaft quorum state and JVM memory. Everything else is dropped to keep cardinality low.
 */
export const JMX_EXPORTER_RULES = `lowercaseOutputName: true
lowercaseOutputLabelNames: true
rules:
  # Throughput, per topic and cluster-wide (no topic label).
  - pattern: "kafka.server<type=BrokerTopicMetrics, name=(MessagesInPerSec|BytesInPerSec|BytesOutPerSec|FailedProduceRequestsPerSec|FailedFetchRequestsPerSec), topic=(.+)><>Count"
    name: kafka_server_brokertopicmetrics_$1_total
    type: COUNTER
    labels:
      topic: "$2"
  - pattern: "kafka.server<type=BrokerTopicMetrics, name=(MessagesInPerSec|BytesInPerSec|BytesOutPerSec|FailedProduceRequestsPerSec|FailedFetchRequestsPerSec)><>Count"
    name: kafka_server_brokertopicmetrics_$1_total
    type: COUNTER
  # Replication health.
  - pattern: "kafka.server<type=ReplicaManager, name=(UnderReplicatedPartitions|UnderMinIsrPartitionCount|AtMinIsrPartitionCount|OfflineReplicaCount|PartitionCount|LeaderCount)><>Value"
    name: kafka_server_replicamanager_$1
    type: GAUGE
  - pattern: "kafka.server<type=ReplicaManager, name=(IsrShrinksPerSec|IsrExpandsPerSec)><>Count"
    name: kafka_server_replicamanager_$1_total
    type: COUNTER
  - pattern: "kafka.controller<type=KafkaController, name=(ActiveControllerCount|ActiveBrokerCount|FencedBrokerCount|OfflinePartitionsCount|GlobalPartitionCount|GlobalTopicCount)><>Value"
    name: kafka_controller_kafkacontroller_$1
    type: GAUGE
  # Request latency percentiles of produce and fetch.
  - pattern: "kafka.network<type=RequestMetrics, name=TotalTimeMs, request=(Produce|FetchConsumer|FetchFollower)><>(50|99|999)thPercentile"
    name: kafka_network_requestmetrics_totaltimems
    type: GAUGE
    labels:
      request: "$1"
      quantile: "0.$2"
  # Saturation of the request and network threads (1 = idle).
  - pattern: "kafka.server<type=KafkaRequestHandlerPool, name=RequestHandlerAvgIdlePercent><>OneMinuteRate"
    name: kafka_server_kafkarequesthandlerpool_requesthandleravgidlepercent
    type: GAUGE
  - pattern: "kafka.network<type=SocketServer, name=NetworkProcessorAvgIdlePercent><>Value"
    name: kafka_network_socketserver_networkprocessoravgidlepercent
    type: GAUGE
  # KRaft quorum.
  - pattern: "kafka.server<type=raft-metrics><>(current-leader|current-epoch|high-watermark|log-end-offset|commit-latency-avg)"
    name: kafka_server_raftmetrics_$1
    type: GAUGE
  # JVM heap.
  - pattern: "java.lang<type=Memory><HeapMemoryUsage>(used|committed|max)"
    name: jvm_memory_heap_$1_bytes
    type: GAUGE
`;

/**
 * JMX Prometheus Exporter rules for Cruise Control, whose beans live in the `kafka.cruisecontrol` domain
 * as `kafka.cruisecontrol<name=<Sensor>.<metric>>` (LoadMonitor, AnomalyDetector, Executor,
 * GoalOptimizer, ...): none of the broker rules above matches them. The pattern and the resulting names
 * (`kafka_cruisecontrol_loadmonitor_valid_windows_value`, ...) follow Strimzi's example
 * `packaging/examples/metrics/kafka-cruise-control-metrics.yaml` (rule
 * `kafka.cruisecontrol<name=(.+)><>(\w+)` → `kafka_cruisecontrol_$1_$2`, GAUGE) and the names its Cruise
 * Control dashboard queries (`packaging/examples/metrics/grafana-dashboards/strimzi-cruise-control.json`);
 * only the `Value` and `Count` attributes are kept (the rates and percentiles of the meters and timers
 * are derived in Prometheus), plus JVM heap.
 */
export const CRUISE_CONTROL_RULES = `lowercaseOutputName: true
rules:
  # Cruise Control sensors: gauges (Value) and meter/timer counts (Count).
  - pattern: "kafka.cruisecontrol<name=(.+)><>(Value|Count)"
    name: kafka_cruisecontrol_$1_$2
    type: GAUGE
  # JVM heap.
  - pattern: "java.lang<type=Memory><HeapMemoryUsage>(used|committed|max)"
    name: jvm_memory_heap_$1_bytes
    type: GAUGE
`;

/**
 * The Grafana dashboard (JSON model): throughput, replication health, latency and consumer lag.
 * @param clusterName the Kafka cluster (filters the series by `strimzi_io_cluster`)
 */
export function dashboardJson(clusterName: string): string {
    const sel = `namespace="$namespace",strimzi_io_cluster="${clusterName}"`;
    const panel = (id: number, title: string, expr: string, unit: string, x: number, y: number, legend: string) => ({
        id,
        type: "timeseries",
        title,
        datasource: { type: "prometheus", uid: "$datasource" },
        gridPos: { h: 8, w: 12, x, y },
        fieldConfig: { defaults: { unit }, overrides: [] },
        targets: [{ refId: "A", expr, legendFormat: legend }],
    });
    return JSON.stringify({
        title: `Kafka ${clusterName}`,
        uid: `tristack-kafka-${clusterName}`.slice(0, 40),
        schemaVersion: 39,
        editable: false,
        time: { from: "now-6h", to: "now" },
        refresh: "30s",
        tags: ["tristack", "kafka"],
        templating: {
            list: [
                { name: "datasource", type: "datasource", query: "prometheus", label: "Data source" },
                { name: "namespace", type: "constant", query: "kafka", hide: 2 },
            ],
        },
        panels: [
            panel(1, "Messages in / s", `sum by (topic) (rate(kafka_server_brokertopicmetrics_messagesinpersec_total{${sel},topic!=""}[5m]))`, "ops", 0, 0, "{{topic}}"),
            panel(2, "Bytes in and out / s", `sum(rate(kafka_server_brokertopicmetrics_bytesinpersec_total{${sel},topic=""}[5m]))`, "Bps", 12, 0, "in"),
            panel(3, "Under-replicated and under-min-ISR partitions", `sum(kafka_server_replicamanager_underreplicatedpartitions{${sel}}) + sum(kafka_server_replicamanager_underminisrpartitioncount{${sel}})`, "short", 0, 8, "partitions at risk"),
            panel(4, "Offline partitions", `max(kafka_controller_kafkacontroller_offlinepartitionscount{${sel}})`, "short", 12, 8, "offline partitions"),
            panel(5, "Produce latency p99", `max by (pod) (kafka_network_requestmetrics_totaltimems{${sel},request="Produce",quantile="0.99"})`, "ms", 0, 16, "{{pod}}"),
            panel(6, "Consumer group lag", `sum by (consumergroup, topic) (kafka_consumergroup_lag{${sel}})`, "short", 12, 16, "{{consumergroup}} / {{topic}}"),
        ],
    });
}

/**
 * Create the metrics ConfigMap, the PodMonitor and the dashboard ConfigMap (called only when the
 * platform's monitoring is on: the PodMonitor CRD exists only then).
 * @param name base logical name
 * @param args cluster, namespace and the platform's monitoring contract
 * @param args.clusterName the Kafka cluster
 * @param args.namespace the Kafka namespace
 * @param args.monitoring the platform's monitoring settings
 * @param opts options (provider, parent, dependsOn)
 */
export function createMetrics(
    name: string,
    args: { readonly clusterName: string; readonly namespace: string; readonly monitoring: PlatformHandle["monitoring"]; readonly cruiseControl: boolean },
    opts: pulumi.CustomResourceOptions,
): { configMapName: string; cruiseControlConfigMapName?: string; resources: pulumi.Resource[] } {
    const configMapName = `${args.clusterName}-kafka-metrics`;
    const labels = { "app.kubernetes.io/part-of": "tristack-kafka" };
    const rules = new k8s.core.v1.ConfigMap(`${name}-metrics`, { metadata: { name: configMapName, namespace: args.namespace, labels }, data: { [METRICS_KEY]: JMX_EXPORTER_RULES } }, opts);
    const cruiseControlConfigMapName = `${args.clusterName}-cruise-control-metrics`;
    const ccRules = args.cruiseControl
        ? new k8s.core.v1.ConfigMap(`${name}-cruise-control-metrics`, { metadata: { name: cruiseControlConfigMapName, namespace: args.namespace, labels }, data: { [METRICS_KEY]: CRUISE_CONTROL_RULES } }, opts)
        : undefined;
    const podMonitor = new k8s.apiextensions.CustomResource(
        `${name}-pod-monitor`,
        {
            apiVersion: "monitoring.coreos.com/v1",
            kind: "PodMonitor",
            metadata: { name: `${args.clusterName}-kafka`, namespace: args.namespace, labels: { ...labels, ...args.monitoring.monitorLabels } },
            spec: {
                selector: { matchLabels: { "strimzi.io/cluster": args.clusterName } },
                podMetricsEndpoints: [
                    {
                        port: METRICS_PORT_NAME,
                        path: "/metrics",
                        relabelings: [
                            { sourceLabels: ["__meta_kubernetes_pod_label_strimzi_io_cluster"], targetLabel: "strimzi_io_cluster" },
                            { sourceLabels: ["__meta_kubernetes_pod_name"], targetLabel: "pod" },
                        ],
                    },
                ],
            },
        },
        opts,
    );
    const dashboard = new k8s.core.v1.ConfigMap(
        `${name}-dashboard`,
        {
            metadata: { name: `${args.clusterName}-kafka-dashboard`, namespace: args.monitoring.namespace, labels: { ...labels, ...args.monitoring.dashboardLabels } },
            data: { "kafka.json": dashboardJson(args.clusterName) },
        },
        opts,
    );
    return { configMapName, ...(ccRules ? { cruiseControlConfigMapName } : {}), resources: [rules, ...(ccRules ? [ccRules] : []), podMonitor, dashboard] };
}
