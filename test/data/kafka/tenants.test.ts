import { beforeAll, describe, expect, it } from "vitest";
import { tenantAcls, topicMinIsr, topicPlans, topicResourceName } from "../../../components/data/kafka";
import { run, type Recorded } from "../../support/mocks";
import { validateCustomResource, validateKubernetesObject } from "../../support/schemas";
import { zonedSpec } from "./specs";

type Obj = Record<string, unknown>;
const USER = "kubernetes:kafka.strimzi.io/v1:KafkaUser";
const TOPIC = "kubernetes:kafka.strimzi.io/v1:KafkaTopic";
const SECRET = "kubernetes:core/v1:Secret";
const SIG = "4dabf18193072939515e22adb298388d";

/** A recorded value with Pulumi's secret wrappers removed (the engine records secrets wrapped). */
function clear(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(clear);
    if (v === null || typeof v !== "object") return v;
    const o = v as Obj;
    if (SIG in o) return clear(o["value"]);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, clear(x)]));
}

describe("Kafka users and topics", () => {
    let dev: Recorded;
    let prod: Recorded;
    beforeAll(async () => {
        dev = await run(zonedSpec("dev"), { stack: "local" });
        prod = await run(zonedSpec("prod"), { stack: "local" });
    });
    const meta = (x: { inputs: Obj }) => x.inputs["metadata"] as Obj;
    const user = (tenant: string) => dev.one(USER, `tristack-local-kafka-user-${tenant}`);

    it("validates every KafkaUser and KafkaTopic against the vendored CRDs", () => {
        for (const x of [...dev.ofType(USER), ...dev.ofType(TOPIC)]) expect([x.name, validateCustomResource(x.inputs)]).toEqual([x.name, []]);
    });

    it("validates the credential Secrets as Kubernetes objects", () => {
        const secrets = dev.ofType(SECRET).filter((s) => s.name.startsWith("tristack-local-kafka-"));
        expect(secrets.length).toBe(4);
        for (const s of secrets) expect([s.name, validateKubernetesObject(clear(s.inputs) as Obj)]).toEqual([s.name, []]);
    });

    it("creates one SCRAM-SHA-512 KafkaUser per tenant in the kafka namespace, named after the tenant namespace", () => {
        // Sorted: the order the users register in follows when each tenant's inputs resolve, not the spec.
        expect(dev.ofType(USER).map((u) => [meta(u)["name"], meta(u)["namespace"], (meta(u)["labels"] as Obj)["strimzi.io/cluster"]]).sort()).toEqual([
            ["team-analytics", "kafka", "tristack-local"],
            ["team-ml", "kafka", "tristack-local"],
        ]);
        expect((user("analytics").inputs["spec"] as Obj)["authentication"]).toEqual({ type: "scram-sha-512", password: { valueFrom: { secretKeyRef: { name: "team-analytics-password", key: "password" } } } });
    });

    it("limits each user's ACLs to its own topic, group and transactional-id prefix", () => {
        for (const tenant of ["analytics", "ml"]) {
            const acls = ((user(tenant).inputs["spec"] as Obj)["authorization"] as { type: string; acls: { resource: { name: string; patternType: string } }[] });
            expect(acls.type).toBe("simple");
            expect(acls.acls.length).toBe(3);
            for (const a of acls.acls) expect([a.resource.name, a.resource.patternType]).toEqual([`${tenant}.`, "prefix"]);
        }
    });

    it("grants produce/consume but not topic creation, deletion or cluster rights", () => {
        expect(tenantAcls("analytics")).toEqual([
            { resource: { type: "topic", name: "analytics.", patternType: "prefix" }, operations: ["Read", "Write", "Describe", "DescribeConfigs"] },
            { resource: { type: "group", name: "analytics.", patternType: "prefix" }, operations: ["Read", "Describe"] },
            { resource: { type: "transactionalId", name: "analytics.", patternType: "prefix" }, operations: ["Write", "Describe"] },
        ]);
    });

    it("puts the password the KafkaUser references into a Secret in the kafka namespace", () => {
        const s = dev.one(SECRET, "tristack-local-kafka-user-analytics-password").inputs;
        expect(meta({ inputs: s })).toEqual({ name: "team-analytics-password", namespace: "kafka", labels: { "app.kubernetes.io/part-of": "tristack-kafka" } });
        expect(Object.keys(clear(s["stringData"]) as Obj)).toEqual(["password"]);
    });

    it("makes a tenant's credentials wait for its own namespace only, and the cluster for no tenant", () => {
        const namespaceUrn = (name: string) => dev.ofType("kubernetes:core/v1:Namespace").find((n) => meta(n)["name"] === name)!.urn;
        const [analytics, ml] = [namespaceUrn("team-analytics"), namespaceUrn("team-ml")];
        const credentials = dev.one(SECRET, "tristack-local-kafka-user-ml-credentials");
        expect(credentials.dependencies).toContain(ml);
        expect(credentials.dependencies).not.toContain(analytics);
        // One tenant more must not add a dependency to every data-service object.
        for (const x of [dev.one("kubernetes:kafka.strimzi.io/v1:Kafka"), user("ml"), ...dev.ofType(TOPIC)]) {
            expect([x.name, x.dependencies.filter((d) => d === analytics || d === ml)]).toEqual([x.name, []]);
        }
        // The operator watches only kafka, so it waits for no tenant either.
        const operator = dev.ofType("kubernetes:helm.sh/v3:Release").find((r) => r.name.endsWith("-strimzi"))!;
        expect(operator.dependencies.filter((d) => d === analytics || d === ml)).toEqual([]);
    });

    it("delivers the credentials as kafka-credentials in the tenant namespace", () => {
        const s = dev.one(SECRET, "tristack-local-kafka-user-ml-credentials").inputs;
        expect([meta({ inputs: s })["name"], meta({ inputs: s })["namespace"]]).toEqual(["kafka-credentials", "team-ml"]);
        const data = clear(s["stringData"]) as Obj;
        expect(Object.keys(data).sort()).toEqual([
            "bootstrap.servers",
            "ca.configmap",
            "ca.key",
            "client.properties",
            "password",
            "sasl.jaas.config",
            "sasl.mechanism",
            "security.protocol",
            "ssl.truststore.location",
            "ssl.truststore.type",
            "topic.prefix",
            "username",
        ]);
        expect([data["bootstrap.servers"], data["security.protocol"], data["sasl.mechanism"], data["username"], data["topic.prefix"]]).toEqual([
            "tristack-local-kafka-bootstrap.kafka.svc:9093",
            "SASL_SSL",
            "SCRAM-SHA-512",
            "team-ml",
            "ml.",
        ]);
    });

    it("says how the client trusts the brokers: the tristack-ca ConfigMap of its namespace, read as a PEM truststore", () => {
        const data = clear(dev.one(SECRET, "tristack-local-kafka-user-ml-credentials").inputs["stringData"]) as Obj;
        expect([data["ca.configmap"], data["ca.key"], data["ssl.truststore.type"], data["ssl.truststore.location"]]).toEqual(["tristack-ca", "ca.crt", "PEM", "/etc/tristack/ca/ca.crt"]);
        const props = String(data["client.properties"]).split("\n");
        expect(props.filter((l) => !l.startsWith("sasl.jaas.config="))).toEqual([
            "bootstrap.servers=tristack-local-kafka-bootstrap.kafka.svc:9093",
            "security.protocol=SASL_SSL",
            "sasl.mechanism=SCRAM-SHA-512",
            "ssl.truststore.type=PEM",
            "ssl.truststore.location=/etc/tristack/ca/ca.crt",
            "",
        ]);
        expect(props.find((l) => l.startsWith("sasl.jaas.config="))).toMatch(/^sasl\.jaas\.config=org\.apache\.kafka\.common\.security\.scram\.ScramLoginModule required username="team-ml" password="[^"]*";$/);
    });

    it("the CA the credentials name reaches the tenant namespace: the platform's Bundle targets every tristack namespace", () => {
        const bundle = dev.one("kubernetes:trust.cert-manager.io/v1alpha1:Bundle");
        expect(((bundle.inputs["metadata"] as Obj)["name"])).toBe("tristack-ca");
        const selector = ((bundle.inputs["spec"] as Obj)["target"] as { namespaceSelector: { matchLabels: Record<string, string> } }).namespaceSelector.matchLabels;
        const ns = dev.ofType("kubernetes:core/v1:Namespace").find((n) => meta(n)["name"] === "team-ml")!;
        const labels = meta(ns)["labels"] as Record<string, string>;
        for (const [k, v] of Object.entries(selector)) expect([k, labels[k]]).toEqual([k, v]);
    });

    it("generates one 32-character alphanumeric password per tenant", () => {
        const pw = dev.ofType("random:index/randomPassword:RandomPassword").filter((p) => p.name.startsWith("tristack-local-kafka-user-"));
        expect(pw.map((p) => [p.name, p.inputs["length"], p.inputs["special"]])).toEqual([
            ["tristack-local-kafka-user-analytics", 32, false],
            ["tristack-local-kafka-user-ml", 32, false],
        ]);
    });

    it("creates one KafkaTopic per spec topic with a DNS-safe name and the real name in spec.topicName", () => {
        expect(dev.ofType(TOPIC).map((t) => [meta(t)["name"], meta(t)["namespace"], (t.inputs["spec"] as Obj)["topicName"]])).toEqual([
            ["analytics-events", "kafka", "analytics.events"],
            ["ml-features-v2", "kafka", "ml.features_v2"],
        ]);
    });

    it("sets partitions, replicas, retention and min ISR of each topic", () => {
        const spec = (n: string) => dev.one(TOPIC, `tristack-local-kafka-topic-${n}`).inputs["spec"] as Obj;
        expect(spec("analytics-events")).toEqual({ topicName: "analytics.events", partitions: 12, replicas: 3, config: { "retention.ms": 259_200_000, "min.insync.replicas": 2 } });
        expect(spec("ml-features-v2")["config"]).toEqual({ "retention.ms": -1, "min.insync.replicas": 2 });
    });

    it("protects and retains topics in prod (deleting a KafkaTopic deletes the topic's data)", () => {
        for (const t of prod.ofType(TOPIC)) expect([t.name, t.protect, t.retainOnDelete]).toEqual([t.name, true, true]);
        for (const t of dev.ofType(TOPIC)) expect([t.name, t.protect, t.retainOnDelete]).toEqual([t.name, false, false]);
    });
});

