/**
 * A.5 Kubernetes platform, tenancy and workloads (rules 39-45, 47-55, 57).
 */
import { arr, bool, entries, get, num, obj, str, strs } from "../lib/access";
import { resourceRule, stackRule } from "../lib/define";
import { containers, either, isController, isHelm, isKafka, isWorkload, kube, kubeLabel, kubeType, metaName, metaNamespace, podSpec } from "../lib/match";
import type { PolicyResource, RuleParams, StackViolation } from "../lib/types";
import { crPodTemplates, isPodCarrier, type PodTemplate } from "../lib/podTemplates";
import { tenantSubjectViolations } from "./tenantSubjects";

const isNamespace = kube("core", "Namespace");
const GUARDED_NS = (n: string): boolean => n.startsWith("team-") || ["spark", "kafka", "cassandra"].includes(n);

function inNamespace(r: PolicyResource, ns: string): boolean {
    return metaNamespace(r) === ns;
}

function quantity(v: unknown): number | undefined {
    if (typeof v === "number") return v;
    if (typeof v !== "string") return undefined;
    const m = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(v);
    if (!m) return undefined;
    const mult: Record<string, number> = { m: 1e-3, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };
    return Number(m[1]) * (m[2] ? mult[m[2]]! : 1);
}

function isDefaultDeny(np: PolicyResource): boolean {
    const selector = obj(np.inputs, "spec.podSelector") ?? {};
    const emptySelector = Object.keys(selector).every((k) => Object.keys((selector[k] as object | undefined) ?? {}).length === 0);
    const types = strs(np.inputs, "spec.policyTypes");
    return emptySelector && types.includes("Ingress") && types.includes("Egress") && arr(np.inputs, "spec.ingress").length === 0 && arr(np.inputs, "spec.egress").length === 0;
}

function allowsDns(np: PolicyResource): boolean {
    return arr(np.inputs, "spec.egress").some((e) => arr(e, "ports").some((p) => num(p, "port") === 53 || get(p, "port") === "dns"));
}

const QUOTA_KEYS: [string, string[]][] = [
    ["cpu", ["requests.cpu", "cpu"]],
    ["memory", ["requests.memory", "memory"]],
    ["requests.nvidia.com/gpu", ["requests.nvidia.com/gpu"]],
    ["persistentvolumeclaims", ["persistentvolumeclaims"]],
    ["requests.storage", ["requests.storage"]],
];

/** 39 */
export const tenantNamespaceGuardrails = stackRule(
    {
        id: "tenant-namespace-guardrails",
        number: 39,
        description:
            "Every tenant and data namespace has a ResourceQuota (cpu, memory, GPU, PVC count, storage), a LimitRange, a default-deny NetworkPolicy and a DNS egress allow; every group a tenant RoleBinding names is one the cluster's sign-in presents (EKS access-entry group, GKE Google Group email with Google Groups for RBAC on, AKS Entra object id).",
        severity: "high",
        anchors: ["Kyverno best-practices/add-ns-quota", "Kyverno best-practices/add-network-policy", "Kyverno best-practices/add-networkpolicy-dns", "Kyverno other/require-netpol", "kube-score pod-networkpolicy", "CKV2_K8S_6"],
        scopes: ["kubernetes"],
        dev: "M",
        prod: "M",
    },
    ({ stack }) => {
        const out: StackViolation[] = [];
        const quotas = stack.ofType(kube("core", "ResourceQuota"));
        const limits = stack.ofType(kube("core", "LimitRange"));
        const netpols = stack.ofType(kube("networking.k8s.io", "NetworkPolicy"));
        for (const ns of stack.ofType(isNamespace)) {
            const name = metaName(ns);
            if (!GUARDED_NS(name)) continue;
            const q = quotas.filter((x) => inNamespace(x, name));
            if (q.length === 0) out.push({ resource: ns, message: `namespace ${name} has no ResourceQuota` });
            else {
                const hard = new Set(q.flatMap((x) => entries(x.inputs, "spec.hard").map(([k]) => k)));
                const missing = QUOTA_KEYS.filter(([, keys]) => !keys.some((k) => hard.has(k))).map(([label]) => label);
                if (missing.length) out.push({ resource: ns, message: `namespace ${name} ResourceQuota does not limit ${missing.join(", ")}` });
            }
            if (!limits.some((x) => inNamespace(x, name))) out.push({ resource: ns, message: `namespace ${name} has no LimitRange` });
            const nps = netpols.filter((x) => inNamespace(x, name));
            if (!nps.some(isDefaultDeny)) out.push({ resource: ns, message: `namespace ${name} has no default-deny NetworkPolicy (ingress and egress)` });
            if (!nps.some(allowsDns)) out.push({ resource: ns, message: `namespace ${name} has no NetworkPolicy allowing DNS egress` });
        }
        out.push(...tenantSubjectViolations(stack));
        return out;
    },
);

const PSA = "pod-security.kubernetes.io/";

/** 40 */
export const namespacePodSecurityLabels = resourceRule(
    {
        id: "namespace-pod-security-labels",
        number: 40,
        description: "Namespaces carry Pod Security Admission labels: restricted for tenants, at least baseline for platform namespaces, plus audit and warn.",
        severity: "high",
        anchors: ["Pod Security Standards", "Pod Security Admission", "Kyverno psa/add-psa-labels", "Kyverno psa/deny-privileged-profile"],
        scopes: ["kubernetes"],
        dev: "A",
        prod: "M",
    },
    {
        appliesTo: isNamespace,
        check(r) {
            const name = metaName(r);
            const labels = Object.fromEntries(entries(r.inputs, "metadata.labels"));
            const out: string[] = [];
            const enforce = labels[`${PSA}enforce`];
            if (name.startsWith("team-")) {
                if (enforce !== "restricted") out.push(`namespace ${name} ${PSA}enforce is ${String(enforce ?? "unset")}, tenants need restricted`);
            } else if (enforce !== "restricted" && enforce !== "baseline") out.push(`namespace ${name} ${PSA}enforce is ${String(enforce ?? "unset")}, needs baseline or restricted`);
            for (const mode of ["audit", "warn"]) if (!labels[`${PSA}${mode}`]) out.push(`namespace ${name} has no ${PSA}${mode} label`);
            return out;
        },
    },
);

