/**
 * What the pinned Helm charts create that the plan's proofs need (issue 22), as small data facts with
 * the chart file each came from. The charts themselves are not vendored (their code stays upstream);
 * these facts were read from the chart sources at the pinned tags listed in docs/reference/offline-plan.md
 * and checked by rendering them with a real Helm 4 against our values. When a chart pin moves, re-check
 * the rows of that chart.
 */

/** An admission webhook server a release runs: the API server must reach its pods on this port. */
export interface ChartWebhook {
    /** What runs it. */
    readonly what: string;
    /** The container port the webhook Service targets, by chart default. */
    readonly port: number;
    /** Dotted values key that overrides the port, when the chart has one. */
    readonly portValue?: string;
    /** Where the fact comes from (repository, tag, file, key). */
    readonly source: string;
}

/** A DaemonSet a release runs, with the tolerations and selector the chart gives it when our values set none. */
export interface ChartDaemonSet {
    readonly what: string;
    /** Dotted path of its block in the release values (`prometheus-node-exporter`; `` for the chart root). */
    readonly valuesPath: string;
    /** The chart's default tolerations (used when the values set none). */
    readonly defaultTolerations: readonly { readonly key?: string; readonly operator?: string; readonly value?: string; readonly effect?: string }[];
    /** The chart's default required node affinity terms (used when the values set no affinity). */
    readonly defaultRequiredTerms?: readonly { readonly matchExpressions: readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] }[] }[];
    /** Which pools it must reach: every pool, or the pools of one role. */
    readonly meantFor: "every pool" | "gpu";
    /** Whether it runs on the host network (so scrapes reach it as a node, not a pod). */
    readonly hostNetwork: boolean;
    readonly source: string;
}

/** A ServiceMonitor/PodMonitor a release creates: Prometheus must reach its pods on this port. */
export interface ChartMonitor {
    readonly what: string;
    readonly port: number;
    /** Dotted values key that overrides the port. */
    readonly portValue?: string;
    /** Dotted values key that turns the monitor on or off, and the chart's default for it. */
    readonly enabledBy: string;
    readonly enabledByDefault: boolean;
    /** Where its targets run when not in the release's namespace. */
    readonly namespace?: string;
    readonly source: string;
}

/** The facts of one chart. */
export interface ChartFacts {
    readonly webhooks: readonly ChartWebhook[];
    readonly daemonSets: readonly ChartDaemonSet[];
    readonly monitors?: readonly ChartMonitor[];
}

