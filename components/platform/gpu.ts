import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { PLATFORM_DAEMONSETS } from "../capacity/daemonSets";
import type { Resources } from "../capacity/types";
import type { GpuEnablement, PoolHandle } from "../clouds/clusterHandle";
import { ROLE_LABEL, type Taint } from "../spec/nodeClass";
import { HOST_AGENT_NAMESPACE, tolerationFor } from "./common";
import { PLATFORM_VERSIONS } from "./versions";

/** Helm release names of the GPU charts. */
export const GPU_RELEASES = { devicePlugin: "nvidia-device-plugin", dcgmExporter: "dcgm-exporter" } as const;

/**
 * Container resources from a DaemonSet budget: requests exactly the budget the capacity model
 * subtracts from every GPU node, memory limit twice the request.
 * @param r the budget
 */
export function daemonSetResources(r: Resources): { requests: { cpu: string; memory: string }; limits: { memory: string } } {
    return { requests: { cpu: `${r.cpuMillis}m`, memory: `${r.memoryMiB}Mi` }, limits: { memory: `${2 * r.memoryMiB}Mi` } };
}

/**
 * The taints GPU nodes really carry: every GPU pool's taints from the handle (PoolHandle.taints holds
 * the contract taints plus what the cloud adds itself, e.g. AKS's
 * `kubernetes.azure.com/scalesetpriority=spot:NoSchedule` on Spot pools), each once. Without the
 * cloud's taint the device plugin never lands on a Spot GPU node, the node never advertises
 * `nvidia.com/gpu`, and GPU pods stay Pending while the autoscaler keeps adding nodes (issue 18 item 3).
 * @param pools the cluster's pools (non-GPU pools are ignored)
 */
export function gpuNodeTaints(pools: readonly PoolHandle[]): Taint[] {
    const seen = new Map<string, Taint>();
    for (const p of pools) if (p.role === "gpu") for (const t of p.taints) seen.set(`${t.key}=${t.value}:${t.effect}`, t);
    return [...seen.values()];
}

/**
 * GPU nodes only: the contract role label, as a nodeSelector and as the (replaced) chart affinity, and
 * exactly the GPU pools' taints as tolerations (replacing the charts' own list).
 * @param taints the GPU nodes' taints ({@link gpuNodeTaints})
 */
function gpuPlacement(taints: readonly Taint[]): Record<string, unknown> {
    return {
        nodeSelector: { [ROLE_LABEL]: "gpu" },
        // Replaces the charts' default affinity (NFD `pci-10de` / `nvidia.com/gpu.present` labels, which
        // tristack nodes do not necessarily carry) with the contract label.
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: ROLE_LABEL, operator: "In", values: ["gpu"] }] }] } } },
        tolerations: taints.map(tolerationFor),
    };
}

/**
 * Helm values of the NVIDIA device plugin: the plugin alone (no GFD/NFD, no MIG/time-slicing config).
 * @param taints the GPU nodes' taints ({@link gpuNodeTaints})
 */
export function devicePluginValues(taints: readonly Taint[]): Record<string, unknown> {
    return {
        ...gpuPlacement(taints),
        resources: daemonSetResources(PLATFORM_DAEMONSETS.gpuDevicePlugin),
        priorityClassName: "system-node-critical",
        gfd: { enabled: false },
        nfd: { enabled: false },
    };
}

/** Where the DCGM exporter sees a host driver directory (ClusterHandle.gpu.driverHostPath). */
export const DRIVER_MOUNT_PATH = "/usr/local/nvidia";

/**
 * Helm values of the DCGM exporter, with its ServiceMonitor labelled for the platform Prometheus.
 * Where the node image keeps the driver outside the library path (GKE COS), the driver directory is
 * mounted read-only at {@link DRIVER_MOUNT_PATH} and its `lib64` put on `LD_LIBRARY_PATH`, so DCGM
 * finds `libnvidia-ml.so` (else ERROR_LIBRARY_NOT_FOUND, NVIDIA/dcgm-exporter#484). The chart's
 * `extraHostVolumes` / `extraVolumeMounts` / `extraEnv` (NVIDIA/dcgm-exporter deployment/values.yaml).
 * The chart's default `resources.limits.cpu: 200m` (dcgm-exporter 4.8.2 deployment/values.yaml) survives
 * Helm's map merge unless set to null, against the platform's no-CPU-limit rule; so it is nulled.
 * @param monitorLabels labels Prometheus selects monitors by
 * @param taints the GPU nodes' taints ({@link gpuNodeTaints})
 * @param driverHostPath the host's driver directory, if the node image needs it mounted
 */