// trust-manager's Bundle (trust.cert-manager.io/v1alpha1) is cluster-scoped: its CRD says `scope: Cluster` (schemas/crds/trust-manager).
const CLUSTER_SCOPED = new Set(["Namespace", "ClusterRole", "ClusterRoleBinding", "StorageClass", "CustomResourceDefinition", "PriorityClass", "PersistentVolume", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "APIService", "CSIDriver", "RuntimeClass", "IngressClass", "VolumeSnapshotClass", "Node", "ClusterIssuer", "Bundle"]);

/** 41 */
export const noDefaultNamespace = resourceRule(
    {
        id: "no-default-namespace",
        number: 41,
        description: "Nothing we deploy lands in the default namespace (unset namespace counts as default).",
        severity: "medium",
        anchors: ["CKV_K8S_21", "Kyverno best-practices/disallow-default-namespace"],
        scopes: ["kubernetes"],
        dev: "M",
        prod: "M",
    },
    {
        // Server-side-apply patches (`StorageClassPatch`) are scoped like the kind they patch.
        appliesTo: (t) => (t.startsWith("kubernetes:") && !t.startsWith("kubernetes:yaml") && !CLUSTER_SCOPED.has((kubeType(t)?.kind ?? "Namespace").replace(/Patch$/, ""))) || isHelm(t),
        check(r) {
            if (isHelm(r.type)) {
                const ns = str(r.inputs, "namespace");
                return !ns || ns === "default" ? [`Helm ${r.name} installs into ${ns ?? "unset (default)"} namespace`] : [];
            }
            const ns = metaNamespace(r);
            return !ns || ns === "default" ? [`${kubeLabel(r)} is in the ${ns ? "default" : "unset (default)"} namespace`] : [];
        },
    },
);

/** Pod templates reachable in data-service CRs: [path, containers-like resources object]. */
function crResources(r: PolicyResource): [string, unknown][] {
    const t = kubeType(r.type);
    if (!t) return [];
    // With KRaft node pools (the only mode of Strimzi's v1 API) broker resources live on the KafkaNodePools.
    if (t.group === "kafka.strimzi.io" && t.kind === "Kafka") return ([["spec.kafka.resources", get(r.inputs, "spec.kafka.resources")]] as [string, unknown][]).filter(([, v]) => v !== undefined);
    if (t.group === "kafka.strimzi.io" && t.kind === "KafkaNodePool") return [["spec.resources", get(r.inputs, "spec.resources")]];
    if (t.group === "k8ssandra.io" && t.kind === "K8ssandraCluster") {
        const top = get(r.inputs, "spec.cassandra.resources");
        const dcs = arr(r.inputs, "spec.cassandra.datacenters").map((dc, i) => [`spec.cassandra.datacenters[${i}].resources`, get(dc, "resources") ?? top] as [string, unknown]);
        return dcs.length ? dcs : [["spec.cassandra.resources", top]];
    }
    return [];
}

/** 42 */
export const workloadResourcesSet = resourceRule(
    {
        id: "workload-resources-set",
        number: 42,
        description: "Every container has cpu and memory requests and a memory limit; Kafka and Cassandra pods are Guaranteed; emptyDir users set ephemeral-storage.",
        severity: "high",
        anchors: ["CKV_K8S_10", "CKV_K8S_11", "CKV_K8S_12", "CKV_K8S_13", "Kyverno best-practices/require-pod-requests-limits", "Kyverno other/require-qos-guaranteed", "Kyverno other/require-emptydir-requests-limits", "kube-score container-resources", "Polaris cpuRequestsMissing", "gatekeeper-library containerresources", "kube-linter unset-cpu-requirements"],
        scopes: ["kubernetes"],
        dev: "M",
        prod: "M",
    },
    {
        appliesTo: (t) => isWorkload(t) || kube("kafka.strimzi.io", "Kafka", "KafkaNodePool")(t) || kube("k8ssandra.io", "K8ssandraCluster")(t),
        check(r) {
            const out: string[] = [];
            if (isWorkload(r.type)) {
                const spec = podSpec(r);
                const emptyDirs = new Set(arr(spec, "volumes").filter((v) => get(v, "emptyDir") !== undefined).map((v) => str(v, "name")));
                for (const c of containers(spec)) {
                    const missing: string[] = [];
                    if (get(c.c, "resources.requests.cpu") === undefined) missing.push("requests.cpu");
                    if (get(c.c, "resources.requests.memory") === undefined) missing.push("requests.memory");
                    if (get(c.c, "resources.limits.memory") === undefined) missing.push("limits.memory");
                    const usesEmptyDir = arr(c.c, "volumeMounts").some((m) => emptyDirs.has(str(m, "name")));
                    if (usesEmptyDir && entries(c.c, "resources.requests").every(([k]) => k !== "ephemeral-storage") && entries(c.c, "resources.limits").every(([k]) => k !== "ephemeral-storage")) missing.push("ephemeral-storage (mounts an emptyDir)");
                    if (missing.length) out.push(`${kubeLabel(r)} container ${c.name} is missing ${missing.join(", ")}`);
                }
                return out;
            }
            for (const [where, res] of crResources(r)) {
                const req = { cpu: get(res, "requests.cpu"), memory: get(res, "requests.memory") };
                const lim = { cpu: get(res, "limits.cpu"), memory: get(res, "limits.memory") };
                if (req.cpu === undefined || req.memory === undefined || lim.cpu === undefined || lim.memory === undefined) out.push(`${kubeLabel(r)} ${where} must set cpu and memory requests and limits (Guaranteed QoS)`);
                else if (quantity(req.cpu) !== quantity(lim.cpu) || quantity(req.memory) !== quantity(lim.memory)) out.push(`${kubeLabel(r)} ${where} requests differ from limits (not Guaranteed QoS)`);
            }
            return out;
        },
    },
);

