/**
 * Issue 24 item 5: the data-service CRs with a privileged container (or another pod-security slip) in
 * each pod template their operators read. Every one validates against its vendored CRD
 * (test/policies/fixtureSchemas.test.ts), so the field paths the pod-security rules read are the real ones.
 */
import type { PolicyResource } from "../../policies/lib/types";
import { k8s, k8ssandra, kafka, brokers, mut, sparkApp } from "./fixtures";

const PRIVILEGED = { privileged: true };

/** A cass-operator CassandraDatacenter (the kind k8ssandra-operator creates; a stack may also write one). */
export const cassandraDatacenter = k8s("cassandra.datastax.com/v1beta1", "CassandraDatacenter", "dc1", "cassandra", {
    spec: {
        clusterName: "cass",
        serverType: "cassandra",
        serverVersion: "4.1.8",
        size: 3,
        storageConfig: { cassandraDataVolumeClaimSpec: { storageClassName: "tristack-fast", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "500Gi" } } } },
    },
});

/** A ScheduledSparkApplication wrapping the SparkApplication fixture's spec. */
export const scheduledSparkApp = k8s("sparkoperator.k8s.io/v1beta2", "ScheduledSparkApplication", "etl-nightly", "team-a", {
    spec: { schedule: "0 3 * * *", concurrencyPolicy: "Forbid", template: (sparkApp.inputs["spec"] ?? {}) as Record<string, unknown> },
});

/** Kafka with every component Strimzi templates (entity operator, Cruise Control, Kafka Exporter), none customised. */
export const kafkaAllComponents = mut(mut(mut(kafka, "spec.entityOperator", { topicOperator: {}, userOperator: {} }), "spec.cruiseControl", {}), "spec.kafkaExporter", {});

