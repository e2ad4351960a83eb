import * as gcp from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import type { NodePool, PlatformSpec } from "../../spec";
import type { Taint } from "../../spec/nodeClass";
import type { PoolHandle } from "../clusterHandle";
import { poolZones } from "../zoneOfferings";
import { GCP_ACCELERATOR_TYPES, GKE_DISK_TYPES, GKE_TAINT_EFFECTS } from "./catalog";

/** Node image: Container-Optimized OS with containerd (CKV_GCP_22). */
export const NODE_IMAGE_TYPE = "COS_CONTAINERD";

/** OAuth scope of the nodes: everything, narrowed by the node account's IAM roles (GKE guidance). */
export const NODE_OAUTH_SCOPES = ["https://www.googleapis.com/auth/cloud-platform"] as const;

/**
 * The NVIDIA driver GKE installs on GPU nodes: `LATEST` (the newest driver the GKE version
 * supports; CUDA 12 for the A100/H100/L4 images Spark RAPIDS needs). `DEFAULT` would pin the older
 * default branch of the GKE version.
 */
export const GPU_DRIVER_VERSION = "LATEST";

/** Surge upgrades: one extra node at a time, never a node less than asked for. */
export const UPGRADE_SETTINGS = { strategy: "SURGE", maxSurge: 1, maxUnavailable: 0 } as const;

/**
 * Surge upgrades of GPU pools: replace in place, one node at a time. A surge node is one more
 * accelerator than the pool's maximum, which the project's GPU quota (often exactly the pool's
 * size for A100/H100) or the zone's capacity may not have, and the upgrade then stalls
 * (https://cloud.google.com/kubernetes-engine/docs/concepts/node-pool-upgrade-strategies#surge,
 * "surge upgrades ... require additional quota"). GPU executors are batch work that Spark retries.
 */
export const GPU_UPGRADE_SETTINGS = { strategy: "SURGE", maxSurge: 0, maxUnavailable: 1 } as const;

/**
 * Autoscaler location policy: `ANY` for spot and GPU pools (the autoscaler takes capacity in
 * whichever zone has it, which lowers Spot preemption and finds scarce accelerators), `BALANCED`
 * for the rest (`NodePoolAutoscaling.locationPolicy`, node_modules/@pulumi/gcp/types/input.d.ts,
 * @pulumi/gcp 9.37; https://cloud.google.com/kubernetes-engine/docs/concepts/cluster-autoscaler#location_policy).
 * @param handle the pool's neutral handle
 */
export function locationPolicy(handle: Pick<PoolHandle, "capacity" | "role">): "ANY" | "BALANCED" {
    return handle.capacity === "spot" || handle.role === "gpu" ? "ANY" : "BALANCED";
}

/**
 * Whether GKE pools carry the contract's system taint (`CriticalAddonsOnly=true:NoSchedule`).
 * GKE has no system-pool convention of its own, but its add-on Deployments that tolerate the taint
 * (kube-dns, metrics-server) land there and the rest run elsewhere, as long as some pool is not
 * tainted. So the system pool is tainted exactly when the spec has a `general` or `large-core`
 * pool: then the contract matches EKS and AKS, and GKE-managed pods always have a place to run.
 * @param spec the validated spec
 */
export function gkeSystemTaint(spec: PlatformSpec): boolean {
    return Object.values(spec.nodePools).some((p) => p.role === "general" || p.role === "large-core");
}

/** A taint as `nodeConfig.taints` takes it. */
export interface GkeTaint {
    readonly key: string;
    readonly value: string;
    readonly effect: string;
}

/**
 * Kubernetes taints in GKE's format (`NoSchedule` -> `NO_SCHEDULE`).
 * @param taints the pool handle's taints
 */
export function gkeTaints(taints: readonly Taint[]): GkeTaint[] {
    return taints.map((t) => ({ key: t.key, value: t.value, effect: GKE_TAINT_EFFECTS[t.effect] }));
}

/** What {@link nodePoolArgs} needs besides the pool. */
export interface NodePoolContext {
    /** Cluster id. */
    readonly cluster: pulumi.Input<string>;
    /** Cluster location (region or zone). */
    readonly location: pulumi.Input<string>;
    /** Zones the pool's nodes are spread over. */
    readonly zones: readonly string[];
    /** Node service account email. */
    readonly serviceAccount: pulumi.Input<string>;
    /** KMS key for boot disks (prod). */
    readonly bootDiskKmsKey?: pulumi.Input<string>;
    /** GCP labels for the node VMs. */
    readonly resourceLabels: Readonly<Record<string, string>>;
}

/**
 * The `gcp.container.NodePool` arguments of one spec pool, from its neutral handle, so labels, taints
 * and instance type are the ones the layers below see.
 * @param pool the spec's pool
 * @param handle the pool's neutral handle
 * @param ctx cluster, zones, identity, key, labels
 * @internal
 */
