import type { GpuModel, TaintEffect } from "../../spec/nodeClass";
import type { CloudCatalog } from "../catalogTypes";

/**
 * Compute Engine machine types tristack resolves pools to. Data only.
 * GKE Standard defaults to 110 pods per node. `localNvme` on an N2 type is the local SSD
 * count GKE attaches when a pool asks for local NVMe (`ephemeralStorageLocalSsdConfig`); it must be
 * a count Compute Engine allows for the vCPU count (N2: 1-10 vCPU >= 1, 12-20 >= 2, 22-40 >= 4,
 * 42-80 >= 8, https://cloud.google.com/compute/docs/disks/local-ssd#choose_number_local_ssds).
 * On A2 ultra / A3 the local SSDs are bundled with the machine type.
 */
export const GCP_CATALOG: CloudCatalog = {
    zoneStyle: "region-prefixed",
    // An internal passthrough Network Load Balancer in the cluster's subnet.
    internalLoadBalancer: { serviceAnnotations: { "networking.gke.io/load-balancer-type": "Internal" } },
    medusaBackups: true,
    // Regions: Compute Engine's region list (https://cloud.google.com/compute/docs/regions-zones), read
    // 2026-12-02; GKE Standard regional clusters are offered in each.
    regions: [
        "africa-south1", "asia-east1", "asia-east2", "asia-northeast1", "asia-northeast2", "asia-northeast3", "asia-south1", "asia-south2",
        "asia-southeast1", "asia-southeast2", "australia-southeast1", "australia-southeast2", "europe-central2", "europe-north1", "europe-north2",
        "europe-southwest1", "europe-west1", "europe-west2", "europe-west3", "europe-west4", "europe-west6", "europe-west8", "europe-west9",
        "europe-west10", "europe-west12", "me-central1", "me-central2", "me-west1", "northamerica-northeast1", "northamerica-northeast2",
        "northamerica-south1", "southamerica-east1", "southamerica-west1", "us-central1", "us-east1", "us-east4", "us-east5", "us-south1",
        "us-west1", "us-west2", "us-west3", "us-west4",
    ],
    // apiAccess modes the adapter maps (controlPlane.ts); `private` needs the cluster in gcp.existingNetwork.
    apiAccess: { modes: ["public", "private", "dns"], existingNetworkKey: "gcp.existingNetwork" },
    instanceTypes: [
        { name: "n2-standard-4", roles: ["system"], vCpu: 4, memoryGiB: 16, defaultMaxPods: 110 },
        { name: "n2-standard-8", roles: ["system", "general"], vCpu: 8, memoryGiB: 32, defaultMaxPods: 110, localNvme: { disks: 1, diskGiB: 375 } },
        { name: "n2-standard-16", roles: ["general", "data"], vCpu: 16, memoryGiB: 64, defaultMaxPods: 110 },
        { name: "n2-highmem-16", roles: ["data"], vCpu: 16, memoryGiB: 128, defaultMaxPods: 110, localNvme: { disks: 2, diskGiB: 375 } },
        // 64 vCPUs: Compute Engine accepts 8, 16 or 24 local SSDs on N2 at this size, not 4.
        { name: "n2-standard-64", roles: ["large-core"], vCpu: 64, memoryGiB: 256, defaultMaxPods: 110, localNvme: { disks: 8, diskGiB: 375 } },
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

/**
 * The Compute Engine accelerator type of each GPU model (`guestAccelerators[].type`). The machine
 * family must match: T4 attaches to N1, L4 comes with G2, A100 40GB with A2 high, A100 80GB with
 * A2 ultra, H100 80GB with A3 (https://cloud.google.com/compute/docs/gpus). `undefined`: not on GCP.
 */
export const GCP_ACCELERATOR_TYPES: Record<GpuModel, string | undefined> = {
    T4: "nvidia-tesla-t4",
    L4: "nvidia-l4",
    A10G: undefined,
    "A100-40GB": "nvidia-tesla-a100",
    "A100-80GB": "nvidia-a100-80gb",
    "H100-80GB": "nvidia-h100-80gb",
};

/** GKE's spelling of a Kubernetes taint effect (`nodeConfig.taints[].effect`). */
export const GKE_TAINT_EFFECTS: Record<TaintEffect, string> = {
    NoSchedule: "NO_SCHEDULE",
    PreferNoSchedule: "PREFER_NO_SCHEDULE",
    NoExecute: "NO_EXECUTE",
};

/**
 * Where GKE mounts the RAID-0 of local SSDs when a pool uses them for ephemeral storage
 * (`ephemeralStorageLocalSsdConfig`): the kubelet root, emptyDir volumes and container writable
 * layers live there, and hostPath volumes under it land on the local SSDs.
 */
export const GKE_LOCAL_SSD_HOST_PATH = "/mnt/stateful_partition/kube-ephemeral-ssd";

/** The GCE Persistent Disk CSI driver GKE runs as a managed add-on. */
export const GKE_PD_CSI_PROVISIONER = "pd.csi.storage.gke.io";

/**
 * Persistent Disk type per storage tier. `pd-balanced` / `pd-ssd` attach to every family in the
 * catalog (N1, N2, C3, G2, A2, A3); Hyperdisk-only families (C4, N4, A4) are not in the catalog.
 */
export const GKE_DISK_TYPES = { standard: "pd-balanced", fast: "pd-ssd" } as const;

/** The storage classes GKE installs (`standard-rwo` is the default), to be un-defaulted. */
export const GKE_DEFAULT_STORAGE_CLASSES = ["standard-rwo", "standard"] as const;
