import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ObjectStoreAccess, PoolHandle } from "../../clouds/clusterHandle";
import { ZONE_LABEL } from "../../spec";
import { renderSparkDefaults, SPARK_UID, type Manifest } from "./defaults";
import { affinityFor, tolerationsFor } from "./placement";
import { resolveConf } from "./runtime";

/**
 * The Spark history server: reads the event logs from the object store with its own workload
 * identity, runs on the driver pool, ClusterIP only (reach it with `kubectl port-forward`).
 * Two replicas with a PDB and zone spread in prod.
 */

/** History server HTTP port. */
export const HISTORY_PORT = 18080;
/** Name of the Deployment, Service, ServiceAccount and ConfigMap. */
export const HISTORY_NAME = "spark-history-server";
/** Requests (= memory limit) of the history server. */
export const HISTORY_RESOURCES = { cpu: "500m", memory: "2Gi", ephemeralStorage: "1Gi" } as const;

/** Inputs of {@link createHistoryServer}. */
export interface HistoryServerArgs {
    /** The `spark` namespace. */
    readonly namespace: string;
    /** The driver pool. */
    readonly pool: PoolHandle;
    /** The Spark image (the platform image with the object-store connectors: the same jars as drivers and executors). */
    readonly image: string;
    /** Event log directory to read. */
    readonly logDirectory: pulumi.Input<string>;
    /** The object store's Spark/Hadoop settings. */
    readonly objectStoreConf: Readonly<Record<string, pulumi.Input<string>>>;
    /** The history server's identity binding (its ServiceAccount is created here). */
    readonly access: ObjectStoreAccess;
    /** PriorityClass of platform pods. */
    readonly priorityClassName: string;
    /** Prod: two replicas, zone spread, PDB. */
    readonly prod: boolean;
}

/** What was created. */
export interface HistoryServer {
    readonly serviceAccount: k8s.core.v1.ServiceAccount;
    readonly config: k8s.core.v1.ConfigMap;
    readonly deployment: k8s.apps.v1.Deployment;
    readonly service: k8s.core.v1.Service;
    readonly pdb?: k8s.policy.v1.PodDisruptionBudget;
}

/** Labels of the history server's objects and pods. */
export const HISTORY_LABELS = { "app.kubernetes.io/name": HISTORY_NAME, "app.kubernetes.io/part-of": "tristack-spark", "app.kubernetes.io/component": "history-server" } as const;

/** Spark's "driver env from a Secret" setting (`spark.kubernetes.driver.secretKeyRef.<ENV> = <secret>:<key>`). */
const DRIVER_SECRET_ENV = /^spark\.kubernetes\.driver\.secretKeyRef\.(.+)$/;

/**
 * The environment the object store gives drivers from Secrets (on an `existing` cluster: the S3
 * credentials Secret, read by `EnvironmentVariableCredentialsProvider`), for the history server, which
 * is not started by spark-submit and so never sees `spark.kubernetes.*` settings. Empty where the store
 * uses workload identity.
 * @param objectStoreConf the object store's Spark settings
 */
export function objectStoreSecretEnv(objectStoreConf: Readonly<Record<string, pulumi.Input<string>>>): k8s.types.input.core.v1.EnvVar[] {
    return Object.entries(objectStoreConf).flatMap(([k, v]) => {
        const env = DRIVER_SECRET_ENV.exec(k)?.[1];
        if (!env) return [];
        const ref = pulumi.output(v).apply((s) => {
            const i = s.indexOf(":");
            if (i <= 0) throw new pulumi.RunError(`object store setting ${k} is "${s}", not <secret>:<key>`);
            return { name: s.slice(0, i), key: s.slice(i + 1) };
        });
        return [{ name: env, valueFrom: { secretKeyRef: { name: ref.name, key: ref.key } } }];
    });
}

/**
 * The history server's pod spec.
 * @param args inputs
 */
