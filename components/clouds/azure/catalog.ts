import type { CloudCatalog } from "../catalogTypes";

/**
 * Azure VM sizes tristack resolves pools to. Data only.
 * AKS with Azure CNI Overlay defaults to 250 pods per node. `A10G` is served by the A10 of the
 * NVadsA10 v5 family (same GA102 24 GB part; Azure does not sell the A10G variant); L4 has no AKS size.
 * `localNvme` on a `ds` size is its local temp SSD.
 */
export const AZURE_CATALOG: CloudCatalog = {
    zoneStyle: "numbered",
    // A frontend on the cluster's internal Standard load balancer, in the node subnet.
    internalLoadBalancer: { serviceAnnotations: { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" } },
    medusaBackups: true,
    // Regions: the programmatic names of the Azure public cloud's regions
    // (https://learn.microsoft.com/azure/reliability/regions-list), read 2026-12-02. Access-restricted
    // regions (australiacentral2, francesouth, germanynorth, norwaywest, southafricawest, switzerlandwest,
    // uaecentral, jioindiacentral/west) are included: a subscription with access can use them.
    regions: [
        "australiacentral", "australiacentral2", "australiaeast", "australiasoutheast", "austriaeast", "belgiumcentral", "brazilsouth",
        "brazilsoutheast", "canadacentral", "canadaeast", "centralindia", "centralus", "chilecentral", "eastasia", "eastus", "eastus2",
        "francecentral", "francesouth", "germanynorth", "germanywestcentral", "indonesiacentral", "israelcentral", "italynorth", "japaneast",
        "japanwest", "jioindiacentral", "jioindiawest", "koreacentral", "koreasouth", "malaysiawest", "mexicocentral", "newzealandnorth",
        "northcentralus", "northeurope", "norwayeast", "norwaywest", "polandcentral", "qatarcentral", "southafricanorth", "southafricawest",
        "southcentralus", "southeastasia", "southindia", "spaincentral", "swedencentral", "switzerlandnorth", "switzerlandwest", "uaecentral",
        "uaenorth", "uksouth", "ukwest", "westcentralus", "westeurope", "westindia", "westus", "westus2", "westus3",
    ],
    // apiAccess modes the adapter maps (controlPlane.ts); `private` needs the cluster in azure.existingSubnetId.
    apiAccess: { modes: ["public", "private"], existingNetworkKey: "azure.existingSubnetId" },
    instanceTypes: [
        { name: "Standard_D4s_v5", roles: ["system"], vCpu: 4, memoryGiB: 16, defaultMaxPods: 250 },
        { name: "Standard_D8s_v5", roles: ["system", "general"], vCpu: 8, memoryGiB: 32, defaultMaxPods: 250 },
        { name: "Standard_D8ds_v5", roles: ["general"], vCpu: 8, memoryGiB: 32, defaultMaxPods: 250, localNvme: { disks: 1, diskGiB: 300 } },
        { name: "Standard_D16s_v5", roles: ["general", "data"], vCpu: 16, memoryGiB: 64, defaultMaxPods: 250 },
        { name: "Standard_E16s_v5", roles: ["data"], vCpu: 16, memoryGiB: 128, defaultMaxPods: 250 },
        { name: "Standard_E16ds_v5", roles: ["data"], vCpu: 16, memoryGiB: 128, defaultMaxPods: 250, localNvme: { disks: 1, diskGiB: 600 } },
        { name: "Standard_D64s_v5", roles: ["large-core"], vCpu: 64, memoryGiB: 256, defaultMaxPods: 250 },
        { name: "Standard_D64ds_v5", roles: ["large-core"], vCpu: 64, memoryGiB: 256, defaultMaxPods: 250, localNvme: { disks: 1, diskGiB: 2400 } },
        { name: "Standard_D96s_v5", roles: ["large-core"], vCpu: 96, memoryGiB: 384, defaultMaxPods: 250 },
        { name: "Standard_NC4as_T4_v3", roles: ["gpu"], vCpu: 4, memoryGiB: 28, defaultMaxPods: 250, gpu: { model: "T4", count: 1 } },
        { name: "Standard_NV36ads_A10_v5", roles: ["gpu"], vCpu: 36, memoryGiB: 440, defaultMaxPods: 250, gpu: { model: "A10G", count: 1 } },
        { name: "Standard_NC24ads_A100_v4", roles: ["gpu"], vCpu: 24, memoryGiB: 220, defaultMaxPods: 250, gpu: { model: "A100-80GB", count: 1 }, localNvme: { disks: 1, diskGiB: 894 } },
        { name: "Standard_ND96asr_v4", roles: ["gpu"], vCpu: 96, memoryGiB: 900, defaultMaxPods: 250, gpu: { model: "A100-40GB", count: 8 } },
        { name: "Standard_ND96isr_H100_v5", roles: ["gpu"], vCpu: 96, memoryGiB: 1900, defaultMaxPods: 250, gpu: { model: "H100-80GB", count: 8 } },
    ],
};

/** The Azure Disk CSI driver AKS installs (`storageProfile.diskCSIDriver`). */
export const AZURE_DISK_CSI_PROVISIONER = "disk.csi.azure.com";

/**
 * Managed-disk SKU per storage tier. `fast` is Premium SSD (v1): offered in every region and zone and
 * usable with any VM size. Premium SSD v2 (`PremiumV2_LRS`, IOPS/throughput set per disk) would need
 * zonal disks on every pool, is not in every region and takes no host caching; it is a later option.
 */
export const AZURE_DISK_SKUS = { standard: "StandardSSD_LRS", fast: "Premium_LRS" } as const;

/** Storage classes AKS ships; `default` is marked default and must be un-defaulted. */
export const AKS_DEFAULT_STORAGE_CLASSES = ["default", "managed-csi"] as const;

/**
 * Where the node's temp (resource) disk is mounted on AKS Ubuntu/Azure Linux nodes: the local SSD of
 * the `d` sizes, used as Spark scratch for pools that ask for `localNvme`.
 */
export const AKS_TEMP_DISK_HOST_PATH = "/mnt";

/**
 * Temp (resource) disk of a VM size in GiB: where AKS places an ephemeral OS disk on sizes without a
 * cache disk (all v5 sizes). Sizes missing here have no temp disk (`Dsv5`, `Esv5`) or one tristack does
 * not rely on; their OS disk is Managed. Source: the Azure VM size pages (Ddsv5, Edsv5, NCasT4_v3, NC A100 v4).
 */
export const AZURE_TEMP_DISK_GIB: Readonly<Record<string, number>> = {
    Standard_D8ds_v5: 300,
    Standard_E16ds_v5: 600,
    Standard_D64ds_v5: 2400,
    Standard_NC4as_T4_v3: 180,
    Standard_NC24ads_A100_v4: 64,
};