/**
 * The registry of an image reference (`docker.io` when none is named).
 * @param image image reference
 */
export function registryOf(image: string): string {
    const first = image.split("/")[0] ?? "";
    return image.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost") ? first : "docker.io";
}

function imageProblems(image: string, params: RuleParams): string[] {
    const out: string[] = [];
    const [ref = ""] = image.split("@");
    const lastSegment = ref.split("/").pop() ?? "";
    const tag = lastSegment.includes(":") ? lastSegment.split(":").pop() : undefined;
    const digest = image.includes("@sha256:");
    if (!digest && (tag === undefined || tag === "latest")) out.push(`image ${image} is ${tag ? "tagged latest" : "untagged"}`);
    else if (params["requireDigest"] === true && !digest) out.push(`image ${image} is not pinned by digest`);
    const allowed = Array.isArray(params["allowedRegistries"]) ? (params["allowedRegistries"] as unknown[]).filter((x): x is string => typeof x === "string") : [];
    if (allowed.length && !allowed.includes(registryOf(image))) out.push(`image ${image} comes from ${registryOf(image)}, not an allowed registry`);
    return out;
}

/** Image strings of CRs we know. */
function crImages(r: PolicyResource): [string, string][] {
    const paths = ["spec.kafka.image", "spec.image", "spec.driver.image", "spec.executor.image", "spec.cassandra.serverImage", "spec.template.spec.image", "spec.template.spec.driver.image", "spec.template.spec.executor.image"];
    return paths.map((p) => [p, str(r.inputs, p)] as [string, string | undefined]).filter((x): x is [string, string] => x[1] !== undefined);
}

function helmLatestTags(values: unknown, path: string, out: string[]): void {
    if (Array.isArray(values)) values.forEach((v, i) => helmLatestTags(v, `${path}[${i}]`, out));
    else if (values !== null && typeof values === "object") {
        for (const [k, v] of entries(values, "")) {
            if (k === "tag" && v === "latest") out.push(`${path}.tag`);
            else if (k === "image" && typeof v === "string" && (v.endsWith(":latest") || !(v.split("/").pop() ?? "").includes(":"))) out.push(`${path}.image (${v})`);
            else helmLatestTags(v, `${path}.${k}`, out);
        }
    }
}

/** 43 */
export const imagePinnedAndApproved = resourceRule(
    {
        id: "image-pinned-and-approved",
        number: 43,
        description: "Images are pinned (no latest/untagged; digests in prod) and come from allow-listed registries.",
        severity: "high",
        anchors: ["CKV_K8S_14", "CKV_K8S_43", "Kyverno best-practices/disallow-latest-tag", "Kyverno best-practices/restrict-image-registries", "gatekeeper-library disallowedtags", "gatekeeper-library allowedrepos", "kube-score container-image-tag", "Polaris tagNotSpecified", "kube-linter latest-tag"],
        scopes: ["kubernetes"],
        dev: "M",
        prod: "M",
    },
    {
        appliesTo: (t) => isWorkload(t) || isHelm(t) || kube("kafka.strimzi.io", "Kafka")(t) || kube("k8ssandra.io", "K8ssandraCluster")(t) || kube("sparkoperator.k8s.io", "SparkApplication", "ScheduledSparkApplication")(t),
        check(r, ctx) {
            if (isHelm(r.type)) {
                const hits: string[] = [];
                helmLatestTags(get(r.inputs, "values"), "values", hits);
                return hits.map((h) => `Helm ${r.name} ${h} is not pinned`);
            }
            const images: [string, string][] = isWorkload(r.type) ? containers(podSpec(r)).map((c) => [`container ${c.name}`, str(c.c, "image") ?? ""]) : crImages(r);
            return images.flatMap(([where, image]) => (image === "" ? [`${kubeLabel(r)} ${where} has no image`] : imageProblems(image, ctx.params).map((p) => `${kubeLabel(r)} ${where}: ${p}`)));
        },
    },
);

const BASELINE_CAPS = new Set(["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"]);
const SAFE_SYSCTLS = new Set(["kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"]);

/**
 * The pods a resource makes: a workload's own pod spec, or the pod templates embedded in a data-service CR
 * (policies/lib/podTemplates.ts), each with the label its messages start with.
 * @param r the resource
 */
function podsOf(r: PolicyResource): { label: string; t: PodTemplate }[] {
    if (isWorkload(r.type)) {
        const spec = podSpec(r);
        return [{ label: kubeLabel(r), t: { where: "", pod: spec ?? {}, containers: containers(spec).map((c) => ({ ...c, label: `container ${c.name}` })), explicitOnly: false } }];
    }
    return crPodTemplates(r).map((t) => ({ label: `${kubeLabel(r)} ${t.where}`, t }));
}

/** Workloads and the data-service CRs whose operators make pods. */
const hasPods = (type: string): boolean => isWorkload(type) || isPodCarrier(type);

