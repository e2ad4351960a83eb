import type { CloudCatalog } from "../catalogTypes";

/**
 * EC2 instance types tristack resolves pools to. Data only.
 * Shapes: EC2 instance type pages; max pods: the nodeadm ENI formula
 * `ENIs * (IPv4 per ENI - 1) + 2` (see shared reference capacity.md §1.1).
 */
export const AWS_CATALOG: CloudCatalog = {
    zoneStyle: "region-prefixed",
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
