/**
 * The connectivity proof (components/plan/connectivity.ts): the platform's policies pass the declared flow
 * table under each cloud's CNI semantics, and each defect issue 22 found fails it when put back on purpose.
 */
import { describe, expect, it } from "vitest";
import { plannedNetworkSemantics, type NetworkSemantics } from "../../components/clouds/cni";
import { endpointOfUrl, plannedObjectStoreEndpoint, type ObjectStoreEndpoint } from "../../components/clouds/objectStoreEndpoint";
import { connectivityInputs, declaredFlows, evaluateFlow, type FlowInputs, type PolicyObject } from "../../components/plan/connectivity";
import { networkPolicies, type NamespaceRole, type NetworkContext } from "../../components/platform/networkPolicies";
import { parsePlatformSpec } from "../../components/spec";
import { stackSpec } from "../support/mocks";

const semantics = (stack: string): NetworkSemantics => plannedNetworkSemantics(parsePlatformSpec(stackSpec(stack)));
const NAMESPACES: readonly [NamespaceRole, string][] = [
    ["tenant", "team-a"],
    ["tenant", "team-b"],
    ["spark-operator", "spark-operator"],
    ["spark", "spark"],
    ["kafka", "kafka"],
    ["cassandra", "cassandra"],
    ["monitoring", "monitoring"],
];

const storeOf = (stack: string): ObjectStoreEndpoint => plannedObjectStoreEndpoint(parsePlatformSpec(stackSpec(stack)));

function policiesFor(net: NetworkSemantics, objectStore?: ObjectStoreEndpoint): PolicyObject[] {
    const ctx: NetworkContext = { services: { spark: true, kafka: true, cassandra: true, monitoring: true }, tenantNamespaces: ["team-a", "team-b"], network: net, ...(objectStore ? { objectStore } : {}) };
    return NAMESPACES.flatMap(([role, ns]) => networkPolicies(role, ns, ctx).map((p) => ({ namespace: ns, name: p.name, spec: p.spec as unknown as Record<string, unknown> })));
}

function inputs(net: NetworkSemantics, objectStore?: ObjectStoreEndpoint): FlowInputs {
    return {
        net,
        ...(objectStore ? { objectStore } : {}),
        tenants: ["a", "b"],
        services: { spark: true, kafka: true, cassandra: true, monitoring: true },
        webhooks: [
            { namespace: "cassandra", port: 9443, what: "cass-operator webhook" },
            { namespace: "spark-operator", port: 9443, what: "spark-operator webhook" },
            { namespace: "monitoring", port: 10250, what: "prometheus-operator webhook" },
        ],
        monitorTargets: [{ namespace: "kafka", port: "tcp-prometheus", what: "Kafka metrics" }],
        operators: [
            { namespace: "spark-operator", what: "spark-operator" },
            { namespace: "kafka", what: "Strimzi" },
            { namespace: "cassandra", what: "k8ssandra-operator" },
            { namespace: "monitoring", what: "prometheus-operator" },
        ],
    };
}

const nsLabels = (ns: string) => ({ "kubernetes.io/metadata.name": ns });

function wrong(net: NetworkSemantics, policies: readonly PolicyObject[], objectStore?: ObjectStoreEndpoint): string[] {
    return declaredFlows(inputs(net, objectStore))
        .map((f) => evaluateFlow(f, policies, net, nsLabels))
        .filter((v) => !v.ok)
        .map((v) => `${v.flow.expect} ${v.flow.from.kind === "pod" || v.flow.from.kind === "node" || v.flow.from.kind === "address" ? v.flow.from.what : ""} -> ${v.flow.to.what}:${v.flow.port}`);
}

/** Replace one policy's spec in a namespace set (how a test puts an old defect back). */
function replace(policies: readonly PolicyObject[], name: string, spec: Record<string, unknown>): PolicyObject[] {
    return policies.map((p) => (p.name === name ? { ...p, spec } : p));
}