export function nodePoolArgs(pool: NodePool, handle: PoolHandle, ctx: NodePoolContext): gcp.container.NodePoolArgs {
    const type = handle.instanceType;
    const gpu = type.gpu;
    const accelerator = gpu ? GCP_ACCELERATOR_TYPES[gpu.model] : undefined;
    if (gpu && accelerator === undefined) {
        throw new pulumi.InputPropertiesError({
            message: `node pool ${handle.name} is invalid.`,
            errors: [{ propertyPath: `nodePools.${handle.name}.gpu.model`, reason: `GPU model ${gpu.model} is not offered on GCP` }],
        });
    }
    if (pool.gpu && gpu?.model !== pool.gpu.model) {
        throw new pulumi.InputPropertiesError({
            message: `node pool ${handle.name} is invalid.`,
            errors: [{ propertyPath: `nodePools.${handle.name}.instanceType.gcp`, reason: `${type.name} carries ${gpu ? gpu.model : "no GPU"}, the pool asks for ${pool.gpu.model}` }],
        });
    }
    const localSsd = pool.localNvme && type.localNvme ? { localSsdCount: type.localNvme.disks } : undefined;
    return {
        cluster: ctx.cluster,
        location: ctx.location,
        nodeLocations: [...ctx.zones],
        // Per zone at creation (GKE multiplies it by the zones), rounded up so the pool starts at or
        // above its minimum: min 2 over 3 zones starts at 3 and the autoscaler removes the spare one;
        // rounding down would start at 0, which the autoscaler does not raise to the minimum until
        // pods are pending. Afterwards the autoscaler owns the size (ignoreChanges below).
        initialNodeCount: Math.ceil(handle.minNodes / Math.max(ctx.zones.length, 1)),
        maxPodsPerNode: pool.maxPods,
        autoscaling: { totalMinNodeCount: handle.minNodes, totalMaxNodeCount: handle.maxNodes, locationPolicy: locationPolicy(handle) },
        management: { autoRepair: true, autoUpgrade: true },
        upgradeSettings: handle.role === "gpu" ? { ...GPU_UPGRADE_SETTINGS } : { ...UPGRADE_SETTINGS },
        nodeConfig: {
            machineType: type.name,
            imageType: NODE_IMAGE_TYPE,
            diskType: GKE_DISK_TYPES.standard,
            diskSizeGb: pool.diskGiB,
            bootDiskKmsKey: ctx.bootDiskKmsKey,
            serviceAccount: ctx.serviceAccount,
            oauthScopes: [...NODE_OAUTH_SCOPES],
            spot: handle.capacity === "spot",
            labels: { ...handle.labels },
            resourceLabels: { ...ctx.resourceLabels, "tristack-pool": handle.name },
            taints: gkeTaints(handle.taints),
            shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
            workloadMetadataConfig: { mode: "GKE_METADATA" },
            // gVNIC: required by C3/A3, faster on every other family in the catalog.
            gvnic: { enabled: true },
            ephemeralStorageLocalSsdConfig: localSsd,
            guestAccelerators:
                gpu && accelerator !== undefined
                    ? [{ type: accelerator, count: gpu.count, gpuDriverInstallationConfig: { gpuDriverVersion: GPU_DRIVER_VERSION } }]
                    : undefined,
        },
    };
}

/**
 * One node pool per spec pool.
 * @param name component name
 * @param spec the validated spec
 * @param handles the neutral pool handles
 * @param ctx cluster, zones, identity, key, labels
 * @param opts options (parent, provider, dependsOn)
 * @internal
 */
export function createNodePools(
    name: string,
    spec: PlatformSpec,
    handles: Readonly<Record<string, PoolHandle>>,
    ctx: NodePoolContext,
    opts: pulumi.CustomResourceOptions,
): gcp.container.NodePool[] {
    return Object.entries(spec.nodePools).map(([poolName, pool]) => {
        const handle = handles[poolName];
        if (!handle) throw new pulumi.RunError(`no pool handle for ${poolName}`);
        // Only the spec's zones that offer the machine type (the spec refused an empty intersection).
        const placed = poolZones("gcp", spec.region, ctx.zones, handle.instanceType.name);
        if (!placed.ok) {
            throw new pulumi.InputPropertiesError({ message: `node pool ${poolName} is invalid.`, errors: [{ propertyPath: `nodePools.${poolName}`, reason: placed.reason }] });
        }
        return new gcp.container.NodePool(`${name}-${poolName}`, nodePoolArgs(pool, handle, { ...ctx, zones: placed.zones }), pulumi.mergeOptions(opts, { ignoreChanges: ["initialNodeCount"] }));
    });
}
