/**
 * The fixtures use the real field paths: every Kubernetes fixture (and the mutations the rule cases
 * make to them) validates against the vendored CRDs and the Kubernetes OpenAPI, unknown fields failing.
 */
import { describe, expect, it } from "vitest";
import { validateCustomResource, validateKubernetesObject } from "../support/schemas";
import * as F from "./fixtures";
import { mut } from "./fixtures";
import * as P from "./fixturesPods";
import type { PolicyResource } from "../../policies/lib/types";

const CUSTOM: [string, PolicyResource][] = [
    ["Kafka", F.kafka],
    ["KafkaNodePool brokers", F.brokers],
    ["KafkaNodePool controllers", F.controllers],
    ["KafkaTopic", F.kafkaTopic],
    ["KafkaUser", F.kafkaUser],
    ["K8ssandraCluster", F.k8ssandra],
    ["SparkApplication", F.sparkApp],
    ["SparkApplication with GPU executors and bounded retries", mut(mut(mut(mut(F.sparkApp, "spec.executor.gpu", { name: "nvidia.com/gpu", quantity: 1 }), "spec.executor.tolerations", [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]), "spec.timeToLiveSeconds", 86400), "spec.restartPolicy", { type: "OnFailure", onFailureRetries: 3 })],
    ["K8ssandraCluster with soft anti-affinity", mut(F.k8ssandra, "spec.cassandra.softPodAntiAffinity", true)],
    // Issue 24 item 5: the pod-security slips the rules must see, at the CRDs' own field paths.
    ["CassandraDatacenter", P.cassandraDatacenter],
    ["ScheduledSparkApplication", P.scheduledSparkApp],
    ["Kafka with entity operator, Cruise Control and Kafka Exporter", P.kafkaAllComponents],
    ...P.PRIVILEGED_CRS.map(([title, r]) => [`privileged: ${title}`, r] as [string, PolicyResource]),
    ...P.HOST_ACCESS_CRS.map(([title, r]) => [title, r] as [string, PolicyResource]),
];

const BUILT_IN: [string, PolicyResource][] = [
    ["Deployment", F.deployment],
    ["PodDisruptionBudget", F.pdb],
    ...F.guardedNamespace("team-a").map((r) => [`${r.type.split(":").pop()!} ${r.name}`, r] as [string, PolicyResource]),
    ...F.storageClasses.map((r) => [`StorageClass ${r.name}`, r] as [string, PolicyResource]),
];

describe("fixtures match the real schemas", () => {
    it.each(CUSTOM)("%s validates against its vendored CRD", (_n, r) => {
        expect(validateCustomResource(r.inputs as Record<string, unknown>)).toEqual([]);
    });

    it.each(BUILT_IN)("%s validates against the Kubernetes OpenAPI", (_n, r) => {
        expect(validateKubernetesObject(r.inputs as Record<string, unknown>)).toEqual([]);
    });
});
