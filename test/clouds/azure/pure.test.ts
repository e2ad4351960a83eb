import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { aksPoolTaints, aksTaint, osDiskType } from "../../../components/clouds/azure/agentPools";
import { diskTags } from "../../../components/clouds/azure/aksCluster";
import { AZURE_CATALOG } from "../../../components/clouds/azure/catalog";
import { toAzureCliKubeconfig } from "../../../components/clouds/azure/kubeconfig";
import { MIN_SNAT_PORTS_PER_NODE, outboundIpZones, SNAT_PORTS_PER_IP, snatPlan } from "../../../components/clouds/azure/network";
import { dnsServiceIp, keyVaultName, nodeSubnetCidr, storageAccountName, uniqueSuffix } from "../../../components/clouds/azure/names";
import { prefixCondition } from "../../../components/clouds/azure/objectStore";
import { mockUserKubeconfig } from "../../../components/clouds/azure/planMocks";
import type { PoolHandle } from "../../../components/clouds/clusterHandle";
import { ROOT } from "../../support/mocks";

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

describe("Azure names", () => {
    it("derives a stable 6-hex suffix from subscription and resource group, case-insensitively", () => {
        expect(uniqueSuffix("sub", "rg")).toMatch(/^[0-9a-f]{6}$/);
        expect(uniqueSuffix("SUB", "RG")).toBe(uniqueSuffix("sub", "rg"));
        expect(uniqueSuffix("sub", "rg2")).not.toBe(uniqueSuffix("sub", "rg"));
    });

    it.each([
        { base: "tristack-dev", purpose: "dl" as const, want: "tristackdevdlabc123" },
        { base: "tristack-prod", purpose: "bk" as const, want: "tristackprodbkabc123" },
        { base: "a-very-long-platform-name", purpose: "dl" as const, want: "averylongplatfdlabc123" },
    ])("storage account $base/$purpose -> $want", ({ base, purpose, want }) => {
        expect(storageAccountName(base, purpose, "abc123")).toBe(want);
    });

    it("keeps every storage account and vault name within Azure's rules for any spec name", () => {
        const specName = fc.stringMatching(/^[a-z]([a-z0-9-]{0,18}[a-z0-9])?$/);
        fc.assert(
            fc.property(specName, fc.stringMatching(/^[0-9a-f]{6}$/), (name, suffix) => {
                expect(storageAccountName(name, "dl", suffix)).toMatch(/^[a-z0-9]{3,24}$/);
                const kv = keyVaultName(name, suffix);
                expect(kv).toMatch(/^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/);
                expect(kv).not.toContain("--");
            }),
        );
    });

    it.each([
        { base: "tristack-prod", want: "tristack-prod-kvabc123" },
        { base: "data-platform-abc-x", want: "data-platform-kvabc123" },
    ])("key vault $base -> $want", ({ base, want }) => {
        expect(keyVaultName(base, "abc123")).toBe(want);
    });

    it.each([
        { vnet: "10.0.0.0/16", subnet: "10.0.0.0/18" },
        { vnet: "10.20.0.0/20", subnet: "10.20.0.0/22" },
        { vnet: "192.168.0.0/27", subnet: "192.168.0.0/28" },
    ])("node subnet of $vnet is $subnet", ({ vnet, subnet }) => {
        expect(nodeSubnetCidr(vnet)).toBe(subnet);
    });

    it.each([
        { cidr: "172.20.0.0/16", ip: "172.20.0.10" },
        { cidr: "10.0.255.250/24", ip: "10.1.0.4" },
    ])("DNS service IP of $cidr is $ip", ({ cidr, ip }) => {
        expect(dnsServiceIp(cidr)).toBe(ip);
    });
});

