import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { rackZones } from "../../clouds/clusterHandle";
import { podReady } from "../../clouds/readiness";
import type { DataServiceArgs } from "../dataServiceArgs";
import { brokerPoolSpec, BROKER_POOL_NAME, controllerPoolSpec, CONTROLLER_POOL_NAME, createKafkaCluster, EXTERNAL_LISTENER, kafkaSpec, TLS_LISTENER } from "./cluster";
import { createMetrics, METRICS_KEY } from "./metrics";
import { createOperator } from "./operator";
import { controlPool, helperPlacement, nodePoolPlacement, operatorPlacement } from "./placement";
import { kafkaBrokerSizing, type KafkaBrokerSizing } from "./sizing";
import { createTopics, topicPlans } from "./topics";
import { brokerCertChainAndKey, createListenerCertificate } from "./tls";
import { createTenantUsers, TENANT_SECRET_NAME } from "./users";

/**
 * The in-cluster TLS bootstrap address of a Kafka cluster.
 * @param clusterName the Kafka resource's name
 * @param namespace the Kafka namespace
 */
export function bootstrapAddress(clusterName: string, namespace: string): string {
    return `${clusterName}-kafka-bootstrap.${namespace}.svc:${TLS_LISTENER.port}`;
}

/**
 * Kafka on the platform through Strimzi 1.2: the cluster operator (pinned Helm release, CRDs that
 * outlive it), a KRaft Kafka cluster with a controller pool on the general pool and a broker pool
 * filling the data pool (one broker per node, spread over zones, rack-aware), a TLS listener
 * with SCRAM-SHA-512 and simple authorization whose certificate comes from the platform CA (tls.ts), one KafkaUser per tenant limited to its topic prefix
 * with credentials delivered into the tenant namespace, topics as code, Cruise Control, Kafka
 * Exporter and JMX metrics with a PodMonitor and a dashboard. Cloud-blind: everything
 * cloud-specific comes from the ClusterHandle.
 */
export class Kafka extends pulumi.ComponentResource {
    /** Client endpoints of the service (in-cluster DNS names). */
    public readonly endpoints: Record<string, pulumi.Input<string>>;
    /** How one broker fills a data node. */
    public readonly sizing: KafkaBrokerSizing;
    /** The Kafka resource. */
    public readonly cluster: k8s.apiextensions.CustomResource;

