import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { PLATFORM_DAEMONSETS } from "../capacity/daemonSets";
import type { ScrapeTargets } from "../clouds/clusterHandle";
import type { MonitoringSettings } from "../spec";
import { STORAGE_CLASSES } from "../spec/nodeClass";
import { controlPlacement, HOST_AGENT_NAMESPACE, PLATFORM_LABELS } from "./common";
import { daemonSetResources } from "./gpu";
import { PLATFORM_VERSIONS } from "./versions";

/** Helm release name; the chart labels its own monitors `release: <name>`. */
export const MONITORING_RELEASE = "kube-prometheus-stack";
/** Labels a ServiceMonitor/PodMonitor carries to be selected (the selectors are empty, so this is sufficient, not required). */
export const MONITOR_LABELS = { release: MONITORING_RELEASE } as const;
/** Labels a ConfigMap carries for the Grafana sidecar to load it as a dashboard (from any namespace). */
export const DASHBOARD_LABELS = { grafana_dashboard: "1" } as const;
/** The Secret holding Grafana's admin credentials, and its keys. */
export const GRAFANA_ADMIN_SECRET = { name: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password", user: "admin" } as const;

const requests = (cpu: string, memory: string, limit: string = memory) => ({ requests: { cpu, memory }, limits: { memory: limit } });

/** Inputs of {@link kubePrometheusStackValues}. */
export interface MonitoringValuesArgs {
    readonly settings: MonitoringSettings;
    /** PriorityClass of platform controllers. */
    readonly priorityClassName: string;
    /** What the cluster exposes to scrape (ClusterHandle.scrapeTargets). */
    readonly scrapeTargets: ScrapeTargets;
}

/**
 * Helm values of kube-prometheus-stack. Prometheus selects every ServiceMonitor, PodMonitor, Probe,
 * ScrapeConfig and PrometheusRule in every namespace (the `*NilUsesHelmValues: false` switches), keeps
 * `retentionDays` of data on a `tristack-standard` volume of `storageGiB` (and stops at 90% of it);
 * Grafana reads its admin credentials from a Secret and loads dashboards from every namespace;
 * node-exporter runs in kube-system (it needs the host network, PID namespace and paths that PSS
 * baseline forbids) with exactly the capacity model's requests; every controller runs on the system or
 * general pools. The chart's control-plane and kube-proxy scrapes (and with them their recording
 * rules and `...Down` alerts, which the chart templates only for enabled components) are on only
 * where the handle says the cluster exposes them: never on EKS, GKE and AKS, whose control planes
 * are the cloud's and whose dataplanes have no reachable kube-proxy (docs/services/monitoring.md).
 * @param args settings, priority class and scrape targets
 */
export function kubePrometheusStackValues(args: MonitoringValuesArgs): Record<string, unknown> {
    const { settings, priorityClassName, scrapeTargets } = args;
    const place = { ...controlPlacement(), priorityClassName };
    return {
        // The Prometheus Operator CRDs come from their own release (prometheusOperatorCrdsValues), installed
        // before anything else so monitors need only them; the chart's `crds` sub-chart, which carries them
        // in its crds/ folder, is a dependency with `condition: crds.enabled` (prometheus-community/helm-charts
        // charts/kube-prometheus-stack/Chart.yaml at 88.5.3), so `false` leaves them out.
        crds: { enabled: false },
        kubeControllerManager: { enabled: scrapeTargets.controllerManager },
        kubeScheduler: { enabled: scrapeTargets.scheduler },
        kubeEtcd: { enabled: scrapeTargets.etcd },
        kubeProxy: { enabled: scrapeTargets.kubeProxy },
        prometheusOperator: {
            ...place,
            resources: requests("100m", "256Mi"),
            admissionWebhooks: { patch: { ...place, resources: requests("50m", "64Mi") } },
        },
        prometheus: {
            prometheusSpec: {
                ...place,
                retention: `${settings.retentionDays}d`,
                // Prometheus size units are powers of two: "GB" here is GiB.
                retentionSize: `${Math.floor(settings.storageGiB * 0.9)}GB`,
                storageSpec: {
                    volumeClaimTemplate: { spec: { storageClassName: STORAGE_CLASSES.standard, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: `${settings.storageGiB}Gi` } } } },
                },
                serviceMonitorSelectorNilUsesHelmValues: false,
                podMonitorSelectorNilUsesHelmValues: false,
                probeSelectorNilUsesHelmValues: false,
                ruleSelectorNilUsesHelmValues: false,
                scrapeConfigSelectorNilUsesHelmValues: false,
                resources: requests("500m", "2Gi", "4Gi"),
            },
        },
        alertmanager: { alertmanagerSpec: { ...place, resources: requests("50m", "128Mi") } },
        grafana: {
            ...place,
            admin: { existingSecret: GRAFANA_ADMIN_SECRET.name, userKey: GRAFANA_ADMIN_SECRET.userKey, passwordKey: GRAFANA_ADMIN_SECRET.passwordKey },
            persistence: { enabled: false },
            resources: requests("100m", "256Mi", "512Mi"),
            sidecar: { dashboards: { enabled: true, label: Object.keys(DASHBOARD_LABELS)[0], labelValue: Object.values(DASHBOARD_LABELS)[0], searchNamespace: "ALL" } },
        },
        "kube-state-metrics": { ...place, resources: requests("50m", "128Mi", "256Mi") },
        "prometheus-node-exporter": {
            namespaceOverride: HOST_AGENT_NAMESPACE,
            priorityClassName: "system-node-critical",
            resources: daemonSetResources(PLATFORM_DAEMONSETS.nodeExporter),
        },
    };
}

