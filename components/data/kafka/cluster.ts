import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { ZONE_LABEL, type KafkaSettings } from "../../spec";
import type { Resources } from "../../capacity/types";
import type { InternalLoadBalancer } from "../../clouds/clusterHandle";
import type { PodPlacement } from "./placement";
import { CONTROLLER_HEAP_MIB, CONTROLLER_RESOURCES, CONTROLLER_STORAGE_GIB, CRUISE_CONTROL_RESOURCES, ENTITY_OPERATOR_RESOURCES, KAFKA_EXPORTER_RESOURCES, type KafkaBrokerSizing } from "./sizing";
import { KAFKA_VERSIONS } from "./versions";

/**
 * The Kafka cluster as Strimzi 1.2 (`kafka.strimzi.io/v1`) wants it: a `Kafka` resource with the
 * cluster-wide settings and two `KafkaNodePool`s, one of KRaft controllers and one of brokers. In v1
 * there is no `spec.kafka.replicas`/`storage` and no ZooKeeper; the `strimzi.io/node-pools` and
 * `strimzi.io/kraft` annotations are ignored since 0.46, so none is set. Pure builders plus one
 * create function.
 */

/** The Kafka API version (Strimzi 1.x serves only v1). */
export const STRIMZI_API_VERSION = "kafka.strimzi.io/v1";
/** The TLS client listener in the cluster; its certificate comes from the platform CA (tls.ts). */
export const TLS_LISTENER = { name: "tls", port: 9093 } as const;
/** The listener for clients outside the cluster (`kafka.externalListener`): an internal load balancer. */
export const EXTERNAL_LISTENER = { name: "external", port: 9094 } as const;
/** Name of the broker KafkaNodePool (pods `<cluster>-brokers-<id>`). */
export const BROKER_POOL_NAME = "brokers";
/** Name of the controller KafkaNodePool (pods `<cluster>-controllers-<id>`). */
export const CONTROLLER_POOL_NAME = "controllers";

/** Kubernetes resource requirements with requests = limits (Guaranteed QoS). */
export function guaranteed(r: Resources): { requests: { cpu: string; memory: string }; limits: { cpu: string; memory: string } } {
    const q = { cpu: `${r.cpuMillis}m`, memory: `${r.memoryMiB}Mi` };
    return { requests: { ...q }, limits: { ...q } };
}

/**
 * The broker configuration: replication and ISR from the spec, no unclean leader election, and no
 * auto-created topics (topics are code, see topics.ts).
 * @param kafka the spec's Kafka settings
 */
export function brokerConfig(kafka: Pick<KafkaSettings, "replicationFactor" | "minInsyncReplicas">): Record<string, number | boolean> {
    return {
        "default.replication.factor": kafka.replicationFactor,
        "offsets.topic.replication.factor": kafka.replicationFactor,
        "transaction.state.log.replication.factor": kafka.replicationFactor,
        "min.insync.replicas": kafka.minInsyncReplicas,
        "transaction.state.log.min.isr": kafka.minInsyncReplicas,
        "unclean.leader.election.enable": false,
        "auto.create.topics.enable": false,
    };
}

/** Inputs of {@link kafkaSpec}. */
export interface KafkaSpecArgs {
    /** The spec's Kafka settings. */
    readonly kafka: KafkaSettings;
    /** Whether the cluster has zones (rack awareness on the zone label). */
    readonly zoned: boolean;
    /** Placement of the entity operator, Cruise Control and Kafka Exporter. */
    readonly helpers: PodPlacement;
    /** The JMX exporter rules ConfigMap, when monitoring is on. */
    readonly metrics?: { readonly configMapName: string; readonly key: string };
    /** Namespaces whose pods may open connections to the client listener (tenants, spark, kafka). */
    readonly clientNamespaces: readonly string[];
    /** The cluster's internal load balancer, when `kafka.externalListener` is on. */
    readonly externalListener?: InternalLoadBalancer;
    /** The client listener's own certificate (from the platform CA, see tls.ts) instead of Strimzi's cluster CA. */
    readonly listenerCertificate: { readonly secretName: string; readonly certificate: string; readonly key: string };
    /** Cruise Control's own JMX exporter rules ConfigMap, when monitoring is on. */
    readonly cruiseControlMetrics?: { readonly configMapName: string; readonly key: string };
}