export function historyPodSpec(args: Pick<HistoryServerArgs, "pool" | "image" | "priorityClassName" | "prod"> & { readonly secretEnv?: readonly k8s.types.input.core.v1.EnvVar[] }): Manifest {
    return {
        serviceAccountName: HISTORY_NAME,
        // The cloud identity webhooks project their own tokens; the pod never calls the Kubernetes API.
        automountServiceAccountToken: false,
        priorityClassName: args.priorityClassName,
        affinity: affinityFor(args.pool),
        tolerations: tolerationsFor(args.pool),
        ...(args.prod ? { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: ZONE_LABEL, whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { ...HISTORY_LABELS } } }] } : {}),
        securityContext: { runAsNonRoot: true, runAsUser: SPARK_UID, runAsGroup: SPARK_UID, fsGroup: SPARK_UID, seccompProfile: { type: "RuntimeDefault" } },
        containers: [
            {
                name: "history-server",
                image: args.image,
                command: ["/opt/spark/bin/spark-class", "org.apache.spark.deploy.history.HistoryServer"],
                env: [
                    { name: "SPARK_CONF_DIR", value: "/opt/spark/conf-history" },
                    { name: "SPARK_DAEMON_MEMORY", value: "1536m" },
                    { name: "HOME", value: "/tmp" },
                    ...(args.secretEnv ?? []),
                ],
                ports: [{ name: "http", containerPort: HISTORY_PORT, protocol: "TCP" }],
                readinessProbe: { httpGet: { path: "/api/v1/version", port: "http" }, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
                livenessProbe: { tcpSocket: { port: "http" }, initialDelaySeconds: 60, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6 },
                resources: {
                    requests: { cpu: HISTORY_RESOURCES.cpu, memory: HISTORY_RESOURCES.memory, "ephemeral-storage": HISTORY_RESOURCES.ephemeralStorage },
                    limits: { memory: HISTORY_RESOURCES.memory, "ephemeral-storage": HISTORY_RESOURCES.ephemeralStorage },
                },
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ["ALL"] } },
                volumeMounts: [
                    { name: "conf", mountPath: "/opt/spark/conf-history", readOnly: true },
                    { name: "tmp", mountPath: "/tmp" },
                ],
            },
        ],
        volumes: [
            { name: "conf", configMap: { name: HISTORY_NAME } },
            { name: "tmp", emptyDir: { sizeLimit: HISTORY_RESOURCES.ephemeralStorage } },
        ],
    };
}

/**
 * Create the history server.
 * @param name base logical name
 * @param args inputs
 * @param opts options (provider, parent, dependsOn)
 */
export function createHistoryServer(name: string, args: HistoryServerArgs, opts: pulumi.CustomResourceOptions): HistoryServer {
    const metadata = { name: HISTORY_NAME, namespace: args.namespace, labels: { ...HISTORY_LABELS } };
    const serviceAccount = new k8s.core.v1.ServiceAccount(
        name,
        { metadata: { ...metadata, annotations: { ...args.access.serviceAccountAnnotations } }, automountServiceAccountToken: false },
        pulumi.mergeOptions(opts, { dependsOn: [...args.access.resources] }),
    );
    const conf = {
        "spark.history.fs.logDirectory": args.logDirectory,
        "spark.history.fs.update.interval": "30s",
        "spark.history.ui.port": String(HISTORY_PORT),
        "spark.history.fs.cleaner.enabled": "true",
        "spark.history.fs.cleaner.maxAge": "30d",
        "spark.history.fs.eventLog.rolling.maxFilesToRetain": "10",
        ...args.objectStoreConf,
    };
    const config = new k8s.core.v1.ConfigMap(name, { metadata, data: resolveConf(conf).apply((c) => ({ "spark-defaults.conf": renderSparkDefaults(c) })) }, opts);
    const replicas = args.prod ? 2 : 1;
    const deployment = new k8s.apps.v1.Deployment(
        name,
        {
            metadata,
            spec: {
                replicas,
                selector: { matchLabels: { ...HISTORY_LABELS } },
                template: { metadata: { labels: { ...HISTORY_LABELS, ...args.access.podLabels } }, spec: historyPodSpec({ ...args, secretEnv: objectStoreSecretEnv(args.objectStoreConf) }) as unknown as k8s.types.input.core.v1.PodSpec },
            },
        },
        pulumi.mergeOptions(opts, { dependsOn: [serviceAccount, config] }),
    );
    const service = new k8s.core.v1.Service(
        name,
        { metadata, spec: { type: "ClusterIP", selector: { ...HISTORY_LABELS }, ports: [{ name: "http", port: HISTORY_PORT, targetPort: "http", protocol: "TCP" }] } },
        opts,
    );
    const pdb = args.prod
        ? new k8s.policy.v1.PodDisruptionBudget(name, { metadata, spec: { maxUnavailable: 1, selector: { matchLabels: { ...HISTORY_LABELS } } } }, opts)
        : undefined;
    return { serviceAccount, config, deployment, service, ...(pdb ? { pdb } : {}) };
}
