/**
 * The SDK's own cost per resource: one Namespace and `floor:count` small ConfigMaps that depend on it,
 * with nothing of tristack loaded. Run by bench/resourceFloor.ts through the same language host as the
 * program, so the difference between two counts is what the SDK charges per resource.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

async function main(): Promise<Record<string, unknown>> {
    const count = new pulumi.Config("floor").requireNumber("count");
    const ns = new k8s.core.v1.Namespace("ns", { metadata: { name: "floor" } });
    for (let i = 0; i < count; i++) {
        new k8s.core.v1.ConfigMap(`cm-${i}`, { metadata: { name: `cm-${i}`, namespace: "floor", labels: { app: "floor" } }, data: { key: "value" } }, { dependsOn: [ns] });
    }
    return { count };
}

export = main;
