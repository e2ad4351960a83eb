import * as gcp from "./sdk";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { PlatformSpec } from "../../spec";
import type { ClusterHandle, GpuEnablement, PoolHandle, ScrapeTargets, StorageBackend } from "../clusterHandle";
import { isControlPool } from "../poolOrder";
import { poolHandles } from "../pools";
import { gcpCni } from "./cni";
import { GCP_CATALOG, GKE_DEFAULT_STORAGE_CLASSES, GKE_DISK_TYPES, GKE_LOCAL_SSD_HOST_PATH, GKE_PD_CSI_PROVISIONER } from "./catalog";
import { gkeAccessPath } from "./access";
import { clusterArgs, clusterLocation } from "./controlPlane";
import { createNodeIdentity } from "./iam";
import { createClusterKeys } from "./kms";
import { renderKubeconfig } from "./kubeconfig";
import { stackLabels } from "./names";
import { createNetwork } from "./network";
import { createNodePools, gkeSystemTaint } from "./nodePools";
import { GcsObjectStore } from "./objectStore";
import { createTenantAccess } from "./tenantAccess";

/** Arguments of {@link GkeCluster}. */
export interface GkeClusterArgs {
    /** The validated spec (`cloud: gcp`). */
    readonly spec: PlatformSpec;
}

/**
 * GKE owns the GPU stack: it installs the NVIDIA driver (`gpuDriverInstallationConfig`) and runs its
 * own `nvidia-gpu-device-plugin` DaemonSet on GPU nodes, so tristack installs neither.
 */
// GKE installs the driver under /home/kubernetes/bin/nvidia on Container-Optimized OS, outside the
// library path; without it the DCGM exporter fails with ERROR_LIBRARY_NOT_FOUND (NVIDIA/dcgm-exporter#484).
// Google's own DCGM DaemonSet for GKE mounts that directory at /usr/local/nvidia
// (https://cloud.google.com/stackdriver/docs/managed-prometheus/exporters/nvidia-dcgm).
export const GKE_GPU: GpuEnablement = { driverProvidedByCloud: true, devicePluginProvidedByCloud: true, driverHostPath: "/home/kubernetes/bin/nvidia" };

/**
 * What GKE exposes to an in-cluster Prometheus: the control plane is Google's (no controller-manager,
 * scheduler or etcd endpoints; their metrics reach Cloud Monitoring through `monitoringConfig`), and
 * Dataplane V2 (`ADVANCED_DATAPATH`) replaces kube-proxy with Cilium, so there is none to scrape
 * (https://cloud.google.com/kubernetes-engine/docs/concepts/dataplane-v2).
 */
export const GKE_SCRAPE_TARGETS: ScrapeTargets = { controllerManager: false, scheduler: false, etcd: false, kubeProxy: false };

/**
 * The pools a GKE cluster for this spec has (what the handle will carry), without creating anything.
 * @param spec the validated spec
 */
export function gkePools(spec: PlatformSpec): Record<string, PoolHandle> {
    return poolHandles(spec, { gpu: GKE_GPU, systemTaint: gkeSystemTaint(spec), localScratchHostPath: GKE_LOCAL_SSD_HOST_PATH });
}

/**
 * The bucket name of a stack: project-prefixed, since bucket names are global.
 * @param spec the validated spec
 */
export function bucketNameFor(spec: PlatformSpec): string {
    return `${spec.gcp?.project ?? "project"}-${spec.name}`;
}

/**
 * The Google Cloud adapter: a GKE Standard cluster with tristack's node pools, network, keys, node
 * identity and GCS bucket, returned as the neutral {@link ClusterHandle}. Every GCP child goes through
 * one `gcp.Provider` (project, region and default labels from the spec); nothing reads ambient config.
 */
export class GkeCluster extends pulumi.ComponentResource {
    /** The neutral handle. */
    public readonly handle: ClusterHandle;
    /** The GKE cluster. */
    public readonly cluster: gcp.container.Cluster;

