import { beforeAll, describe, expect, it } from "vitest";
import { PLATFORM_DAEMONSETS } from "../../components/capacity/daemonSets";
import { parsePlatformSpec, resolveQueues } from "../../components/spec";
import { evaluatePlan } from "../../policies/adapters/plan";
import { run, stackSpec, type Recorded } from "../support/mocks";
import { validateCustomResource, validateKubernetesObject } from "../support/schemas";
import { at, clear, meta, obj, platformObjects } from "./helpers";

/**
 * Kinds the platform registers that are not validated against the Kubernetes OpenAPI, and why:
 * a StorageClassPatch is a partial object by design (server-side apply), and a Helm Release is a
 * Pulumi resource, not a Kubernetes object (its values are asserted per key instead). The platform's
 * custom resources (the CA, components/platform/certManager.ts) are validated against their vendored CRDs
 * instead (schemas/crds/cert-manager and schemas/crds/trust-manager).
 */
const NOT_SCHEMA_VALIDATED = ["kubernetes:storage.k8s.io/v1:StorageClassPatch", "kubernetes:helm.sh/v3:Release"];
const CRD_VALIDATED = ["kubernetes:trust.cert-manager.io/v1alpha1:Bundle", "kubernetes:cert-manager.io/v1:ClusterIssuer", "kubernetes:cert-manager.io/v1:Certificate"];

interface StackCase {
    stack: string;
    prod: boolean;
    provisioner: string;
    /** Storage classes the cloud ships marked default. */
    cloudDefaults: string[];
    /** Node pool type every platform object waits for (absent on an existing cluster). */
    poolType?: string;
    /** The cloud runs its own device plugin. */
    cloudDevicePlugin: boolean;
    /** Tenant ServiceAccount annotation keys the workload-identity grant adds. */
    identityAnnotations: string[];
    /** The spec has a GPU pool. */
    hasGpu: boolean;
}

const CASES: StackCase[] = [
    { stack: "local", prod: false, provisioner: "rancher.io/local-path", cloudDefaults: ["standard"], cloudDevicePlugin: false, identityAnnotations: [], hasGpu: false },
    { stack: "aws-dev", prod: false, provisioner: "ebs.csi.aws.com", cloudDefaults: ["gp2"], poolType: "aws:eks/nodeGroup:NodeGroup", cloudDevicePlugin: false, identityAnnotations: [], hasGpu: true },
    { stack: "aws-prod", prod: true, provisioner: "ebs.csi.aws.com", cloudDefaults: ["gp2"], poolType: "aws:eks/nodeGroup:NodeGroup", cloudDevicePlugin: false, identityAnnotations: [], hasGpu: true },
    { stack: "gcp-dev", prod: false, provisioner: "pd.csi.storage.gke.io", cloudDefaults: ["standard-rwo", "standard"], poolType: "gcp:container/nodePool:NodePool", cloudDevicePlugin: true, identityAnnotations: ["iam.gke.io/gcp-service-account"], hasGpu: true },
    { stack: "gcp-prod", prod: true, provisioner: "pd.csi.storage.gke.io", cloudDefaults: ["standard-rwo", "standard"], poolType: "gcp:container/nodePool:NodePool", cloudDevicePlugin: true, identityAnnotations: ["iam.gke.io/gcp-service-account"], hasGpu: true },
    { stack: "azure-dev", prod: false, provisioner: "disk.csi.azure.com", cloudDefaults: ["default", "managed-csi"], poolType: "azure-native:containerservice:AgentPool", cloudDevicePlugin: false, identityAnnotations: ["azure.workload.identity/client-id"], hasGpu: true },
    { stack: "azure-prod", prod: true, provisioner: "disk.csi.azure.com", cloudDefaults: ["default", "managed-csi"], poolType: "azure-native:containerservice:AgentPool", cloudDevicePlugin: false, identityAnnotations: ["azure.workload.identity/client-id"], hasGpu: true },
];