/** 44 */
export const podSecurityBaseline = resourceRule(
    {
        id: "pod-security-baseline",
        number: 44,
        description: "Pods meet the Pod Security Standard baseline: no privileged containers, host namespaces, hostPath, hostPort, dangerous capabilities, unsafe sysctls or /proc mounts; also the pods operators make from the Cassandra, Kafka and Spark CRs.",
        severity: "critical",
        anchors: ["PSS baseline", "Kyverno pod-security/baseline", "CKV_K8S_1", "CKV_K8S_2", "CKV_K8S_3", "CKV_K8S_4", "CKV_K8S_16", "CKV_K8S_17", "CKV_K8S_18", "CKV_K8S_19", "CKV_K8S_26", "CKV_K8S_27", "Polaris runAsPrivileged", "kube-linter privileged-container"],
        scopes: ["kubernetes"],
        dev: "M",
        prod: "M",
    },
    {
        appliesTo: hasPods,
        check(r) {
            const out: string[] = [];
            for (const { label, t } of podsOf(r)) {
                const spec = t.pod;
                for (const f of ["hostNetwork", "hostPID", "hostIPC"]) if (bool(spec, f) === true) out.push(`${label} sets ${f}`);
                for (const v of arr(spec, "volumes")) if (get(v, "hostPath") !== undefined) out.push(`${label} mounts hostPath volume ${str(v, "name") ?? "?"}`);
                for (const s of arr(spec, "securityContext.sysctls")) if (!SAFE_SYSCTLS.has(str(s, "name") ?? "")) out.push(`${label} sets unsafe sysctl ${str(s, "name") ?? "?"}`);
                const base = isWorkload(r.type) ? label : kubeLabel(r);
                for (const c of t.containers) {
                    if (bool(c.c, "securityContext.privileged") === true) out.push(`${base} ${c.label} is privileged`);
                    for (const p of arr(c.c, "ports")) if ((num(p, "hostPort") ?? 0) > 0) out.push(`${base} ${c.label} uses hostPort ${num(p, "hostPort")}`);
                    const added = strs(c.c, "securityContext.capabilities.add").filter((cap) => !BASELINE_CAPS.has(cap));
                    if (added.length) out.push(`${base} ${c.label} adds capabilities ${added.join(", ")}`);
                    const pm = str(c.c, "securityContext.procMount");
                    if (pm && pm !== "Default") out.push(`${base} ${c.label} sets procMount ${pm}`);
                }
            }
            return out;
        },
    },
);

const RESTRICTED_VOLUMES = new Set(["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret", "name"]);

/**
 * What a security context sets against the restricted profile explicitly (for operator-made pods, whose
 * unset fields are the operator's defaults): root, privilege escalation, added capabilities beyond
 * NET_BIND_SERVICE, an unconfined seccomp profile.
 * @param sc a pod or container security context
 * @param container whether it is a container's (capabilities and privilege escalation exist only there)
 */
function explicitRestrictedProblems(sc: unknown, container: boolean): string[] {
    const out: string[] = [];
    if (bool(sc, "runAsNonRoot") === false) out.push("runAsNonRoot false");
    if (num(sc, "runAsUser") === 0) out.push("runAsUser 0");
    if (container && bool(sc, "allowPrivilegeEscalation") === true) out.push("allowPrivilegeEscalation true");
    const added = container ? strs(sc, "capabilities.add").filter((c) => c !== "NET_BIND_SERVICE") : [];
    if (added.length) out.push(`capabilities.add ${added.join(", ")}`);
    const seccomp = str(sc, "seccompProfile.type");
    if (seccomp !== undefined && seccomp !== "RuntimeDefault" && seccomp !== "Localhost") out.push(`seccompProfile ${seccomp}`);
    return out;
}

/** 45 */
export const podSecurityRestricted = resourceRule(
    {
        id: "pod-security-restricted",
        number: 45,
        description: "Pods meet the Pod Security Standard restricted profile: non-root, no privilege escalation, all capabilities dropped, RuntimeDefault seccomp, restricted volume types; in the pods operators make from the data-service CRs, nothing the CR sets breaks it.",
        severity: "high",
        anchors: ["PSS restricted", "Kyverno pod-security/restricted", "Kyverno best-practices/require-drop-all", "CKV_K8S_20", "CKV_K8S_23", "CKV_K8S_28", "CKV_K8S_31", "CKV_K8S_37", "CKV_K8S_40", "Polaris runAsRootAllowed", "kube-linter run-as-non-root"],
        scopes: ["kubernetes"],
        dev: "A",
        prod: "M",
    },
    {
        appliesTo: hasPods,
        check(r) {
            const out: string[] = [];
            for (const { label, t } of podsOf(r)) {
                const spec = t.pod;
                for (const v of arr(spec, "volumes")) {
                    const kinds = Object.keys((v ?? {}) as object).filter((k) => !RESTRICTED_VOLUMES.has(k));
                    if (kinds.length) out.push(`${label} volume ${str(v, "name") ?? "?"} uses ${kinds.join(", ")}`);
                }
                if (t.explicitOnly) {
                    const pod = explicitRestrictedProblems(get(spec, "securityContext"), false);
                    if (pod.length) out.push(`${label} pod securityContext sets ${pod.join(", ")}`);
                    for (const c of t.containers) {
                        const problems = explicitRestrictedProblems(get(c.c, "securityContext"), true);
                        if (problems.length) out.push(`${kubeLabel(r)} ${c.label} sets ${problems.join(", ")}`);
                    }
                    continue;
                }
                const podNonRoot = bool(spec, "securityContext.runAsNonRoot") === true;
                const podSeccomp = str(spec, "securityContext.seccompProfile.type");
                for (const c of t.containers) {
                    const problems: string[] = [];
                    if (!podNonRoot && bool(c.c, "securityContext.runAsNonRoot") !== true) problems.push("runAsNonRoot");
                    if (bool(c.c, "securityContext.allowPrivilegeEscalation") !== false) problems.push("allowPrivilegeEscalation=false");
                    if (!strs(c.c, "securityContext.capabilities.drop").includes("ALL")) problems.push("capabilities.drop ALL");
                    const seccomp = str(c.c, "securityContext.seccompProfile.type") ?? podSeccomp;
                    if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") problems.push("seccompProfile RuntimeDefault");
                    if (problems.length) out.push(`${label} ${c.label} lacks ${problems.join(", ")}`);
                }
            }
            return out;
        },
    },
);

