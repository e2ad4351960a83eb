/**
 * The rule test table, part three: Kubernetes workloads and tenancy, Kafka, Cassandra, Spark.
 */
import type { Environment, PolicyResource, Rule, RuleParams, Scope } from "../../policies/lib/types";
import * as D from "../../policies/rules/data";
import * as K from "../../policies/rules/kubernetes";
import * as F from "./fixtures";
import * as P from "./fixturesPods";
import { k8s, mut, res, T, UNKNOWN, unknownAt } from "./fixtures";
import type { RuleCase } from "./cases";

const cases: RuleCase[] = [];
type Extra = { env?: Environment; params?: RuleParams };
function add(rule: Rule, kind: RuleCase["kind"], title: string, r: PolicyResource | readonly PolicyResource[], expect: readonly string[], extra: Extra = {}): void {
    const scope: Scope = "kubernetes";
    cases.push({ rule, scope, kind, title, resources: Array.isArray(r) ? r : [r as PolicyResource], expect, ...extra });
}
const pass = (rule: Rule, title: string, r: PolicyResource | readonly PolicyResource[], extra?: Extra): void => add(rule, "pass", title, r, [], extra);
const fail = (rule: Rule, title: string, r: PolicyResource | readonly PolicyResource[], expect: readonly string[], extra?: Extra): void => add(rule, "fail", title, r, expect, extra);
const unset = (rule: Rule, title: string, r: PolicyResource | readonly PolicyResource[], expect: readonly string[], extra?: Extra): void => add(rule, "unset", title, r, expect, extra);
const unknown = (rule: Rule, r: PolicyResource | readonly PolicyResource[], path: string, extra?: Extra): void => add(rule, "unknown", `unknown ${path}`, r, [unknownAt(path)], extra);
const c0 = "spec.template.spec.containers.0";
const dep = F.deployment;

