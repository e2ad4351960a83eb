import type { CloudCatalog } from "../catalogTypes";

/**
 * An existing cluster has no SKUs: every pool is described by its neutral shape, and the
 * capacity module applies plain kubelet defaults (no kube-reserved, 100Mi eviction).
 */
export const EXISTING_CATALOG: CloudCatalog = {
    zoneStyle: "free",
    // MetalLB, a cloud's controller, nothing: not ours to guess.
    internalLoadBalancer: undefined,
    // The S3-compatible store's keys live in a Secret tristack cannot read into Medusa's credentials file.
    medusaBackups: false,
    // The kubeconfig names the API server; tristack builds no control plane.
    apiAccess: undefined,
    instanceTypes: [],
};
