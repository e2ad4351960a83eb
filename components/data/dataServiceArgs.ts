import type { ClusterHandle } from "../clouds/clusterHandle";
import type { PlatformHandle } from "../platform/platformHandle";
import type { PlatformSpec } from "../spec";

/** What every data service component receives. */
export interface DataServiceArgs {
    /** The cluster (pools, allocatable, object store, provider). */
    readonly cluster: ClusterHandle;
    /** The platform (namespaces, storage classes, priority classes, monitoring). */
    readonly platform: PlatformHandle;
    /** The validated spec. */
    readonly spec: PlatformSpec;
}
