/** CPU and memory in the units the Kubernetes scheduler counts. */
export interface Resources {
    /** Millicores. */
    readonly cpuMillis: number;
    /** Mebibytes. */
    readonly memoryMiB: number;
}

/** How a node's allocatable is derived from its nominal shape. */
export interface NodeAllocatable extends Resources {
    /** Kubelet-reported memory capacity (below nominal), MiB. */
    readonly capacityMemoryMiB: number;
    /** kube-reserved + system-reserved CPU, millicores. */
    readonly reservedCpuMillis: number;
    /** kube-reserved + system-reserved memory, MiB. */
    readonly reservedMemoryMiB: number;
    /** Hard eviction threshold for memory, MiB. */
    readonly evictionMemoryMiB: number;
    /** Max pods the kubelet runs with (EKS: the managed node group's, see `eksKubeReserved`). */
    readonly maxPods: number;
}
