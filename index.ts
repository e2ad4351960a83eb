/**
 * The tristack program: config -> spec -> cluster adapter -> platform -> data services -> outputs.
 * The only entry point and the only place configuration is read.
 */
import * as pulumi from "@pulumi/pulumi";
import { capacityReport } from "./components/capacity";
import { createCluster } from "./components/clouds";
import { DataPlatform } from "./components/data";
import { Notebooks } from "./components/data/notebooks";
import { notebookSignIn } from "./components/clouds/notebookSignIn";
import { KubernetesPlatform } from "./components/platform";
import { preflight } from "./components/preflight";
import { BatchScheduler } from "./components/platform/batchScheduler";
import { parsePlatformSpec, SpecError, type PlatformSpec } from "./components/spec";
import { plainInspect } from "./components/spec/programError";

function readSpec(): PlatformSpec {
    const config = new pulumi.Config("tristack");
    const raw = config.get("spec");
    if (raw === undefined) {
        throw new pulumi.RunError("tristack:spec is missing: set it in stacks/Pulumi.<stack>.yaml (see docs/reference/config.md).");
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(raw);
    } catch {
        throw new pulumi.RunError("tristack:spec must be a structured (YAML/JSON object) value, not a plain string.");
    }
    try {
        return parsePlatformSpec(parsed);
    } catch (err) {
        if (err instanceof SpecError) throw new pulumi.RunError(err.message);
        throw err;
    }
}

/**
 * Stack entry point. The Pulumi Node.js language host `require`s this CommonJS module and calls its
 * export only when the export itself is a function (`@pulumi/pulumi/cmd/run/run.js`); a `default`
 * export is unwrapped for ES modules only, so `export default` would deploy nothing
 * (pulumi/pulumi#4017). Hence `export =`; what it returns becomes the stack outputs.
 */
async function main(): Promise<Record<string, unknown>> {
    try {
        return await program();
    } catch (err) {
        // The language host prints a RunError as its message alone; anything else (an
        // InputPropertiesError from a pre-flight check, say) would reach the user as a stack trace
        // (@pulumi/pulumi cmd/run/run.js uncaughtHandler). Refusals keep every key path and reason.
        const reported = pulumi.InputPropertiesError.isInstance(err) ? new pulumi.RunError([err.message, ...err.errors.map((e) => `  - ${e.propertyPath}: ${e.reason}`)].join("\n")) : err;
        throw reported instanceof Error ? plainInspect(reported) : reported;
    }
}

/** config -> spec -> cluster adapter -> platform -> data services -> outputs. */
async function program(): Promise<Record<string, unknown>> {
    const spec = readSpec();
    // Everything that can be refused from the spec alone is refused before the first resource.
    await preflight(spec);
    const cluster = await createCluster(spec);
    const platform = new KubernetesPlatform(`${spec.name}-platform`, { cluster, spec });
    const data = new DataPlatform(`${spec.name}-data`, { cluster, platform: platform.handle, spec });
    // Each tenant's SparkConnect needs the spark-operator's CRDs: the notebooks wait for that release, not
    // for every data service (a dependsOn on the DataPlatform component waits for all its children, Cassandra's
    // Jobs included: issue 25).
    const notebooks = spec.notebooks.enabled
        ? new Notebooks(`${spec.name}-notebooks`, { cluster, platform: platform.handle, spec, signIn: notebookSignIn(spec) }, { dependsOn: data.sparkOperator ? [data.sparkOperator] : [] })
        : undefined;
    if (spec.scheduling.enabled) new BatchScheduler(`${spec.name}-scheduling`, { cluster, platform: platform.handle, spec });
    return {
        cloud: spec.cloud,
        environment: spec.environment,
        kubeconfig: pulumi.secret(cluster.kubeconfig),
        objectStore: cluster.objectStore.bucketName,
        pools: Object.fromEntries(
            Object.values(cluster.pools).map((p) => [
                p.name,
                { role: p.role, labels: p.labels, taints: p.taints, minNodes: p.minNodes, maxNodes: p.maxNodes, capacity: p.capacity, instanceType: p.instanceType.name, allocatable: { cpuMillis: p.allocatable.cpuMillis, memoryMiB: p.allocatable.memoryMiB } },
            ]),
        ),
        capacity: capacityReport(cluster.pools, spec),
        namespaces: platform.handle.namespaceNames,
        dataServices: data.endpoints,
        ...(notebooks ? { notebooks: notebooks.endpoints } : {}),
    };
}

export = main;