// 39 tenant-namespace-guardrails
{
    const r = K.tenantNamespaceGuardrails;
    const ns = F.guardedNamespace("team-a");
    pass(r, "tenant namespace with every guardrail", ns);
    pass(r, "platform namespaces outside the list are not judged", k8s("v1", "Namespace", "monitoring", undefined, {}));
    fail(r, "no DNS allow", ns.slice(0, 4), ["namespace team-a has no NetworkPolicy allowing DNS egress"]);
    fail(r, "quota without GPU", [ns[0]!, mut(ns[1]!, ["spec", "hard", "requests.nvidia.com/gpu"], undefined), ...ns.slice(2)], ["namespace team-a ResourceQuota does not limit requests.nvidia.com/gpu"]);
    unset(r, "bare namespace", ns[0]!, ["namespace team-a has no ResourceQuota", "namespace team-a has no LimitRange", "namespace team-a has no default-deny NetworkPolicy (ingress and egress)", "namespace team-a has no NetworkPolicy allowing DNS egress"]);
    unknown(r, [ns[0]!, mut(ns[1]!, "spec.hard", UNKNOWN), ...ns.slice(2)], "spec.hard");
}
// 40 namespace-pod-security-labels
{
    const r = K.namespacePodSecurityLabels;
    const [ns] = F.guardedNamespace("team-a") as [PolicyResource];
    pass(r, "restricted tenant", ns);
    pass(r, "baseline platform namespace", k8s("v1", "Namespace", "kafka", undefined, {}, { labels: { "pod-security.kubernetes.io/enforce": "baseline", "pod-security.kubernetes.io/audit": "restricted", "pod-security.kubernetes.io/warn": "restricted" } }));
    fail(r, "baseline tenant", mut(ns, ["metadata", "labels", "pod-security.kubernetes.io/enforce"], "baseline"), ["namespace team-a pod-security.kubernetes.io/enforce is baseline, tenants need restricted"]);
    unset(r, "no labels", k8s("v1", "Namespace", "spark", undefined, {}), ["namespace spark pod-security.kubernetes.io/enforce is unset, needs baseline or restricted", "namespace spark has no pod-security.kubernetes.io/audit label", "namespace spark has no pod-security.kubernetes.io/warn label"]);
    unknown(r, mut(ns, "metadata.labels", UNKNOWN), "metadata.labels");
}
// 41 no-default-namespace
{
    const r = K.noDefaultNamespace;
    pass(r, "namespaced objects and a release", [dep, res(T.helmRelease, "strimzi", { chart: "strimzi-kafka-operator", namespace: "kafka" })]);
    fail(r, "default namespace", k8s("v1", "ConfigMap", "cfg", "default", { data: {} }), ["ConfigMap default/cfg is in the default namespace"]);
    fail(r, "release into default", res(T.helmRelease, "r", { chart: "x", namespace: "default" }), ["Helm r installs into default namespace"]);
    unset(r, "namespace unset", k8s("v1", "ConfigMap", "cfg", undefined, { data: {} }), ["ConfigMap cfg is in the unset (default) namespace"]);
    pass(r, "cluster-scoped kinds are not judged", F.storageClasses);
    pass(r, "patches of cluster-scoped kinds are not judged", k8s("storage.k8s.io/v1", "StorageClassPatch", "gp2", undefined, {}, { annotations: { "storageclass.kubernetes.io/is-default-class": "false" } }));
    fail(r, "patches of namespaced kinds are judged", k8s("apps/v1", "DeploymentPatch", "coredns", undefined, {}), ["DeploymentPatch coredns is in the unset (default) namespace"]);
    unknown(r, mut(dep, "metadata.namespace", UNKNOWN), "metadata.namespace");
}
// 42 workload-resources-set
{
    const r = K.workloadResourcesSet;
    pass(r, "requests and memory limit; Guaranteed data pods", [dep, F.brokers, F.k8ssandra]);
    fail(r, "no memory limit", mut(dep, `${c0}.resources.limits`, undefined), ["Deployment spark/app container app is missing limits.memory"]);
    pass(r, "Kafka with node pools leaves resources to the pools", F.kafka);
    fail(r, "Kafka resources set on the CR are judged too", mut(F.kafka, "spec.kafka.resources", { requests: { cpu: "1", memory: "4Gi" } }), ["Kafka kafka/events spec.kafka.resources must set cpu and memory requests and limits (Guaranteed QoS)"]);
    fail(r, "Burstable Cassandra", mut(F.k8ssandra, "spec.cassandra.resources.limits.cpu", "8"), ["K8ssandraCluster cassandra/cass spec.cassandra.datacenters[0].resources requests differ from limits (not Guaranteed QoS)"]);
    fail(r, "emptyDir without ephemeral-storage", mut(mut(dep, "spec.template.spec.volumes", [{ name: "scratch", emptyDir: {} }]), `${c0}.volumeMounts`, [{ name: "scratch", mountPath: "/tmp" }]), ["Deployment spark/app container app is missing ephemeral-storage (mounts an emptyDir)"]);
    unset(r, "resources unset", mut(dep, `${c0}.resources`, undefined), ["Deployment spark/app container app is missing requests.cpu, requests.memory, limits.memory"]);
    unknown(r, mut(dep, `${c0}.resources.requests.cpu`, UNKNOWN), "resources.requests.cpu");
}
// 43 image-pinned-and-approved
{
    const r = K.imagePinnedAndApproved;
    const params = { requireDigest: true, allowedRegistries: ["ghcr.io", "docker.io", "quay.io"] };
    pass(r, "digest from an allowed registry", [dep, F.sparkApp, F.k8ssandra], { params });
    pass(r, "tag without digest in dev", mut(dep, `${c0}.image`, "ghcr.io/example/app:1.2.3"), { env: "dev", params: { requireDigest: false } });
    fail(r, "latest", mut(dep, `${c0}.image`, "ghcr.io/example/app:latest"), ["Deployment spark/app container app: image ghcr.io/example/app:latest is tagged latest"], { params });
    fail(r, "tag without digest in prod", mut(dep, `${c0}.image`, "ghcr.io/example/app:1.2.3"), ["Deployment spark/app container app: image ghcr.io/example/app:1.2.3 is not pinned by digest"], { params });
    fail(r, "registry not allowed", mut(dep, `${c0}.image`, "evil.example.com/app:1@sha256:00"), ["Deployment spark/app container app: image evil.example.com/app:1@sha256:00 comes from evil.example.com, not an allowed registry"], { params });
    fail(r, "Helm values tag latest", res(T.helmRelease, "r", { chart: "x", values: { image: { repository: "quay.io/x", tag: "latest" } } }), ["Helm r values.image.tag is not pinned"], { params });
    unset(r, "untagged (implicit latest)", mut(dep, `${c0}.image`, "ghcr.io/example/app"), ["Deployment spark/app container app: image ghcr.io/example/app is untagged"], { params });
    unknown(r, mut(dep, `${c0}.image`, UNKNOWN), "image", { params });
}
// 44 pod-security-baseline
{
    const r = K.podSecurityBaseline;
    pass(r, "compliant", dep);
    fail(r, "privileged", mut(dep, `${c0}.securityContext.privileged`, true), ["Deployment spark/app container app is privileged"]);
    fail(r, "hostPath and hostNetwork", mut(mut(dep, "spec.template.spec.hostNetwork", true), "spec.template.spec.volumes", [{ name: "root", hostPath: { path: "/" } }]), ["Deployment spark/app sets hostNetwork", "Deployment spark/app mounts hostPath volume root"]);
    fail(r, "SYS_ADMIN", mut(dep, `${c0}.securityContext.capabilities.add`, ["SYS_ADMIN"]), ["Deployment spark/app container app adds capabilities SYS_ADMIN"]);
    unset(r, "securityContext unset is baseline-compliant", mut(dep, `${c0}.securityContext`, undefined), []);
    unknown(r, mut(dep, "spec.template.spec.hostNetwork", UNKNOWN), "hostNetwork");
    // Issue 24 item 5: the pods operators make from the data-service CRs were invisible to this rule.
    for (const cr of [F.k8ssandra, P.cassandraDatacenter, F.kafka, P.kafkaAllComponents, F.brokers, F.controllers, F.sparkApp, P.scheduledSparkApp]) pass(r, `${cr.type.split(":").pop()!} ${cr.name} without security overrides`, cr);
    for (const [title, cr, message] of P.PRIVILEGED_CRS) fail(r, `privileged: ${title}`, cr, [message]);
    for (const [title, cr, messages] of P.HOST_ACCESS_CRS) fail(r, title, cr, messages);
    fail(r, "K8ssandraCluster: SYS_ADMIN on the Medusa containers", mut(F.k8ssandra, "spec.medusa.securityContext", { capabilities: { add: ["SYS_ADMIN"] } }), ["K8ssandraCluster cassandra/cass spec.medusa.securityContext (Medusa containers) adds capabilities SYS_ADMIN"]);
    unknown(r, mut(F.k8ssandra, "spec.reaper.securityContext", UNKNOWN), "spec.reaper.securityContext");
}
// 45 pod-security-restricted
{
    const r = K.podSecurityRestricted;
    pass(r, "compliant", dep);
    fail(r, "privilege escalation allowed", mut(dep, `${c0}.securityContext.allowPrivilegeEscalation`, true), ["Deployment spark/app container app lacks allowPrivilegeEscalation=false"]);
    fail(r, "hostPath volume type", mut(dep, "spec.template.spec.volumes", [{ name: "h", hostPath: { path: "/var" } }]), ["Deployment spark/app volume h uses hostPath"]);
    unset(r, "securityContext unset", mut(dep, `${c0}.securityContext`, undefined), ["Deployment spark/app container app lacks runAsNonRoot, allowPrivilegeEscalation=false, capabilities.drop ALL, seccompProfile RuntimeDefault"]);
    unknown(r, mut(dep, `${c0}.securityContext.runAsNonRoot`, UNKNOWN), "securityContext.runAsNonRoot");
    // Issue 24 item 5: in operator-made pods what the CR leaves unset is the operator's default; what it sets is judged.
    for (const cr of [F.k8ssandra, P.cassandraDatacenter, P.kafkaAllComponents, F.brokers, F.sparkApp, P.scheduledSparkApp]) pass(r, `${cr.type.split(":").pop()!} ${cr.name}: unset security contexts are the operator's`, cr);
    fail(r, "K8ssandraCluster: Reaper as root", mut(F.k8ssandra, "spec.reaper.securityContext", { runAsUser: 0, allowPrivilegeEscalation: true }), ["K8ssandraCluster cassandra/cass spec.reaper.securityContext (Reaper main container) sets runAsUser 0, allowPrivilegeEscalation true"]);
    fail(r, "K8ssandraCluster: Cassandra pods allowed to run as root", mut(F.k8ssandra, "spec.cassandra.podSecurityContext", { runAsNonRoot: false }), ["K8ssandraCluster cassandra/cass spec.cassandra pod securityContext sets runAsNonRoot false"]);
    fail(r, "Kafka: unconfined seccomp in the broker pod template", mut(F.kafka, "spec.kafka.template", { pod: { securityContext: { seccompProfile: { type: "Unconfined" } } } }), ["Kafka kafka/events spec.kafka.template.pod pod securityContext sets seccompProfile Unconfined"]);
    fail(r, "KafkaNodePool: NET_ADMIN on the Kafka container", mut(F.brokers, "spec.template", { kafkaContainer: { securityContext: { capabilities: { add: ["NET_ADMIN"] } } } }), ["KafkaNodePool kafka/brokers spec.template.kafkaContainer sets capabilities.add NET_ADMIN"]);
    fail(r, "SparkApplication: a hostPath scratch volume", mut(F.sparkApp, "spec.volumes", [{ name: "scratch", hostPath: { path: "/mnt/nvme" } }]), ["SparkApplication team-a/etl spec.driver volume scratch uses hostPath", "SparkApplication team-a/etl spec.executor volume scratch uses hostPath"]);
    unknown(r, mut(F.sparkApp, "spec.driver.podSecurityContext", UNKNOWN), "spec.driver.podSecurityContext");
}
// 47 probes-defined
{
    const r = K.probesDefined;
    pass(r, "different probes", dep);
    fail(r, "identical probes", mut(dep, `${c0}.livenessProbe`, { httpGet: { path: "/ready", port: 8080 } }), ["Deployment spark/app container app readiness and liveness probes are identical"]);
    unset(r, "no liveness probe", mut(dep, `${c0}.livenessProbe`, undefined), ["Deployment spark/app container app has no livenessProbe"]);
    unknown(r, mut(dep, `${c0}.readinessProbe`, UNKNOWN), "readinessProbe");
}
// 48 ha-replicas-and-spread
{
    const r = K.haReplicasAndSpread;
    pass(r, "2 replicas spread over zones", dep);
    fail(r, "no spread", mut(dep, "spec.template.spec.topologySpreadConstraints", undefined), ["Deployment spark/app has no zone topologySpreadConstraints or hostname anti-affinity"]);
    fail(r, "data pod without priority", mut(dep, "metadata.namespace", "kafka"), ["Deployment kafka/app is a data-service pod without priorityClassName"]);
    unset(r, "replicas unset = 1", mut(dep, "spec.replicas", undefined), ["Deployment spark/app runs 1 replica(s); needs at least 2"]);
    unknown(r, mut(dep, "spec.replicas", UNKNOWN), "spec.replicas");
}
// 49 pdb-present-and-drainable
{
    const r = K.pdbPresentAndDrainable;
    pass(r, "PDB allows one eviction", [dep, F.pdb]);
    fail(r, "minAvailable = replicas", [dep, mut(mut(F.pdb, "spec.maxUnavailable", undefined), "spec.minAvailable", 2)], ["PodDisruptionBudget spark/app allows no eviction of Deployment spark/app (2 replicas)"]);
    unset(r, "no PDB", [dep], ["Deployment spark/app (2 replicas) has no PodDisruptionBudget"]);
    pass(r, "single replica needs none", [mut(dep, "spec.replicas", 1)]);
    unknown(r, [dep, mut(F.pdb, "spec.maxUnavailable", UNKNOWN)], "spec.maxUnavailable");
}
// 50 serviceaccount-hygiene
{
    const r = K.serviceaccountHygiene;
    pass(r, "own SA, no token", dep);
    pass(r, "declared API caller", mut(mut(dep, "spec.template.spec.automountServiceAccountToken", undefined), ["metadata", "annotations", "tristack.io/kube-api-access"], "true"));
    fail(r, "default SA", mut(dep, "spec.template.spec.serviceAccountName", "default"), ["Deployment spark/app uses the default ServiceAccount"]);
    unset(r, "nothing set", mut(mut(dep, "spec.template.spec.serviceAccountName", undefined), "spec.template.spec.automountServiceAccountToken", undefined), ["Deployment spark/app uses the default ServiceAccount", "Deployment spark/app mounts a ServiceAccount token (automountServiceAccountToken is not false and no tristack.io/kube-api-access annotation)"]);
    unknown(r, mut(dep, "spec.template.spec.serviceAccountName", UNKNOWN), "serviceAccountName");
}
// 51 no-external-services
{
    const r = K.noExternalServices;
    const svc = k8s("v1", "Service", "ui", "spark", { spec: { type: "ClusterIP", ports: [{ port: 80 }] } });
    const lb = mut(svc, "spec.type", "LoadBalancer");
    pass(r, "ClusterIP", svc);
    pass(r, "allow-listed internal LB", mut(lb, ["metadata", "annotations", "service.beta.kubernetes.io/azure-load-balancer-internal"], "true"), { params: { allowedExternalServices: ["spark/ui"] } });
    fail(r, "public LB", lb, ["Service spark/ui is type LoadBalancer and not allow-listed", "Service spark/ui load balancer is not annotated internal"]);
    unset(r, "type unset = ClusterIP", mut(svc, "spec.type", undefined), []);
    unknown(r, mut(svc, "spec.type", UNKNOWN), "spec.type");
    const tls = { name: "tls", port: 9093, type: "internal", tls: true, authentication: { type: "scram-sha-512" } };
    const external = (annotations: Record<string, string>) => ({ ...tls, name: "external", port: 9094, type: "loadbalancer", configuration: { bootstrap: { annotations }, perBrokerAnnotationsTemplate: annotations } });
    pass(r, "Kafka with in-cluster listeners only", F.kafka);
    pass(r, "Kafka listener on an internal load balancer", mut(F.kafka, "spec.kafka.listeners", [tls, external({ "networking.gke.io/load-balancer-type": "Internal" })]));
    fail(r, "Kafka listener on a public load balancer", mut(F.kafka, "spec.kafka.listeners", [tls, external({})]), [
        "Kafka kafka/events listener external bootstrap load balancer is not annotated internal",
        "Kafka kafka/events listener external per-broker load balancers are not annotated internal",
    ]);
    fail(r, "Kafka nodeport listener", mut(F.kafka, "spec.kafka.listeners", [{ ...tls, name: "np", type: "nodeport" }]), ["Kafka kafka/events listener np (nodeport) exposes the brokers outside the cluster"]);
    unknown(r, mut(F.kafka, "spec.kafka.listeners", [tls, external({ "networking.gke.io/load-balancer-type": UNKNOWN as unknown as string })]), "configuration.bootstrap.annotations.networking.gke.io/load-balancer-type");
    const hub = (proxy: Record<string, unknown>, extra: Record<string, unknown> = {}) => res(T.helmRelease, "hub", { chart: "jupyterhub", version: "4.4.0", values: { proxy, ...extra } });
    const https = { enabled: true, type: "secret", secret: { name: "jupyterhub-tls" } };
    pass(r, "jupyterhub proxy on ClusterIP with TLS", hub({ service: { type: "ClusterIP" }, https }));
    pass(r, "jupyterhub proxy on an internal load balancer with TLS", hub({ service: { type: "LoadBalancer", annotations: { "service.beta.kubernetes.io/aws-load-balancer-internal": "true" } }, https }));
    pass(r, "other charts' values are not judged here", res(T.helmRelease, "x", { chart: "x", values: { proxy: { service: { type: "LoadBalancer" } } } }));
    fail(r, "jupyterhub chart defaults: public load balancer, plain HTTP", hub({}), ["Helm hub (jupyterhub) proxy-public load balancer is not annotated internal", "Helm hub (jupyterhub) proxy-public serves the hub without TLS (proxy.https.enabled is not true)"]);
    fail(r, "jupyterhub proxy on a NodePort", hub({ service: { type: "NodePort" }, https }), ["Helm hub (jupyterhub) proxy-public is type NodePort"]);
    fail(r, "jupyterhub behind an Ingress", hub({ service: { type: "ClusterIP" }, https }, { ingress: { enabled: true } }), ["Helm hub (jupyterhub) exposes the hub through an Ingress"]);
    unknown(r, hub({ service: { type: UNKNOWN }, https }), "values.proxy.service.type");
}
// 52 rbac-least-privilege
{
    const r = K.rbacLeastPrivilege;
    const role = k8s("rbac.authorization.k8s.io/v1", "Role", "reader", "spark", { rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] }] });
    pass(r, "namespaced reader", role);
    fail(r, "cluster-admin binding", k8s("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "ops", undefined, { roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" }, subjects: [] }), ["ClusterRoleBinding ops binds cluster-admin"]);
    fail(r, "wildcard verbs", mut(role, "rules.0.verbs", ["*"]), ["Role spark/reader rules[0] grants verb *"]);
    fail(r, "cluster-wide secrets read", k8s("rbac.authorization.k8s.io/v1", "ClusterRole", "sec", undefined, { rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["list"] }] }), ["ClusterRole sec rules[0] reads secrets cluster-wide"]);
    unset(r, "role without rules", mut(role, "rules", undefined), []);
    unknown(r, mut(role, "rules.0.verbs", UNKNOWN), "verbs");
}
// 53 no-plaintext-secrets
{
    const r = K.noPlaintextSecrets;
    pass(r, "env from a secret", mut(dep, `${c0}.env`, [{ name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } }]));
    fail(r, "literal password", mut(dep, `${c0}.env`, [{ name: "DB_PASSWORD", value: "hunter2" }]), ["Deployment spark/app container app env DB_PASSWORD is a plaintext secret"]);
    fail(r, "Helm values password", res(T.helmRelease, "r", { chart: "x", values: { auth: { password: "p", existingSecret: "" } } }), ["Helm r values.auth.password is a plaintext secret"]);
    pass(r, "Helm secret references", res(T.helmRelease, "r", { chart: "x", values: { auth: { existingSecret: "db", passwordSecretName: "db" } } }));
    unset(r, "no env", mut(dep, `${c0}.env`, undefined), []);
    unknown(r, res(T.helmRelease, "r", { chart: "x", values: UNKNOWN }), "values");
}
// 54 stable-apis-only
{
    const r = K.stableApisOnly;
    pass(r, "GA and current CR versions", [dep, F.kafka, F.k8ssandra, F.sparkApp]);
    fail(r, "beta built-in API", k8s("autoscaling/v2beta2", "HorizontalPodAutoscaler", "h", "spark", {}), ["autoscaling/v2beta2 HorizontalPodAutoscaler is not a stable API"]);
    fail(r, "deprecated Strimzi version", k8s("kafka.strimzi.io/v1beta1", "Kafka", "old", "kafka", {}), ["kafka.strimzi.io/v1beta1 Kafka is a deprecated custom-resource version"]);
    cases.push({ rule: r, scope: "azure", kind: "fail", title: "azure-native preview API version", resources: [res("azure-native:containerservice/v20240702preview:ManagedCluster", "aks", {})], expect: ["azure-native:containerservice/v20240702preview:ManagedCluster is a preview API version"] });
    cases.push({ rule: r, scope: "azure", kind: "pass", title: "azure-native default API version", resources: [F.aks], expect: [] });
    unset(r, "deprecatedVersions param replaces the default list", k8s("kafka.strimzi.io/v1beta2", "Kafka", "k", "kafka", {}), ["kafka.strimzi.io/v1beta2 Kafka is a deprecated custom-resource version"], { params: { deprecatedVersions: ["kafka.strimzi.io/v1beta2"] } });
}
// 55 helm-release-pinned
{
    const r = K.helmReleasePinned;
    const params = { allowedRepositories: ["https://strimzi.io/charts/"] };
    const rel = res(T.helmRelease, "strimzi", { chart: "strimzi-kafka-operator", version: "0.48.0", repositoryOpts: { repo: "https://strimzi.io/charts/" }, namespace: "kafka" });
    pass(r, "exact version, allowed repo", rel, { params });
    fail(r, "range", mut(rel, "version", "^0.48.0"), ["Helm strimzi version ^0.48.0 is not an exact version"], { params });
    fail(r, "repo not allowed", mut(rel, "repositoryOpts.repo", "https://example.com/charts"), ["Helm strimzi repository https://example.com/charts is not allow-listed"], { params });
    unset(r, "version unset = latest", mut(rel, "version", undefined), ["Helm strimzi version (unset) is not an exact version"], { params });
    unknown(r, mut(rel, "version", UNKNOWN), "version", { params });
}
// 57 gpu-workload-placement
{
    const r = K.gpuWorkloadPlacement;
    const gpu = mut(mut(mut(dep, `${c0}.resources.limits`, { memory: "1Gi", "nvidia.com/gpu": 1 }), "spec.template.spec.tolerations", [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]), "spec.template.spec.nodeSelector", { "tristack.io/role": "gpu" });
    pass(r, "GPU pod placed on GPU pool", gpu);
    pass(r, "CPU pod", dep);
    fail(r, "GPU pod without toleration", mut(gpu, "spec.template.spec.tolerations", undefined), ["Deployment spark/app requests nvidia.com/gpu but does not tolerate the GPU taint"]);
    fail(r, "CPU pod on GPU pool", mut(dep, "spec.template.spec.nodeSelector", { "tristack.io/role": "gpu" }), ["Deployment spark/app selects the GPU pool without requesting a GPU"]);
    unset(r, "GPU pod with nothing set", mut(mut(gpu, "spec.template.spec.tolerations", undefined), "spec.template.spec.nodeSelector", undefined), ["Deployment spark/app requests nvidia.com/gpu but does not tolerate the GPU taint", "Deployment spark/app requests nvidia.com/gpu but does not select tristack.io/role=gpu"]);
    unknown(r, mut(dep, "spec.template.spec.tolerations", UNKNOWN), "tolerations");
}
// 58 kafka-replication-durability
{
    const r = D.kafkaReplicationDurability;
    pass(r, "RF 3, ISR 2", [F.kafka, F.kafkaTopic]);
    fail(r, "ISR equals RF", mut(F.kafka, ["spec", "kafka", "config", "min.insync.replicas"], 3), ["Kafka kafka/events min.insync.replicas is 3, not below the replication factor 3; it must be lower, or one broker down stops every producer"]);
    fail(r, "transaction ISR equals its RF", mut(F.kafka, ["spec", "kafka", "config", "transaction.state.log.min.isr"], 3), ["Kafka kafka/events transaction.state.log.min.isr is 3, not below transaction.state.log.replication.factor 3; it must be lower, or one broker down stops every transaction"]);
    fail(r, "transaction ISR 1", mut(F.kafka, ["spec", "kafka", "config", "transaction.state.log.min.isr"], 1), ["Kafka kafka/events transaction.state.log.min.isr is 1; it must be at least 2"]);
    fail(r, "topic with 1 replica", mut(F.kafkaTopic, "spec.replicas", 1), ["KafkaTopic kafka/orders spec.replicas is 1; needs 3"]);
    fail(r, "unclean election (escalated)", mut(F.kafka, ["spec", "kafka", "config", "unclean.leader.election.enable"], true), ["Kafka kafka/events enables unclean.leader.election.enable"], { env: "dev" });
    unset(r, "config unset = Kafka defaults", mut(F.kafka, "spec.kafka.config", undefined), ["Kafka kafka/events default.replication.factor is 1 (Kafka default); needs 3", "Kafka kafka/events min.insync.replicas is 1 (Kafka default); it must be at least 2, so an acknowledged write is on two brokers"]);
    unknown(r, mut(F.kafka, "spec.kafka.config", UNKNOWN), "spec.kafka.config");
}
// 59 kafka-quorum-and-storage
{
    const r = D.kafkaQuorumAndStorage;
    pass(r, "3 brokers, 3 controllers, persistent", F.kafkaStack);
    fail(r, "2 controllers", [F.kafka, F.brokers, mut(F.controllers, "spec.replicas", 2)], ["Kafka kafka/events has 2 KRaft controller(s); needs an odd number of at least 3"]);
    fail(r, "ephemeral storage", [F.kafka, mut(F.brokers, "spec.storage", { type: "ephemeral" }), F.controllers], ["KafkaNodePool kafka/brokers storage is ephemeral, not persistent-claim/jbod"]);
    fail(r, "deleteClaim in prod", [F.kafka, mut(F.brokers, "spec.storage.volumes.0.deleteClaim", true), F.controllers], ["KafkaNodePool kafka/brokers sets deleteClaim true in prod"]);
    unset(r, "no node pools", [F.kafka], ["Kafka kafka/events has 0 broker(s) and no KafkaNodePools; needs 3 brokers", "Kafka kafka/events storage is not persistent-claim/jbod"]);
    unknown(r, [F.kafka, mut(F.brokers, "spec.replicas", UNKNOWN), F.controllers], "spec.replicas");
}
// 60 kafka-rack-awareness
{
    const r = D.kafkaRackAwareness;
    pass(r, "zone rack", F.kafka);
    fail(r, "hostname rack", mut(F.kafka, "spec.kafka.rack.topologyKey", "kubernetes.io/hostname"), ["Kafka kafka/events spec.kafka.rack.topologyKey is kubernetes.io/hostname, not topology.kubernetes.io/zone"]);
    unset(r, "no rack", mut(F.kafka, "spec.kafka.rack", undefined), ["Kafka kafka/events spec.kafka.rack.topologyKey is unset, not topology.kubernetes.io/zone"]);
    unknown(r, mut(F.kafka, "spec.kafka.rack.topologyKey", UNKNOWN), "spec.kafka.rack.topologyKey");
}
// 61 kafka-listener-security
{
    const r = D.kafkaListenerSecurity;
    const plain = mut(F.kafka, "spec.kafka.listeners", [{ name: "plain", port: 9092, type: "internal", tls: false }]);
    pass(r, "TLS + auth + authz", [F.kafka, F.kafkaUser]);
    pass(r, "plain internal listener in dev", plain, { env: "dev" });
    fail(r, "plain internal listener in prod", plain, ["Kafka kafka/events listener plain has tls false", "Kafka kafka/events listener plain has no authentication.type"]);
    fail(r, "wildcard ACL", mut(F.kafkaUser, "spec.authorization.acls.0.resource.name", "*"), ["KafkaUser kafka/app acls[0] applies to every topic (*)"]);
    unset(r, "no authorization", mut(F.kafka, "spec.kafka.authorization", undefined), ["Kafka kafka/events spec.kafka.authorization is not set"]);
    unknown(r, mut(F.kafka, "spec.kafka.listeners", UNKNOWN), "spec.kafka.listeners");
}
// 62 cassandra-topology-rf3
{
    const r = D.cassandraTopologyRf3;
    pass(r, "3 nodes over 3 zone racks", F.k8ssandra);
    fail(r, "size not a multiple of racks", mut(F.k8ssandra, "spec.cassandra.datacenters.0.size", 4), ["K8ssandraCluster cassandra/cass datacenter dc1 size 4 is not a multiple of its 3 racks"]);
    fail(r, "soft anti-affinity in prod", mut(F.k8ssandra, "spec.cassandra.softPodAntiAffinity", true), ["K8ssandraCluster cassandra/cass datacenter dc1 allows several Cassandra pods per worker (softPodAntiAffinity)"]);
    unset(r, "racks unset = one default rack", mut(F.k8ssandra, "spec.cassandra.datacenters.0.racks", undefined), ["K8ssandraCluster cassandra/cass datacenter dc1 has 0 rack(s); needs 3"]);
    unknown(r, mut(F.k8ssandra, "spec.cassandra.datacenters.0.size", UNKNOWN), "size");
}
// 63 cassandra-auth-and-encryption
{
    const r = D.cassandraAuthAndEncryption;
    pass(r, "auth + stores", F.k8ssandra);
    fail(r, "auth off (escalated)", mut(F.k8ssandra, "spec.auth", false), ["K8ssandraCluster cassandra/cass spec.auth is false"], { env: "dev" });
    unset(r, "stores unset in prod; auth unset = on", mut(mut(mut(F.k8ssandra, "spec.auth", undefined), "spec.cassandra.serverEncryptionStores", undefined), "spec.cassandra.clientEncryptionStores", undefined), ["K8ssandraCluster cassandra/cass spec.cassandra.serverEncryptionStores is not set", "K8ssandraCluster cassandra/cass spec.cassandra.clientEncryptionStores is not set"]);
    unknown(r, mut(F.k8ssandra, "spec.auth", UNKNOWN), "spec.auth");
}
// 64 cassandra-backups-and-repairs
{
    const r = D.cassandraBackupsAndRepairs;
    pass(r, "Medusa to S3, schedule, Reaper", [F.k8ssandra, F.medusaSchedule]);
    fail(r, "no schedule", [F.k8ssandra], ["K8ssandraCluster cassandra/cass datacenter dc1 has no MedusaBackupSchedule"]);
    fail(r, "only a purge schedule", [F.k8ssandra, mut(F.medusaSchedule, "spec.operationType", "purge")], ["K8ssandraCluster cassandra/cass datacenter dc1 has no MedusaBackupSchedule"]);
    fail(r, "local Medusa storage", [mut(F.k8ssandra, "spec.medusa.storageProperties.storageProvider", "local"), F.medusaSchedule], ["K8ssandraCluster cassandra/cass spec.medusa.storageProperties.storageProvider is local, not a cloud object store"]);
    unset(r, "Reaper unset", [mut(F.k8ssandra, "spec.reaper", undefined), F.medusaSchedule], ["K8ssandraCluster cassandra/cass spec.reaper is not set"]);
    unknown(r, [mut(F.k8ssandra, "spec.medusa.storageProperties.storageProvider", UNKNOWN), F.medusaSchedule], "spec.medusa.storageProperties.storageProvider");
}
// The platform's Spark defaults as the program deploys them (components/data/spark/runtime.ts): a
// spark-defaults ConfigMap with spark-defaults.conf and the SparkApplication jobs start from.
const sparkAppNoLimit = mut(mut(F.sparkApp, "spec.driver.coreLimit", undefined), "spec.executor.coreLimit", undefined);
const DEFAULTS_CONF: Record<string, string> = {
    "spark.driver.cores": "1",
    "spark.driver.memory": "2048m",
    "spark.executor.cores": "5",
    "spark.executor.memory": "17480m",
    "spark.dynamicAllocation.enabled": "true",
    "spark.dynamicAllocation.shuffleTracking.enabled": "true",
    "spark.dynamicAllocation.maxExecutors": "100",
    "spark.eventLog.enabled": "true",
    "spark.eventLog.dir": "s3a://tristack-data/spark-events/",
};
const defaultsApp = (edit: (app: PolicyResource) => PolicyResource = (a) => a): unknown => {
    const app = edit(mut(mut(mut(sparkAppNoLimit, "metadata.namespace", "spark"), "metadata.name", "spark-pi"), "spec.dynamicAllocation.maxExecutors", 100));
    return app.inputs;
};
/** `app: null` leaves the SparkApplication out. */
const sparkDefaults = (conf: Record<string, string | undefined> = {}, app: unknown = defaultsApp()): PolicyResource => {
    const merged = Object.entries({ ...DEFAULTS_CONF, ...conf }).filter((e): e is [string, string] => e[1] !== undefined);
    return k8s("v1", "ConfigMap", "spark-defaults", "spark", {
        data: { "spark-defaults.conf": `${merged.map(([k, v]) => `${k} ${v}`).join("\n")}\n`, "metrics.properties": "", ...(app === null ? {} : { "sparkapplication.json": JSON.stringify(app) }) },
    });
};
const CM = "ConfigMap spark/spark-defaults";
const CM_APP = `${CM} sparkapplication.json: SparkApplication spark/spark-pi`;
// 65 spark-app-resources-bounded
{
    const r = D.sparkAppResourcesBounded;
    const params = { maxExecutors: 100 };
    pass(r, "bounded, no CPU limit", sparkAppNoLimit, { params });
    fail(r, "over the cap", mut(sparkAppNoLimit, "spec.dynamicAllocation.maxExecutors", 500), ["SparkApplication team-a/etl dynamicAllocation.maxExecutors 500 exceeds the cap 100"], { params });
    fail(r, "shuffle tracking off", mut(sparkAppNoLimit, "spec.dynamicAllocation.shuffleTrackingEnabled", false), ["SparkApplication team-a/etl dynamicAllocation.shuffleTrackingEnabled is false (no external shuffle service on Kubernetes)"]);
    fail(r, "coreLimit on driver and executors (CFS-throttled at the limit)", F.sparkApp, [
        "SparkApplication team-a/etl driver.coreLimit is 1200m: a CPU limit throttles Spark at it (the platform sets no CPU limits)",
        "SparkApplication team-a/etl executor.coreLimit is 4: a CPU limit throttles Spark at it (the platform sets no CPU limits)",
    ]);
    fail(r, "limit.cores in sparkConf", mut(sparkAppNoLimit, ["spec", "sparkConf", "spark.kubernetes.executor.limit.cores"], "4"), ["SparkApplication team-a/etl sets spark.kubernetes.executor.limit.cores 4: a CPU limit throttles Spark at it (the platform sets no CPU limits)"]);
    unset(r, "driver memory and max executors unset", mut(mut(sparkAppNoLimit, "spec.driver.memory", undefined), "spec.dynamicAllocation.maxExecutors", undefined), ["SparkApplication team-a/etl driver is missing memory", "SparkApplication team-a/etl dynamicAllocation.maxExecutors is not set"]);
    unknown(r, mut(sparkAppNoLimit, "spec.executor.instances", UNKNOWN), "executor.instances");
    // What the program deploys (issue 24): the spark-defaults ConfigMaps were judged by nothing.
    pass(r, "platform defaults within the cap", sparkDefaults(), { params });
    pass(r, "a ConfigMap that is not Spark defaults is not judged", k8s("v1", "ConfigMap", "other", "spark", { data: { "a.conf": "x" } }), { params });
    pass(r, "the history server's own spark-defaults.conf is not a job's defaults", k8s("v1", "ConfigMap", "spark-history-server", "spark", { data: { "spark-defaults.conf": "spark.history.fs.logDirectory s3a://tristack-data/spark-events/\n" } }), { params });
    fail(
        r,
        "prod stacks' maxExecutors 200 in the defaults against the prod cap 100",
        sparkDefaults({ "spark.dynamicAllocation.maxExecutors": "200" }, defaultsApp((a) => mut(a, "spec.dynamicAllocation.maxExecutors", 200))),
        [`${CM} spark-defaults.conf spark.dynamicAllocation.maxExecutors 200 exceeds the cap 100`, `${CM_APP} dynamicAllocation.maxExecutors 200 exceeds the cap 100`],
        { params },
    );
    fail(r, "a CPU limit in the defaults", sparkDefaults({ "spark.kubernetes.executor.limit.cores": "5" }), [`${CM} spark-defaults.conf sets spark.kubernetes.executor.limit.cores 5: a CPU limit throttles Spark at it (the platform sets no CPU limits)`], { params });
    fail(r, "coreLimit = request in the generated application", sparkDefaults({}, defaultsApp((a) => mut(a, "spec.executor.coreLimit", "4890m"))), [`${CM_APP} executor.coreLimit is 4890m: a CPU limit throttles Spark at it (the platform sets no CPU limits)`], { params });
    fail(r, "defaults without the SparkApplication", sparkDefaults({}, null), [`${CM} carries no sparkapplication.json (the SparkApplication jobs start from)`], { params });
    unset(r, "shuffle tracking and max executors unset in the defaults", sparkDefaults({ "spark.dynamicAllocation.shuffleTracking.enabled": undefined, "spark.dynamicAllocation.maxExecutors": undefined }), [
        `${CM} spark-defaults.conf spark.dynamicAllocation.maxExecutors is not set`,
        `${CM} spark-defaults.conf spark.dynamicAllocation.shuffleTracking.enabled is not true (no external shuffle service on Kubernetes)`,
    ], { params });
    unknown(r, mut(sparkDefaults(), ["data", "spark-defaults.conf"], UNKNOWN), "data.spark-defaults.conf", { params });
}
// 66 spark-event-log-to-object-store
{
    const r = D.sparkEventLogToObjectStore;
    pass(r, "s3a event log", F.sparkApp, { params: { eventLogDir: "s3a://tristack-data/" } });
    fail(r, "local event log", mut(F.sparkApp, ["spec", "sparkConf", "spark.eventLog.dir"], "file:///tmp/spark-events"), ["SparkApplication team-a/etl sparkConf spark.eventLog.dir is file:///tmp/spark-events, not an object-store URI"]);
    fail(r, "another bucket", F.sparkApp, ["SparkApplication team-a/etl sparkConf spark.eventLog.dir s3a://tristack-data/spark-events is not under s3a://other/"], { params: { eventLogDir: "s3a://other/" } });
    unset(r, "sparkConf unset", mut(F.sparkApp, "spec.sparkConf", undefined), ["SparkApplication team-a/etl sparkConf spark.eventLog.enabled is not true", "SparkApplication team-a/etl sparkConf spark.eventLog.dir is unset, not an object-store URI"]);
    unknown(r, mut(F.sparkApp, "spec.sparkConf", UNKNOWN), "sparkConf");
    pass(r, "platform defaults to the bucket", sparkDefaults(), { params: { eventLogDir: "s3a://tristack-data/" } });
    fail(r, "defaults logging to local disk", sparkDefaults({ "spark.eventLog.dir": "file:///tmp/spark-events" }, defaultsApp((a) => mut(a, ["spec", "sparkConf", "spark.eventLog.dir"], "file:///tmp/spark-events"))), [
        `${CM} spark-defaults.conf spark.eventLog.dir is file:///tmp/spark-events, not an object-store URI`,
        `${CM_APP} sparkConf spark.eventLog.dir is file:///tmp/spark-events, not an object-store URI`,
    ]);
    fail(r, "defaults with event logs off", sparkDefaults({ "spark.eventLog.enabled": "false" }), [`${CM} spark-defaults.conf spark.eventLog.enabled is not true`]);
}
// 67 spark-driver-placement
{
    const r = D.sparkDriverPlacement;
    const gpuExec = mut(mut(mut(F.sparkApp, "spec.executor.gpu", { name: "nvidia.com/gpu", quantity: 1 }), "spec.executor.nodeSelector", { "tristack.io/role": "gpu" }), "spec.executor.tolerations", [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
    pass(r, "CPU app", F.sparkApp);
    pass(r, "GPU executors on the GPU pool", gpuExec);
    fail(r, "driver tolerates GPU", mut(F.sparkApp, "spec.driver.tolerations", [{ key: "nvidia.com/gpu", operator: "Exists" }]), ["SparkApplication team-a/etl driver targets GPU nodes without requesting a GPU"]);
    fail(r, "GPU executors without placement", mut(gpuExec, "spec.executor.tolerations", []), ["SparkApplication team-a/etl GPU executors request nvidia.com/gpu but do not tolerate the GPU taint"]);
    fail(r, "GPU executors without the GPU selector", mut(gpuExec, "spec.executor.nodeSelector", undefined), ["SparkApplication team-a/etl GPU executors request nvidia.com/gpu but do not select tristack.io/role=gpu"]);
    unset(r, "CPU executors without a selector", mut(F.sparkApp, "spec.executor.nodeSelector", undefined), ["SparkApplication team-a/etl CPU executors select neither tristack.io/role=large-core nor general"]);
    unknown(r, mut(F.sparkApp, "spec.driver.tolerations", UNKNOWN), "tolerations");
    pass(r, "platform defaults' application", sparkDefaults());
    fail(r, "defaults' driver on the GPU pool", sparkDefaults({}, defaultsApp((a) => mut(a, "spec.driver.nodeSelector", { "tristack.io/role": "gpu" }))), [`${CM_APP} driver targets GPU nodes without requesting a GPU`]);
}
export { cases as partThree };
