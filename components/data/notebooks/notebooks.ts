import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { NotebookSignIn } from "../../clouds/notebookSignIn";
import { ENVIRONMENT_LABEL, PLATFORM_LABELS } from "../../platform/common";
import { NAMESPACE_OBJECTS, podSecurityLabels, quotaHard } from "../../platform/namespaces";
import type { NetworkContext } from "../../platform/networkPolicies";
import { PLATFORM_LIMITS } from "../../platform/plans";
import { firstPoolWithRole, sparkPools, tenantNamespace } from "../../spec";
import type { DataServiceArgs } from "../dataServiceArgs";
import { controlPlacement } from "../spark/placement";
import { TENANT_EVENT_LOG_FOLDER } from "../spark/spark";
import { sparkImage } from "../spark/versions";
import { GENERATED_KEYS, HUB_PORTS, HUB_RELEASE, HUB_SERVICE_ACCOUNT, hubValues, type TenantNotebookTarget } from "./hub";
import { notebooksNamespacePolicies, tenantNotebookPolicies } from "./policies";
import { notebookProfiles } from "./profiles";
import { SERVER_POD, SPARK_CONNECT_API_VERSION, sparkConnectConf, sparkConnectManifest, sparkConnectMaxExecutors, sparkConnectMetadata, sparkRemote } from "./sparkConnect";
import { NOTEBOOK_BASE_IMAGE, NOTEBOOK_VERSIONS, notebookImage } from "./versions";

/** The notebooks' platform namespace. */
export const NOTEBOOKS_NAMESPACE = "notebooks";
/** Name of the hub's TLS Secret when the platform CA issues it. */
export const HUB_TLS_SECRET = "jupyterhub-tls";
/** Secret with what the program generates for the hub (cookie secret; the dummy authenticator's shared password on existing clusters). */
export const GENERATED_SECRET = "jupyterhub-generated";
/** What the hub may do in a tenant namespace: KubeSpawner's pods and home volumes, and the pods' events (the chart's own hub Role, templates/hub/rbac.yaml, minus secrets and services, which KubeSpawner does not create without internal_ssl or services_enabled). */
export const HUB_TENANT_RULES = [
    { apiGroups: [""], resources: ["pods", "persistentvolumeclaims"], verbs: ["get", "watch", "list", "create", "delete"] },
    { apiGroups: [""], resources: ["events"], verbs: ["get", "watch", "list"] },
] as const;

/** Arguments of {@link Notebooks}. */
export interface NotebooksArgs extends DataServiceArgs {
    /** How users sign in on this cloud (components/clouds/notebookSignIn.ts). */
    readonly signIn: NotebookSignIn;
}

/**
 * Self-service notebooks: JupyterHub (the upstream chart) in `notebooks`, whose KubeSpawner starts
 * each user's server in a tenant namespace the user's groups allow, under that tenant's quota, limit
 * range, NetworkPolicies and workload identity; and one Spark Connect server per tenant. Cloud-blind:
 * sign-in comes in as a {@link NotebookSignIn}, the load balancer from the handle.
 */
export class Notebooks extends pulumi.ComponentResource {
    /** Endpoints (the hub URL, each tenant's Spark Connect URL). */
    public readonly endpoints: Record<string, pulumi.Input<string>>;