describe("topic helpers", () => {
    it.each([
        ["analytics.events", "analytics-events"],
        ["ml.features_v2", "ml-features-v2"],
        ["plain-name", "plain-name"],
        ["-edge.", "edge"],
    ])("turns %s into the resource name %s", (topic, name) => {
        expect(topicResourceName(topic)).toBe(name);
    });

    it.each([
        [1, 1, 1],
        [3, 2, 2],
        [2, 2, 1],
        [5, 2, 2],
    ])("keeps a %i-replica topic's min ISR (cluster %i) at %i", (replicas, cluster, isr) => {
        expect(topicMinIsr(replicas, cluster)).toBe(isr);
    });

    it("refuses two topics whose resource names collide", () => {
        const topics = { "a.b": { partitions: 1, replicas: 1, retentionHours: 1 }, a_b: { partitions: 1, replicas: 1, retentionHours: 1 } };
        expect(() => topicPlans({ topics, minInsyncReplicas: 1 })).toThrow(/Kafka topics are invalid/);
    });

    it("refuses a tenant's topic outside the tenant's prefix", () => {
        const topics = { "events.analytics": { partitions: 1, replicas: 1, retentionHours: 1, tenant: "analytics" } };
        expect(() => topicPlans({ topics, minInsyncReplicas: 1 })).toThrow(/Kafka topics are invalid/);
        expect(topicPlans({ topics: { "analytics.x": { ...topics["events.analytics"] } }, minInsyncReplicas: 1 }).length).toBe(1);
    });
});
