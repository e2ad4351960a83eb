import { createHash } from "node:crypto";
import type { CloudPlanMocks } from "../planMocks";

/** Subscription the offline plan pretends to deploy into. */
export const MOCK_SUBSCRIPTION_ID = "00000000-0000-4000-8000-00000000a2e0";
/** Entra ID tenant of the offline plan. */
export const MOCK_TENANT_ID = "00000000-0000-4000-8000-0000000071e1";
/** Object id of the identity running the offline plan (`az login` user or CI service principal). */
export const MOCK_DEPLOYER_OBJECT_ID = "00000000-0000-4000-8000-00000000de91";
/** Account key the mocked `listStorageAccountKeys` returns. */
export const MOCK_STORAGE_KEY = "bW9jay1zdG9yYWdlLWtleQ==";

/**
 * A deterministic GUID for a name and purpose, so mocked principal and client ids are stable.
 * @param seed what the id belongs to
 */
export function mockGuid(seed: string): string {
    const h = createHash("sha256").update(seed).digest("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The OIDC issuer URL a mocked cluster gets.
 * @param location the cluster's region
 * @param clusterName the cluster's name
 */
export function mockIssuerUrl(location: string, clusterName: string): string {
    return `https://${location}.oic.prod-aks.azure.com/${MOCK_TENANT_ID}/${mockGuid(`issuer/${clusterName}`)}/`;
}

/** The Azure API server address of a mocked cluster. */
export const MOCK_API_SERVER = "https://tristack-mock.hcp.eastus2.azmk8s.io:443";

/**
 * The AAD user kubeconfig AKS returns for an Entra ID cluster (exec format, device-code login), which
 * the adapter converts to the Azure CLI login.
 * @param clusterName the cluster's name
 */
export function mockUserKubeconfig(clusterName: string): string {
    return [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        `- name: ${clusterName}`,
        "  cluster:",
        "    certificate-authority-data: bW9jay1jYQ==",
        `    server: ${MOCK_API_SERVER}`,
        "contexts:",
        `- name: ${clusterName}`,
        "  context:",
        `    cluster: ${clusterName}`,
        `    user: clusterUser_${clusterName}-rg_${clusterName}`,
        `current-context: ${clusterName}`,
        "users:",
        `- name: clusterUser_${clusterName}-rg_${clusterName}`,
        "  user:",
        "    exec:",
        "      apiVersion: client.authentication.k8s.io/v1beta1",
        "      command: kubelogin",
        "      args: [get-token, --environment, AzurePublicCloud, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630, --client-id, 80faf920-1908-4b52-b5ef-a8e7bedfc67a, --tenant-id, " + MOCK_TENANT_ID + ", --login, devicecode]",
        "      env: null",
        "",
    ].join("\n");
}

function str(v: unknown, fallback: string): string {
    return typeof v === "string" && v !== "" ? v : fallback;
}

function record(v: unknown): Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** The input that carries each azure-native type's Azure name (ARM returns it as `name`). */
const NAME_INPUTS: Readonly<Record<string, string>> = {
    "azure-native:resources:ResourceGroup": "resourceGroupName",
    "azure-native:network:VirtualNetwork": "virtualNetworkName",
    "azure-native:network:Subnet": "subnetName",
    "azure-native:network:NatGateway": "natGatewayName",
    "azure-native:network:PublicIPAddress": "publicIpAddressName",
    "azure-native:containerservice:ManagedCluster": "resourceName",
    "azure-native:containerservice:AgentPool": "agentPoolName",
    "azure-native:managedidentity:UserAssignedIdentity": "resourceName",
    "azure-native:managedidentity:FederatedIdentityCredential": "federatedIdentityCredentialResourceName",
    "azure-native:keyvault:Vault": "vaultName",
    "azure-native:keyvault:Key": "keyName",
    "azure-native:compute:DiskEncryptionSet": "diskEncryptionSetName",
    "azure-native:storage:StorageAccount": "accountName",
    "azure-native:storage:BlobContainer": "containerName",
    "azure-native:storage:BlobServiceProperties": "blobServicesName",
    "azure-native:storage:ManagementPolicy": "managementPolicyName",
    "azure-native:operationalinsights:Workspace": "workspaceName",
    "azure-native:monitor:DiagnosticSetting": "name",
};

function typeOutputs(type: string, name: string, inputs: Record<string, unknown>, azureName: string): Record<string, unknown> {
    switch (type) {
        case "azure-native:managedidentity:UserAssignedIdentity":
            return { principalId: mockGuid(`principal/${azureName}`), clientId: mockGuid(`client/${azureName}`), tenantId: MOCK_TENANT_ID };
        case "azure-native:containerservice:ManagedCluster":
            return {
                fqdn: `${azureName}-dns.hcp.${str(inputs["location"], "eastus2")}.azmk8s.io`,
                oidcIssuerProfile: { ...record(inputs["oidcIssuerProfile"]), issuerURL: mockIssuerUrl(str(inputs["location"], "eastus2"), azureName) },
            };
        case "azure-native:keyvault:Vault":
            return { properties: { ...record(inputs["properties"]), vaultUri: `https://${azureName}.vault.azure.net/` } };
        case "azure-native:keyvault:Key": {
            const uri = `https://${str(inputs["vaultName"], "vault")}.vault.azure.net/keys/${azureName}`;
            return { keyUri: uri, keyUriWithVersion: `${uri}/${createHash("sha256").update(uri).digest("hex").slice(0, 32)}` };
        }
        case "azure-native:compute:DiskEncryptionSet":
            return { identity: { ...record(inputs["identity"]), principalId: mockGuid(`principal/${azureName}`), tenantId: MOCK_TENANT_ID } };
        case "azure-native:storage:StorageAccount":
            return { primaryEndpoints: { blob: `https://${azureName}.blob.core.windows.net/`, dfs: `https://${azureName}.dfs.core.windows.net/` } };
        default:
            return { name };
    }
}

/**
 * What Azure would return for the resources the AKS adapter creates (no SDK import: the plan loads
 * this for every cloud).
 * @param type type token
 * @param name logical name
 * @param inputs the resource's inputs
 */
function outputs(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> | undefined {
    if (!type.startsWith("azure-native:")) return undefined;
    const nameInput = NAME_INPUTS[type];
    const azureName = nameInput !== undefined ? str(inputs[nameInput], name) : name;
    return { ...typeOutputs(type, name, inputs, azureName), name: azureName };
}

/**
 * Invoke results the AKS adapter needs.
 * @param token function token
 * @param inputs its arguments
 */
function call(token: string, inputs: Record<string, unknown>): Record<string, unknown> | undefined {
    switch (token) {
        case "azure-native:authorization:getClientConfig":
            return { clientId: mockGuid("client/deployer"), objectId: MOCK_DEPLOYER_OBJECT_ID, subscriptionId: MOCK_SUBSCRIPTION_ID, tenantId: MOCK_TENANT_ID };
        case "azure-native:authorization:getClientToken":
            // An app-only token, as CI (GitHub OIDC federation) gets: idtyp "app", no scp.
            return { token: mockJwt({ aud: "https://management.azure.com/", idtyp: "app", oid: MOCK_DEPLOYER_OBJECT_ID, tid: MOCK_TENANT_ID }) };
        case "azure-native:containerservice:listManagedClusterUserCredentials": {
            const cluster = str(inputs["resourceName"], "cluster");
            return { kubeconfigs: [{ name: "clusterUser", value: Buffer.from(mockUserKubeconfig(cluster), "utf8").toString("base64") }] };
        }
        case "azure-native:storage:listStorageAccountKeys":
            return { keys: [{ keyName: "key1", value: MOCK_STORAGE_KEY, permissions: "FULL", creationTime: "2026-01-01T00:00:00Z" }] };
        default:
            return undefined;
    }
}

/**
 * An unsigned JWT with these claims (the shape of an Entra access token; nothing verifies it offline).
 * @param claims payload claims
 */
export function mockJwt(claims: Record<string, unknown>): string {
    const part = (o: unknown) => Buffer.from(JSON.stringify(o), "utf8").toString("base64url");
    return `${part({ typ: "JWT", alg: "none" })}.${part(claims)}.mock`;
}

/** Canned azure provider outputs and invoke results for the offline plan and the tests. */
export const AZURE_PLAN_MOCKS: CloudPlanMocks = { outputs, call };