/**
 * The listener for clients in the VPC/VNet (and networks connected to it): `type: loadbalancer` with
 * the cloud's internal-load-balancer annotations on the bootstrap Service and on every per-broker
 * Service, TLS and SCRAM-SHA-512 like the in-cluster listener. Strimzi advertises each broker's load
 * balancer address; clients trust Strimzi's cluster CA (`<cluster>-cluster-ca-cert`), not the platform CA.
 * @param lb the cluster's internal load balancer
 * @param lb.serviceAnnotations the annotations that make the load balancer internal
 */
export function externalListener(lb: InternalLoadBalancer): Record<string, unknown> {
    return {
        name: EXTERNAL_LISTENER.name,
        port: EXTERNAL_LISTENER.port,
        type: "loadbalancer",
        tls: true,
        authentication: { type: "scram-sha-512" },
        configuration: { bootstrap: { annotations: { ...lb.serviceAnnotations } }, perBrokerAnnotationsTemplate: { ...lb.serviceAnnotations } },
    };
}

/**
 * The listener's `networkPolicyPeers`: Strimzi turns them into the NetworkPolicy it generates for the
 * listener port. Without peers that policy admits every pod of the cluster, which would undo the
 * platform's namespace isolation (NetworkPolicies add up).
 * @param namespaces the client namespaces
 */
export function listenerPeers(namespaces: readonly string[]): { namespaceSelector: { matchLabels: Record<string, string> } }[] {
    return namespaces.map((ns) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns } } }));
}

const metricsConfig = (m: { configMapName: string; key: string }) => ({ type: "jmxPrometheusExporter", valueFrom: { configMapKeyRef: { name: m.configMapName, key: m.key } } });

/**
 * The `spec` of the Kafka resource.
 * @param args settings, zones, placement and metrics
 */
export function kafkaSpec(args: KafkaSpecArgs): Record<string, unknown> {
    const { kafka, helpers } = args;
    return {
        kafka: {
            version: KAFKA_VERSIONS.kafka.version,
            metadataVersion: KAFKA_VERSIONS.kafka.metadataVersion,
            listeners: [
                {
                    name: TLS_LISTENER.name,
                    port: TLS_LISTENER.port,
                    type: "internal",
                    tls: true,
                    authentication: { type: "scram-sha-512" },
                    configuration: { brokerCertChainAndKey: { ...args.listenerCertificate } },
                    networkPolicyPeers: listenerPeers(args.clientNamespaces),
                },
                ...(args.externalListener ? [externalListener(args.externalListener)] : []),
            ],
            // No superUsers: the operator's own clients (entity operator, Cruise Control, exporter) are
            // admitted through the cluster CA's internal listener, not through these ACLs.
            authorization: { type: "simple" },
            config: brokerConfig(kafka),
            ...(args.zoned ? { rack: { type: "topology-label", topologyKey: ZONE_LABEL } } : {}),
            ...(args.metrics ? { metricsConfig: metricsConfig(args.metrics) } : {}),
        },
        entityOperator: {
            topicOperator: { resources: guaranteed(ENTITY_OPERATOR_RESOURCES) },
            userOperator: { resources: guaranteed(ENTITY_OPERATOR_RESOURCES) },
            template: { pod: helpers },
        },
        // Cruise Control rebalances partitions between brokers: nothing to do with a single broker.
        ...(kafka.brokers > 1
            ? { cruiseControl: { resources: guaranteed(CRUISE_CONTROL_RESOURCES), template: { pod: helpers }, ...(args.cruiseControlMetrics ? { metricsConfig: metricsConfig(args.cruiseControlMetrics) } : {}) } }
            : {}),
        kafkaExporter: { topicRegex: ".*", groupRegex: ".*", resources: guaranteed(KAFKA_EXPORTER_RESOURCES), template: { pod: helpers } },
    };
}

/** Inputs of the node pool builders. */
export interface NodePoolArgs {
    /** The spec's Kafka settings. */
    readonly kafka: KafkaSettings;
    /** The `tristack-fast` storage class. */
    readonly storageClassName: string;
    /** Delete the PVCs with the pool (dev/staging); false keeps the data (prod). */
    readonly deleteClaim: boolean;
    /** Pod placement of the pool. */
    readonly placement: PodPlacement;
}