    constructor(name: string, args: DataServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tristack:data:Kafka", name, {}, opts);
        const { cluster, platform, spec } = args;
        const settings = spec.kafka;
        const prod = spec.environment === "prod";
        // The spec refuses externalListener where the cloud has no internal load balancer; this guards
        // a handle built some other way. Never fall back to a public load balancer.
        const internalLb = settings.externalListener ? cluster.internalLoadBalancer : undefined;
        if (settings.externalListener && !internalLb) {
            throw new pulumi.InputPropertiesError({
                message: "Kafka's external listener needs an internal load balancer",
                errors: [{ propertyPath: "kafka.externalListener", reason: "this cluster's handle has no internal load balancer; set externalListener: false" }],
            });
        }
        const namespace = platform.namespaceNames.kafka;
        const clusterName = spec.name;
        const sizing = kafkaBrokerSizing(cluster, spec);
        const pool = cluster.pools[sizing.pool];
        if (!pool) throw new pulumi.RunError(`Kafka pool "${sizing.pool}" is missing from the cluster`);
        const control = controlPool(spec, cluster.pools);
        // Only real dependencies (issue 25): objects that start no pods wait for the platform (namespace
        // guards, storage classes, monitoring CRDs) and the API; the operator for the control pools it runs
        // on; the Kafka cluster also for the brokers' pool.
        const k8sOpts: pulumi.CustomResourceOptions = { provider: cluster.provider, parent: this, dependsOn: [...platform.ready, ...cluster.apiReady] };
        const keep: pulumi.CustomResourceOptions = prod ? { protect: true, retainOnDelete: true } : {};
        const labels = { "app.kubernetes.io/part-of": "tristack-kafka" };

        const operator = createOperator(name, { namespace, placement: operatorPlacement(control), priorityClassName: platform.priorityClasses.platform, protect: prod }, pulumi.mergeOptions(k8sOpts, { dependsOn: [...platform.controlReady] }));
        const afterOperator = pulumi.mergeOptions(k8sOpts, { dependsOn: [operator] });

        // The client listener presents a certificate from the platform CA, which every tenant namespace
        // trusts through the `tristack-ca` ConfigMap (tls.ts).
        const certificates = platform.certificates;
        if (!certificates) throw new pulumi.RunError("Kafka needs the platform's cert-manager (PlatformHandle.certificates), which the platform installs whenever Kafka is on");
        const listenerCert = createListenerCertificate(name, { clusterName, namespace, clusterIssuer: certificates.clusterIssuer }, pulumi.mergeOptions(k8sOpts, { dependsOn: [...certificates.issuerReady] }));

        const cruiseControl = settings.brokers > 1;
        const metrics = platform.monitoring.enabled ? createMetrics(name, { clusterName, namespace, monitoring: platform.monitoring, cruiseControl }, afterOperator) : undefined;

        const storage = { kafka: settings, storageClassName: platform.storageClasses.fast, deleteClaim: !prod };
        const specs = {
            kafka: kafkaSpec({
                kafka: settings,
                zoned: cluster.zones.length > 0,
                helpers: helperPlacement(control, platform.priorityClasses.platform),
                clientNamespaces: [namespace, ...(spec.spark.enabled ? [platform.namespaceNames.spark] : []), ...Object.values(platform.namespaceNames.tenants)],
                ...(internalLb ? { externalListener: internalLb } : {}),
                ...(metrics ? { metrics: { configMapName: metrics.configMapName, key: METRICS_KEY } } : {}),
                ...(metrics?.cruiseControlConfigMapName ? { cruiseControlMetrics: { configMapName: metrics.cruiseControlConfigMapName, key: METRICS_KEY } } : {}),
                listenerCertificate: brokerCertChainAndKey(clusterName),
            }),
            brokers: brokerPoolSpec(
                { ...storage, placement: nodePoolPlacement({ clusterName, nodePoolName: BROKER_POOL_NAME, pool, zones: rackZones(pool, cluster.zones), priorityClassName: platform.priorityClasses.data }) },
                sizing,
            ),
            controllers: controllerPoolSpec({
                ...storage,
                placement: control
                    ? nodePoolPlacement({ clusterName, nodePoolName: CONTROLLER_POOL_NAME, pool: control, zones: cluster.zones, priorityClassName: platform.priorityClasses.data })
                    : helperPlacement(undefined, platform.priorityClasses.data),
            }),
        };
        // The brokers and controllers hold volumes (the CSI driver) and find each other by name: Strimzi writes
        // the KRaft quorum and replication addresses as pod DNS names under the `<cluster>-kafka-brokers`
        // headless Service (strimzi-kafka-operator KafkaBrokerConfigurationBuilder, DnsNameGenerator.podDnsName),
        // so they wait for cluster DNS too.
        const clusterPods = podReady(cluster, [pool.name, ...(control ? [control.name] : [])], { dns: true, volumes: true });
        const resources = createKafkaCluster(name, { clusterName, namespace, labels }, specs, pulumi.mergeOptions(afterOperator, { dependsOn: [listenerCert, ...(metrics?.resources ?? []), ...clusterPods], ...keep }));
        this.cluster = resources.kafka;
        const afterCluster = pulumi.mergeOptions(afterOperator, { dependsOn: [resources.kafka] });

        createTopics(name, { clusterName, namespace }, topicPlans(settings), pulumi.mergeOptions(afterCluster, keep));
        const bootstrap = bootstrapAddress(clusterName, namespace);
        createTenantUsers(
            name,
            { clusterName, namespace, tenantNamespaces: platform.namespaceNames.tenants, tenantReady: platform.tenantReady, bootstrap, caConfigMap: certificates.caConfigMap },
            { parent: this },
            afterCluster,
        );

        this.sizing = sizing;
        this.endpoints = {
            bootstrap,
            // The CA of the in-cluster listener, as a ConfigMap in every tenant namespace; the external
            // listener keeps Strimzi's cluster CA (`clusterCaSecret`).
            caConfigMap: certificates.caConfigMap.name,
            clusterCaSecret: `${namespace}/${clusterName}-cluster-ca-cert`,
            tenantCredentialsSecret: TENANT_SECRET_NAME,
            // Port 9094 of this Service's load balancer; the address is in its status (and the Kafka's).
            ...(internalLb ? { externalBootstrapService: `${namespace}/${clusterName}-kafka-${EXTERNAL_LISTENER.name}-bootstrap` } : {}),
        };
        this.registerOutputs({ endpoints: this.endpoints, sizing: this.sizing });
    }
}