/** Per chart name (the Release's `chart` input). */
export const CHART_FACTS: Readonly<Record<string, ChartFacts>> = {
    "cert-manager": {
        webhooks: [{ what: "cert-manager webhook", port: 10250, portValue: "webhook.securePort", source: "cert-manager/cert-manager v1.21.1 deploy/charts/cert-manager/values.yaml webhook.securePort: 10250" }],
        daemonSets: [],
        monitors: [{ what: "cert-manager metrics", port: 9402, enabledBy: "prometheus.servicemonitor.enabled", enabledByDefault: false, source: "cert-manager/cert-manager v1.21.1 deploy/charts/cert-manager/values.yaml prometheus.servicemonitor (controller metrics on 9402)" }],
    },
    "k8ssandra-operator": {
        webhooks: [
            { what: "k8ssandra-operator webhook", port: 9443, source: "k8ssandra/k8ssandra-operator v1.32.5 charts/k8ssandra-operator templates/deployment.yaml containerPort 9443 (controller-runtime webhook server)" },
            { what: "cass-operator webhook", port: 9443, source: "k8ssandra/k8ssandra charts/cass-operator 0.64.x templates/deployment.yaml containerPort 9443" },
        ],
        daemonSets: [],
    },
    "spark-operator": {
        monitors: [{ what: "spark-operator metrics", port: 8080, portValue: "prometheus.metrics.port", enabledBy: "prometheus.podMonitor.create", enabledByDefault: false, source: "kubeflow/spark-operator v2.5.2 charts/spark-operator-chart/values.yaml prometheus.metrics.port: 8080, podMonitor.create: false" }],
        webhooks: [{ what: "spark-operator webhook", port: 9443, portValue: "webhook.port", source: "kubeflow/spark-operator v2.5.2 charts/spark-operator-chart/values.yaml webhook.port: 9443 (rendered with helm v4.1.4 and our values: --webhook-port=9443)" }],
        daemonSets: [],
    },
    "kube-prometheus-stack": {
        monitors: [
            { what: "CoreDNS metrics", port: 9153, enabledBy: "coreDns.enabled", enabledByDefault: true, namespace: "kube-system", source: "prometheus-community/helm-charts kube-prometheus-stack-88.5.3 values.yaml coreDns.enabled: true, service.port: 9153" },
            { what: "kube-state-metrics", port: 8080, enabledBy: "kubeStateMetrics.enabled", enabledByDefault: true, source: "prometheus-community/helm-charts kube-state-metrics-8.4.0 values.yaml service.port: 8080" },
        ],
        webhooks: [{ what: "prometheus-operator admission webhook", port: 10250, portValue: "prometheusOperator.tls.internalPort", source: "prometheus-community/helm-charts kube-prometheus-stack-88.5.3 values.yaml prometheusOperator.tls.internalPort: 10250" }],
        daemonSets: [
            {
                what: "prometheus-node-exporter",
                valuesPath: "prometheus-node-exporter",
                defaultTolerations: [{ effect: "NoSchedule", operator: "Exists" }],
                meantFor: "every pool",
                hostNetwork: true,
                source: "prometheus-community/helm-charts prometheus-node-exporter-4.56.1 charts/prometheus-node-exporter/values.yaml tolerations (NoSchedule Exists), hostNetwork: true",
            },
        ],
    },
    "trust-manager": {
        webhooks: [{ what: "trust-manager webhook", port: 6443, portValue: "app.webhook.port", source: "cert-manager/trust-manager deploy/charts/trust-manager/values.yaml app.webhook.port: 6443" }],
        daemonSets: [],
        monitors: [{ what: "trust-manager metrics", port: 9402, portValue: "app.metrics.port", enabledBy: "app.metrics.service.servicemonitor.enabled", enabledByDefault: false, source: "cert-manager/trust-manager deploy/charts/trust-manager/values.yaml app.metrics.port: 9402, servicemonitor.enabled: false" }],
    },
    yunikorn: {
        // The admission controller is not host-networked in our values (admissionController.hostNetwork: false), so
        // the API server reaches it as a pod; the PodMonitor on the scheduler's :9080 is tristack's, not the chart's.
        webhooks: [{ what: "YuniKorn admission controller", port: 9089, source: "apache/yunikorn-release helm-charts/yunikorn/templates/admission-controller-deployment.yaml containerPort: 9089 (webhook-api; no values key), at v1.8.0 and on master of 2026-05-28, the newest snapshot read, two months before the 1.9.0 release" }],
        daemonSets: [],
    },
    "strimzi-kafka-operator": { webhooks: [], daemonSets: [] },
    "cluster-autoscaler": { webhooks: [], daemonSets: [] },
    "nvidia-device-plugin": {
        webhooks: [],
        daemonSets: [
            {
                what: "NVIDIA device plugin",
                valuesPath: "",
                defaultTolerations: [
                    { key: "CriticalAddonsOnly", operator: "Exists" },
                    { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" },
                ],
                // Without our affinity the chart asks for labels Node Feature Discovery sets (NFD is off in our values).
                defaultRequiredTerms: [
                    { matchExpressions: [{ key: "feature.node.kubernetes.io/pci-10de.present", operator: "In", values: ["true"] }] },
                    { matchExpressions: [{ key: "feature.node.kubernetes.io/cpu-model.vendor_id", operator: "In", values: ["NVIDIA"] }] },
                    { matchExpressions: [{ key: "nvidia.com/gpu.present", operator: "In", values: ["true"] }] },
                ],
                meantFor: "gpu",
                hostNetwork: false,
                source: "NVIDIA/k8s-device-plugin v0.20.0 deployments/helm/nvidia-device-plugin/values.yaml tolerations and affinity (NFD labels)",
            },
        ],
    },
    "dcgm-exporter": {
        webhooks: [],
        monitors: [{ what: "DCGM exporter metrics", port: 9400, portValue: "service.port", enabledBy: "serviceMonitor.enabled", enabledByDefault: true, source: "NVIDIA/dcgm-exporter 4.5.3-4.8.2 deployment/values.yaml service.port: 9400, serviceMonitor.enabled: true" }],
        daemonSets: [
            {
                what: "DCGM exporter",
                valuesPath: "",
                defaultTolerations: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" }],
                meantFor: "gpu",
                hostNetwork: false,
                source: "NVIDIA/dcgm-exporter 4.5.3-4.8.2 deployment/values.yaml tolerations (control-plane only; rendered with helm v4.1.4)",
            },
        ],
    },
};
