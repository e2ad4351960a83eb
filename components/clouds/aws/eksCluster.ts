import * as aws from "./sdk";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { PlatformSpec } from "../../spec";
import type { ClusterHandle, GpuEnablement, PoolHandle, ScrapeTargets, StorageBackend } from "../clusterHandle";
import { poolHandles } from "../pools";
import { awsCni } from "./cni";
import { createAutoscaler, createNodeAddons, createWorkloadAddons, addonVersionsFor } from "./addons";
import { AWS_CATALOG, EBS_CSI_PROVISIONER, EBS_TIER_PARAMETERS, EKS_DEFAULT_STORAGE_CLASSES, EKS_LOCAL_NVME_HOST_PATH } from "./catalog";
import { eksAccessPath } from "./access";
import { createControlPlane } from "./controlPlane";
import { createAutoscalerRole, createClusterRole, createEbsCsiRole, createNodeRole } from "./iam";
import { createClusterKey } from "./kms";
import { renderKubeconfig } from "./kubeconfig";
import { createNetwork } from "./network";
import { createNodeGroups, eksSystemTaint } from "./nodePools";
import { S3ObjectStore } from "./objectStore";
import { createTenantAccess } from "./tenantAccess";
import type { AwsContext } from "./policy";

/** Arguments of {@link EksCluster}. */
export interface EksClusterArgs {
    /** The validated spec (`cloud: aws`). */
    readonly spec: PlatformSpec;
}

/** Tag key carrying the Pulumi stack on every AWS resource. */
export const STACK_TAG = "tristack.io/stack";

/**
 * The AL2023 NVIDIA AMIs ship the driver and container toolkit; the device plugin is not part of
 * EKS, so the platform layer installs it.
 */
export const EKS_GPU: GpuEnablement = { driverProvidedByCloud: true, devicePluginProvidedByCloud: false };

/**
 * What EKS exposes to an in-cluster Prometheus: the control plane is AWS's (no controller-manager,
 * scheduler or etcd endpoints), and the kube-proxy add-on serves metrics on 127.0.0.1:10249 only
 * (kube-proxy's default `metricsBindAddress`; prometheus-community/helm-charts#977,
 * terraform-aws-modules/terraform-aws-eks#742), unreachable from the Prometheus pod.
 */
export const EKS_SCRAPE_TARGETS: ScrapeTargets = { controllerManager: false, scheduler: false, etcd: false, kubeProxy: false };

/**
 * The pools an EKS cluster for this spec has (what the handle will carry), without creating anything.
 * @param spec the validated spec
 */
export function eksPools(spec: PlatformSpec): Record<string, PoolHandle> {
    // Data pools get a node group per zone; an existing VPC's subnets carry no zone order to map them by.
    return poolHandles(spec, { gpu: EKS_GPU, systemTaint: eksSystemTaint(spec), localScratchHostPath: EKS_LOCAL_NVME_HOST_PATH, zonalDataPools: spec.aws?.existingVpc === undefined });
}

/**
 * The cost tags of a stack: the spec's tags plus the stack name.
 * @param tags the spec's `tags`
 * @param stack the Pulumi stack name
 */
export function stackTags(tags: Readonly<Record<string, string>>, stack: string): Record<string, string> {
    return { ...tags, [STACK_TAG]: stack };
}

/**
 * The AWS adapter: an EKS cluster built from plain `@pulumi/aws` resources — VPC, KMS key, IAM
 * roles, control plane, managed node groups, EKS add-ons, Cluster Autoscaler and an S3 bucket with
 * Pod Identity access — returned as the neutral {@link ClusterHandle}. Every AWS child goes through
 * one `aws.Provider` (region and default tags from the spec); nothing reads ambient config.
 */
export class EksCluster extends pulumi.ComponentResource {
    /** The neutral handle. */
    public readonly handle: ClusterHandle;
    /** The EKS cluster. */
    public readonly cluster: aws.eks.Cluster;

    constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tristack:aws:EksCluster", name, {}, opts);
        const { spec } = args;
        if (spec.cloud !== "aws") throw new pulumi.RunError("the EKS adapter needs cloud: aws (validated by the spec)");
        addonVersionsFor(spec.kubernetesVersion); // fail before creating anything when the version is not pinned
        const prod = spec.environment === "prod";
        const tags = stackTags(spec.tags, pulumi.getStack());

        const provider = new aws.Provider(name, { region: spec.region, defaultTags: { tags } }, { parent: this });
        const child: pulumi.CustomResourceOptions = { parent: this, provider };
        const invoke = { parent: this, provider };
        const ctx: AwsContext = {
            accountId: aws.getCallerIdentityOutput({}, invoke).accountId,
            partition: aws.getPartitionOutput({}, invoke).partition,
            region: spec.region,
            clusterName: name,
        };

        const { key } = createClusterKey(name, ctx, prod, child);
        const network = createNetwork(name, spec, child);
        const clusterRole = createClusterRole(name, ctx, key.arn, child);
        const nodeRole = createNodeRole(name, ctx, child);

        // The source role of the caller's session (an assumed-role ARN drops the role's path; access
        // entries need the role ARN): aws.iam.getSessionContext, "Find the Runner's Source Role".
        const deployerArn = aws.iam.getSessionContextOutput({ arn: aws.getCallerIdentityOutput({}, invoke).arn }, invoke).issuerArn;
        const controlPlane = createControlPlane(name, spec, { network, roleArn: clusterRole.role.arn, roleGrants: clusterRole.grants, keyArn: key.arn, partition: ctx.partition, deployerArn }, child);
        this.cluster = controlPlane.cluster;

