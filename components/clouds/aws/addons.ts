import * as aws from "./sdk";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ROLE_LABEL, SYSTEM_TAINT } from "../../spec/nodeClass";
import { AWS_VERSIONS, EKS_KUBERNETES_VERSIONS, isEksKubernetesVersion, type EksKubernetesVersion } from "./versions";

/** Namespace of the EKS add-ons and the Cluster Autoscaler. */
export const KUBE_SYSTEM = "kube-system";
/** Service account of the EBS CSI controller (fixed by the add-on). */
export const EBS_CSI_SERVICE_ACCOUNT = "ebs-csi-controller-sa";
/** Service account the Cluster Autoscaler chart is told to create. */
export const AUTOSCALER_SERVICE_ACCOUNT = "cluster-autoscaler";
/** Helm repository of the Cluster Autoscaler chart. */
export const AUTOSCALER_CHART_REPO = "https://kubernetes.github.io/autoscaler";

/** Pods of cluster add-ons run on system nodes and tolerate the system taint. */
const SYSTEM_PLACEMENT = {
    nodeSelector: { [ROLE_LABEL]: "system" },
    tolerations: [{ key: SYSTEM_TAINT.key, operator: "Exists" }],
};

/** VPC CNI settings: NetworkPolicy enforcement, and /28 prefixes per ENI slot so max pods get addresses. */
export const VPC_CNI_CONFIGURATION = { enableNetworkPolicy: "true", env: { ENABLE_PREFIX_DELEGATION: "true", WARM_PREFIX_TARGET: "1" } } as const;

/**
 * The pinned add-on versions for the spec's Kubernetes minor.
 * @param kubernetesVersion the spec's `kubernetesVersion`
 */
export function addonVersionsFor(kubernetesVersion: string): { kubeProxy: string; coreDns: string; autoscalerImage: string; minor: EksKubernetesVersion } {
    if (!isEksKubernetesVersion(kubernetesVersion)) {
        throw new pulumi.InputPropertiesError({
            // The message carries the details too: a runner that prints only `message` keeps the allowed set.
            message: `kubernetesVersion ${kubernetesVersion} has no pinned EKS add-on versions; pinned: ${EKS_KUBERNETES_VERSIONS.join(", ")} (components/clouds/aws/versions.ts).`,
            errors: [{ propertyPath: "kubernetesVersion", reason: `EKS add-ons are pinned for ${EKS_KUBERNETES_VERSIONS.join(", ")} (components/clouds/aws/versions.ts); got ${kubernetesVersion}` }],
        });
    }
    return {
        minor: kubernetesVersion,
        kubeProxy: AWS_VERSIONS.kubeProxy[kubernetesVersion],
        coreDns: AWS_VERSIONS.coreDns[kubernetesVersion],
        autoscalerImage: AWS_VERSIONS.clusterAutoscaler.image[kubernetesVersion],
    };
}

function addon(name: string, clusterName: pulumi.Input<string>, addonName: string, addonVersion: string, extra: Partial<aws.eks.AddonArgs>, opts: pulumi.CustomResourceOptions): aws.eks.Addon {
    return new aws.eks.Addon(
        `${name}-${addonName}`,
        { clusterName, addonName, addonVersion, resolveConflictsOnCreate: "OVERWRITE", resolveConflictsOnUpdate: "OVERWRITE", ...extra },
        opts,
    );
}

/** Add-ons every node needs before it can become Ready. */
export interface NodeAddons {
    readonly vpcCni: aws.eks.Addon;
    readonly kubeProxy: aws.eks.Addon;
    readonly podIdentityAgent: aws.eks.Addon;
}

/**
 * The node-level add-ons, created before the node groups (the cluster is created without the
 * self-managed defaults): VPC CNI with network policy and prefix delegation, kube-proxy, and the
 * Pod Identity agent.
 * @param name component name
 * @param clusterName the cluster
 * @param kubernetesVersion the spec's Kubernetes minor
 * @param opts options (parent, provider)
 * @internal
 */
export function createNodeAddons(name: string, clusterName: pulumi.Input<string>, kubernetesVersion: string, opts: pulumi.CustomResourceOptions): NodeAddons {
    const versions = addonVersionsFor(kubernetesVersion);
    return {
        vpcCni: addon(name, clusterName, "vpc-cni", AWS_VERSIONS.addons.vpcCni, { configurationValues: JSON.stringify(VPC_CNI_CONFIGURATION) }, opts),
        kubeProxy: addon(name, clusterName, "kube-proxy", versions.kubeProxy, {}, opts),
        podIdentityAgent: addon(name, clusterName, "eks-pod-identity-agent", AWS_VERSIONS.addons.podIdentityAgent, {}, opts),
    };
}

/** Add-ons that run Deployments and so need nodes. */
export interface WorkloadAddons {
    readonly coreDns: aws.eks.Addon;
    readonly ebsCsi: aws.eks.Addon;
}