describe("AKS pools", () => {
    it("spells taints the AKS way", () => {
        expect(aksTaint({ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" })).toBe("nvidia.com/gpu=present:NoSchedule");
        expect(aksTaint({ key: "tristack.io/role", value: "data", effect: "NoExecute" })).toBe("tristack.io/role=data:NoExecute");
    });

    it("adds AKS's spot taint to spot pools only", () => {
        const base = { taints: [{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }] } as unknown as PoolHandle;
        expect(aksPoolTaints({ ...base, capacity: "on-demand" })).toEqual(base.taints);
        expect(aksPoolTaints({ ...base, capacity: "spot" })).toEqual([...base.taints, { key: "kubernetes.azure.com/scalesetpriority", value: "spot", effect: "NoSchedule" }]);
    });

    it.each([
        { vmSize: "Standard_D8s_v5", diskGiB: 100, localNvme: false, want: "Managed" },
        { vmSize: "Standard_D8ds_v5", diskGiB: 100, localNvme: false, want: "Ephemeral" },
        { vmSize: "Standard_D8ds_v5", diskGiB: 400, localNvme: false, want: "Managed" },
        { vmSize: "Standard_D64ds_v5", diskGiB: 100, localNvme: true, want: "Managed" },
        { vmSize: "Standard_NC4as_T4_v3", diskGiB: 100, localNvme: false, want: "Ephemeral" },
        { vmSize: "Standard_NC24ads_A100_v4", diskGiB: 100, localNvme: false, want: "Managed" },
    ])("OS disk of $vmSize ($diskGiB GiB, localNvme $localNvme) is $want", ({ vmSize, diskGiB, localNvme, want }) => {
        expect(osDiskType({ diskGiB, localNvme }, vmSize)).toBe(want);
    });

    it.each([
        { model: "T4", family: /^Standard_NC\d+as_T4_v3$/ },
        { model: "A10G", family: /^Standard_NV\d+ads_A10_v5$/ },
        { model: "A100-80GB", family: /^Standard_NC\d+ads_A100_v4$/ },
        { model: "H100-80GB", family: /^Standard_ND\d+isr_H100_v5$/ },
    ])("serves $model from the right VM family", ({ model, family }) => {
        const types = AZURE_CATALOG.instanceTypes.filter((t) => t.gpu?.model === model);
        expect(types.length).toBeGreaterThan(0);
        for (const t of types) expect(t.name).toMatch(family);
    });
});

describe("ABAC prefix condition", () => {
    it("confines path operations and listing to the folder", () => {
        const c = prefixCondition("team-a/");
        const blobs = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs";
        expect(c).toBe(
            `((!(ActionMatches{'${blobs}/read'} AND NOT SubOperationMatches{'Blob.List'}) AND !(ActionMatches{'${blobs}/write'}) AND !(ActionMatches{'${blobs}/delete'}) AND !(ActionMatches{'${blobs}/add/action'}) AND !(ActionMatches{'${blobs}/move/action'})) OR (@Resource[${blobs}:path] StringStartsWith 'team-a/')) AND ((!(ActionMatches{'${blobs}/read'} AND SubOperationMatches{'Blob.List'})) OR (@Request[${blobs}:prefix] StringStartsWith 'team-a/'))`,
        );
    });

    it("treats a prefix with or without trailing slash as the same folder", () => {
        expect(prefixCondition("team-a")).toBe(prefixCondition("team-a/"));
        expect(prefixCondition("team-a")).not.toContain("'team-a'");
    });
});

describe("kubeconfig", () => {
    it("rewrites AKS's device-code exec user to kubelogin with the Azure CLI", () => {
        const out = parse(toAzureCliKubeconfig(b64(mockUserKubeconfig("c1")))) as { users: { user: { exec: Record<string, unknown> } }[]; clusters: unknown[] };
        expect(out.users[0]?.user.exec).toEqual({
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "kubelogin",
            args: ["get-token", "--login", "azurecli", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"],
            env: null,
            installHint: "Install kubelogin: az aks install-cli (see docs/clouds/azure.md).",
            interactiveMode: "IfAvailable",
            provideClusterInfo: false,
        });
        expect(out.clusters).toHaveLength(1);
    });

    it("replaces the legacy azure auth-provider, keeping its server id", () => {
        const legacy = "apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    auth-provider:\n      name: azure\n      config:\n        apiserver-id: 11111111-2222-4333-8444-555555555555\n        environment: AzurePublicCloud\n";
        const out = parse(toAzureCliKubeconfig(b64(legacy))) as { users: { user: Record<string, unknown> }[] };
        expect(out.users[0]?.user["auth-provider"]).toBeUndefined();
        expect((out.users[0]?.user["exec"] as { args: string[] }).args).toEqual(["get-token", "--login", "azurecli", "--server-id", "11111111-2222-4333-8444-555555555555"]);
    });

    it("leaves client-certificate users alone", () => {
        const admin = "apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    client-certificate-data: Y2VydA==\n    client-key-data: a2V5\n";
        expect(parse(toAzureCliKubeconfig(b64(admin)))).toEqual(parse(admin));
    });

    it("fails with a clear error on a kubeconfig without users", () => {
        expect(() => toAzureCliKubeconfig(b64("apiVersion: v1\nkind: Config\n"))).toThrow("AKS returned a kubeconfig without users");
    });
});

describe("disk tags", () => {
    it("joins tags as key=value pairs and drops values the CSI syntax cannot carry", () => {
        expect(diskTags({ owner: "data", env: "dev" })).toBe("owner=data,env=dev");
        expect(diskTags({ owner: "a,b", env: "x=y", ok: "yes" })).toBe("ok=yes");
    });
});

describe("azure-native imports", () => {
    const dir = path.join(ROOT, "components", "clouds", "azure");
    const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));
    const imports = (f: string) => [...readFileSync(path.join(dir, f), "utf8").matchAll(/from "(@pulumi\/azure-native[^"]*)"/g)].map((m) => m[1]!);

    it.each(files)("%s imports azure-native by stable submodule only", (f) => {
        for (const spec of imports(f)) {
            expect(spec, f).toMatch(/^@pulumi\/azure-native\/[a-z]+(\/[a-z]+)?$/);
            expect(spec, f).not.toMatch(/\/v20\d\d|preview/);
        }
    });

    it("keeps planMocks.ts free of the SDK (the plan loads it for every cloud)", () => {
        expect(imports("planMocks.ts")).toEqual([]);
    });
});

describe("AKS egress (issue 18 item 8)", () => {
    const pool = (role: string, maxNodes: number) => ({ role, maxNodes }) as never;

    it("makes the outbound IPs zone-redundant whenever the cluster spans zones (a zonal IP or NAT gateway dies with its zone)", () => {
        expect(outboundIpZones(["1", "2", "3"])).toEqual(["1", "2", "3"]);
        expect(outboundIpZones(["1", "2"])).toEqual(["1", "2", "3"]);
        expect(outboundIpZones(["2"])).toEqual(["2"]);
        expect(outboundIpZones([])).toBeUndefined();
    });

    it("gives every node the pools can reach, upgrade surge included, its SNAT ports within the outbound IPs' 64,000 each", () => {
        // azure-prod: 6 + 12 + 20 + 4 stateless (surge 2 + 4 + 7 + 2) and two data pools of 6 over 3 racks (surge 3 each).
        const plan = snatPlan({ zones: ["1", "2", "3"], nodePools: { system: pool("system", 6), general: pool("general", 12), bigcpu: pool("large-core", 20), gpu: pool("gpu", 4), kafka: pool("data", 6), cassandra: pool("data", 6) } });
        expect(plan.nodes).toBe(54 + 15 + 6);
        expect(plan.ips).toBe(3);
        expect(plan.portsPerNode % 8).toBe(0);
        expect(plan.portsPerNode).toBeGreaterThanOrEqual(MIN_SNAT_PORTS_PER_NODE);
        expect(plan.nodes * plan.portsPerNode).toBeLessThanOrEqual(plan.ips * SNAT_PORTS_PER_IP);
    });

    it("holds for any pools: never fewer ports than the floor, never more than the IPs have", () => {
        fc.assert(
            fc.property(fc.array(fc.tuple(fc.constantFrom("system", "general", "large-core", "gpu", "data"), fc.integer({ min: 1, max: 1000 })), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 3 }), (pools, zoneCount) => {
                const nodePools = Object.fromEntries(pools.map(([role, max], i) => [`p${i}`, pool(role, max)]));
                const plan = snatPlan({ zones: ["1", "2", "3"].slice(0, zoneCount), nodePools });
                expect(plan.portsPerNode).toBeGreaterThanOrEqual(MIN_SNAT_PORTS_PER_NODE);
                expect(plan.portsPerNode).toBeLessThanOrEqual(SNAT_PORTS_PER_IP);
                expect(plan.nodes * plan.portsPerNode).toBeLessThanOrEqual(plan.ips * SNAT_PORTS_PER_IP);
            }),
        );
    });
});
