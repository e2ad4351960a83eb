import { beforeAll, describe, expect, it } from "vitest";
import { MOCK_DEPLOYER_OBJECT_ID, MOCK_SUBSCRIPTION_ID, MOCK_TENANT_ID, mockGuid } from "../../../components/clouds/azure/planMocks";
import { aksPools } from "../../../components/clouds/azure/aksCluster";
import { snatPlan } from "../../../components/clouds/azure/network";
import { parsePlatformSpec } from "../../../components/spec/parse";
import { run, stackSpec, type Recorded, type RecordedResource } from "../../support/mocks";

const T = {
    provider: "pulumi:providers:azure-native",
    rg: "azure-native:resources:ResourceGroup",
    vnet: "azure-native:network:VirtualNetwork",
    subnet: "azure-native:network:Subnet",
    nat: "azure-native:network:NatGateway",
    ip: "azure-native:network:PublicIPAddress",
    cluster: "azure-native:containerservice:ManagedCluster",
    pool: "azure-native:containerservice:AgentPool",
    identity: "azure-native:managedidentity:UserAssignedIdentity",
    role: "azure-native:authorization:RoleAssignment",
    vault: "azure-native:keyvault:Vault",
    key: "azure-native:keyvault:Key",
    des: "azure-native:compute:DiskEncryptionSet",
    account: "azure-native:storage:StorageAccount",
    blobService: "azure-native:storage:BlobServiceProperties",
    policy: "azure-native:storage:ManagementPolicy",
    container: "azure-native:storage:BlobContainer",
    workspace: "azure-native:operationalinsights:Workspace",
    diagnostics: "azure-native:monitor:DiagnosticSetting",
} as const;

/** Types whose ARM resource takes tags (every one of them must carry the cost tags). */
const TAGGABLE = [T.rg, T.vnet, T.nat, T.ip, T.cluster, T.pool, T.identity, T.vault, T.key, T.des, T.account, T.workspace];

