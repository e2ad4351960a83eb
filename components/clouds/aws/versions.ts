/**
 * Every version the AWS adapter pins, in one place. Renovate reads the marker above each value.
 * EKS add-on builds come from `aws eks describe-addon-versions` (Renovate's aws-eks-addon datasource,
 * keyed by add-on and Kubernetes minor); kube-proxy, CoreDNS and the
 * cluster-autoscaler image follow the Kubernetes minor, so they are tables keyed by it.
 */
export const AWS_VERSIONS = {
    addons: {
        /** Amazon VPC CNI (network policy agent included). */
        // renovate: datasource=aws-eks-addon depName=vpc-cni packageName={"addonName":"vpc-cni","kubernetesVersion":"1.33"}
        vpcCni: "v1.20.4-eksbuild.2",
        /** EKS Pod Identity agent. */
        // renovate: datasource=aws-eks-addon depName=eks-pod-identity-agent packageName={"addonName":"eks-pod-identity-agent","kubernetesVersion":"1.33"}
        podIdentityAgent: "v1.3.8-eksbuild.2",
        /** Amazon EBS CSI driver. */
        // renovate: datasource=aws-eks-addon depName=aws-ebs-csi-driver packageName={"addonName":"aws-ebs-csi-driver","kubernetesVersion":"1.33"}
        ebsCsiDriver: "v1.48.0-eksbuild.1",
    },
    /** kube-proxy add-on build per Kubernetes minor (must match the control plane minor). */
    kubeProxy: {
        // renovate: datasource=aws-eks-addon depName=kube-proxy packageName={"addonName":"kube-proxy","kubernetesVersion":"1.32"}
        "1.32": "v1.32.3-eksbuild.7",
        // renovate: datasource=aws-eks-addon depName=kube-proxy packageName={"addonName":"kube-proxy","kubernetesVersion":"1.33"}
        "1.33": "v1.33.3-eksbuild.4",
        // renovate: datasource=aws-eks-addon depName=kube-proxy packageName={"addonName":"kube-proxy","kubernetesVersion":"1.34"}
        "1.34": "v1.34.1-eksbuild.2",
    },
    /** CoreDNS add-on build per Kubernetes minor. */
    coreDns: {
        // renovate: datasource=aws-eks-addon depName=coredns packageName={"addonName":"coredns","kubernetesVersion":"1.32"}
        "1.32": "v1.11.4-eksbuild.2",
        // renovate: datasource=aws-eks-addon depName=coredns packageName={"addonName":"coredns","kubernetesVersion":"1.33"}
        "1.33": "v1.12.1-eksbuild.2",
        // renovate: datasource=aws-eks-addon depName=coredns packageName={"addonName":"coredns","kubernetesVersion":"1.34"}
        "1.34": "v1.12.4-eksbuild.1",
    },
    clusterAutoscaler: {
        /** The `cluster-autoscaler` chart. */
        // renovate: datasource=helm depName=cluster-autoscaler registryUrl=https://kubernetes.github.io/autoscaler
        chart: "9.46.6",
        /** Cluster Autoscaler image per Kubernetes minor (the autoscaler's minor must match the cluster's). */
        image: {
            // renovate: datasource=docker depName=registry.k8s.io/autoscaling/cluster-autoscaler
            "1.32": "v1.32.3",
            // renovate: datasource=docker depName=registry.k8s.io/autoscaling/cluster-autoscaler
            "1.33": "v1.33.1",
            // renovate: datasource=docker depName=registry.k8s.io/autoscaling/cluster-autoscaler
            "1.34": "v1.34.2",
        },
    },
} as const;

/** Kubernetes minors the AWS adapter has pinned add-ons for. */
export type EksKubernetesVersion = keyof typeof AWS_VERSIONS.kubeProxy;

/** The Kubernetes minors with pinned add-ons, oldest first. */
export const EKS_KUBERNETES_VERSIONS = Object.keys(AWS_VERSIONS.kubeProxy) as EksKubernetesVersion[];

/**
 * Whether a Kubernetes minor has pinned add-on versions.
 * @param version e.g. `1.33`
 */
export function isEksKubernetesVersion(version: string): version is EksKubernetesVersion {
    return (EKS_KUBERNETES_VERSIONS as string[]).includes(version);
}