describe("connectivity proof", () => {
    it.each(["aws-prod", "gcp-prod", "azure-prod", "local"])("the platform's policies pass every required and forbidden flow on %s", (stack) => {
        const net = semantics(stack);
        expect(wrong(net, policiesFor(net, storeOf(stack)), storeOf(stack))).toEqual([]);
    });

    it("existing cluster with the in-cluster MinIO (stacks/Pulumi.local.yaml): Spark drivers, executors and the history server reach it on 9000; with only the HTTPS egress they did not", () => {
        const net = semantics("local");
        const store = storeOf("local");
        expect(store).toEqual({ what: "object store http://minio.minio.svc.cluster.local:9000", port: 9000, service: { namespace: "minio", name: "minio" } });
        const toStore = declaredFlows(inputs(net, store)).filter((f) => f.to.kind === "service" && f.to.namespace === "minio");
        // drivers and executors in spark and both tenants, and the history server
        expect(toStore.map((f) => `${f.from.what}:${f.port}`).sort()).toEqual(
            ["Spark driver in spark", "Spark executor in spark", "Spark driver in team-a", "Spark executor in team-a", "Spark driver in team-b", "Spark executor in team-b", "Spark history server"].map((w) => `${w}:9000`).sort(),
        );
        // The platform before: no object-store egress besides 443 out of the cluster.
        const before = wrong(net, policiesFor(net), store);
        expect(before.filter((f) => f.endsWith("-> minio.minio Service:9000"))).toHaveLength(7);
        // A store outside the cluster on a port other than 443 is opened outside the pod and Service ranges only.
        const outside = endpointOfUrl("http://203.0.113.7:9000");
        expect(wrong(net, policiesFor(net, outside), outside)).toEqual([]);
        expect(wrong(net, policiesFor(net), outside).filter((f) => f.includes(":9000"))).toHaveLength(7);
    });

    it("reads the object-store endpoint from the S3 URL (port or the scheme's default; <service>.<namespace>.svc is in-cluster)", () => {
        expect(endpointOfUrl("https://s3.example.com")).toEqual({ what: "object store https://s3.example.com", port: 443 });
        expect(endpointOfUrl("http://minio.storage.svc")).toEqual({ what: "object store http://minio.storage.svc", port: 80, service: { namespace: "storage", name: "minio" } });
        expect(endpointOfUrl("http://minio-api.minio.svc.k8s.internal:9000/").service).toEqual({ namespace: "minio", name: "minio-api" });
        expect(storeOf("aws-prod")).toEqual({ what: "object store (HTTPS)", port: 443 });
    });

    it("EKS: excluding the Service range without the kubernetes ClusterIP cuts operators and drivers off the API server (amazon-network-policy-controller-k8s#222)", () => {
        const net = semantics("aws-prod");
        const old = { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.128.0.0/14", net.serviceCidr] } }], ports: [{ protocol: "TCP", port: 443 }, { protocol: "TCP", port: 6443 }] }] };
        const failures = wrong(net, replace(policiesFor(net), "allow-https-egress", old));
        expect(failures).toContain("required strimzi -> kubernetes Service (API server):443".replace("strimzi", "Strimzi"));
        expect(failures.some((f) => f.startsWith("required Spark driver in team-a -> kubernetes Service"))).toBe(true);
        // and, with pods in the VPC, excluding network.podCidr protects nothing: tenants reach kube-system
        expect(failures).toContain("forbidden tenant pod in team-a -> metrics-server (kube-system):443");
    });

    it("Cilium (AKS, GKE): an ipBlock 0.0.0.0/0 never admits the konnectivity-agent calling the webhooks", () => {
        for (const stack of ["azure-prod", "gcp-prod"]) {
            const net = semantics(stack);
            const old = { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [8443, 9443, 10250].map((port) => ({ protocol: "TCP", port })) }] };
            const failures = wrong(net, replace(policiesFor(net), "allow-webhooks", old));
            expect(failures.filter((f) => f.includes("webhook"))).toHaveLength(3);
        }
    });

    it("Cilium: the webhook peer must carry the cloud's own konnectivity label (app on AKS, k8s-app on GKE)", () => {
        const aks = semantics("azure-prod");
        const gkeLabels = { ...aks, webhookCaller: { kind: "pod" as const, namespace: "kube-system", labels: { "k8s-app": "konnectivity-agent" }, what: "GKE label" } };
        // AKS policies evaluated as if the agent carried GKE's label: the calls are denied
        expect(wrong(gkeLabels, policiesFor(aks)).filter((f) => f.includes("webhook"))).toHaveLength(3);
    });

    it("Cilium: node-exporter and kubelets on the host network are unreachable through an ipBlock", () => {
        const net = semantics("gcp-prod");
        const old = { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ namespaceSelector: {} }] }, { to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ protocol: "TCP", port: 9100 }, { protocol: "TCP", port: 10250 }] }] };
        expect(wrong(net, replace(policiesFor(net), "allow-scrape-egress", old))).toEqual(["required Prometheus -> node-exporter (host network):9100", "required Prometheus -> kubelet:10250"]);
        // the same ipBlock rule is fine where ipBlock matches node addresses (EKS)
        const aws = semantics("aws-prod");
        expect(wrong(aws, replace(policiesFor(aws), "allow-scrape-egress", old))).toEqual([]);
    });

    it("a link-local /16 for identity opens the instance metadata service where workload identity does not use it (AKS, EKS)", () => {
        for (const stack of ["azure-prod", "aws-prod"]) {
            const net = semantics(stack);
            const old = { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "169.254.0.0/16" } }], ports: [{ protocol: "TCP", port: 80 }, { protocol: "TCP", port: 988 }] }] };
            const withOld = [...policiesFor(net).filter((p) => p.name !== "allow-identity-endpoints"), { namespace: "team-a", name: "allow-identity-endpoints", spec: old }];
            expect(wrong(net, withOld)).toContain("forbidden tenant pod in team-a -> instance metadata:80");
        }
    });

    it("GKE: Workload Identity needs the metadata server, so removing it denies a required flow", () => {
        const net = semantics("gcp-prod");
        const without = policiesFor(net).filter((p) => !(p.name === "allow-identity-endpoints" && p.namespace === "team-a"));
        expect(wrong(net, without)).toContain("required tenant pod in team-a -> GKE metadata server (Workload Identity), as pods address it:80");
    });

    // The identity policy before this change allowed only 169.254.169.254 (80, 988): on the iptables datapath
    // the node's DNAT to 169.254.169.252:988 happens before policy, and every token fetch timed out.
    it("GKE: a policy allowing only 169.254.169.254 denies the metadata server after the node's DNAT (169.254.169.252:988)", () => {
        const net = semantics("gcp-prod");
        const old = { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "169.254.169.254/32" } }], ports: [{ protocol: "TCP", port: 80 }, { protocol: "TCP", port: 988 }] }] };
        const withOld = [...policiesFor(net).filter((p) => !(p.name === "allow-identity-endpoints" && p.namespace === "team-a")), { namespace: "team-a", name: "allow-identity-endpoints", spec: old }];
        expect(wrong(net, withOld)).toEqual(["required tenant pod in team-a -> GKE metadata server (Workload Identity), after the node's DNAT:988"]);
    });

    it("a tenant policy that opens another tenant is caught", () => {
        const net = semantics("azure-prod");
        const open = [...policiesFor(net), { namespace: "team-b", name: "oops", spec: { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [{ namespaceSelector: {} }] }] } }, { namespace: "team-a", name: "oops", spec: { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ namespaceSelector: {} }] }] } }];
        expect(wrong(net, open)).toContain("forbidden tenant pod in team-a -> tenant pod in team-b:8080");
    });

    it("reads webhook ports and Prometheus targets from the releases with the chart facts and our values", () => {
        const spec = parsePlatformSpec(stackSpec("aws-dev"));
        const release = (chart: string, namespace: string, values: Record<string, unknown>) => ({ type: "kubernetes:helm.sh/v3:Release", inputs: { chart, namespace, values } });
        const { inputs: i } = connectivityInputs(spec, semantics("aws-dev"), [
            release("trust-manager", "cert-manager", { app: { webhook: { port: 9443 }, metrics: { service: { servicemonitor: { enabled: true } } } } }),
            release("spark-operator", "spark-operator", { prometheus: { podMonitor: { create: false } } }),
            release("dcgm-exporter", "kube-system", {}),
        ]);
        expect(i.webhooks).toEqual([expect.objectContaining({ namespace: "cert-manager", port: 9443 }), expect.objectContaining({ namespace: "spark-operator", port: 9443 })]);
        expect(i.monitorTargets.map((t) => [t.namespace, t.port])).toEqual([
            ["cert-manager", 9402],
            ["kube-system", 9400],
        ]);
    });
});
