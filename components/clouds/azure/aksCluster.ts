import * as authorization from "@pulumi/azure-native/authorization";
import * as containerservice from "@pulumi/azure-native/containerservice";
import { Provider } from "@pulumi/azure-native/provider";
import * as resources from "@pulumi/azure-native/resources";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { PlatformSpec } from "../../spec";
import type { ClusterHandle, GpuEnablement, PoolHandle, ScrapeTargets, StorageBackend } from "../clusterHandle";
import { isControlPool } from "../poolOrder";
import { poolHandles } from "../pools";
import { azureCni } from "./cni";
import { agentPoolNames, aksPoolTaints, createAgentPools, refuseSpotSystemPools, systemPoolProfile, type PoolContext } from "./agentPools";
import { AZURE_CATALOG, AKS_DEFAULT_STORAGE_CLASSES, AKS_TEMP_DISK_HOST_PATH, AZURE_DISK_CSI_PROVISIONER, AZURE_DISK_SKUS } from "./catalog";
import { aksAccessPath, rbacPropagationWaitMs } from "./access";
import { kubeconfigServerFqdn, managedClusterArgs, MINOR_MOVING_CHANNELS } from "./controlPlane";
import { deployerIdentity } from "./deployer";
import { createClusterIdentities, grantRole } from "./identity";
import { createClusterKeys } from "./keyVault";
import { toAzureCliKubeconfig } from "./kubeconfig";
import { createControlPlaneLogs } from "./logging";
import { keyVaultName, stackTags, storageAccountName, uniqueSuffix } from "./names";
import { createNetwork } from "./network";
import { AzureObjectStore } from "./objectStore";
import { oidcIssuerUrl } from "./oidcIssuer";
import { createTenantAccess } from "./tenantAccess";

/** Arguments of {@link AksCluster}. */
export interface AksClusterArgs {
    /** The validated spec (`cloud: azure`). */
    readonly spec: PlatformSpec;
}

/**
 * AKS installs the NVIDIA driver on GPU nodes itself (the default GPU node image,
 * `gpuProfile.driver: Install`), but not the NVIDIA device plugin: the AKS docs have the user deploy
 * the plugin DaemonSet (the managed GPU experience that adds it is preview-only). So the platform
 * layer installs the device plugin on AKS.
 */
export const AKS_GPU: GpuEnablement = { driverProvidedByCloud: true, devicePluginProvidedByCloud: false };

/**
 * What AKS exposes to an in-cluster Prometheus: the control plane is Azure's (no controller-manager,
 * scheduler or etcd endpoints), and Azure CNI powered by Cilium (`networkDataplane: cilium`,
 * controlPlane.ts) replaces kube-proxy
 * (https://learn.microsoft.com/azure/aks/azure-cni-powered-by-cilium).
 */
export const AKS_SCRAPE_TARGETS: ScrapeTargets = { controllerManager: false, scheduler: false, etcd: false, kubeProxy: false };

/**
 * ManagedCluster inputs left to Azure after creation: the whole `agentPoolProfiles` list. The system
 * pool it creates keeps its creation settings; changing them follows AKS's system-pool procedure (add a
 * new System-mode pool, then delete the old one: https://learn.microsoft.com/azure/aks/use-system-pools),
 * see docs/clouds/azure.md.
 */
export const CLUSTER_IGNORE_CHANGES = ["agentPoolProfiles"] as const;

/** The pools as the node-pool builders see them (before the handle's zone normalisation). */
function aksContractPools(spec: PlatformSpec): Record<string, PoolHandle> {
    // Data pools are zonal per rack: one AgentPool per zone (agentPools.ts), in a tristack-built or an
    // existing subnet alike (a subnet spans the region's zones).
    const pools = poolHandles(spec, { gpu: AKS_GPU, systemTaint: true, localScratchHostPath: AKS_TEMP_DISK_HOST_PATH, zonalDataPools: true });
    refuseSpotSystemPools(pools);
    return pools;
}

/**
 * The pools an AKS cluster for this spec has (what the handle will carry), without creating anything.
 * @param spec the validated spec
 */
export function aksPools(spec: PlatformSpec): Record<string, PoolHandle> {
    return normalisedPools(aksContractPools(spec), spec.region);
}

/**
 * The zone as AKS nodes carry it in `topology.kubernetes.io/zone` (`<region>-<n>`, e.g. eastus2-1),
 * from the zone number the API takes.
 * @param region the cluster's region
 * @param zone the AKS zone number
 */