    constructor(name: string, args: NotebooksArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tristack:data:Notebooks", name, {}, opts);
        const { cluster, platform, spec, signIn } = args;
        const n = spec.notebooks;
        const prod = spec.environment === "prod";
        const ns = NOTEBOOKS_NAMESPACE;
        const k8sOpts: pulumi.CustomResourceOptions = { provider: cluster.provider, parent: this, dependsOn: [...platform.ready, ...cluster.readyResources] };
        const profiles = notebookProfiles(cluster.pools, spec);
        const placement = controlPlacement(cluster.pools, [firstPoolWithRole(spec, "system"), profiles[0]!.pool.name]);
        if (!placement) throw new pulumi.RunError("notebooks: no system or notebook pool for the hub");
        const tenantNames = Object.keys(spec.tenants);
        const tenantNamespaces = tenantNames.map(tenantNamespace);

        // The namespace, as every platform namespace: PSA baseline (the hub and proxy run restricted-clean),
        // a quota for the hub and proxy and the hub database, a LimitRange and the policies.
        const namespace = new k8s.core.v1.Namespace(
            `${name}-${ns}`,
            { metadata: { name: ns, labels: { ...PLATFORM_LABELS, ...podSecurityLabels("baseline"), [ENVIRONMENT_LABEL]: spec.environment } } },
            pulumi.mergeOptions(k8sOpts, prod ? { protect: true, retainOnDelete: true } : {}),
        );
        const inNs = pulumi.mergeOptions(k8sOpts, { dependsOn: [namespace] });
        const metadata = (objectName: string, namespaceName = ns) => ({ name: objectName, namespace: namespaceName, labels: { ...PLATFORM_LABELS } });
        const network: NetworkContext = {
            services: { spark: spec.spark.enabled, kafka: spec.kafka.enabled, cassandra: spec.cassandra.enabled, monitoring: spec.monitoring.enabled },
            tenantNamespaces,
            network: cluster.network,
            objectStore: cluster.objectStore.endpoint,
        };
        const guards: pulumi.Resource[] = [
            new k8s.core.v1.ResourceQuota(`${name}-${ns}-quota`, { metadata: metadata(NAMESPACE_OBJECTS.quota), spec: { hard: quotaHard({ cpu: 4, memoryGiB: 8, gpu: 0, pvcs: 2, storageGiB: 10 }) } }, inNs),
            new k8s.core.v1.LimitRange(`${name}-${ns}-limits`, { metadata: metadata(NAMESPACE_OBJECTS.limits), spec: { limits: [{ type: "Container", defaultRequest: { ...PLATFORM_LIMITS.defaultRequest }, default: { ...PLATFORM_LIMITS.defaultLimit } }] } }, inNs),
            ...notebooksNamespacePolicies(ns, tenantNamespaces, network).map((p) => new k8s.networking.v1.NetworkPolicy(`${name}-${ns}-${p.name}`, { metadata: metadata(p.name), spec: p.spec }, inNs)),
        ];
        const inGuardedNs = pulumi.mergeOptions(k8sOpts, { dependsOn: [namespace, ...guards] });

        // Generated secrets, never in the spec nor in the Helm values: the hub reads them from this Secret.
        const randomOpts = { parent: this };
        const cookieSecret = new random.RandomId(`${name}-cookie-secret`, { byteLength: 32 }, randomOpts);
        const dummyPassword = signIn.dummyUsers !== undefined ? new random.RandomPassword(`${name}-dummy-password`, { length: 24, special: false }, randomOpts) : undefined;
        const generated = new k8s.core.v1.Secret(
            `${name}-generated`,
            {
                metadata: metadata(GENERATED_SECRET),
                type: "Opaque",
                stringData: { [GENERATED_KEYS.cookieSecret]: cookieSecret.hex, ...(dummyPassword ? { [GENERATED_KEYS.dummyPassword]: dummyPassword.result } : {}) },
            },
            inGuardedNs,
        );

        // TLS: the deployer's Secret, else a certificate from the platform CA.
        const tlsDeps: pulumi.Resource[] = [];
        if (n.tlsSecret === undefined) {
            const certs = platform.certificates;
            if (!certs) throw new pulumi.RunError("notebooks: the hub's certificate needs the platform CA (cert-manager), or set notebooks.tlsSecret");
            tlsDeps.push(
                new k8s.apiextensions.CustomResource(
                    `${name}-hub-tls`,
                    {
                        apiVersion: "cert-manager.io/v1",
                        kind: "Certificate",
                        metadata: metadata(HUB_TLS_SECRET),
                        spec: {
                            secretName: HUB_TLS_SECRET,
                            dnsNames: [...(n.hostname ? [n.hostname] : []), `proxy-public.${ns}.svc`, `proxy-public.${ns}.svc.cluster.local`],
                            duration: "2160h",
                            renewBefore: "360h",
                            usages: ["server auth", "digital signature", "key encipherment"],
                            privateKey: { algorithm: "ECDSA", size: 256, encoding: "PKCS8", rotationPolicy: "Always" },
                            issuerRef: { name: certs.clusterIssuer, kind: "ClusterIssuer", group: "cert-manager.io" },
                        },
                    },
                    pulumi.mergeOptions(inGuardedNs, { dependsOn: [...certs.ready] }),
                ),
            );
        }

        // Per tenant: the hub's rights there, the notebook policies, and its Spark Connect server.
        const chosen = sparkPools(spec);
        const driverPool = chosen.driver === undefined ? undefined : cluster.pools[chosen.driver];
        const executorPool = chosen.executor === undefined ? undefined : cluster.pools[chosen.executor];
        if (!driverPool || !executorPool) throw new pulumi.RunError("notebooks: Spark's driver and executor pools are missing from the cluster");
        const image = sparkImage(spec.spark.image);
        const targets: TenantNotebookTarget[] = [];
        const tenantObjects: pulumi.Resource[] = [];
        const endpoints: Record<string, pulumi.Input<string>> = {};
        for (const tenant of tenantNames) {
            const w = platform.tenantWorkloads[tenant];
            if (!w) throw new pulumi.RunError(`notebooks: the platform has no workload identity for tenant "${tenant}"`);
            const tOpts = pulumi.mergeOptions(k8sOpts, { dependsOn: [...(platform.tenantReady[tenant] ?? [])] });
            const role = new k8s.rbac.v1.Role(`${name}-${w.namespace}-hub`, { metadata: metadata("jupyterhub-spawner", w.namespace), rules: HUB_TENANT_RULES.map((r) => ({ apiGroups: [...r.apiGroups], resources: [...r.resources], verbs: [...r.verbs] })) }, tOpts);
            const binding = new k8s.rbac.v1.RoleBinding(
                `${name}-${w.namespace}-hub`,
                { metadata: metadata("jupyterhub-spawner", w.namespace), roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "jupyterhub-spawner" }, subjects: [{ kind: "ServiceAccount", name: HUB_SERVICE_ACCOUNT, namespace: ns }] },
                pulumi.mergeOptions(tOpts, { dependsOn: [role] }),
            );
            const policies = tenantNotebookPolicies(ns).map((p) => new k8s.networking.v1.NetworkPolicy(`${name}-${w.namespace}-${p.name}`, { metadata: metadata(p.name, w.namespace), spec: p.spec }, tOpts));
            tenantObjects.push(role, binding, ...policies);

            const defaults = {
                driverPool,
                executorPool,
                image,
                maxExecutors: spec.spark.maxExecutors,
                eventLogDir: cluster.objectStore.uri(`${w.objectStorePrefix}${TENANT_EVENT_LOG_FOLDER}`),
                objectStoreConf: cluster.objectStore.sparkConf,
                serviceAccount: w.serviceAccount,
                podLabels: w.podLabels,
                hostPathScratch: false,
            };
            const maxExecutors = sparkConnectMaxExecutors(spec.tenants[tenant]!.quota, executorPool, profiles[0]!, spec.spark.maxExecutors);
            let remote: string | undefined;
            if (maxExecutors > 0) {
                const connect = sparkConnectConf(defaults).apply((conf) => sparkConnectManifest({ namespace: w.namespace, defaults, maxExecutors, priorityClassName: platform.priorityClasses.batch, objectStoreConnectors: spec.spark.image !== undefined }, conf));
                new k8s.apiextensions.CustomResource(
                    `${name}-${w.namespace}-spark-connect`,
                    { apiVersion: SPARK_CONNECT_API_VERSION, kind: "SparkConnect", metadata: sparkConnectMetadata(w.namespace), spec: connect.apply((m) => m["spec"] as Record<string, unknown>) },
                    tOpts,
                );
                remote = sparkRemote(w.namespace);
            } else {
                pulumi.log.warn(`tenants.${tenant}.quota has no room for a Spark Connect server (1 core, ${SERVER_POD.memoryMiB}Mi), one small notebook and one executor of pool "${executorPool.name}": tenant "${tenant}" gets notebooks without Spark Connect; raise its quota to add it.`, this);
            }
            targets.push({ tenant, namespace: w.namespace, serviceAccount: w.serviceAccount, podLabels: w.podLabels, groups: signIn.tenantGroups[tenant] ?? [], ...(remote ? { sparkRemote: remote } : {}) });
            if (remote)             endpoints[`sparkConnect.${tenant}`] = remote;
        }

