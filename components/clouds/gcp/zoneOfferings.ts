import type { ZoneOfferings } from "../zoneOfferings";

/**
 * Zones of each region that offer the GPU machine types of the catalog (the accelerator, and with it
 * the machine family: N1+T4, G2/L4, A2 high/A100 40GB, A2 ultra/A100 80GB, A3 high/H100). GKE refuses
 * a node pool whose `nodeLocations` include a zone without the accelerator ("Accelerator type ... does
 * not exist in zone ..."), so the pool spans only the spec's zones listed here.
 *
 * Source: Compute Engine, "GPU regions and zones availability"
 * (https://cloud.google.com/compute/docs/gpus/gpu-regions-zones), transcribed 2026-12-02 for the
 * regions tristack's stacks use; the live answer for a project is
 * `gcloud compute accelerator-types list --filter="zone~^us-central1-"`. A region missing here is
 * refused for these types until its zones are added from the same page.
 * CPU families (N2, C3) are offered in every zone of these regions and are not listed.
 */
export const GCP_ZONE_OFFERINGS: ZoneOfferings = {
    // nvidia-tesla-t4
    "n1-standard-8": { "us-central1": ["us-central1-a", "us-central1-b", "us-central1-c", "us-central1-f"] },
    // nvidia-l4
    "g2-standard-8": { "us-central1": ["us-central1-a", "us-central1-b", "us-central1-c"] },
    "g2-standard-48": { "us-central1": ["us-central1-a", "us-central1-b", "us-central1-c"] },
    // nvidia-tesla-a100 (A100 40GB)
    "a2-highgpu-1g": { "us-central1": ["us-central1-a", "us-central1-b", "us-central1-c", "us-central1-f"] },
    "a2-highgpu-8g": { "us-central1": ["us-central1-a", "us-central1-b", "us-central1-c", "us-central1-f"] },
    // nvidia-a100-80gb: not in us-central1-b (the zone gcp-prod also lists).
    "a2-ultragpu-1g": { "us-central1": ["us-central1-a", "us-central1-c"] },
    // nvidia-h100-80gb
    "a3-highgpu-8g": { "us-central1": ["us-central1-a", "us-central1-c"] },
};
