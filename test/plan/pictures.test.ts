import { describe, expect, it } from "vitest";
import type { PlanResource } from "../../components/plan/artifacts";
import { admits, placements } from "../../components/plan/placement";
import { allowedFlows, mermaidId, mermaidLabel, networkPicture, picturesSection, poolPicture } from "../../components/plan/pictures";

function res(type: string, name: string, inputs: Record<string, unknown>): PlanResource {
    return { type, name, urn: `urn:pulumi:s::tristack::${type}::${name}`, custom: true, inputs, dependencies: [], protect: false, retainOnDelete: false };
}

const pools = {
    general: { role: "general", labels: { "tristack.io/pool": "general", "tristack.io/role": "general" }, taints: [], minNodes: 1, maxNodes: 4, instanceType: "m7i.2xlarge" },
    kafka: { role: "data", labels: { "tristack.io/pool": "kafka", "tristack.io/role": "data" }, taints: [{ key: "tristack.io/role", value: "data", effect: "NoSchedule" }] },
    gpu: { role: "gpu", labels: { "tristack.io/pool": "gpu", "tristack.io/role": "gpu" }, taints: [{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }] },
};
const onPool = (pool: string) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "tristack.io/pool", operator: "In", values: [pool] }] }] } } });
const dataToleration = [{ key: "tristack.io/role", operator: "Equal", value: "data", effect: "NoSchedule" }];

const resources = [
    res("kubernetes:apps/v1:Deployment", "history", { metadata: { name: "spark-history-server", namespace: "spark" }, spec: { template: { spec: { nodeSelector: { "tristack.io/pool": "general" } } } } }),
    res("kubernetes:kafka.strimzi.io/v1:KafkaNodePool", "brokers", { metadata: { name: "brokers", namespace: "kafka" }, spec: { replicas: 3, roles: ["broker"], template: { pod: { affinity: onPool("kafka"), tolerations: dataToleration } } } }),
    res("kubernetes:kafka.strimzi.io/v1:KafkaNodePool", "stray", { metadata: { name: "stray", namespace: "kafka" }, spec: { replicas: 1, roles: ["controller"], template: { pod: { affinity: onPool("kafka") } } } }),
    res("kubernetes:helm.sh/v3:Release", "kps", { chart: "kube-prometheus-stack", name: "kps", namespace: "monitoring", values: { "prometheus-node-exporter": { namespaceOverride: "kube-system" }, grafana: { nodeSelector: { "tristack.io/role": "general" } } } }),
    res("kubernetes:core/v1:ConfigMap", "tmpl", { metadata: { name: "spark-defaults", namespace: "team-a" }, data: { "executor-gpu-pod-template.yaml": "spec:\n  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n          - matchExpressions:\n              - { key: tristack.io/pool, operator: In, values: [gpu] }\n  tolerations:\n    - { key: nvidia.com/gpu, operator: Exists, effect: NoSchedule }\n" } }),
    // The SparkApplication a spark-defaults ConfigMap carries (components/data/spark/runtime.ts).
    res("kubernetes:core/v1:ConfigMap", "defaults", {
        metadata: { name: "spark-defaults", namespace: "spark" },
        data: { "spark-defaults.conf": "spark.executor.cores 5\n", "sparkapplication.json": JSON.stringify({ spec: { driver: { affinity: onPool("general") }, executor: { affinity: onPool("kafka"), tolerations: dataToleration } } }) },
    }),
    res("kubernetes:k8ssandra.io/v1alpha1:K8ssandraCluster", "cass", { metadata: { name: "c", namespace: "cassandra" }, spec: { cassandra: { tolerations: dataToleration, datacenters: [{ metadata: { name: "dc1" }, racks: [{ name: "r1", nodeAffinityLabels: { "tristack.io/pool": "kafka", "topology.kubernetes.io/zone": "eu-west-1a" } }] }] } } }),
];
const plan = { resources, outputs: { pools } };

describe("placement: which pools admit a workload's pods", () => {
    it("needs every selector label, one required affinity term and a toleration for every NoSchedule taint", () => {
        expect(admits(pools.kafka, { requiredTerms: onPool("kafka").nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms, tolerations: dataToleration })).toBe(true);
        expect(admits(pools.kafka, { requiredTerms: onPool("kafka").nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms })).toBe(false);
        expect(admits(pools.gpu, { tolerations: [{ operator: "Exists", effect: "NoSchedule" }] })).toBe(true);
        expect(admits(pools.general, { nodeSelector: { "tristack.io/pool": "gpu" } })).toBe(false);
    });

    it("finds workloads in pod specs, Strimzi and K8ssandra CRs, Helm values, Spark pod templates and the SparkApplication of the Spark defaults", () => {
        expect(placements(plan).map((w) => [w.label, w.namespaces, w.kind, w.pools])).toEqual([
            ["Deployment spark-history-server", ["spark"], "spark", ["general"]],
            ["Kafka brokers ×3", ["kafka"], "kafka", ["kafka"]],
            ["Kafka controllers ×1", ["kafka"], "kafka", []],
            ["kube-prometheus-stack grafana", ["monitoring"], "operator", ["general"]],
            ["kube-prometheus-stack prometheus-node-exporter", ["kube-system"], "daemonset", ["general", "kafka", "gpu"]],
            ["Spark executor gpu", ["team-a"], "spark", ["gpu"]],
            ["Spark driver", ["spark"], "spark", ["general"]],
            ["Spark executor", ["spark"], "spark", ["kafka"]],
            // The rack's zone label is one every node carries; the pool contract does not list it.
            ["Cassandra dc1 rack r1", ["cassandra"], "cassandra", ["kafka"]],
        ]);
    });
});