export function dcgmExporterValues(monitorLabels: Readonly<Record<string, string>>, taints: readonly Taint[], driverHostPath?: string): Record<string, unknown> {
    const driver =
        driverHostPath === undefined
            ? {}
            : {
                  extraHostVolumes: [{ name: "nvidia-install-dir-host", hostPath: driverHostPath }],
                  extraVolumeMounts: [{ name: "nvidia-install-dir-host", mountPath: DRIVER_MOUNT_PATH, readOnly: true }],
                  extraEnv: [{ name: "LD_LIBRARY_PATH", value: `${DRIVER_MOUNT_PATH}/lib64` }],
              };
    const resources = daemonSetResources(PLATFORM_DAEMONSETS.dcgmExporter);
    return {
        ...gpuPlacement(taints),
        resources: { ...resources, limits: { ...resources.limits, cpu: null } },
        priorityClassName: "system-node-critical",
        serviceMonitor: { enabled: true, additionalLabels: { ...monitorLabels } },
        ...driver,
    };
}

/** Inputs of {@link createGpuEnablement}. */
export interface GpuArgs {
    /** What the cloud already provides. */
    readonly gpu: GpuEnablement;
    /** The cluster's pools (ClusterHandle.pools): the GPU pools' taints are tolerated. */
    readonly pools: readonly PoolHandle[];
    /** Monitoring is on: install the DCGM exporter. */
    readonly monitoring?: { readonly monitorLabels: Readonly<Record<string, string>>; readonly after: pulumi.Resource };
}

/** What {@link createGpuEnablement} made. */
export interface GpuEnablementReleases {
    readonly devicePlugin?: k8s.helm.v3.Release;
    readonly dcgmExporter?: k8s.helm.v3.Release;
}

/**
 * GPU enablement for clusters with GPU pools: the NVIDIA device plugin where the cloud does not run one,
 * and the DCGM exporter when monitoring is on. Both are host agents in kube-system, on GPU nodes only.
 * The device plugin chart rather than the GPU operator: every adapter's node image ships the driver and
 * container toolkit, so the operator would only add DaemonSets (NFD, GFD, validator) the capacity model
 * does not budget for.
 * @param name base logical name
 * @param args what the cloud provides, and monitoring
 * @param opts options (provider, parent, dependsOn)
 */
export function createGpuEnablement(name: string, args: GpuArgs, opts: pulumi.CustomResourceOptions): GpuEnablementReleases {
    if (!args.gpu.driverProvidedByCloud) {
        throw new pulumi.RunError("the cluster has GPU pools but its node image does not provide the NVIDIA driver; tristack supports only clusters whose nodes ship the driver (ClusterHandle.gpu.driverProvidedByCloud)");
    }
    const release = (key: keyof typeof GPU_RELEASES, v: { chart: string; repo: string; version: string }, values: Record<string, unknown>, o: pulumi.CustomResourceOptions) =>
        new k8s.helm.v3.Release(`${name}-${GPU_RELEASES[key]}`, { name: GPU_RELEASES[key], chart: v.chart, version: v.version, repositoryOpts: { repo: v.repo }, namespace: HOST_AGENT_NAMESPACE, values }, o);
    const taints = gpuNodeTaints(args.pools);
    const devicePlugin = args.gpu.devicePluginProvidedByCloud ? undefined : release("devicePlugin", PLATFORM_VERSIONS.nvidiaDevicePlugin, devicePluginValues(taints), opts);
    const dcgmExporter = args.monitoring
        ? release("dcgmExporter", PLATFORM_VERSIONS.dcgmExporter, dcgmExporterValues(args.monitoring.monitorLabels, taints, args.gpu.driverHostPath), pulumi.mergeOptions(opts, { dependsOn: [args.monitoring.after] }))
        : undefined;
    return { ...(devicePlugin ? { devicePlugin } : {}), ...(dcgmExporter ? { dcgmExporter } : {}) };
}
