import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { KafkaSettings } from "../../spec";
import { STRIMZI_API_VERSION } from "./cluster";

/**
 * Topics as code: one KafkaTopic per `kafka.topics` entry, reconciled by the Topic Operator. Kafka
 * topic names may contain `.` and `_`, Kubernetes names may not, so every KafkaTopic carries the real
 * name in `spec.topicName` and a DNS-safe `metadata.name`. Pure builders plus one create function.
 */

/** Milliseconds per hour. */
const MS_PER_HOUR = 3_600_000;

/** One KafkaTopic to create. */
export interface TopicPlan {
    /** `metadata.name`: the topic name with every character outside `[a-z0-9-]` turned into `-`. */
    readonly resourceName: string;
    /** The `spec` of the KafkaTopic. */
    readonly spec: { topicName: string; partitions: number; replicas: number; config: Record<string, number> };
}

/**
 * A DNS-1123 subdomain-safe resource name for a topic: lowercase, `.`/`_` become `-`.
 * @param topic the Kafka topic name
 */
export function topicResourceName(topic: string): string {
    return topic.toLowerCase().replace(/[^a-z0-9-]/g, "-").replace(/^-+|-+$/g, "");
}

/**
 * The topic's `min.insync.replicas`: the cluster's value, but always below the topic's replicas
 * (so one replica may be down) and at least 1.
 * @param replicas the topic's replicas
 * @param clusterMinIsr the cluster's `min.insync.replicas`
 */
export function topicMinIsr(replicas: number, clusterMinIsr: number): number {
    return Math.max(1, Math.min(clusterMinIsr, replicas - 1));
}

/**
 * The KafkaTopics of the spec. Two topics whose resource names collide (`a.b` and `a_b`) are an error,
 * and so is a tenant's topic outside the tenant's prefix `<tenant>.` (its user could not reach it).
 * @param kafka the spec's Kafka settings
 */
export function topicPlans(kafka: Pick<KafkaSettings, "topics" | "minInsyncReplicas">): TopicPlan[] {
    // Checked here rather than in the schema because the prefix is the ACL convention of this service.
    const seen = new Map<string, string>();
    const errors: { propertyPath: string; reason: string }[] = [];
    const plans = Object.entries(kafka.topics).map(([topic, t]) => {
        const resourceName = topicResourceName(topic);
        const other = seen.get(resourceName);
        if (other !== undefined) errors.push({ propertyPath: `kafka.topics.${topic}`, reason: `its Kubernetes name "${resourceName}" is also the name of topic "${other}"` });
        seen.set(resourceName, topic);
        if (t.tenant !== undefined && !topic.startsWith(`${t.tenant}.`)) errors.push({ propertyPath: `kafka.topics.${topic}.tenant`, reason: `topics of tenant "${t.tenant}" must be named "${t.tenant}.<name>": its Kafka user may only use that prefix` });
        return {
            resourceName,
            spec: {
                topicName: topic,
                partitions: t.partitions,
                replicas: t.replicas,
                config: { "retention.ms": t.retentionHours < 0 ? -1 : t.retentionHours * MS_PER_HOUR, "min.insync.replicas": topicMinIsr(t.replicas, kafka.minInsyncReplicas) },
            },
        };
    });
    if (errors.length > 0) throw new pulumi.InputPropertiesError({ message: "Kafka topics are invalid", errors });
    return plans;
}

/**
 * Create the KafkaTopics in the Kafka namespace, labelled for the cluster's Topic Operator.
 * @param name base logical name
 * @param meta cluster name and namespace
 * @param meta.clusterName the Kafka cluster (`strimzi.io/cluster` label)
 * @param meta.namespace the Kafka namespace
 * @param plans the topics
 * @param opts options (provider, parent, dependsOn, protection)
 */
export function createTopics(name: string, meta: { readonly clusterName: string; readonly namespace: string }, plans: readonly TopicPlan[], opts: pulumi.CustomResourceOptions): k8s.apiextensions.CustomResource[] {
    return plans.map(
        (p) =>
            new k8s.apiextensions.CustomResource(
                `${name}-topic-${p.resourceName}`,
                { apiVersion: STRIMZI_API_VERSION, kind: "KafkaTopic", metadata: { name: p.resourceName, namespace: meta.namespace, labels: { "strimzi.io/cluster": meta.clusterName } }, spec: p.spec },
                opts,
            ),
    );
}
