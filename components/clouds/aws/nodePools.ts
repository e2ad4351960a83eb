import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import type { NodePool, PlatformSpec } from "../../spec";
import type { Taint } from "../../spec/nodeClass";
import type { InstanceType } from "../catalogTypes";
import type { PoolHandle } from "../clusterHandle";
import { EKS_ACCELERATOR_LABEL, EKS_ACCELERATOR_VALUES, EKS_AMI_TYPES, EKS_ROOT_DEVICE, EKS_TAINT_EFFECTS, type EksAmiType } from "./catalog";

/** Nodes a managed node group may take down at once during an update (one at a time: data pools hold replicas). */
export const MAX_UNAVAILABLE_NODES = 1;
/** Instance metadata: IMDSv2 only, one hop, so pods (one hop further) cannot reach the node role. */
export const METADATA_OPTIONS = { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" } as const;
/** Resource types launched instances tag with the cost tags. */
export const TAGGED_AT_LAUNCH = ["instance", "volume", "network-interface"] as const;
/** Prefix of the Cluster Autoscaler's node-template tags (scale from zero). */
export const NODE_TEMPLATE_TAG = "k8s.io/cluster-autoscaler/node-template";
/** Tag of a node group that is one zone (rack) of a zonal pool. */
export const RACK_TAG = "tristack.io/rack";
/** MIME boundary of the launch-template user data. */
export const USER_DATA_BOUNDARY = "TRISTACK";

/**
 * The AL2023 AMI type of an instance type: NVIDIA variant for GPU types, ARM variant for Graviton.
 * @param type the resolved instance type
 */
export function amiTypeFor(type: InstanceType): EksAmiType {
    const arch = EKS_AMI_TYPES[type.arch ?? "x86_64"];
    return type.gpu ? arch.nvidia : arch.standard;
}

/**
 * Whether the system pool carries the contract's `CriticalAddonsOnly=true:NoSchedule` taint on EKS.
 * The add-ons tristack installs there (CoreDNS, the EBS CSI controller, the Cluster Autoscaler)
 * tolerate it and are pinned to system nodes; the node DaemonSets tolerate everything. Everything
 * else needs an untainted pool, so the system pool is tainted exactly when the spec has a
 * `general` or `large-core` pool (the same rule as GKE).
 * @param spec the validated spec
 */
export function eksSystemTaint(spec: PlatformSpec): boolean {
    return Object.values(spec.nodePools).some((p) => p.role === "general" || p.role === "large-core");
}

/** A taint as `aws.eks.NodeGroup` takes it. */
export interface EksTaint {
    readonly key: string;
    readonly value: string;
    readonly effect: string;
}

/**
 * Kubernetes taints in the EKS API's format (`NoSchedule` -> `NO_SCHEDULE`).
 * @param taints the pool handle's taints
 */
export function eksTaints(taints: readonly Taint[]): EksTaint[] {
    return taints.map((t) => ({ key: t.key, value: t.value, effect: EKS_TAINT_EFFECTS[t.effect] }));
}

/** kube-reserved ephemeral storage, as nodeadm sets it (`nodeadm/internal/kubelet/config.go`). */
export const KUBE_RESERVED_EPHEMERAL_STORAGE = "1Gi";

/**
 * The nodeadm `NodeConfig` tristack adds to what EKS generates for a managed node group.
 *
 * - `kubelet.config.kubeReserved`: exactly the reservation the handle's allocatable was computed
 *   from (`eksKubeReserved` in components/capacity/allocatable.ts). Without it nodeadm reserves
 *   `11 * ENI max pods + 255` MiB (2829 MiB on m7i/r7i.4xlarge) whatever `maxPods` says
 *   (`nodeadm/internal/kubelet/config.go` `withDefaultReservedResources`; `doc/api.md`). nodeadm
 *   writes `kubelet.config` to the drop-in `/etc/kubernetes/kubelet/config.json.d/40-nodeadm.conf`,
 *   and the kubelet applies drop-ins as a JSON merge patch over nodeadm's `config.json`
 *   (kubernetes `cmd/kubelet/app/server.go` `mergeKubeletConfigurations`), so these keys win.
 * - `kubelet.config.maxPods`: the managed node group's own value (110 / 250), which EKS appends in
 *   a later NodeConfig anyway; writing the same number keeps the result independent of the order.
 * - for pools that asked for local NVMe, a RAID-0 of the instance-store disks that the kubelet,
 *   containerd and Spark's hostPath scratch use.
 * @param handle the pool's neutral handle
 */
export function nodeConfig(handle: PoolHandle): string {
    const a = handle.allocatable;
    const lines = [
        "---",
        "apiVersion: node.eks.aws/v1alpha1",
        "kind: NodeConfig",
        "spec:",
        "  kubelet:",
        "    config:",
        `      maxPods: ${a.maxPods}`,
        "      kubeReserved:",
        `        cpu: ${a.reservedCpuMillis}m`,
        `        memory: ${a.reservedMemoryMiB}Mi`,
        `        ephemeral-storage: ${KUBE_RESERVED_EPHEMERAL_STORAGE}`,
    ];
    if (handle.localScratch) lines.push("  instance:", "    localStorage:", "      strategy: RAID0");
    return `${lines.join("\n")}\n`;
}

/**
 * Launch-template user data: a MIME multi-part document with one `application/node.eks.aws` part,
 * which EKS merges with its own NodeConfig (cluster endpoint, CA, labels, taints, max pods).
 * @param handle the pool's neutral handle
 */
export function userData(handle: PoolHandle): string {
    return [
        "MIME-Version: 1.0",
        `Content-Type: multipart/mixed; boundary="${USER_DATA_BOUNDARY}"`,
        "",
        `--${USER_DATA_BOUNDARY}`,
        "Content-Type: application/node.eks.aws",
        "",
        nodeConfig(handle),
        `--${USER_DATA_BOUNDARY}--`,
        "",
    ].join("\n");
}

/**
 * The labels the node group puts on its nodes: the contract's, plus on GPU pools the autoscaler's
 * GPU label ({@link EKS_ACCELERATOR_LABEL}).
 * @param handle the pool's neutral handle
 */
export function nodeLabels(handle: PoolHandle): Record<string, string> {
    const gpu = handle.instanceType.gpu;
    return { ...handle.labels, ...(gpu ? { [EKS_ACCELERATOR_LABEL]: EKS_ACCELERATOR_VALUES[gpu.model] } : {}) };
}

/**
 * Cluster Autoscaler node-template tags: the labels (GPU label included), taints and GPUs a node of
 * this pool will have, so the autoscaler can pick the pool while it has no node to look at (scale
 * from zero). Tag format: kubernetes/autoscaler `cluster-autoscaler/cloudprovider/aws/README.md`,
 * "Auto-Discovery Setup" (`k8s.io/cluster-autoscaler/node-template/label/<label>`, `.../taint/<key>`,
 * `.../resources/<resource>`).
 * @param handle the pool's neutral handle
 */
export function nodeTemplateTags(handle: PoolHandle): Record<string, string> {
    const tags: Record<string, string> = {};
    for (const [k, v] of Object.entries(nodeLabels(handle))) tags[`${NODE_TEMPLATE_TAG}/label/${k}`] = v;
    for (const t of handle.taints) tags[`${NODE_TEMPLATE_TAG}/taint/${t.key}`] = `${t.value}:${t.effect}`;
    const gpu = handle.instanceType.gpu;
    if (gpu) tags[`${NODE_TEMPLATE_TAG}/resources/nvidia.com/gpu`] = String(gpu.count);
    return tags;
}

/** What the node groups need besides the pools. */
export interface NodeGroupContext {
    readonly clusterName: pulumi.Input<string>;
    /** Kubernetes minor of the nodes (the control plane's). */
    readonly kubernetesVersion: pulumi.Input<string>;
    readonly nodeRoleArn: pulumi.Input<string>;
    readonly subnetIds: pulumi.Input<string>[];
    /** Root volumes are encrypted with this key. */
    readonly keyArn: pulumi.Input<string>;
    /** Cost tags for instances, volumes and ENIs (provider default tags do not reach them). */
    readonly launchTags: Readonly<Record<string, string>>;
    /**
     * What a node needs before it can become Ready (the CNI and kube-proxy add-ons): the node groups wait
     * for these, their launch templates do not (issue 25).
     */
    readonly joinAfter?: readonly pulumi.Resource[];
}

/** One node group's cloud resources (the launch template is shared by the zones of a pool). */
export interface NodeGroupResources {
    /** The spec pool the node group belongs to. */
    readonly pool: string;
    readonly launchTemplate: aws.ec2.LaunchTemplate;
    readonly nodeGroup: aws.eks.NodeGroup;
    /** Node-template tags put on the Auto Scaling group itself (EKS does not copy node group tags there). */
    readonly asgTags: aws.autoscaling.Tag[];
}

function poolError(handle: PoolHandle, propertyPath: string, reason: string): pulumi.InputPropertiesError {
    return new pulumi.InputPropertiesError({ message: `node pool ${handle.name} is invalid.`, errors: [{ propertyPath, reason }] });
}

/** One managed node group of a pool: the whole pool across every zone, or one zone of a zonal pool. */
interface NodeGroupUnit {
    /** Logical name of the node group. */
    readonly id: string;
    /** The zone, for one zone of a zonal pool. */
    readonly zone?: string;
    readonly subnetIds: pulumi.Input<string>[];
    readonly minNodes: number;
    readonly maxNodes: number;
}

/**
 * The node groups of a pool. A pool with racks (data pools: zonal EBS volumes) gets one node group
 * per zone, in that zone's private subnet only: the Cluster Autoscaler then adds a node in the zone
 * whose volume the Pending pod needs, builds a scale-from-zero template for that zone, and
 * `balance-similar-node-groups` keeps the zones even (kubernetes/autoscaler
 * `cluster-autoscaler/cloudprovider/aws/README.md`, "Common Notes and Gotchas": with EBS "use a
 * single AZ ASG ... or an ASG-per-AZ while enabling --balance-similar-node-groups").
 * Every other pool is one node group over the private subnets of every zone.
 * @param id the pool's logical name
 * @param handle the pool's neutral handle
 * @param zones the spec's zones, in the order of `subnetIds` (one private subnet per zone)
 * @param subnetIds the private subnets
 */
export function nodeGroupUnits(id: string, handle: PoolHandle, zones: readonly string[], subnetIds: pulumi.Input<string>[]): NodeGroupUnit[] {
    if (!handle.racks) return [{ id, subnetIds, minNodes: handle.minNodes, maxNodes: handle.maxNodes }];
    return handle.racks.map((rack) => {
        const subnet = subnetIds[zones.indexOf(rack.zone)];
        if (subnet === undefined) throw poolError(handle, "zones", `no private subnet for zone ${rack.zone} (subnets: ${subnetIds.length}, zones: ${zones.join(", ")})`);
        return { id: `${id}-${rack.zone}`, zone: rack.zone, subnetIds: [subnet], minNodes: rack.minNodes, maxNodes: rack.maxNodes };
    });
}

/**
 * Launch template, managed node group(s) (one per zone for zonal pools) and, for groups that scale
 * from zero, the Auto Scaling group tags of one spec pool.
 * @param name component name
 * @param pool the spec's pool
 * @param handle its neutral handle
 * @param ctx cluster, role, subnets, key, tags
 * @param zones the spec's zones, in the order of `ctx.subnetIds`
 * @param opts options (parent, provider, dependsOn)
 * @internal
 */
export function createNodeGroup(name: string, pool: NodePool, handle: PoolHandle, ctx: NodeGroupContext, zones: readonly string[], opts: pulumi.CustomResourceOptions): NodeGroupResources[] {
    const type = handle.instanceType;
    if (pool.gpu && type.gpu?.model !== pool.gpu.model) {
        throw poolError(handle, `nodePools.${handle.name}.instanceType.aws`, `${type.name} carries ${type.gpu ? type.gpu.model : "no GPU"}, the pool asks for ${pool.gpu.model}`);
    }
    const id = `${name}-${handle.name}`;
    const launchTemplate = new aws.ec2.LaunchTemplate(
        id,
        {
            description: `tristack ${name} pool ${handle.name} (${type.name})`,
            updateDefaultVersion: true,
            blockDeviceMappings: [{ deviceName: EKS_ROOT_DEVICE, ebs: { volumeSize: pool.diskGiB, volumeType: "gp3", encrypted: "true", kmsKeyId: ctx.keyArn, deleteOnTermination: "true" } }],
            metadataOptions: { ...METADATA_OPTIONS },
            userData: Buffer.from(userData(handle), "utf8").toString("base64"),
            tagSpecifications: TAGGED_AT_LAUNCH.map((resourceType) => ({ resourceType, tags: { ...ctx.launchTags, Name: id, "tristack.io/pool": handle.name } })),
            tags: { Name: id },
        },
        opts,
    );
    return nodeGroupUnits(id, handle, zones, ctx.subnetIds).map((unit) => {
        const templateTags = unit.minNodes === 0 ? nodeTemplateTags(handle) : {};
        const nodeGroup = new aws.eks.NodeGroup(
            unit.id,
            {
                clusterName: ctx.clusterName,
                nodeRoleArn: ctx.nodeRoleArn,
                subnetIds: unit.subnetIds,
                // Follows the control plane: a new `kubernetesVersion` rolls the nodes after the cluster.
                version: ctx.kubernetesVersion,
                amiType: amiTypeFor(type),
                capacityType: handle.capacity === "spot" ? "SPOT" : "ON_DEMAND",
                instanceTypes: [type.name],
                scalingConfig: { minSize: unit.minNodes, maxSize: unit.maxNodes, desiredSize: unit.minNodes },
                updateConfig: { maxUnavailable: MAX_UNAVAILABLE_NODES },
                nodeRepairConfig: { enabled: true },
                labels: nodeLabels(handle),
                taints: eksTaints(handle.taints),
                launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.apply(String) },
                // `tristack.io/rack`: this group is one zone of a zonal pool (policy nodepool-multi-zone reads it).
                tags: { Name: unit.id, ...(unit.zone ? { [RACK_TAG]: unit.zone } : {}), ...templateTags },
            },
            // The Cluster Autoscaler owns the size after creation.
            pulumi.mergeOptions(opts, { ignoreChanges: ["scalingConfig.desiredSize"], dependsOn: [...(ctx.joinAfter ?? [])] }),
        );
        const asgName = nodeGroup.resources.apply((r) => r[0]?.autoscalingGroups[0]?.name ?? "");
        const asgTags = Object.entries(templateTags).map(
            ([key, value], i) => new aws.autoscaling.Tag(`${unit.id}-template-${i}`, { autoscalingGroupName: asgName, tag: { key, value, propagateAtLaunch: false } }, opts),
        );
        return { pool: handle.name, launchTemplate, nodeGroup, asgTags };
    });
}

/**
 * The managed node groups of every spec pool: one over the private subnets of every zone, or one per
 * zone for pools that are zonal per rack.
 * @param name component name
 * @param spec the validated spec
 * @param handles the neutral pool handles
 * @param ctx cluster, role, subnets (one per zone, in the order of `spec.zones`), key, tags
 * @param opts options (parent, provider, dependsOn)
 * @internal
 */
export function createNodeGroups(name: string, spec: PlatformSpec, handles: Readonly<Record<string, PoolHandle>>, ctx: NodeGroupContext, opts: pulumi.CustomResourceOptions): NodeGroupResources[] {
    return Object.entries(spec.nodePools).flatMap(([poolName, pool]) => {
        const handle = handles[poolName];
        if (!handle) throw new pulumi.RunError(`no pool handle for ${poolName}`);
        return createNodeGroup(name, pool, handle, ctx, spec.zones, opts);
    });
}
