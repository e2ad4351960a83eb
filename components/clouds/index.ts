import * as pulumi from "@pulumi/pulumi";
import type { PlatformSpec } from "../spec";
import { oversizedPools } from "./shapeFit";
import type { AccessPath, ClusterHandle, PoolHandle } from "./clusterHandle";

export * from "./clusterHandle";
export * from "./catalog";

/**
 * Build (or adopt) the cluster the spec asks for and return its neutral handle. The one place that
 * dispatches on `spec.cloud`; each adapter module is loaded only when chosen, so a stack pays for one
 * cloud SDK, not three.
 * @param spec the validated spec
 * @param opts options for the adapter component
 */
export async function createCluster(spec: PlatformSpec, opts?: pulumi.ComponentResourceOptions): Promise<ClusterHandle> {
    switch (spec.cloud) {
        case "aws": {
            const { EksCluster } = await import("./aws/eksCluster");
            return new EksCluster(spec.name, { spec }, opts).handle;
        }
        case "gcp": {
            const { GkeCluster } = await import("./gcp/gkeCluster");
            return new GkeCluster(spec.name, { spec }, opts).handle;
        }
        case "azure": {
            const { AksCluster } = await import("./azure/aksCluster");
            return new AksCluster(spec.name, { spec }, opts).handle;
        }
        case "existing": {
            const { ExistingCluster } = await import("./existing/existingCluster");
            return new ExistingCluster(spec.name, { spec }, opts).handle;
        }
        default: {
            const unreachable: never = spec.cloud;
            throw new Error(`unknown cloud ${String(unreachable)}`);
        }
    }
}

/**
 * The pools the adapter for `spec.cloud` will build (the handle's `pools`), computed without
 * registering anything, so the data services can be sized, and refused, before the first resource.
 * Also refuses what the adapter cannot build from this spec (EKS: a Kubernetes minor without pinned
 * add-on versions). Warns (`pulumi.log.warn`) about pools the catalog resolves to a type much larger
 * than their shape asks ({@link oversizedPools}); the offline plan lists the program's warnings in report.md.
 * @param spec the validated spec
 */
export async function plannedPools(spec: PlatformSpec): Promise<Readonly<Record<string, PoolHandle>>> {
    for (const warning of oversizedPools(spec.cloud, spec.nodePools)) void pulumi.log.warn(warning);
    switch (spec.cloud) {
        case "aws": {
            (await import("./aws/addons")).addonVersionsFor(spec.kubernetesVersion);
            return (await import("./aws/eksCluster")).eksPools(spec);
        }
        case "gcp":
            return (await import("./gcp/gkeCluster")).gkePools(spec);
        case "azure":
            return (await import("./azure/aksCluster")).aksPools(spec);
        case "existing":
            return (await import("./existing/existingCluster")).existingPools(spec);
        default: {
            const unreachable: never = spec.cloud;
            throw new Error(`unknown cloud ${String(unreachable)}`);
        }
    }
}

/**
 * The path from the runner to the API server the adapter for `spec.cloud` will build (the handle's
 * `controlPlaneAccess` without the endpoint), computed without registering anything, for the plan.
 * @param spec the validated spec
 */
export async function plannedAccessPath(spec: PlatformSpec): Promise<AccessPath> {
    switch (spec.cloud) {
        case "aws":
            return (await import("./aws/access")).eksAccessPath(spec);
        case "gcp":
            return (await import("./gcp/access")).gkeAccessPath(spec);
        case "azure":
            return (await import("./azure/access")).aksAccessPath(spec);
        case "existing":
            return (await import("./existing/existingCluster")).existingAccessPath(spec);
        default: {
            const unreachable: never = spec.cloud;
            throw new Error(`unknown cloud ${String(unreachable)}`);
        }
    }
}
