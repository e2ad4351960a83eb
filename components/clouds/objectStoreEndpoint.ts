/**
 * Where pods reach the object store on the network, as the platform's NetworkPolicies and the connectivity
 * proof need it (ClusterHandle.objectStore.endpoint). The clouds' object stores (S3, GCS, ADLS Gen2) are
 * HTTPS APIs outside the cluster, which `allow-https-egress` already opens; an existing cluster's
 * S3-compatible store is whatever URL the spec names, often an in-cluster MinIO Service on 9000
 * (stacks/Pulumi.local.yaml, the spec default `http://minio.minio.svc.cluster.local:9000`).
 */
import type { PlatformSpec } from "../spec";

/** The object store's network endpoint. */
export interface ObjectStoreEndpoint {
    /** For reports: the URL or service. */
    readonly what: string;
    /** TCP port the clients connect to (the URL's port, else its scheme's default). */
    readonly port: number;
    /** Set when the host is an in-cluster Service name (`<service>.<namespace>.svc[.<cluster domain>]`). */
    readonly service?: { readonly namespace: string; readonly name: string };
}

/** The clouds' object-store APIs: HTTPS out of the cluster. */
export const CLOUD_OBJECT_STORE_ENDPOINT: ObjectStoreEndpoint = { what: "object store (HTTPS)", port: 443 };

/**
 * The endpoint an S3 URL names, parsed with the WHATWG URL parser (Node's `URL`): the port is the URL's,
 * else 80 for http and 443 for https; a host `<service>.<namespace>.svc...` (the DNS name Kubernetes gives
 * a Service, https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#services) is an
 * in-cluster Service.
 * @param url the endpoint URL (validated as a URL by the spec)
 */
export function endpointOfUrl(url: string): ObjectStoreEndpoint {
    const u = new URL(url);
    const port = u.port !== "" ? Number(u.port) : u.protocol === "http:" ? 80 : 443;
    const m = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc(\..*)?$/.exec(u.hostname);
    return { what: `object store ${url}`, port, ...(m ? { service: { name: m[1]!, namespace: m[3]! } } : {}) };
}

/**
 * The object-store endpoint of the cluster a spec describes, without creating anything (what the adapter
 * puts in ClusterHandle.objectStore.endpoint, and what the plan's connectivity proof evaluates with).
 * @param spec the validated spec
 */
export function plannedObjectStoreEndpoint(spec: PlatformSpec): ObjectStoreEndpoint {
    return spec.cloud === "existing" && spec.existing ? endpointOfUrl(spec.existing.objectStore.endpoint) : CLOUD_OBJECT_STORE_ENDPOINT;
}
