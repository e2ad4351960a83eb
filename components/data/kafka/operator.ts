import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Toleration } from "./placement";
import { KAFKA_VERSIONS } from "./versions";

/**
 * The Strimzi cluster operator as a pinned Helm release.
 *
 * CRDs: the chart ships them in its `crds/` folder. Helm installs that folder on the first install
 * and never upgrades or deletes it, so neither a failed/rolled-back upgrade nor removing the release
 * can delete a CRD (and with it every Kafka, KafkaNodePool, KafkaTopic and KafkaUser). That is
 * exactly the strimzi/strimzi-kafka-operator#4882 incident: a chart that templated its CRDs was
 * rolled back by `--atomic`, the CRDs went, and the operator cleaned up the clusters. The price is
 * that CRD upgrades are a deliberate step (docs/services/kafka.md, "Upgrading Strimzi"). In prod the release
 * itself is also protected and retained, and so are the Kafka resources (kafka.ts).
 */

/** Requests = limits of the operator pod (the chart's default memory, CPU capped at 1 core). */
export const OPERATOR_RESOURCES = { cpu: "200m", memory: "384Mi", cpuLimit: "1" } as const;

/** Inputs of {@link operatorValues}. */
export interface OperatorArgs {
    /** The Kafka namespace: the release's namespace and the only one the operator watches. */
    readonly namespace: string;
    /** Placement of the operator pod. */
    readonly placement: { readonly nodeSelector: Readonly<Record<string, string>>; readonly tolerations: readonly Toleration[] };
    /** PriorityClass of platform operators. */
    readonly priorityClassName: string;
    /** Protect and retain the release (prod). */
    readonly protect: boolean;
}

/**
 * Helm values of the operator: it watches only the Kafka namespace. Tenants get no `kafka.strimzi.io`
 * rights (their Role in tenants.ts lists none), so watching their namespaces would only give the operator
 * rights over their pods, Secrets and NetworkPolicies (the chart adds a RoleBinding to the operator's
 * ClusterRoles in every watched namespace) for custom resources nobody can create there. A tenant that
 * needs Kafka Connect, a Bridge or MirrorMaker 2 asks the platform team, which runs it in `kafka`.
 * Strimzi's own dashboards are off (tristack ships its own).
 * @param args operator inputs
 */
export function operatorValues(args: OperatorArgs): Record<string, unknown> {
    return {
        watchNamespaces: [args.namespace],
        watchAnyNamespace: false,
        nodeSelector: { ...args.placement.nodeSelector },
        tolerations: [...args.placement.tolerations],
        priorityClassName: args.priorityClassName,
        resources: {
            requests: { cpu: OPERATOR_RESOURCES.cpu, memory: OPERATOR_RESOURCES.memory },
            limits: { cpu: OPERATOR_RESOURCES.cpuLimit, memory: OPERATOR_RESOURCES.memory },
        },
        dashboards: { enabled: false },
        generateNetworkPolicy: true,
        generatePodDisruptionBudget: true,
    };
}

/**
 * Install the Strimzi cluster operator with its CRDs.
 * @param name base logical name
 * @param args operator inputs
 * @param opts options (provider, parent, dependsOn)
 */
export function createOperator(name: string, args: OperatorArgs, opts: pulumi.CustomResourceOptions): k8s.helm.v3.Release {
    const v = KAFKA_VERSIONS.strimzi;
    return new k8s.helm.v3.Release(
        `${name}-strimzi`,
        {
            name: "strimzi-cluster-operator",
            chart: v.chart,
            version: v.version,
            repositoryOpts: { repo: v.repo },
            namespace: args.namespace,
            skipCrds: false,
            values: operatorValues(args),
        },
        pulumi.mergeOptions(opts, args.protect ? { protect: true, retainOnDelete: true } : {}),
    );
}
