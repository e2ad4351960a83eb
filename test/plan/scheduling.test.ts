/**
 * The scheduling proof (components/plan/scheduling.ts) on small plans: each way a workload can fail to
 * run is put in on purpose, including the azure-dev GPU DaemonSets that tolerated only nvidia.com/gpu
 * while AKS also taints spot nodes kubernetes.azure.com/scalesetpriority=spot:NoSchedule (issue 22).
 */
import { describe, expect, it } from "vitest";
import type { PlanResource } from "../../components/plan/artifacts";
import { checkScheduling } from "../../components/plan/scheduling";

const res = (type: string, name: string, inputs: Record<string, unknown>): PlanResource => ({ type, name, urn: `urn:${name}`, custom: true, inputs, dependencies: [], protect: false, retainOnDelete: false });
const GPU_TAINT = { key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" };
const SPOT_TAINT = { key: "kubernetes.azure.com/scalesetpriority", value: "spot", effect: "NoSchedule" };
const pool = (role: string, taints: object[], cpuMillis = 8000, memoryMiB = 30000) => ({ role, labels: { "tristack.io/pool": role, "tristack.io/role": role }, taints, allocatable: { cpuMillis, memoryMiB } });
const outputs = (pools: Record<string, object>) => ({ pools, capacity: Object.keys(pools).map((p) => ({ pool: p, daemonSets: { cpuMillis: 200, memoryMiB: 150 } })) });
const release = (chart: string, values: Record<string, unknown>) => res("kubernetes:helm.sh/v3:Release", chart, { chart, namespace: "kube-system", values });
const GPU_AFFINITY = { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "tristack.io/role", operator: "In", values: ["gpu"] }] }] } } } };
const deployment = (name: string, spec: Record<string, unknown>) => res("kubernetes:apps/v1:Deployment", name, { metadata: { name, namespace: "spark" }, spec: { template: { spec } } });

describe("scheduling proof", () => {
    it("passes a workload that lands on a pool and fits", () => {
        const doc = { resources: [deployment("app", { nodeSelector: { "tristack.io/role": "general" }, containers: [{ resources: { requests: { cpu: "500m", memory: "1Gi" } } }] })], outputs: outputs({ general: pool("general", []) }) };
        expect(checkScheduling(doc).failures).toEqual([]);
    });

    it("fails a workload whose selector matches no pool", () => {
        const doc = { resources: [deployment("app", { nodeSelector: { "tristack.io/role": "nonexistent" }, containers: [] })], outputs: outputs({ general: pool("general", []) }) };
        expect(checkScheduling(doc).failures.join("\n")).toContain("Deployment app (spark) can land on no pool");
    });

    it("fails a workload that does not tolerate its pool's taint", () => {
        const doc = { resources: [deployment("app", { nodeSelector: { "tristack.io/role": "gpu" }, containers: [] })], outputs: outputs({ gpu: pool("gpu", [GPU_TAINT]) }) };
        expect(checkScheduling(doc).failures.join("\n")).toContain("can land on no pool");
    });

    it("fails a workload whose requests exceed a node's allocatable after DaemonSets", () => {
        const doc = { resources: [deployment("big", { containers: [{ resources: { requests: { cpu: "7900m", memory: "1Gi" } } }] })], outputs: outputs({ general: pool("general", [], 8000) }) };
        expect(checkScheduling(doc).failures.join("\n")).toContain("Deployment big requests 7900m/1024Mi, more than a node of general has free after DaemonSets");
    });

    it("fails a Spark executor shape larger than its pool's nodes (SparkApplication in the spark-defaults ConfigMap)", () => {
        const app = (memory: string) => JSON.stringify({ spec: { executor: { cores: 4, coreRequest: "3800m", memory, memoryOverhead: "1g", affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "tristack.io/role", operator: "In", values: ["general"] }] }] } } } } } });
        const cm = (memory: string) => res("kubernetes:core/v1:ConfigMap", "defaults", { metadata: { name: "spark-defaults", namespace: "team-a" }, data: { "sparkapplication.json": app(memory) } });
        const pools = outputs({ general: pool("general", [], 8000, 30000) });
        expect(checkScheduling({ resources: [cm("20g")], outputs: pools }).failures).toEqual([]);
        expect(checkScheduling({ resources: [cm("29g")], outputs: pools }).failures.join("\n")).toContain("Spark executor requests 3800m/30720Mi, more than a node of general has free after DaemonSets");
    });

    it("azure-dev: GPU DaemonSets tolerating only nvidia.com/gpu miss the spot GPU pool (AKS's own spot taint)", () => {
        const onlyGpu = { ...GPU_AFFINITY, tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }] };
        const pools = outputs({ general: pool("general", []), gpu: pool("gpu", [GPU_TAINT, SPOT_TAINT]) });
        const failures = checkScheduling({ resources: [release("nvidia-device-plugin", onlyGpu), release("dcgm-exporter", onlyGpu)], outputs: pools }).failures;
        expect(failures.join("\n")).toContain("NVIDIA device plugin (nvidia-device-plugin) cannot run on gpu");
        expect(failures.join("\n")).toContain("DCGM exporter (dcgm-exporter) cannot run on gpu");
        // tolerating exactly the pool's taints reaches it
        const exact = { ...GPU_AFFINITY, tolerations: [GPU_TAINT, SPOT_TAINT].map((t) => ({ ...t, operator: "Equal" })) };
        expect(checkScheduling({ resources: [release("nvidia-device-plugin", exact), release("dcgm-exporter", exact)], outputs: pools }).failures).toEqual([]);
    });

    it("the device plugin's chart-default affinity asks for NFD labels our pools do not carry", () => {
        const failures = checkScheduling({ resources: [release("nvidia-device-plugin", { tolerations: [{ ...GPU_TAINT, operator: "Equal" }] })], outputs: outputs({ gpu: pool("gpu", [GPU_TAINT]) }) }).failures;
        expect(failures.join("\n")).toContain("NVIDIA device plugin (nvidia-device-plugin) cannot run on gpu");
    });

    it("the DCGM exporter's chart default (no tolerations) reaches no GPU pool", () => {
        const failures = checkScheduling({ resources: [release("dcgm-exporter", {})], outputs: outputs({ gpu: pool("gpu", [GPU_TAINT]) }) }).failures;
        expect(failures.join("\n")).toContain("DCGM exporter (dcgm-exporter) cannot run on gpu");
    });

    it("node-exporter must reach every pool; the chart default tolerates every NoSchedule taint", () => {
        const pools = outputs({ general: pool("general", []), gpu: pool("gpu", [GPU_TAINT, SPOT_TAINT]), data: pool("data", [{ key: "tristack.io/role", value: "data", effect: "NoSchedule" }]) });
        expect(checkScheduling({ resources: [release("kube-prometheus-stack", {})], outputs: pools }).failures).toEqual([]);
        const narrowed = { "prometheus-node-exporter": { tolerations: [{ key: "nvidia.com/gpu", operator: "Exists" }] } };
        expect(checkScheduling({ resources: [release("kube-prometheus-stack", narrowed)], outputs: pools }).failures.join("\n")).toContain("prometheus-node-exporter (kube-prometheus-stack) cannot run on gpu, data");
    });
});