export function aksNodeZone(region: string, zone: string): string {
    return `${region}-${zone}`;
}

/**
 * Comma-separated `key=value` tags for the Disk CSI `tags` parameter, so volumes carry the cost tags.
 * @param tags the stack's tags
 */
export function diskTags(tags: Readonly<Record<string, string>>): string {
    return Object.entries(tags)
        .filter(([k, v]) => !/[,=]/.test(k) && !/[,=]/.test(v))
        .map(([k, v]) => `${k}=${v}`)
        .join(",");
}

/**
 * The neutral pools with AKS's own Spot taint added to Spot pools, so workloads tolerate every taint
 * the nodes really carry, and rack zones as the nodes' zone label.
 * @param pools the contract pools
 * @param region the cluster's region
 */
export function normalisedPools(pools: Readonly<Record<string, PoolHandle>>, region: string): Record<string, PoolHandle> {
    return Object.fromEntries(
        Object.entries(pools).map(([k, p]) => [k, { ...p, taints: aksPoolTaints(p), ...(p.racks ? { racks: p.racks.map((r) => ({ ...r, zone: aksNodeZone(region, r.zone) })) } : {}) }]),
    );
}

/**
 * The Azure adapter: an AKS cluster with tristack's node pools, network, identities, keys and ADLS
 * Gen2 object store, returned as the neutral {@link ClusterHandle}. Every Azure child goes through
 * one azure-native provider (location from the spec); the subscription comes from the Azure CLI
 * login or `ARM_SUBSCRIPTION_ID`.
 */
export class AksCluster extends pulumi.ComponentResource {
    /** The neutral handle. */
    public readonly handle: ClusterHandle;
    /** The AKS cluster. */
    public readonly cluster: containerservice.ManagedCluster;

