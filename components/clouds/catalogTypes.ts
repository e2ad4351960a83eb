import type { ApiAccessMode, GpuModel, PoolRole } from "../spec/nodeClass";

/** CPU architecture of an instance type. */
export type Arch = "x86_64" | "arm64";

/**
 * One instance type of one cloud: the nominal shape the catalog resolves a pool to.
 * Data only; the capacity module turns it into allocatable.
 */
export interface InstanceType {
    /** The cloud's name for the type (`m7i.2xlarge`, `n2-standard-8`, `Standard_D8s_v5`). */
    readonly name: string;
    /** Roles this type is offered for when a pool asks by neutral shape. */
    readonly roles: readonly PoolRole[];
    /** Virtual CPUs. */
    readonly vCpu: number;
    /** Nominal memory in GiB (what the price list says, not what the kubelet sees). */
    readonly memoryGiB: number;
    /** Attached GPUs, if any. */
    readonly gpu?: { readonly model: GpuModel; readonly count: number };
    /** Local NVMe (instance store / local SSD / temp NVMe), if the type has it. */
    readonly localNvme?: { readonly disks: number; readonly diskGiB: number };
    /** CPU architecture. @default "x86_64" */
    readonly arch?: Arch;
    /** The cloud's own default max pods for this type (EKS: the ENI formula). */
    readonly defaultMaxPods: number;
}

/** How a cloud names its zones, so the spec can reject a zone from another cloud. */
export type ZoneStyle =
    /** `<region><letter>` (AWS `us-east-1a`) or `<region>-<letter>` (GCP `us-central1-a`). */
    | "region-prefixed"
    /** Availability-zone numbers `1`, `2`, `3` (Azure). */
    | "numbered"
    /** Anything (existing clusters). */
    | "free";

/** The catalog of one cloud: data tables only. */
export interface CloudCatalog {
    /** Instance types tristack may pick, smallest first within each role. */
    readonly instanceTypes: readonly InstanceType[];
    /** How zones are named. */
    readonly zoneStyle: ZoneStyle;
    /**
     * How a `type: LoadBalancer` Service gets a private (VPC/VNet-only) address, or undefined where
     * tristack does not know (an existing cluster). Never a public load balancer.
     */
    readonly internalLoadBalancer: InternalLoadBalancer | undefined;
    /** Whether the adapter's object store can give Medusa (Cassandra backups) a way to authenticate. */
    readonly medusaBackups: boolean;
    /** Regions the adapter can build in (spec `region` must be one); undefined where the cluster already exists. Each list cites its source and date. */
    readonly regions?: readonly string[];
    /** How the API server can be reached on this cloud; undefined where tristack does not build the control plane (existing). */
    readonly apiAccess: ApiAccessCatalog | undefined;
}

/** A cloud's API server access options (spec `apiAccess`). */
export interface ApiAccessCatalog {
    /** The `apiAccess.mode` values the adapter maps to this cloud. */
    readonly modes: readonly ApiAccessMode[];
    /** Spec key path that places the cluster in an existing network (what `mode: private` needs), e.g. `aws.existingVpc`. */
    readonly existingNetworkKey: string;
}

/** A cloud's internal load balancer for `type: LoadBalancer` Services. */
export interface InternalLoadBalancer {
    /** Annotations that make the cloud's service controller create an internal load balancer. */
    readonly serviceAnnotations: Readonly<Record<string, string>>;
}
