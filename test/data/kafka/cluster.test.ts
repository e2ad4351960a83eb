import { beforeAll, describe, expect, it } from "vitest";
import { run, type Recorded, type RecordedResource } from "../../support/mocks";
import { externalListener } from "../../../components/data/kafka/cluster";
import { parsePlatformSpec } from "../../../components/spec";
import { validateCustomResource } from "../../support/schemas";
import { localSpec, zonedSpec } from "./specs";

type Obj = Record<string, unknown>;
const KAFKA = "kubernetes:kafka.strimzi.io/v1:Kafka";
const POOL = "kubernetes:kafka.strimzi.io/v1:KafkaNodePool";

describe("Kafka cluster", () => {
    let local: Recorded;
    let dev: Recorded;
    let prod: Recorded;
    beforeAll(async () => {
        local = await run(localSpec(), { stack: "local" });
        dev = await run(zonedSpec("dev"), { stack: "local" });
        prod = await run(zonedSpec("prod"), { stack: "local" });
    });
    const kafka = (r: Recorded) => (r.one(KAFKA).inputs["spec"] as Obj)["kafka"] as Obj;
    const kspec = (r: Recorded) => r.one(KAFKA).inputs["spec"] as Obj;
    const pool = (r: Recorded, name: "brokers" | "controllers") => r.one(POOL, `tristack-local-kafka-${name}`);
    const pspec = (r: Recorded, name: "brokers" | "controllers") => pool(r, name).inputs["spec"] as Obj;
    const podTemplate = (r: Recorded, name: "brokers" | "controllers") => (pspec(r, name)["template"] as Obj)["pod"] as Obj;

    it("validates the Kafka and both KafkaNodePools against the vendored Strimzi 1.2 CRDs", () => {
        for (const r of [local, dev, prod]) {
            for (const x of [r.one(KAFKA), ...r.ofType(POOL)]) expect([x.name, validateCustomResource(x.inputs)]).toEqual([x.name, []]);
        }
    });

    it("names the cluster after the stack in the kafka namespace, KRaft only (no replicas/storage on the Kafka, no annotations)", () => {
        const k = local.one(KAFKA).inputs;
        expect(k["apiVersion"]).toBe("kafka.strimzi.io/v1");
        expect(k["metadata"]).toEqual({ name: "tristack-local", namespace: "kafka", labels: { "app.kubernetes.io/part-of": "tristack-kafka" } });
        expect(Object.keys(kafka(local)).sort()).toEqual(["authorization", "config", "listeners", "metadataVersion", "metricsConfig", "version"]);
    });

    it("runs Kafka 4.3.1 with the 4.3-IV0 metadata version", () => {
        expect([kafka(local)["version"], kafka(local)["metadataVersion"]]).toEqual(["4.3.1", "4.3-IV0"]);
    });

    it("labels both node pools for the cluster and gives them the controller and broker roles", () => {
        for (const [name, roles] of [["controllers", ["controller"]], ["brokers", ["broker"]]] as const) {
            const p = pool(local, name).inputs;
            expect((p["metadata"] as Obj)["labels"]).toEqual({ "app.kubernetes.io/part-of": "tristack-kafka", "strimzi.io/cluster": "tristack-local" });
            expect((p["metadata"] as Obj)["namespace"]).toBe("kafka");
            expect(pspec(local, name)["roles"]).toEqual(roles);
        }
    });

    it("has spec.kafka.brokers brokers and spec.kafka.controllers controllers", () => {
        expect([pspec(local, "brokers")["replicas"], pspec(local, "controllers")["replicas"]]).toEqual([1, 1]);
        expect([pspec(prod, "brokers")["replicas"], pspec(prod, "controllers")["replicas"]]).toEqual([3, 3]);
    });

    it("places brokers on the data pool with exactly its toleration and never two on one node", () => {
        const t = podTemplate(dev, "brokers");
        expect(t["tolerations"]).toEqual([{ key: "tristack.io/role", operator: "Equal", value: "data", effect: "NoSchedule" }]);
        expect(t["affinity"]).toEqual({
            nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "tristack.io/pool", operator: "In", values: ["data"] }] }] } },
            podAntiAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { "strimzi.io/cluster": "tristack-local", "strimzi.io/pool-name": "brokers" } }, topologyKey: "kubernetes.io/hostname" }],
            },
        });
        expect(t["priorityClassName"]).toBe("tristack-data");
    });

    it("places controllers on the general pool, one per node", () => {
        const t = podTemplate(dev, "controllers");
        expect(t["tolerations"]).toEqual([]);
        const affinity = t["affinity"] as Obj;
        expect(affinity["nodeAffinity"]).toEqual({ requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "tristack.io/pool", operator: "In", values: ["general"] }] }] } });
        expect(affinity["podAntiAffinity"]).toEqual({
            requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { "strimzi.io/cluster": "tristack-local", "strimzi.io/pool-name": "controllers" } }, topologyKey: "kubernetes.io/hostname" }],
        });
    });

    it("is rack-aware on the zone label and spreads brokers and controllers over the zones when the cluster has zones", () => {
        expect(kafka(dev)["rack"]).toEqual({ type: "topology-label", topologyKey: "topology.kubernetes.io/zone" });
        for (const name of ["brokers", "controllers"] as const) {
            expect(podTemplate(dev, name)["topologySpreadConstraints"]).toEqual([
                { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { "strimzi.io/cluster": "tristack-local", "strimzi.io/pool-name": name } } },
            ]);
        }
    });

    it("has no rack awareness and no zone spread on a cluster without zones", () => {
        expect(kafka(local)["rack"]).toBeUndefined();
        expect(podTemplate(local, "brokers")["topologySpreadConstraints"]).toBeUndefined();
        expect(podTemplate(local, "controllers")["topologySpreadConstraints"]).toBeUndefined();
    });

    it("gives each broker volumesPerBroker JBOD volumes of storageGiB on tristack-fast, volume 0 holding the metadata log", () => {
        expect(pspec(prod, "brokers")["storage"]).toEqual({
            type: "jbod",
            volumes: [
                { id: 0, type: "persistent-claim", size: "200Gi", class: "tristack-fast", deleteClaim: false, kraftMetadata: "shared" },
                { id: 1, type: "persistent-claim", size: "200Gi", class: "tristack-fast", deleteClaim: false },
            ],
        });
    });

    it("gives each controller one small persistent volume on tristack-fast", () => {
        expect(pspec(prod, "controllers")["storage"]).toEqual({ type: "jbod", volumes: [{ id: 0, type: "persistent-claim", size: "20Gi", class: "tristack-fast", deleteClaim: false, kraftMetadata: "shared" }] });
    });

    it("deletes claims with the pools in dev only", () => {
        const deleteClaims = (r: Recorded) => r.ofType(POOL).flatMap((p) => ((p.inputs["spec"] as { storage: { volumes: { deleteClaim: boolean }[] } }).storage.volumes.map((v) => v.deleteClaim)));
        expect(new Set(deleteClaims(dev))).toEqual(new Set([true]));
        expect(new Set(deleteClaims(prod))).toEqual(new Set([false]));
    });

    it("sets replication, ISR and unclean election from the spec", () => {
        expect(kafka(prod)["config"]).toEqual({
            "default.replication.factor": 3,
            "offsets.topic.replication.factor": 3,
            "transaction.state.log.replication.factor": 3,
            "min.insync.replicas": 2,
            "transaction.state.log.min.isr": 2,
            "unclean.leader.election.enable": false,
            "auto.create.topics.enable": false,
        });
    });

    it("lets the local stack's reduced durability through (allowReducedDurability)", () => {
        const c = kafka(local)["config"] as Obj;
        expect([c["default.replication.factor"], c["min.insync.replicas"], c["unclean.leader.election.enable"]]).toEqual([1, 1, false]);
    });

    it("has one listener: internal, TLS on 9093 with SCRAM-SHA-512 and the platform CA's certificate, and simple authorization without super users", () => {
        const listeners = kafka(prod)["listeners"] as Obj[];
        expect(listeners.map(({ networkPolicyPeers: _, ...l }) => l)).toEqual([
            {
                name: "tls",
                port: 9093,
                type: "internal",
                tls: true,
                authentication: { type: "scram-sha-512" },
                configuration: { brokerCertChainAndKey: { secretName: "tristack-local-kafka-listener-tls", certificate: "tls.crt", key: "tls.key" } },
            },
        ]);
        expect(kafka(prod)["authorization"]).toEqual({ type: "simple" });
    });

    it("issues the listener certificate from the platform ClusterIssuer for the bootstrap Service and every broker, and creates the Kafka after it", () => {
        const cert = prod.one("kubernetes:cert-manager.io/v1:Certificate", "tristack-local-kafka-listener-tls");
        const spec = cert.inputs["spec"] as Obj;
        expect((cert.inputs["metadata"] as Obj)["namespace"]).toBe("kafka");
        expect(spec["secretName"]).toBe("tristack-local-kafka-listener-tls");
        expect(spec["issuerRef"]).toEqual({ name: "tristack-ca", kind: "ClusterIssuer", group: "cert-manager.io" });
        expect(spec["privateKey"]).toMatchObject({ encoding: "PKCS8" });
        // Strimzi's SAN examples for a TLS listener, and the address the tenant credentials give.
        expect(spec["dnsNames"]).toEqual(expect.arrayContaining(["*.tristack-local-kafka-brokers", "*.tristack-local-kafka-brokers.kafka.svc", "tristack-local-kafka-bootstrap", "tristack-local-kafka-bootstrap.kafka.svc"]));
        expect(prod.one(KAFKA).dependencies).toContain(cert.urn);
        expect(validateCustomResource(cert.inputs)).toEqual([]);
        const issuer = prod.ofType("kubernetes:cert-manager.io/v1:ClusterIssuer").find((i) => (i.inputs["metadata"] as Obj)["name"] === "tristack-ca")!;
        expect(cert.dependencies).toContain(issuer.urn);
    });

    it("admits only the kafka, spark and tenant namespaces to the listener (Strimzi's generated NetworkPolicy)", () => {
        const peers = (kafka(prod)["listeners"] as Obj[])[0]!["networkPolicyPeers"];
        expect(peers).toEqual(["kafka", "spark", "team-analytics", "team-ml"].map((ns) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns } } })));
    });

    it("runs the entity operator, Kafka Exporter and (with more than one broker) Cruise Control on the general pool with requests = limits", () => {
        const s = kspec(prod);
        const eo = s["entityOperator"] as { topicOperator: { resources: Obj }; userOperator: { resources: Obj }; template: { pod: Obj } };
        expect(eo.topicOperator.resources).toEqual({ requests: { cpu: "200m", memory: "512Mi" }, limits: { cpu: "200m", memory: "512Mi" } });
        expect(eo.userOperator.resources).toEqual(eo.topicOperator.resources);
        const general = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "tristack.io/pool", operator: "In", values: ["general"] }] }] } } };
        expect(eo.template.pod["affinity"]).toEqual(general);
        const cc = s["cruiseControl"] as { resources: Obj; template: { pod: Obj } };
        expect(cc.resources).toEqual({ requests: { cpu: "500m", memory: "1024Mi" }, limits: { cpu: "500m", memory: "1024Mi" } });
        expect(cc.template.pod["affinity"]).toEqual(general);
        const ke = s["kafkaExporter"] as Obj;
        expect([ke["topicRegex"], ke["groupRegex"]]).toEqual([".*", ".*"]);
    });

    it("has no Cruise Control with a single broker", () => {
        expect(kspec(local)["cruiseControl"]).toBeUndefined();
    });

    it("creates the node pools and the cluster after the operator", () => {
        const op = local.one("kubernetes:helm.sh/v3:Release", "tristack-local-kafka-strimzi");
        for (const x of [local.one(KAFKA), ...local.ofType(POOL)]) expect(x.dependencies).toContain(op.urn);
    });

    it("protects and retains the Kafka and both node pools in prod", () => {
        const guarded: RecordedResource[] = [prod.one(KAFKA), ...prod.ofType(POOL)];
        expect(guarded.length).toBe(3);
        for (const x of guarded) expect([x.name, x.protect, x.retainOnDelete]).toEqual([x.name, true, true]);
    });

    it("leaves them unprotected in dev", () => {
        for (const x of [dev.one(KAFKA), ...dev.ofType(POOL)]) expect([x.name, x.protect, x.retainOnDelete]).toEqual([x.name, false, false]);
    });

    it("publishes the TLS bootstrap address as an output", () => {
        const endpoints = local.outputs["dataServices"] as Obj;
        expect(endpoints["kafka.bootstrap"]).toBe("tristack-local-kafka-bootstrap.kafka.svc:9093");
    });
});

describe("Kafka external listener", () => {
    // The spec is checked before the program registers anything (test/plan/plan.test.ts runs that path).
    it("is refused at the spec on an existing cluster (no known internal load balancer)", () => {
        const spec = localSpec();
        spec.kafka = { ...spec.kafka, externalListener: true };
        expect(() => parsePlatformSpec(spec)).toThrow(/spec\.kafka\.externalListener: got true; expected false: the listener needs an internal load balancer, which tristack makes only on aws, gcp, azure \(cloud is "existing"\)/);
    });

    it("is a TLS + SCRAM loadbalancer listener with the annotations on the bootstrap and every broker Service", () => {
        const annotations = { "example.com/internal": "true" };
        expect(externalListener({ serviceAnnotations: annotations })).toEqual({
            name: "external",
            port: 9094,
            type: "loadbalancer",
            tls: true,
            authentication: { type: "scram-sha-512" },
            configuration: { bootstrap: { annotations }, perBrokerAnnotationsTemplate: annotations },
        });
    });
});
