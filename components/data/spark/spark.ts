import * as pulumi from "@pulumi/pulumi";
import type { PoolHandle } from "../../clouds/clusterHandle";
import { sparkSchedulingFor } from "../../platform/batchScheduler";
import { firstPoolWithRole, sparkPools } from "../../spec";
import type { DataServiceArgs } from "../dataServiceArgs";
import { createHistoryServer, HISTORY_NAME, HISTORY_PORT } from "./historyServer";
import { createSparkOperator } from "./operator";
import { controlPlacement } from "./placement";
import { createDriverServiceAccount, createSparkNamespace, type SparkNamespace } from "./runtime";
import { sparkSizingTable, type SparkSizingRow } from "./sizing";
import { SPARK_BASE_IMAGE, sparkImage } from "./versions";

/** ServiceAccount of drivers and executors in the `spark` namespace. */
export const DRIVER_SERVICE_ACCOUNT = "spark-driver";
/** Object-store prefix of the event logs the history server reads. */
export const EVENT_LOG_PREFIX = "spark-events/";
/** Event-log folder under a tenant's own prefix (the tenant identity can write only there). */
export const TENANT_EVENT_LOG_FOLDER = "spark-events/";

/**
 * Spark on the platform: the kubeflow spark-operator (webhook scoped to `spark` and every tenant
 * namespace), drivers' ServiceAccount/RBAC and `spark-defaults` ConfigMaps in each Spark namespace,
 * and the history server reading event logs from the object store. Cloud-blind: everything
 * cloud-specific comes from the ClusterHandle.
 */
export class Spark extends pulumi.ComponentResource {
    /** Client endpoints of the service (in-cluster DNS names). */
    public readonly endpoints: Record<string, pulumi.Input<string>>;
    /** Executor shape and packing per pool. */
    public readonly sizing: SparkSizingRow[];
    /** What was created per Spark namespace (keyed by namespace). */
    public readonly namespaces: Readonly<Record<string, SparkNamespace>>;
    /** The spark-operator release (its CRDs: what a SparkApplication or SparkConnect elsewhere waits for). */
    public readonly operator: pulumi.Resource;