/**
 * The broker KafkaNodePool spec: `brokers` replicas, JBOD of `volumesPerBroker` persistent volumes
 * of `storageGiB` on the fast class (volume 0 also holds the broker's copy of the KRaft metadata
 * log), sized to fill one data node.
 * @param args settings, storage and placement
 * @param sizing the broker sizing
 */
export function brokerPoolSpec(args: NodePoolArgs, sizing: KafkaBrokerSizing): Record<string, unknown> {
    const volumes = Array.from({ length: args.kafka.volumesPerBroker }, (_, id) => ({
        id,
        type: "persistent-claim",
        size: `${args.kafka.storageGiB}Gi`,
        class: args.storageClassName,
        deleteClaim: args.deleteClaim,
        ...(id === 0 ? { kraftMetadata: "shared" } : {}),
    }));
    return {
        replicas: args.kafka.brokers,
        roles: ["broker"],
        storage: { type: "jbod", volumes },
        resources: guaranteed(sizing),
        jvmOptions: { "-Xms": `${sizing.heapMiB}m`, "-Xmx": `${sizing.heapMiB}m` },
        template: { pod: args.placement },
    };
}

/**
 * The KRaft controller KafkaNodePool spec: `controllers` replicas (odd), one small persistent volume
 * for the metadata log, fixed small resources.
 * @param args settings, storage and placement
 */
export function controllerPoolSpec(args: NodePoolArgs): Record<string, unknown> {
    return {
        replicas: args.kafka.controllers,
        roles: ["controller"],
        storage: { type: "jbod", volumes: [{ id: 0, type: "persistent-claim", size: `${CONTROLLER_STORAGE_GIB}Gi`, class: args.storageClassName, deleteClaim: args.deleteClaim, kraftMetadata: "shared" }] },
        resources: guaranteed(CONTROLLER_RESOURCES),
        jvmOptions: { "-Xms": `${CONTROLLER_HEAP_MIB}m`, "-Xmx": `${CONTROLLER_HEAP_MIB}m` },
        template: { pod: args.placement },
    };
}

/** The Kafka resources. */
export interface KafkaClusterResources {
    readonly kafka: k8s.apiextensions.CustomResource;
    readonly brokers: k8s.apiextensions.CustomResource;
    readonly controllers: k8s.apiextensions.CustomResource;
}

/**
 * Create the two KafkaNodePools and the Kafka resource.
 * @param name base logical name
 * @param meta cluster name, namespace and labels
 * @param meta.clusterName the Kafka resource's name
 * @param meta.namespace the Kafka namespace
 * @param meta.labels labels of the three resources
 * @param specs the three specs
 * @param specs.kafka the Kafka spec
 * @param specs.brokers the broker node pool spec
 * @param specs.controllers the controller node pool spec
 * @param opts options of the three resources (provider, parent, dependsOn, protection)
 */
export function createKafkaCluster(
    name: string,
    meta: { readonly clusterName: string; readonly namespace: string; readonly labels: Readonly<Record<string, string>> },
    specs: { readonly kafka: Record<string, unknown>; readonly brokers: Record<string, unknown>; readonly controllers: Record<string, unknown> },
    opts: pulumi.CustomResourceOptions,
): KafkaClusterResources {
    const poolMeta = (pool: string) => ({ name: pool, namespace: meta.namespace, labels: { ...meta.labels, "strimzi.io/cluster": meta.clusterName } });
    const controllers = new k8s.apiextensions.CustomResource(`${name}-controllers`, { apiVersion: STRIMZI_API_VERSION, kind: "KafkaNodePool", metadata: poolMeta(CONTROLLER_POOL_NAME), spec: specs.controllers }, opts);
    const brokers = new k8s.apiextensions.CustomResource(`${name}-brokers`, { apiVersion: STRIMZI_API_VERSION, kind: "KafkaNodePool", metadata: poolMeta(BROKER_POOL_NAME), spec: specs.brokers }, opts);
    const kafka = new k8s.apiextensions.CustomResource(
        `${name}-cluster`,
        { apiVersion: STRIMZI_API_VERSION, kind: "Kafka", metadata: { name: meta.clusterName, namespace: meta.namespace, labels: { ...meta.labels } }, spec: specs.kafka },
        opts,
    );
    return { kafka, brokers, controllers };
}
