import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ControlPlacement } from "./placement";
import { CASSANDRA_VERSIONS } from "./versions";

/**
 * The operator Cassandra needs, as a pinned Helm release: k8ssandra-operator (with cass-operator as a
 * sub-chart). Its admission webhooks get their serving certificates from cert-manager, which is a platform
 * component (components/platform/certManager.ts): the release waits for it.
 *
 * CRDs outlive the release: k8ssandra-operator's ship in the chart's `crds/` folder, which Helm installs
 * but never deletes, and its pre-upgrade job upgrades them in place. Deleting a CRD would delete every
 * K8ssandraCluster and CassandraDatacenter, and cass-operator then deletes the PVCs (the
 * k8ssandra/k8ssandra#1209 incident), so in prod the release is also protected and retained.
 */

/** Requests (= memory limits) of the operator pods. */
export const OPERATOR_RESOURCES = {
    k8ssandraOperator: { cpu: "100m", memory: "256Mi" },
    cassOperator: { cpu: "100m", memory: "256Mi" },
} as const;

/** Inputs of {@link createOperators}. */
export interface OperatorsArgs {
    /** Namespace the operator is installed into (the platform's Cassandra namespace). */
    readonly namespace: string;
    /** Where the operator pods run. */
    readonly placement: ControlPlacement;
    /** PriorityClass of platform operators. */
    readonly priorityClassName: string;
    /** Protect and retain the release (prod). */
    readonly protect: boolean;
}

/** The operator release. */
export interface Operators {
    readonly k8ssandraOperator: k8s.helm.v3.Release;
}

const resources = (r: { cpu: string; memory: string }) => ({ requests: { cpu: r.cpu, memory: r.memory }, limits: { memory: r.memory } });

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
 * Install k8ssandra-operator.
 * @param name base logical name
 * @param args operator inputs
 * @param opts options (provider, parent, dependsOn cert-manager)
 */
export function createOperators(name: string, args: OperatorsArgs, opts: pulumi.CustomResourceOptions): Operators {
    const keep: pulumi.CustomResourceOptions = args.protect ? { protect: true, retainOnDelete: true } : {};
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
        pulumi.mergeOptions(opts, keep),
    );
    return { k8ssandraOperator };
}