/** 47 */
export const probesDefined = resourceRule(
    {
        id: "probes-defined",
        number: 47,
        description: "Long-running containers have readiness and liveness probes, and the two differ.",
        severity: "medium",
        anchors: ["CKV_K8S_8", "CKV_K8S_9", "Kyverno best-practices/require-probes", "Kyverno other/ensure-probes-different", "gatekeeper-library requiredprobes", "kube-score pod-probes", "Polaris readinessProbeMissing", "Polaris livenessProbeMissing"],
        scopes: ["kubernetes"],
        dev: "A",
        prod: "M",
    },
    {
        appliesTo: isController,
        check(r) {
            const out: string[] = [];
            for (const c of containers(podSpec(r)).filter((x) => !x.init)) {
                const ready = get(c.c, "readinessProbe");
                const live = get(c.c, "livenessProbe");
                const missing = [ready === undefined ? "readinessProbe" : "", live === undefined ? "livenessProbe" : ""].filter(Boolean);
                if (missing.length) out.push(`${kubeLabel(r)} container ${c.name} has no ${missing.join(" or ")}`);
                else if (JSON.stringify(ready) === JSON.stringify(live)) out.push(`${kubeLabel(r)} container ${c.name} readiness and liveness probes are identical`);
            }
            return out;
        },
    },
);

function spreadsAcrossZonesOrHosts(spec: Record<string, unknown> | undefined): boolean {
    const tsc = arr(spec, "topologySpreadConstraints").some((t) => ["topology.kubernetes.io/zone", "kubernetes.io/hostname"].includes(str(t, "topologyKey") ?? ""));
    const anti = [...arr(spec, "affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution"), ...arr(spec, "affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution").map((p) => get(p, "podAffinityTerm"))];
    return tsc || anti.some((t) => ["topology.kubernetes.io/zone", "kubernetes.io/hostname"].includes(str(t, "topologyKey") ?? ""));
}

/** 48 */
export const haReplicasAndSpread = resourceRule(
    {
        id: "ha-replicas-and-spread",
        number: 48,
        description: "Controllers run at least two replicas spread over zones or hosts; data-service pods carry a PriorityClass.",
        severity: "medium",
        anchors: ["kubernetes-apps-v1-deployment-configure-minimum-replica-count", "kube-score deployment-has-host-podantiaffinity", "Polaris deploymentMissingReplicas", "Polaris topologySpreadConstraint", "Polaris priorityClassNotSet", "Kyverno other/topologyspreadconstraints-policy", "Kyverno other/require-pod-priorityclassname", "kube-linter no-anti-affinity"],
        scopes: ["kubernetes"],
        dev: "A",
        prod: "M",
    },
    {
        appliesTo: kube("apps", "Deployment", "StatefulSet"),
        check(r) {
            const out: string[] = [];
            const replicas = num(r.inputs, "spec.replicas") ?? 1;
            const spec = podSpec(r);
            if (replicas < 2) out.push(`${kubeLabel(r)} runs ${replicas} replica(s); needs at least 2`);
            if (!spreadsAcrossZonesOrHosts(spec)) out.push(`${kubeLabel(r)} has no zone topologySpreadConstraints or hostname anti-affinity`);
            const ns = metaNamespace(r) ?? "";
            if (["kafka", "cassandra"].includes(ns) && !str(spec, "priorityClassName")) out.push(`${kubeLabel(r)} is a data-service pod without priorityClassName`);
            return out;
        },
    },
);

function selectorMatches(selector: Record<string, unknown> | undefined, labels: Record<string, unknown>): boolean {
    const ml = selector ? Object.entries(selector) : [];
    return ml.length > 0 && ml.every(([k, v]) => labels[k] === v);
}

function pdbAllowsEviction(pdb: PolicyResource, replicas: number): boolean {
    const maxU = get(pdb.inputs, "spec.maxUnavailable");
    const minA = get(pdb.inputs, "spec.minAvailable");
    const pct = (v: string): number => Number(v.replace("%", ""));
    if (maxU !== undefined) return typeof maxU === "string" ? pct(maxU) > 0 && Math.floor((pct(maxU) * replicas) / 100) >= 1 : Number(maxU) >= 1;
    if (minA !== undefined) return typeof minA === "string" ? Math.ceil((pct(minA) * replicas) / 100) < replicas : Number(minA) < replicas;
    return true;
}

/** 49 */
export const pdbPresentAndDrainable = stackRule(
    {
        id: "pdb-present-and-drainable",
        number: 49,
        description: "Every multi-replica Deployment/StatefulSet is covered by a PodDisruptionBudget that still allows one eviction.",
        severity: "medium",
        anchors: ["kube-score deployment-has-poddisruptionbudget", "Polaris missingPodDisruptionBudget", "Polaris pdbDisruptionsIsZero", "Kyverno other/require-pdb", "Kyverno other/require-reasonable-pdbs", "gatekeeper-library poddisruptionbudget", "kubernetes-policy-v1-poddisruptionbudget-disallow-zero-voluntary-disruption"],
        scopes: ["kubernetes"],
        dev: "A",
        prod: "M",
    },
    ({ stack }) => {
        const out: StackViolation[] = [];
        const pdbs = stack.ofType(kube("policy", "PodDisruptionBudget"));
        for (const w of stack.ofType(kube("apps", "Deployment", "StatefulSet"))) {
            const replicas = num(w.inputs, "spec.replicas") ?? 1;
            if (replicas < 2) continue;
            const labels = Object.fromEntries(entries(w.inputs, "spec.template.metadata.labels"));
            const covering = pdbs.filter((p) => metaNamespace(p) === metaNamespace(w) && selectorMatches(obj(p.inputs, "spec.selector.matchLabels"), labels));
            if (covering.length === 0) out.push({ resource: w, message: `${kubeLabel(w)} (${replicas} replicas) has no PodDisruptionBudget` });
            for (const p of covering) if (!pdbAllowsEviction(p, replicas)) out.push({ resource: p, message: `${kubeLabel(p)} allows no eviction of ${kubeLabel(w)} (${replicas} replicas)` });
        }
        return out;
    },
);

