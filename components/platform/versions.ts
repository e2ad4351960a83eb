/**
 * Every chart the platform layer pins, in one place. Each version carries a Renovate marker on the
 * line above so updates arrive as reviewed pull requests. Images come from the charts' own pinned
 * defaults (each chart's appVersion), so bumping a chart bumps its images.
 */
export const PLATFORM_VERSIONS = {
    /** kube-prometheus-stack: Prometheus Operator (+ CRDs), Prometheus, Alertmanager, Grafana, kube-state-metrics, node-exporter. */
    kubePrometheusStack: {
        chart: "kube-prometheus-stack",
        repo: "https://prometheus-community.github.io/helm-charts",
        // renovate: datasource=helm depName=kube-prometheus-stack registryUrl=https://prometheus-community.github.io/helm-charts
        version: "88.5.3",
    },
    /** NVIDIA device plugin (advertises `nvidia.com/gpu`); installed only where the cloud does not run one. */
    nvidiaDevicePlugin: {
        chart: "nvidia-device-plugin",
        repo: "https://nvidia.github.io/k8s-device-plugin",
        // renovate: datasource=helm depName=nvidia-device-plugin registryUrl=https://nvidia.github.io/k8s-device-plugin
        version: "0.20.0",
    },
    /** NVIDIA DCGM exporter (GPU metrics on :9400), installed when monitoring is on and the cluster has GPU pools. */
    dcgmExporter: {
        chart: "dcgm-exporter",
        repo: "https://nvidia.github.io/dcgm-exporter/helm-charts",
        // renovate: datasource=helm depName=dcgm-exporter registryUrl=https://nvidia.github.io/dcgm-exporter/helm-charts
        version: "4.8.2",
    },
} as const;
