/** The Kafka service on every cloud stack whose adapter is in the tree, exactly as committed. */
import { beforeAll, describe, expect, it } from "vitest";
import { run, stackSpec, type Recorded } from "../../support/mocks";
import { validateCustomResource } from "../../support/schemas";

type Obj = Record<string, unknown>;
const KAFKA = "kubernetes:kafka.strimzi.io/v1:Kafka";
const POOL = "kubernetes:kafka.strimzi.io/v1:KafkaNodePool";
const STRIMZI = /^kubernetes:kafka\.strimzi\.io\/v1:/;

/** Stacks whose cluster adapter is implemented. */
const CLOUD_STACKS = ["aws-dev", "aws-prod", "gcp-dev", "gcp-prod", "azure-dev", "azure-prod"] as const;

describe.each(CLOUD_STACKS)("Kafka on %s", (stack) => {
    let r: Recorded;
    const raw = stackSpec(stack) as { name: string; environment: string; zones: string[]; kafka: Obj };
    const prod = raw.environment === "prod";
    beforeAll(async () => {
        r = await run(stackSpec(stack), { stack });
    });
    const brokers = () => r.one(POOL, `${raw.name}-kafka-brokers`).inputs["spec"] as Obj;
    const kafka = () => (r.one(KAFKA).inputs["spec"] as Obj)["kafka"] as Obj;

    it("validates every Strimzi resource against the vendored CRDs", () => {
        const all = r.resources.filter((x) => STRIMZI.test(x.type));
        expect(all.length).toBeGreaterThanOrEqual(7);
        for (const x of all) expect([x.name, validateCustomResource(x.inputs)]).toEqual([x.name, []]);
    });

    it("runs the spec's brokers on the kafka pool with its taint tolerated, rack-aware over the zones", () => {
        expect(brokers()["replicas"]).toBe(raw.kafka["brokers"]);
        const pod = (brokers()["template"] as Obj)["pod"] as Obj;
        expect(pod["tolerations"]).toEqual([{ key: "tristack.io/role", operator: "Equal", value: "data", effect: "NoSchedule" }]);
        expect(JSON.stringify(pod["affinity"])).toContain('"values":["kafka"]');
        expect(kafka()["rack"]).toEqual({ type: "topology-label", topologyKey: "topology.kubernetes.io/zone" });
        expect(raw.zones.length).toBeGreaterThan(0);
    });

    it(`stores on tristack-fast with deleteClaim ${!prod}`, () => {
        const volumes = (brokers()["storage"] as { volumes: Obj[] }).volumes;
        for (const v of volumes) expect([v["class"], v["size"], v["deleteClaim"]]).toEqual(["tristack-fast", `${String(raw.kafka["storageGiB"])}Gi`, !prod]);
    });

    it("fills at least 85% of a kafka node with requests = limits", () => {
        const res = brokers()["resources"] as { requests: Obj; limits: Obj };
        expect(res.requests).toEqual(res.limits);
        const pools = r.outputs["pools"] as Record<string, { allocatable: { cpuMillis: number; memoryMiB: number } }>;
        const alloc = pools["kafka"]!.allocatable;
        const cpu = Number(String(res.requests["cpu"]).replace(/m$/, ""));
        const mem = Number(String(res.requests["memory"]).replace(/Mi$/, ""));
        expect(cpu / alloc.cpuMillis).toBeGreaterThanOrEqual(0.85);
        expect(mem / alloc.memoryMiB).toBeGreaterThanOrEqual(0.85);
    });

    it(prod ? "keeps three copies and acknowledges two" : "runs the dev stack's reduced durability", () => {
        const config = kafka()["config"] as Obj;
        expect([config["default.replication.factor"], config["min.insync.replicas"]]).toEqual(prod ? [3, 2] : [1, 1]);
    });

    it(prod ? "protects and retains the cluster, node pools, topics and the operator" : "leaves everything unprotected (dev)", () => {
        const guarded = [r.one(KAFKA), ...r.ofType(POOL), ...r.ofType("kubernetes:kafka.strimzi.io/v1:KafkaTopic"), r.one("kubernetes:helm.sh/v3:Release", `${raw.name}-kafka-strimzi`)];
        expect(guarded.length).toBe(6);
        for (const x of guarded) expect([x.name, x.protect, x.retainOnDelete]).toEqual([x.name, prod, prod]);
    });
});

/** What each cloud's service controller needs for a private load balancer (its own docs). */
const INTERNAL_LB: Record<string, Obj> = {
    "aws-dev": { "service.beta.kubernetes.io/aws-load-balancer-internal": "true", "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" },
    "gcp-dev": { "networking.gke.io/load-balancer-type": "Internal" },
    "azure-dev": { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" },
};

describe.each(Object.keys(INTERNAL_LB))("Kafka external listener on %s", (stack) => {
    let r: Recorded;
    beforeAll(async () => {
        // The committed dev stacks turn the listener on (their runs are shared with every other test).
        expect((stackSpec(stack) as { kafka: Obj }).kafka["externalListener"]).toBe(true);
        r = await run(stackSpec(stack), { stack });
    });
    const listeners = () => ((r.one(KAFKA).inputs["spec"] as Obj)["kafka"] as { listeners: Obj[] }).listeners;

    it("adds a TLS + SCRAM listener on an internal load balancer, next to the unchanged in-cluster one", () => {
        expect(listeners().map((l) => [l["name"], l["port"], l["type"], l["tls"], (l["authentication"] as Obj)["type"]])).toEqual([
            ["tls", 9093, "internal", true, "scram-sha-512"],
            ["external", 9094, "loadbalancer", true, "scram-sha-512"],
        ]);
        const config = listeners()[1]!["configuration"] as Obj;
        expect(config["bootstrap"]).toEqual({ annotations: INTERNAL_LB[stack] });
        expect(config["perBrokerAnnotationsTemplate"]).toEqual(INTERNAL_LB[stack]);
        expect(validateCustomResource(r.one(KAFKA).inputs)).toEqual([]);
    });

    it("names the external bootstrap Service in the outputs", () => {
        const name = String((stackSpec(stack) as { name: string }).name);
        expect((r.outputs["dataServices"] as Obj)["kafka.externalBootstrapService"]).toBe(`kafka/${name}-kafka-external-bootstrap`);
    });
});
