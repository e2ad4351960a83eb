/**
 * Medusa against the BackupStorage contract, with hand-made ClusterHandles (one per way an adapter
 * may answer), so the behaviour is pinned down independently of any one cloud adapter.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import type { BackupStorage, ClusterHandle, ServiceAccountRef } from "../../../components/clouds/clusterHandle";
import { plannedNetworkSemantics } from "../../../components/clouds/cni";
import { poolHandles } from "../../../components/clouds/pools";
import type { PlatformHandle } from "../../../components/platform/platformHandle";
import { parsePlatformSpec, type PlatformSpec } from "../../../components/spec";
import { validateCustomResource } from "../../support/schemas";
import { localSpec, zonedSpec } from "./specs";

type Obj = Record<string, unknown>;
/** Pulumi's wire marker of a secret value (runtime/rpc: specialSigKey / specialSecretSig). */
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const secretOf = (value: unknown) => ({ [SIG]: SECRET, value });
interface Registered {
    readonly type: string;
    readonly name: string;
    readonly inputs: Obj;
}

const registered: Registered[] = [];
const calls: { name: string; sa: ServiceAccountRef; prefix: string }[] = [];

// Cast: the platform layer is growing this interface; Cassandra reads only the fields set here.
const platform = {
    namespaceNames: { sparkOperator: "spark-operator", spark: "spark", kafka: "kafka", cassandra: "cassandra", monitoring: "monitoring", tenants: {} },
    storageClasses: { standard: "tristack-standard", fast: "tristack-fast" },
    priorityClasses: { platform: "tristack-platform", data: "tristack-data", batch: "tristack-batch" },
    monitoring: { enabled: true, namespace: "monitoring", monitorLabels: { release: "kube-prometheus-stack" }, dashboardLabels: { grafana_dashboard: "1" } },
    ready: [],
    controlReady: [],
    tenantReady: {},
    localScratch: {},
    tenantWorkloads: {},
    certificates: { namespace: "cert-manager", clusterIssuer: "tristack-ca", caConfigMap: { name: "tristack-ca", key: "ca.crt" }, ready: [], webhookReady: [], issuerReady: [] },
} as unknown as PlatformHandle;

function handle(spec: PlatformSpec, storage: (sa: ServiceAccountRef) => BackupStorage): ClusterHandle {
    const gpu = { driverProvidedByCloud: true, devicePluginProvidedByCloud: false };
    return {
        name: spec.name,
        environment: spec.environment,
        provider: new k8s.Provider(`${spec.name}-${registered.length}`, { kubeconfig: "{}" }),
        kubeconfig: pulumi.secret("{}"),
        controlPlaneAccess: { mode: "kubeconfig", endpointKind: "test", hops: [], credentialPlugin: undefined, endpoint: pulumi.output("https://test") },
        zones: spec.zones,
        pools: poolHandles(spec, { gpu, systemTaint: false, localScratchHostPath: "/x" }),
        storage: { provisioner: "example.csi", tiers: { standard: { parameters: {} }, fast: { parameters: {} } }, cloudDefaultClasses: [], allowVolumeExpansion: true },
        objectStore: {
            bucketName: pulumi.output("tristack-bucket"),
            uri: (p) => pulumi.output(`s3a://tristack-bucket/${p}`),
            sparkConf: {},
            grantAccess: () => ({ serviceAccountAnnotations: {}, podLabels: {}, resources: [] }),
            backupStorage: (name, sa, prefix) => {
                calls.push({ name, sa, prefix });
                return storage(sa);
            },
        },
        gpu,
        scrapeTargets: { controllerManager: false, scheduler: false, etcd: false, kubeProxy: false },
        network: plannedNetworkSemantics(spec),
        tenantAccess: { subjects: {}, grants: {}, kubeconfigCommand: {} },
        internalLoadBalancer: undefined,
        readyResources: [],
        apiReady: [],
        poolReady: {},
        dnsReady: [],
        volumeReady: [],
    };
}

/**
 * A local-cluster spec with backups on. The spec refuses backups on an existing cluster (its object
 * store has no Medusa credentials), so they are switched on after parsing: these tests hand Cassandra
 * fake object stores that do have them.
 * @param raw the raw spec
 */
