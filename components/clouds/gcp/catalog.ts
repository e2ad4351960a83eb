import type { CloudCatalog } from "../catalogTypes";

/**
 * Compute Engine machine types tristack resolves pools to. Data only.
 * GKE Standard defaults to 110 pods per node. `localNvme` on an N2/C3 type is the local SSD
 * count GKE attaches when a pool asks for local NVMe (`ephemeralStorageLocalSsdConfig`);
 * on A2 ultra / A3 it is bundled with the machine.
 */
export const GCP_CATALOG: CloudCatalog = {
    zoneStyle: "region-prefixed",
    instanceTypes: [
        { name: "n2-standard-4", roles: ["system"], vCpu: 4, memoryGiB: 16, defaultMaxPods: 110 },
        { name: "n2-standard-8", roles: ["system", "general"], vCpu: 8, memoryGiB: 32, defaultMaxPods: 110, localNvme: { disks: 1, diskGiB: 375 } },
        { name: "n2-standard-16", roles: ["general", "data"], vCpu: 16, memoryGiB: 64, defaultMaxPods: 110 },
        { name: "n2-highmem-16", roles: ["data"], vCpu: 16, memoryGiB: 128, defaultMaxPods: 110, localNvme: { disks: 2, diskGiB: 375 } },
        { name: "n2-standard-64", roles: ["large-core"], vCpu: 64, memoryGiB: 256, defaultMaxPods: 110, localNvme: { disks: 4, diskGiB: 375 } },
        { name: "c3-standard-88", roles: ["large-core"], vCpu: 88, memoryGiB: 352, defaultMaxPods: 110 },
        { name: "n1-standard-8", roles: ["gpu"], vCpu: 8, memoryGiB: 30, defaultMaxPods: 110, gpu: { model: "T4", count: 1 } },
        { name: "g2-standard-8", roles: ["gpu"], vCpu: 8, memoryGiB: 32, defaultMaxPods: 110, gpu: { model: "L4", count: 1 } },
        { name: "g2-standard-48", roles: ["gpu"], vCpu: 48, memoryGiB: 192, defaultMaxPods: 110, gpu: { model: "L4", count: 4 } },
        { name: "a2-highgpu-1g", roles: ["gpu"], vCpu: 12, memoryGiB: 85, defaultMaxPods: 110, gpu: { model: "A100-40GB", count: 1 } },
        { name: "a2-highgpu-8g", roles: ["gpu"], vCpu: 96, memoryGiB: 680, defaultMaxPods: 110, gpu: { model: "A100-40GB", count: 8 } },
        { name: "a2-ultragpu-1g", roles: ["gpu"], vCpu: 12, memoryGiB: 170, defaultMaxPods: 110, gpu: { model: "A100-80GB", count: 1 }, localNvme: { disks: 1, diskGiB: 375 } },
        { name: "a3-highgpu-8g", roles: ["gpu"], vCpu: 208, memoryGiB: 1872, defaultMaxPods: 110, gpu: { model: "H100-80GB", count: 8 }, localNvme: { disks: 16, diskGiB: 375 } },
    ],
};