const API_ACCESS = "tristack.io/kube-api-access";

/** 50 */
export const serviceaccountHygiene = resourceRule(
    {
        id: "serviceaccount-hygiene",
        number: 50,
        description: "Each workload has its own ServiceAccount and mounts no API token unless it declares that it calls the API.",
        severity: "medium",
        anchors: ["CKV_K8S_38", "CKV_K8S_41", "CKV_K8S_42", "Polaris automountServiceAccountToken", "Kyverno other/restrict-automount-sa-token", "gatekeeper-library automount-serviceaccount-token", "kube-linter default-service-account"],
        scopes: ["kubernetes"],
        dev: "A",
        prod: "M",
    },
    {
        appliesTo: isWorkload,
        check(r, ctx) {
            const spec = podSpec(r);
            const out: string[] = [];
            const sa = str(spec, "serviceAccountName");
            if (!sa || sa === "default") out.push(`${kubeLabel(r)} uses the default ServiceAccount`);
            const declared = Object.fromEntries(entries(r.inputs, "metadata.annotations"))[API_ACCESS] === "true";
            const allowed = Array.isArray(ctx.params["apiAccess"]) && (ctx.params["apiAccess"] as unknown[]).includes(`${metaNamespace(r) ?? "default"}/${metaName(r)}`);
            if (!declared && !allowed && bool(spec, "automountServiceAccountToken") !== false) out.push(`${kubeLabel(r)} mounts a ServiceAccount token (automountServiceAccountToken is not false and no ${API_ACCESS} annotation)`);
            return out;
        },
    },
);

const INTERNAL_LB: [string, string][] = [
    ["service.beta.kubernetes.io/aws-load-balancer-scheme", "internal"],
    ["service.beta.kubernetes.io/aws-load-balancer-internal", "true"],
    ["networking.gke.io/load-balancer-type", "Internal"],
    ["cloud.google.com/load-balancer-type", "Internal"],
    ["service.beta.kubernetes.io/azure-load-balancer-internal", "true"],
];

const internalAnnotated = (annotations: [string, unknown][]): boolean => INTERNAL_LB.some(([k, v]) => annotations.some(([ak, av]) => ak === k && av === v));

/**
 * The Services a Strimzi listener makes are the operator's, not ours, so the listener is checked:
 * `loadbalancer` needs the internal annotation on the bootstrap and the per-broker Services; `nodeport`,
 * `ingress` and `route` reach outside the cluster without one.
 * @param r a Kafka resource
 */
function kafkaListenerExposure(r: PolicyResource): string[] {
    const where = `Kafka ${metaNamespace(r) ?? "default"}/${metaName(r)}`;
    return arr(r.inputs, "spec.kafka.listeners").flatMap((l, i) => {
        const name = str(l, "name") ?? `#${i}`;
        const type = str(l, "type");
        if (type === "nodeport" || type === "ingress" || type === "route") return [`${where} listener ${name} (${type}) exposes the brokers outside the cluster`];
        if (type !== "loadbalancer") return [];
        const out: string[] = [];
        if (!internalAnnotated(entries(l, "configuration.bootstrap.annotations"))) out.push(`${where} listener ${name} bootstrap load balancer is not annotated internal`);
        if (!internalAnnotated(entries(l, "configuration.perBrokerAnnotationsTemplate"))) out.push(`${where} listener ${name} per-broker load balancers are not annotated internal`);
        return out;
    });
}

/**
 * The jupyterhub chart makes its `proxy-public` Service (the hub's only entry) from `proxy.service`:
 * `type` defaults to LoadBalancer and `annotations` go on the Service (jupyterhub/zero-to-jupyterhub-k8s
 * 4.4.0 `jupyterhub/values.yaml`, `templates/proxy/service.yaml`), and it serves plain HTTP unless
 * `proxy.https.enabled`. So the release is judged: a NodePort or an ingress reaches outside the cluster,
 * a load balancer must be annotated internal, and the proxy must terminate TLS.
 * @param r a Helm release
 */
function jupyterhubExposure(r: PolicyResource): string[] {
    if (str(r.inputs, "chart") !== "jupyterhub") return [];
    const where = `Helm ${r.name} (jupyterhub) proxy-public`;
    const type = str(r.inputs, "values.proxy.service.type") ?? "LoadBalancer";
    const out: string[] = [];
    if (type === "NodePort") out.push(`${where} is type NodePort`);
    if (type === "LoadBalancer" && !internalAnnotated(entries(r.inputs, "values.proxy.service.annotations"))) out.push(`${where} load balancer is not annotated internal`);
    if (bool(r.inputs, "values.ingress.enabled") === true) out.push(`Helm ${r.name} (jupyterhub) exposes the hub through an Ingress`);
    if (bool(r.inputs, "values.proxy.https.enabled") !== true) out.push(`${where} serves the hub without TLS (proxy.https.enabled is not true)`);
    return out;
}

/** 51 */
export const noExternalServices = resourceRule(
    {
        id: "no-external-services",
        number: 51,
        description: "No LoadBalancer or NodePort Services except allow-listed ones, and load balancers are internal; Strimzi listeners that make Services outside the cluster are internal load balancers; the jupyterhub chart's proxy is internal and serves TLS.",
        severity: "high",
        anchors: ["kubernetes-core-v1-service-disallow-load-balancer", "Kyverno best-practices/restrict-node-port", "Kyverno other/restrict-loadbalancer", "gatekeeper-library block-nodeport-services", "gatekeeper-library block-loadbalancer-services", "kube-score service-type"],
        scopes: ["kubernetes"],
        dev: "A",
        prod: "M",
    },
    {
        appliesTo: either(kube("core", "Service"), isKafka, isHelm),
        check(r, ctx) {
            if (isKafka(r.type)) return kafkaListenerExposure(r);
            if (isHelm(r.type)) return jupyterhubExposure(r);
            const type = str(r.inputs, "spec.type") ?? "ClusterIP";
            if (type !== "LoadBalancer" && type !== "NodePort") return [];
            const key = `${metaNamespace(r) ?? "default"}/${metaName(r)}`;
            const allowed = Array.isArray(ctx.params["allowedExternalServices"]) && (ctx.params["allowedExternalServices"] as unknown[]).includes(key);
            const out: string[] = [];
            if (!allowed) out.push(`Service ${key} is type ${type} and not allow-listed`);
            if (type === "LoadBalancer" && !internalAnnotated(entries(r.inputs, "metadata.annotations"))) out.push(`Service ${key} load balancer is not annotated internal`);
            return out;
        },
    },
);

