/**
 * Hand-made ClusterHandle/PlatformHandle for the Spark component, so its contract with the handles
 * (grantAccess, uri, sparkConf, pools, tenant workloads) is tested independently of any adapter.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterHandle, ObjectStoreAccess, ServiceAccountRef } from "../../../components/clouds/clusterHandle";
import { plannedNetworkSemantics } from "../../../components/clouds/cni";
import { poolHandles } from "../../../components/clouds/pools";
import type { PlatformHandle } from "../../../components/platform/platformHandle";
import { parsePlatformSpec, tenantNamespace, type PlatformSpec } from "../../../components/spec";
import { stackSpec } from "../../support/mocks";

export type Obj = Record<string, unknown>;

/** A grantAccess call as the fake object store saw it. */
export interface Grant {
    readonly name: string;
    readonly sa: ServiceAccountRef;
    readonly prefix: string | undefined;
    readonly access: ObjectStoreAccess;
}

/** The host path the fake adapter mounts NVMe at. */
export const SCRATCH = "/mnt/fake-nvme";

/** What the fake grantAccess returns for a ServiceAccount (distinct per SA, so bindings can be told apart). */
export function fakeAccess(sa: ServiceAccountRef): ObjectStoreAccess {
    return { serviceAccountAnnotations: { "example.com/identity": `${sa.namespace}.${sa.serviceAccount}` }, podLabels: { "example.com/use": "true" }, resources: [] };
}

/** The aws-dev spec (general, large-core with NVMe, T4 GPU pool, two tenants), optionally edited. */
export function devSpec(edit: (raw: Obj) => void = () => {}): PlatformSpec {
    const raw = stackSpec("aws-dev") as Obj;
    edit(raw);
    return parsePlatformSpec(raw);
}

/**
 * A ClusterHandle over a spec's pools with a fake object store that records grants.
 * @param spec the spec
 * @param grants where to record grantAccess calls
 */
export function fakeCluster(spec: PlatformSpec, grants: Grant[]): ClusterHandle {
    const gpu = { driverProvidedByCloud: true, devicePluginProvidedByCloud: false };
    return {
        name: spec.name,
        environment: spec.environment,
        provider: new k8s.Provider(`${spec.name}-provider-${grants.length}-${Math.random().toString(36).slice(2, 8)}`, { kubeconfig: "{}" }),
        kubeconfig: pulumi.secret("{}"),
        controlPlaneAccess: { mode: "kubeconfig", endpointKind: "test", hops: [], credentialPlugin: undefined, endpoint: pulumi.output("https://test") },
        zones: spec.zones,
        pools: poolHandles(spec, { gpu, systemTaint: true, localScratchHostPath: SCRATCH }),
        storage: { provisioner: "example.csi", tiers: { standard: { parameters: {} }, fast: { parameters: {} } }, cloudDefaultClasses: [], allowVolumeExpansion: true },
        objectStore: {
            bucketName: pulumi.output("bucket"),
            uri: (p) => pulumi.output(`s3a://bucket/${p}`),
            sparkConf: { "spark.hadoop.fs.s3a.endpoint.region": "us-east-1" },
            grantAccess: (name, sa, prefix) => {
                const access = fakeAccess(sa);
                grants.push({ name, sa, prefix, access });
                return access;
            },
            backupStorage: () => {
                throw new Error("not used by Spark");
            },
        },
        gpu,
        scrapeTargets: { controllerManager: false, scheduler: false, etcd: false, kubeProxy: false },
        network: plannedNetworkSemantics(spec),
        tenantAccess: { subjects: {}, grants: {}, kubeconfigCommand: {} },
        internalLoadBalancer: undefined,
        readyResources: [],
        apiReady: [],
        poolReady: {},
        dnsReady: [],
        volumeReady: [],
    };
}

/**
 * A PlatformHandle for a spec, with the platform layer's tenant workloads (`spark` SA, `team-<t>/`).
 * @param spec the spec
 * @param monitoring whether monitoring is on
 */
export function fakePlatform(spec: PlatformSpec, monitoring = true): PlatformHandle {
    const tenants = Object.keys(spec.tenants);
    return {
        namespaceNames: { sparkOperator: "spark-operator", spark: "spark", kafka: "kafka", cassandra: "cassandra", monitoring: "monitoring", tenants: Object.fromEntries(tenants.map((t) => [t, tenantNamespace(t)])) },
        storageClasses: { standard: "tristack-standard", fast: "tristack-fast" },
        priorityClasses: { platform: "tristack-platform", data: "tristack-data", batch: "tristack-batch" },
        monitoring: { enabled: monitoring, namespace: "monitoring", monitorLabels: { release: "kube-prometheus-stack" }, dashboardLabels: { grafana_dashboard: "1" } },
        ready: [],
        controlReady: [],
        tenantReady: {},
        localScratch: {},
        tenantWorkloads: Object.fromEntries(
            tenants.map((t) => [t, { namespace: tenantNamespace(t), serviceAccount: "spark", objectStorePrefix: `${tenantNamespace(t)}/`, podLabels: { "example.com/use": "true" } }]),
        ),
    };
}

/**
 * Parse a `spark-defaults.conf` into a map.
 * @param text file contents
 */
export function parseConf(text: string): Record<string, string> {
    return Object.fromEntries(
        text
            .split("\n")
            .filter((l) => l.trim() !== "")
            .map((l) => {
                const i = l.indexOf(" ");
                return [l.slice(0, i), l.slice(i + 1)];
            }),
    );
}
