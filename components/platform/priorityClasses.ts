import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { PLATFORM_LABELS } from "./common";

/**
 * The three PriorityClasses, highest first. All sit far below the built-in `system-*-critical`
 * classes (2,000,000,000+). Batch work never preempts (a queued Spark job waits for room instead of
 * evicting another job's executors), but it can be preempted by platform and data pods.
 */
export const PRIORITY_CLASSES = {
    platform: { name: "tristack-platform", value: 1_000_000, preemptionPolicy: "PreemptLowerPriority", description: "tristack platform operators and controllers" },
    data: { name: "tristack-data", value: 900_000, preemptionPolicy: "PreemptLowerPriority", description: "tristack data services (Kafka brokers, Cassandra nodes)" },
    batch: { name: "tristack-batch", value: 1_000, preemptionPolicy: "Never", description: "tristack batch work (Spark drivers and executors); never preempts" },
} as const;

/**
 * Create the PriorityClasses (none is the global default).
 * @param name base logical name
 * @param opts options (provider, parent)
 */
export function createPriorityClasses(name: string, opts: pulumi.CustomResourceOptions): k8s.scheduling.v1.PriorityClass[] {
    return Object.values(PRIORITY_CLASSES).map(
        (pc) =>
            new k8s.scheduling.v1.PriorityClass(
                `${name}-${pc.name}`,
                { metadata: { name: pc.name, labels: { ...PLATFORM_LABELS } }, value: pc.value, preemptionPolicy: pc.preemptionPolicy, globalDefault: false, description: pc.description },
                opts,
            ),
    );
}
