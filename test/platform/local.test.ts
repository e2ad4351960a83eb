import { beforeAll, describe, expect, it } from "vitest";
import { run, stackSpec, type Recorded } from "../support/mocks";
import { at, clear, meta, obj, platformObjects, policyNames } from "./helpers";

const SC = "kubernetes:storage.k8s.io/v1:StorageClass";
const NS = "kubernetes:core/v1:Namespace";
const QUOTA = "kubernetes:core/v1:ResourceQuota";
const LIMITS = "kubernetes:core/v1:LimitRange";
const NP = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const RELEASE = "kubernetes:helm.sh/v3:Release";
const LABELS = { "app.kubernetes.io/part-of": "tristack", "app.kubernetes.io/managed-by": "pulumi" };

describe("platform on the local stack", () => {
    let r: Recorded;
    beforeAll(async () => {
        r = await run(stackSpec("local"), { stack: "local" });
    });

    it("creates tristack-standard as the default class from the handle's backend, Delete outside prod, expandable per the contract", () => {
        expect(obj(r, SC, "tristack-standard").inputs).toEqual({
            apiVersion: "storage.k8s.io/v1",
            kind: "StorageClass",
            metadata: { name: "tristack-standard", labels: LABELS, annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
            provisioner: "rancher.io/local-path",
            parameters: {},
            volumeBindingMode: "WaitForFirstConsumer",
            allowVolumeExpansion: true,
            reclaimPolicy: "Delete",
        });
    });

    it("creates tristack-fast, not default", () => {
        const fast = obj(r, SC, "tristack-fast");
        expect(meta(fast).annotations).toEqual({ "storageclass.kubernetes.io/is-default-class": "false" });
        expect(fast.inputs["volumeBindingMode"]).toBe("WaitForFirstConsumer");
        expect(fast.inputs["reclaimPolicy"]).toBe("Delete");
    });

    it("un-defaults the cluster's shipped class with a forced server-side-apply patch under a fixed field manager", () => {
        const patch = r.one("kubernetes:storage.k8s.io/v1:StorageClassPatch");
        expect(patch.inputs).toEqual({
            apiVersion: "storage.k8s.io/v1",
            kind: "StorageClass",
            metadata: { name: "standard", annotations: { "storageclass.kubernetes.io/is-default-class": "false", "pulumi.com/patchForce": "true", "pulumi.com/patchFieldManager": "tristack-platform" } },
        });
        expect(obj(r, SC, "tristack-standard").dependencies).toContain(patch.urn);
    });

    it("creates the three priority classes; batch never preempts; none is the global default", () => {
        const pcs = r.k8s("scheduling.k8s.io/v1", "PriorityClass").map((x) => [meta(x).name, x.inputs["value"], x.inputs["preemptionPolicy"], x.inputs["globalDefault"]]);
        expect(pcs).toEqual([
            ["tristack-platform", 1_000_000, "PreemptLowerPriority", false],
            ["tristack-data", 900_000, "PreemptLowerPriority", false],
            ["tristack-batch", 1_000, "Never", false],
        ]);
    });

    it("creates a namespace per enabled service and per tenant, with PSA baseline for platform and restricted for tenants", () => {
        const nss = r.k8s("v1", "Namespace").map((x) => [meta(x).name, meta(x).labels?.["pod-security.kubernetes.io/enforce"], meta(x).labels?.["pod-security.kubernetes.io/audit"], meta(x).labels?.["pod-security.kubernetes.io/warn"]]);
        expect(nss).toEqual([
            ["spark-operator", "baseline", "restricted", "restricted"],
            ["spark", "baseline", "restricted", "restricted"],
            ["kafka", "baseline", "restricted", "restricted"],
            ["cassandra", "baseline", "restricted", "restricted"],
            ["monitoring", "baseline", "restricted", "restricted"],
            // Kafka and Cassandra are on: the platform's cert-manager gets its own namespace (certManager.ts).
            ["cert-manager", "baseline", "restricted", "restricted"],
            ["team-analytics", "restricted", "restricted", "restricted"],
            // notebooks.enabled: JupyterHub's namespace (components/data/notebooks/notebooks.ts).
            ["notebooks", "baseline", "restricted", "restricted"],
        ]);
        expect(meta(obj(r, NS, "team-analytics")).labels?.["tristack.io/tenant"]).toBe("analytics");
    });

    it("gives the tenant its spec quota, memory limits capped at the memory quota", () => {
        expect(obj(r, QUOTA, "tristack-quota", "team-analytics").inputs["spec"]).toEqual({
            hard: { "requests.cpu": "8", "requests.memory": "16Gi", "limits.memory": "16Gi", "requests.nvidia.com/gpu": "0", persistentvolumeclaims: "20", "requests.storage": "100Gi" },
        });
    });

    it("gives platform namespaces the cluster ceiling for CPU/memory (spec shapes x maxNodes) and twice each service's planned claims", () => {
        // system 4x8 x1 + general 8x16 x2 + data 8x16 x2 = 36 cores, 72 GiB
        const hard = (ns: string) => (obj(r, QUOTA, "tristack-quota", ns).inputs["spec"] as { hard: Record<string, string> }).hard;
        expect(hard("kafka")).toEqual({ "requests.cpu": "36", "requests.memory": "72Gi", "requests.nvidia.com/gpu": "0", persistentvolumeclaims: "4", "requests.storage": "80Gi" });
        expect(hard("cassandra")).toEqual({ "requests.cpu": "36", "requests.memory": "72Gi", "requests.nvidia.com/gpu": "0", persistentvolumeclaims: "2", "requests.storage": "40Gi" });
        expect(hard("spark")).toEqual({ "requests.cpu": "36", "requests.memory": "72Gi", "requests.nvidia.com/gpu": "0", persistentvolumeclaims: "14", "requests.storage": "1400Gi" });
        expect(hard("spark-operator")).toEqual({ "requests.cpu": "36", "requests.memory": "72Gi", "requests.nvidia.com/gpu": "0", persistentvolumeclaims: "0", "requests.storage": "0Gi" });
        expect(hard("monitoring")).toEqual({ "requests.cpu": "36", "requests.memory": "72Gi", "requests.nvidia.com/gpu": "0", persistentvolumeclaims: "4", "requests.storage": "40Gi" });
    });

    it("sets LimitRange defaults: requests for CPU and memory, a memory limit, no CPU limit", () => {
        expect(obj(r, LIMITS, "tristack-limits", "team-analytics").inputs["spec"]).toEqual({ limits: [{ type: "Container", defaultRequest: { cpu: "250m", memory: "512Mi" }, default: { memory: "512Mi" } }] });
        expect(obj(r, LIMITS, "tristack-limits", "kafka").inputs["spec"]).toEqual({ limits: [{ type: "Container", defaultRequest: { cpu: "100m", memory: "256Mi" }, default: { memory: "512Mi" } }] });
    });

    it("gives every namespace its network policies", () => {
        const common = ["allow-dns", "allow-https-egress", "allow-same-namespace", "default-deny"];
        // An existing cluster's workload identity needs no node-local endpoint (ClusterHandle.network), so no identity policy.
        expect(policyNames(r, "team-analytics")).toEqual([...common, "allow-data-services", "allow-monitoring-scrape", "allow-object-store"].sort());
        expect(policyNames(r, "spark")).toEqual([...common, "allow-data-services", "allow-history-from-tenants", "allow-monitoring-scrape", "allow-object-store"].sort());
        expect(policyNames(r, "spark-operator")).toEqual([...common, "allow-monitoring-scrape", "allow-webhooks"].sort());
        expect(policyNames(r, "kafka")).toEqual([...common, "allow-clients", "allow-monitoring-scrape"].sort());
        expect(policyNames(r, "cassandra")).toEqual([...common, "allow-clients", "allow-monitoring-scrape", "allow-webhooks"].sort());
        expect(policyNames(r, "monitoring")).toEqual([...common, "allow-scrape-egress", "allow-webhooks"].sort());
    });

    it("denies all ingress and egress by default", () => {
        expect(obj(r, NP, "default-deny", "team-analytics").inputs["spec"]).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    });

    it("allows DNS to kube-dns in kube-system on 53 UDP and TCP", () => {
        expect(obj(r, NP, "allow-dns", "team-analytics").inputs["spec"]).toEqual({
            podSelector: {},
            policyTypes: ["Egress"],
            egress: [
                {
                    to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
                    ports: [
                        { protocol: "UDP", port: 53 },
                        { protocol: "TCP", port: 53 },
                    ],
                },
            ],
        });
    });

    it("allows HTTPS and the API server port out of the cluster, except the pod and service CIDRs, and the kubernetes ClusterIP", () => {
        expect(obj(r, NP, "allow-https-egress", "team-analytics").inputs["spec"]).toEqual({
            podSelector: {},
            policyTypes: ["Egress"],
            egress: [
                {
                    to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.128.0.0/14", "172.20.0.0/16"] } }],
                    ports: [
                        { protocol: "TCP", port: 443 },
                        { protocol: "TCP", port: 6443 },
                    ],
                },
                { to: [{ ipBlock: { cidr: "172.20.0.1/32" } }], ports: [{ protocol: "TCP", port: 443 }] },
            ],
        });
    });

    it("lets Spark pods in spark and the tenants reach the in-cluster MinIO (the spec's object-store URL) on 9000, where only 443 was open", () => {
        for (const ns of ["spark", "team-analytics"]) {
            expect(obj(r, NP, "allow-object-store", ns).inputs["spec"]).toEqual({
                podSelector: {},
                policyTypes: ["Egress"],
                egress: [{ to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "minio" } } }], ports: [{ protocol: "TCP", port: 9000 }] }],
            });
        }
    });

    it("lets tenants reach Kafka 9093, Cassandra 9042 and the Spark history server", () => {
        const ns = (n: string) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": n } } });
        expect(at(obj(r, NP, "allow-data-services", "team-analytics").inputs, "spec.egress")).toEqual([
            { to: [ns("kafka")], ports: [{ protocol: "TCP", port: 9093 }] },
            { to: [ns("cassandra")], ports: [{ protocol: "TCP", port: 9042 }] },
            { to: [ns("spark")], ports: [{ protocol: "TCP", port: 18080 }] },
        ]);
    });

    it("lets Kafka accept 9093 from the tenants and spark only", () => {
        expect(at(obj(r, NP, "allow-clients", "kafka").inputs, "spec.ingress")).toEqual([
            { from: [{ namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["team-analytics", "spark"] }] } }], ports: [{ protocol: "TCP", port: 9093 }] },
        ]);
    });

    it("lets Cassandra accept 9042 from the tenants and spark only", () => {
        expect(at(obj(r, NP, "allow-clients", "cassandra").inputs, "spec.ingress")).toEqual([
            { from: [{ namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["team-analytics", "spark"] }] } }], ports: [{ protocol: "TCP", port: 9042 }] },
        ]);
    });

    it("lets monitoring scrape every namespace and the nodes, and every namespace accept it", () => {
        expect(at(obj(r, NP, "allow-scrape-egress", "monitoring").inputs, "spec.egress")).toEqual([
            { to: [{ namespaceSelector: {} }] },
            { ports: [{ protocol: "TCP", port: 9100 }, { protocol: "TCP", port: 10250 }] },
        ]);
        expect(at(obj(r, NP, "allow-monitoring-scrape", "kafka").inputs, "spec.ingress")).toEqual([{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } }] }]);
    });

    it("opens the webhook ports to the API server in namespaces that run admission webhooks", () => {
        expect(at(obj(r, NP, "allow-webhooks", "cassandra").inputs, "spec.ingress")).toEqual([
            { from: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ protocol: "TCP", port: 8443 }, { protocol: "TCP", port: 9443 }, { protocol: "TCP", port: 10250 }] },
        ]);
    });

    it("opens no link-local range where the cluster's workload identity needs no node-local endpoint", () => {
        expect(r.k8s("networking.k8s.io/v1", "NetworkPolicy").filter((p) => (p.inputs["metadata"] as { name?: string }).name === "allow-identity-endpoints")).toEqual([]);
    });

    it("binds the tenant's group to an edit-like Role without wildcards, exec or RBAC/network-policy writes", () => {
        const role = obj(r, "kubernetes:rbac.authorization.k8s.io/v1:Role", "tenant-edit", "team-analytics");
        const rules = role.inputs["rules"] as { apiGroups: string[]; resources: string[]; verbs: string[] }[];
        expect(rules.flatMap((x) => [...x.apiGroups, ...x.resources, ...x.verbs])).not.toContain("*");
        const resources = rules.flatMap((x) => x.resources);
        for (const forbidden of ["pods/exec", "pods/attach", "roles", "rolebindings", "networkpolicies"]) expect(resources).not.toContain(forbidden);
        expect(rules).toContainEqual({ apiGroups: ["sparkoperator.k8s.io"], resources: ["sparkapplications", "scheduledsparkapplications"], verbs: ["get", "list", "watch", "create", "update", "patch", "delete"] });
        const binding = obj(r, "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "tenant-edit", "team-analytics");
        expect(binding.inputs["roleRef"]).toEqual({ apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "tenant-edit" });
        expect(binding.inputs["subjects"]).toEqual([{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "analytics-devs" }]);
    });

    it("creates the tenant's spark ServiceAccount (annotated by the handle's grant; none on an existing cluster) and the driver's Role", () => {
        expect(meta(obj(r, "kubernetes:core/v1:ServiceAccount", "spark", "team-analytics")).annotations).toEqual({});
        const binding = obj(r, "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "spark-driver", "team-analytics");
        expect(binding.inputs["subjects"]).toEqual([{ kind: "ServiceAccount", name: "spark", namespace: "team-analytics" }]);
        expect(obj(r, "kubernetes:rbac.authorization.k8s.io/v1:Role", "spark-driver", "team-analytics").inputs["rules"]).toEqual([
            { apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch", "create", "patch", "delete", "deletecollection"] },
            { apiGroups: [""], resources: ["services", "configmaps", "persistentvolumeclaims"], verbs: ["get", "list", "watch", "create", "delete", "deletecollection"] },
        ]);
    });

    it("installs kube-prometheus-stack pinned, in monitoring, with retention and storage from the spec on tristack-standard", () => {
        const rel = obj(r, RELEASE, "kube-prometheus-stack");
        expect([rel.inputs["chart"], rel.inputs["version"], rel.inputs["repositoryOpts"], rel.inputs["namespace"]]).toEqual([
            "kube-prometheus-stack",
            "88.5.3",
            { repo: "https://prometheus-community.github.io/helm-charts" },
            "monitoring",
        ]);
        const spec = at(rel.inputs, "values.prometheus.prometheusSpec") as Record<string, unknown>;
        expect([spec["retention"], spec["retentionSize"], at(spec, "storageSpec.volumeClaimTemplate.spec")]).toEqual([
            "3d",
            "18GB",
            { storageClassName: "tristack-standard", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "20Gi" } } },
        ]);
    });

    it("makes Prometheus select every monitor, probe and rule, not only the chart's own", () => {
        const spec = at(obj(r, RELEASE, "kube-prometheus-stack").inputs, "values.prometheus.prometheusSpec") as Record<string, unknown>;
        for (const k of ["serviceMonitor", "podMonitor", "probe", "rule", "scrapeConfig"]) expect(spec[`${k}SelectorNilUsesHelmValues`]).toBe(false);
    });

    it("installs the Prometheus Operator CRDs from their own release, kept when it goes, and turns the chart's own off", () => {
        // The CRDs come from their own release (prometheus-operator-crds), kept when it goes (issue 25).
        expect(at(obj(r, RELEASE, "kube-prometheus-stack").inputs, "values.crds")).toEqual({ enabled: false });
        const crds = obj(r, RELEASE, "prometheus-operator-crds");
        expect([crds.inputs["chart"], crds.inputs["version"], crds.inputs["namespace"], crds.inputs["values"]]).toEqual(["prometheus-operator-crds", "31.0.1", "monitoring", { crds: { annotations: { "helm.sh/resource-policy": "keep" } } }]);
        expect(obj(r, RELEASE, "kube-prometheus-stack").dependencies).toContain(crds.urn);
    });

    it("gives Grafana a generated admin password through an existing Secret and loads dashboards from every namespace", () => {
        const values = at(obj(r, RELEASE, "kube-prometheus-stack").inputs, "values.grafana") as Record<string, unknown>;
        expect(values["admin"]).toEqual({ existingSecret: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" });
        expect(at(values, "sidecar.dashboards")).toEqual({ enabled: true, label: "grafana_dashboard", labelValue: "1", searchNamespace: "ALL" });
        const password = r.one("random:index/randomPassword:RandomPassword", "tristack-local-platform-grafana-admin");
        expect(password.inputs).toEqual({ length: 32, special: false });
        const secret = obj(r, "kubernetes:core/v1:Secret", "grafana-admin", "monitoring");
        expect(Object.keys(clear(secret.inputs["stringData"]) as object).sort()).toEqual(["admin-password", "admin-user"]);
        expect(clear(secret.inputs["stringData"])).toMatchObject({ "admin-user": "admin" });
        expect(secret.redactedInputs["stringData"]).toBe("[secret]");
        // The password is the RandomPassword's (secret) result, so the Secret depends on it.
        expect(secret.dependencies).toContain(password.urn);
    });

    it("runs node-exporter in kube-system with exactly the capacity model's requests", () => {
        expect(at(obj(r, RELEASE, "kube-prometheus-stack").inputs, "values.prometheus-node-exporter")).toEqual({
            namespaceOverride: "kube-system",
            priorityClassName: "system-node-critical",
            resources: { requests: { cpu: "20m", memory: "32Mi" }, limits: { memory: "64Mi" } },
        });
    });

    it("schedules every monitoring controller on the system or general pools, preferring general, with the platform priority", () => {
        const values = at(obj(r, RELEASE, "kube-prometheus-stack").inputs, "values") as Record<string, unknown>;
        const placement = {
            affinity: {
                nodeAffinity: {
                    requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "tristack.io/role", operator: "In", values: ["system", "general"] }] }] },
                    preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, preference: { matchExpressions: [{ key: "tristack.io/role", operator: "In", values: ["general"] }] } }],
                },
            },
            tolerations: [{ key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" }],
            priorityClassName: "tristack-platform",
        };
        for (const path of ["prometheusOperator", "prometheus.prometheusSpec", "alertmanager.alertmanagerSpec", "grafana", "kube-state-metrics", "prometheusOperator.admissionWebhooks.patch"]) {
            expect(at(values, path), path).toMatchObject(placement);
        }
    });

    it("installs no GPU charts on a cluster without GPU pools", () => {
        expect(platformObjects(r).filter((x) => x.type === RELEASE).map((x) => String(x.inputs["name"])).sort()).toEqual(["cert-manager", "kube-prometheus-stack", "prometheus-operator-crds", "trust-manager"]);
    });

    it("sends every object through the cluster's provider", () => {
        const provider = r.one("pulumi:providers:kubernetes", "tristack-local");
        for (const x of platformObjects(r)) expect(x.provider, x.name).toBe(`${provider.urn}::tristack-local-id`);
    });

    it("protects nothing outside prod", () => {
        expect(platformObjects(r).filter((x) => x.protect || x.retainOnDelete)).toEqual([]);
    });

    it("reports the platform namespace names as the stack's namespaces output", () => {
        expect(r.outputs["namespaces"]).toEqual({ sparkOperator: "spark-operator", spark: "spark", kafka: "kafka", cassandra: "cassandra", monitoring: "monitoring", tenants: { analytics: "team-analytics" } });
    });
});
