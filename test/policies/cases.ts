/**
 * The rule test table: for every rule, per cloud it covers, a passing and a failing case with the exact
 * message, an unset-field case (provider default) and an unknown-value case.
 */
import type { Environment, PolicyResource, Rule, RuleParams, Scope } from "../../policies/lib/types";
import * as C from "../../policies/rules/cluster";
import * as N from "../../policies/rules/nodepool";
import * as F from "./fixtures";
import * as A from "./fixturesAws";
import { mut, res, T, UNKNOWN, unknownAt, withOptions } from "./fixtures";

/** What a case exercises. */
export type CaseKind = "pass" | "fail" | "unset" | "unknown";

/** One table row. */
export interface RuleCase {
    readonly rule: Rule;
    readonly scope: Scope;
    readonly kind: CaseKind;
    readonly title: string;
    readonly resources: readonly PolicyResource[];
    readonly expect: readonly string[];
    readonly env?: Environment;
    readonly params?: RuleParams;
}

const cases: RuleCase[] = [];
function add(rule: Rule, scope: Scope, kind: CaseKind, title: string, resources: PolicyResource | readonly PolicyResource[], expect: readonly string[], extra: { env?: Environment; params?: RuleParams } = {}): void {
    cases.push({ rule, scope, kind, title, resources: Array.isArray(resources) ? resources : [resources as PolicyResource], expect, ...extra });
}
const pass = (rule: Rule, scope: Scope, title: string, r: PolicyResource | readonly PolicyResource[], extra?: { env?: Environment; params?: RuleParams }): void => add(rule, scope, "pass", title, r, [], extra);
const fail = (rule: Rule, scope: Scope, title: string, r: PolicyResource | readonly PolicyResource[], expect: readonly string[], extra?: { env?: Environment; params?: RuleParams }): void => add(rule, scope, "fail", title, r, expect, extra);
const unset = (rule: Rule, scope: Scope, title: string, r: PolicyResource | readonly PolicyResource[], expect: readonly string[], extra?: { env?: Environment; params?: RuleParams }): void => add(rule, scope, "unset", title, r, expect, extra);
const unknown = (rule: Rule, scope: Scope, r: PolicyResource | readonly PolicyResource[], path: string, extra?: { env?: Environment; params?: RuleParams }): void => add(rule, scope, "unknown", `unknown ${path}`, r, [unknownAt(path)], extra);