const ROLE_IDS = {
    blobContributor: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
    cryptoUser: "12338af0-0e69-4776-bea7-57ae8d297424",
    cryptoServiceEncryptionUser: "e147488a-f6f5-4113-8e2d-b22465e65bf6",
    cryptoOfficer: "14b46e9e-c2b7-41b4-b07b-48a6ebf60603",
    identityOperator: "f1a07417-d97a-45cb-824c-7a7467783830",
    networkContributor: "4d97b98b-1d4f-4787-a291-c67834d212e7",
    reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
};
const roleDef = (guid: string) => `/subscriptions/${MOCK_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v ?? {}) as Obj;

const SUFFIX = { dev: "f7b233", prod: "05c5c5" } as const;

describe.each([{ env: "dev" as const }, { env: "prod" as const }])("AKS adapter, azure-$env stack", ({ env }) => {
    const prod = env === "prod";
    const name = `tristack-${env}`;
    const tags = { owner: "data-platform", "cost-center": "cc-4711", env, "tristack-stack": `azure-${env}` };
    let r: Recorded;
    let cluster: Obj;
    const zones = prod ? ["1", "2", "3"] : ["1", "2"];
    // Data pools are one AgentPool per zone (issue 18 item 7): `pool("kafka")` is zone 1's.
    const DATA_POOLS = ["kafka", "cassandra"];
    const pool = (p: string): RecordedResource => r.one(T.pool, DATA_POOLS.includes(p) ? `${name}-${p}-1` : `${name}-${p}`);
    beforeAll(async () => {
        r = await run(stackSpec(`azure-${env}`), { stack: `azure-${env}` });
        cluster = r.one(T.cluster, name).inputs;
    });

    it("creates one azure-native provider with the spec's region as its location", () => {
        const p = r.one(T.provider, name);
        expect(p.inputs["location"]).toBe("eastus2");
        expect(r.ofType(T.provider)).toHaveLength(1);
    });

    it("passes that provider to every Azure resource", () => {
        const urn = r.one(T.provider, name).urn;
        const azure = r.resources.filter((x) => x.custom && x.type.startsWith("azure-native:"));
        expect(azure.length).toBeGreaterThan(20);
        for (const x of azure) expect(x.provider?.split("::").slice(0, -1).join("::"), `${x.type} ${x.name}`).toBe(urn);
    });

    it("registers no azure-native type token with a preview API version", () => {
        const tokens = r.resources.filter((x) => x.type.startsWith("azure-native:")).map((x) => x.type);
        expect(tokens.length).toBeGreaterThan(0);
        for (const t of tokens) {
            expect(t, t).not.toMatch(/preview/i);
            expect(t.split(":")).toHaveLength(3);
        }
    });

    it("puts the cost tags plus the stack on every taggable resource", () => {
        const taggable = r.resources.filter((x) => TAGGABLE.includes(x.type as (typeof TAGGABLE)[number]));
        expect(taggable.length).toBeGreaterThan(12);
        // A data pool's per-zone AgentPools add the zone they are the rack of; a pool keeping its temp disk as
        // Spark scratch says so (tristack-scratch, read by policy rule 18).
        const extra = (x: RecordedResource): Obj => (x.type === T.pool ? Object.fromEntries(Object.entries(obj(x.inputs["tags"])).filter(([k]) => k === "tristack-rack" || k === "tristack-scratch")) : {});
        for (const x of taggable) expect(x.inputs["tags"], `${x.type} ${x.name}`).toEqual({ ...tags, ...extra(x) });
        expect(obj((cluster["agentPoolProfiles"] as Obj[])[0])["tags"]).toEqual(tags);
    });

    it("creates the resource group in the region, protected in prod", () => {
        const rg = r.one(T.rg, name);
        expect(rg.inputs).toMatchObject({ resourceGroupName: `${name}-rg`, location: "eastus2" });
        expect(rg.protect).toBe(prod);
    });

    it("builds a VNet and a /18 node subnet with the Storage service endpoint and no default outbound access", () => {
        expect(r.one(T.vnet, name).inputs).toMatchObject({ virtualNetworkName: `${name}-vnet`, addressSpace: { addressPrefixes: ["10.0.0.0/16"] } });
        const subnet = r.one(T.subnet, `${name}-nodes`).inputs;
        expect(subnet).toMatchObject({ subnetName: "nodes", virtualNetworkName: `${name}-vnet`, addressPrefix: "10.0.0.0/18", defaultOutboundAccess: false });
        expect(subnet["serviceEndpoints"]).toEqual([{ service: "Microsoft.Storage" }]);
    });

    // Issue 18 item 8: a Standard NAT gateway is zonal, so one gateway cut every node's egress when its
    // zone failed. Egress now leaves through the load balancer on zone-redundant static IPs.
    it("sends egress through the load balancer on static zone-redundant IPs tristack owns, with no zonal NAT gateway", () => {
        expect(r.ofType(T.nat)).toEqual([]);
        expect(obj(r.one(T.subnet, `${name}-nodes`).inputs)["natGateway"]).toBeUndefined();
        const ips = r.ofType(T.ip);
        expect(ips.length).toBeGreaterThan(0);
        for (const ip of ips) {
            expect(ip.inputs, ip.name).toMatchObject({ sku: { name: "Standard", tier: "Regional" }, publicIPAllocationMethod: "Static" });
            // Zone-redundant: all three zones of the region (a single-zone or no-zone IP dies with its zone).
            expect(ip.inputs["zones"], ip.name).toEqual(["1", "2", "3"]);
        }
        const net = obj(cluster["networkProfile"]);
        expect(net["outboundType"]).toBe("loadBalancer");
        const lb = obj(net["loadBalancerProfile"]);
        const lbIps = (obj(lb["outboundIPs"])["publicIPs"] as Obj[]).map((x) => x["id"]);
        expect([...lbIps].sort()).toEqual(ips.map((ip) => `${ip.name}-id`).sort());
        // Every node the pools can reach, upgrade surge included, keeps its SNAT ports.
        const plan = snatPlan({ nodePools: stackSpec(`azure-${env}`)["nodePools"] as never, zones });
        expect(lb["allocatedOutboundPorts"]).toBe(plan.portsPerNode);
        expect(plan.nodes * plan.portsPerNode).toBeLessThanOrEqual(ips.length * 64_000);
        expect(lb["idleTimeoutInMinutes"]).toBe(10);
    });

    it("lets the control plane put each outbound IP on its load balancer, before the cluster is created", () => {
        const grants = r.ofType(T.role).filter((g) => g.name.startsWith(`${name}-egress-ip-`));
        expect(grants.map((g) => g.inputs["scope"]).sort()).toEqual(r.ofType(T.ip).map((ip) => `${ip.name}-id`).sort());
        for (const g of grants) expect(g.inputs["roleDefinitionId"]).toBe(roleDef(ROLE_IDS.networkContributor));
        const deps = r.one(T.cluster, name).dependencies ?? [];
        for (const g of grants) expect(deps, g.name).toContain(g.urn);
    });

    it("uses Azure CNI Overlay with Cilium dataplane and network policy and the spec's pod/service ranges", () => {
        expect(cluster["networkProfile"]).toEqual({
            networkPlugin: "azure",
            networkPluginMode: "overlay",
            networkDataplane: "cilium",
            networkPolicy: "cilium",
            podCidr: "10.128.0.0/14",
            serviceCidr: "172.20.0.0/16",
            dnsServiceIP: "172.20.0.10",
            loadBalancerSku: "standard",
            outboundType: "loadBalancer",
            loadBalancerProfile: expect.any(Object),
        });
    });

    it("runs the cluster at the spec's Kubernetes version with Entra ID, Azure RBAC and the admin groups", () => {
        expect(cluster["kubernetesVersion"]).toBe("1.33");
        expect(cluster["enableRBAC"]).toBe(true);
        expect(cluster["aadProfile"]).toEqual({ managed: true, enableAzureRBAC: true, adminGroupObjectIDs: ["00000000-0000-4000-8000-000000000001"], tenantID: MOCK_TENANT_ID });
        expect(cluster["linuxProfile"]).toBeUndefined();
    });

    it(`${prod ? "disables" : "keeps"} local accounts`, () => {
        expect(cluster["disableLocalAccounts"]).toBe(prod);
    });

    it("turns on the OIDC issuer and workload identity", () => {
        expect(cluster["oidcIssuerProfile"]).toEqual({ enabled: true });
        expect(obj(cluster["securityProfile"])["workloadIdentity"]).toEqual({ enabled: true });
    });

    it(prod ? "limits the public endpoint to the runners' egress CIDRs" : "opens the public endpoint only on the explicit openToInternet opt-in", () => {
        expect(cluster["apiServerAccessProfile"]).toEqual(prod ? { enablePrivateCluster: false, authorizedIPRanges: ["198.51.100.16/28"] } : { enablePrivateCluster: false });
    });

    it("uses user-assigned control-plane and kubelet identities, the control plane operating the kubelet identity", () => {
        expect(cluster["identity"]).toEqual({ type: "UserAssigned", userAssignedIdentities: [`${name}-control-plane-id`] });
        expect(cluster["identityProfile"]).toEqual({
            kubeletidentity: { resourceId: `${name}-kubelet-id`, clientId: mockGuid(`client/${name}-kubelet`), objectId: mockGuid(`principal/${name}-kubelet`) },
        });
        expect(r.one(T.role, `${name}-kubelet-operator`).inputs).toMatchObject({
            principalId: mockGuid(`principal/${name}-control-plane`),
            principalType: "ServicePrincipal",
            roleDefinitionId: roleDef(ROLE_IDS.identityOperator),
            scope: `${name}-kubelet-id`,
        });
        expect(r.one(T.role, `${name}-subnet`).inputs).toMatchObject({ roleDefinitionId: roleDef(ROLE_IDS.networkContributor), scope: `${name}-nodes-id` });
    });

    it("turns on the Azure Policy add-on", () => {
        expect(cluster["addonProfiles"]).toEqual({ azurepolicy: { enabled: true } });
    });

    it("turns on the Disk CSI driver and snapshots, off the file and blob drivers", () => {
        expect(cluster["storageProfile"]).toEqual({ diskCSIDriver: { enabled: true }, snapshotController: { enabled: true }, fileCSIDriver: { enabled: false }, blobCSIDriver: { enabled: false } });
    });

    it("takes patches of the pinned minor (channel patch) and node images, and keeps managing kubernetesVersion", () => {
        expect(cluster["autoUpgradeProfile"]).toEqual({ upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" });
        expect(r.one(T.cluster).ignoreChanges).not.toContain("kubernetesVersion");
    });

    it(`uses the ${prod ? "Standard" : "Free"} tier`, () => {
        expect(cluster["sku"]).toEqual({ name: "Base", tier: prod ? "Standard" : "Free" });
    });

    // One monitoring story (issue 20, issue 18 item 4): the in-cluster Prometheus, no Azure Monitor managed
    // Prometheus (which had no Azure Monitor workspace, DCE, DCR or association to send to).
    it("keeps Azure Monitor managed Prometheus off", () => {
        expect(cluster["azureMonitorProfile"]).toEqual({ metrics: { enabled: false } });
    });

    // Issue 24 item 3: AKS shipped no control-plane or audit logs at all.
    it("sends the control-plane and audit logs to a Log Analytics workspace through a diagnostic setting on the cluster", () => {
        const ws = r.one(T.workspace, `${name}-logs`);
        expect(ws.inputs).toMatchObject({ workspaceName: `${name}-logs`, sku: { name: "PerGB2018" }, retentionInDays: prod ? 365 : 30 });
        expect(ws.protect).toBe(prod);
        const d = r.one(T.diagnostics, `${name}-control-plane-logs`);
        expect(d.inputs["resourceUri"]).toBe(`${name}-id`);
        expect(d.inputs["workspaceId"]).toBe(`${name}-logs-id`);
        expect(d.inputs["logAnalyticsDestinationType"]).toBe("Dedicated");
        const logs = (d.inputs["logs"] as Obj[]).filter((l) => l["enabled"] === true).map((l) => l["category"]);
        expect(new Set(logs)).toEqual(new Set(["kube-apiserver", "kube-audit-admin", "guard", "kube-controller-manager", "kube-scheduler"]));
        expect(d.inputs["metrics"]).toBeUndefined();
    });

    it(prod ? "encrypts etcd with the Key Vault KMS key and OS disks with the disk encryption set" : "has no KMS and no disk encryption set", () => {
        const kms = obj(cluster["securityProfile"])["azureKeyVaultKms"];
        if (prod) {
            expect(kms).toEqual({ enabled: true, keyId: expect.stringMatching(new RegExp(`^https://tristack-prod-kv05c5c5\\.vault\\.azure\\.net/keys/tristack-prod-etcd/[0-9a-f]{32}$`)), keyVaultNetworkAccess: "Public" });
            expect(cluster["diskEncryptionSetID"]).toBe("tristack-prod-disks-id");
            // The DES unwraps through its identity's RBAC grant; the Azure Disk Encryption flag is not needed (issue 18 minor).
            expect(obj(r.one(T.vault).inputs["properties"])["enabledForDiskEncryption"]).toBe(false);
        } else {
            expect(kms).toBeUndefined();
            expect(cluster["diskEncryptionSetID"]).toBeUndefined();
            expect(r.ofType(T.vault)).toEqual([]);
            expect(r.ofType(T.des)).toEqual([]);
        }
    });

    it("defines the system pool inline: mode System, CriticalAddonsOnly taint, contract labels, autoscaled across the zones", () => {
        const profiles = cluster["agentPoolProfiles"] as Obj[];
        expect(profiles).toHaveLength(1);
        expect(profiles[0]).toMatchObject({
            name: "system",
            mode: "System",
            type: "VirtualMachineScaleSets",
            vmSize: "Standard_D4s_v5",
            nodeTaints: ["CriticalAddonsOnly=true:NoSchedule"],
            nodeLabels: { "tristack.io/pool": "system", "tristack.io/role": "system" },
            availabilityZones: prod ? ["1", "2", "3"] : ["1", "2"],
            enableAutoScaling: true,
            minCount: prod ? 3 : 1,
            maxCount: prod ? 6 : 3,
            scaleSetPriority: "Regular",
            enableNodePublicIP: false,
            vnetSubnetID: `${name}-nodes-id`,
        });
        expect(r.ofType(T.pool).map((p) => p.name)).not.toContain(`${name}-system`);
    });

    it("creates one AgentPool per other pool, in the spec's zones, and one per zone for data pools, after the cluster", () => {
        const clusterUrn = r.one(T.cluster, name).urn;
        const racks = (p: string) => zones.map((z) => `${p}${z}`);
        expect(r.ofType(T.pool).map((p) => p.inputs["agentPoolName"]).sort()).toEqual(["bigcpu", ...racks("cassandra"), "general", "gpu", ...racks("kafka")].sort());
        for (const p of r.ofType(T.pool)) {
            const rack = (p.inputs["tags"] as Obj)["tristack-rack"];
            expect(p.inputs).toMatchObject({ resourceGroupName: `${name}-rg`, resourceName: name, mode: "User", availabilityZones: rack === undefined ? zones : [rack], enableAutoScaling: true, maxPods: 110, osType: "Linux" });
            expect(p.dependencies).toContain(clusterUrn);
            expect(p.ignoreChanges).toEqual(["count"]);
        }
    });

    // Issue 18 item 7: a data pod whose LRS disk is in zone 2 needs a node in zone 2; one multi-zone
    // scale set lets the autoscaler pick no zone.
    it("splits each data pool into one single-zone AgentPool per zone with that zone's share of the bounds, balanced by the autoscaler", () => {
        for (const p of DATA_POOLS) {
            const spec = (stackSpec(`azure-${env}`)["nodePools"] as Record<string, { minNodes: number; maxNodes: number }>)[p]!;
            const units = zones.map((z) => r.one(T.pool, `${name}-${p}-${z}`).inputs);
            for (const [i, z] of zones.entries()) expect(units[i]).toMatchObject({ agentPoolName: `${p}${z}`, availabilityZones: [z], tags: { ...tags, "tristack-rack": z } });
            expect(units.reduce((n, u) => n + (u["minCount"] as number), 0)).toBe(spec.minNodes);
            expect(units.every((u) => (u["maxCount"] as number) >= 1)).toBe(true);
        }
        expect(cluster["autoScalerProfile"]).toEqual({ balanceSimilarNodeGroups: "true" });
        // The handle's racks name the zones as the nodes' topology.kubernetes.io/zone label does.
        const handlePools = aksPools(parsePlatformSpec(stackSpec(`azure-${env}`)));
        expect(handlePools["kafka"]?.racks?.map((x) => x.zone)).toEqual(zones.map((z) => `eastus2-${z}`));
        expect(handlePools["general"]?.racks).toBeUndefined();
    });

    // Issue 18 item 6 / the AKS immutable pool properties.
    it("replaces an AgentPool (old one first, same name) when a property AKS cannot change in place changes", () => {
        for (const p of r.ofType(T.pool)) {
            expect(new Set(p.replaceOnChanges)).toEqual(new Set(["vmSize", "osType", "availabilityZones", "vnetSubnetID", "maxPods", "osDiskType", "osDiskSizeGB", "enableEncryptionAtHost", "enableNodePublicIP", "scaleSetPriority", "scaleSetEvictionPolicy"]));
            expect(p.deleteBeforeReplace).toBe(true);
        }
    });

    it("shows no diff on the cluster after a refresh lists every AgentPool in agentPoolProfiles (the inline pool is for creation only)", () => {
        const c = r.one(T.cluster, name);
        const refreshed: Obj = { ...c.inputs, agentPoolProfiles: [...(c.inputs["agentPoolProfiles"] as Obj[]), ...r.ofType(T.pool).map((p) => ({ ...p.inputs, count: 3 }))] };
        // What the engine compares: the inputs minus the ignored top-level paths (nested paths would not cover a longer list).
        const ignored = new Set(c.ignoreChanges ?? []);
        const visible = (o: Obj) => Object.fromEntries(Object.entries(o).filter(([k]) => !ignored.has(k)));
        expect(visible(refreshed)).toEqual(visible(c.inputs));
    });

    it("labels every pool with the contract labels and taints GPU and data pools in AKS format", () => {
        for (const p of ["general", "bigcpu", "gpu", "kafka", "cassandra"]) {
            const role = { general: "general", bigcpu: "large-core", gpu: "gpu", kafka: "data", cassandra: "data" }[p];
            expect(pool(p).inputs["nodeLabels"]).toEqual({ "tristack.io/pool": p, "tristack.io/role": role });
        }
        const spotTaint = "kubernetes.azure.com/scalesetpriority=spot:NoSchedule";
        expect(pool("general").inputs["nodeTaints"]).toEqual([]);
        expect(pool("bigcpu").inputs["nodeTaints"]).toEqual(prod ? [] : [spotTaint]);
        expect(pool("gpu").inputs["nodeTaints"]).toEqual(prod ? ["nvidia.com/gpu=present:NoSchedule"] : ["nvidia.com/gpu=present:NoSchedule", spotTaint]);
        expect(pool("kafka").inputs["nodeTaints"]).toEqual(["tristack.io/role=data:NoSchedule"]);
        expect(pool("cassandra").inputs["nodeTaints"]).toEqual(["tristack.io/role=data:NoSchedule"]);
    });

    it("exposes the pools' taints as the nodes carry them: the spot taint added to spot pools", () => {
        const pools = r.outputs["pools"] as Record<string, { taints: unknown[] }>;
        const spot = { key: "kubernetes.azure.com/scalesetpriority", value: "spot", effect: "NoSchedule" };
        const gpu = { key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" };
        expect(pools["gpu"]?.taints).toEqual(prod ? [gpu] : [gpu, spot]);
        expect(pools["bigcpu"]?.taints).toEqual(prod ? [] : [spot]);
        expect(pools["system"]?.taints).toEqual([{ key: "CriticalAddonsOnly", value: "true", effect: "NoSchedule" }]);
        expect(pools["kafka"]?.taints).toEqual([{ key: "tristack.io/role", value: "data", effect: "NoSchedule" }]);
    });

    it("buys spot pools as Spot VMs at up to the on-demand price, deleted on eviction, without surge settings", () => {
        for (const p of ["bigcpu", "gpu"]) {
            const inputs = pool(p).inputs;
            if (prod) {
                expect(inputs["scaleSetPriority"], p).toBe("Regular");
                expect(inputs["spotMaxPrice"], p).toBeUndefined();
            } else {
                expect(inputs, p).toMatchObject({ scaleSetPriority: "Spot", scaleSetEvictionPolicy: "Delete", spotMaxPrice: -1 });
                expect(inputs["upgradeSettings"], p).toBeUndefined();
            }
        }
    });

    it("surges stateless pools by a third and data pools one node at a time", () => {
        expect(pool("general").inputs["upgradeSettings"]).toEqual({ maxSurge: "33%", drainTimeoutInMinutes: 30 });
        expect(pool("kafka").inputs["upgradeSettings"]).toEqual({ maxSurge: "1", drainTimeoutInMinutes: 30 });
        expect(pool("cassandra").inputs["upgradeSettings"]).toEqual({ maxSurge: "1", drainTimeoutInMinutes: 30 });
    });

    it("sizes pools from the catalog, GPU pools on the right family and able to scale to zero", () => {
        expect(pool("general").inputs["vmSize"]).toBe("Standard_D8s_v5");
        expect(pool("bigcpu").inputs["vmSize"]).toBe("Standard_D64ds_v5");
        expect(pool("kafka").inputs["vmSize"]).toBe("Standard_D16s_v5");
        expect(pool("cassandra").inputs["vmSize"]).toBe("Standard_E16s_v5");
        expect(pool("gpu").inputs).toMatchObject({ vmSize: prod ? "Standard_NC24ads_A100_v4" : "Standard_NC4as_T4_v3", minCount: 0, maxCount: prod ? 4 : 2, count: 0, gpuProfile: { driver: "Install" } });
        expect(pool("general").inputs["gpuProfile"]).toBeUndefined();
    });

    it("uses ephemeral OS disks only where the temp disk holds them and the pool does not use it as scratch", () => {
        expect(pool("gpu").inputs["osDiskType"]).toBe(prod ? "Managed" : "Ephemeral");
        expect(pool("bigcpu").inputs["osDiskType"]).toBe("Managed");
        expect(pool("general").inputs["osDiskType"]).toBe("Managed");
        expect(pool("kafka").inputs["osDiskSizeGB"]).toBe(prod ? 200 : 100);
        // The scratch pool says why its OS disk is Managed (policy rule 18 reads the tag); no other pool does.
        expect(obj(pool("bigcpu").inputs["tags"])["tristack-scratch"]).toBe("temp-disk");
        for (const p of r.ofType(T.pool).filter((x) => x.name !== `${name}-bigcpu`)) expect(obj(p.inputs["tags"])["tristack-scratch"], p.name).toBeUndefined();
    });

    it(`${prod ? "encrypts" : "does not encrypt"} at host on every pool`, () => {
        for (const p of r.ofType(T.pool)) expect(p.inputs["enableEncryptionAtHost"], p.name).toBe(prod);
        expect(obj((cluster["agentPoolProfiles"] as Obj[])[0])["enableEncryptionAtHost"]).toBe(prod);
    });

    it("creates the data lake account hardened: HNS, no public or shared-key access, TLS 1.2, deny-by-default firewall", () => {
        const a = r.one(T.account, `${name}-data`).inputs;
        expect(a).toMatchObject({
            accountName: `tristack${env}dl${SUFFIX[env]}`,
            kind: "StorageV2",
            sku: { name: prod ? "Standard_ZRS" : "Standard_LRS" },
            isHnsEnabled: true,
            allowBlobPublicAccess: false,
            allowSharedKeyAccess: false,
            minimumTlsVersion: "TLS1_2",
            enableHttpsTrafficOnly: true,
            defaultToOAuthAuthentication: true,
        });
        expect(a["networkRuleSet"]).toEqual({ defaultAction: "Deny", bypass: "AzureServices", virtualNetworkRules: [{ virtualNetworkResourceId: `${name}-nodes-id`, action: "Allow" }] });
        expect(obj(a["encryption"])["requireInfrastructureEncryption"]).toBe(true);
    });

    it(prod ? "encrypts the storage accounts with the storage key through a user-assigned identity" : "uses Microsoft-managed keys for storage", () => {
        for (const n of [`${name}-data`, `${name}-cassandra-backups`]) {
            const a = r.one(T.account, n).inputs;
            const enc = obj(a["encryption"]);
            if (prod) {
                expect(enc).toMatchObject({
                    keySource: "Microsoft.Keyvault",
                    keyVaultProperties: { keyName: "tristack-prod-storage", keyVaultUri: "https://tristack-prod-kv05c5c5.vault.azure.net/" },
                    encryptionIdentity: { encryptionUserAssignedIdentity: "tristack-prod-storage-id" },
                });
                expect(a["identity"]).toEqual({ type: "UserAssigned", userAssignedIdentities: ["tristack-prod-storage-id"] });
            } else {
                expect(enc["keySource"]).toBe("Microsoft.Storage");
                expect(a["identity"]).toBeUndefined();
            }
        }
    });

    it("soft-deletes blobs and containers on both accounts; keeps versions only on the backup account (no versioning on HNS accounts)", () => {
        // Azure: blob versioning is not supported with a hierarchical namespace; ARM rejects it on the lake.
        expect(r.one(T.account, `${name}-data`).inputs["isHnsEnabled"]).toBe(true);
        expect(r.one(T.account, `${name}-cassandra-backups`).inputs["isHnsEnabled"]).toBe(false);
        for (const [n, versions] of [[`${name}-data`, false], [`${name}-cassandra-backups`, true]] as const) {
            expect(r.one(T.blobService, n).inputs).toMatchObject({ blobServicesName: "default", isVersioningEnabled: versions, deleteRetentionPolicy: { enabled: true, days: 14 }, containerDeleteRetentionPolicy: { enabled: true, days: 14 } });
        }
    });

    it("expires scratch prefixes after 7 days on the lake, with no version rule there", () => {
        const rules = obj(r.one(T.policy, `${name}-data`).inputs["policy"])["rules"];
        expect(rules).toEqual([
            { name: "scratch", enabled: true, type: "Lifecycle", definition: { filters: { blobTypes: ["blockBlob"], prefixMatch: ["spark/tmp/", "spark/scratch/"] }, actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: 7 } } } } },
        ]);
    });

    it("expires old blob versions of the backup account after 30 days", () => {
        expect(obj(r.one(T.policy, `${name}-cassandra-backups`).inputs["policy"])["rules"]).toEqual([
            { name: "old-versions", enabled: true, type: "Lifecycle", definition: { filters: { blobTypes: ["blockBlob"] }, actions: { version: { delete: { daysAfterCreationGreaterThan: 30 } } } } },
        ]);
    });

    it("creates a private Spark container", () => {
        expect(r.one(T.container, `${name}-data-spark`).inputs).toMatchObject({ accountName: `tristack${env}dl${SUFFIX[env]}`, containerName: "spark", publicAccess: "None" });
        expect(r.outputs["objectStore"]).toBe("spark");
    });

    it("gives Medusa its own backup account, the only one with shared-key access", () => {
        const b = r.one(T.account, `${name}-cassandra-backups`).inputs;
        expect(b).toMatchObject({ accountName: `tristack${env}bk${SUFFIX[env]}`, isHnsEnabled: false, allowSharedKeyAccess: true, allowBlobPublicAccess: false, minimumTlsVersion: "TLS1_2", keyPolicy: { keyExpirationPeriodInDays: 90 } });
        expect(obj(b["networkRuleSet"])["defaultAction"]).toBe("Deny");
        expect(r.ofType(T.account).filter((a) => a.inputs["allowSharedKeyAccess"] !== false).map((a) => a.name)).toEqual([`${name}-cassandra-backups`]);
        expect(r.one(T.container, `${name}-cassandra-backups-medusa`).inputs).toMatchObject({ containerName: "medusa", publicAccess: "None" });
    });

    it("grants no role above a single resource (no subscription or resource-group scope)", () => {
        for (const g of r.ofType(T.role)) {
            const scope = String(g.inputs["scope"]);
            expect(scope, g.name).not.toMatch(/^\/subscriptions\/[^/]+$/);
            expect(scope, g.name).not.toMatch(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+$/i);
        }
    });

    it("hands out a kubeconfig that logs in through kubelogin with the Azure CLI, and names the Kubernetes provider after the component", () => {
        const kubeconfig = String(r.outputs["kubeconfig"]);
        expect(kubeconfig).toContain("command: kubelogin");
        expect(kubeconfig).toMatch(/- get-token\n\s+- --login\n\s+- azurecli\n\s+- --server-id\n\s+- 6dae42f8-4368-4678-94ff-3960e28e3630/);
        expect(kubeconfig).not.toContain("devicecode");
        expect(r.one("pulumi:providers:kubernetes", name).inputs["kubeconfig"]).toBe(kubeconfig);
    });

    if (prod) {
        it("protects and retains the cluster, its KMS identity, vault, keys, storage accounts and containers", () => {
            const kept = [r.one(T.cluster, name), r.one(T.identity, `${name}-control-plane`), r.one(T.vault, `${name}-kv`), ...r.ofType(T.key), ...r.ofType(T.account), ...r.ofType(T.container)];
            expect(kept).toHaveLength(1 + 1 + 1 + 3 + 2 + 2);
            for (const x of kept) {
                expect(x.protect, `${x.type} ${x.name}`).toBe(true);
                expect(x.retainOnDelete, `${x.type} ${x.name}`).toBe(true);
            }
        });

        it("creates a Key Vault with RBAC, soft delete and purge protection, and three rotating RSA keys", () => {
            expect(obj(r.one(T.vault, `${name}-kv`).inputs["properties"])).toMatchObject({
                tenantId: MOCK_TENANT_ID,
                enableRbacAuthorization: true,
                enableSoftDelete: true,
                softDeleteRetentionInDays: 90,
                enablePurgeProtection: true,
            });
            expect(r.one(T.vault, `${name}-kv`).inputs["vaultName"]).toBe("tristack-prod-kv05c5c5");
            expect(r.ofType(T.key).map((k) => k.inputs["keyName"]).sort()).toEqual(["tristack-prod-disks", "tristack-prod-etcd", "tristack-prod-storage"]);
            for (const k of r.ofType(T.key)) {
                expect(k.inputs["properties"]).toMatchObject({
                    kty: "RSA",
                    keySize: 3072,
                    rotationPolicy: { attributes: { expiryTime: "P1Y" }, lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P90D" } }, { action: { type: "notify" }, trigger: { timeBeforeExpiry: "P30D" } }] },
                });
            }
        });

        it("grants on the vault only: KMS Crypto User to the control plane, Crypto Service Encryption User to the disk set and storage identity", () => {
            const onVault = r.ofType(T.role).filter((g) => g.inputs["scope"] === `${name}-kv-id`);
            const byName = Object.fromEntries(onVault.map((g) => [g.name, g.inputs]));
            expect(Object.keys(byName).sort()).toEqual([`${name}-kv-control-plane`, `${name}-kv-deployer`, `${name}-kv-disks`, `${name}-kv-storage`]);
            expect(byName[`${name}-kv-control-plane`]).toMatchObject({ principalId: mockGuid(`principal/${name}-control-plane`), roleDefinitionId: roleDef(ROLE_IDS.cryptoUser) });
            expect(byName[`${name}-kv-disks`]).toMatchObject({ principalId: mockGuid(`principal/${name}-disks`), roleDefinitionId: roleDef(ROLE_IDS.cryptoServiceEncryptionUser) });
            expect(byName[`${name}-kv-storage`]).toMatchObject({ principalId: mockGuid(`principal/${name}-storage`), roleDefinitionId: roleDef(ROLE_IDS.cryptoServiceEncryptionUser) });
            expect(byName[`${name}-kv-deployer`]).toMatchObject({ principalId: MOCK_DEPLOYER_OBJECT_ID, roleDefinitionId: roleDef(ROLE_IDS.cryptoOfficer) });
        });

        it("creates a disk encryption set on the disks key's versioned URL that follows new key versions", () => {
            // azure-native KeyForDiskEncryptionSetArgs.keyUrl: "Version segment of the Url is required
            // regardless of rotationToLatestKeyVersionEnabled value."
            const des = r.one(T.des, `${name}-disks`).inputs;
            expect(String(obj(des["activeKey"])["keyUrl"])).toMatch(/^https:\/\/tristack-prod-kv05c5c5\.vault\.azure\.net\/keys\/tristack-prod-disks\/[0-9a-f]{32}$/);
            expect(des).toMatchObject({
                identity: { type: "SystemAssigned" },
                encryptionType: "EncryptionAtRestWithCustomerKey",
                activeKey: { sourceVault: { id: `${name}-kv-id` } },
                rotationToLatestKeyVersionEnabled: true,
            });
            expect(r.one(T.role, `${name}-des-reader`).inputs).toMatchObject({ roleDefinitionId: roleDef(ROLE_IDS.reader), scope: `${name}-disks-id` });
        });

        it("creates the cluster only after the KMS grant exists", () => {
            const deps = r.one(T.cluster, name).dependencies;
            expect(deps).toContain(r.one(T.role, `${name}-kv-control-plane`).urn);
            expect(deps).toContain(r.one(T.role, `${name}-kv-disks`).urn);
        });
    } else {
        it("protects nothing in dev", () => {
            expect(r.resources.filter((x) => x.type.startsWith("azure-native:") && (x.protect || x.retainOnDelete)).map((x) => x.name)).toEqual([]);
        });
    }
});