/** Mermaid structure checks: fences, subgraph/end balance, node ids. */
function plausibleMermaid(text: string): void {
    const lines = text.split("\n");
    expect(lines[0]).toBe("flowchart LR");
    expect(lines.filter((l) => /^\s*subgraph /.test(l)).length).toBe(lines.filter((l) => l.trim() === "end").length);
    for (const l of lines.slice(1)) {
        const m = /^\s*(subgraph\s+)?([^\s[(:-]+)/.exec(l);
        if (!m || ["end", "direction", "classDef", "style"].includes(m[2]!)) continue;
        expect(m[2], l).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
    }
    for (const label of text.match(/"[^"]*"/g) ?? []) expect(label).not.toMatch(/[<>]/);
    expect((text.match(/\[/g) ?? []).length).toBe((text.match(/\]/g) ?? []).length);
}

describe("Mermaid pictures for report.md", () => {
    it("draws each pool with the workloads it admits, and a red box for pods no pool admits", () => {
        const text = poolPicture(plan);
        plausibleMermaid(text);
        const kafkaBox = text.slice(text.indexOf("subgraph pool_kafka"), text.indexOf("end", text.indexOf("subgraph pool_kafka")));
        expect(kafkaBox).toContain('"Kafka brokers ×3 · kafka"]:::kafka');
        expect(kafkaBox).toContain('"kube-prometheus-stack prometheus-node-exporter · kube-system"]:::daemonset');
        expect(text).toContain('subgraph pool_general["pool general (general) · m7i.2xlarge · 1-4 nodes"]');
        expect(text).toContain('subgraph unschedulable["no pool admits these pods"]');
        expect(text.slice(text.indexOf("subgraph unschedulable"))).toContain("Kafka controllers ×1");
    });

    it("sanitises ids and escapes labels so no name breaks the diagram", () => {
        expect(mermaidId("pool", "big-cpu.2")).toBe("pool_big_cpu_2");
        expect(mermaidLabel('a "b" <c>')).toBe('"a #quot;b#quot; #lt;c#gt;"');
        const odd = { resources: [], outputs: { pools: { 'x"<y>': { labels: {}, taints: [] } } } };
        plausibleMermaid(poolPicture(odd));
    });

    it("draws a flow only where the source's egress and the destination's ingress both allow it", () => {
        const nsObj = (name: string) => res("kubernetes:core/v1:Namespace", name, { metadata: { name } });
        const np = (ns: string, name: string, spec: Record<string, unknown>) => res("kubernetes:networking.k8s.io/v1:NetworkPolicy", `${ns}-${name}`, { metadata: { name, namespace: ns }, spec: { podSelector: {}, ...spec } });
        const toKafka = { egress: [{ to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kafka" } } }], ports: [{ port: 9093, protocol: "TCP" }] }], policyTypes: ["Egress"] };
        const netpols = [
            nsObj("team-a"), nsObj("team-b"), nsObj("kafka"),
            ...["team-a", "team-b", "kafka"].map((n) => np(n, "default-deny", { policyTypes: ["Ingress", "Egress"] })),
            np("team-a", "to-kafka", toKafka),
            np("team-b", "to-kafka", toKafka),
            np("kafka", "clients", { ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["team-a"] }] } }], ports: [{ port: 9093, protocol: "TCP" }] }], policyTypes: ["Ingress"] }),
            np("team-a", "https", { egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ port: 443 }] }], policyTypes: ["Egress"] }),
        ];
        // team-b may send to kafka, but kafka does not accept it: no flow.
        expect(allowedFlows(netpols)).toEqual([
            { from: "team-a", to: "kafka", ports: ["9093/TCP"] },
            { from: "team-a", to: "0.0.0.0/0", ports: ["443/TCP"] },
        ]);
        const text = networkPicture(netpols);
        plausibleMermaid(text);
        expect(text).toContain('ns_team_a -->|"9093/TCP"| ns_kafka');
        expect(text).toContain('net_0_0_0_0_0(["addresses 0.0.0.0/0"])');
    });

    it("report.md gets both pictures in mermaid fences", () => {
        const text = picturesSection(plan);
        expect(text.match(/```mermaid\n/g)?.length).toBe(2);
        expect(text.match(/^```$/gm)?.length).toBe(2);
        expect(text).toContain("**1 workload(s) no pool admits:** Kafka controllers ×1.");
    });
});
