import type * as pulumi from "@pulumi/pulumi";
import type { PlatformSpec } from "../spec";
import type { ClusterHandle } from "./clusterHandle";

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
