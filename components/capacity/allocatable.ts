import type { InstanceType } from "../clouds/catalogTypes";
import type { Cloud } from "../spec/nodeClass";
import type { NodeAllocatable } from "./types";

/**
 * Node allocatable per cloud, from the formulas in docs/reference/node-allocatable.md §1
 * (EKS nodeadm, GKE Standard ladder, AKS 1.29+). Pure functions.
 */

const MIB_PER_GIB = 1024;
/** Hard eviction threshold for memory on every cloud (kubelet default `memory.available<100Mi`). */
export const EVICTION_MEMORY_MIB = 100;

/**
 * How far the kubelet's memory capacity sits below the nominal instance memory, per cloud
 * (measured on one node per cloud, node-allocatable.md §1.4).
 */
export const MEMORY_BELOW_NOMINAL: Record<Cloud, number> = { aws: 0.034, gcp: 0.024, azure: 0.021, existing: 0 };

/**
 * Kubelet memory capacity in MiB for a nominal size.
 * @param cloud the cloud
 * @param memoryGiB nominal memory
 */
export function capacityMemoryMiB(cloud: Cloud, memoryGiB: number): number {
    return Math.floor(memoryGiB * MIB_PER_GIB * (1 - MEMORY_BELOW_NOMINAL[cloud]));
}

/**
 * The CPU ladder shared by EKS nodeadm and GKE: 6% of the first core, 1% of the second,
 * 0.5% of cores 3-4, 0.25% above, each range with integer division in millicores.
 * @param vCpu virtual CPUs
 */
export function ladderCpuReserveMillis(vCpu: number): number {
    const total = vCpu * 1000;
    const ranges: [number, number, number][] = [
        [0, 1000, 600],
        [1000, 2000, 100],
        [2000, 4000, 50],
        [4000, Number.POSITIVE_INFINITY, 25],
    ];
    let reserved = 0;
    for (const [start, end, pct] of ranges) {
        if (total <= start) break;
        reserved += Math.floor(((Math.min(total, end) - start) * pct) / 10000);
    }
    return reserved;
}

/**
 * AKS kube-reserved CPU: the published points, and `140 + 10 * (cores - 4)` between them from 4 cores up.
 * @param vCpu virtual CPUs
 */
export function aksCpuReserveMillis(vCpu: number): number {
    const published: Record<number, number> = { 1: 60, 2: 100, 4: 140, 8: 180, 16: 260, 32: 420, 64: 740 };
    const exact = published[vCpu];
    if (exact !== undefined) return exact;
    if (vCpu < 4) return vCpu < 2 ? 60 : 100 + Math.floor(((vCpu - 2) * 40) / 2);
    return 140 + 10 * (vCpu - 4);
}

/**
 * GKE memory reservation: 255 MiB below 1 GiB, else 25% of the first 4 GiB, 20% of the next 4,
 * 10% of the next 8, 6% of the next 112 and 2% above 128 GiB, applied to the kubelet capacity,
 * each tier floored to whole MiB.
 * @param capacityMiB kubelet memory capacity
 */
export function gkeMemoryReserveMiB(capacityMiB: number): number {
    if (capacityMiB < MIB_PER_GIB) return 255;
    const tiers: [number, number][] = [
        [4 * MIB_PER_GIB, 0.25],
        [4 * MIB_PER_GIB, 0.2],
        [8 * MIB_PER_GIB, 0.1],
        [112 * MIB_PER_GIB, 0.06],
        [Number.POSITIVE_INFINITY, 0.02],
    ];
    let left = capacityMiB;
    let reserved = 0;
    for (const [size, pct] of tiers) {
        const part = Math.min(left, size);
        reserved += Math.floor(part * pct);
        left -= part;
        if (left <= 0) break;
    }
    return reserved;
}

/**
 * nodeadm's kube-reserved memory for a max-pods value: `11 * maxPods + 255` MiB
 * (awslabs/amazon-eks-ami `nodeadm/internal/kubelet/config.go`, `getMemoryMebibytesToReserve`).
 * nodeadm applies it to the max pods *it* computes (the ENI formula or `maxPodsExpression`), never
 * to `kubelet.config.maxPods` (`nodeadm/doc/api.md`: "kubeReserved will always be calculated on its
 * result"; awslabs/amazon-eks-ami#1698), so the EKS adapter writes the value explicitly.
 * @param maxPods the pods the reservation is for
 */
