import type { ZoneOfferings } from "../zoneOfferings";

/**
 * Regions that offer the GPU VM sizes of the catalog. Recorded per region only: Azure maps the
 * logical zones `1`, `2`, `3` to physical zones per subscription
 * (https://learn.microsoft.com/azure/reliability/availability-zones-overview#physical-and-logical-availability-zones),
 * and a size's zone restrictions are reported per subscription, so which spec zone offers a size cannot
 * be known offline. The live answer is `az vm list-skus --location eastus2 --size Standard_NC24ads_A100_v4 --zone --output table`.
 *
 * Source: "Products available by region" (https://azure.microsoft.com/explore/global-infrastructure/products-by-region/)
 * and the size series pages (https://learn.microsoft.com/azure/virtual-machines/sizes/gpu-accelerated/nca100v4-series),
 * read 2026-12-02, for the regions tristack's stacks use. A region missing here is refused for these sizes until added.
 */
export const AZURE_ZONE_OFFERINGS: ZoneOfferings = {
    Standard_NC4as_T4_v3: { eastus2: "region" },
    Standard_NC24ads_A100_v4: { eastus2: "region" },
};