    constructor(name: string, args: DataServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tristack:data:Spark", name, {}, opts);
        const { cluster, platform, spec } = args;
        const prod = spec.environment === "prod";
        const ns = platform.namespaceNames;
        const chosen = sparkPools(spec);
        const pool = (what: string, poolName: string | undefined): PoolHandle => {
            const found = poolName === undefined ? undefined : cluster.pools[poolName];
            if (!found) throw new pulumi.RunError(`Spark ${what} pool "${poolName ?? "(none)"}" is missing from the cluster`);
            return found;
        };
        const driverPool = pool("driver", chosen.driver);
        const executorPool = pool("executor", chosen.executor);
        const gpuPool = chosen.gpu === undefined ? undefined : pool("gpu", chosen.gpu);
        const placement = controlPlacement(cluster.pools, [firstPoolWithRole(spec, "system"), driverPool.name]);
        if (!placement) throw new pulumi.RunError("Spark: no system or driver pool for the operator");
        const k8sOpts: pulumi.CustomResourceOptions = { provider: cluster.provider, parent: this, dependsOn: [...platform.ready, ...cluster.readyResources] };
        const labels = { "app.kubernetes.io/part-of": "tristack-spark" };
        const store = cluster.objectStore;

        const tenants = Object.entries(ns.tenants);
        const inTenant = (tenant: string) => pulumi.mergeOptions(k8sOpts, { dependsOn: [...(platform.tenantReady[tenant] ?? [])] });
        this.operator = createSparkOperator(
            `${name}-operator`,
            {
                namespace: ns.sparkOperator,
                jobNamespaces: [ns.spark, ...tenants.map(([, n]) => n)],
                placement,
                priorityClassName: platform.priorityClasses.platform,
                ...(platform.monitoring.enabled ? { monitorLabels: platform.monitoring.monitorLabels } : {}),
                prod,
                ...(spec.scheduling.enabled ? { batchScheduler: "yunikorn" as const } : {}),
            },
            // The chart creates its job RBAC inside every tenant namespace.
            pulumi.mergeOptions(k8sOpts, { dependsOn: Object.values(platform.tenantReady).flat() }),
        );

        // The spark namespace's drivers and executors read and write the whole bucket.
        const driverAccess = store.grantAccess(`${name}-driver`, { namespace: ns.spark, serviceAccount: DRIVER_SERVICE_ACCOUNT }, undefined, { parent: this });
        createDriverServiceAccount(`${name}-driver`, { namespace: ns.spark, serviceAccount: DRIVER_SERVICE_ACCOUNT, access: driverAccess, labels }, k8sOpts);
        const image = sparkImage(spec.spark.image);
        if (spec.spark.image === undefined) {
            pulumi.log.warn(
                `spark.image is unset: drivers, executors and the history server run ${SPARK_BASE_IMAGE}, which has no object-store connectors or RAPIDS jar, so event logs and the history server fail. The pipeline sets spark.image to the platform image it builds from images/spark (docs/services/spark.md, "The Spark image").`,
                this,
            );
        }
        const base = { driverPool, executorPool, ...(gpuPool ? { gpuPool } : {}), image, maxExecutors: spec.spark.maxExecutors, objectStoreConf: store.sparkConf };
        const eventLogDir = store.uri(EVENT_LOG_PREFIX);
        const scheduled = (namespace: string) => {
            const s = sparkSchedulingFor(spec, namespace);
            return s ? { scheduling: s } : {};
        };
        const namespaces: Record<string, SparkNamespace> = {
            [ns.spark]: createSparkNamespace(`${name}-${ns.spark}`, { namespace: ns.spark, labels, driverRbac: true, defaults: { ...base, eventLogDir, serviceAccount: DRIVER_SERVICE_ACCOUNT, podLabels: driverAccess.podLabels, hostPathScratch: false, ...scheduled(ns.spark) } }, k8sOpts),
        };
        // Tenants' ServiceAccounts (bound to team-<name>/ only), driver Roles and bindings belong to the
        // platform layer; their event logs go under their own prefix, the one place they may write.
        for (const [tenant, namespace] of tenants) {
            const w = platform.tenantWorkloads[tenant];
            if (!w) throw new pulumi.RunError(`Spark: the platform has no workload identity for tenant "${tenant}"`);
            namespaces[namespace] = createSparkNamespace(
                `${name}-${namespace}`,
                {
                    namespace,
                    labels,
                    driverRbac: false,
                    defaults: { ...base, eventLogDir: store.uri(`${w.objectStorePrefix}${TENANT_EVENT_LOG_FOLDER}`), serviceAccount: w.serviceAccount, podLabels: w.podLabels, hostPathScratch: false, ...scheduled(namespace) },
                },
                inTenant(tenant),
            );
        }

        const endpoints: Record<string, pulumi.Input<string>> = { eventLogDir, operatorNamespace: ns.sparkOperator };
        if (spec.spark.historyServer) {
            // The handle grants read-write only; the history server gets the event-log prefix alone.
            const historyAccess = store.grantAccess(`${name}-history`, { namespace: ns.spark, serviceAccount: HISTORY_NAME }, EVENT_LOG_PREFIX, { parent: this });
            createHistoryServer(
                `${name}-history`,
                { namespace: ns.spark, pool: driverPool, image, logDirectory: eventLogDir, objectStoreConf: store.sparkConf, access: historyAccess, priorityClassName: platform.priorityClasses.platform, prod },
                k8sOpts,
            );
            endpoints["historyServer"] = `http://${HISTORY_NAME}.${ns.spark}.svc:${HISTORY_PORT}`;
        }

        this.sizing = sparkSizingTable(cluster, spec);
        this.namespaces = namespaces;
        this.endpoints = endpoints;
        this.registerOutputs({ endpoints, sizing: this.sizing });
    }
}
