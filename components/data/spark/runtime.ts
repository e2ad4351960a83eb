import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ObjectStoreAccess } from "../../clouds/clusterHandle";
import { PI_JOB, sparkApplication } from "./application";
import { METRICS_PROPERTIES, renderSparkDefaults, sparkDefaultsConf, sparkGpuDefaultsConf, type Manifest, type SparkConfInput, type SparkDefaultsInput } from "./defaults";

/**
 * What Spark drivers need in the namespaces they run in. In `spark`: a ServiceAccount bound to the
 * object store and a Role for the driver (pods, services, configmaps, PVCs; no wildcards) with its
 * binding. Tenant namespaces get their `spark` ServiceAccount, driver Role and binding from the
 * platform layer (components/platform/tenants.ts), so only the defaults are added there. Every Spark
 * namespace gets the `spark-defaults` / `spark-defaults-gpu` ConfigMaps: `spark-defaults.conf` (the
 * settings, for reading and for spark-submit from a pod), `metrics.properties`, and
 * `sparkapplication.json`, a complete SparkApplication (SparkPi) carrying every default as spec
 * fields and `sparkConf` with this namespace's values resolved: the one a job starts from
 * (README, "Spark"; defaults.ts says why the defaults cannot take effect by being mounted).
 */

/** Name of the driver Role and RoleBinding in every Spark namespace. */
export const DRIVER_ROLE = "spark-driver";
/** Name of the CPU defaults ConfigMap. */
export const DEFAULTS_CONFIGMAP = "spark-defaults";
/** Name of the GPU defaults ConfigMap. */
export const GPU_DEFAULTS_CONFIGMAP = "spark-defaults-gpu";
/** Key of the generated SparkApplication in the defaults ConfigMaps (JSON, which kubectl and jq read). */
export const APPLICATION_KEY = "sparkapplication.json";
/** Name of the generated SparkApplication. */
export const APPLICATION_NAME = { cpu: "spark-pi", gpu: "spark-pi-gpu" } as const;

/** What the Spark driver does with the Kubernetes API (executors, their services, config maps and on-demand PVCs). */
export const DRIVER_RULES = [
    { apiGroups: [""], resources: ["pods"], verbs: ["create", "get", "list", "watch", "patch", "update", "delete", "deletecollection"] },
    { apiGroups: [""], resources: ["services", "configmaps"], verbs: ["create", "get", "list", "watch", "delete", "deletecollection"] },
    { apiGroups: [""], resources: ["persistentvolumeclaims"], verbs: ["create", "get", "list", "watch", "delete", "deletecollection"] },
] as const;

/** Inputs for one Spark namespace. */
export interface SparkNamespaceArgs {
    /** The namespace. */
    readonly namespace: string;
    /** Defaults inputs (pools, event log dir, service account, pod labels). */
    readonly defaults: SparkDefaultsInput;
    /** Labels for every object. */
    readonly labels: Readonly<Record<string, string>>;
    /** Create the driver Role and RoleBinding (false where the platform layer already does). */
    readonly driverRbac: boolean;
}

/** What was created for one namespace. */
export interface SparkNamespace {
    readonly role?: k8s.rbac.v1.Role;
    readonly roleBinding?: k8s.rbac.v1.RoleBinding;
    readonly defaults: k8s.core.v1.ConfigMap;
    readonly gpuDefaults?: k8s.core.v1.ConfigMap;
    /** The CPU profile's settings. */
    readonly conf: SparkConfInput;
}

/**
 * Resolve every value of a settings map into one Output.
 * @param conf settings, some of them Outputs
 */
export function resolveConf(conf: SparkConfInput): pulumi.Output<Record<string, string>> {
    return pulumi.output(conf as Record<string, pulumi.Input<string>>) as pulumi.Output<Record<string, string>>;
}

/**
 * The data of a defaults ConfigMap.
 * @param conf settings
 * @param application the SparkApplication for the resolved settings
 */
export function defaultsData(conf: SparkConfInput, application: (resolved: Record<string, string>) => Manifest): pulumi.Output<Record<string, string>> {
    return resolveConf(conf).apply((c): Record<string, string> => ({
        "spark-defaults.conf": renderSparkDefaults(c),
        "metrics.properties": METRICS_PROPERTIES,
        [APPLICATION_KEY]: `${JSON.stringify(application(c), null, 2)}\n`,
    }));
}

/**
 * The driver ServiceAccount of the `spark` namespace, bound to the object store.
 * @param name logical name
 * @param args namespace, SA name, identity binding, labels
 * @param opts options (provider, parent, dependsOn)
 */
export function createDriverServiceAccount(
    name: string,
    args: { namespace: string; serviceAccount: string; access: ObjectStoreAccess; labels: Readonly<Record<string, string>> },
    opts: pulumi.CustomResourceOptions,
): k8s.core.v1.ServiceAccount {
    return new k8s.core.v1.ServiceAccount(
        name,
        { metadata: { name: args.serviceAccount, namespace: args.namespace, labels: { ...args.labels }, annotations: { ...args.access.serviceAccountAnnotations } }, automountServiceAccountToken: true },
        pulumi.mergeOptions(opts, { dependsOn: [...args.access.resources] }),
    );
}

/**
 * Defaults ConfigMaps for one Spark namespace, and the driver Role and RoleBinding when asked.
 * @param name base logical name
 * @param args the namespace's inputs
 * @param opts options (provider, parent, dependsOn)
 */
export function createSparkNamespace(name: string, args: SparkNamespaceArgs, opts: pulumi.CustomResourceOptions): SparkNamespace {
    const { namespace, defaults, labels } = args;
    const metadata = (n: string) => ({ name: n, namespace, labels: { ...labels } });
    const role = args.driverRbac
        ? new k8s.rbac.v1.Role(`${name}-driver`, { metadata: metadata(DRIVER_ROLE), rules: DRIVER_RULES.map((r) => ({ apiGroups: [...r.apiGroups], resources: [...r.resources], verbs: [...r.verbs] })) }, opts)
        : undefined;
    const roleBinding = role
        ? new k8s.rbac.v1.RoleBinding(
              `${name}-driver`,
              {
                  metadata: metadata(DRIVER_ROLE),
                  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: DRIVER_ROLE },
                  subjects: [{ kind: "ServiceAccount", name: defaults.serviceAccount, namespace }],
              },
              pulumi.mergeOptions(opts, { dependsOn: [role] }),
          )
        : undefined;
    const conf = sparkDefaultsConf(defaults);
    const app = (name: string, executorPool: typeof defaults.executorPool, gpus: number) => (c: Record<string, string>) =>
        sparkApplication({ name, namespace, conf: c, driverPool: defaults.driverPool, executorPool, gpus, job: PI_JOB, labels: { ...labels } });
    const configMap = new k8s.core.v1.ConfigMap(`${name}-defaults`, { metadata: metadata(DEFAULTS_CONFIGMAP), data: defaultsData(conf, app(APPLICATION_NAME.cpu, defaults.executorPool, 0)) }, opts);
    const gpuPool = defaults.gpuPool;
    const gpuDefaults = gpuPool
        ? new k8s.core.v1.ConfigMap(`${name}-defaults-gpu`, { metadata: metadata(GPU_DEFAULTS_CONFIGMAP), data: defaultsData(sparkGpuDefaultsConf(defaults, gpuPool), app(APPLICATION_NAME.gpu, gpuPool, 1)) }, opts)
        : undefined;
    return { ...(role ? { role } : {}), ...(roleBinding ? { roleBinding } : {}), defaults: configMap, ...(gpuDefaults ? { gpuDefaults } : {}), conf };
}
