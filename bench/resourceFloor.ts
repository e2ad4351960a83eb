/**
 * Bench helper: the SDK's own cost of one resource. Registers N small ConfigMaps (each depending on one
 * Namespace) under bare Pulumi mocks, with nothing of tristack loaded, and prints milliseconds per
 * resource as JSON. This is the floor any program pays per resource, whatever it does.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

const COUNT = 2000;

async function once(): Promise<number> {
    await pulumi.runtime.setMocks({ newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: () => ({}) }, "floor", "bench", false);
    const settings = (await import("@pulumi/pulumi/runtime/settings")) as unknown as { waitForRPCs(): Promise<void> };
    const started = process.hrtime.bigint();
    const ns = new k8s.core.v1.Namespace("ns", { metadata: { name: "floor" } });
    for (let i = 0; i < COUNT; i++) {
        new k8s.core.v1.ConfigMap(`cm-${i}`, { metadata: { name: `cm-${i}`, namespace: "floor", labels: { app: "floor" } }, data: { key: "value" } }, { dependsOn: [ns] });
    }
    await settings.waitForRPCs();
    return Number(process.hrtime.bigint() - started) / 1e6 / (COUNT + 1);
}

async function main(): Promise<void> {
    // Same conditions as the plan engine (no source-map translation of the SDK's captured stacks).
    process.setSourceMapsEnabled(false);
    await once(); // warm-up
    console.log(JSON.stringify({ resources: COUNT + 1, msPerResource: await once() }));
}

main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
});