function withBackups(raw: Obj): PlatformSpec {
    const spec = parsePlatformSpec(raw);
    return { ...spec, cassandra: { ...spec.cassandra, backups: { enabled: true, schedule: "15 3 * * *" } } };
}

const of = (component: string, type: string) => registered.filter((r) => r.type === type && (r.name === component || r.name.startsWith(`${component}-`)));
const kcSpec = (component: string) => (of(component, "kubernetes:k8ssandra.io/v1alpha1:K8ssandraCluster")[0]!.inputs["spec"] as Obj);

describe("Medusa backups", () => {
    let missingFileError: unknown;
    beforeAll(async () => {
        await pulumi.runtime.setMocks(
            {
                newResource: (args) => {
                    registered.push({ type: args.type, name: args.name, inputs: args.inputs as Obj });
                    return { id: `${args.name}-id`, state: args.inputs };
                },
                call: () => ({}),
            },
            "tristack",
            "test",
            false,
        );
        const { Cassandra } = await import("../../../components/data/cassandra");
        const build = (name: string, spec: PlatformSpec, storage: (sa: ServiceAccountRef) => BackupStorage) => new Cassandra(name, { cluster: handle(spec, storage), platform, spec });
        const roleBased = build("role", withBackups(localSpec()), () => ({
            storageProvider: "s3",
            bucketName: pulumi.output("tristack-bucket"),
            region: "us-east-1",
            credentialsType: "role-based",
            access: { serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/medusa" }, podLabels: { "azure.workload.identity/use": "true" }, resources: [] },
        }));
        const keyFile = build("keyfile", withBackups(localSpec()), () => ({
            storageProvider: "google_storage",
            bucketName: pulumi.output("tristack-bucket"),
            credentialsType: "credential-based",
            credentialsFile: pulumi.secret('{"type": "service_account"}'),
        }));
        const prod = build("prod", withBackups(zonedSpec("prod")), () => ({
            storageProvider: "azure_blobs",
            bucketName: pulumi.output("tristack-bucket"),
            credentialsType: "credential-based",
            credentialsFile: pulumi.secret('{"storage_account": "x"}'),
        }));
        try {
            build("nofile", withBackups(localSpec()), () => ({ storageProvider: "s3", bucketName: pulumi.output("b"), credentialsType: "credential-based" }));
        } catch (err) {
            missingFileError = err;
        }
        await Promise.all([roleBased, keyFile, prod].map((c) => new Promise((resolve) => pulumi.all([c.urn, c.cluster.urn]).apply(resolve))));
        const settings = (await import("@pulumi/pulumi/runtime/settings")) as unknown as { waitForRPCs(): Promise<void> };
        await settings.waitForRPCs();
    });

    it("asks the object store for storage under cassandra-backups-<cluster> (one path segment: Medusa exits on a prefix with a slash) for the Cassandra pods' ServiceAccount", () => {
        expect(calls[0]).toEqual({ name: "role-backups", sa: { namespace: "cassandra", serviceAccount: "tristack-local-cassandra" }, prefix: "cassandra-backups-tristack-local" });
    });

    it("passes role-based storage straight to Medusa, without a storage Secret", () => {
        expect((kcSpec("role")["medusa"] as Obj)["storageProperties"]).toEqual({
            storageProvider: "s3",
            bucketName: "tristack-bucket",
            prefix: "cassandra-backups-tristack-local",
            credentialsType: "role-based",
            region: "us-east-1",
            maxBackupAge: 14,
            maxBackupCount: 0,
            concurrentTransfers: 1,
        });
        expect(of("role", "kubernetes:core/v1:Secret").map((s) => s.name)).toEqual(["role-superuser"]);
    });

    it("annotates the Cassandra pods' ServiceAccount and labels the pods for workload identity", () => {
        const sa = of("role", "kubernetes:core/v1:ServiceAccount").find((s) => s.name === "role-cassandra")!;
        expect((sa.inputs["metadata"] as Obj)["annotations"]).toEqual({ "eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/medusa" });
        expect((kcSpec("role")["cassandra"] as Obj)["metadata"]).toEqual({ pods: { labels: { "azure.workload.identity/use": "true" } } });
    });

    it("stores a credentials file in a Secret under the key Medusa expects and references it", () => {
        const secret = of("keyfile", "kubernetes:core/v1:Secret").find((s) => s.name === "keyfile-medusa-storage")!;
        expect(secret.inputs["metadata"]).toEqual({ name: "tristack-local-medusa-storage", namespace: "cassandra" });
        expect(secret.inputs["stringData"]).toEqual(secretOf({ credentials: '{"type": "service_account"}' }));
        expect(((kcSpec("keyfile")["medusa"] as Obj)["storageProperties"] as Obj)["storageSecretRef"]).toEqual({ name: "tristack-local-medusa-storage" });
    });

    it("schedules differential backups of dc1 on the spec's cron, and a daily purge", () => {
        const schedules = of("keyfile", "kubernetes:medusa.k8ssandra.io/v1alpha1:MedusaBackupSchedule").map((s) => [s.name, s.inputs]);
        expect(schedules).toEqual([
            [
                "keyfile-backup-schedule",
                {
                    apiVersion: "medusa.k8ssandra.io/v1alpha1",
                    kind: "MedusaBackupSchedule",
                    metadata: { name: "tristack-local-dc1-backup", namespace: "cassandra" },
                    spec: { cronSchedule: "15 3 * * *", concurrencyPolicy: "Forbid", backupSpec: { cassandraDatacenter: "dc1", backupType: "differential" } },
                },
            ],
            [
                "keyfile-purge-schedule",
                {
                    apiVersion: "medusa.k8ssandra.io/v1alpha1",
                    kind: "MedusaBackupSchedule",
                    metadata: { name: "tristack-local-dc1-purge", namespace: "cassandra" },
                    spec: { cronSchedule: "30 5 * * *", concurrencyPolicy: "Forbid", operationType: "purge", backupSpec: { cassandraDatacenter: "dc1" } },
                },
            ],
        ]);
    });

    it("turns off the operator's own purge CronJob (the purge schedule replaces it)", () => {
        expect((kcSpec("keyfile")["medusa"] as Obj)["purgeBackups"]).toBe(false);
    });

    it("sizes the Medusa sidecar and restore init container from the node budget (requests = limits)", () => {
        const medusa = kcSpec("keyfile")["medusa"] as Obj;
        const exact = { cpu: "370m", memory: "752Mi" };
        expect(medusa["containerResources"]).toEqual({ requests: exact, limits: exact });
        expect(medusa["initContainerResources"]).toEqual({ requests: exact, limits: exact });
        const cassandra = (kcSpec("keyfile")["cassandra"] as Obj)["resources"] as Obj;
        // The pod budget keeps the data-pod safety margin (components/capacity/sizing.ts DATA_POD_MARGIN).
        expect(cassandra["requests"]).toEqual({ cpu: "7110m", memory: "14240Mi" });
    });

    it("gives Medusa a client certificate when client-to-node TLS is on (prod), and the cluster still validates", () => {
        expect((kcSpec("prod")["medusa"] as Obj)["clientEncryptionStores"]).toEqual({
            keystoreSecretRef: { name: "tristack-local-medusa-client-tls", key: "ca.crt" },
            truststoreSecretRef: { name: "tristack-local-medusa-client-tls", key: "tls.crt" },
            truststorePasswordSecretRef: { name: "tristack-local-medusa-client-tls", key: "tls.key" },
        });
        const kc = of("prod", "kubernetes:k8ssandra.io/v1alpha1:K8ssandraCluster")[0]!;
        expect(validateCustomResource(kc.inputs)).toEqual([]);
    });

    it("sends the superuser Secret's data to the engine as a secret", () => {
        const secret = of("role", "kubernetes:core/v1:Secret").find((x) => x.name === "role-superuser")!;
        const data = secret.inputs["stringData"] as Obj;
        expect(data[SIG]).toBe(SECRET);
        expect(Object.keys(data["value"] as Obj).sort()).toEqual(["password", "username"]);
    });

    it("marks the generated password itself as a secret", async () => {
        const { generatedPassword } = await import("../../../components/data/cassandra/auth");
        expect(await pulumi.isSecret(generatedPassword("probe-password", {}))).toBe(true);
    });

    it("refuses credential-based storage without a credentials file, naming the spec key", () => {
        expect(missingFileError).toBeInstanceOf(pulumi.InputPropertiesError);
        expect(String((missingFileError as Error).message)).toMatch(/cannot give Medusa credentials/);
    });
});