        if (n.image === undefined) {
            pulumi.log.warn(
                `notebooks.image is unset: servers run ${NOTEBOOK_BASE_IMAGE}, whose pyspark is not the platform's Spark ${NOTEBOOK_VERSIONS.pysparkConnect}; the pipeline's notebook-image job builds images/notebook and sets notebooks.image to its digest (docs/services/notebooks.md, "The notebook image").`,
                this,
            );
        }
        const release = new k8s.helm.v3.Release(
            `${name}-hub`,
            {
                name: HUB_RELEASE,
                chart: NOTEBOOK_VERSIONS.jupyterhub.chart,
                version: NOTEBOOK_VERSIONS.jupyterhub.version,
                repositoryOpts: { repo: NOTEBOOK_VERSIONS.jupyterhub.repo },
                namespace: ns,
                values: hubValues({
                    namespace: ns,
                    placement,
                    priorityClassName: platform.priorityClasses.platform,
                    tenants: targets,
                    profiles,
                    image: notebookImage(n.image),
                    storageClass: platform.storageClasses.standard,
                    storageGiB: n.storageGiB,
                    cullIdleMinutes: n.cullIdleMinutes,
                    signIn,
                    internalLoadBalancer: cluster.internalLoadBalancer,
                    ...(n.hostname ? { hostname: n.hostname } : {}),
                    tlsSecret: n.tlsSecret ?? HUB_TLS_SECRET,
                    generatedSecret: GENERATED_SECRET,
                }),
            },
            pulumi.mergeOptions(inGuardedNs, { dependsOn: [generated, ...tlsDeps, ...tenantObjects], ...(prod ? { protect: true, retainOnDelete: true } : {}) }),
        );

        if (platform.monitoring.enabled) {
            new k8s.apiextensions.CustomResource(
                `${name}-hub-monitor`,
                {
                    apiVersion: "monitoring.coreos.com/v1",
                    kind: "ServiceMonitor",
                    metadata: { name: "jupyterhub", namespace: ns, labels: { "app.kubernetes.io/part-of": "tristack-notebooks", ...platform.monitoring.monitorLabels } },
                    // The chart's hub Service (templates/hub/service.yaml): labels `component: hub`, port `hub` 8081; JupyterHub serves /hub/metrics.
                    spec: { selector: { matchLabels: { component: "hub", release: HUB_RELEASE } }, endpoints: [{ port: "hub", path: "/hub/metrics", interval: "60s" }] },
                },
                pulumi.mergeOptions(inGuardedNs, { dependsOn: [release] }),
            );
        }

        endpoints["hub"] = n.hostname ? `https://${n.hostname}` : `https://proxy-public.${ns}.svc:443`;
        endpoints["hubApi"] = `http://hub.${ns}.svc.cluster.local:${HUB_PORTS.hub}`;
        this.endpoints = endpoints;
        this.registerOutputs({ endpoints });
    }
}
