import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { gib, PLATFORM_LABELS } from "./common";
import { networkPolicies, type NamespaceRole, type NetworkContext } from "./networkPolicies";

/** Pod Security Admission levels the platform uses. */
export type PodSecurityLevel = "restricted" | "baseline";

/** A namespace's ResourceQuota, in neutral units. */
export interface QuotaPlan {
    /** CPU cores requested in total. */
    readonly cpu: number;
    /** Memory requested in total, GiB. */
    readonly memoryGiB: number;
    /** Memory limits in total, GiB (tenants only; omitted for platform namespaces whose charts set their own limits). */
    readonly limitsMemoryGiB?: number;
    /** GPUs requested in total. */
    readonly gpu: number;
    /** PersistentVolumeClaims. */
    readonly pvcs: number;
    /** Storage requested in total, GiB. */
    readonly storageGiB: number;
}

/** Defaults a LimitRange gives containers that set none. */
export interface LimitPlan {
    readonly defaultRequest: { readonly cpu: string; readonly memory: string };
    readonly defaultLimit: { readonly memory: string };
}

/** Everything that decides one namespace. */
export interface NamespacePlan {
    /** Namespace name. */
    readonly name: string;
    /** What it is for (decides its network policies). */
    readonly role: NamespaceRole;
    /** Pod Security Admission `enforce` level (`audit` and `warn` are always `restricted`). */
    readonly podSecurity: PodSecurityLevel;
    /** Extra labels (tenant name). */
    readonly labels?: Readonly<Record<string, string>>;
    readonly quota: QuotaPlan;
    readonly limits: LimitPlan;
}

/** Object names inside every platform-managed namespace. */
export const NAMESPACE_OBJECTS = { quota: "tristack-quota", limits: "tristack-limits" } as const;

/**
 * The `hard` map of a quota plan.
 * @param q the quota
 */
export function quotaHard(q: QuotaPlan): Record<string, string> {
    return {
        "requests.cpu": String(q.cpu),
        "requests.memory": gib(q.memoryGiB),
        ...(q.limitsMemoryGiB !== undefined ? { "limits.memory": gib(q.limitsMemoryGiB) } : {}),
        "requests.nvidia.com/gpu": String(q.gpu),
        persistentvolumeclaims: String(q.pvcs),
        "requests.storage": gib(q.storageGiB),
    };
}

/**
 * Pod Security Admission labels: `enforce` at the plan's level, `audit` and `warn` always `restricted`
 * so anything below restricted shows up in audit logs and `kubectl` warnings.
 * @param level the enforce level
 */
export function podSecurityLabels(level: PodSecurityLevel): Record<string, string> {
    return {
        "pod-security.kubernetes.io/enforce": level,
        "pod-security.kubernetes.io/audit": "restricted",
        "pod-security.kubernetes.io/warn": "restricted",
    };
}

/** What {@link createNamespace} made. */
export interface CreatedNamespace {
    readonly namespace: k8s.core.v1.Namespace;
    /** Quota, LimitRange and NetworkPolicies (created after the namespace). */
    readonly guards: readonly pulumi.Resource[];
}

/**
 * A namespace with its ResourceQuota, LimitRange and NetworkPolicies.
 * @param name base logical name
 * @param plan the namespace plan
 * @param ctx the network context
 * @param opts options (provider, parent, dependsOn)
 * @param keep protect and retain the namespace (prod: deleting it deletes every claim in it)
 */
export function createNamespace(name: string, plan: NamespacePlan, ctx: NetworkContext, opts: pulumi.CustomResourceOptions, keep: boolean): CreatedNamespace {
    const ns = plan.name;
    const namespace = new k8s.core.v1.Namespace(
        `${name}-${ns}`,
        { metadata: { name: ns, labels: { ...PLATFORM_LABELS, ...podSecurityLabels(plan.podSecurity), ...(plan.labels ?? {}) } } },
        pulumi.mergeOptions(opts, keep ? { protect: true, retainOnDelete: true } : {}),
    );
    const inNs = pulumi.mergeOptions(opts, { dependsOn: [namespace] });
    const metadata = (objectName: string) => ({ name: objectName, namespace: ns, labels: { ...PLATFORM_LABELS } });
    const quota = new k8s.core.v1.ResourceQuota(`${name}-${ns}-quota`, { metadata: metadata(NAMESPACE_OBJECTS.quota), spec: { hard: quotaHard(plan.quota) } }, inNs);
    const limits = new k8s.core.v1.LimitRange(
        `${name}-${ns}-limits`,
        {
            metadata: metadata(NAMESPACE_OBJECTS.limits),
            spec: { limits: [{ type: "Container", defaultRequest: { ...plan.limits.defaultRequest }, default: { ...plan.limits.defaultLimit } }] },
        },
        inNs,
    );
    const policies = networkPolicies(plan.role, ns, ctx).map((p) => new k8s.networking.v1.NetworkPolicy(`${name}-${ns}-${p.name}`, { metadata: metadata(p.name), spec: p.spec }, inNs));
    return { namespace, guards: [quota, limits, ...policies] };
}