/** Each slip: a title, the CR, and the message pod-security-baseline must give. */
export const PRIVILEGED_CRS: readonly (readonly [string, PolicyResource, string])[] = [
    ["K8ssandraCluster: the cassandra container (spec.cassandra.containers)", mut(k8ssandra, "spec.cassandra.containers", [{ name: "cassandra", securityContext: PRIVILEGED }]), "K8ssandraCluster cassandra/cass spec.cassandra.containers[0] (cassandra) is privileged"],
    ["K8ssandraCluster: an init container of one datacenter", mut(k8ssandra, "spec.cassandra.datacenters.0.initContainers", [{ name: "server-config-init", securityContext: PRIVILEGED }]), "K8ssandraCluster cassandra/cass spec.cassandra.datacenters[0].initContainers[0] (server-config-init) is privileged"],
    ["K8ssandraCluster: the Medusa containers", mut(k8ssandra, "spec.medusa.securityContext", PRIVILEGED), "K8ssandraCluster cassandra/cass spec.medusa.securityContext (Medusa containers) is privileged"],
    ["K8ssandraCluster: the Reaper main container", mut(k8ssandra, "spec.reaper.securityContext", PRIVILEGED), "K8ssandraCluster cassandra/cass spec.reaper.securityContext (Reaper main container) is privileged"],
    ["K8ssandraCluster: the Reaper init container", mut(k8ssandra, "spec.reaper.initContainerSecurityContext", PRIVILEGED), "K8ssandraCluster cassandra/cass spec.reaper.initContainerSecurityContext (Reaper init container) is privileged"],
    ["CassandraDatacenter: a container of spec.podTemplateSpec", mut(cassandraDatacenter, "spec.podTemplateSpec", { spec: { containers: [{ name: "cassandra", securityContext: PRIVILEGED }] } }), "CassandraDatacenter cassandra/dc1 spec.podTemplateSpec.spec.containers[0] (cassandra) is privileged"],
    ["Kafka: the Kafka container template", mut(kafka, "spec.kafka.template", { kafkaContainer: { securityContext: PRIVILEGED } }), "Kafka kafka/events spec.kafka.template.kafkaContainer is privileged"],
    ["Kafka: the Kafka init container template", mut(kafka, "spec.kafka.template", { initContainer: { securityContext: PRIVILEGED } }), "Kafka kafka/events spec.kafka.template.initContainer is privileged"],
    ["Kafka: the entity operator's topic operator", mut(kafkaAllComponents, "spec.entityOperator.template", { topicOperatorContainer: { securityContext: PRIVILEGED } }), "Kafka kafka/events spec.entityOperator.template.topicOperatorContainer is privileged"],
    ["Kafka: the entity operator's user operator", mut(kafkaAllComponents, "spec.entityOperator.template", { userOperatorContainer: { securityContext: PRIVILEGED } }), "Kafka kafka/events spec.entityOperator.template.userOperatorContainer is privileged"],
    ["Kafka: Cruise Control", mut(kafkaAllComponents, "spec.cruiseControl.template", { cruiseControlContainer: { securityContext: PRIVILEGED } }), "Kafka kafka/events spec.cruiseControl.template.cruiseControlContainer is privileged"],
    ["Kafka: Kafka Exporter", mut(kafkaAllComponents, "spec.kafkaExporter.template", { container: { securityContext: PRIVILEGED } }), "Kafka kafka/events spec.kafkaExporter.template.container is privileged"],
    ["KafkaNodePool: the brokers' Kafka container (KRaft node pools)", mut(brokers, "spec.template", { kafkaContainer: { securityContext: PRIVILEGED } }), "KafkaNodePool kafka/brokers spec.template.kafkaContainer is privileged"],
    ["SparkApplication: the driver container", mut(sparkApp, "spec.driver.securityContext", PRIVILEGED), "SparkApplication team-a/etl spec.driver.securityContext (driver container) is privileged"],
    ["SparkApplication: an executor sidecar", mut(sparkApp, "spec.executor.sidecars", [{ name: "agent", image: "ghcr.io/example/agent:1", securityContext: PRIVILEGED }]), "SparkApplication team-a/etl spec.executor.sidecars[0] (agent) is privileged"],
    ["SparkApplication: the executor pod template", mut(sparkApp, "spec.executor.template", { spec: { containers: [{ name: "spark-kubernetes-executor", securityContext: PRIVILEGED }] } }), "SparkApplication team-a/etl spec.executor.template.spec.containers[0] (spark-kubernetes-executor) is privileged"],
    ["ScheduledSparkApplication: the driver container", mut(scheduledSparkApp, "spec.template.driver.securityContext", PRIVILEGED), "ScheduledSparkApplication team-a/etl-nightly spec.template.driver.securityContext (driver container) is privileged"],
];

/** Host access at the pod level of a CR: host network, hostPath volumes. */
export const HOST_ACCESS_CRS: readonly (readonly [string, PolicyResource, readonly string[]])[] = [
    [
        "K8ssandraCluster: host network and a hostPath extra volume in a datacenter",
        mut(mut(k8ssandra, "spec.cassandra.datacenters.0.networking", { hostNetwork: true }), "spec.cassandra.datacenters.0.extraVolumes", { volumes: [{ name: "host", hostPath: { path: "/" } }] }),
        ["K8ssandraCluster cassandra/cass spec.cassandra.datacenters[0] sets hostNetwork", "K8ssandraCluster cassandra/cass spec.cassandra.datacenters[0] mounts hostPath volume host"],
    ],
    ["CassandraDatacenter: a hostPath additional volume", mut(cassandraDatacenter, "spec.storageConfig.additionalVolumes", [{ name: "host", mountPath: "/host", volumeSource: { hostPath: { path: "/" } } }]), ["CassandraDatacenter cassandra/dc1 spec mounts hostPath volume host"]],
    ["SparkApplication: executors on the host network with a hostPath volume", mut(mut(sparkApp, "spec.executor.hostNetwork", true), "spec.volumes", [{ name: "scratch", hostPath: { path: "/mnt/nvme" } }]), ["SparkApplication team-a/etl spec.driver mounts hostPath volume scratch", "SparkApplication team-a/etl spec.executor sets hostNetwork", "SparkApplication team-a/etl spec.executor mounts hostPath volume scratch"]],
];
