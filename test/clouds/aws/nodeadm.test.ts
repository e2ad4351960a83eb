import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { capacityMemoryMiB, eksManagedNodeGroupMaxPods, EVICTION_MEMORY_MIB, ladderCpuReserveMillis } from "../../../components/capacity";
import { AWS_CATALOG, EKS_ENI_LIMITS } from "../../../components/clouds/aws/catalog";
import { eksPools } from "../../../components/clouds/aws/eksCluster";
import { userData } from "../../../components/clouds/aws/nodePools";
import type { PoolHandle } from "../../../components/clouds/clusterHandle";
import { parsePlatformSpec } from "../../../components/spec";
import { stackSpec } from "../../support/mocks";

/**
 * What the node ends up with, replayed from the sources rather than from our own model:
 * 1. nodeadm's generated `config.json`: max pods from the ENI table (`calculateStandardMaxPods`),
 *    kube-reserved from that value (`withDefaultReservedResources`, `getMemoryMebibytesToReserve`).
 * 2. The user-data NodeConfigs merged in document order, the managed node group's own (with its max
 *    pods) appended last (`doc/examples.md`: "the lattermost configuration object will take precedence").
 * 3. The merged `kubelet.config` as a drop-in, applied as a JSON merge patch over `config.json`
 *    (kubernetes `mergeKubeletConfigurations`).
 */
type KubeletConfig = { maxPods: number; kubeReserved: Record<string, string> };

function mergePatch(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(patch)) {
        const b = out[k];
        if (v === null) delete out[k];
        else if (typeof v === "object" && !Array.isArray(v) && typeof b === "object" && b !== null && !Array.isArray(b)) out[k] = mergePatch(b as Record<string, unknown>, v as Record<string, unknown>);
        else out[k] = v;
    }
    return out;
}

function nodeConfigsOf(doc: string): Record<string, unknown>[] {
    return doc
        .split(/^--TRISTACK(?:--)?$/m)
        .filter((part) => part.includes("Content-Type: application/node.eks.aws"))
        .map((part) => parse(part.slice(part.indexOf("\n\n") + 2)) as Record<string, unknown>);
}

function kubeletOnNode(instanceType: string, vCpu: number, doc: string): KubeletConfig {
    const eni = EKS_ENI_LIMITS[instanceType];
    if (!eni) throw new Error(`no ENI data for ${instanceType}`);
    const nodeadmMaxPods = eni.defaultMaxEnis * (eni.ipv4PerEni - 1) + 2;
    const generated = { maxPods: nodeadmMaxPods, kubeReserved: { cpu: `${ladderCpuReserveMillis(vCpu)}m`, "ephemeral-storage": "1Gi", memory: `${11 * nodeadmMaxPods + 255}Mi` } };
    const managedNodeGroup = { spec: { kubelet: { config: { maxPods: eksManagedNodeGroupMaxPods(vCpu) } } } };
    const merged = [...nodeConfigsOf(doc), managedNodeGroup].reduce<Record<string, unknown>>((a, b) => mergePatch(a, b), {});
    const dropIn = ((merged["spec"] as Record<string, unknown>)["kubelet"] as Record<string, unknown>)["config"] as Record<string, unknown>;
    return mergePatch(generated, dropIn) as KubeletConfig;
}

const mib = (q: string | undefined) => Number(/^(\d+)Mi$/.exec(q ?? "")?.[1] ?? Number.NaN);
const millis = (q: string | undefined) => Number(/^(\d+)m$/.exec(q ?? "")?.[1] ?? Number.NaN);

/** The stack's cluster and pools only (the services, tenants and access keys do not change a node). */
function poolsOf(stack: string): PoolHandle[] {
    const s = stackSpec(stack);
    const keep = ["name", "cloud", "environment", "region", "zones", "kubernetesVersion", "nodePools"].map((k) => [k, s[k]]);
    const spec = parsePlatformSpec({ ...Object.fromEntries(keep), apiAccess: { authorizedCidrs: ["203.0.113.0/24"] }, spark: { enabled: false }, kafka: { enabled: false }, cassandra: { enabled: false } });
    return Object.values(eksPools(spec));
}

const stackPools: [string, PoolHandle][] = ["aws-dev", "aws-prod"].flatMap((stack) => poolsOf(stack).map((h) => [`${stack}/${h.name}`, h] as [string, PoolHandle]));

describe("nodeadm's max pods and kube-reserved, replayed with its ENI data", () => {
    it.each(AWS_CATALOG.instanceTypes.map((t) => [t.name, t.defaultMaxPods] as const))("%s: the catalog's default max pods is nodeadm's ENI formula (%i)", (name, maxPods) => {
        const eni = EKS_ENI_LIMITS[name];
        expect(eni, `${name} needs a row in EKS_ENI_LIMITS`).toBeDefined();
        expect(eni!.defaultMaxEnis * (eni!.ipv4PerEni - 1) + 2).toBe(maxPods);
    });

    it("without an explicit kubeReserved, nodeadm reserves 11 * ENI max pods + 255: 2829 MiB on m7i.4xlarge and r7i.4xlarge, whatever maxPods says", () => {
        const maxPodsOnly = ["--TRISTACK", "Content-Type: application/node.eks.aws", "", "---", "apiVersion: node.eks.aws/v1alpha1", "kind: NodeConfig", "spec:", "  kubelet:", "    config:", "      maxPods: 110", "--TRISTACK--"].join("\n");
        for (const t of ["m7i.4xlarge", "r7i.4xlarge"]) {
            const kubelet = kubeletOnNode(t, 16, maxPodsOnly);
            expect(kubelet.maxPods).toBe(110);
            expect(kubelet.kubeReserved["memory"]).toBe("2829Mi");
        }
    });

    it.each(stackPools)("%s: the node's kubelet gets exactly the reservation and max pods the allocatable model used", (_, handle) => {
        const kubelet = kubeletOnNode(handle.instanceType.name, handle.instanceType.vCpu, userData(handle));
        const a = handle.allocatable;
        expect(kubelet.maxPods).toBe(a.maxPods);
        expect(millis(kubelet.kubeReserved["cpu"])).toBe(a.reservedCpuMillis);
        expect(mib(kubelet.kubeReserved["memory"])).toBe(a.reservedMemoryMiB);
        expect(kubelet.kubeReserved["ephemeral-storage"]).toBe("1Gi");
        // allocatable = capacity - kube-reserved - hard eviction (nodeadm sets no system-reserved amounts)
        expect(a.memoryMiB).toBe(capacityMemoryMiB("aws", handle.instanceType.memoryGiB) - mib(kubelet.kubeReserved["memory"]) - EVICTION_MEMORY_MIB);
        expect(a.cpuMillis).toBe(handle.instanceType.vCpu * 1000 - millis(kubelet.kubeReserved["cpu"]));
    });

    it("reserves for the managed node group's max pods: 1465 MiB on 16-vCPU data nodes, 3005 MiB on 64-vCPU nodes", () => {
        const prod = Object.fromEntries(stackPools.filter(([n]) => n.startsWith("aws-prod/")).map(([n, h]) => [n.slice("aws-prod/".length), h.allocatable]));
        expect([prod["kafka"]?.maxPods, prod["kafka"]?.reservedMemoryMiB]).toEqual([110, 1465]);
        expect([prod["cassandra"]?.maxPods, prod["cassandra"]?.reservedMemoryMiB]).toEqual([110, 1465]);
        expect([prod["bigcpu"]?.maxPods, prod["bigcpu"]?.reservedMemoryMiB]).toEqual([250, 3005]);
    });
});