/** The annotation that keeps an object when its Helm release is uninstalled (https://helm.sh/docs/howto/charts_tips_and_tricks/#tell-helm-not-to-uninstall-a-resource). */
export const HELM_KEEP = { "helm.sh/resource-policy": "keep" } as const;

/**
 * Helm values of prometheus-operator-crds: every CRD on (the chart's default), each kept when the release
 * goes. The chart templates its CRDs (charts/prometheus-operator-crds/charts/crds/templates/, each behind
 * `crds.<name>.enabled`, annotated from `crds.annotations`), so unlike a crds/ folder Helm upgrades them
 * with the chart, and without the keep annotation an uninstall would delete them and with them every
 * ServiceMonitor, PodMonitor and PrometheusRule in the cluster.
 */
export function prometheusOperatorCrdsValues(): Record<string, unknown> {
    return { crds: { annotations: { ...HELM_KEEP } } };
}

/** Inputs of {@link createMonitoring}. */
export interface MonitoringArgs extends MonitoringValuesArgs {
    /** The monitoring namespace. */
    readonly namespace: string;
    /** Protect and retain the release (prod). */
    readonly keep: boolean;
}

/** What {@link createMonitoring} made. */
export interface Monitoring {
    /** The Prometheus Operator CRDs: what a ServiceMonitor, PodMonitor or PrometheusRule waits for. */
    readonly crds: k8s.helm.v3.Release;
    readonly release: k8s.helm.v3.Release;
    readonly adminSecret: k8s.core.v1.Secret;
}

/** Options of {@link createMonitoring}'s objects. */
export interface MonitoringOptions {
    /** Objects that start no pods (the admin Secret, the CRDs): provider, parent, dependsOn the API and the namespace. */
    readonly objects: pulumi.CustomResourceOptions;
    /** The kube-prometheus-stack release: dependsOn the node pools, namespace, storage and priority classes too. */
    readonly workloads: pulumi.CustomResourceOptions;
}

/**
 * The Prometheus Operator CRDs on their own (prometheus-operator-crds, the same operator version as
 * kube-prometheus-stack), then kube-prometheus-stack with a generated Grafana admin password (a Pulumi
 * secret, stored in a Kubernetes Secret the chart references). The CRDs start no pods, so they are
 * applied while the node pools are still created, and the platform's and data services' monitors wait
 * for them instead of the whole stack (issue 25).
 * @param name base logical name
 * @param args settings
 * @param parent the platform component (parent of the password)
 * @param opts options of the objects and of the release
 */
export function createMonitoring(name: string, args: MonitoringArgs, parent: pulumi.Resource, opts: MonitoringOptions): Monitoring {
    const keep: pulumi.CustomResourceOptions = args.keep ? { protect: true, retainOnDelete: true } : {};
    const c = PLATFORM_VERSIONS.prometheusOperatorCrds;
    const crds = new k8s.helm.v3.Release(
        `${name}-prometheus-operator-crds`,
        { name: c.chart, chart: c.chart, version: c.version, repositoryOpts: { repo: c.repo }, namespace: args.namespace, values: prometheusOperatorCrdsValues() },
        pulumi.mergeOptions(opts.objects, keep),
    );
    const password = new random.RandomPassword(`${name}-grafana-admin`, { length: 32, special: false }, { parent });
    const adminSecret = new k8s.core.v1.Secret(
        `${name}-grafana-admin`,
        {
            metadata: { name: GRAFANA_ADMIN_SECRET.name, namespace: args.namespace, labels: { ...PLATFORM_LABELS } },
            type: "Opaque",
            stringData: { [GRAFANA_ADMIN_SECRET.userKey]: GRAFANA_ADMIN_SECRET.user, [GRAFANA_ADMIN_SECRET.passwordKey]: password.result },
        },
        opts.objects,
    );
    const v = PLATFORM_VERSIONS.kubePrometheusStack;
    const release = new k8s.helm.v3.Release(
        `${name}-${MONITORING_RELEASE}`,
        { name: MONITORING_RELEASE, chart: v.chart, version: v.version, repositoryOpts: { repo: v.repo }, namespace: args.namespace, values: kubePrometheusStackValues(args) },
        // The operator's Prometheus, Alertmanager and rules are custom resources: the chart's objects need the
        // CRDs (a custom resource whose CRD is not yet established is refused: "no matches for kind
        // \"PrometheusRule\" in version \"monitoring.coreos.com/v1\"", pulumi/pulumi-kubernetes#1446).
        // In prod the release (and with it the Prometheus volume claim template) is protected and retained.
        pulumi.mergeOptions(opts.workloads, { dependsOn: [adminSecret, crds], ...keep }),
    );
    return { crds, release, adminSecret };
}
