import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ControlPlacement } from "./placement";
import { CASSANDRA_VERSIONS } from "./versions";

/**
 * The two operators Cassandra needs, as pinned Helm releases: cert-manager (the k8ssandra and
 * cass-operator admission webhooks get their serving certificates from it; in prod it also issues the
 * Cassandra TLS stores) and k8ssandra-operator (with cass-operator as a sub-chart).
 *
 * CRDs outlive the releases: cert-manager's are templated with `crds.keep` (Helm's
 * `resource-policy: keep`), k8ssandra-operator's ship in the chart's `crds/` folder, which Helm
 * installs but never deletes, and its pre-upgrade job upgrades them in place. Deleting a CRD would
 * delete every K8ssandraCluster and CassandraDatacenter, and cass-operator then deletes the PVCs
 * (the k8ssandra/k8ssandra#1209 incident), so in prod both releases are also protected and retained.
 */

/** Requests (= memory limits) of the operator pods. */
export const OPERATOR_RESOURCES = {
    certManager: { cpu: "50m", memory: "128Mi" },
    certManagerWebhook: { cpu: "20m", memory: "64Mi" },
    certManagerCainjector: { cpu: "20m", memory: "192Mi" },
    k8ssandraOperator: { cpu: "100m", memory: "256Mi" },
    cassOperator: { cpu: "100m", memory: "256Mi" },
} as const;

/** Inputs of {@link createOperators}. */
export interface OperatorsArgs {
    /** Namespace both operators are installed into (the platform's Cassandra namespace). */
    readonly namespace: string;
    /** Where the operator pods run. */
    readonly placement: ControlPlacement;
    /** PriorityClass of platform operators. */
    readonly priorityClassName: string;
    /** Prometheus Operator ServiceMonitor labels, when monitoring is on. */
    readonly monitorLabels?: Readonly<Record<string, string>>;
    /** Protect and retain the releases (prod). */
    readonly protect: boolean;
}

/** The operator releases. */
export interface Operators {
    readonly certManager: k8s.helm.v3.Release;
    readonly k8ssandraOperator: k8s.helm.v3.Release;
}

const resources = (r: { cpu: string; memory: string }) => ({ requests: { cpu: r.cpu, memory: r.memory }, limits: { memory: r.memory } });

/**
 * Helm values of the cert-manager release.
 * @param args operator inputs
 */
export function certManagerValues(args: OperatorsArgs): Record<string, unknown> {
    const { placement } = args;
    return {
        crds: { enabled: true, keep: true },
        global: {
            priorityClassName: args.priorityClassName,
            nodeSelector: placement.nodeSelector,
            leaderElection: { namespace: args.namespace },
        },
        resources: resources(OPERATOR_RESOURCES.certManager),
        tolerations: placement.tolerations,
        webhook: { resources: resources(OPERATOR_RESOURCES.certManagerWebhook), tolerations: placement.tolerations },
        cainjector: { resources: resources(OPERATOR_RESOURCES.certManagerCainjector), tolerations: placement.tolerations },
        startupapicheck: { resources: resources(OPERATOR_RESOURCES.certManagerWebhook), tolerations: placement.tolerations },
        prometheus: {
            enabled: args.monitorLabels !== undefined,
            servicemonitor: { enabled: args.monitorLabels !== undefined, labels: args.monitorLabels ?? {} },
        },
    };
}

/**
 * Helm values of the k8ssandra-operator release (namespace-scoped: it manages the K8ssandraClusters
 * of its own namespace only).
 * @param args operator inputs
 */
export function k8ssandraOperatorValues(args: OperatorsArgs): Record<string, unknown> {
    const { placement } = args;
    return {
        global: { clusterScoped: false },
        resources: resources(OPERATOR_RESOURCES.k8ssandraOperator),
        nodeSelector: placement.nodeSelector,
        tolerations: placement.tolerations,
        "cass-operator": {
            resources: resources(OPERATOR_RESOURCES.cassOperator),
            nodeSelector: placement.nodeSelector,
            tolerations: placement.tolerations,
        },
    };
}

/**
 * Install cert-manager, then k8ssandra-operator.
 * @param name base logical name
 * @param args operator inputs
 * @param opts options for both releases (provider, parent, dependsOn)
 */
export function createOperators(name: string, args: OperatorsArgs, opts: pulumi.CustomResourceOptions): Operators {
    const keep: pulumi.CustomResourceOptions = args.protect ? { protect: true, retainOnDelete: true } : {};
    const cm = CASSANDRA_VERSIONS.certManager;
    const certManager = new k8s.helm.v3.Release(
        `${name}-cert-manager`,
        {
            name: "cert-manager",
            chart: cm.chart,
            version: cm.version,
            repositoryOpts: { repo: cm.repo },
            namespace: args.namespace,
            values: certManagerValues(args),
        },
        pulumi.mergeOptions(opts, keep),
    );
    const ko = CASSANDRA_VERSIONS.k8ssandraOperator;
    const k8ssandraOperator = new k8s.helm.v3.Release(
        `${name}-k8ssandra-operator`,
        {
            name: "k8ssandra-operator",
            chart: ko.chart,
            version: ko.version,
            repositoryOpts: { repo: ko.repo },
            namespace: args.namespace,
            skipCrds: false,
            values: k8ssandraOperatorValues(args),
        },
        pulumi.mergeOptions(opts, { ...keep, dependsOn: [certManager] }),
    );
    return { certManager, k8ssandraOperator };
}
