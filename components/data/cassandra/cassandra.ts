import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { rackZones } from "../../clouds/clusterHandle";
import { podReady } from "../../clouds/readiness";
import type { DataServiceArgs } from "../dataServiceArgs";
import { createSuperuser } from "./auth";
import { createBackupSchedules, medusaSpec, resolveBackupStorage } from "./backups";
import { createK8ssandraCluster, DATACENTER_NAME, k8ssandraClusterSpec } from "./cluster";
import { createClusterTls } from "./encryption";
import { createCqlshJob } from "./cqlshJob";
import { createKeyspaceStep } from "./keyspaces";
import { createTenantRoles, TENANT_CREDENTIALS_SECRET } from "./roles";
import { reaperTelemetryFor, telemetryFor } from "./metrics";
import { createOperators } from "./operators";
import { controlPlacement, racksFor, tolerationsFor } from "./placement";
import { cassandraNodeSizing, type CassandraNodeSizing } from "./sizing";

/** The CQL port clients connect to. */
export const CQL_PORT = 9042;

/**
 * Cassandra on the platform through K8ssandra: k8ssandra-operator (pinned Helm release; cert-manager
 * comes from the platform), a K8ssandraCluster with one rack per zone on the data pool, a generated superuser,
 * TLS in prod, Medusa backups to the cluster's object store with a schedule, Reaper repairs,
 * ServiceMonitors through the operator, and keyspaces as code. Cloud-blind: everything
 * cloud-specific comes from the ClusterHandle.
 */
export class Cassandra extends pulumi.ComponentResource {
    /** Client endpoints of the service (in-cluster DNS names). */
    public readonly endpoints: Record<string, pulumi.Input<string>>;
    /** How one Cassandra node fills a data node. */
    public readonly sizing: CassandraNodeSizing;
    /** The K8ssandraCluster. */
    public readonly cluster: k8s.apiextensions.CustomResource;

