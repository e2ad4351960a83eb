/**
 * Each cloud's NetworkPolicy semantics (components/clouds/<cloud>/cni.ts), as the handle carries them.
 * Every value here is a cited fact; a wrong one would make the connectivity proof judge the policies
 * with the wrong engine.
 */
import { describe, expect, it } from "vitest";
import { firstAddress, plannedNetworkSemantics } from "../../components/clouds/cni";
import { parsePlatformSpec } from "../../components/spec";
import { stackSpec } from "../support/mocks";

const net = (stack: string) => plannedNetworkSemantics(parsePlatformSpec(stackSpec(stack)));

describe("CNI semantics in the handle", () => {
    it("the kubernetes Service takes the first address of the Service range", () => {
        expect(firstAddress("172.20.0.0/16")).toBe("172.20.0.1");
        expect(firstAddress("10.100.0.0/16")).toBe("10.100.0.1");
        expect(firstAddress("10.0.0.255/32")).toBe("10.0.1.0");
    });

    it("EKS (VPC CNI agent): pods in the VPC, ipBlock matches them, Services matched on the ClusterIP before DNAT", () => {
        const aws = net("aws-prod");
        const spec = parsePlatformSpec(stackSpec("aws-prod"));
        expect(aws.podCidr).toBe(spec.network.vpcCidr);
        expect(aws.ipBlockMatchesPods).toBe(true);
        expect(aws.ipBlockMatchesNodes).toBe(true);
        expect(aws.serviceEgressMatchedOn).toBe("clusterIP");
        expect(aws.apiServerService).toEqual({ clusterIp: firstAddress(spec.network.serviceCidr), port: 443 });
        expect(aws.webhookCaller).toMatchObject({ kind: "address", cidr: spec.network.vpcCidr });
        expect(aws.identityEndpoints).toEqual([expect.objectContaining({ cidr: "169.254.170.23/32", ports: [80] })]);
        expect(aws.evidence.join(" ")).toContain("amazon-network-policy-controller-k8s");
    });

    it.each([
        ["azure-prod", { app: "konnectivity-agent" }],
        ["gcp-prod", { "k8s-app": "konnectivity-agent" }],
    ])("%s (Cilium): ipBlock never matches pods or nodes, Services after DNAT, webhooks from konnectivity-agent", (stack, labels) => {
        const n = net(stack);
        expect(n.ipBlockMatchesPods).toBe(false);
        expect(n.ipBlockMatchesNodes).toBe(false);
        expect(n.serviceEgressMatchedOn).toBe("backend");
        expect(n.webhookCaller).toMatchObject({ kind: "pod", namespace: "kube-system", labels });
        expect(n.evidence.join(" ")).toContain("tigera/operator#5212");
    });

    it("AKS workload identity needs no node-local endpoint; GKE's goes through the metadata server", () => {
        expect(net("azure-prod").identityEndpoints).toEqual([]);
        expect(net("gcp-prod").identityEndpoints).toEqual([expect.objectContaining({ cidr: "169.254.169.254/32", ports: [80, 988] }), expect.objectContaining({ cidr: "169.254.169.252/32", ports: [988] })]);
    });

    // GKE's network-policy page: with Workload Identity, egress to 169.254.169.252/32:988 (where the node's
    // DNAT sends 169.254.169.254:80 before policy is evaluated) must be allowed, or token fetches time out.
    it("GKE lets pods reach the metadata server after the node's DNAT (169.254.169.252:988), not only at 169.254.169.254", () => {
        const endpoints = net("gcp-prod").identityEndpoints;
        expect(endpoints.some((e) => e.cidr === "169.254.169.252/32" && e.ports.includes(988))).toBe(true);
        // Nothing wider than the two /32s: the rest of the link-local range stays closed.
        for (const e of endpoints) expect(e.cidr.endsWith("/32"), e.cidr).toBe(true);
    });

    it("an existing cluster says its enforcement is unknown", () => {
        expect(net("local").enforcement).toBe("unknown");
    });
});
