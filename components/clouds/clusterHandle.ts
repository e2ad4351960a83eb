import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { NodeAllocatable, Resources } from "../capacity/types";
import type { ApiAccessMode, CapacityType, Environment, PoolRole, StorageTier, Taint } from "../spec/nodeClass";
import type { InstanceType, InternalLoadBalancer } from "./catalogTypes";
import type { NetworkSemantics } from "./cni";
import type { ObjectStoreEndpoint } from "./objectStoreEndpoint";

export type { InternalLoadBalancer };

/**
 * What every cluster adapter returns, identical in shape on EKS, GKE, AKS and an existing cluster.
 * The platform and data layers take only this: if they ever need to know the cloud, a field is
 * missing here.
 */
export interface ClusterHandle {
    /** Base name (the spec's `name`), used to derive child names. */
    readonly name: string;
    /** Environment, for protection and replica decisions. */
    readonly environment: Environment;
    /** The provider every Kubernetes object goes through. */
    readonly provider: k8s.Provider;
    /** Kubeconfig of the cluster (secret). */
    readonly kubeconfig: pulumi.Output<string>;
    /** Zones the cluster's nodes span (the racks of the data services). */
    readonly zones: readonly string[];
    /** The node pools, keyed by pool name. */
    readonly pools: Readonly<Record<string, PoolHandle>>;
    /** How storage classes are built on this cloud. */
    readonly storage: StorageBackend;
    /** The object store for Spark data, event logs and backups. */
    readonly objectStore: ObjectStore;
    /** Who owns the GPU driver and device plugin on this cloud. */
    readonly gpu: GpuEnablement;
    /** Which control-plane and node components an in-cluster Prometheus can scrape here. */
    readonly scrapeTargets: ScrapeTargets;
    /**
     * How this cluster's CNI matches NetworkPolicy peers (pre- or post-DNAT, whether ipBlock selects pods
     * and nodes, where webhook calls come from, identity endpoints), from the cloud's `cni.ts`, so the
     * platform's policies and the plan's connectivity proof are written once.
     */
    readonly network: NetworkSemantics;
    /**
     * How each tenant's humans appear to Kubernetes here (EKS access-entry groups, GKE Google Group
     * emails, AKS Entra group object ids, an existing cluster's group), so tenant RoleBindings are
     * written once.
     */
    readonly tenantAccess: TenantAccess;
    /** How a `type: LoadBalancer` Service gets a private address here (the catalog's); undefined if unknown. */
    readonly internalLoadBalancer: InternalLoadBalancer | undefined;
    /** Control-plane access: the endpoint the deployer reaches, the path to it and how it authenticates. */
    readonly controlPlaneAccess: ControlPlaneAccess;
    /**
     * Resources the cluster must exist before Kubernetes objects that run pods are applied (node pools,
     * add-ons): Helm releases, Deployments, Jobs, data custom resources `dependsOn` these.
     */
    readonly readyResources: readonly pulumi.Resource[];
    /**
     * What an object that starts no pods waits for: the API server exists and the deployer may write
     * to it (EKS access entries and API ingress rules, the GKE cluster, the AKS cluster and the
     * deployer's admin grant). Namespaces, quotas, network policies, RBAC, storage and priority
     * classes, Secrets, ConfigMaps and CRDs wait for these only, so they are applied while the node
     * pools are still being created (issue 25); a subset of what `readyResources` waits for.
     */
    readonly apiReady: readonly pulumi.Resource[];
    /**
     * Per pool (keyed by pool name): what a pod that runs only on that pool waits for, the pool's own
     * node groups / node pools and what a node needs to run pods (CNI, kube-proxy, pod identity agent,
     * API access); a subset of `readyResources`. Not cluster DNS or the CSI driver: a pod that needs those
     * also waits for `dnsReady` / `volumeReady` (components/clouds/readiness.ts `podReady`). A controller on
     * the system and general pools, or a data service on its data pool, then does not wait for every other
     * pool where the cloud creates pools one at a time, nor for add-ons it does not use (issue 25).
     */
    readonly poolReady: Readonly<Record<string, readonly pulumi.Resource[]>>;
    /**
     * What a pod that resolves Service names when it starts waits for beyond its pool: cluster DNS (EKS:
     * the CoreDNS add-on; GKE: the pools kube-dns runs on; AKS: the cluster and its inline system pool,
     * where CoreDNS runs; empty on an existing cluster); a subset of `readyResources`.
     */
    readonly dnsReady: readonly pulumi.Resource[];
    /**
     * What a pod that mounts a PersistentVolume waits for beyond its pool: the CSI driver that provisions
     * and attaches it (EKS: the EBS CSI add-on; GKE, AKS: part of the cluster, empty; empty on an existing
     * cluster); a subset of `readyResources`.
     */
    readonly volumeReady: readonly pulumi.Resource[];
}