    constructor(name: string, args: AksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tristack:azure:AksCluster", name, {}, opts);
        const { spec } = args;
        if (spec.cloud !== "azure") throw new pulumi.RunError("the AKS adapter needs cloud: azure (validated by the spec)");
        const prod = spec.environment === "prod";
        const tags = stackTags(spec.tags, pulumi.getStack());
        const contractPools = aksContractPools(spec);
        agentPoolNames(Object.values(contractPools));

        const provider = new Provider(name, { location: spec.region }, { parent: this });
        const child: pulumi.CustomResourceOptions = { parent: this, provider };
        const client = authorization.getClientConfigOutput({ parent: this, provider });
        const subscriptionId = client.subscriptionId;
        const deployer = deployerIdentity(spec, client.objectId, { parent: this, provider });

        const resourceGroup = `${name}-rg`;
        const rg = new resources.ResourceGroup(name, { resourceGroupName: resourceGroup, location: spec.region, tags }, pulumi.mergeOptions(child, { protect: prod }));
        const suffix = subscriptionId.apply((s) => uniqueSuffix(s, resourceGroup));

        const network = createNetwork(name, spec, { resourceGroupName: rg.name, tags }, child);
        const ids = createClusterIdentities(name, { resourceGroupName: rg.name, subscriptionId, tags, protect: prod }, child);
        const subnetGrant = grantRole(
            `${name}-subnet`,
            { subscriptionId, principalId: ids.controlPlane.principalId, principalType: "ServicePrincipal", role: "networkContributor", scope: network.subnetId, description: `tristack: ${name} control plane joins nodes to the subnet` },
            pulumi.mergeOptions(child, { dependsOn: [...network.resources] }),
        );
        // The control plane puts tristack's outbound IPs on its load balancer: it needs
        // Microsoft.Network/publicIPAddresses/join/action on them ("Required to configure the outbound
        // public IPs on the Standard Load Balancer", https://learn.microsoft.com/azure/aks/aks-service-permissions).
        const ipGrants = network.outboundIps.map((ip, i) =>
            grantRole(
                `${name}-egress-ip-${i + 1}`,
                { subscriptionId, principalId: ids.controlPlane.principalId, principalType: "ServicePrincipal", role: "networkContributor", scope: ip.id, description: `tristack: ${name} control plane puts its outbound IP on the load balancer` },
                child,
            ),
        );

        const keys = prod
            ? createClusterKeys(
                  name,
                  {
                      resourceGroupName: rg.name,
                      vaultName: suffix.apply((s) => keyVaultName(name, s)),
                      tenantId: client.tenantId,
                      subscriptionId,
                      deployerObjectId: deployer.objectId,
                      deployerPrincipalType: deployer.principalType,
                      controlPlanePrincipalId: ids.controlPlane.principalId,
                      tags,
                  },
                  child,
              )
            : undefined;
        const desReader = keys
            ? grantRole(
                  `${name}-des-reader`,
                  { subscriptionId, principalId: ids.controlPlane.principalId, principalType: "ServicePrincipal", role: "reader", scope: keys.diskEncryptionSet.id, description: `tristack: ${name} control plane reads the disk encryption set` },
                  child,
              )
            : undefined;

        const poolList = Object.values(contractPools);
        const system = poolList.find((p) => p.role === "system");
        if (!system) throw new pulumi.RunError("the spec has no system pool (validated by the spec)");
        const ctx: PoolContext = { spec, subnetId: network.subnetId, tags, encryptionAtHost: prod };

        this.cluster = new containerservice.ManagedCluster(
            name,
            managedClusterArgs(name, spec, {
                resourceGroupName: rg.name,
                tenantId: client.tenantId,
                controlPlaneIdentityId: ids.controlPlane.id,
                kubelet: { id: ids.kubelet.id, clientId: ids.kubelet.clientId, principalId: ids.kubelet.principalId },
                outboundType: network.outboundType,
                loadBalancerProfile: network.loadBalancerProfile,
                systemPool: systemPoolProfile(system, ctx),
                kmsKeyId: keys?.keys.etcd.keyUriWithVersion,
                diskEncryptionSetId: keys?.diskEncryptionSet.id,
                tags,
            }),
            pulumi.mergeOptions(child, {
                protect: prod,
                retainOnDelete: prod,
                // The inline system pool is for creation only (AKS requires one): a refresh lists every
                // AgentPool in agentPoolProfiles (6 against 1 in inputs, a diff on every up), and re-PUTs of
                // the inline profile put all pools into Scaling (pulumi/pulumi-azure-native#4264, #2719,
                // #1686). So agentPoolProfiles is ignored after creation (CLUSTER_IGNORE_CHANGES); a
                // minor-moving upgrade channel owns the version (see MINOR_MOVING_CHANNELS).
                ignoreChanges: [...CLUSTER_IGNORE_CHANGES, ...(MINOR_MOVING_CHANNELS.includes(spec.azure?.upgradeChannel ?? "patch") ? ["kubernetesVersion"] : [])],
                dependsOn: [ids.kubeletOperator, subnetGrant, ...ipGrants, ...network.resources, ...(keys ? [keys.grants.etcd, keys.grants.disks] : []), ...(desReader ? [desReader] : [])],
            }),
        );
        // Control-plane and audit logs to Log Analytics (policy rule 3; AKS writes none without this).
        createControlPlaneLogs(name, { resourceGroupName: rg.name, clusterId: this.cluster.id, prod, tags }, child);
        // AKS runs one agent-pool operation at a time per cluster (deployEstimate.ts SERIALISATION_RULES), so
        // the order is ours to choose: the general pool first (the system pool is the cluster's inline one),
        // which the platform's releases need, then the rest, created while those releases install (issue 25).
        const agentPoolsOf: Record<string, containerservice.AgentPool[]> = {};
        const createPools = (control: boolean, opts: pulumi.CustomResourceOptions) =>
            poolList
                .filter((p) => isControlPool(p) === control)
                .flatMap((p) => (agentPoolsOf[p.name] = createAgentPools(name, [p], system.name, { resourceGroupName: rg.name, clusterName: this.cluster.name }, ctx, opts)));
        const controlAgentPools = createPools(true, pulumi.mergeOptions(child, { dependsOn: [this.cluster] }));
        const agentPools = [...controlAgentPools, ...createPools(false, pulumi.mergeOptions(child, { dependsOn: [this.cluster, ...controlAgentPools] }))];

        const objectStore = new AzureObjectStore(
            `${name}-data`,
            {
                resourceGroup,
                resourceGroupName: rg.name,
                subscriptionId,
                tenantId: client.tenantId,
                accountName: suffix.apply((s) => storageAccountName(name, "dl", s)),
                backupAccountName: suffix.apply((s) => storageAccountName(name, "bk", s)),
                skuName: prod ? "Standard_ZRS" : "Standard_LRS",
                subnetId: network.subnetId,
                subnetCreated: network.created,
                cmk: keys ? { keyName: keys.keys.storage.name, vaultUri: keys.vault.properties.apply((p) => p.vaultUri ?? ""), identityId: keys.storageIdentity.id } : undefined,
                cmkReady: keys ? [keys.grants.storage] : [],
                tags,
                protect: prod,
                oidcIssuerUrl: oidcIssuerUrl(this.cluster.oidcIssuerProfile),
                cluster: this.cluster,
                provider,
            },
            child,
        );

        // The deployer's Kubernetes rights: with Azure RBAC (aadProfile.enableAzureRBAC), Owner and
        // Contributor carry no Kubernetes data actions; without this every Kubernetes object gets 403.
        const deployerAdmin = grantRole(
            `${name}-deployer-aks-admin`,
            { subscriptionId, principalId: deployer.objectId, principalType: deployer.principalType, role: "aksRbacClusterAdmin", scope: this.cluster.id, description: `tristack: whoever runs pulumi up administers ${name}` },
            child,
        );
        const credentials = containerservice.listManagedClusterUserCredentialsOutput(
            { resourceGroupName: rg.name, resourceName: this.cluster.name, serverFqdn: kubeconfigServerFqdn(spec) },
            { parent: this, provider },
        );
        const kubeconfig = pulumi.secret(
            pulumi.all([credentials.kubeconfigs, deployerAdmin.createdOn]).apply(async ([list, createdOn]) => {
                const first = list?.[0]?.value;
                if (first === undefined) throw new pulumi.RunError(`AKS returned no user kubeconfig for ${name}`);
                // Wait out the role assignment's propagation once, right after it is created (access.ts).
                const wait = rbacPropagationWaitMs(createdOn, Date.now());
                if (wait > 0) {
                    pulumi.log.info(`waiting ${Math.ceil(wait / 1000)} s for the AKS RBAC Cluster Admin assignment to propagate`, this);
                    await new Promise((resolve) => setTimeout(resolve, wait));
                }
                return toAzureCliKubeconfig(first);
            }),
        );
        const k8sProvider = new k8s.Provider(name, { kubeconfig, enableServerSideApply: true }, { parent: this, dependsOn: [deployerAdmin] });

        const encryption: Record<string, pulumi.Input<string>> = keys ? { diskEncryptionSetID: keys.diskEncryptionSet.id } : {};
        const common = { networkAccessPolicy: "DenyAll", tags: diskTags(tags), ...encryption };
        const storage: StorageBackend = {
            provisioner: AZURE_DISK_CSI_PROVISIONER,
            tiers: {
                standard: { parameters: { skuName: AZURE_DISK_SKUS.standard, ...common } },
                fast: { parameters: { skuName: AZURE_DISK_SKUS.fast, ...common } },
            },
            cloudDefaultClasses: [...AKS_DEFAULT_STORAGE_CLASSES],
            allowVolumeExpansion: true,
        };

        this.handle = {
            name,
            environment: spec.environment,
            provider: k8sProvider,
            kubeconfig,
            // AKS nodes carry topology.kubernetes.io/zone=<region>-<n> (e.g. eastus2-1), not the bare
            // zone number the API takes; the handle lists what the scheduler sees.
            zones: spec.zones.map((zone) => aksNodeZone(spec.region, zone)),
            pools: normalisedPools(contractPools, spec.region),
            storage,
            objectStore,
            gpu: AKS_GPU,
            scrapeTargets: AKS_SCRAPE_TARGETS,
            network: azureCni(spec),
            tenantAccess: createTenantAccess(name, spec, { subscriptionId, clusterId: this.cluster.id, clusterName: this.cluster.name, resourceGroupName: rg.name }, child),
            internalLoadBalancer: AZURE_CATALOG.internalLoadBalancer,
            controlPlaneAccess: { ...aksAccessPath(spec), endpoint: pulumi.interpolate`https://${this.cluster.fqdn}:443` },
            readyResources: [this.cluster, ...agentPools, deployerAdmin],
            apiReady: [this.cluster, deployerAdmin],
            poolReady: Object.fromEntries(poolList.map((p) => [p.name, [this.cluster, ...(agentPoolsOf[p.name] ?? []), deployerAdmin]])),
            // CoreDNS runs on the system pool the cluster is created with, and the Azure Disk CSI driver is
            // part of the cluster (storageProfile.diskCSIDriver, controlPlane.ts): both come with the cluster.
            dnsReady: [this.cluster],
            volumeReady: [],
        };
        this.registerOutputs({
            clusterName: this.cluster.name,
            resourceGroupName: rg.name,
            kubeconfig,
            bucketName: objectStore.bucketName,
        });
    }
}
