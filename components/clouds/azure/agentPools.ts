import * as containerservice from "@pulumi/azure-native/containerservice";
import type * as inputs from "@pulumi/azure-native/types/input";
import * as pulumi from "@pulumi/pulumi";
import type { NodePool, PlatformSpec } from "../../spec";
import type { Taint } from "../../spec/nodeClass";
import type { PoolHandle } from "../clusterHandle";
import { AZURE_TEMP_DISK_GIB } from "./catalog";

/**
 * The taint AKS puts on every node of a Spot pool by itself. It is part of the pool's contract
 * (workloads on spot pools must tolerate it), so tristack lists it in the pool handle and also
 * declares it in `nodeTaints`, which is what AKS reports back (no perpetual diff).
 */
export const AKS_SPOT_TAINT: Taint = { key: "kubernetes.azure.com/scalesetpriority", value: "spot", effect: "NoSchedule" };

/** Surge during upgrades of stateless pools. */
export const DEFAULT_MAX_SURGE = "33%";
/** Surge during upgrades of data pools: one node at a time, so a Kafka/Cassandra rack drains alone. */
export const DATA_MAX_SURGE = "1";
/** How long a node may take to drain during an upgrade before AKS gives up, minutes. */
export const DRAIN_TIMEOUT_MINUTES = 30;

/**
 * A taint in AKS's `key=value:Effect` spelling.
 * @param taint a Kubernetes taint
 */
export function aksTaint(taint: Taint): string {
    return `${taint.key}=${taint.value}:${taint.effect}`;
}

/**
 * The taints nodes of a pool really carry on AKS: the contract taints plus the Spot taint AKS adds.
 * @param pool the neutral pool (contract taints)
 */
export function aksPoolTaints(pool: PoolHandle): Taint[] {
    return pool.capacity === "spot" ? [...pool.taints, AKS_SPOT_TAINT] : [...pool.taints];
}

/** OS disk kind of a pool (`osDiskType`). */
export type OsDiskType = "Ephemeral" | "Managed";

/**
 * Ephemeral OS disks (on the VM's temp disk: faster, no storage cost, re-imaged on upgrade) where the
 * size's temp disk holds the requested OS disk, Managed otherwise. A pool that uses the temp disk as
 * Spark scratch (`localNvme`) keeps it whole and takes a Managed OS disk.
 * @param pool the spec pool
 * @param vmSize the resolved VM size
 */
export function osDiskType(pool: Pick<NodePool, "diskGiB" | "localNvme">, vmSize: string): OsDiskType {
    const temp = AZURE_TEMP_DISK_GIB[vmSize] ?? 0;
    return !pool.localNvme && temp >= pool.diskGiB ? "Ephemeral" : "Managed";
}

/** What every pool of the cluster shares. */
export interface PoolContext {
    readonly spec: PlatformSpec;
    /** Node subnet. */
    readonly subnetId: pulumi.Input<string>;
    readonly tags: Readonly<Record<string, string>>;
    /** Encryption at host (temp disks, caches, ephemeral OS disks): on in prod. */
    readonly encryptionAtHost: boolean;
}

/**
 * The agent pool properties of one pool, shared by the inline system profile and the AgentPool
 * resources.
 * @param pool the neutral pool handle
 * @param ctx cluster-wide settings
 */
export function agentPoolProperties(pool: PoolHandle, ctx: PoolContext) {
    const specPool = ctx.spec.nodePools[pool.name];
    if (!specPool) throw new pulumi.RunError(`pool ${pool.name} is not in the spec`);
    const spot = pool.capacity === "spot";
    if (spot && pool.role === "system") {
        throw new pulumi.InputPropertiesError({
            message: `nodePools.${pool.name} is invalid: AKS system pools cannot run on Spot VMs.`,
            errors: [{ propertyPath: `nodePools.${pool.name}.capacity`, reason: "AKS system pools cannot run on Spot VMs; use capacity: on-demand" }],
        });
    }
    const vmSize = pool.instanceType.name;
    const disk = osDiskType(specPool, vmSize);
    return {
        mode: pool.role === "system" ? "System" : "User",
        vmSize,
        osType: "Linux",
        osSKU: "Ubuntu",
        availabilityZones: [...ctx.spec.zones],
        vnetSubnetID: ctx.subnetId,
        enableAutoScaling: true,
        minCount: pool.minNodes,
        maxCount: pool.maxNodes,
        count: pool.role === "system" ? Math.max(pool.minNodes, 1) : pool.minNodes,
        maxPods: specPool.maxPods,
        osDiskType: disk,
        osDiskSizeGB: specPool.diskGiB,
        enableEncryptionAtHost: ctx.encryptionAtHost,
        enableNodePublicIP: false,
        nodeLabels: { ...pool.labels },
        nodeTaints: aksPoolTaints(pool).map(aksTaint),
        ...(pool.instanceType.gpu ? { gpuProfile: { driver: "Install" } } : {}),
        ...(spot
            ? { scaleSetPriority: "Spot", scaleSetEvictionPolicy: "Delete", spotMaxPrice: -1 }
            : // Spot pools take no surge settings; the others surge, data pools one node at a time.
              { scaleSetPriority: "Regular", upgradeSettings: { maxSurge: pool.role === "data" ? DATA_MAX_SURGE : DEFAULT_MAX_SURGE, drainTimeoutInMinutes: DRAIN_TIMEOUT_MINUTES } }),
        tags: { ...ctx.tags },
    };
}

/**
 * The system pool as the inline `agentPoolProfiles` entry AKS requires at cluster creation.
 * @param pool the system pool
 * @param ctx cluster-wide settings
 */
export function systemPoolProfile(pool: PoolHandle, ctx: PoolContext): inputs.containerservice.ManagedClusterAgentPoolProfileArgs {
    return { name: pool.name, type: "VirtualMachineScaleSets", ...agentPoolProperties(pool, ctx) };
}

/**
 * One AgentPool per pool except the inline one (a second system pool becomes a System-mode AgentPool).
 * @param name base name
 * @param pools the neutral pools
 * @param inlinePool name of the pool already inline in the cluster
 * @param cluster resource group and cluster name
 * @param cluster.resourceGroupName the cluster's resource group
 * @param cluster.clusterName the managed cluster's name
 * @param ctx cluster-wide settings
 * @param opts options (parent, provider, dependsOn the cluster)
 * @internal
 */
export function createAgentPools(
    name: string,
    pools: readonly PoolHandle[],
    inlinePool: string,
    cluster: { readonly resourceGroupName: pulumi.Input<string>; readonly clusterName: pulumi.Input<string> },
    ctx: PoolContext,
    opts: pulumi.CustomResourceOptions,
): containerservice.AgentPool[] {
    return pools
        .filter((p) => p.name !== inlinePool)
        .map(
            (pool) =>
                new containerservice.AgentPool(
                    `${name}-${pool.name}`,
                    { resourceGroupName: cluster.resourceGroupName, resourceName: cluster.clusterName, agentPoolName: pool.name, type: "VirtualMachineScaleSets", ...agentPoolProperties(pool, ctx) },
                    // The autoscaler owns the node count after creation.
                    pulumi.mergeOptions(opts, { ignoreChanges: ["count"] }),
                ),
        );
}