/** One node pool as the layers below the adapter see it. */
export interface PoolHandle {
    /** Pool name (the key in the spec's `nodePools`). */
    readonly name: string;
    /** Pool role. */
    readonly role: PoolRole;
    /** Node labels (the contract: `tristack.io/pool`, `tristack.io/role`). */
    readonly labels: Readonly<Record<string, string>>;
    /**
     * Taints in Kubernetes terms as they appear on the nodes, after the adapter normalised any
     * cloud-added taints (AKS spot) into the contract. Workloads tolerate exactly these.
     */
    readonly taints: readonly Taint[];
    /** The resolved instance type. */
    readonly instanceType: InstanceType;
    /** Purchasing option. */
    readonly capacity: CapacityType;
    /** Autoscaling bounds (nodes, across all zones). */
    readonly minNodes: number;
    readonly maxNodes: number;
    /** Node allocatable as the kubelet will report it. */
    readonly allocatable: NodeAllocatable;
    /** Requests of the DaemonSets that run on every node of this pool (cloud baseline + ours). */
    readonly daemonSetOverhead: Resources;
    /**
     * Zonal per rack: for pools whose pods hold zonal volumes (data pools) on a cluster with zones,
     * one entry per zone, each a unit the autoscaler scales on its own (EKS: a node group per zone;
     * GKE: the node pool's per-zone instance group), with that zone's share of the node bounds.
     * Undefined when the pool is one multi-zone unit. Data services put one rack per entry.
     */
    readonly racks?: readonly PoolRack[];
    /**
     * Local NVMe scratch, when the pool asked for it: the host path where the adapter mounted it
     * (RAID-0 of the instance-store disks), for Spark `spark.local.dir` hostPath volumes.
     */
    readonly localScratch?: { readonly hostPath: string; readonly sizeGiB: number };
}

/** A storage class's provisioner parameters for one tier. */
export interface StorageClassParameters {
    readonly parameters: Readonly<Record<string, pulumi.Input<string>>>;
}
/** One zone of a pool that is zonal per rack. */
export interface PoolRack {
    /** The zone (the nodes' `topology.kubernetes.io/zone`). */
    readonly zone: string;
    /** Autoscaling bounds of this zone's nodes. */
    readonly minNodes: number;
    readonly maxNodes: number;
}

/**
 * The zones a data service puts one rack each in for a pool: the pool's own racks when it is zonal
 * per rack, else the cluster's zones (empty on a cluster without zones: one rack).
 * @param pool the pool
 * @param clusterZones the cluster's zones
 */
export function rackZones(pool: Pick<PoolHandle, "racks">, clusterZones: readonly string[]): string[] {
    return pool.racks ? pool.racks.map((r) => r.zone) : [...clusterZones];
}


/** How the `tristack-standard` / `tristack-fast` classes are realised on this cloud. */
export interface StorageBackend {
    /** CSI provisioner (`ebs.csi.aws.com`, `pd.csi.storage.gke.io`, `disk.csi.azure.com`). */
    readonly provisioner: string;
    /** Parameters per tier; encryption parameters included. */
    readonly tiers: Readonly<Record<StorageTier, StorageClassParameters>>;
    /** Storage classes the cloud ships marked default, to be un-defaulted (e.g. `gp2`, `standard-rwo`, `default`). */
    readonly cloudDefaultClasses: readonly string[];
    /** Whether the provisioner supports volume expansion (true on the three clouds). */
    readonly allowVolumeExpansion: boolean;
}