        const nodeAddons = createNodeAddons(name, this.cluster.name, spec.kubernetesVersion, child);
        const pools = eksPools(spec);
        const groups = createNodeGroups(
            name,
            spec,
            pools,
            {
                clusterName: this.cluster.name,
                kubernetesVersion: this.cluster.version,
                nodeRoleArn: nodeRole.role.arn,
                subnetIds: network.privateSubnetIds,
                keyArn: key.arn,
                launchTags: tags,
                joinAfter: [nodeAddons.vpcCni, nodeAddons.kubeProxy, nodeAddons.podIdentityAgent],
            },
            pulumi.mergeOptions(child, { dependsOn: [...nodeRole.grants, ...network.resources] }),
        );
        const nodeGroups = groups.map((g) => g.nodeGroup);

        const ebsCsiRole = createEbsCsiRole(name, ctx, key.arn, child);
        const workloadAddons = createWorkloadAddons(
            name,
            this.cluster.name,
            { kubernetesVersion: spec.kubernetesVersion, prod, ebsCsiRoleArn: ebsCsiRole.role.arn, volumeTags: tags },
            pulumi.mergeOptions(child, { dependsOn: [...nodeGroups, ...ebsCsiRole.grants, nodeAddons.podIdentityAgent] }),
        );

        const kubeconfig = pulumi.secret(
            pulumi
                .all([this.cluster.endpoint, this.cluster.certificateAuthority])
                .apply(([endpoint, ca]) => renderKubeconfig({ clusterName: name, region: spec.region, endpoint, caData: ca.data })),
        );
        const k8sProvider = new k8s.Provider(name, { kubeconfig, enableServerSideApply: true }, { parent: this });

        const autoscalerRole = createAutoscalerRole(name, ctx, child);
        createAutoscaler(
            name,
            { clusterName: this.cluster.name, region: spec.region, roleArn: autoscalerRole.role.arn, kubernetesVersion: spec.kubernetesVersion, k8sProvider },
            pulumi.mergeOptions(child, { dependsOn: [nodeAddons.podIdentityAgent, ...autoscalerRole.grants] }),
            [...nodeGroups, workloadAddons.coreDns, ...controlPlane.adminAccess],
        );

        const tenantAccess = createTenantAccess(name, spec, this.cluster.name, child);

        const objectStore = new S3ObjectStore(
            `${name}-data`,
            {
                bucketName: pulumi.interpolate`${name}-${ctx.accountId}-${spec.region}`,
                keyArn: key.arn,
                ctx,
                protect: prod,
                clusterName: this.cluster.name,
                podIdentityReady: [nodeAddons.podIdentityAgent],
                provider,
            },
            child,
        );

        const encryption: Record<string, pulumi.Input<string>> = { encrypted: "true", kmsKeyId: key.arn };
        const storage: StorageBackend = {
            provisioner: EBS_CSI_PROVISIONER,
            tiers: {
                standard: { parameters: { ...EBS_TIER_PARAMETERS.standard, ...encryption } },
                fast: { parameters: { ...EBS_TIER_PARAMETERS.fast, ...encryption } },
            },
            cloudDefaultClasses: [...EKS_DEFAULT_STORAGE_CLASSES],
            allowVolumeExpansion: true,
        };

        const readyResources = [...nodeGroups, nodeAddons.vpcCni, nodeAddons.kubeProxy, nodeAddons.podIdentityAgent, workloadAddons.coreDns, workloadAddons.ebsCsi, ...controlPlane.adminAccess, ...controlPlane.apiIngress];
        // What a node of any pool needs to run pods (the node add-ons the node groups join after) and the
        // deployer's access; CoreDNS and the EBS CSI driver are separate (dnsReady, volumeReady), so a
        // controller that only talks to the API server does not wait for them (issue 25).
        const nodeReady = [nodeAddons.vpcCni, nodeAddons.kubeProxy, nodeAddons.podIdentityAgent, ...controlPlane.adminAccess, ...controlPlane.apiIngress];
        this.handle = {
            name,
            environment: spec.environment,
            provider: k8sProvider,
            kubeconfig,
            zones: spec.zones,
            pools,
            storage,
            objectStore,
            gpu: EKS_GPU,
            scrapeTargets: EKS_SCRAPE_TARGETS,
            network: awsCni(spec),
            tenantAccess,
            internalLoadBalancer: AWS_CATALOG.internalLoadBalancer,
            controlPlaneAccess: { ...eksAccessPath(spec), endpoint: this.cluster.endpoint },
            readyResources,
            apiReady: [...controlPlane.adminAccess, ...controlPlane.apiIngress],
            // Each pool's own node groups (one per zone for a zonal pool) and what every node needs.
            poolReady: Object.fromEntries(Object.keys(pools).map((p) => [p, [...groups.filter((g) => g.pool === p).map((g) => g.nodeGroup), ...nodeReady]])),
            dnsReady: [workloadAddons.coreDns],
            volumeReady: [workloadAddons.ebsCsi],
        };
        this.registerOutputs({
            clusterName: this.cluster.name,
            clusterArn: this.cluster.arn,
            region: spec.region,
            kubeconfig,
            bucketName: objectStore.bucketName,
            keyArn: key.arn,
        });
    }
}
