import type { GpuModel, StorageTier, TaintEffect } from "../../spec/nodeClass";
import type { Arch, CloudCatalog } from "../catalogTypes";

/**
 * EC2 instance types tristack resolves pools to. Data only.
 * Shapes: EC2 instance type pages; max pods: the nodeadm ENI formula
 * `ENIs * (IPv4 per ENI - 1) + 2` (see docs/reference/node-allocatable.md §1.1).
 */
export const AWS_CATALOG: CloudCatalog = {
    zoneStyle: "region-prefixed",
    // The cloud controller manager EKS runs makes an internal NLB in the subnets tagged
    // kubernetes.io/role/internal-elb (no AWS Load Balancer Controller needed).
    internalLoadBalancer: { serviceAnnotations: { "service.beta.kubernetes.io/aws-load-balancer-internal": "true", "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" } },
    medusaBackups: true,
    // Regions: the commercial-partition members of @pulumi/aws 7.48.0's `Region` enum
    // (node_modules/@pulumi/aws/types/enums/index.d.ts), read 2026-12-02; EKS runs in every one
    // (https://docs.aws.amazon.com/general/latest/gr/eks.html). China, GovCloud and ISO partitions need
    // other ARNs and endpoints and are left out on purpose.
    regions: [
        "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2",
        "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
        "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3",
        "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
    ],
    // apiAccess modes the adapter maps (controlPlane.ts); `private` needs the cluster in aws.existingVpc.
    apiAccess: { modes: ["public", "private"], existingNetworkKey: "aws.existingVpc" },
    instanceTypes: [
        { name: "m7i.xlarge", roles: ["system"], vCpu: 4, memoryGiB: 16, defaultMaxPods: 58 },
        { name: "m7i.2xlarge", roles: ["system", "general"], vCpu: 8, memoryGiB: 32, defaultMaxPods: 58 },
        { name: "m6id.2xlarge", roles: ["general"], vCpu: 8, memoryGiB: 32, defaultMaxPods: 58, localNvme: { disks: 1, diskGiB: 441 } },
        { name: "m7i.4xlarge", roles: ["general", "data"], vCpu: 16, memoryGiB: 64, defaultMaxPods: 234 },
        { name: "r7i.4xlarge", roles: ["data"], vCpu: 16, memoryGiB: 128, defaultMaxPods: 234 },
        { name: "r6id.4xlarge", roles: ["data"], vCpu: 16, memoryGiB: 128, defaultMaxPods: 234, localNvme: { disks: 1, diskGiB: 884 } },
        { name: "c7i.16xlarge", roles: ["large-core"], vCpu: 64, memoryGiB: 128, defaultMaxPods: 737 },
        { name: "m7i.16xlarge", roles: ["large-core"], vCpu: 64, memoryGiB: 256, defaultMaxPods: 737 },
        { name: "m6id.16xlarge", roles: ["large-core"], vCpu: 64, memoryGiB: 256, defaultMaxPods: 737, localNvme: { disks: 4, diskGiB: 884 } },
        { name: "m7i.24xlarge", roles: ["large-core"], vCpu: 96, memoryGiB: 384, defaultMaxPods: 737 },
        { name: "g4dn.xlarge", roles: ["gpu"], vCpu: 4, memoryGiB: 16, defaultMaxPods: 29, gpu: { model: "T4", count: 1 }, localNvme: { disks: 1, diskGiB: 116 } },
        { name: "g5.xlarge", roles: ["gpu"], vCpu: 4, memoryGiB: 16, defaultMaxPods: 58, gpu: { model: "A10G", count: 1 }, localNvme: { disks: 1, diskGiB: 232 } },
        { name: "g6.xlarge", roles: ["gpu"], vCpu: 4, memoryGiB: 16, defaultMaxPods: 58, gpu: { model: "L4", count: 1 }, localNvme: { disks: 1, diskGiB: 232 } },
        { name: "g6.12xlarge", roles: ["gpu"], vCpu: 48, memoryGiB: 192, defaultMaxPods: 234, gpu: { model: "L4", count: 4 } },
        { name: "p4d.24xlarge", roles: ["gpu"], vCpu: 96, memoryGiB: 1152, defaultMaxPods: 737, gpu: { model: "A100-40GB", count: 8 }, localNvme: { disks: 8, diskGiB: 931 } },
        { name: "p4de.24xlarge", roles: ["gpu"], vCpu: 96, memoryGiB: 1152, defaultMaxPods: 737, gpu: { model: "A100-80GB", count: 8 }, localNvme: { disks: 8, diskGiB: 931 } },
        { name: "p5.48xlarge", roles: ["gpu"], vCpu: 192, memoryGiB: 2048, defaultMaxPods: 100, gpu: { model: "H100-80GB", count: 8 }, localNvme: { disks: 8, diskGiB: 3576 } },
    ],
};

/**
 * ENI limits of the catalog's types on the default network card, copied from nodeadm's embedded
 * table (awslabs/amazon-eks-ami `nodeadm/internal/kubelet/instance-info.jsonl`, `defaultMaxENIs`,
 * `ipv4AddressesPerInterface`). nodeadm's own max pods is `ENIs * (IPv4 per ENI - 1) + 2`
 * (`eni_max_pods.go` `calculateStandardMaxPods`); it is the `defaultMaxPods` of every type above and
 * what nodeadm would size kube-reserved from if tristack did not write it (see nodePools.ts).
 */
