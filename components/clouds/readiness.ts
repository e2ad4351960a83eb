import type * as pulumi from "@pulumi/pulumi";
import type { ClusterHandle } from "./clusterHandle";

/**
 * What a pod needs from the cluster besides nodes to run on (issue 25: wait for that, not for everything).
 * `dns`: it resolves Service names when it starts (a data service's nodes finding their seeds or peers, a
 * Job connecting to a Service by name). `volumes`: it mounts a PersistentVolume (anything holding data, a
 * Prometheus with storage, notebooks' user storage).
 *
 * A controller that only talks to the API server needs neither: in-cluster clients reach it at the
 * `KUBERNETES_SERVICE_HOST` address the kubelet injects, not through cluster DNS (client-go
 * `rest.InClusterConfig`, https://github.com/kubernetes/client-go/blob/master/rest/config.go), and the
 * API server reaches an admission webhook's Service through its own Service/Endpoints resolver, not
 * cluster DNS (kube-apiserver `buildServiceResolver`: `NewClusterIPServiceResolver` /
 * `NewEndpointServiceResolver` over Service/Endpoints informers, kubernetes/kubernetes
 * cmd/kube-apiserver/app/server.go; the resolver feeds the webhook admission config in
 * pkg/controlplane/apiserver/config.go `CreateConfig`).
 */
export interface PodNeeds {
    readonly dns?: boolean;
    readonly volumes?: boolean;
}

/**
 * What a pod that runs on `pools` waits for: each pool's readiness (its nodes, the node add-ons, API
 * access; the whole cluster's `readyResources` for a pool the handle does not list) plus cluster DNS and
 * the CSI driver when it needs them. No duplicates, in a stable order.
 * @param cluster the cluster handle
 * @param pools the pool names the pod may run on (none: every pool)
 * @param needs what it uses besides nodes
 */
export function podReady(cluster: Pick<ClusterHandle, "poolReady" | "readyResources" | "dnsReady" | "volumeReady">, pools: readonly string[], needs: PodNeeds = {}): pulumi.Resource[] {
    const out = new Set<pulumi.Resource>();
    const base = pools.length > 0 ? pools.flatMap((p) => cluster.poolReady[p] ?? cluster.readyResources) : cluster.readyResources;
    for (const r of base) out.add(r);
    if (needs.dns) for (const r of cluster.dnsReady) out.add(r);
    if (needs.volumes) for (const r of cluster.volumeReady) out.add(r);
    return [...out];
}
