/** The exec credential plugin GKE requires since Kubernetes 1.26 (`gcloud components install gke-gcloud-auth-plugin`). */
export const GKE_AUTH_PLUGIN = "gke-gcloud-auth-plugin";

/** What a kubeconfig for a GKE cluster is made of. */
export interface KubeconfigParts {
    /** Context, cluster and user name. */
    readonly name: string;
    /** API server address (IP or host, without scheme). */
    readonly endpoint: string;
    /**
     * Base64 PEM of the cluster CA (`masterAuth.clusterCaCertificate`); undefined for the DNS endpoint,
     * which serves a publicly trusted certificate (what `gcloud container clusters get-credentials
     * --dns-endpoint` writes).
     */
    readonly caCertificate: string | undefined;
}

/**
 * A kubeconfig (JSON, which is valid YAML) that authenticates with the caller's Google credentials
 * through `gke-gcloud-auth-plugin`: no static token or client certificate in it.
 * @param parts name, endpoint and CA
 */
export function renderKubeconfig(parts: KubeconfigParts): string {
    const { name, endpoint, caCertificate } = parts;
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name, cluster: { server: `https://${endpoint}`, ...(caCertificate !== undefined ? { "certificate-authority-data": caCertificate } : {}) } }],
        contexts: [{ name, context: { cluster: name, user: name } }],
        "current-context": name,
        users: [
            {
                name,
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: GKE_AUTH_PLUGIN,
                        installHint: "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin (see docs/clouds/gcp.md).",
                        provideClusterInfo: true,
                        interactiveMode: "IfAvailable",
                    },
                },
            },
        ],
    });
}