    constructor(name: string, args: DataServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tristack:data:Cassandra", name, {}, opts);
        const { cluster, platform, spec } = args;
        const settings = spec.cassandra;
        const prod = spec.environment === "prod";
        const namespace = platform.namespaceNames.cassandra;
        const clusterName = spec.name;
        const dc = DATACENTER_NAME;
        const sizing = cassandraNodeSizing(cluster, spec);
        const pool = cluster.pools[sizing.pool];
        if (!pool) throw new pulumi.RunError(`Cassandra pool "${sizing.pool}" is missing from the cluster`);
        const placement = controlPlacement(spec, cluster.pools);
        // Only real dependencies (issue 25): objects that start no pods wait for the platform (namespace
        // guards, storage classes, monitoring CRDs) and the API; the operators for the control pools they run
        // on; the K8ssandraCluster also for its own pool; the Jobs for the cluster they talk to.
        const k8sOpts: pulumi.CustomResourceOptions = { provider: cluster.provider, parent: this, dependsOn: [...platform.ready, ...cluster.apiReady] };
        const randomOpts: pulumi.CustomResourceOptions = { parent: this };
        const labels = { "app.kubernetes.io/part-of": "tristack-cassandra" };

        // cert-manager is a platform component: the operator's webhooks and the prod TLS stores need it.
        const certificates = platform.certificates;
        if (!certificates) throw new pulumi.RunError("Cassandra needs the platform's cert-manager (PlatformHandle.certificates), which the platform installs whenever Cassandra is on");
        // The operators' chart renders its own self-signed cert-manager Issuer and the webhook's serving
        // Certificate (k8ssandra/k8ssandra charts/k8ssandra-operator/templates/issuer.yaml,
        // webhook-serving-cert.yaml): it needs cert-manager itself (CRDs and webhook, PlatformCertificates.
        // webhookReady), not trust-manager or the platform CA. Installing cert-manager's CRDs first and the
        // operator alongside cert-manager would not be safe: cert-manager's validating and mutating webhooks
        // cover every cert-manager.io object with failurePolicy Fail (cert-manager v1.21.1
        // deploy/charts/cert-manager/templates/webhook-validating-webhook.yaml, webhook-mutating-webhook.yaml),
        // so the chart's Issuer and Certificate are refused until the webhook serves and the Helm install fails
        // (or, applied before the webhook is registered, they race it); cert-manager's release is awaited until
        // its post-install startupapicheck Job (`check api --wait`) sees the webhook answer. The operator's pod
        // also mounts the serving Secret cert-manager's controller issues (k8ssandra-operator v1.32.5
        // charts/k8ssandra-operator/templates/deployment.yaml, `-webhook-server-cert`), so its release could not be ready
        // before cert-manager in any case (issue 25: this 2 min over the floor's one operator wave is real). The cluster's
        // TLS certificates need the platform CA's ClusterIssuer; the cqlsh Job connects to the client port with the
        // platform CA from the client certificate's own Secret (`ca.crt`), not the ConfigMap the Bundle writes.
        const afterCertManager = pulumi.mergeOptions(k8sOpts, { dependsOn: [...certificates.issuerReady] });
        const operators = createOperators(name, { namespace, placement, priorityClassName: platform.priorityClasses.platform, protect: prod }, pulumi.mergeOptions(k8sOpts, { dependsOn: [...certificates.webhookReady, ...platform.controlReady] }));
        const afterOperator = pulumi.mergeOptions(k8sOpts, { dependsOn: [operators.k8ssandraOperator] });

        const superuser = createSuperuser(name, { clusterName, namespace }, randomOpts, k8sOpts);

        // The Cassandra pods' ServiceAccount: Medusa runs in them and reaches the object store with it.
        const serviceAccountName = `${clusterName}-cassandra`;
        const backups = settings.backups.enabled
            ? resolveBackupStorage(name, cluster.objectStore, { clusterName, namespace, serviceAccount: serviceAccountName }, { parent: this }, k8sOpts)
            : undefined;
        const access = backups?.storage.access;
        const serviceAccount = new k8s.core.v1.ServiceAccount(
            `${name}-cassandra`,
            {
                metadata: { name: serviceAccountName, namespace, labels, annotations: { ...(access?.serviceAccountAnnotations ?? {}) } },
                automountServiceAccountToken: false,
            },
            pulumi.mergeOptions(k8sOpts, { dependsOn: [...(access?.resources ?? [])] }),
        );
        const reaperServiceAccount = settings.repairs
            ? new k8s.core.v1.ServiceAccount(`${name}-reaper`, { metadata: { name: `${clusterName}-reaper`, namespace, labels }, automountServiceAccountToken: false }, k8sOpts)
            : undefined;

        const tls = prod ? createClusterTls(name, { clusterName, dc, namespace, medusaClient: settings.backups.enabled, protectCa: prod, clientIssuer: certificates.clusterIssuer }, randomOpts, afterCertManager) : undefined;

        const racks = racksFor(rackZones(pool, cluster.zones), pool.name);
        const clusterSpec = k8ssandraClusterSpec({
            storageClassName: platform.storageClasses.fast,
            storageGiB: settings.storageGiB,
            nodes: settings.nodes,
            racks,
            tolerations: tolerationsFor(pool),
            sizing,
            priorityClassName: platform.priorityClasses.data,
            superuserSecretName: superuser.secretName,
            serviceAccountName,
            podLabels: access?.podLabels ?? {},
            telemetry: telemetryFor(platform.monitoring),
            reaperTelemetry: reaperTelemetryFor(platform.monitoring),
            ...(tls ? { encryption: tls.stores, clientEncryption: tls.clientStores } : {}),
            ...(backups && sizing.containers.medusa
                ? {
                      medusa: medusaSpec({
                          storage: backups.storage,
                          prefix: backups.prefix,
                          resources: sizing.containers.medusa,
                          ...(backups.storageSecretName !== undefined ? { storageSecretName: backups.storageSecretName } : {}),
                          ...(tls?.medusaClientSecretName !== undefined ? { clientCertSecretName: tls.medusaClientSecretName } : {}),
                      }),
                  }
                : {}),
            ...(reaperServiceAccount ? { reaper: { serviceAccountName: `${clusterName}-reaper`, placement } } : {}),
            retainVolumes: prod,
        });
        const clusterDeps: pulumi.Resource[] = [superuser.secret, serviceAccount, ...(reaperServiceAccount ? [reaperServiceAccount] : []), ...(tls?.resources ?? []), ...(backups?.storageSecret ? [backups.storageSecret] : [])];
        this.cluster = createK8ssandraCluster(
            name,
            { name: clusterName, namespace },
            clusterSpec,
            // Its pods hold volumes (the CSI driver) and find their seeds by name: cass-operator gives each node
            // `cluster-info.seeds: <cluster>-seed-service,<cluster>-<dc>-additional-seed-service`, Service names
            // resolved through cluster DNS (k8ssandra/cass-operator, the node config it renders), so it waits
            // for its pool, cluster DNS and the CSI driver.
            pulumi.mergeOptions(afterOperator, { dependsOn: [...clusterDeps, ...podReady(cluster, [pool.name], { dns: true, volumes: true })], ...(prod ? { protect: true, retainOnDelete: true } : {}) }),
        );
        // The cqlsh Job runs on the control pools and connects to the CQL Service by name (cluster DNS).
        const afterCluster = pulumi.mergeOptions(k8sOpts, { dependsOn: [this.cluster, ...platform.controlReady, ...cluster.dnsReady] });

        if (backups) createBackupSchedules(name, { clusterName, namespace, dc, schedule: settings.backups.schedule }, afterCluster);

        // Keyspaces, then tenant roles and grants, in one cqlsh Job (cqlshJob.ts): its ConfigMaps and role
        // Secrets need only their namespace; the Job waits for the cluster once (issue 25).
        const keyspaces = Object.entries(settings.keyspaces).map(([ks, k]) => ({ name: ks, replicationFactor: k.replicationFactor }));
        const keyspaceStep = keyspaces.length > 0 ? createKeyspaceStep(name, { clusterName, dc, namespace, keyspaces }, k8sOpts) : undefined;

        // One CQL role per tenant, granted the keyspaces the spec gives it (roles.ts).
        const cqlHost = `${clusterName}-${dc}-service.${namespace}.svc`;
        const roles = Object.entries(platform.namespaceNames.tenants).map(([tenant, tenantNs]) => ({
            tenant,
            role: tenantNs,
            keyspaces: Object.entries(settings.keyspaces).filter(([, k]) => k.tenant === tenant).map(([ks]) => ks),
        }));
        const rolesStep = createTenantRoles(
            name,
            {
                clusterName,
                namespace,
                roles,
                tenantNamespaces: platform.namespaceNames.tenants,
                tenantReady: platform.tenantReady,
                ...(tls ? { tls: { caConfigMap: certificates.caConfigMap } } : {}),
                cqlHost,
            },
            randomOpts,
            { objects: k8sOpts, credentials: afterCluster },
        );
        createCqlshJob(
            name,
            {
                clusterName,
                namespace,
                cqlHost,
                superuserSecretName: superuser.secretName,
                ...(tls ? { tlsSecretName: tls.caSecretName } : {}),
                placement,
                priorityClassName: platform.priorityClasses.platform,
                // Keyspaces first: a GRANT names its keyspace.
                steps: [...(keyspaceStep ? [keyspaceStep] : []), ...(rolesStep ? [rolesStep] : [])],
            },
            { objects: k8sOpts, job: afterCluster },
        );

        this.sizing = sizing;
        this.endpoints = {
            cql: `${cqlHost}:${CQL_PORT}`,
            tenantCredentialsSecret: TENANT_CREDENTIALS_SECRET,
            superuserSecret: `${namespace}/${superuser.secretName}`,
        };
        this.registerOutputs({ endpoints: this.endpoints, sizing: this.sizing });
    }
}
