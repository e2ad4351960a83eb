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

/**
 * AgentPool properties AKS does not change in place: a new value needs a new pool. The azure-native
 * provider itself replaces only on `vmSize`, `gpuInstanceProfile` and `networkProfile.nodePublicIPTags`
 * (pulumi/pulumi-azure-native `provider/pkg/gen/replacement.go`, forceNewMap "AgentPool"); AKS refuses the
 * others on an existing pool ("You can't change the VM size of a node pool after you create it",
 * https://learn.microsoft.com/azure/aks/manage-node-pools#limitations), and the azurerm node pool cycles the
 * pool for exactly these (pulumi/azure `KubernetesClusterNodePool` docs, `temporaryNameForRotation`: fips,
 * host encryption, kubelet config, kubelet disk type, linux OS config, maxPods, node public IP, OS disk
 * size and type, pod subnet, snapshot, Ultra SSD, vmSize, vnet subnet, zones), plus the Spot/Regular
 * priority and eviction policy, which azurerm marks ForceNew. Without `replaceOnChanges` the plan shows an
 * update that ARM then rejects mid-`up`.
 */
export const AGENT_POOL_REPLACE_ON_CHANGES = [
    "vmSize",
    "osType",
    "availabilityZones",
    "vnetSubnetID",
    "maxPods",
    "osDiskType",
    "osDiskSizeGB",
    "enableEncryptionAtHost",
    "enableNodePublicIP",
    "scaleSetPriority",
    "scaleSetEvictionPolicy",
] as const;

/**
 * Azure tag of a pool that keeps its VM's temp disk whole as Spark scratch (`localNvme`), so its OS disk
 * is Managed on purpose; policy nodepool-hardened-image reads it (policies/rules/advisory.ts).
 */
export const AKS_SCRATCH_TAG = "tristack-scratch";

/** Azure tag naming a rack pool's zone (tag names cannot contain `/`, so not `tristack.io/rack`; policy nodepool-multi-zone reads it). */
export const AKS_RACK_TAG = "tristack-rack";

/**
 * The AKS agent pool name of one zone of a rack pool: the pool name (at most 11 characters, so the zone
 * number fits AKS's 12-character limit) and the zone number, e.g. `kafka1`.
 * @param pool the spec pool's name
 * @param zone the AKS zone number ("1".."3")
 */
export function rackPoolName(pool: string, zone: string): string {
    return `${pool}${zone}`;
}

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
 * Refuse a system pool on Spot VMs, which AKS does not allow (a Spot node pool can only be a user pool:
 * https://learn.microsoft.com/azure/aks/spot-node-pool, "Limitations"). Part of the pools the adapter plans
 * (aksCluster.ts), so the program's pre-flight refuses it before the first resource.
 * @param pools the neutral pool handles
 */
export function refuseSpotSystemPools(pools: Readonly<Record<string, PoolHandle>>): void {
    const pool = Object.values(pools).find((p) => p.capacity === "spot" && p.role === "system");
    if (pool === undefined) return;
    throw new pulumi.InputPropertiesError({
        message: `nodePools.${pool.name} is invalid: AKS system pools cannot run on Spot VMs.`,
        errors: [{ propertyPath: `nodePools.${pool.name}.capacity`, reason: "AKS system pools cannot run on Spot VMs; use capacity: on-demand" }],
    });
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
        tags: { ...ctx.tags, ...(specPool.localNvme ? { [AKS_SCRATCH_TAG]: "temp-disk" } : {}) },
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
 * Every AKS agent pool name the cluster will have, refusing a rack pool whose name leaves no room for the
 * zone number or collides with another pool (call before registering anything).
 * @param pools the contract pools (racks carry AKS zone numbers)
 */
export function agentPoolNames(pools: readonly PoolHandle[]): string[] {
    const names = pools.flatMap((p) => (p.racks ? p.racks.map((r) => rackPoolName(p.name, r.zone)) : [p.name]));
    for (const p of pools) {
        if (p.racks && p.name.length > 11) {
            throw new pulumi.InputPropertiesError({
                message: `nodePools.${p.name} is invalid on Azure.`,
                errors: [{ propertyPath: `nodePools.${p.name}`, reason: `AKS makes one agent pool per zone of a data pool, named <pool><zone> (e.g. ${rackPoolName(p.name.slice(0, 11), p.racks[0]!.zone)}), and agent pool names have at most 12 characters: name the pool with at most 11` }],
            });
        }
    }
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup !== undefined) {
        throw new pulumi.InputPropertiesError({
            message: `nodePools: two AKS agent pools would both be named ${dup}.`,
            errors: [{ propertyPath: "nodePools", reason: `a data pool's per-zone agent pools are named <pool><zone>; ${dup} is also another pool's name: rename one` }],
        });
    }
    return names;
}

/**
 * One AgentPool per pool except the inline one (a second system pool becomes a System-mode AgentPool);
 * a data pool with racks gets one AgentPool per zone (`<pool><zone>`, that zone only, that zone's share
 * of the bounds), so the autoscaler adds a node in the zone whose LRS disk a Pending pod needs (a
 * multi-zone scale set lets it pick no zone) and `balanceSimilarNodeGroups` (controlPlane.ts) keeps the
 * zones even: AKS's guidance for zonal disks (https://learn.microsoft.com/azure/aks/availability-zones)
 * and the autoscaler's (kubernetes/autoscaler cluster-autoscaler FAQ, "How can I scale a node group to 0"
 * / AWS README "Common Notes and Gotchas": an ASG per AZ with --balance-similar-node-groups). A pool
 * whose immutable properties change is replaced, deleting the old pool first (the new one takes its name).
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
    // The autoscaler owns the node count after creation; immutable properties replace the pool.
    const poolOpts = pulumi.mergeOptions(opts, { ignoreChanges: ["count"], replaceOnChanges: [...AGENT_POOL_REPLACE_ON_CHANGES], deleteBeforeReplace: true });
    return pools
        .filter((p) => p.name !== inlinePool)
        .flatMap((pool) => {
            const props = agentPoolProperties(pool, ctx);
            const common = { resourceGroupName: cluster.resourceGroupName, resourceName: cluster.clusterName, type: "VirtualMachineScaleSets" };
            if (!pool.racks) return [new containerservice.AgentPool(`${name}-${pool.name}`, { ...common, agentPoolName: pool.name, ...props }, poolOpts)];
            return pool.racks.map(
                (rack) =>
                    new containerservice.AgentPool(
                        `${name}-${pool.name}-${rack.zone}`,
                        {
                            ...common,
                            ...props,
                            agentPoolName: rackPoolName(pool.name, rack.zone),
                            availabilityZones: [rack.zone],
                            minCount: rack.minNodes,
                            maxCount: rack.maxNodes,
                            count: rack.minNodes,
                            tags: { ...props.tags, [AKS_RACK_TAG]: rack.zone },
                        },
                        poolOpts,
                    ),
            );
        });
}
