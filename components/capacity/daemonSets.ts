import type { Cloud } from "../spec/nodeClass";
import type { Resources } from "./types";

/**
 * Requests of the DaemonSets every node runs, which come off allocatable before pods are fitted
 * (docs/reference/node-allocatable.md §1.6). Cloud baselines are observed values; ours are the requests the platform sets.
 */
export const CLOUD_BASELINE_DAEMONSETS: Record<Cloud, Resources> = {
    /** aws-node 50m, kube-proxy 100m, ebs-csi-node 30m/120Mi, pod-identity-agent (0). */
    aws: { cpuMillis: 180, memoryMiB: 120 },
    /** fluentbit, gke-metadata-server, gke-metrics-agent, ip-masq-agent, kube-proxy/anetd, netd, pdcsi-node. */
    gcp: { cpuMillis: 354, memoryMiB: 576 },
    /** azure-cns, ip-masq-agent, cloud-node-manager, csi-azuredisk/azurefile-node, kube-proxy. */
    azure: { cpuMillis: 350, memoryMiB: 470 },
    /** kind/minikube/on-prem: unknown, taken as kube-proxy + CNI. */
    existing: { cpuMillis: 200, memoryMiB: 100 },
};

/** Extra DaemonSets the cloud runs on GPU nodes only (GKE driver installer + device plugin). */
export const CLOUD_GPU_DAEMONSETS: Record<Cloud, Resources> = {
    aws: { cpuMillis: 0, memoryMiB: 0 },
    gcp: { cpuMillis: 200, memoryMiB: 10 },
    azure: { cpuMillis: 0, memoryMiB: 0 },
    existing: { cpuMillis: 0, memoryMiB: 0 },
};

/**
 * DaemonSets tristack itself runs on every node, with the requests the platform layer sets on them.
 * The platform layer must use exactly these values.
 */
export const PLATFORM_DAEMONSETS = {
    /** prometheus-node-exporter (monitoring on). */
    nodeExporter: { cpuMillis: 20, memoryMiB: 32 },
    /** NVIDIA device plugin / DCGM exporter on GPU nodes where tristack installs them. */
    gpuDevicePlugin: { cpuMillis: 50, memoryMiB: 64 },
    dcgmExporter: { cpuMillis: 100, memoryMiB: 256 },
} as const satisfies Record<string, Resources>;

/** What decides the DaemonSet overhead of one pool. */
export interface OverheadInput {
    readonly cloud: Cloud;
    readonly gpu: boolean;
    readonly monitoring: boolean;
    /** tristack installs the device plugin on this cloud's GPU nodes. */
    readonly installsDevicePlugin: boolean;
}

/**
 * Sum of DaemonSet requests on one node of a pool.
 * @param input cloud, GPU and monitoring switches
 */
export function daemonSetOverhead(input: OverheadInput): Resources {
    const parts: Resources[] = [CLOUD_BASELINE_DAEMONSETS[input.cloud]];
    if (input.monitoring) parts.push(PLATFORM_DAEMONSETS.nodeExporter);
    if (input.gpu) {
        parts.push(CLOUD_GPU_DAEMONSETS[input.cloud]);
        if (input.installsDevicePlugin) parts.push(PLATFORM_DAEMONSETS.gpuDevicePlugin);
        if (input.monitoring) parts.push(PLATFORM_DAEMONSETS.dcgmExporter);
    }
    return parts.reduce((a, b) => ({ cpuMillis: a.cpuMillis + b.cpuMillis, memoryMiB: a.memoryMiB + b.memoryMiB }), { cpuMillis: 0, memoryMiB: 0 });
}