/** Who provides what for GPUs on this cloud. */
export interface GpuEnablement {
    /** The node image or the cloud installs the NVIDIA driver (EKS AL2023 NVIDIA AMI, GKE managed, AKS). */
    readonly driverProvidedByCloud: boolean;
    /** The cloud already runs an NVIDIA device plugin on GPU nodes (GKE, AKS with managed GPU). */
    readonly devicePluginProvidedByCloud: boolean;
    /** Node labels that select GPU nodes beyond the contract (informational). */
    readonly extraNodeSelector?: Readonly<Record<string, string>>;
    /**
     * Host directory holding the NVIDIA driver's libraries (`lib64/`) and tools (`bin/`) when the node
     * image keeps them outside the library path, so host agents (DCGM exporter) mount it at
     * `/usr/local/nvidia`; undefined where the container toolkit injects the driver (EKS, AKS).
     */
    readonly driverHostPath?: string;
}

/**
 * The components kube-prometheus-stack scrapes besides the API server and kubelets, and whether this
 * cluster exposes each to workloads. A target that can never be reached fires its `...Down` alert
 * forever (prometheus-operator/kube-prometheus#1531), so the platform scrapes only what is exposed.
 */
export interface ScrapeTargets {
    /** kube-controller-manager metrics (false on managed control planes). */
    readonly controllerManager: boolean;
    /** kube-scheduler metrics (false on managed control planes). */
    readonly scheduler: boolean;
    /** etcd metrics (false on managed control planes). */
    readonly etcd: boolean;
    /** kube-proxy metrics on :10249 of every node (false where there is no kube-proxy, or it listens on loopback only). */
    readonly kubeProxy: boolean;
}

/** A Kubernetes service account to bind to cloud identity. */
export interface ServiceAccountRef {
    readonly namespace: string;
    readonly serviceAccount: string;
}

/** What a workload needs so its pods reach the object store through workload identity. */
export interface ObjectStoreAccess {
    /** Annotations to put on the ServiceAccount (GKE/IRSA/Azure client id). */
    readonly serviceAccountAnnotations: Readonly<Record<string, pulumi.Input<string>>>;
    /** Labels every pod using the ServiceAccount must carry (Azure: `azure.workload.identity/use`). */
    readonly podLabels: Readonly<Record<string, string>>;
    /** Cloud resources that make the binding (for `dependsOn`). */
    readonly resources: readonly pulumi.Resource[];
}

/** Where Medusa writes backups and how it authenticates. */
export interface BackupStorage {
    /** Medusa `storageProvider` (`s3`, `google_storage`, `azure_blobs`). */
    readonly storageProvider: "s3" | "google_storage" | "azure_blobs";
    /** Bucket / container name. */
    readonly bucketName: pulumi.Output<string>;
    /** Region, where the provider needs it. */
    readonly region?: string;
    /** Medusa `credentialsType`: `role-based` uses workload identity; `credential-based` uses `credentialsFile`. */
    readonly credentialsType: "role-based" | "credential-based";
    /**
     * Contents of Medusa's credentials file (secret), only when workload identity cannot be used
     * by Medusa on this cloud. Narrowly scoped to the backup prefix.
     */
    readonly credentialsFile?: pulumi.Output<string>;
    /** Workload-identity binding for Medusa's service account (when role-based). */
    readonly access?: ObjectStoreAccess;
}

