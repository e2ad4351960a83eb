/**
 * The AKS handle as the layers below see it, with the adapter constructed directly under mocks
 * (so grantAccess/backupStorage are exercised whatever the data layer calls today).
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { MOCK_STORAGE_KEY, MOCK_SUBSCRIPTION_ID, MOCK_TENANT_ID, mockGuid, mockIssuerUrl } from "../../../components/clouds/azure/planMocks";
import type { ClusterHandle } from "../../../components/clouds/clusterHandle";
import { AZURE_PLAN_MOCKS } from "../../../components/clouds/azure/planMocks";
import { buildAdapter, settle, unwrap, type AdapterRun } from "../../support/adapterHarness";

let dev: ClusterHandle;
let prod: ClusterHandle;
const DATA_ACCOUNT = "tristackdevdlf7b233";
const CONTAINER_ID = `/subscriptions/${MOCK_SUBSCRIPTION_ID}/resourceGroups/tristack-dev-rg/providers/Microsoft.Storage/storageAccounts/${DATA_ACCOUNT}/blobServices/default/containers/spark`;

let run: AdapterRun;
const one = (type: string, name: string) => run.one(type, name);

beforeAll(async () => {
    run = await buildAdapter("azure", AZURE_PLAN_MOCKS, async (spec) => {
        const { AksCluster } = await import("../../../components/clouds/azure/aksCluster");
        return new AksCluster(spec.name, { spec }).handle;
    });
    ({ dev, prod } = run);
});

describe("AKS cluster handle", () => {
    it("asks AKS for frontends on its internal load balancer", () => {
        expect(prod.internalLoadBalancer).toEqual({ serviceAnnotations: { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" } });
    });

    it("realises the storage tiers with the Azure Disk CSI driver: StandardSSD and Premium SSD, no disk export, cost tags", async () => {
        expect(dev.storage.provisioner).toBe("disk.csi.azure.com");
        const tags = "owner=data-platform,cost-center=cc-4711,env=dev,tristack-stack=azure-dev";
        expect(dev.storage.tiers).toEqual({
            standard: { parameters: { skuName: "StandardSSD_LRS", networkAccessPolicy: "DenyAll", tags } },
            fast: { parameters: { skuName: "Premium_LRS", networkAccessPolicy: "DenyAll", tags } },
        });
        expect(dev.storage.cloudDefaultClasses).toEqual(["default", "managed-csi"]);
        expect(dev.storage.allowVolumeExpansion).toBe(true);
    });

    it("encrypts prod volumes with the disk encryption set", async () => {
        expect(await unwrap(prod.storage.tiers.standard.parameters["diskEncryptionSetID"]!)).toBe("tristack-prod-disks-id");
        expect(await unwrap(prod.storage.tiers.fast.parameters["diskEncryptionSetID"]!)).toBe("tristack-prod-disks-id");
        expect(dev.storage.tiers.fast.parameters["diskEncryptionSetID"]).toBeUndefined();
    });

    it("leaves the GPU driver to AKS and the device plugin to the platform", () => {
        expect(dev.gpu).toEqual({ driverProvidedByCloud: true, devicePluginProvidedByCloud: false });
    });

    it("points local scratch of the local-NVMe pool at the temp disk mount", () => {
        expect(dev.pools["bigcpu"]?.localScratch).toEqual({ hostPath: "/mnt", sizeGiB: 2400 });
        expect(dev.pools["general"]?.localScratch).toBeUndefined();
    });

    it("waits for the cluster, every agent pool and the deployer's AKS RBAC Cluster Admin assignment", () => {
        const names = dev.readyResources.map((r) => (r as unknown as { __name: string }).__name);
        expect(names.some((n) => n.includes("deployer"))).toBe(true);
        // cluster + general, bigcpu, gpu + kafka and cassandra in each of azure-dev's two zones + deployer grant.
        expect(dev.readyResources).toHaveLength(9);
    });

    it("builds abfss URIs on the Spark container of the data lake account", async () => {
        expect(await unwrap(dev.objectStore.bucketName)).toBe("spark");
        expect(await unwrap(dev.objectStore.uri("events/app-1"))).toBe(`abfss://spark@${DATA_ACCOUNT}.dfs.core.windows.net/events/app-1`);
    });

    it("configures ABFS for workload identity with the tenant and the webhook-injected client id and token file", async () => {
        const conf = Object.fromEntries(await Promise.all(Object.entries(dev.objectStore.sparkConf).map(async ([k, v]) => [k, await unwrap(v)] as const)));
        expect(conf).toEqual({
            "spark.hadoop.fs.azure.account.auth.type": "OAuth",
            "spark.hadoop.fs.azure.account.oauth.provider.type": "org.apache.hadoop.fs.azurebfs.oauth2.WorkloadIdentityTokenProvider",
            "spark.hadoop.fs.azure.account.oauth2.msi.tenant": MOCK_TENANT_ID,
            "spark.hadoop.fs.azure.account.oauth2.client.id": "${env.AZURE_CLIENT_ID}",
            "spark.hadoop.fs.azure.account.oauth2.token.file": "${env.AZURE_FEDERATED_TOKEN_FILE}",
        });
        expect(JSON.stringify(conf)).not.toMatch(/secret|key=/i);
    });

    it("grantAccess: a managed identity federated to exactly one service account on the cluster's issuer", async () => {
        const access = dev.objectStore.grantAccess("tristack-dev-spark", { namespace: "spark", serviceAccount: "spark-driver" }, undefined, {});
        await settle(access.resources);
        expect(one("azure-native:managedidentity:UserAssignedIdentity", "tristack-dev-spark").inputs).toMatchObject({ resourceGroupName: "tristack-dev-rg", resourceName: "tristack-dev-spark" });
        expect(one("azure-native:managedidentity:FederatedIdentityCredential", "tristack-dev-spark-wi").inputs).toEqual({
            resourceGroupName: "tristack-dev-rg",
            resourceName: "tristack-dev-spark",
            federatedIdentityCredentialResourceName: "spark-spark-driver",
            issuer: mockIssuerUrl("eastus2", "tristack-dev"),
            subject: "system:serviceaccount:spark:spark-driver",
            audiences: ["api://AzureADTokenExchange"],
        });
        expect(await unwrap(access.serviceAccountAnnotations["azure.workload.identity/client-id"]!)).toBe(mockGuid("client/tristack-dev-spark"));
        expect(access.podLabels).toEqual({ "azure.workload.identity/use": "true" });
        expect(access.resources).toHaveLength(3);
    });

    it("grantAccess: Storage Blob Data Contributor on the Spark container only, with no condition for the whole container", async () => {
        const access = dev.objectStore.grantAccess("tristack-dev-history", { namespace: "spark", serviceAccount: "history" }, undefined, {});
        await settle(access.resources);
        const grant = one("azure-native:authorization:RoleAssignment", "tristack-dev-history-blob").inputs;
        expect(grant).toMatchObject({
            principalId: mockGuid("principal/tristack-dev-history"),
            principalType: "ServicePrincipal",
            roleDefinitionId: `/subscriptions/${MOCK_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe`,
            scope: CONTAINER_ID,
        });
        expect(grant["condition"]).toBeUndefined();
        expect(grant["conditionVersion"]).toBeUndefined();
    });

    it("grantAccess with a prefix adds an ABAC 2.0 condition on blob path and list prefix", async () => {
        const access = dev.objectStore.grantAccess("tristack-dev-team-a", { namespace: "team-a", serviceAccount: "spark" }, "team-a", {});
        await settle(access.resources);
        const grant = one("azure-native:authorization:RoleAssignment", "tristack-dev-team-a-blob").inputs;
        expect(grant["scope"]).toBe(CONTAINER_ID);
        expect(grant["conditionVersion"]).toBe("2.0");
        expect(grant["condition"]).toContain("@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringStartsWith 'team-a/'");
        expect(grant["condition"]).toContain("@Request[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:prefix] StringStartsWith 'team-a/'");
    });

    it("rejects a prefix that would escape the condition", () => {
        expect(() => dev.objectStore.grantAccess("bad", { namespace: "x", serviceAccount: "y" }, "a' OR 'b", {})).toThrow(pulumi.InputPropertiesError);
        expect(() => dev.objectStore.grantAccess("bad2", { namespace: "x", serviceAccount: "y" }, "/", {})).toThrow(pulumi.InputPropertiesError);
    });

    it("backupStorage: azure_blobs in the dedicated backup account, with that account's key as Medusa's credentials file", async () => {
        const b = dev.objectStore.backupStorage("tristack-dev-medusa", { namespace: "cassandra", serviceAccount: "cassandra" }, "cassandra-backups/dc1", {});
        expect(b.storageProvider).toBe("azure_blobs");
        expect(b.credentialsType).toBe("credential-based");
        expect(await unwrap(b.bucketName)).toBe("medusa");
        expect(JSON.parse(await unwrap(b.credentialsFile!))).toEqual({ storage_account: "tristackdevbkf7b233", key: MOCK_STORAGE_KEY });
        expect(pulumi.Output.isInstance(b.credentialsFile) && (await unwrap(pulumi.isSecret(b.credentialsFile)))).toBe(true);
        expect(one("azure-native:storage:StorageAccount", "tristack-dev-medusa").inputs).toMatchObject({ accountName: "tristackdevbkf7b233", allowSharedKeyAccess: true, isHnsEnabled: false });
    });
});