/**
 * CoreDNS (three replicas in prod) and the EBS CSI driver (its controller's role bound through Pod
 * Identity on the add-on), both pinned to the system nodes; created after the node groups.
 * @param name component name
 * @param clusterName the cluster
 * @param args Kubernetes version, environment, EBS CSI role
 * @param args.kubernetesVersion the spec's Kubernetes minor
 * @param args.prod whether the stack is prod
 * @param args.ebsCsiRoleArn the EBS CSI controller's role
 * @param args.volumeTags cost tags for the EBS volumes the driver creates
 * @param opts options (parent, provider, dependsOn)
 * @internal
 */
export function createWorkloadAddons(
    name: string,
    clusterName: pulumi.Input<string>,
    args: { kubernetesVersion: string; prod: boolean; ebsCsiRoleArn: pulumi.Input<string>; volumeTags: Readonly<Record<string, string>> },
    opts: pulumi.CustomResourceOptions,
): WorkloadAddons {
    const versions = addonVersionsFor(args.kubernetesVersion);
    const coreDns = addon(name, clusterName, "coredns", versions.coreDns, { configurationValues: JSON.stringify({ replicaCount: args.prod ? 3 : 2, ...SYSTEM_PLACEMENT }) }, opts);
    const ebsCsi = addon(
        name,
        clusterName,
        "aws-ebs-csi-driver",
        AWS_VERSIONS.addons.ebsCsiDriver,
        {
            // Volumes the driver creates (PVCs) carry the cost tags too; provider default tags do not reach them.
            configurationValues: JSON.stringify({ controller: { ...SYSTEM_PLACEMENT, extraVolumeTags: { ...args.volumeTags } }, node: { tolerateAllTaints: true } }),
            podIdentityAssociations: [{ roleArn: args.ebsCsiRoleArn, serviceAccount: EBS_CSI_SERVICE_ACCOUNT }],
        },
        opts,
    );
    return { coreDns, ebsCsi };
}

/**
 * Helm values of the Cluster Autoscaler: AWS auto-discovery of this cluster's node groups (EKS tags
 * their Auto Scaling groups `k8s.io/cluster-autoscaler/<cluster>`), balancing across the zones of a
 * pool, least-waste expansion, and the pod on the system nodes.
 * @param clusterName the cluster name
 * @param region the AWS region
 * @param imageTag the autoscaler image matching the Kubernetes minor
 */
export function autoscalerValues(clusterName: string, region: string, imageTag: string): Record<string, unknown> {
    return {
        cloudProvider: "aws",
        awsRegion: region,
        autoDiscovery: { clusterName },
        fullnameOverride: "cluster-autoscaler",
        image: { tag: imageTag },
        rbac: { create: true, serviceAccount: { create: true, name: AUTOSCALER_SERVICE_ACCOUNT } },
        extraArgs: {
            "balance-similar-node-groups": true,
            expander: "least-waste",
            "skip-nodes-with-system-pods": false,
            // Spark scratch (emptyDir / local NVMe) is disposable; it must not pin nodes.
            "skip-nodes-with-local-storage": false,
        },
        priorityClassName: "system-cluster-critical",
        resources: { requests: { cpu: "100m", memory: "300Mi" }, limits: { memory: "600Mi" } },
        ...SYSTEM_PLACEMENT,
    };
}

/** The Cluster Autoscaler and its identity. */
export interface Autoscaler {
    readonly release: k8s.helm.v3.Release;
    readonly association: aws.eks.PodIdentityAssociation;
}

/**
 * The Cluster Autoscaler (pinned chart), its service account bound to its role through Pod Identity.
 * @param name component name (also the cluster name the autoscaler discovers)
 * @param args cluster, region, role, Kubernetes version and the providers
 * @param args.clusterName the cluster's name output
 * @param args.region the AWS region
 * @param args.roleArn the autoscaler's role
 * @param args.kubernetesVersion the spec's Kubernetes minor
 * @param args.k8sProvider the cluster's Kubernetes provider
 * @param awsOpts options of the AWS association (parent, provider, dependsOn)
 * @param releaseDependsOn what the release waits for (node groups, CoreDNS)
 * @internal
 */
export function createAutoscaler(
    name: string,
    args: { clusterName: pulumi.Input<string>; region: string; roleArn: pulumi.Input<string>; kubernetesVersion: string; k8sProvider: k8s.Provider },
    awsOpts: pulumi.CustomResourceOptions,
    releaseDependsOn: pulumi.Resource[],
): Autoscaler {
    const versions = addonVersionsFor(args.kubernetesVersion);
    const association = new aws.eks.PodIdentityAssociation(
        `${name}-autoscaler`,
        { clusterName: args.clusterName, namespace: KUBE_SYSTEM, serviceAccount: AUTOSCALER_SERVICE_ACCOUNT, roleArn: args.roleArn },
        awsOpts,
    );
    const release = new k8s.helm.v3.Release(
        `${name}-autoscaler`,
        {
            name: "cluster-autoscaler",
            chart: "cluster-autoscaler",
            version: AWS_VERSIONS.clusterAutoscaler.chart,
            repositoryOpts: { repo: AUTOSCALER_CHART_REPO },
            namespace: KUBE_SYSTEM,
            values: autoscalerValues(name, args.region, versions.autoscalerImage),
        },
        { parent: awsOpts.parent, provider: args.k8sProvider, dependsOn: [association, ...releaseDependsOn] },
    );
    return { release, association };
}