const RELEASE = "kubernetes:helm.sh/v3:Release";
/** Kinds that start no pods: they wait for the API only (ClusterHandle.apiReady), not for the node pools. */
const API_ONLY_KINDS = [
    "kubernetes:core/v1:Namespace",
    "kubernetes:core/v1:ResourceQuota",
    "kubernetes:core/v1:LimitRange",
    "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    "kubernetes:storage.k8s.io/v1:StorageClass",
    "kubernetes:scheduling.k8s.io/v1:PriorityClass",
    "kubernetes:rbac.authorization.k8s.io/v1:Role",
    "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
    "kubernetes:core/v1:ServiceAccount",
];

describe.each(CASES)("platform on $stack", (c) => {
    let r: Recorded;
    beforeAll(async () => {
        r = await run(stackSpec(c.stack), { stack: c.stack });
    });

    it("registers only Kubernetes objects that validate against the Kubernetes 1.36 schema", () => {
        const problems = platformObjects(r)
            .filter((x) => !NOT_SCHEMA_VALIDATED.includes(x.type))
            .flatMap((x) => (CRD_VALIDATED.includes(x.type) ? validateCustomResource : validateKubernetesObject)(clear(x.inputs) as Record<string, unknown>).map((e) => `${x.type} ${x.name}: ${e}`));
        expect(problems).toEqual([]);
    });

    it("builds both storage classes from the handle's provisioner, WaitForFirstConsumer, with the environment's reclaim policy", () => {
        for (const name of ["tristack-standard", "tristack-fast"]) {
            const sc = obj(r, "kubernetes:storage.k8s.io/v1:StorageClass", name);
            expect([sc.inputs["provisioner"], sc.inputs["volumeBindingMode"], sc.inputs["reclaimPolicy"], sc.inputs["allowVolumeExpansion"]]).toEqual([
                c.provisioner,
                "WaitForFirstConsumer",
                c.prod ? "Retain" : "Delete",
                true,
            ]);
        }
    });

    it("un-defaults exactly the classes the cloud ships as default", () => {
        expect(r.ofType("kubernetes:storage.k8s.io/v1:StorageClassPatch").map((x) => [meta(x).name, meta(x).annotations?.["storageclass.kubernetes.io/is-default-class"]])).toEqual(c.cloudDefaults.map((n) => [n, "false"]));
    });

    it("applies what starts no pods while the node pools are created, and waits for them with what runs pods (issue 25)", () => {
        if (!c.poolType) return;
        const pools = new Set(r.ofType(c.poolType).map((x) => x.urn));
        const waitsForPools = (x: { dependencies: readonly string[] }) => x.dependencies.some((d) => pools.has(d));
        const releases = platformObjects(r).filter((x) => x.type === RELEASE);
        const crds = releases.filter((x) => x.inputs["name"] === "prometheus-operator-crds");
        expect(crds).toHaveLength(1);
        for (const x of releases.filter((x) => !crds.includes(x))) expect(waitsForPools(x), String(x.inputs["name"])).toBe(true);
        const apiOnly = platformObjects(r).filter((x) => API_ONLY_KINDS.includes(x.type));
        expect(apiOnly.length).toBeGreaterThan(10);
        for (const x of [...apiOnly, ...crds]) expect(waitsForPools(x), x.name).toBe(false);
    });

    it(c.prod ? "protects and retains every namespace and the monitoring release in prod" : "protects nothing outside prod", () => {
        const kept = platformObjects(r)
            .filter((x) => x.protect && x.retainOnDelete)
            .map((x) => `${x.type.split(":").pop()}/${x.type.endsWith("Release") ? String(x.inputs["name"]) : meta(x).name}`)
            .sort();
        const namespaces = r.k8s("v1", "Namespace").map((x) => `Namespace/${meta(x).name}`);
        // Every stack runs Kafka or Cassandra, so the platform's cert-manager and trust-manager are there too.
        expect(kept).toEqual(c.prod ? [...namespaces, "Release/prometheus-operator-crds", "Release/kube-prometheus-stack", "Release/cert-manager", "Release/trust-manager"].sort() : []);
    });

    it("annotates each tenant's spark ServiceAccount with exactly what the workload-identity grant returns", () => {
        const sas = platformObjects(r).filter((x) => x.type === "kubernetes:core/v1:ServiceAccount");
        const tenants = Object.keys((stackSpec(c.stack) as { tenants?: object }).tenants ?? {});
        // Registration order follows when each identity's outputs come back over the engine's gRPC: compare as sets.
        expect(sas.map((sa) => `${meta(sa).namespace}/${meta(sa).name}`).sort()).toEqual(tenants.map((t) => `team-${t}/spark`).sort());
        for (const sa of sas) expect(Object.keys(meta(sa).annotations ?? {}).sort()).toEqual(c.identityAnnotations);
    });

    it(c.hasGpu ? "installs the GPU charts the cloud does not provide, on GPU nodes only, with the capacity model's requests" : "installs no GPU charts", () => {
        const releases = platformObjects(r).filter((x) => x.type === RELEASE).map((x) => String(x.inputs["name"]));
        const expected = ["prometheus-operator-crds", "kube-prometheus-stack", "cert-manager", "trust-manager", ...(c.hasGpu && !c.cloudDevicePlugin ? ["nvidia-device-plugin"] : []), ...(c.hasGpu ? ["dcgm-exporter"] : [])];
        expect(releases.sort()).toEqual(expected.sort());
        if (!c.hasGpu) return;
        const placement = {
            nodeSelector: { "tristack.io/role": "gpu" },
            affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "tristack.io/role", operator: "In", values: ["gpu"] }] }] } } },
            tolerations: [
                { key: "nvidia.com/gpu", operator: "Equal", value: "present", effect: "NoSchedule" },
                // azure-dev's GPU pool is Spot: AKS taints its nodes itself (issue 18 item 3).
                ...(c.stack === "azure-dev" ? [{ key: "kubernetes.azure.com/scalesetpriority", operator: "Equal", value: "spot", effect: "NoSchedule" }] : []),
            ],
        };
        const dcgm = obj(r, RELEASE, "dcgm-exporter");
        expect([dcgm.inputs["chart"], dcgm.inputs["version"], dcgm.inputs["repositoryOpts"], dcgm.inputs["namespace"]]).toEqual(["dcgm-exporter", "4.8.2", { repo: "https://nvidia.github.io/dcgm-exporter/helm-charts" }, "kube-system"]);
        expect(dcgm.inputs["values"]).toEqual({
            ...placement,
            resources: { requests: { cpu: `${PLATFORM_DAEMONSETS.dcgmExporter.cpuMillis}m`, memory: `${PLATFORM_DAEMONSETS.dcgmExporter.memoryMiB}Mi` }, limits: { memory: "512Mi", cpu: null } },
            priorityClassName: "system-node-critical",
            serviceMonitor: { enabled: true, additionalLabels: { release: "kube-prometheus-stack" } },
            // GKE's Container-Optimized OS keeps the NVIDIA driver under /home/kubernetes/bin/nvidia
            // (ClusterHandle.gpu.driverHostPath); the exporter finds NVML only with it mounted.
            ...(c.stack.startsWith("gcp")
                ? {
                      extraHostVolumes: [{ name: "nvidia-install-dir-host", hostPath: "/home/kubernetes/bin/nvidia" }],
                      extraVolumeMounts: [{ name: "nvidia-install-dir-host", mountPath: "/usr/local/nvidia", readOnly: true }],
                      extraEnv: [{ name: "LD_LIBRARY_PATH", value: "/usr/local/nvidia/lib64" }],
                  }
                : {}),
        });
        // Its ServiceMonitor needs the Prometheus Operator CRDs, not Prometheus (issue 25).
        expect(dcgm.dependencies).toContain(obj(r, RELEASE, "prometheus-operator-crds").urn);
        expect(dcgm.dependencies).not.toContain(obj(r, RELEASE, "kube-prometheus-stack").urn);
        if (c.cloudDevicePlugin) return;
        const plugin = obj(r, RELEASE, "nvidia-device-plugin");
        expect([plugin.inputs["chart"], plugin.inputs["version"], plugin.inputs["repositoryOpts"], plugin.inputs["namespace"]]).toEqual(["nvidia-device-plugin", "0.20.0", { repo: "https://nvidia.github.io/k8s-device-plugin" }, "kube-system"]);
        expect(plugin.inputs["values"]).toEqual({
            ...placement,
            resources: { requests: { cpu: `${PLATFORM_DAEMONSETS.gpuDevicePlugin.cpuMillis}m`, memory: `${PLATFORM_DAEMONSETS.gpuDevicePlugin.memoryMiB}Mi` }, limits: { memory: "128Mi" } },
            priorityClassName: "system-node-critical",
            gfd: { enabled: false },
            nfd: { enabled: false },
        });
    });

    it("creates the namespaces of the enabled services and one guarded namespace per tenant with the spec's quota (CPU, memory and GPUs at its queue's cap when scheduling is on)", () => {
        const spec = stackSpec(c.stack) as { tenants?: Record<string, { quota: { cpu: number; memoryGiB: number; gpu?: number; storageGiB?: number; pvcs?: number } }> };
        const parsed = parsePlatformSpec(stackSpec(c.stack));
        // With scheduling on, YuniKorn enforces the guarantee and the ResourceQuota is the borrowing cap (batchScheduler.ts).
        const caps = new Map(parsed.scheduling.enabled ? resolveQueues(parsed).map((q) => [q.tenant, q.max] as const) : []);
        const tenants = Object.entries(spec.tenants ?? {}).map(([t, v]) => [t, { quota: { ...v.quota, ...(caps.get(t) ?? {}) } }] as const);
        // As a set: namespaces register in the order their inputs resolve, which is not the contract (seen once
        // with spark-operator's last on azure-prod).
        expect(r.k8s("v1", "Namespace").map((x) => meta(x).name).sort()).toEqual(["spark-operator", "spark", "kafka", "cassandra", "monitoring", "cert-manager", ...tenants.map(([t]) => `team-${t}`), ...(parsed.notebooks.enabled ? ["notebooks"] : [])].sort());
        for (const [t, { quota: q }] of tenants) {
            expect(at(obj(r, "kubernetes:core/v1:ResourceQuota", "tristack-quota", `team-${t}`).inputs, "spec.hard")).toEqual({
                "requests.cpu": String(q.cpu),
                "requests.memory": `${q.memoryGiB}Gi`,
                "limits.memory": `${q.memoryGiB}Gi`,
                "requests.nvidia.com/gpu": String(q.gpu ?? 0),
                persistentvolumeclaims: String(q.pvcs ?? 20),
                "requests.storage": `${q.storageGiB ?? 500}Gi`,
            });
        }
    });

    it("triggers no mandatory policy on a platform object", () => {
        const platform = new Set(platformObjects(r).map((x) => x.urn));
        const findings = evaluatePlan(r.resources, c.prod ? "prod" : "dev").filter((f) => !f.waived && f.enforcement === "mandatory" && platform.has(f.resource));
        expect(findings.map((f) => `${f.ruleId} ${f.name}: ${f.message}`)).toEqual([]);
    });

    it("sizes Prometheus from the spec", () => {
        const spec = stackSpec(c.stack) as { monitoring: { retentionDays: number; storageGiB: number } };
        const prom = at(obj(r, RELEASE, "kube-prometheus-stack").inputs, "values.prometheus.prometheusSpec");
        expect(at(prom, "retention")).toBe(`${spec.monitoring.retentionDays}d`);
        expect(at(prom, "storageSpec.volumeClaimTemplate.spec.resources.requests.storage")).toBe(`${spec.monitoring.storageGiB}Gi`);
    });
});
