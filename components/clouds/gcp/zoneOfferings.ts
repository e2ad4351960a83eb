import type { ZoneOfferings } from "../zoneOfferings";

/**
 * Zones of each region that offer the GPU machine types of the catalog (the accelerator, and with it
 * the machine family: N1+T4, G2/L4, A2 high/A100 40GB, A2 ultra/A100 80GB, A3 high/H100). GKE refuses
 * a node pool whose `nodeLocations` include a zone without the accelerator ("Accelerator type ... does
 * not exist in zone ..."), so the pool spans only the spec's zones listed here. A region missing here is
 * refused for these types until its zones are added from a source below.
 * CPU families (N2, C3) are offered in every zone of these regions and are not listed.
 *
 * Sources, per row (each row says which):
 * - [S] SkyPilot's GCP catalog, generated from the Compute Engine API's machine types per zone:
 *   skypilot-org/skypilot-catalog `catalogs/v8/gcp/vms.csv` at commit 8427bbff988abdd050a9f51addd314ef31cb4e85
 *   (columns InstanceType, ..., Region, AvailabilityZone), read 2026-12-02.
 * - [A] The same file's accelerator rows (InstanceType empty, AcceleratorName, AcceleratorCount, ...,
 *   Region, AvailabilityZone), for GPUs attached to N1 machine types, read 2026-12-03.
 * - [U] NOT VERIFIED against a machine-readable source (none today; mark a row [U] and list it in
 *   GCP_ZONE_OFFERINGS_UNVERIFIED when it cannot be checked, e.g. with
 *   `gcloud compute accelerator-types list --filter="zone~^us-central1- AND name=nvidia-tesla-t4"`).
 * The live answer for a project is always `gcloud compute machine-types list --filter="zone~^us-central1- AND name=<type>"`.
 */
export const GCP_ZONE_OFFERINGS: ZoneOfferings = {
    // nvidia-tesla-t4 on N1 [A]: the T4 rows with 2 and 4 GPUs list us-central1-a, -b, -c and -f (identical for
    // both counts; the 1-GPU rows just before them were not read); N1 itself is in every us-central1 zone.
    "n1-standard-8": { "us-central1": ["us-central1-a", "us-central1-b", "us-central1-c", "us-central1-f"] },
    // nvidia-l4 [S]: every G2 size read (g2-standard-4, -12, -16, -24, -32) is in us-central1-a, -b, -c and
    // not -f; g2-standard-8's own rows were not read (same family, same zones assumed), g2-standard-48's
    // first row (us-central1-a) was.
    "g2-standard-8": { "us-central1": ["us-central1-a", "us-central1-b", "us-central1-c"] },
    "g2-standard-48": { "us-central1": ["us-central1-a", "us-central1-b", "us-central1-c"] },
    // nvidia-tesla-a100 (A100 40GB) [S]: a2-highgpu-1g and -8g rows.
    "a2-highgpu-1g": { "us-central1": ["us-central1-a", "us-central1-b", "us-central1-c", "us-central1-f"] },
    "a2-highgpu-8g": { "us-central1": ["us-central1-a", "us-central1-b", "us-central1-c", "us-central1-f"] },
    // nvidia-a100-80gb [S]: a2-ultragpu-1g rows; not in us-central1-b (the zone gcp-prod also lists).
    "a2-ultragpu-1g": { "us-central1": ["us-central1-a", "us-central1-c"] },
    // nvidia-h100-80gb [S]: a3-highgpu-8g rows (us-central1-b included; the first transcription missed it).
    "a3-highgpu-8g": { "us-central1": ["us-central1-a", "us-central1-b", "us-central1-c"] },
};

/** Rows of {@link GCP_ZONE_OFFERINGS} not verified against a machine-readable source ([U] above): none since the T4 row was read (2026-12-03). */
export const GCP_ZONE_OFFERINGS_UNVERIFIED: readonly string[] = [];
