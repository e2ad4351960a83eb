import * as os from "node:os";
import * as path from "node:path";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { PlatformSpec } from "../../spec";
import type { AccessPath, ClusterHandle, GpuEnablement, ObjectStore, PoolHandle, ScrapeTargets } from "../clusterHandle";
import { endpointOfUrl } from "../objectStoreEndpoint";
import { poolHandles } from "../pools";
import { existingCni } from "./cni";
import { EXISTING_CATALOG } from "./catalog";
import { existingTenantAccess } from "./tenantAccess";

/** Arguments of {@link ExistingCluster}. */
export interface ExistingClusterArgs {
    /** The validated spec (`cloud: existing`). */
    readonly spec: PlatformSpec;
}

/** Where local scratch lives on existing nodes (a convention docs/clouds/existing.md asks operators to follow). */
export const EXISTING_SCRATCH_HOST_PATH = "/mnt/tristack-scratch";

function expandHome(p: string): string {
    return p === "~" || p.startsWith("~/") ? path.join(os.homedir(), p.slice(1)) : p;
}

/** An existing cluster is assumed to run the NVIDIA driver on its GPU nodes; tristack adds the device plugin. */
const EXISTING_GPU: GpuEnablement = { driverProvidedByCloud: true, devicePluginProvidedByCloud: false };

/** An existing (self-managed) cluster is assumed to expose its control plane, as kubeadm clusters do. */
export const EXISTING_SCRAPE_TARGETS: ScrapeTargets = { controllerManager: true, scheduler: true, etcd: true, kubeProxy: true };

/**
 * The pools the spec describes on the existing cluster (what the handle will carry), without creating anything.
 * @param spec the validated spec
 */
export function existingPools(spec: PlatformSpec): Record<string, PoolHandle> {
    return poolHandles(spec, { gpu: EXISTING_GPU, systemTaint: false, localScratchHostPath: EXISTING_SCRATCH_HOST_PATH });
}

/**
 * The path to an existing cluster's API server: whatever the kubeconfig names, reached the way the
 * person who wrote it reaches it; tristack creates nothing on the way.
 * @param spec the validated spec (`cloud: existing`)
 */
export function existingAccessPath(spec: PlatformSpec): AccessPath {
    const file = spec.existing?.kubeconfigPath ?? "?";
    return {
        mode: "kubeconfig",
        endpointKind: `the server in ${file}`,
        hops: [{ from: "runner", to: "the API server the kubeconfig names", admittedBy: { by: "prerequisite", setting: `${file}${spec.existing?.context !== undefined ? ` (context ${spec.existing.context})` : ""} works from the runner (kubectl get ns)` } }],
        credentialPlugin: undefined,
    };
}

/**
 * Bring-your-own cluster (kind, minikube, on-prem): a ClusterHandle from a kubeconfig. Creates no
 * cloud resources; the nodes must already carry the contract labels and taints (docs/clouds/existing.md).
 * The object store is an S3-compatible endpoint the operator provides (MinIO), reached with the
 * credentials Secret named in the spec.
 */
export class ExistingCluster extends pulumi.ComponentResource {
    /** The neutral handle. */
    public readonly handle: ClusterHandle;

    constructor(name: string, args: ExistingClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tristack:existing:ExistingCluster", name, {}, opts);
        const { spec } = args;
        const existing = spec.existing;
        if (!existing) throw new pulumi.RunError("cloud: existing needs the existing block (validated by the spec)");
        const kubeconfigPath = expandHome(existing.kubeconfigPath);
        const provider = new k8s.Provider(
            name,
            { kubeconfig: kubeconfigPath, context: existing.context, enableServerSideApply: true },
            { parent: this },
        );
        const store = existing.objectStore;
        const bucketName = pulumi.output(store.bucket);
        const secretEnv = (role: "driver" | "executor") => ({
            [`spark.kubernetes.${role}.secretKeyRef.AWS_ACCESS_KEY_ID`]: `${store.credentialsSecret}:access-key`,
            [`spark.kubernetes.${role}.secretKeyRef.AWS_SECRET_ACCESS_KEY`]: `${store.credentialsSecret}:secret-key`,
        });
        const objectStore: ObjectStore = {
            bucketName,
            // The spec's S3 URL (an in-cluster MinIO Service by default): the platform opens egress to it.
            endpoint: endpointOfUrl(store.endpoint),
            uri: (prefix) => pulumi.interpolate`s3a://${bucketName}/${prefix}`,
            sparkConf: {
                "spark.hadoop.fs.s3a.endpoint": store.endpoint,
                "spark.hadoop.fs.s3a.path.style.access": "true",
                "spark.hadoop.fs.s3a.aws.credentials.provider": "software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider",
                ...secretEnv("driver"),
                ...secretEnv("executor"),
            },
            // No cloud identity on an existing cluster: pods read the credentials Secret instead.
            grantAccess: () => ({ serviceAccountAnnotations: {}, podLabels: {}, resources: [] }),
            backupStorage: () => ({ storageProvider: "s3", bucketName, credentialsType: "credential-based" }),
        };
        this.handle = {
            name,
            environment: spec.environment,
            provider,
            kubeconfig: pulumi.secret(kubeconfigPath),
            zones: spec.zones,
            pools: existingPools(spec),
            storage: {
                provisioner: existing.storageProvisioner,
                tiers: { standard: { parameters: {} }, fast: { parameters: {} } },
                cloudDefaultClasses: ["standard"],
                allowVolumeExpansion: false,
            },
            objectStore,
            gpu: EXISTING_GPU,
            scrapeTargets: EXISTING_SCRAPE_TARGETS,
            network: existingCni(spec),
            tenantAccess: existingTenantAccess(spec, existing.context),
            internalLoadBalancer: EXISTING_CATALOG.internalLoadBalancer,
            controlPlaneAccess: { ...existingAccessPath(spec), endpoint: pulumi.output(kubeconfigPath) },
            readyResources: [],
            apiReady: [],
            poolReady: {},
            dnsReady: [],
            volumeReady: [],
        };
        this.registerOutputs({ kubeconfig: this.handle.kubeconfig });
    }
}
