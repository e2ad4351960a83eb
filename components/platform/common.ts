import type * as k8s from "@pulumi/kubernetes";
import type { PoolHandle } from "../clouds/clusterHandle";
import { ROLE_LABEL, SYSTEM_TAINT, type Taint } from "../spec/nodeClass";

/** Labels on every object the platform layer creates. */
export const PLATFORM_LABELS = { "app.kubernetes.io/part-of": "tristack", "app.kubernetes.io/managed-by": "pulumi" } as const;

/**
 * The label carrying the spec's `environment` on every Namespace the platform creates. The CrossGuard
 * pack reads it at check time (policies/lib/environment.ts), because a pack gets policy config and stack
 * tags but never the stack's config; the offline plan reads the spec directly, so both judge the same environment.
 */
export const ENVIRONMENT_LABEL = "tristack.io/environment";

/** The label Kubernetes puts on every namespace with its own name (since 1.21). */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/** Where host-level agents (node-exporter, device plugin, DCGM exporter) run: they need host access PSS forbids elsewhere. */
export const HOST_AGENT_NAMESPACE = "kube-system";

/**
 * A toleration for exactly one taint.
 * @param taint the taint
 */
export function tolerationFor(taint: Taint): k8s.types.input.core.v1.Toleration {
    return { key: taint.key, operator: "Equal", value: taint.value, effect: taint.effect };
}

/** Node affinity and tolerations of a pod the platform schedules. */
export interface Placement {
    readonly affinity: k8s.types.input.core.v1.Affinity;
    readonly tolerations: k8s.types.input.core.v1.Toleration[];
}

/**
 * Placement of platform controllers (monitoring, operators): the system or general pools, general
 * preferred, never the data or GPU pools. Tolerates the contract system taint on every cloud (whether or
 * not the adapter applied it), so the rendered objects are the same everywhere.
 */
export function controlPlacement(): Placement {
    return {
        affinity: {
            nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: ROLE_LABEL, operator: "In", values: ["system", "general"] }] }] },
                preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, preference: { matchExpressions: [{ key: ROLE_LABEL, operator: "In", values: ["general"] }] } }],
            },
        },
        tolerations: [tolerationFor(SYSTEM_TAINT)],
    };
}

/**
 * The pools of one role.
 * @param pools the cluster's pools
 * @param role the role
 */
export function poolsOfRole(pools: Readonly<Record<string, PoolHandle>>, role: PoolHandle["role"]): PoolHandle[] {
    return Object.values(pools).filter((p) => p.role === role);
}

/**
 * A Kubernetes memory quantity in whole GiB.
 * @param gib gibibytes
 */
export function gib(gib: number): string {
    return `${Math.ceil(gib)}Gi`;
}
