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
    /**
     * The Prometheus Operator CRDs on their own, installed before kube-prometheus-stack (whose own CRDs are
     * off): 31.0.1 carries operator v0.93.1, the appVersion of kube-prometheus-stack 88.5.3, with the same
     * CRDs (prometheus-community/helm-charts charts/prometheus-operator-crds/Chart.yaml, 4529d7bb; bump both together).
     */
    prometheusOperatorCrds: {
        chart: "prometheus-operator-crds",
        repo: "https://prometheus-community.github.io/helm-charts",
        // renovate: datasource=helm depName=prometheus-operator-crds registryUrl=https://prometheus-community.github.io/helm-charts
        version: "31.0.1",
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
    /**
     * cert-manager: issues the platform CA, the Kafka listener certificate, the k8ssandra/cass-operator webhook
     * certificates and, in prod, the Cassandra TLS stores. Installed by the platform whenever Kafka or Cassandra
     * is on (docs/services/cert-manager.md).
     */
    certManager: {
        chart: "cert-manager",
        repo: "https://charts.jetstack.io",
        // renovate: datasource=helm depName=cert-manager registryUrl=https://charts.jetstack.io
        version: "v1.21.1",
    },
    /**
     * trust-manager: copies the platform CA certificate into every tristack namespace as the ConfigMap
     * `tristack-ca` and keeps it current (`trust.cert-manager.io/v1alpha1` Bundle). v0.24.0 is the
     * cert-manager/trust-manager tag of 2026-06-27 (chart `deploy/charts/trust-manager`, published to
     * charts.jetstack.io as `trust-manager`; its Bundle CRD is vendored in schemas/crds/trust-manager).
     */
    trustManager: {
        chart: "trust-manager",
        repo: "https://charts.jetstack.io",
        // renovate: datasource=helm depName=trust-manager registryUrl=https://charts.jetstack.io
        version: "v0.24.0",
    },
    /**
     * Apache YuniKorn, the batch scheduler of Spark (components/platform/batchScheduler.ts, issue 27). 1.9.0 is
     * the release of 2026-07-29 (yunikorn-site src/pages/community/download.md and release-announce/1.9.0.md;
     * k8shim tag v1.9.0 = 1a59488d); its chart is published at the repo below as `yunikorn-1.9.0.tgz` (sha256
     * 1d751f5cfb6d545ba21a36ba993669bf08158c1c1abdd89a6c298627d6ed433e as a third-party deployment pins it). The
     * release tool pins the chart's images to `scheduler-1.9.0`, `admission-1.9.0`, `web-1.9.0`
     * (apache/yunikorn-release release-tools/build-release.py); the site lists their digests (scheduler
     * sha256:f72beb42…, admission sha256:f3d04f50…, web sha256:d6b5c515…). 1.9.0 is the first release whose
     * gang placeholders pass Pod Security `restricted` (YUNIKORN-3132, k8shim 9f44327).
     */
    yunikorn: {
        chart: "yunikorn",
        repo: "https://apache.github.io/yunikorn-release",
        // renovate: datasource=helm depName=yunikorn registryUrl=https://apache.github.io/yunikorn-release
        version: "1.9.0",
    },
} as const;
