/** What a kubeconfig for an EKS cluster is made of. */
export interface KubeconfigParts {
    /** Cluster name (also the context and user name). */
    readonly clusterName: string;
    /** Region of the cluster (the token is signed for it). */
    readonly region: string;
    /** API server URL (`https://...`). */
    readonly endpoint: string;
    /** Base64 PEM of the cluster CA (`certificateAuthority.data`). */
    readonly caData: string;
}

/**
 * A kubeconfig (JSON, which is valid YAML) that authenticates with the caller's AWS credentials
 * through `aws eks get-token`: no static token in it. The caller's IAM role needs an access entry
 * (spec `aws.adminRoleArns`).
 * @param parts cluster name, region, endpoint and CA
 */
export function renderKubeconfig(parts: KubeconfigParts): string {
    const { clusterName, region, endpoint, caData } = parts;
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: clusterName, cluster: { server: endpoint, "certificate-authority-data": caData } }],
        contexts: [{ name: clusterName, context: { cluster: clusterName, user: clusterName } }],
        "current-context": clusterName,
        users: [
            {
                name: clusterName,
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: "aws",
                        args: ["eks", "get-token", "--cluster-name", clusterName, "--region", region, "--output", "json"],
                        installHint: "Install the AWS CLI v2 and sign in as the role that ran pulumi up or one listed in spec.aws.adminRoleArns (see docs/clouds/aws.md).",
                        interactiveMode: "IfAvailable",
                    },
                },
            },
        ],
    });
}
