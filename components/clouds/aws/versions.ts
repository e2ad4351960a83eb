/**
 * Every version the AWS adapter pins, in one place. Renovate reads the marker above each value.
 * EKS add-on builds come from `aws eks describe-addon-versions` (Renovate's aws-eks-addon datasource,
 * keyed by add-on and Kubernetes minor); kube-proxy, CoreDNS and the
 * cluster-autoscaler image follow the Kubernetes minor, so they are tables keyed by it.
 */
export const AWS_VERSIONS = {
    // The single-version add-ons below support every pinned minor. Builds as a real EKS 1.36
    // cluster resolved them in 2026-09 (public deployment record in the code index); Renovate's
    // aws-eks-addon datasource re-checks each against `describe-addon-versions` for its minor.
    addons: {
        /** Amazon VPC CNI (network policy agent included). */
        // renovate: datasource=aws-eks-addon depName=vpc-cni packageName={"addonName":"vpc-cni","kubernetesVersion":"1.36"}
        vpcCni: "v1.22.4-eksbuild.3",
        /** EKS Pod Identity agent. */
        // renovate: datasource=aws-eks-addon depName=eks-pod-identity-agent packageName={"addonName":"eks-pod-identity-agent","kubernetesVersion":"1.36"}
        podIdentityAgent: "v1.3.10-eksbuild.3",
        /** Amazon EBS CSI driver. */
        // renovate: datasource=aws-eks-addon depName=aws-ebs-csi-driver packageName={"addonName":"aws-ebs-csi-driver","kubernetesVersion":"1.36"}
        ebsCsiDriver: "v1.63.1-eksbuild.1",
    },
    /**
     * kube-proxy add-on build per Kubernetes minor (must match the control plane minor). Only minors
     * in EKS standard support are pinned: 1.33 left it on 2026-07-29 and 1.34 on 2026-12-02
     * (docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html, release calendar), after
     * which a cluster costs $0.60/h instead of $0.10/h.
     */
    kubeProxy: {
        // renovate: datasource=aws-eks-addon depName=kube-proxy packageName={"addonName":"kube-proxy","kubernetesVersion":"1.35"}
        "1.35": "v1.35.0-eksbuild.2",
        // renovate: datasource=aws-eks-addon depName=kube-proxy packageName={"addonName":"kube-proxy","kubernetesVersion":"1.36"}
        "1.36": "v1.36.0-eksbuild.21",
    },
    /** CoreDNS add-on build per Kubernetes minor. */
    coreDns: {
        // renovate: datasource=aws-eks-addon depName=coredns packageName={"addonName":"coredns","kubernetesVersion":"1.35"}
        "1.35": "v1.13.2-eksbuild.1",
        // renovate: datasource=aws-eks-addon depName=coredns packageName={"addonName":"coredns","kubernetesVersion":"1.36"}
        "1.36": "v1.14.3-eksbuild.16",
    },
    clusterAutoscaler: {
        /** The `cluster-autoscaler` chart (9.59.0 packages app v1.35.0; the image tag below overrides it per minor). */
        // renovate: datasource=helm depName=cluster-autoscaler registryUrl=https://kubernetes.github.io/autoscaler
        chart: "9.59.0",
        /**
         * Cluster Autoscaler image per Kubernetes minor (the autoscaler's minor must match the
         * cluster's): the kubernetes/autoscaler releases cluster-autoscaler-1.35.1 and -1.36.1.
         */
        image: {
            // renovate: datasource=docker depName=registry.k8s.io/autoscaling/cluster-autoscaler
            "1.35": "v1.35.1",
            // renovate: datasource=docker depName=registry.k8s.io/autoscaling/cluster-autoscaler
            "1.36": "v1.36.1",
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

/** EKS `upgradePolicy.supportType` values (`@pulumi/aws` 7.48 `types/input.d.ts`, `ClusterUpgradePolicy`). */
export type EksSupportType = "STANDARD" | "EXTENDED";

/**
 * The cluster's `upgradePolicy.supportType`, set explicitly (EKS defaults to `EXTENDED`, which
 * silently moves a cluster to paid extended support at 6x the hourly price).
 * - dev: `STANDARD`: EKS upgrades the control plane itself at the end of standard support; a
 *   forced upgrade of a dev cluster is cheap and a loud reminder to bump `kubernetesVersion`.
 * - prod: `EXTENDED`: never a control-plane upgrade nobody scheduled (the node groups and pinned
 *   add-ons would lag it and the next `pulumi up` would try a downgrade); the cost is the alarm,
 *   and the upgrade procedure in docs/clouds/aws.md is to bump the minor before the date.
 * @param environment the spec's environment
 */
export function eksSupportType(environment: string): EksSupportType {
    return environment === "prod" ? "EXTENDED" : "STANDARD";
}