export const EKS_ENI_LIMITS: Readonly<Record<string, { readonly defaultMaxEnis: number; readonly ipv4PerEni: number }>> = {
    "m7i.xlarge": { defaultMaxEnis: 4, ipv4PerEni: 15 },
    "m7i.2xlarge": { defaultMaxEnis: 4, ipv4PerEni: 15 },
    "m6id.2xlarge": { defaultMaxEnis: 4, ipv4PerEni: 15 },
    "m7i.4xlarge": { defaultMaxEnis: 8, ipv4PerEni: 30 },
    "r7i.4xlarge": { defaultMaxEnis: 8, ipv4PerEni: 30 },
    "r6id.4xlarge": { defaultMaxEnis: 8, ipv4PerEni: 30 },
    "c7i.16xlarge": { defaultMaxEnis: 15, ipv4PerEni: 50 },
    "m7i.16xlarge": { defaultMaxEnis: 15, ipv4PerEni: 50 },
    "m6id.16xlarge": { defaultMaxEnis: 15, ipv4PerEni: 50 },
    "m7i.24xlarge": { defaultMaxEnis: 15, ipv4PerEni: 50 },
    "g4dn.xlarge": { defaultMaxEnis: 3, ipv4PerEni: 10 },
    "g5.xlarge": { defaultMaxEnis: 4, ipv4PerEni: 15 },
    "g6.xlarge": { defaultMaxEnis: 4, ipv4PerEni: 15 },
    "g6.12xlarge": { defaultMaxEnis: 8, ipv4PerEni: 30 },
    "p4d.24xlarge": { defaultMaxEnis: 15, ipv4PerEni: 50 },
    "p4de.24xlarge": { defaultMaxEnis: 15, ipv4PerEni: 50 },
    "p5.48xlarge": { defaultMaxEnis: 2, ipv4PerEni: 50 },
};

/** EKS managed node group AMI types (Amazon Linux 2023, configured by nodeadm). */
export type EksAmiType = "AL2023_x86_64_STANDARD" | "AL2023_x86_64_NVIDIA" | "AL2023_ARM_64_STANDARD" | "AL2023_ARM_64_NVIDIA";

/**
 * AMI type by CPU architecture and whether the type carries NVIDIA GPUs. The NVIDIA variants ship
 * the driver and the container toolkit; the device plugin is installed by the platform layer.
 */
export const EKS_AMI_TYPES: Readonly<Record<Arch, { readonly standard: EksAmiType; readonly nvidia: EksAmiType }>> = {
    x86_64: { standard: "AL2023_x86_64_STANDARD", nvidia: "AL2023_x86_64_NVIDIA" },
    arm64: { standard: "AL2023_ARM_64_STANDARD", nvidia: "AL2023_ARM_64_NVIDIA" },
};

/** Kubernetes taint effects in the EKS API's spelling. */
export const EKS_TAINT_EFFECTS: Readonly<Record<TaintEffect, string>> = {
    NoSchedule: "NO_SCHEDULE",
    PreferNoSchedule: "PREFER_NO_SCHEDULE",
    NoExecute: "NO_EXECUTE",
};

/** The EBS CSI driver's provisioner name. */
export const EBS_CSI_PROVISIONER = "ebs.csi.aws.com";

/**
 * EBS volume parameters per storage tier (gp3 baseline is 3000 IOPS / 125 MiB/s; the fast tier
 * provisions 6000 IOPS / 500 MiB/s for Kafka logs and Cassandra SSTables).
 */
export const EBS_TIER_PARAMETERS: Readonly<Record<StorageTier, Readonly<Record<string, string>>>> = {
    standard: { type: "gp3" },
    fast: { type: "gp3", iops: "6000", throughput: "500" },
};

/** Storage classes EKS clusters ship marked default (the in-tree gp2 class). */
export const EKS_DEFAULT_STORAGE_CLASSES = ["gp2"] as const;

/**
 * Where nodeadm mounts the RAID-0 array of a node's instance-store NVMe disks
 * (`instance.localStorage.strategy: RAID0`; the array is `/mnt/k8s-disks/0` and the kubelet,
 * containerd and pod-log directories are bind-mounted onto it).
 */
export const EKS_LOCAL_NVME_HOST_PATH = "/mnt/k8s-disks/0";

/** Root device of the AL2023 EKS AMIs. */
export const EKS_ROOT_DEVICE = "/dev/xvda";

/**
 * The node label the Cluster Autoscaler's AWS provider reads to know a node is a GPU node
 * (kubernetes/autoscaler `cluster-autoscaler/cloudprovider/aws/aws_cloud_provider.go`,
 * `GPULabel = "k8s.amazonaws.com/accelerator"`). Without it, a new GPU node whose device plugin
 * has not yet advertised `nvidia.com/gpu` looks like a node without GPUs, and the autoscaler adds
 * another one for the still-Pending pod (FAQ "How can I scale a node group to 0?" / GPU notes).
 * Only its presence matters to the autoscaler; the value names the GPU for people and selectors.
 */
export const EKS_ACCELERATOR_LABEL = "k8s.amazonaws.com/accelerator";

/** Value of {@link EKS_ACCELERATOR_LABEL} per GPU model (the names the EKS docs and examples use). */
export const EKS_ACCELERATOR_VALUES: Readonly<Record<GpuModel, string>> = {
    T4: "nvidia-tesla-t4",
    L4: "nvidia-l4",
    A10G: "nvidia-a10g",
    "A100-40GB": "nvidia-tesla-a100",
    "A100-80GB": "nvidia-a100-80gb",
    "H100-80GB": "nvidia-h100-80gb",
};
