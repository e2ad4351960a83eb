import { beforeAll, describe, expect, it } from "vitest";
import { run, type Recorded, type RecordedResource } from "../../support/mocks";
import { parsePlatformSpec } from "../../../components/spec";
import { validateCustomResource, validateKubernetesObject } from "../../support/schemas";
import { localSpec, zonedSpec } from "./specs";
import { localMonitoringOffRepairsOffCertManagerAdopted } from "../variantSpecs";

const KC = "kubernetes:k8ssandra.io/v1alpha1:K8ssandraCluster";
type Obj = Record<string, unknown>;

const kcOf = (r: Recorded): RecordedResource => r.one(KC, "tristack-local-cassandra");
const cassOf = (r: Recorded): Obj => (kcOf(r).inputs["spec"] as Obj)["cassandra"] as Obj;
const dcOf = (r: Recorded): Obj => (cassOf(r)["datacenters"] as Obj[])[0]!;

describe("K8ssandraCluster", () => {
    let local: Recorded;
    let zonedDev: Recorded;
    let zonedProd: Recorded;
    let noRepairs: Recorded;
    let noMonitoring: Recorded;
    beforeAll(async () => {
        local = await run(localSpec(), { stack: "local" });
        zonedDev = await run(zonedSpec("dev"), { stack: "local" });
        zonedProd = await run(zonedSpec("prod"), { stack: "local" });
        // One run with repairs off and monitoring off (and cert-manager adopted, not read here), shared with
        // test/data/kafka/metrics.test.ts and test/platform/certManager.test.ts (issue 15); each test reads
        // only its own patch.
        noRepairs = await run(localMonitoringOffRepairsOffCertManagerAdopted(), { stack: "local" });
        noMonitoring = noRepairs;
    });

    it.each([
        ["local", () => local],
        ["zoned dev", () => zonedDev],
        ["zoned prod", () => zonedProd],
    ])("validates against the vendored v1.32.5 CRD (%s)", (_label, get) => {
        expect(validateCustomResource(kcOf(get()).inputs)).toEqual([]);
    });

    it.each([
        ["local", () => local],
        ["zoned prod", () => zonedProd],
    ])("every built-in object of the component validates against Kubernetes 1.36 (%s)", (_label, get) => {
        const builtIns = get().resources.filter((x) => x.urn.includes("tristack:data:Cassandra") && /^kubernetes:(core|batch)\//.test(x.type));
        expect(builtIns.length).toBeGreaterThan(2);
        for (const o of builtIns) expect([o.name, validateKubernetesObject(o.inputs)]).toEqual([o.name, []]);
    });

    it("is named after the stack and lives in the platform's cassandra namespace", () => {
        expect(kcOf(local).inputs["metadata"]).toMatchObject({ name: "tristack-local", namespace: "cassandra" });
    });

    it("runs Cassandra 5.0.x", () => {
        expect(cassOf(local)["serverVersion"]).toMatch(/^5\.0\.\d+$/);
    });

    it("has one datacenter dc1 with the spec's node count", () => {
        expect((cassOf(zonedDev)["datacenters"] as Obj[]).length).toBe(1);
        expect(dcOf(zonedDev)["metadata"]).toEqual({ name: "dc1" });
        expect(dcOf(zonedDev)["size"]).toBe(3);
        expect(dcOf(local)["size"]).toBe(1);
    });

    it("maps racks one-to-one to the cluster's zones, each pinned to its zone and Cassandra's data pool", () => {
        // `cassandra.pool` names the pool (Kafka has the first data pool in this spec).
        expect(dcOf(zonedDev)["racks"]).toEqual(
            ["a", "b", "c"].map((z) => ({ name: `zone-${z}`, nodeAffinityLabels: { "topology.kubernetes.io/zone": z, "tristack.io/pool": "cassandra" } })),
        );
    });

    it("uses a single rack without zone affinity when the cluster has no zones", () => {
        expect(dcOf(local)["racks"]).toEqual([{ name: "rack1", nodeAffinityLabels: { "tristack.io/pool": "data" } }]);
    });

    it("tolerates exactly the data pool's taints", () => {
        expect(cassOf(local)["tolerations"]).toEqual([{ key: "tristack.io/role", operator: "Equal", value: "data", effect: "NoSchedule" }]);
    });

    it("keeps one Cassandra pod per node (no soft anti-affinity, no multiple nodes per worker)", () => {
        const cass = cassOf(zonedProd);
        expect(cass["softPodAntiAffinity"]).toBeUndefined();
        expect(dcOf(zonedProd)["softPodAntiAffinity"]).toBeUndefined();
        expect(JSON.stringify(kcOf(zonedProd).inputs)).not.toContain("allowMultipleNodesPerWorker");
    });

    it("stores data on tristack-fast with the spec's size", () => {
        expect(cassOf(local)["storageConfig"]).toEqual({
            cassandraDataVolumeClaimSpec: { storageClassName: "tristack-fast", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "20Gi" } } },
        });
    });

    it("runs with the data PriorityClass", () => {
        expect(cassOf(local)["podPriorityClassName"]).toBe("tristack-data");
    });

    it("turns auth on with the superuser Secret it creates", () => {
        expect((kcOf(local).inputs["spec"] as Obj)["auth"]).toBe(true);
        expect(cassOf(local)["superuserSecretRef"]).toEqual({ name: "tristack-local-superuser" });
        const secret = local.one("kubernetes:core/v1:Secret", "tristack-local-cassandra-superuser");
        expect(secret.inputs["metadata"]).toMatchObject({ name: "tristack-local-superuser", namespace: "cassandra" });
        expect(Object.keys(secret.inputs["stringData"] as Obj).sort()).toEqual(["password", "username"]);
    });

    it("generates the superuser password with RandomPassword (never from config) and the cluster waits for the Secret", () => {
        const pw = local.one("random:index/randomPassword:RandomPassword", "tristack-local-cassandra-superuser");
        expect(pw.inputs).toMatchObject({ length: 32, special: false });
        const secret = local.one("kubernetes:core/v1:Secret", "tristack-local-cassandra-superuser");
        expect(secret.dependencies).toContain(pw.urn);
        expect(kcOf(local).dependencies).toContain(secret.urn);
        expect(JSON.stringify(localSpec())).not.toMatch(/password/i);
    });

    it("turns on client-to-node and internode encryption with cert-manager stores in prod", () => {
        const cass = cassOf(zonedProd);
        const stores = {
            keystoreSecretRef: { name: "tristack-local-node-tls", key: "keystore.jks" },
            truststoreSecretRef: { name: "tristack-local-node-tls", key: "truststore.jks" },
            keystorePasswordSecretRef: { name: "tristack-local-keystore-password", key: "password" },
            truststorePasswordSecretRef: { name: "tristack-local-keystore-password", key: "password" },
        };
        expect(cass["serverEncryptionStores"]).toEqual(stores);
        // The client port presents a certificate from the platform CA (which tenants trust), in its own stores.
        expect(cass["clientEncryptionStores"]).toEqual({
            ...stores,
            keystoreSecretRef: { name: "tristack-local-client-tls", key: "keystore.jks" },
            truststoreSecretRef: { name: "tristack-local-client-tls", key: "truststore.jks" },
        });
        expect((cass["config"] as Obj)["cassandraYaml"]).toEqual({
            server_encryption_options: { internode_encryption: "all", require_client_auth: true },
            client_encryption_options: { enabled: true, optional: false, require_client_auth: false },
        });
    });

    it("issues the node certificate with a JKS keystore from a CA issuer in prod", () => {
        const cert = zonedProd.one("kubernetes:cert-manager.io/v1:Certificate", "tristack-local-cassandra-node-tls").inputs;
        expect(cert["metadata"]).toEqual({ name: "tristack-local-node-tls", namespace: "cassandra" });
        expect(cert["spec"]).toMatchObject({
            secretName: "tristack-local-node-tls",
            issuerRef: { name: "tristack-local-ca-issuer", kind: "Issuer", group: "cert-manager.io" },
            keystores: { jks: { create: true, passwordSecretRef: { name: "tristack-local-keystore-password", key: "password" } } },
        });
        expect((cert["spec"] as Obj)["dnsNames"]).toContain("tristack-local-dc1-service.cassandra.svc");
        const issuers = zonedProd.ofType("kubernetes:cert-manager.io/v1:Issuer").map((i) => [i.name, (i.inputs["spec"] as Obj)]);
        expect(issuers).toEqual([
            ["tristack-local-cassandra-selfsigned", { selfSigned: {} }],
            ["tristack-local-cassandra-ca-issuer", { ca: { secretName: "tristack-local-ca" } }],
        ]);
    });

    it("issues the client-port certificate from the platform ClusterIssuer, keeping internode on the cluster's own CA", () => {
        const client = zonedProd.one("kubernetes:cert-manager.io/v1:Certificate", "tristack-local-cassandra-client-tls").inputs;
        expect(client["spec"]).toMatchObject({
            secretName: "tristack-local-client-tls",
            issuerRef: { name: "tristack-ca", kind: "ClusterIssuer", group: "cert-manager.io" },
            usages: ["server auth", "digital signature", "key encipherment"],
            keystores: { jks: { create: true, passwordSecretRef: { name: "tristack-local-keystore-password", key: "password" } } },
        });
        expect((client["spec"] as Obj)["dnsNames"]).toContain("tristack-local-dc1-service.cassandra.svc");
        const node = zonedProd.one("kubernetes:cert-manager.io/v1:Certificate", "tristack-local-cassandra-node-tls").inputs;
        for (const x of zonedProd.resources.filter((y) => y.type.startsWith("kubernetes:cert-manager.io/"))) expect([x.name, validateCustomResource(x.inputs)]).toEqual([x.name, []]);
        expect((node["spec"] as Obj)["issuerRef"]).toEqual({ name: "tristack-local-ca-issuer", kind: "Issuer", group: "cert-manager.io" });
    });

    it("protects the CA certificate in prod (a new CA would re-issue every certificate at once)", () => {
        expect(zonedProd.one("kubernetes:cert-manager.io/v1:Certificate", "tristack-local-cassandra-ca").protect).toBe(true);
        expect(zonedProd.one("kubernetes:cert-manager.io/v1:Certificate", "tristack-local-cassandra-node-tls").protect).toBe(false);
    });

    it("has no encryption stores or cert-manager objects in dev", () => {
        const cass = cassOf(zonedDev);
        expect(cass["serverEncryptionStores"]).toBeUndefined();
        expect(cass["clientEncryptionStores"]).toBeUndefined();
        expect((cass["config"] as Obj)["cassandraYaml"]).toEqual({});
        // The platform's own CA objects exist in every environment; Cassandra adds none in dev.
        expect(zonedDev.resources.filter((x) => x.type.startsWith("kubernetes:cert-manager.io/") && x.name.startsWith("tristack-local-cassandra"))).toEqual([]);
    });

    it("protects and retains the K8ssandraCluster in prod and keeps its PVCs if the datacenter is ever deleted", () => {
        const kc = kcOf(zonedProd);
        expect([kc.protect, kc.retainOnDelete]).toEqual([true, true]);
        expect(dcOf(zonedProd)["metadata"]).toEqual({ name: "dc1", annotations: { "cassandra.datastax.com/delete-pvc": "false" } });
    });

    it("does not protect the K8ssandraCluster in dev", () => {
        const kc = kcOf(zonedDev);
        expect([kc.protect, kc.retainOnDelete]).toEqual([false, false]);
    });

    it("is created after the operator release", () => {
        const operator = local.one("kubernetes:helm.sh/v3:Release", "tristack-local-cassandra-k8ssandra-operator");
        expect(kcOf(local).dependencies).toContain(operator.urn);
    });

    it("runs Reaper with automatic repair scheduling on the general pool", () => {
        const reaper = (kcOf(local).inputs["spec"] as Obj)["reaper"] as Obj;
        expect(reaper).toMatchObject({ deploymentMode: "PER_DC", autoScheduling: { enabled: true, repairType: "AUTO" }, ServiceAccountName: "tristack-local-reaper", tolerations: [] });
        expect(reaper["affinity"]).toEqual({
            nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "tristack.io/pool", operator: "In", values: ["general"] }] }] } },
        });
    });

    it("has no Reaper when repairs are off", () => {
        expect((kcOf(noRepairs).inputs["spec"] as Obj)["reaper"]).toBeUndefined();
        expect(noRepairs.ofType("kubernetes:core/v1:ServiceAccount").map((s) => s.name)).not.toContain("tristack-local-cassandra-reaper");
    });

    it("asks the operator for ServiceMonitors labelled for the platform's Prometheus (Management API endpoint, no MCAC)", () => {
        const monitoring = { mcac: { enabled: false }, prometheus: { enabled: true, commonLabels: { release: "kube-prometheus-stack" } } };
        expect(cassOf(local)["telemetry"]).toEqual(monitoring);
        expect(((kcOf(local).inputs["spec"] as Obj)["reaper"] as Obj)["telemetry"]).toEqual({ prometheus: monitoring.prometheus });
    });

    it("asks for no ServiceMonitors when monitoring is off", () => {
        expect(cassOf(noMonitoring)["telemetry"]).toEqual({ mcac: { enabled: false } });
    });

    it("runs the pods under their own ServiceAccount without an API token", () => {
        expect(cassOf(local)["serviceAccount"]).toBe("tristack-local-cassandra");
        const sa = local.one("kubernetes:core/v1:ServiceAccount", "tristack-local-cassandra-cassandra").inputs;
        expect(sa).toMatchObject({ metadata: { name: "tristack-local-cassandra", namespace: "cassandra" }, automountServiceAccountToken: false });
    });

    it("has no Medusa and no backup schedule when backups are off", () => {
        expect((kcOf(local).inputs["spec"] as Obj)["medusa"]).toBeUndefined();
        expect(local.ofType("kubernetes:medusa.k8ssandra.io/v1alpha1:MedusaBackupSchedule")).toEqual([]);
    });

    it("publishes the CQL endpoint and the superuser Secret as outputs", () => {
        expect((local.outputs["dataServices"] as Obj)["cassandra.cql"]).toBe("tristack-local-dc1-service.cassandra.svc:9042");
        expect((local.outputs["dataServices"] as Obj)["cassandra.superuserSecret"]).toBe("cassandra/tristack-local-superuser");
    });
});

describe("Cassandra backups on an existing cluster", () => {
    // The spec is checked before the program registers anything (test/plan/plan.test.ts runs that path).
    it("are refused at the spec, naming the key", () => {
        const spec = zonedSpec("dev");
        spec.cassandra = { ...spec.cassandra, backups: { enabled: true } };
        expect(() => parsePlatformSpec(spec)).toThrow(/spec\.cassandra\.backups\.enabled: got true; expected false: tristack cannot give Medusa credentials on cloud "existing"/);
    });
});