export function eksMemoryReserveMiB(maxPods: number): number {
    return 11 * maxPods + 255;
}

/**
 * The max pods an EKS managed node group gives the kubelet: 110 below 30 vCPUs, 250 from 30 up.
 * MNG appends its own NodeConfig (with `kubelet.config.maxPods`) after the launch template's user
 * data, and nodeadm lets the last document win ("merged in the order they appear in the MIME
 * multi-part document", `nodeadm/doc/examples.md`), so this value is what the kubelet runs with.
 * With prefix delegation on (tristack's VPC CNI setting) the ENI count never lowers it.
 * Sources: EKS User Guide "Assign more IP addresses to Amazon EKS nodes with prefixes"
 * (docs.aws.amazon.com/eks/latest/userguide/cni-increase-ip-addresses.html), awsdocs/amazon-eks-user-guide#663,
 * `templates/al2/runtime/max-pods-calculator.sh` (`CPU_COUNT -gt 30`), eksctl-io/eksctl#8037 and #5337.
 * @param vCpu virtual CPUs of the type
 */
export function eksManagedNodeGroupMaxPods(vCpu: number): number {
    return vCpu < 30 ? 110 : 250;
}

/**
 * The EKS kube-reservation tristack writes into every node's NodeConfig (`kubelet.config.kubeReserved`)
 * and models allocatable from: the nodeadm CPU ladder, and nodeadm's memory formula applied to the
 * larger of the spec's `maxPods` and the managed node group's max pods. Reserving for the larger
 * value is deliberate: whichever NodeConfig's `maxPods` a future EKS release lets win, the kubelet
 * never admits more pods than the reservation was sized for.
 * @param type the instance type
 * @param specMaxPods the pool's `maxPods`
 */
export function eksKubeReserved(type: Pick<InstanceType, "vCpu">, specMaxPods: number): { cpuMillis: number; memoryMiB: number; kubeletMaxPods: number; reservedForPods: number } {
    const kubeletMaxPods = eksManagedNodeGroupMaxPods(type.vCpu);
    const reservedForPods = Math.max(specMaxPods, kubeletMaxPods);
    return { cpuMillis: ladderCpuReserveMillis(type.vCpu), memoryMiB: eksMemoryReserveMiB(reservedForPods), kubeletMaxPods, reservedForPods };
}

/**
 * Allocatable CPU and memory of one node of a type, as the kubelet will report it. On EKS the
 * reservation is the one the adapter writes into the node's NodeConfig ({@link eksKubeReserved}) and
 * `maxPods` is the managed node group's.
 * @param cloud the cloud
 * @param type the instance type
 * @param maxPods max pods the spec asks for
 */
export function nodeAllocatable(cloud: Cloud, type: InstanceType, maxPods: number): NodeAllocatable {
    const capacity = capacityMemoryMiB(cloud, type.memoryGiB);
    const nominalMiB = type.memoryGiB * MIB_PER_GIB;
    let reservedCpuMillis: number;
    let reservedMemoryMiB: number;
    let kubeletMaxPods = maxPods;
    switch (cloud) {
        case "aws": {
            const reserved = eksKubeReserved(type, maxPods);
            reservedCpuMillis = reserved.cpuMillis;
            reservedMemoryMiB = reserved.memoryMiB;
            kubeletMaxPods = reserved.kubeletMaxPods;
            break;
        }
        case "gcp":
            reservedCpuMillis = ladderCpuReserveMillis(type.vCpu);
            reservedMemoryMiB = gkeMemoryReserveMiB(capacity);
            break;
        case "azure":
            reservedCpuMillis = aksCpuReserveMillis(type.vCpu);
            reservedMemoryMiB = Math.min(20 * maxPods + 50, Math.floor(nominalMiB * 0.25));
            break;
        case "existing":
            reservedCpuMillis = 0;
            reservedMemoryMiB = 0;
            break;
        default: {
            const unreachable: never = cloud;
            throw new Error(`unknown cloud ${String(unreachable)}`);
        }
    }
    return {
        cpuMillis: type.vCpu * 1000 - reservedCpuMillis,
        memoryMiB: capacity - reservedMemoryMiB - EVICTION_MEMORY_MIB,
        capacityMemoryMiB: capacity,
        reservedCpuMillis,
        reservedMemoryMiB,
        evictionMemoryMiB: EVICTION_MEMORY_MIB,
        maxPods: kubeletMaxPods,
    };
}