    constructor(name: string, args: GkeClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tristack:gcp:GkeCluster", name, {}, opts);
        const { spec } = args;
        const gcpSpec = spec.gcp;
        if (spec.cloud !== "gcp" || !gcpSpec) throw new pulumi.RunError("the GKE adapter needs cloud: gcp and the gcp block (validated by the spec)");
        const project = gcpSpec.project;
        const prod = spec.environment === "prod";
        const labels = stackLabels(spec.tags, pulumi.getStack());

        const provider = new gcp.Provider(name, { project, region: spec.region, defaultLabels: { ...labels } }, { parent: this });
        const child: pulumi.CustomResourceOptions = { parent: this, provider };

        const projectInfo = gcp.organizations.getProjectOutput({ projectId: project }, { parent: this, provider });
        const storageAgent = gcp.storage.getProjectServiceAccountOutput({ project }, { parent: this, provider });
        const keys = createClusterKeys(
            name,
            { region: spec.region, projectNumber: projectInfo.number, storageAgentEmail: storageAgent.emailAddress, customerManagedStorage: prod, labels, protect: prod },
            child,
        );
        const network = createNetwork(name, spec, child);
        const nodes = createNodeIdentity(name, project, child);

        this.cluster = new gcp.container.Cluster(
            name,
            clusterArgs(name, spec, { network, secretsKey: keys.secrets.id, nodeServiceAccount: nodes.account.email, resourceLabels: labels }),
            pulumi.mergeOptions(child, {
                protect: prod,
                retainOnDelete: prod,
                // The default pool is removed right after creation; its config is not ours to diff.
                ignoreChanges: ["nodeConfig"],
                dependsOn: [keys.grants.secrets, ...network.resources],
            }),
        );

        const pools = gkePools(spec);
        // GKE runs one node-pool operation at a time per cluster (deployEstimate.ts SERIALISATION_RULES), so
        // the order is ours to choose: the system and general pools first, which the platform's releases
        // need, then the rest, created while those releases install (issue 25).
        const poolCtx = { cluster: this.cluster.id, location: this.cluster.location, zones: spec.zones, serviceAccount: nodes.account.email, bootDiskKmsKey: keys.disks?.id, resourceLabels: labels };
        const poolOpts = pulumi.mergeOptions(child, { dependsOn: [...nodes.grants, ...(keys.grants.disks ? [keys.grants.disks] : [])] });
        const poolReady: Record<string, gcp.container.NodePool[]> = {};
        const createPools = (control: boolean, opts: pulumi.CustomResourceOptions) => {
            const subset = Object.fromEntries(Object.entries(spec.nodePools).filter(([poolName]) => isControlPool(pools[poolName]!) === control));
            const created = createNodePools(name, { ...spec, nodePools: subset }, pools, poolCtx, opts);
            Object.keys(subset).forEach((poolName, i) => (poolReady[poolName] = [created[i]!]));
            return created;
        };
        const controlPools = createPools(true, poolOpts);
        const nodePools = [...controlPools, ...createPools(false, pulumi.mergeOptions(poolOpts, { dependsOn: controlPools }))];

        const objectStore = new GcsObjectStore(
            `${name}-data`,
            {
                project,
                region: spec.region,
                bucketName: bucketNameFor(spec),
                kmsKey: keys.objects?.id,
                kmsReady: keys.grants.objects ? [keys.grants.objects] : [],
                labels,
                protect: prod,
                cluster: this.cluster,
                provider,
            },
            child,
        );

        // mode dns: the kubeconfig talks to the DNS endpoint (publicly trusted certificate, no CA data);
        // otherwise to the IP endpoint the spec made reachable (public, or private in a connected network).
        const dns = spec.apiAccess.mode === "dns";
        const endpoint = dns ? this.cluster.controlPlaneEndpointsConfig.apply((c) => (c as typeof c | undefined)?.dnsEndpointConfig?.endpoint ?? "") : this.cluster.endpoint;
        const kubeconfig = pulumi.secret(
            pulumi.all([endpoint, this.cluster.masterAuth]).apply(([server, auth]) => renderKubeconfig({ name, endpoint: server, caCertificate: dns ? undefined : (auth.clusterCaCertificate ?? "") })),
        );
        const k8sProvider = new k8s.Provider(name, { kubeconfig, enableServerSideApply: true }, { parent: this });

        const diskKey: Record<string, pulumi.Input<string>> = keys.disks ? { "disk-encryption-kms-key": keys.disks.id } : {};
        const storage: StorageBackend = {
            provisioner: GKE_PD_CSI_PROVISIONER,
            tiers: {
                standard: { parameters: { type: GKE_DISK_TYPES.standard, ...diskKey } },
                fast: { parameters: { type: GKE_DISK_TYPES.fast, ...diskKey } },
            },
            cloudDefaultClasses: [...GKE_DEFAULT_STORAGE_CLASSES],
            allowVolumeExpansion: true,
        };

        this.handle = {
            name,
            environment: spec.environment,
            provider: k8sProvider,
            kubeconfig,
            zones: spec.zones,
            pools,
            storage,
            objectStore,
            gpu: GKE_GPU,
            scrapeTargets: GKE_SCRAPE_TARGETS,
            network: gcpCni(spec),
            tenantAccess: createTenantAccess(name, spec, clusterLocation(spec), child),
            internalLoadBalancer: GCP_CATALOG.internalLoadBalancer,
            controlPlaneAccess: { ...gkeAccessPath(spec), endpoint: pulumi.interpolate`https://${endpoint}` },
            readyResources: nodePools,
            apiReady: [this.cluster],
            poolReady,
            // kube-dns is a GKE-managed Deployment that tolerates the system taint (nodePools.ts gkeSystemTaint;
            // https://cloud.google.com/kubernetes-engine/docs/how-to/kube-dns): it runs on the control pools,
            // created first. The Persistent Disk CSI driver is a cluster add-on (controlPlane.ts
            // gcePersistentDiskCsiDriverConfig), part of the cluster.
            dnsReady: controlPools,
            volumeReady: [],
        };
        this.registerOutputs({
            clusterName: this.cluster.name,
            location: clusterLocation(spec),
            kubeconfig,
            bucketName: objectStore.bucketName,
        });
    }
}