// 1 cluster-api-not-public
{
    const r = C.clusterApiNotPublic;
    pass(r, "aws", "private endpoint", F.eks);
    pass(r, "aws", "public with a narrow allow-list", mut(mut(F.eks, "vpcConfig.endpointPublicAccess", true), "vpcConfig.publicAccessCidrs", ["203.0.113.0/24"]));
    fail(r, "aws", "public to 0.0.0.0/0", mut(mut(F.eks, "vpcConfig.endpointPublicAccess", true), "vpcConfig.publicAccessCidrs", ["0.0.0.0/0"]), ["EKS API endpoint is public: vpcConfig.publicAccessCidrs contains 0.0.0.0/0"]);
    unset(r, "aws", "endpointPublicAccess unset means public", mut(F.eks, "vpcConfig.endpointPublicAccess", undefined), ["EKS API endpoint is public to 0.0.0.0/0: vpcConfig.endpointPublicAccess is not false and publicAccessCidrs is unset"]);
    unknown(r, "aws", mut(F.eks, "vpcConfig.endpointPublicAccess", UNKNOWN), "vpcConfig.endpointPublicAccess");
    // Issue 24: an open endpoint hidden in wider CIDRs, a /24 typo'd as /0, host bits set.
    const eksCidrs = (cidrs: string[]) => mut(mut(F.eks, "vpcConfig.endpointPublicAccess", true), "vpcConfig.publicAccessCidrs", cidrs);
    fail(r, "aws", "two halves of the internet", eksCidrs(["0.0.0.0/1", "128.0.0.0/1"]), ["EKS API endpoint is public: vpcConfig.publicAccessCidrs 0.0.0.0/1 + 128.0.0.0/1 together cover the whole internet"]);
    fail(r, "aws", "a /24 typo'd as /0", eksCidrs(["203.0.113.0/0"]), [
        "EKS API endpoint is public: vpcConfig.publicAccessCidrs contains 203.0.113.0/0",
        "vpcConfig.publicAccessCidrs has 203.0.113.0/0 with host bits set (the cloud reads 0.0.0.0/0); write the network address",
    ]);
    fail(r, "aws", "host bits set", eksCidrs(["203.0.113.5/24"]), ["vpcConfig.publicAccessCidrs has 203.0.113.5/24 with host bits set (the cloud reads 203.0.113.0/24); write the network address"]);
    fail(r, "aws", "not a CIDR", eksCidrs(["10/8"]), ["vpcConfig.publicAccessCidrs has 10/8, which is not a CIDR"]);
    pass(r, "aws", "two halves of a /23 are not the internet", eksCidrs(["203.0.112.0/24", "203.0.113.0/24"]));
    pass(r, "gcp", "private endpoint", F.gke);
    pass(r, "gcp", "authorized networks", mut(mut(F.gke, "privateClusterConfig.enablePrivateEndpoint", false), "masterAuthorizedNetworksConfig", { cidrBlocks: [{ cidrBlock: "10.0.0.0/8" }] }));
    fail(r, "gcp", "authorized networks with 0/0", mut(mut(F.gke, "privateClusterConfig.enablePrivateEndpoint", false), "masterAuthorizedNetworksConfig", { cidrBlocks: [{ cidrBlock: "0.0.0.0/0" }] }), ["GKE control plane is public: masterAuthorizedNetworksConfig allows 0.0.0.0/0"]);
    unset(r, "gcp", "no private endpoint, no networks", mut(F.gke, "privateClusterConfig", undefined), ["GKE control plane is public: no private endpoint and no masterAuthorizedNetworksConfig.cidrBlocks"]);
    unknown(r, "gcp", mut(F.gke, "privateClusterConfig.enablePrivateEndpoint", UNKNOWN), "privateClusterConfig.enablePrivateEndpoint");
    pass(r, "gcp", "DNS endpoint (IAM-gated) with a private IP endpoint", mut(F.gke, "controlPlaneEndpointsConfig", { dnsEndpointConfig: { allowExternalTraffic: true }, ipEndpointsConfig: { enabled: true } }));
    fail(r, "gcp", "IPv6 halves", mut(mut(F.gke, "privateClusterConfig.enablePrivateEndpoint", false), "masterAuthorizedNetworksConfig", { cidrBlocks: [{ cidrBlock: "::/1" }, { cidrBlock: "8000::/1" }] }), ["GKE control plane is public: masterAuthorizedNetworksConfig ::/1 + 8000::/1 together cover the whole internet"]);
    pass(r, "azure", "private cluster", F.aks);
    pass(r, "azure", "authorized ranges", mut(F.aks, "apiServerAccessProfile", { authorizedIPRanges: ["203.0.113.0/24"] }));
    fail(r, "azure", "authorized ranges with 0/0", mut(F.aks, "apiServerAccessProfile", { authorizedIPRanges: ["0.0.0.0/0"] }), ["AKS API server is public: authorizedIPRanges contains 0.0.0.0/0"]);
    unset(r, "azure", "no access profile", mut(F.aks, "apiServerAccessProfile", undefined), ["AKS API server is public: not a private cluster and apiServerAccessProfile.authorizedIPRanges is empty"]);
    unknown(r, "azure", mut(F.aks, "apiServerAccessProfile.enablePrivateCluster", UNKNOWN), "apiServerAccessProfile.enablePrivateCluster");
    pass(r, "azure", "private cluster with a public FQDN resolving to the private IP", mut(F.aks, "apiServerAccessProfile", { enablePrivateCluster: true, enablePrivateClusterPublicFQDN: true, privateDNSZone: "system" }));
    fail(r, "azure", "two halves of the internet", mut(F.aks, "apiServerAccessProfile", { authorizedIPRanges: ["0.0.0.0/1", "128.0.0.0/1"] }), ["AKS API server is public: authorizedIPRanges 0.0.0.0/1 + 128.0.0.0/1 together cover the whole internet"]);
}
// 2 cluster-secrets-encrypted-cmk
{
    const r = C.clusterSecretsEncryptedCmk;
    pass(r, "aws", "secrets with key", F.eks);
    fail(r, "aws", "no key", mut(F.eks, "encryptionConfig.provider.keyArn", undefined), ["EKS encryptionConfig.provider.keyArn is not set"]);
    unset(r, "aws", "no encryptionConfig", mut(F.eks, "encryptionConfig", undefined), ["EKS encryptionConfig.resources does not include secrets", "EKS encryptionConfig.provider.keyArn is not set"]);
    unknown(r, "aws", mut(F.eks, "encryptionConfig.provider.keyArn", UNKNOWN), "encryptionConfig.provider.keyArn");
    pass(r, "gcp", "encrypted", F.gke);
    fail(r, "gcp", "decrypted", mut(F.gke, "databaseEncryption.state", "DECRYPTED"), ["GKE databaseEncryption.state is not ENCRYPTED"]);
    unset(r, "gcp", "unset", mut(F.gke, "databaseEncryption", undefined), ["GKE databaseEncryption.state is not ENCRYPTED", "GKE databaseEncryption.keyName is not set"]);
    unknown(r, "gcp", mut(F.gke, "databaseEncryption.keyName", UNKNOWN), "databaseEncryption.keyName");
    pass(r, "azure", "KMS on", F.aks);
    fail(r, "azure", "KMS without key id", mut(F.aks, "securityProfile.azureKeyVaultKms.keyId", undefined), ["AKS securityProfile.azureKeyVaultKms.keyId is not set"]);
    unset(r, "azure", "unset", mut(F.aks, "securityProfile.azureKeyVaultKms", undefined), ["AKS securityProfile.azureKeyVaultKms.enabled is not true"]);
    unknown(r, "azure", mut(F.aks, "securityProfile.azureKeyVaultKms.keyId", UNKNOWN), "securityProfile.azureKeyVaultKms.keyId");
}
// 3 cluster-control-plane-logging
{
    const r = C.clusterControlPlaneLogging;
    pass(r, "aws", "all log types", F.eks);
    pass(r, "aws", "dev needs only api/audit/authenticator", mut(F.eks, "enabledClusterLogTypes", ["api", "audit", "authenticator"]), { env: "dev" });
    fail(r, "aws", "prod without scheduler", mut(F.eks, "enabledClusterLogTypes", ["api", "audit", "authenticator", "controllerManager"]), ["EKS enabledClusterLogTypes is missing scheduler"]);
    unset(r, "aws", "unset", mut(F.eks, "enabledClusterLogTypes", undefined), ["EKS enabledClusterLogTypes is missing api, audit, authenticator, controllerManager, scheduler"]);
    unknown(r, "aws", mut(F.eks, "enabledClusterLogTypes", UNKNOWN), "enabledClusterLogTypes");
    pass(r, "gcp", "control-plane components on", F.gke);
    fail(r, "gcp", "logging none", mut(F.gke, "loggingService", "none"), ["GKE loggingService is none"]);
    pass(r, "gcp", "unset logging service is the default (Cloud Logging)", mut(F.gke, "loggingService", undefined));
    unknown(r, "gcp", mut(F.gke, "loggingService", UNKNOWN), "loggingService");
    // Issue 24 item 3: control-plane components turned off while logging stays on slipped through.
    fail(r, "gcp", "prod without the control-plane components", mut(F.gke, "loggingConfig.enableComponents", ["SYSTEM_COMPONENTS", "WORKLOADS"]), ["GKE loggingConfig.enableComponents is missing APISERVER, CONTROLLER_MANAGER, SCHEDULER"]);
    fail(r, "gcp", "prod without the scheduler", mut(F.gke, "loggingConfig.enableComponents", ["SYSTEM_COMPONENTS", "APISERVER", "CONTROLLER_MANAGER", "WORKLOADS"]), ["GKE loggingConfig.enableComponents is missing SCHEDULER"]);
    pass(r, "gcp", "dev needs only APISERVER", mut(F.gke, "loggingConfig.enableComponents", ["SYSTEM_COMPONENTS", "APISERVER"]), { env: "dev" });
    unset(r, "gcp", "unset loggingConfig is GKE's default (system and workloads, no control plane)", mut(F.gke, "loggingConfig", undefined), ["GKE loggingConfig.enableComponents is missing APISERVER, CONTROLLER_MANAGER, SCHEDULER"]);
    unknown(r, "gcp", mut(F.gke, "loggingConfig.enableComponents", UNKNOWN), "loggingConfig.enableComponents");
    const aksNoLogs = "no diagnostic setting on the cluster sends these categories to a Log Analytics workspace or storage account";
    pass(r, "azure", "diagnostic setting to Log Analytics", [F.aks, F.aksDiagnostics]);
    pass(r, "azure", "allLogs category group to a storage account", [F.aks, mut(mut(mut(F.aksDiagnostics, "workspaceId", undefined), "storageAccountId", "/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/logs"), "logs", [{ categoryGroup: "allLogs", enabled: true }])]);
    pass(r, "azure", "dev needs only kube-apiserver, kube-audit and guard", [F.aks, mut(F.aksDiagnostics, "logs", ["kube-apiserver", "kube-audit", "guard"].map((category) => ({ category, enabled: true })))], { env: "dev" });
    // Issue 24 item 3: the managed-Prometheus flag (metrics) passed as control-plane logging, and AKS shipped no logs.
    fail(r, "azure", "managed Prometheus is not logging", F.aks, [`AKS ships no kube-apiserver, kube-audit or kube-audit-admin, guard, kube-controller-manager, kube-scheduler logs: ${aksNoLogs}`]);
    fail(r, "azure", "Container Insights (omsagent) is not control-plane logging", mut(F.aks, "addonProfiles", { omsagent: { enabled: true } }), [`AKS ships no kube-apiserver, kube-audit or kube-audit-admin, guard, kube-controller-manager, kube-scheduler logs: ${aksNoLogs}`]);
    fail(r, "azure", "prod without the scheduler", [F.aks, mut(F.aksDiagnostics, "logs", ["kube-apiserver", "kube-audit-admin", "guard", "kube-controller-manager"].map((category) => ({ category, enabled: true })))], [`AKS ships no kube-scheduler logs: ${aksNoLogs}`]);
    fail(r, "azure", "categories disabled", [F.aks, mut(F.aksDiagnostics, "logs", ["kube-apiserver", "kube-audit-admin", "guard", "kube-controller-manager", "kube-scheduler"].map((category) => ({ category, enabled: category !== "kube-audit-admin" })))], [`AKS ships no kube-audit or kube-audit-admin logs: ${aksNoLogs}`]);
    fail(r, "azure", "no destination", [F.aks, mut(F.aksDiagnostics, "workspaceId", undefined)], [`AKS ships no kube-apiserver, kube-audit or kube-audit-admin, guard, kube-controller-manager, kube-scheduler logs: ${aksNoLogs}`]);
    fail(r, "azure", "a setting on another resource", [F.aks, mut(F.aksDiagnostics, "resourceUri", "other-id")], [`AKS ships no kube-apiserver, kube-audit or kube-audit-admin, guard, kube-controller-manager, kube-scheduler logs: ${aksNoLogs}`]);
    unset(r, "azure", "no diagnostic setting", mut(F.aks, "azureMonitorProfile", undefined), [`AKS ships no kube-apiserver, kube-audit or kube-audit-admin, guard, kube-controller-manager, kube-scheduler logs: ${aksNoLogs}`]);
    unknown(r, "azure", [F.aks, mut(F.aksDiagnostics, "logs", UNKNOWN)], "logs");
    // Under pulumi preview the cluster's id and the workspace's id are unknown: the setting is joined to the
    // cluster through its dependency URNs (policies/lib/joins.ts), an unknown destination id is a destination.
    const atPreview = (deps: readonly string[] | undefined): PolicyResource => ({ ...mut(mut(F.aksDiagnostics, "resourceUri", UNKNOWN), "workspaceId", UNKNOWN), ...(deps ? { dependencies: deps } : {}) });
    pass(r, "azure", "preview: resourceUri unknown, the setting depends on the cluster", [F.aks, atPreview([F.aks.urn!, "urn:pulumi:test::tristack::azure-native:operationalinsights:Workspace::aks-logs"])]);
    fail(r, "azure", "preview: the setting on the cluster (by dependency) lacks the scheduler", [F.aks, mut(atPreview([F.aks.urn!]), "logs", ["kube-apiserver", "kube-audit-admin", "guard", "kube-controller-manager"].map((category) => ({ category, enabled: true })))], [`AKS ships no kube-scheduler logs: ${aksNoLogs}`]);
    unknown(r, "azure", [F.aks, atPreview(["urn:pulumi:test::tristack::azure-native:storage:StorageAccount::other"])], "resourceUri");
    unknown(r, "azure", [F.aks, atPreview(undefined)], "resourceUri");
}
// 4 cluster-rbac-no-legacy-auth
{
    const r = C.clusterRbacNoLegacyAuth;
    pass(r, "gcp", "defaults", F.gke);
    fail(r, "gcp", "legacy ABAC", mut(F.gke, "enableLegacyAbac", true), ["GKE enableLegacyAbac is true"]);
    unset(r, "gcp", "client certificate config unset = off", mut(F.gke, "masterAuth", undefined), []);
    unknown(r, "gcp", mut(F.gke, "enableLegacyAbac", UNKNOWN), "enableLegacyAbac");
    pass(r, "azure", "RBAC on", F.aks);
    fail(r, "azure", "RBAC off", mut(F.aks, "enableRBAC", false), ["AKS enableRBAC is not true"]);
    unset(r, "azure", "RBAC unset", mut(F.aks, "enableRBAC", undefined), ["AKS enableRBAC is not true"]);
    unknown(r, "azure", mut(F.aks, "enableRBAC", UNKNOWN), "enableRBAC");
}
// 5 cluster-sso-no-local-admin
{
    const r = C.clusterSsoNoLocalAdmin;
    pass(r, "aws", "API mode, no creator admin", F.eks);
    fail(r, "aws", "CONFIG_MAP", mut(F.eks, "accessConfig.authenticationMode", "CONFIG_MAP"), ["EKS accessConfig.authenticationMode is CONFIG_MAP, not API"]);
    unset(r, "aws", "unset accessConfig", mut(F.eks, "accessConfig", undefined), ["EKS accessConfig.authenticationMode is unset (CONFIG_MAP), not API", "EKS grants the cluster creator admin (accessConfig.bootstrapClusterCreatorAdminPermissions is not false)"]);
    unknown(r, "aws", mut(F.eks, "accessConfig.authenticationMode", UNKNOWN), "accessConfig.authenticationMode");
    pass(r, "gcp", "groups", F.gke);
    unset(r, "gcp", "no groups", mut(F.gke, "authenticatorGroupsConfig", undefined), ["GKE authenticatorGroupsConfig.securityGroup (Google Groups for RBAC) is not set"]);
    fail(r, "gcp", "empty group", mut(F.gke, "authenticatorGroupsConfig.securityGroup", ""), ["GKE authenticatorGroupsConfig.securityGroup (Google Groups for RBAC) is not set"]);
    unknown(r, "gcp", mut(F.gke, "authenticatorGroupsConfig.securityGroup", UNKNOWN), "authenticatorGroupsConfig.securityGroup");
    pass(r, "azure", "Entra only", F.aks);
    fail(r, "azure", "local accounts", mut(F.aks, "disableLocalAccounts", false), ["AKS disableLocalAccounts is not true"]);
    unset(r, "azure", "no aad profile", mut(F.aks, "aadProfile", undefined), ["AKS aadProfile.managed is not true", "AKS aadProfile.enableAzureRBAC is not true"]);
    unknown(r, "azure", mut(F.aks, "disableLocalAccounts", UNKNOWN), "disableLocalAccounts");
}
// 6 cluster-network-policy-enforced
{
    const r = C.clusterNetworkPolicyEnforced;
    pass(r, "aws", "vpc-cni network policy", [F.eks, F.vpcCni]);
    fail(r, "aws", "vpc-cni without network policy", [F.eks, mut(F.vpcCni, "configurationValues", "{}")], ["EKS vpc-cni add-on configurationValues do not set enableNetworkPolicy to true"]);
    unset(r, "aws", "no vpc-cni add-on", [F.eks], ["EKS has no vpc-cni add-on with enableNetworkPolicy"]);
    unknown(r, "aws", [F.eks, mut(F.vpcCni, "configurationValues", UNKNOWN)], "configurationValues");
    pass(r, "gcp", "network policy", F.gke);
    pass(r, "gcp", "dataplane v2", mut(mut(F.gke, "networkPolicy", undefined), "datapathProvider", "ADVANCED_DATAPATH"));
    fail(r, "gcp", "disabled", mut(F.gke, "networkPolicy.enabled", false), ["GKE has neither networkPolicy.enabled nor datapathProvider ADVANCED_DATAPATH"]);
    unset(r, "gcp", "unset", mut(F.gke, "networkPolicy", undefined), ["GKE has neither networkPolicy.enabled nor datapathProvider ADVANCED_DATAPATH"]);
    unknown(r, "gcp", mut(F.gke, "networkPolicy.enabled", UNKNOWN), "networkPolicy.enabled");
    pass(r, "azure", "cilium", F.aks);
    fail(r, "azure", "none", mut(F.aks, "networkProfile.networkPolicy", "none"), ["AKS networkProfile.networkPolicy is none"]);
    unset(r, "azure", "absent = fail", mut(F.aks, "networkProfile", undefined), ["AKS networkProfile.networkPolicy is unset"]);
    unknown(r, "azure", mut(F.aks, "networkProfile.networkPolicy", UNKNOWN), "networkProfile.networkPolicy");
}
// 7 cluster-workload-identity-enabled
{
    const r = C.clusterWorkloadIdentityEnabled;
    pass(r, "aws", "OIDC provider", [F.eks, F.oidc]);
    pass(r, "aws", "pod identity agent", [F.eks, res(T.eksAddon, "pia", { addonName: "eks-pod-identity-agent" })]);
    fail(r, "aws", "neither", [F.eks, F.vpcCni], ["EKS has neither an IAM OIDC provider nor the eks-pod-identity-agent add-on"]);
    unset(r, "aws", "bare cluster", [F.eks], ["EKS has neither an IAM OIDC provider nor the eks-pod-identity-agent add-on"]);
    unknown(r, "aws", [F.eks, res(T.eksAddon, "pia", { addonName: UNKNOWN })], "addonName");
    pass(r, "gcp", "pool set", F.gke);
    fail(r, "gcp", "empty pool", mut(F.gke, "workloadIdentityConfig.workloadPool", ""), ["GKE workloadIdentityConfig.workloadPool is not set"]);
    unset(r, "gcp", "unset", mut(F.gke, "workloadIdentityConfig", undefined), ["GKE workloadIdentityConfig.workloadPool is not set"]);
    unknown(r, "gcp", mut(F.gke, "workloadIdentityConfig.workloadPool", UNKNOWN), "workloadIdentityConfig.workloadPool");
    pass(r, "azure", "oidc + wi", F.aks);
    fail(r, "azure", "wi off", mut(F.aks, "securityProfile.workloadIdentity.enabled", false), ["AKS securityProfile.workloadIdentity.enabled is not true"]);
    unset(r, "azure", "oidc unset", mut(F.aks, "oidcIssuerProfile", undefined), ["AKS oidcIssuerProfile.enabled is not true"]);
    unknown(r, "azure", mut(F.aks, "oidcIssuerProfile.enabled", UNKNOWN), "oidcIssuerProfile.enabled");
}
// 8 cluster-upgrade-and-ha-tier
{
    const r = C.clusterUpgradeAndHaTier;
    pass(r, "aws", "1.33", F.eks, { params: { minimumEksVersion: "1.31" } });
    fail(r, "aws", "1.29", mut(F.eks, "version", "1.29"), ["EKS version 1.29 is below the supported window (minimum 1.31)"], { params: { minimumEksVersion: "1.31" } });
    unset(r, "aws", "unset version = latest", mut(F.eks, "version", undefined), []);
    unknown(r, "aws", mut(F.eks, "version", UNKNOWN), "version");
    pass(r, "gcp", "regional with channel", F.gke);
    fail(r, "gcp", "zonal in prod", mut(F.gke, "location", "europe-west1-b"), ["GKE location europe-west1-b is a zone; prod needs a regional control plane"]);
    unset(r, "gcp", "no channel", mut(F.gke, "releaseChannel", undefined), ["GKE releaseChannel.channel is not set"]);
    unknown(r, "gcp", mut(F.gke, "releaseChannel.channel", UNKNOWN), "releaseChannel.channel");
    pass(r, "azure", "stable + Standard", F.aks);
    pass(r, "azure", "Free tier in dev", mut(F.aks, "sku.tier", "Free"), { env: "dev" });
    fail(r, "azure", "Free tier in prod", mut(F.aks, "sku.tier", "Free"), ["AKS sku.tier is Free; prod needs Standard"]);
    unset(r, "azure", "unset", mut(mut(F.aks, "autoUpgradeProfile", undefined), "sku", undefined), ["AKS autoUpgradeProfile.upgradeChannel is unset", "AKS sku.tier is unset (Free); prod needs Standard"]);
    unknown(r, "azure", mut(F.aks, "sku.tier", UNKNOWN), "sku.tier");
}
// 10 gke-shielded-nodes
{
    const r = C.gkeShieldedNodes;
    pass(r, "gcp", "cluster and pool", [F.gke, F.gkeDataPool]);
    fail(r, "gcp", "cluster off", F.gke && mut(F.gke, "enableShieldedNodes", false), ["GKE enableShieldedNodes is false"]);
    fail(r, "gcp", "pool integrity monitoring off", mut(F.gkeDataPool, "nodeConfig.shieldedInstanceConfig.enableIntegrityMonitoring", false), ["GKE node pool nodeConfig.shieldedInstanceConfig.enableIntegrityMonitoring is false"]);
    unset(r, "gcp", "secure boot default is off", mut(F.gkeDataPool, "nodeConfig.shieldedInstanceConfig", undefined), ["GKE node pool nodeConfig.shieldedInstanceConfig.enableSecureBoot is not true"]);
    unknown(r, "gcp", mut(F.gkeDataPool, "nodeConfig.shieldedInstanceConfig", UNKNOWN), "nodeConfig.shieldedInstanceConfig");
}
// 11 prod-stateful-protected
{
    const r = C.prodStatefulProtected;
    pass(r, "aws", "protected cluster, bucket, key", [F.eks, F.s3Bucket, F.kmsKey]);
    pass(r, "aws", "retainOnDelete counts", withOptions(F.s3Bucket, { retainOnDelete: true }));
    fail(r, "aws", "unprotected bucket", withOptions(F.s3Bucket, {}), ["aws:s3/bucket:Bucket data has neither protect nor retainOnDelete"]);
    unset(r, "aws", "v6 BucketV2 token, no options", withOptions(res("aws:s3/bucketV2:BucketV2", "legacy", {}), {}), ["aws:s3/bucketV2:BucketV2 legacy has neither protect nor retainOnDelete"]);
    unknown(r, "gcp", mut(F.gke, "deletionProtection", UNKNOWN), "deletionProtection");
    pass(r, "gcp", "protected", [F.gke, F.gcsBucket, F.gcpKey]);
    fail(r, "gcp", "deletion protection off", mut(F.gke, "deletionProtection", false), ["GKE deletionProtection is false"]);
    unset(r, "gcp", "deletionProtection unset (provider default true)", mut(F.gke, "deletionProtection", undefined), []);
    pass(r, "azure", "protected", [F.aks, F.storageAccount, F.vault]);
    fail(r, "azure", "vault without purge protection", mut(F.vault, "properties.enablePurgeProtection", false), ["Key Vault properties.enablePurgeProtection is not true"]);
    unset(r, "azure", "purge protection unset", mut(F.vault, "properties.enablePurgeProtection", undefined), ["Key Vault properties.enablePurgeProtection is not true"]);
    unknown(r, "azure", mut(F.vault, "properties.enablePurgeProtection", UNKNOWN), "properties.enablePurgeProtection");
}