/** 52 */
export const rbacLeastPrivilege = resourceRule(
    {
        id: "rbac-least-privilege",
        number: 52,
        description: "No cluster-admin bindings, no wildcard verbs or resources, no cluster-wide secrets read.",
        severity: "critical",
        anchors: ["CKV_K8S_49", "CKV2_K8S_5", "CKV_K8S_155", "CKV_K8S_156", "CKV_K8S_157", "CKV_K8S_158", "Polaris clusterrolebindingClusterAdmin", "Kyverno other/restrict-binding-clusteradmin", "Kyverno other/restrict-wildcard-verbs", "Kyverno other/restrict-wildcard-resources"],
        scopes: ["kubernetes"],
        dev: "M",
        prod: "M",
    },
    {
        appliesTo: kube("rbac.authorization.k8s.io", "ClusterRoleBinding", "RoleBinding", "ClusterRole", "Role"),
        check(r) {
            const kind = kubeType(r.type)?.kind;
            const label = kubeLabel(r);
            if (kind === "ClusterRoleBinding" || kind === "RoleBinding") return str(r.inputs, "roleRef.name") === "cluster-admin" ? [`${label} binds cluster-admin`] : [];
            const out: string[] = [];
            arr(r.inputs, "rules").forEach((rule, i) => {
                const verbs = strs(rule, "verbs");
                const resources = strs(rule, "resources");
                if (verbs.includes("*")) out.push(`${label} rules[${i}] grants verb *`);
                if (resources.includes("*")) out.push(`${label} rules[${i}] grants resource *`);
                if (kind === "ClusterRole" && resources.includes("secrets") && verbs.some((v) => ["get", "list", "watch"].includes(v))) out.push(`${label} rules[${i}] reads secrets cluster-wide`);
                for (const v of ["escalate", "bind", "impersonate"]) if (verbs.includes(v)) out.push(`${label} rules[${i}] grants ${v}`);
            });
            return out;
        },
    },
);

const SECRETISH = /(password|passwd|secret|token|api[-_]?key|access[-_]?key|private[-_]?key|credentials?)$/i;
const REFERENCE_KEY = /(secretname|secretref|existingsecret|secretkeyref|name|ref|file|path|key(name|ref)|enabled|length|mount)$/i;

function plaintextSecrets(values: unknown, path: string, out: string[]): void {
    if (Array.isArray(values)) values.forEach((v, i) => plaintextSecrets(v, `${path}[${i}]`, out));
    else if (values !== null && typeof values === "object") {
        for (const [k, v] of entries(values, "")) {
            if (typeof v === "string" && v !== "" && SECRETISH.test(k) && !REFERENCE_KEY.test(k)) out.push(`${path}.${k}`);
            else plaintextSecrets(v, `${path}.${k}`, out);
        }
    }
}

/** 53 */
export const noPlaintextSecrets = resourceRule(
    {
        id: "no-plaintext-secrets",
        number: 53,
        description: "No secret-looking literals in container env, ConfigMaps or Helm values; secrets come from Secret references.",
        severity: "high",
        anchors: ["CKV_K8S_35", "kube-linter env-var-secret", "Polaris sensitiveContainerEnvVar", "Kyverno other/disallow-secrets-from-env-vars"],
        scopes: ["kubernetes"],
        dev: "A",
        prod: "M",
    },
    {
        appliesTo: (t) => isWorkload(t) || isHelm(t) || kube("core", "ConfigMap")(t),
        check(r) {
            if (isHelm(r.type)) {
                const hits: string[] = [];
                plaintextSecrets(get(r.inputs, "values"), "values", hits);
                return hits.map((h) => `Helm ${r.name} ${h} is a plaintext secret`);
            }
            if (kube("core", "ConfigMap")(r.type)) {
                return entries(r.inputs, "data").filter(([k, v]) => typeof v === "string" && v !== "" && SECRETISH.test(k)).map(([k]) => `ConfigMap ${metaName(r)} key ${k} looks like a plaintext secret`);
            }
            const out: string[] = [];
            for (const c of containers(podSpec(r))) {
                for (const e of arr(c.c, "env")) {
                    const name = str(e, "name") ?? "";
                    if (SECRETISH.test(name) && typeof get(e, "value") === "string" && get(e, "value") !== "") out.push(`${kubeLabel(r)} container ${c.name} env ${name} is a plaintext secret`);
                }
            }
            return out;
        },
    },
);

const BUILTIN_GROUPS = new Set(["core", "apps", "batch", "policy", "autoscaling", "networking.k8s.io", "rbac.authorization.k8s.io", "storage.k8s.io", "apiextensions.k8s.io", "admissionregistration.k8s.io", "scheduling.k8s.io", "coordination.k8s.io", "discovery.k8s.io", "node.k8s.io", "certificates.k8s.io", "flowcontrol.apiserver.k8s.io", "resource.k8s.io"]);

