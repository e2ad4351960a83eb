import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ControlPlacement } from "./placement";
import { SPARK_VERSIONS } from "./versions";

/**
 * The kubeflow spark-operator as a pinned Helm release: controller and mutating webhook, scoped to
 * the Spark namespaces. The webhook is what puts a SparkApplication's tolerations, affinity, volumes
 * and security context on its driver and executor pods; its `namespaceSelector` is rendered from
 * `spark.jobNamespaces`, so a namespace missing from that list gets pods without them (they stay
 * Pending on tainted pools, or are rejected by Pod Security Admission). Every Spark namespace is listed.
 *
 * CRDs ship in the chart's `crds/` folder: Helm installs them and never deletes them (so removing
 * the release keeps every SparkApplication), and `hook.upgradeCrd` runs the chart's pre-upgrade Job
 * that applies the new CRDs on chart upgrades (Helm itself never upgrades `crds/`).
 */

/** Requests (= memory limits) of the operator pods. */
export const OPERATOR_RESOURCES = {
    controller: { cpu: "200m", memory: "512Mi" },
    webhook: { cpu: "100m", memory: "256Mi" },
} as const;

/** Inputs of {@link createSparkOperator}. */
export interface SparkOperatorArgs {
    /** Namespace of the release (`spark-operator`). */
    readonly namespace: string;
    /** Namespaces where SparkApplications run: `spark` and every tenant namespace. */
    readonly jobNamespaces: readonly string[];
    /** Where the controller and webhook run. */
    readonly placement: ControlPlacement;
    /** PriorityClass of platform pods. */
    readonly priorityClassName: string;
    /** PodMonitor labels when monitoring is on. */
    readonly monitorLabels?: Readonly<Record<string, string>>;
    /** Prod: two replicas of each, PDBs, and the release protected and retained. */
    readonly prod: boolean;
    /**
     * The batch scheduler every SparkApplication gets unless it names one (`controller.batchScheduler.default`,
     * chart values.yaml; "volcano" or "yunikorn"), so applications the program never sees are routed too.
     */
    readonly batchScheduler?: "yunikorn";
}

const resources = (r: { cpu: string; memory: string }) => ({ requests: { cpu: r.cpu, memory: r.memory }, limits: { memory: r.memory } });

/**
 * Helm values of the spark-operator release.
 * @param args operator inputs
 */
export function sparkOperatorValues(args: SparkOperatorArgs): Record<string, unknown> {
    const replicas = args.prod ? 2 : 1;
    const pod = (r: { cpu: string; memory: string }) => ({
        replicas,
        priorityClassName: args.priorityClassName,
        nodeSelector: { ...args.placement.nodeSelector },
        tolerations: [...args.placement.tolerations],
        resources: resources(r),
        podDisruptionBudget: { enable: args.prod, minAvailable: 1 },
    });
    return {
        controller: { ...pod(OPERATOR_RESOURCES.controller), leaderElection: { enable: true }, ...(args.batchScheduler ? { batchScheduler: { enable: true, default: args.batchScheduler } } : {}) },
        webhook: { enable: true, failurePolicy: "Fail", ...pod(OPERATOR_RESOURCES.webhook), leaderElection: { enable: true } },
        spark: {
            jobNamespaces: [...args.jobNamespaces],
            // tristack creates the driver ServiceAccounts (bound to the object store) and Roles itself.
            serviceAccount: { create: false },
            rbac: { create: false },
        },
        hook: { upgradeCrd: true, nodeSelector: { ...args.placement.nodeSelector }, tolerations: [...args.placement.tolerations] },
        prometheus: {
            metrics: { enable: true },
            podMonitor: { create: args.monitorLabels !== undefined, labels: { ...(args.monitorLabels ?? {}) } },
        },
    };
}

/**
 * Install the spark-operator.
 * @param name logical name
 * @param args operator inputs
 * @param opts options (provider, parent, dependsOn)
 */
export function createSparkOperator(name: string, args: SparkOperatorArgs, opts: pulumi.CustomResourceOptions): k8s.helm.v3.Release {
    const v = SPARK_VERSIONS.sparkOperator;
    return new k8s.helm.v3.Release(
        name,
        {
            name: "spark-operator",
            chart: v.chart,
            version: v.version,
            repositoryOpts: { repo: v.repo },
            namespace: args.namespace,
            skipCrds: false,
            values: sparkOperatorValues(args),
        },
        pulumi.mergeOptions(opts, args.prod ? { protect: true, retainOnDelete: true } : {}),
    );
}