// 12 nodepool-contract-labels-taints
{
    const r = N.nodepoolContractLabelsTaints;
    pass(r, "aws", "data pool", F.eksDataPool);
    pass(r, "aws", "gpu pool", F.eksGpuPool);
    fail(r, "aws", "gpu pool without taint", mut(F.eksGpuPool, "taints", []), ["node group data (gpu) lacks taint nvidia.com/gpu=present:NoSchedule"]);
    unset(r, "aws", "no labels", mut(F.eksDataPool, "labels", undefined), ["node group data has no tristack.io/pool label", "node group data has no tristack.io/role label"]);
    unknown(r, "aws", mut(F.eksDataPool, "taints", UNKNOWN), "taints");
    pass(r, "gcp", "data pool", F.gkeDataPool);
    fail(r, "gcp", "data pool without taint", mut(F.gkeDataPool, "nodeConfig.taints", []), ["node pool data (data) lacks taint tristack.io/role=data:NoSchedule"]);
    unset(r, "gcp", "no labels", mut(F.gkeDataPool, "nodeConfig.labels", undefined), ["node pool data has no tristack.io/pool label", "node pool data has no tristack.io/role label"]);
    unknown(r, "gcp", mut(F.gkeDataPool, "nodeConfig.labels", UNKNOWN), "nodeConfig.labels");
    pass(r, "azure", "agent pool and system profile", [F.aksDataPool, F.aks]);
    fail(r, "azure", "system pool without CriticalAddonsOnly", mut(F.aks, "agentPoolProfiles.0.nodeTaints", []), ["agentPoolProfiles[0] (system) (System mode) lacks taint CriticalAddonsOnly=true:NoSchedule"]);
    unset(r, "azure", "agent pool without labels", mut(F.aksDataPool, "nodeLabels", undefined), ["agent pool data has no tristack.io/pool label", "agent pool data has no tristack.io/role label"]);
    unknown(r, "azure", mut(F.aksDataPool, "nodeTaints", UNKNOWN), "nodeTaints");
}
// 13 nodepool-imdsv2-hop-limit
{
    const r = N.nodepoolImdsv2HopLimit;
    pass(r, "aws", "required, hop 1", F.launchTemplate);
    fail(r, "aws", "hop limit 2", mut(F.launchTemplate, "metadataOptions.httpPutResponseHopLimit", 2), ["launch template metadataOptions.httpPutResponseHopLimit is 2, above 1"]);
    unset(r, "aws", "metadata options unset = IMDSv1 allowed", mut(F.launchTemplate, "metadataOptions", undefined), ["launch template metadataOptions.httpTokens is unset (optional), not required"]);
    unknown(r, "aws", mut(F.launchTemplate, "metadataOptions.httpTokens", UNKNOWN), "metadataOptions.httpTokens");
    pass(r, "gcp", "GKE_METADATA", F.gkeDataPool);
    fail(r, "gcp", "GCE_METADATA", mut(F.gkeDataPool, "nodeConfig.workloadMetadataConfig.mode", "GCE_METADATA"), ["GKE node pool nodeConfig.workloadMetadataConfig.mode is GCE_METADATA, not GKE_METADATA"]);
    unset(r, "gcp", "unset", mut(F.gkeDataPool, "nodeConfig.workloadMetadataConfig", undefined), ["GKE node pool nodeConfig.workloadMetadataConfig.mode is unset, not GKE_METADATA"]);
    unknown(r, "gcp", mut(F.gkeDataPool, "nodeConfig.workloadMetadataConfig.mode", UNKNOWN), "nodeConfig.workloadMetadataConfig.mode");
}
// 14 nodepool-disk-encrypted
{
    const r = N.nodepoolDiskEncrypted;
    pass(r, "aws", "encrypted with CMK", [F.launchTemplate, F.eksDataPool, res(T.ebsDefault, "ebs-default", { enabled: true })]);
    fail(r, "aws", "not encrypted", mut(F.launchTemplate, "blockDeviceMappings.0.ebs.encrypted", "false"), ["launch template blockDeviceMappings[0].ebs.encrypted is not true"]);
    fail(r, "aws", "no CMK in prod", mut(F.launchTemplate, "blockDeviceMappings.0.ebs.kmsKeyId", undefined), ["launch template blockDeviceMappings[0].ebs.kmsKeyId is not set (prod needs the CMK)"]);
    pass(r, "aws", "no CMK needed in dev", mut(F.launchTemplate, "blockDeviceMappings.0.ebs.kmsKeyId", undefined), { env: "dev" });
    unset(r, "aws", "no block device mappings", mut(F.launchTemplate, "blockDeviceMappings", undefined), ["launch template has no blockDeviceMappings, so the AMI's root volume is not explicitly encrypted"]);
    unknown(r, "aws", mut(F.launchTemplate, "blockDeviceMappings.0.ebs.kmsKeyId", UNKNOWN), "ebs.kmsKeyId");
    pass(r, "gcp", "boot disk CMK", F.gkeDataPool);
    fail(r, "gcp", "empty key", mut(F.gkeDataPool, "nodeConfig.bootDiskKmsKey", ""), ["GKE node pool nodeConfig.bootDiskKmsKey is not set (prod needs the CMK)"]);
    unset(r, "gcp", "unset in prod", mut(F.gkeDataPool, "nodeConfig.bootDiskKmsKey", undefined), ["GKE node pool nodeConfig.bootDiskKmsKey is not set (prod needs the CMK)"]);
    unknown(r, "gcp", mut(F.gkeDataPool, "nodeConfig.bootDiskKmsKey", UNKNOWN), "nodeConfig.bootDiskKmsKey");
    pass(r, "azure", "DES + host encryption", [F.aks, F.aksDataPool]);
    fail(r, "azure", "host encryption off", mut(F.aksDataPool, "enableEncryptionAtHost", false), ["agent pool data enableEncryptionAtHost is not true"]);
    unset(r, "azure", "no disk encryption set", mut(F.aks, "diskEncryptionSetID", undefined), ["AKS diskEncryptionSetID is not set (prod needs the CMK)"]);
    unknown(r, "azure", mut(F.aks, "diskEncryptionSetID", UNKNOWN), "diskEncryptionSetID");
}
// 15 nodepool-no-public-ip
{
    const r = N.nodepoolNoPublicIp;
    pass(r, "aws", "no public IP", mut(F.launchTemplate, "networkInterfaces", [{ associatePublicIpAddress: "false" }]));
    fail(r, "aws", "public IP", mut(F.launchTemplate, "networkInterfaces", [{ associatePublicIpAddress: "true" }]), ["launch template networkInterfaces[0].associatePublicIpAddress is true"]);
    unset(r, "aws", "no interfaces (subnet default, private subnets)", F.launchTemplate, []);
    unknown(r, "aws", mut(F.launchTemplate, "networkInterfaces", [{ associatePublicIpAddress: UNKNOWN }]), "associatePublicIpAddress");
    pass(r, "gcp", "private nodes", [F.gke, F.gkeDataPool]);
    fail(r, "gcp", "pool opts out", mut(F.gkeDataPool, "networkConfig.enablePrivateNodes", false), ["GKE node pool networkConfig.enablePrivateNodes is false"]);
    unset(r, "gcp", "cluster without private nodes", mut(F.gke, "privateClusterConfig.enablePrivateNodes", undefined), ["GKE privateClusterConfig.enablePrivateNodes is not true (nodes get public IPs)"]);
    unknown(r, "gcp", mut(F.gke, "privateClusterConfig.enablePrivateNodes", UNKNOWN), "privateClusterConfig.enablePrivateNodes");
    pass(r, "azure", "no node public IPs", [F.aks, F.aksDataPool]);
    fail(r, "azure", "public IP", mut(F.aksDataPool, "enableNodePublicIP", true), ["agent pool data enableNodePublicIP is true"]);
    unset(r, "azure", "unset = no public IP", mut(F.aksDataPool, "enableNodePublicIP", undefined), []);
    unknown(r, "azure", mut(F.aksDataPool, "enableNodePublicIP", UNKNOWN), "enableNodePublicIP");
    // Issue 24 item 4: node groups moved into the public subnets; the subnet decides, whatever the launch template says.
    const viaIgw = (z: string): string => `node group data runs in subnet p-${z}, which is routed to internet gateway igw (route table public, 0.0.0.0/0)`;
    const movedOut = ["a", "b", "c"].map(viaIgw);
    pass(r, "aws", "node group in the private subnets (NAT route)", [A.nodeGroupIn(A.privateSubnets), ...A.network]);
    fail(r, "aws", "node group moved into the public subnets", [A.nodeGroupIn(A.publicSubnets), ...A.network], movedOut);
    fail(r, "aws", "one zone of the node group in a public subnet", [A.nodeGroupIn([A.privateSubnets[0]!, A.publicSubnets[1]!, A.privateSubnets[2]!]), ...A.network], [viaIgw("b")]);
    fail(r, "aws", "public subnets that also assign public IPs on launch", [A.nodeGroupIn(A.publicSubnets), ...A.network.map((x) => (A.publicSubnets.includes(x) ? mut(x, "mapPublicIpOnLaunch", true) : x))], ["a", "b", "c"].flatMap((z) => [`node group data runs in subnet p-${z}, which assigns public IPs on launch (mapPublicIpOnLaunch is true)`, viaIgw(z)]));
    fail(r, "aws", "a private subnet that assigns public IPs on launch", [A.nodeGroupIn(A.privateSubnets), ...A.network.map((x) => (x === A.privateSubnets[0] ? mut(x, "mapPublicIpOnLaunch", true) : x))], ["node group data runs in subnet s-a, which assigns public IPs on launch (mapPublicIpOnLaunch is true)"]);
    fail(r, "aws", "the private route table gets an aws.ec2.Route to the internet gateway", [A.nodeGroupIn(A.privateSubnets), ...A.network, res(A.NET.route, "leak", { routeTableId: "private-id", destinationCidrBlock: "0.0.0.0/0", gatewayId: "igw-id" })], ["a", "b", "c"].map((z) => `node group data runs in subnet s-${z}, which is routed to internet gateway igw (route table private, 0.0.0.0/0)`));
    // What `pulumi preview` under the CLI hands the pack: every id unknown, joined through dependency URNs.
    pass(r, "aws", "at preview: node group in the private subnets", [A.nodeGroupAtPreview(A.privateSubnets), ...A.networkAtPreview]);
    fail(r, "aws", "at preview: node group moved into the public subnets", [A.nodeGroupAtPreview(A.publicSubnets), ...A.networkAtPreview], movedOut);
    unknown(r, "aws", [mut(F.eksDataPool, "subnetIds", [UNKNOWN]), ...A.network], "subnetIds[0]");
    pass(r, "aws", "subnets the stack does not create (existing VPC) are not judged", mut(F.eksDataPool, "subnetIds", ["subnet-0a1b2c3d"]));
}
// 16 nodepool-no-ssh
{
    const r = N.nodepoolNoSsh;
    pass(r, "aws", "no remote access", F.eksDataPool);
    pass(r, "aws", "restricted to a security group", mut(F.eksDataPool, "remoteAccess", { ec2SshKey: "k", sourceSecurityGroupIds: ["sg-1"] }));
    fail(r, "aws", "open SSH", mut(F.eksDataPool, "remoteAccess", { ec2SshKey: "k" }), ["EKS node group remoteAccess opens SSH without sourceSecurityGroupIds"]);
    unset(r, "aws", "remoteAccess unset", mut(F.eksDataPool, "remoteAccess", undefined), []);
    unknown(r, "aws", mut(F.eksDataPool, "remoteAccess", UNKNOWN), "remoteAccess");
    pass(r, "azure", "no profiles", F.aks);
    fail(r, "azure", "ssh keys", mut(F.aks, "linuxProfile", { adminUsername: "azureuser", ssh: { publicKeys: [{ keyData: "ssh-rsa AAA" }] } }), ["AKS linuxProfile.ssh.publicKeys installs SSH keys on nodes"]);
    unset(r, "azure", "linuxProfile unset", mut(F.aks, "linuxProfile", undefined), []);
    unknown(r, "azure", mut(F.aks, "windowsProfile", { adminPassword: UNKNOWN }), "windowsProfile.adminPassword");
}
// 17 nodepool-auto-repair-upgrade
{
    const r = N.nodepoolAutoRepairUpgrade;
    pass(r, "aws", "updateConfig", F.eksDataPool);
    fail(r, "aws", "empty updateConfig", mut(F.eksDataPool, "updateConfig", {}), ["EKS node group updateConfig is not set"]);
    unset(r, "aws", "unset", mut(F.eksDataPool, "updateConfig", undefined), ["EKS node group updateConfig is not set"]);
    unknown(r, "aws", mut(F.eksDataPool, "updateConfig.maxUnavailable", UNKNOWN), "updateConfig.maxUnavailable");
    pass(r, "gcp", "auto repair and upgrade", F.gkeDataPool);
    fail(r, "gcp", "auto upgrade off", mut(F.gkeDataPool, "management.autoUpgrade", false), ["GKE node pool management.autoUpgrade is false"]);
    unset(r, "gcp", "management unset (provider default on)", mut(F.gkeDataPool, "management", undefined), []);
    unknown(r, "gcp", mut(F.gkeDataPool, "management.autoRepair", UNKNOWN), "management.autoRepair");
    pass(r, "azure", "surge and node OS channel", [F.aks, F.aksDataPool]);
    fail(r, "azure", "node OS channel None", mut(F.aks, "autoUpgradeProfile.nodeOSUpgradeChannel", "None"), ["AKS autoUpgradeProfile.nodeOSUpgradeChannel is None"]);
    unset(r, "azure", "no surge", mut(F.aksDataPool, "upgradeSettings", undefined), ["agent pool data upgradeSettings.maxSurge is not set"]);
    pass(r, "azure", "Spot pools take no surge settings", mut(mut(F.aksDataPool, "upgradeSettings", undefined), "scaleSetPriority", "Spot"));
    unknown(r, "azure", mut(F.aksDataPool, "upgradeSettings.maxSurge", UNKNOWN), "upgradeSettings.maxSurge");
}
// 19 nodepool-dedicated-identity
{
    const r = N.nodepoolDedicatedIdentity;
    const attach = (name: string, arn: string): PolicyResource => res(T.iamRolePolicyAttachment, name, { role: "nodes", policyArn: arn });
    const nodeRole = [attach("worker", "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"), attach("ecr", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"), attach("cni", "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy")];
    pass(r, "aws", "worker/ECR/CNI only", nodeRole);
    fail(r, "aws", "S3 on the node role", [...nodeRole, attach("s3", "arn:aws:iam::aws:policy/AmazonS3FullAccess")], ["EKS node role nodes has a non-node policy attached: arn:aws:iam::aws:policy/AmazonS3FullAccess"]);
    unset(r, "aws", "attachment to another role is not judged", [...nodeRole, res(T.iamRolePolicyAttachment, "spark-s3", { role: "spark", policyArn: "arn:aws:iam::1:policy/spark-bucket" })], []);
    unknown(r, "aws", [...nodeRole, res(T.iamRolePolicyAttachment, "x", { role: "nodes", policyArn: UNKNOWN })], "policyArn");
    // At preview the role's name is an unknown output: attachments are grouped by the role they depend on.
    const nodesRole = res(T.iamRole, "nodes", { assumeRolePolicy: "{}" });
    const sparkRole = res(T.iamRole, "spark", { assumeRolePolicy: "{}" });
    const atPreview = (a: PolicyResource, role: PolicyResource): PolicyResource => A.dependingOn(mut(a, "role", UNKNOWN), [role]);
    pass(r, "aws", "at preview: worker/ECR/CNI only; another role's own policy", [nodesRole, sparkRole, ...nodeRole.map((a) => atPreview(a, nodesRole)), atPreview(res(T.iamRolePolicyAttachment, "spark-s3", { role: "spark", policyArn: UNKNOWN }), sparkRole)]);
    fail(r, "aws", "at preview: S3 on the node role", [nodesRole, ...[...nodeRole, attach("s3", "arn:aws:iam::aws:policy/AmazonS3FullAccess")].map((a) => atPreview(a, nodesRole))], ["EKS node role nodes has a non-node policy attached: arn:aws:iam::aws:policy/AmazonS3FullAccess"]);
    pass(r, "gcp", "dedicated SA", F.gkeDataPool);
    fail(r, "gcp", "compute default SA", mut(F.gkeDataPool, "nodeConfig.serviceAccount", "123-compute@developer.gserviceaccount.com"), ["GKE node pool uses the Compute Engine default service account (nodeConfig.serviceAccount 123-compute@developer.gserviceaccount.com)"]);
    unset(r, "gcp", "unset = default SA", mut(F.gkeDataPool, "nodeConfig.serviceAccount", undefined), ["GKE node pool uses the Compute Engine default service account (nodeConfig.serviceAccount unset)"]);
    unknown(r, "gcp", mut(F.gkeDataPool, "nodeConfig.serviceAccount", UNKNOWN), "nodeConfig.serviceAccount");
    pass(r, "azure", "user-assigned kubelet identity", F.aks);
    fail(r, "azure", "empty identity profile", mut(F.aks, "identityProfile", {}), ["AKS identityProfile.kubeletidentity (user-assigned kubelet identity) is not set"]);
    unset(r, "azure", "unset", mut(F.aks, "identityProfile", undefined), ["AKS identityProfile.kubeletidentity (user-assigned kubelet identity) is not set"]);
    unknown(r, "azure", mut(F.aks, "identityProfile.kubeletidentity", UNKNOWN), "identityProfile.kubeletidentity");
}
// 20 nodepool-multi-zone
{
    const r = N.nodepoolMultiZone;
    pass(r, "aws", "3 subnets", F.eksDataPool);
    pass(r, "aws", "general pools are not judged", mut(mut(F.eksDataPool, ["labels", "tristack.io/role"], "general"), "subnetIds", ["s-a"]));
    fail(r, "aws", "1 subnet", mut(F.eksDataPool, "subnetIds", ["s-a"]), ["node group data (data) spans 1 subnet(s); needs subnets in 3 zones"]);
    pass(r, "aws", "one zone of a zonal data pool (tristack.io/rack tag, one subnet)", mut(mut(F.eksDataPool, "subnetIds", ["s-a"]), "tags", { "tristack.io/rack": "us-east-1a" }));
    fail(r, "aws", "a rack over two subnets", mut(mut(F.eksDataPool, "subnetIds", ["s-a", "s-b"]), "tags", { "tristack.io/rack": "us-east-1a" }), ["node group data (data) is the rack of zone us-east-1a but spans 2 subnet(s); a rack is one zone"]);
    unset(r, "aws", "subnets unset", mut(F.eksDataPool, "subnetIds", undefined), ["node group data (data) spans 0 subnet(s); needs subnets in 3 zones"]);
    unknown(r, "aws", mut(F.eksDataPool, "subnetIds", UNKNOWN), "subnetIds");
    // At preview the subnet ids are unknown; the node group's dependencies on the subnets count instead.
    pass(r, "aws", "at preview: 3 subnets through dependencies", [A.nodeGroupAtPreview(A.privateSubnets), ...A.networkAtPreview]);
    fail(r, "aws", "at preview: 2 subnets through dependencies", [A.nodeGroupAtPreview(A.privateSubnets.slice(0, 2)), ...A.networkAtPreview], ["node group data (data) spans 2 subnet(s); needs subnets in 3 zones"]);
    pass(r, "gcp", "regional pool", F.gkeDataPool);
    fail(r, "gcp", "two node locations", mut(F.gkeDataPool, "nodeLocations", ["europe-west1-b", "europe-west1-c"]), ["node pool data (data) spans 2 zone(s); needs 3"]);
    unset(r, "gcp", "zonal location, nodeLocations unset", mut(F.gkeDataPool, "location", "europe-west1-b"), ["node pool data (data) spans 1 zone(s); needs 3"]);
    unknown(r, "gcp", mut(F.gkeDataPool, "nodeLocations", UNKNOWN), "nodeLocations");
    pass(r, "azure", "zones 1-2-3", [F.aks, F.aksDataPool]);
    fail(r, "azure", "one zone", mut(F.aksDataPool, "availabilityZones", ["1"]), ["agent pool data (data) availabilityZones has 1 zone(s); needs 3"]);
    unset(r, "azure", "zones unset on the system profile", mut(F.aks, "agentPoolProfiles.0.availabilityZones", undefined), ["agentPoolProfiles[0] (system) (system) availabilityZones has 0 zone(s); needs 3"]);
    unknown(r, "azure", mut(F.aksDataPool, "availabilityZones", UNKNOWN), "availabilityZones");
    // Issue 18 item 7: AKS data pools are one AgentPool per zone (tag tristack-rack).
    pass(r, "azure", "one zone of a zonal data pool (tristack-rack tag, that zone)", mut(mut(F.aksDataPool, "availabilityZones", ["2"]), "tags", { "tristack-rack": "2" }));
    fail(r, "azure", "a rack over two zones", mut(mut(F.aksDataPool, "availabilityZones", ["1", "2"]), "tags", { "tristack-rack": "1" }), ["agent pool data (data) is the rack of zone 1 but availabilityZones is [1, 2]; a rack is that one zone"]);
}
export { cases as partOne };