/** 54 */
export const stableApisOnly = resourceRule(
    {
        id: "stable-apis-only",
        number: 54,
        description: "No alpha/beta Kubernetes APIs, no deprecated custom-resource versions, no azure-native preview API versions.",
        severity: "medium",
        anchors: ["kubernetes-*-disallow-alpha-resource", "kubernetes-*-disallow-beta-resource", "azurenative-*-disallow-preview-resource", "Kyverno best-practices/check-deprecated-apis", "kube-score stable-version"],
        scopes: ["azure", "kubernetes"],
        dev: "A",
        prod: "M",
    },
    {
        appliesTo: (t) => t.startsWith("kubernetes:") || t.startsWith("azure-native:"),
        check(r, ctx) {
            if (r.type.startsWith("azure-native:")) return /preview/i.test(r.type.split(":")[1] ?? "") ? [`${r.type} is a preview API version`] : [];
            const t = kubeType(r.type);
            if (!t || t.group === "helm.sh" || t.group.startsWith("yaml")) return [];
            if (BUILTIN_GROUPS.has(t.group) && /(alpha|beta)/.test(t.version)) return [`${t.group}/${t.version} ${t.kind} is not a stable API`];
            const deprecated = Array.isArray(ctx.params["deprecatedVersions"]) ? (ctx.params["deprecatedVersions"] as unknown[]) : ["kafka.strimzi.io/v1alpha1", "kafka.strimzi.io/v1beta1", "kafka.strimzi.io/v1beta2", "sparkoperator.k8s.io/v1beta1"];
            return deprecated.includes(`${t.group}/${t.version}`) ? [`${t.group}/${t.version} ${t.kind} is a deprecated custom-resource version`] : [];
        },
    },
);

const EXACT_SEMVER = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** 55 */
export const helmReleasePinned = resourceRule(
    {
        id: "helm-release-pinned",
        number: 55,
        description: "Helm releases pin an exact chart version from an allow-listed repository.",
        severity: "high",
        anchors: ["own (chart analogue of image-pinned-and-approved)"],
        scopes: ["kubernetes"],
        dev: "M",
        prod: "M",
    },
    {
        appliesTo: isHelm,
        check(r, ctx) {
            const out: string[] = [];
            const version = str(r.inputs, "version");
            if (!version || !EXACT_SEMVER.test(version)) out.push(`Helm ${r.name} version ${version ?? "(unset)"} is not an exact version`);
            const chart = str(r.inputs, "chart") ?? "";
            const repo = chart.startsWith("oci://") ? chart.replace(/\/[^/]+$/, "") : str(r.inputs, "repositoryOpts.repo");
            const allowed = Array.isArray(ctx.params["allowedRepositories"]) ? (ctx.params["allowedRepositories"] as unknown[]).filter((x): x is string => typeof x === "string") : [];
            const norm = (u: string): string => u.replace(/\/+$/, "");
            if (!repo) out.push(`Helm ${r.name} names no repository`);
            else if (allowed.length && !allowed.map(norm).includes(norm(repo))) out.push(`Helm ${r.name} repository ${repo} is not allow-listed`);
            return out;
        },
    },
);

function gpuRequest(c: Record<string, unknown>): boolean {
    return [...entries(c, "resources.limits"), ...entries(c, "resources.requests")].some(([k, v]) => k === "nvidia.com/gpu" && (quantity(v) ?? 0) > 0);
}

/**
 * Whether tolerations include the GPU taint.
 * @param tolerations toleration list
 */
export function toleratesGpu(tolerations: unknown[]): boolean {
    return tolerations.some((t) => str(t, "key") === "nvidia.com/gpu" || (str(t, "key") === undefined && str(t, "operator") === "Exists"));
}

/**
 * Whether a pod (spec-like object with nodeSelector/affinity) targets a role.
 * @param spec pod spec-like object
 * @param role role value
 */
export function selectsRole(spec: unknown, role: string): boolean {
    if (Object.fromEntries(entries(spec, "nodeSelector"))["tristack.io/role"] === role) return true;
    return arr(spec, "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms").some((term) =>
        arr(term, "matchExpressions").some((e) => str(e, "key") === "tristack.io/role" && str(e, "operator") === "In" && strs(e, "values").includes(role)),
    );
}

/** 57 */
export const gpuWorkloadPlacement = resourceRule(
    {
        id: "gpu-workload-placement",
        number: 57,
        description: "Pods requesting GPUs tolerate the GPU taint and select the gpu role; other pods neither tolerate it nor select the GPU pool.",
        severity: "high",
        anchors: ["design contract", "Kyverno other/check-nvidia-gpu", "Kyverno other/restrict-node-selection"],
        scopes: ["kubernetes"],
        dev: "M",
        prod: "M",
    },
    {
        appliesTo: isWorkload,
        check(r) {
            const spec = podSpec(r);
            const label = kubeLabel(r);
            const wantsGpu = containers(spec).some((c) => gpuRequest(c.c));
            const tolerates = toleratesGpu(arr(spec, "tolerations"));
            const selects = selectsRole(spec, "gpu");
            const out: string[] = [];
            if (wantsGpu) {
                if (!tolerates) out.push(`${label} requests nvidia.com/gpu but does not tolerate the GPU taint`);
                if (!selects) out.push(`${label} requests nvidia.com/gpu but does not select tristack.io/role=gpu`);
            } else {
                if (tolerates && !kube("apps", "DaemonSet")(r.type)) out.push(`${label} tolerates the GPU taint without requesting a GPU`);
                if (selects) out.push(`${label} selects the GPU pool without requesting a GPU`);
            }
            return out;
        },
    },
);

/** The rules of this file. */
export const KUBERNETES_RULES = [tenantNamespaceGuardrails, namespacePodSecurityLabels, noDefaultNamespace, workloadResourcesSet, imagePinnedAndApproved, podSecurityBaseline, podSecurityRestricted, probesDefined, haReplicasAndSpread, pdbPresentAndDrainable, serviceaccountHygiene, noExternalServices, rbacLeastPrivilege, noPlaintextSecrets, stableApisOnly, helmReleasePinned, gpuWorkloadPlacement];