/** The object store (S3 bucket, GCS bucket, ADLS Gen2 container). */
export interface ObjectStore {
    /** Bucket (or container) name. */
    readonly bucketName: pulumi.Output<string>;
    /** Where pods reach it (NetworkPolicies); unset: the cloud's HTTPS API outside the cluster. */
    readonly endpoint?: ObjectStoreEndpoint;
    /**
     * Hadoop-compatible URI of a prefix, as Spark uses it
     * (`s3a://bucket/p`, `gs://bucket/p`, `abfss://container@account.dfs.core.windows.net/p`).
     * @param prefix a path under the bucket, without leading slash
     */
    uri(prefix: string): pulumi.Output<string>;
    /** Spark/Hadoop settings that make the filesystem use workload identity (no keys). */
    readonly sparkConf: Readonly<Record<string, pulumi.Input<string>>>;
    /**
     * Bind a Kubernetes service account to the object store through workload identity.
     * @param name logical name for the cloud resources
     * @param sa the service account
     * @param prefix restrict access to this prefix (e.g. `team-a/`), or the whole bucket when omitted
     * @param opts resource options (parent)
     */
    grantAccess(name: string, sa: ServiceAccountRef, prefix: string | undefined, opts: pulumi.ComponentResourceOptions): ObjectStoreAccess;
    /**
     * Storage for Medusa backups under `prefix`, with the narrowest credential this cloud allows.
     * @param name logical name for the cloud resources
     * @param sa Medusa's service account (the Cassandra pods' service account)
     * @param prefix backup prefix
     * @param opts resource options (parent)
     */
    backupStorage(name: string, sa: ServiceAccountRef, prefix: string, opts: pulumi.ComponentResourceOptions): BackupStorage;
}

/** A Kubernetes RBAC Group subject, as the cloud's authenticator presents the group. */
export interface GroupSubject {
    readonly apiGroup: "rbac.authorization.k8s.io";
    readonly kind: "Group";
    /** The group name (EKS access-entry group, Google Group email, Entra object id, existing group). */
    readonly name: string;
}

/** How a tenant's users sign in on this cluster. */
export interface TenantAccess {
    /** Per tenant (keyed by tenant name): the Group subjects its users present to the API server. */
    readonly subjects: Readonly<Record<string, readonly GroupSubject[]>>;
    /**
     * Per tenant: the cloud resources that let its users in (EKS access entries, GKE cluster-viewer IAM,
     * AKS Cluster User role assignment); empty where the cloud needs none.
     */
    readonly grants: Readonly<Record<string, readonly pulumi.Resource[]>>;
    /** Per tenant: the command a member runs to get a kubeconfig for this cluster (docs/tenants.md). */
    readonly kubeconfigCommand: Readonly<Record<string, pulumi.Output<string>>>;
}

/**
 * What admits one hop of the path to the API server: a setting of a resource the program registers
 * (the plan checks that it is registered), or a prerequisite outside the program, with where it is
 * documented (docs/access.md).
 */
export type AccessRule =
    | { readonly by: "resource"; readonly type: string; readonly name: string; readonly setting: string }
    | { readonly by: "prerequisite"; readonly setting: string };

/** One hop from the runner to the Kubernetes API. */
export interface AccessHop {
    /** Where the traffic or the identity comes from (`runner egress 203.0.113.0/24`). */
    readonly from: string;
    /** Where it goes (`EKS public endpoint`, `Kubernetes RBAC: cluster-admin`). */
    readonly to: string;
    /** What admits it; undefined when nothing does (the plan then fails). */
    readonly admittedBy: AccessRule | undefined;
}

/**
 * The path from whoever runs `pulumi up` to the API server, computed from the spec alone so the plan
 * can show and check it before anything exists.
 */
export interface AccessPath {
    /** The spec's `apiAccess.mode`, or `kubeconfig` for an existing cluster. */
    readonly mode: ApiAccessMode | "kubeconfig";
    /** The endpoint the kubeconfig uses, in words (`GKE DNS endpoint`). */
    readonly endpointKind: string;
    /** Network hops, then authentication hops, in order. */
    readonly hops: readonly AccessHop[];
    /** The exec credential plugin the runner needs for the kubeconfig, if any. */
    readonly credentialPlugin: string | undefined;
}

/** {@link AccessPath} plus the endpoint itself, as the handle carries it. */
export interface ControlPlaneAccess extends AccessPath {
    /** The server URL the kubeconfig (and so the Kubernetes provider) uses. */
    readonly endpoint: pulumi.Output<string>;
}
