/**
 * A.1 Cluster control plane (rules 1-8, 10, 11).
 */
import { UNKNOWN, UnknownInputError, arr, bool, get, jsonDoc, str, strs } from "../lib/access";
import { resourceRule, stackRule } from "../lib/define";
import { judgeCidrs } from "../lib/cidr";
import { peek } from "../lib/joins";
import { anyOf, isCluster, isS3Bucket, refersTo, T } from "../lib/match";
import type { PolicyResource, RuleFinding, StackViolation } from "../lib/types";

/**
 * Findings of an API allow-list, judged by the address space it covers (ipaddr.js): an entry that
 * alone admits everyone, entries that only together do (`0.0.0.0/1` + `128.0.0.0/1`), entries with
 * host bits set (`203.0.113.5/24`, which the cloud reads as its network) and entries that are not CIDRs.
 * @param open the "is public" prefix of the message
 * @param field the field named in the message
 * @param verb "contains" or "allows"
 * @param cidrs the list
 */
function allowListFindings(open: string, field: string, verb: string, cidrs: readonly string[]): string[] {
    const out: string[] = [];
    const whole = judgeCidrs(cidrs);
    const alone = cidrs.filter((c) => judgeCidrs([c]).open);
    for (const c of alone) out.push(`${open}: ${field} ${verb} ${c}`);
    if (whole.open && alone.length === 0) out.push(`${open}: ${field} ${cidrs.join(" + ")} together cover the whole internet`);
    for (const h of whole.hostBits) out.push(`${field} has ${h.cidr} with host bits set (the cloud reads ${h.network}); write the network address`);
    for (const c of whole.invalid) out.push(`${field} has ${c}, which is not a CIDR`);
    return out;
}

/** 1 */
export const clusterApiNotPublic = resourceRule(
    {
        id: "cluster-api-not-public",
        number: 1,
        description: "The Kubernetes API endpoint is not reachable from the whole internet: a private endpoint (GKE DNS endpoint: IAM-gated, private IP endpoint), or an allow-list that does not cover the whole address space, in canonical CIDRs. The spec's apiAccess.openToInternet opt-in is flagged here.",
        severity: "critical",
        anchors: ["CKV_AWS_38", "CKV_AWS_39", "AVD-AWS-0040", "AVD-AWS-0041", "aws-eks-cluster-disallow-api-endpoint-public-access", "CKV_GCP_18", "CKV_GCP_20", "AVD-GCP-0053", "AVD-GCP-0061", "CKV_AZURE_6", "CKV_AZURE_115", "AVD-AZU-0041", "AVD-AZU-0065"],
        scopes: ["aws", "gcp", "azure"],
        dev: "A",
        prod: "M",
    },
    {
        appliesTo: isCluster,
        check(r) {
            switch (r.type) {
                case T.eksCluster: {
                    if (bool(r.inputs, "vpcConfig.endpointPublicAccess") === false) return [];
                    const cidrs = strs(r.inputs, "vpcConfig.publicAccessCidrs");
                    if (cidrs.length === 0) return ["EKS API endpoint is public to 0.0.0.0/0: vpcConfig.endpointPublicAccess is not false and publicAccessCidrs is unset"];
                    return allowListFindings("EKS API endpoint is public", "vpcConfig.publicAccessCidrs", "contains", cidrs);
                }
                case T.gkeCluster: {
                    if (bool(r.inputs, "privateClusterConfig.enablePrivateEndpoint") === true) return [];
                    const blocks = arr(r.inputs, "masterAuthorizedNetworksConfig.cidrBlocks").map((b) => str(b, "cidrBlock") ?? "(no cidrBlock)");
                    if (blocks.length === 0) return ["GKE control plane is public: no private endpoint and no masterAuthorizedNetworksConfig.cidrBlocks"];
                    return allowListFindings("GKE control plane is public", "masterAuthorizedNetworksConfig", "allows", blocks);
                }
                case T.aksCluster: {
                    if (bool(r.inputs, "apiServerAccessProfile.enablePrivateCluster") === true) return [];
                    const ranges = strs(r.inputs, "apiServerAccessProfile.authorizedIPRanges");
                    if (ranges.length === 0) return ["AKS API server is public: not a private cluster and apiServerAccessProfile.authorizedIPRanges is empty"];
                    return allowListFindings("AKS API server is public", "authorizedIPRanges", "contains", ranges);
                }
                default:
                    return [];
            }
        },
    },
);

/** 2 */
export const clusterSecretsEncryptedCmk = resourceRule(
    {
        id: "cluster-secrets-encrypted-cmk",
        number: 2,
        description: "Kubernetes secrets are envelope-encrypted with our own KMS key.",
        severity: "high",
        anchors: ["CKV_AWS_58", "AVD-AWS-0039", "aws-eks-cluster-enable-cluster-encryption-config", "EKS default envelope encryption"],
        scopes: ["aws", "gcp", "azure"],
        dev: "A",
        prod: "M",
    },
    {
        appliesTo: isCluster,
        check(r) {
            switch (r.type) {
                case T.eksCluster: {
                    const out: string[] = [];
                    if (!strs(r.inputs, "encryptionConfig.resources").includes("secrets")) out.push("EKS encryptionConfig.resources does not include secrets");
                    if (!str(r.inputs, "encryptionConfig.provider.keyArn")) out.push("EKS encryptionConfig.provider.keyArn is not set");
                    return out;
                }
                case T.gkeCluster: {
                    const out: string[] = [];
                    if (str(r.inputs, "databaseEncryption.state") !== "ENCRYPTED") out.push("GKE databaseEncryption.state is not ENCRYPTED");
                    if (!str(r.inputs, "databaseEncryption.keyName")) out.push("GKE databaseEncryption.keyName is not set");
                    return out;
                }
                case T.aksCluster: {
                    const out: string[] = [];
                    if (bool(r.inputs, "securityProfile.azureKeyVaultKms.enabled") !== true) out.push("AKS securityProfile.azureKeyVaultKms.enabled is not true");
                    else if (!str(r.inputs, "securityProfile.azureKeyVaultKms.keyId")) out.push("AKS securityProfile.azureKeyVaultKms.keyId is not set");
                    return out;
                }
                default:
                    return [];
            }
        },
    },
);

/**
 * The cloud-neutral control-plane logging requirement (issue 24 item 3): API server, audit and
 * authenticator logs everywhere, controller-manager and scheduler logs too in prod, each shipped to the
 * cloud's log service. Mapped per cloud:
 * - EKS `enabledClusterLogTypes` (https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html).
 * - GKE `loggingConfig.enableComponents` APISERVER / CONTROLLER_MANAGER / SCHEDULER
 *   (https://cloud.google.com/kubernetes-engine/docs/how-to/configure-logging, "Available logs"); audit
 *   and authentication are GKE's Admin Activity audit logs, which are always written and cannot be turned
 *   off (https://cloud.google.com/kubernetes-engine/docs/how-to/audit-logging), so nothing to check.
 *   Unset `loggingConfig` is GKE's default, SYSTEM_COMPONENTS and WORKLOADS only: no control plane ("By
 *   default, GKE collects ... Audit logs ... System logs ... Application logs"; API server, scheduler and
 *   controller manager logs are what GKE "optionally" collects,
 *   https://cloud.google.com/kubernetes-engine/docs/concepts/about-logs, "What logs are collected"). The
 *   adapter sets `loggingConfig` explicitly (components/clouds/gcp/controlPlane.ts LOGGING_COMPONENTS).
 * - AKS resource-log categories of Microsoft.ContainerService/managedClusters in a diagnostic setting
 *   on the cluster with a Log Analytics workspace or storage account destination
 *   (https://learn.microsoft.com/azure/azure-monitor/reference/supported-logs/microsoft-containerservice-managedclusters-logs);
 *   audit is `kube-audit` or its write-only subset `kube-audit-admin`, authentication is `guard`
 *   (Entra ID / Azure RBAC decisions). The `allLogs` category group covers them all. Managed Prometheus
 *   (`azureMonitorProfile.metrics`) and Container Insights (`omsagent`) ship metrics and container logs,
 *   not control-plane or audit logs, so neither counts.
 */
type ControlPlaneLog = "apiserver" | "audit" | "authenticator" | "controller-manager" | "scheduler";
const CONTROL_PLANE_LOGS_BASE: readonly ControlPlaneLog[] = ["apiserver", "audit", "authenticator"];
const CONTROL_PLANE_LOGS_PROD: readonly ControlPlaneLog[] = [...CONTROL_PLANE_LOGS_BASE, "controller-manager", "scheduler"];
const EKS_LOG_TYPE: Readonly<Record<ControlPlaneLog, string>> = { apiserver: "api", audit: "audit", authenticator: "authenticator", "controller-manager": "controllerManager", scheduler: "scheduler" };
const GKE_LOG_COMPONENT: Readonly<Record<ControlPlaneLog, string | undefined>> = { apiserver: "APISERVER", audit: undefined, authenticator: undefined, "controller-manager": "CONTROLLER_MANAGER", scheduler: "SCHEDULER" };
const AKS_LOG_CATEGORIES: Readonly<Record<ControlPlaneLog, readonly string[]>> = {
    apiserver: ["kube-apiserver"],
    audit: ["kube-audit", "kube-audit-admin"],
    authenticator: ["guard"],
    "controller-manager": ["kube-controller-manager"],
    scheduler: ["kube-scheduler"],
};

/**
 * Whether a diagnostic setting is about this cluster: `resourceUri` in inputs, the id's prefix in state;
 * `undefined` when its `resourceUri` is unknown and it depends on no cluster (cannot tell).
 * Under `pulumi preview` the cluster's id is unknown, so `resourceUri` is the engine's unknown marker; the
 * setting is then joined through its dependency URNs (policies/lib/joins.ts): an input computed from the
 * cluster's id makes the setting depend on the cluster (@pulumi/pulumi runtime/resource.js
 * `prepareResource` gathers the resources behind every Output input into the registration's
 * dependencies, which the engine hands a stack policy).
 * @param setting a diagnostic setting
 * @param cluster an AKS cluster
 * @param clusters every AKS cluster of the stack
 */
function diagnosticsOf(setting: PolicyResource, cluster: PolicyResource, clusters: readonly PolicyResource[]): boolean | undefined {
    const uri = peek(setting.inputs, "resourceUri");
    if (uri === UNKNOWN) {
        const deps = setting.dependencies ?? [];
        if (cluster.urn !== undefined && deps.includes(cluster.urn)) return true;
        return clusters.some((c) => c.urn !== undefined && deps.includes(c.urn)) ? false : undefined;
    }
    if (refersTo(uri, cluster)) return true;
    const id = peek(setting.inputs, "id");
    const clusterId = peek(cluster.inputs, "id");
    return typeof id === "string" && typeof clusterId === "string" && clusterId !== "" && id.toLowerCase().startsWith(`${clusterId.toLowerCase()}/providers/microsoft.insights/diagnosticsettings/`);
}

/**
 * The log categories a diagnostic setting ships somewhere (`*` for the allLogs group). A destination id
 * that is unknown at preview is the id of a resource the stack creates (an Azure resource id, never
 * empty), so it counts as a destination.
 */
function shippedCategories(setting: PolicyResource): string[] {
    const destination = ["workspaceId", "storageAccountId", "eventHubAuthorizationRuleId"].some((k) => {
        const v = peek(setting.inputs, k);
        return v === UNKNOWN || (typeof v === "string" && v !== "");
    });
    if (!destination) return [];
    return arr(setting.inputs, "logs")
        .filter((l) => bool(l, "enabled") === true)
        .map((l) => (str(l, "categoryGroup")?.toLowerCase() === "alllogs" ? "*" : (str(l, "category") ?? "")));
}

/** 3 */
export const clusterControlPlaneLogging = stackRule(
    {
        id: "cluster-control-plane-logging",
        number: 3,
        description: "Control-plane and audit logs are shipped to the cloud's log service: API server, audit and authentication logs everywhere, controller-manager and scheduler too in prod (EKS log types, GKE logging components, AKS diagnostic settings).",
        severity: "medium",
        anchors: ["CKV_AWS_37", "AVD-AWS-0038", "CKV_GCP_1", "CKV_GCP_8", "AVD-GCP-0060", "AVD-GCP-0052", "CKV_AZURE_4", "AVD-AZU-0040", "Azure.AKS.AuditLogs", "Azure.AKS.PlatformLogs"],
        scopes: ["aws", "gcp", "azure"],
        dev: "A",
        prod: "M",
    },
    ({ stack, environment }) => {
        const out: StackViolation[] = [];
        const wanted = environment === "prod" ? CONTROL_PLANE_LOGS_PROD : CONTROL_PLANE_LOGS_BASE;
        const settings = stack.ofType(anyOf(T.diagnosticSetting));
        for (const r of stack.ofType(isCluster)) {
            switch (r.type) {
                case T.eksCluster: {
                    const have = strs(r.inputs, "enabledClusterLogTypes");
                    const missing = wanted.map((l) => EKS_LOG_TYPE[l]).filter((t) => !have.includes(t));
                    if (missing.length) out.push({ resource: r, message: `EKS enabledClusterLogTypes is missing ${missing.join(", ")}` });
                    break;
                }
                case T.gkeCluster: {
                    if (str(r.inputs, "monitoringService") === "none") out.push({ resource: r, message: "GKE monitoringService is none" });
                    if (str(r.inputs, "loggingService") === "none") {
                        out.push({ resource: r, message: "GKE loggingService is none" });
                        break;
                    }
                    const have = strs(r.inputs, "loggingConfig.enableComponents");
                    const missing = wanted.map((l) => GKE_LOG_COMPONENT[l]).filter((c): c is string => c !== undefined && !have.includes(c));
                    if (missing.length) out.push({ resource: r, message: `GKE loggingConfig.enableComponents is missing ${missing.join(", ")}` });
                    break;
                }
                case T.aksCluster: {
                    const clusters = stack.ofType(anyOf(T.aksCluster));
                    const shipped = settings.filter((s) => diagnosticsOf(s, r, clusters) === true).flatMap(shippedCategories);
                    const missing = shipped.includes("*") ? [] : wanted.filter((l) => !AKS_LOG_CATEGORIES[l].some((c) => shipped.includes(c))).map((l) => AKS_LOG_CATEGORIES[l].join(" or "));
                    // A setting whose target is unknown at preview and that depends on no cluster may still be
                    // this cluster's (e.g. an id looked up elsewhere): only then is a shortfall undecided.
                    if (missing.length && settings.some((s) => diagnosticsOf(s, r, clusters) === undefined)) throw new UnknownInputError("resourceUri");
                    if (missing.length) out.push({ resource: r, message: `AKS ships no ${missing.join(", ")} logs: no diagnostic setting on the cluster sends these categories to a Log Analytics workspace or storage account` });
                    break;
                }
                default:
                    break;
            }
        }
        return out;
    },
);

/** 4 */
export const clusterRbacNoLegacyAuth = resourceRule(
    {
        id: "cluster-rbac-no-legacy-auth",
        number: 4,
        description: "RBAC is the only authorizer: no legacy ABAC, no client certificates.",
        severity: "high",
        anchors: ["CKV_GCP_7", "CKV_GCP_13", "AVD-GCP-0062", "AVD-GCP-0064", "CKV_AZURE_5", "AVD-AZU-0042"],
        scopes: ["gcp", "azure"],
        dev: "M",
        prod: "M",
    },
    {
        appliesTo: anyOf(T.gkeCluster, T.aksCluster),
        check(r) {
            if (r.type === T.gkeCluster) {
                const out: string[] = [];
                if (bool(r.inputs, "enableLegacyAbac") === true) out.push("GKE enableLegacyAbac is true");
                if (bool(r.inputs, "masterAuth.clientCertificateConfig.issueClientCertificate") === true) out.push("GKE issues client certificates (masterAuth.clientCertificateConfig.issueClientCertificate)");
                return out;
            }
            return bool(r.inputs, "enableRBAC") === true ? [] : ["AKS enableRBAC is not true"];
        },
    },
);

/** 5 */
export const clusterSsoNoLocalAdmin = resourceRule(
    {
        id: "cluster-sso-no-local-admin",
        number: 5,
        description: "Humans reach the cluster only through the cloud identity provider; no local admin credentials.",
        severity: "high",
        anchors: ["CKV_AZURE_141", "CKV_GCP_65", "EKS access entries (own)"],
        scopes: ["aws", "gcp", "azure"],
        dev: "A",
        prod: "M",
    },
    {
        appliesTo: isCluster,
        check(r, ctx) {
            switch (r.type) {
                case T.eksCluster: {
                    const out: string[] = [];
                    const mode = str(r.inputs, "accessConfig.authenticationMode");
                    if (mode !== "API") out.push(`EKS accessConfig.authenticationMode is ${mode ?? "unset (CONFIG_MAP)"}, not API`);
                    if (ctx.environment === "prod" && bool(r.inputs, "accessConfig.bootstrapClusterCreatorAdminPermissions") !== false) out.push("EKS grants the cluster creator admin (accessConfig.bootstrapClusterCreatorAdminPermissions is not false)");
                    return out;
                }
                case T.gkeCluster:
                    return str(r.inputs, "authenticatorGroupsConfig.securityGroup") ? [] : ["GKE authenticatorGroupsConfig.securityGroup (Google Groups for RBAC) is not set"];
                case T.aksCluster: {
                    const out: string[] = [];
                    if (bool(r.inputs, "aadProfile.managed") !== true) out.push("AKS aadProfile.managed is not true");
                    if (bool(r.inputs, "aadProfile.enableAzureRBAC") !== true) out.push("AKS aadProfile.enableAzureRBAC is not true");
                    if (bool(r.inputs, "disableLocalAccounts") !== true) out.push("AKS disableLocalAccounts is not true");
                    return out;
                }
                default:
                    return [];
            }
        },
    },
);

function addonEnablesNetworkPolicy(addon: PolicyResource): boolean {
    const values = jsonDoc(get(addon.inputs, "configurationValues"));
    const v = get(values, "enableNetworkPolicy");
    return v === true || v === "true";
}

function addonsNamed(stackAddons: PolicyResource[], addonName: string): PolicyResource[] {
    return stackAddons.filter((a) => str(a.inputs, "addonName") === addonName);
}

/** 6 */
export const clusterNetworkPolicyEnforced = stackRule(
    {
        id: "cluster-network-policy-enforced",
        number: 6,
        description: "A NetworkPolicy engine is enforcing, so tenant isolation policies take effect.",
        severity: "high",
        anchors: ["CKV_GCP_12", "AVD-GCP-0056", "CKV_AZURE_7", "AVD-AZU-0043", "azurenative-containerservice-managedcluster-configure-network-policy", "CKV2_AZURE_29"],
        scopes: ["aws", "gcp", "azure"],
        dev: "M",
        prod: "M",
    },
    ({ stack }) => {
        const out: StackViolation[] = [];
        const addons = stack.ofType(anyOf(T.eksAddon));
        for (const r of stack.ofType(isCluster)) {
            if (r.type === T.gkeCluster) {
                if (bool(r.inputs, "networkPolicy.enabled") !== true && str(r.inputs, "datapathProvider") !== "ADVANCED_DATAPATH") out.push({ resource: r, message: "GKE has neither networkPolicy.enabled nor datapathProvider ADVANCED_DATAPATH" });
            } else if (r.type === T.aksCluster) {
                const np = str(r.inputs, "networkProfile.networkPolicy");
                if (!np || np === "none") out.push({ resource: r, message: `AKS networkProfile.networkPolicy is ${np ?? "unset"}` });
            } else {
                const cni = addonsNamed(addons, "vpc-cni");
                if (cni.length === 0) out.push({ resource: r, message: "EKS has no vpc-cni add-on with enableNetworkPolicy" });
                else if (!cni.some(addonEnablesNetworkPolicy)) out.push({ resource: r, message: "EKS vpc-cni add-on configurationValues do not set enableNetworkPolicy to true" });
            }
        }
        return out;
    },
);

/** 7 */
export const clusterWorkloadIdentityEnabled = stackRule(
    {
        id: "cluster-workload-identity-enabled",
        number: 7,
        description: "Workload identity is available so pods never need static cloud keys.",
        severity: "high",
        anchors: ["CKV_GCP_69", "AVD-GCP-0057", "AKS/EKS workload identity (own)"],
        scopes: ["aws", "gcp", "azure"],
        dev: "M",
        prod: "M",
    },
    ({ stack }) => {
        const out: StackViolation[] = [];
        for (const r of stack.ofType(isCluster)) {
            if (r.type === T.gkeCluster) {
                if (!str(r.inputs, "workloadIdentityConfig.workloadPool")) out.push({ resource: r, message: "GKE workloadIdentityConfig.workloadPool is not set" });
            } else if (r.type === T.aksCluster) {
                if (bool(r.inputs, "oidcIssuerProfile.enabled") !== true) out.push({ resource: r, message: "AKS oidcIssuerProfile.enabled is not true" });
                if (bool(r.inputs, "securityProfile.workloadIdentity.enabled") !== true) out.push({ resource: r, message: "AKS securityProfile.workloadIdentity.enabled is not true" });
            } else {
                const oidc = stack.ofType(anyOf(T.iamOidc)).length > 0;
                const podIdentity = stack.ofType(anyOf(T.eksAddon)).some((a) => str(a.inputs, "addonName") === "eks-pod-identity-agent");
                if (!oidc && !podIdentity) out.push({ resource: r, message: "EKS has neither an IAM OIDC provider nor the eks-pod-identity-agent add-on" });
            }
        }
        return out;
    },
);

function versionBelow(version: string, minimum: string): boolean {
    const [a1 = 0, a2 = 0] = version.split(".").map(Number);
    const [b1 = 0, b2 = 0] = minimum.split(".").map(Number);
    return a1 < b1 || (a1 === b1 && a2 < b2);
}

/** 8 */
export const clusterUpgradeAndHaTier = resourceRule(
    {
        id: "cluster-upgrade-and-ha-tier",
        number: 8,
        description: "The cluster follows a managed upgrade channel or support window, with an SLA-backed, regional control plane in prod.",
        severity: "medium",
        anchors: ["CKV_GCP_70", "CKV_AZURE_171", "CKV_AZURE_170", "CKV_AWS_339"],
        scopes: ["aws", "gcp", "azure"],
        dev: "A",
        prod: "M",
    },
    {
        appliesTo: isCluster,
        check(r, ctx) {
            switch (r.type) {
                case T.eksCluster: {
                    const min = typeof ctx.params["minimumEksVersion"] === "string" ? ctx.params["minimumEksVersion"] : "1.31";
                    const v = str(r.inputs, "version");
                    return v && versionBelow(v, min) ? [`EKS version ${v} is below the supported window (minimum ${min})`] : [];
                }
                case T.gkeCluster: {
                    const out: string[] = [];
                    const ch = str(r.inputs, "releaseChannel.channel");
                    if (!ch || ch === "UNSPECIFIED") out.push("GKE releaseChannel.channel is not set");
                    const loc = str(r.inputs, "location");
                    if (ctx.environment === "prod" && loc !== undefined && /-[a-z]$/.test(loc)) out.push(`GKE location ${loc} is a zone; prod needs a regional control plane`);
                    if (ctx.environment === "prod" && loc === undefined) out.push("GKE location is unset (provider zone); prod needs a regional control plane");
                    return out;
                }
                case T.aksCluster: {
                    const out: string[] = [];
                    const ch = str(r.inputs, "autoUpgradeProfile.upgradeChannel");
                    if (!ch || ch === "none") out.push(`AKS autoUpgradeProfile.upgradeChannel is ${ch ?? "unset"}`);
                    const tier = str(r.inputs, "sku.tier");
                    if (ctx.environment === "prod" && tier !== "Standard" && tier !== "Premium") out.push(`AKS sku.tier is ${tier ?? "unset (Free)"}; prod needs Standard`);
                    return out;
                }
                default:
                    return [];
            }
        },
    },
);

/** 10 */
export const gkeShieldedNodes = resourceRule(
    {
        id: "gke-shielded-nodes",
        number: 10,
        description: "GKE nodes are shielded VMs with secure boot and integrity monitoring.",
        severity: "medium",
        anchors: ["CKV_GCP_71", "CKV_GCP_68", "CKV_GCP_72", "AVD-GCP-0055"],
        scopes: ["gcp"],
        dev: "A",
        prod: "M",
    },
    {
        appliesTo: anyOf(T.gkeCluster, T.gkeNodePool),
        check(r) {
            if (r.type === T.gkeCluster) return bool(r.inputs, "enableShieldedNodes") === false ? ["GKE enableShieldedNodes is false"] : [];
            const out: string[] = [];
            if (bool(r.inputs, "nodeConfig.shieldedInstanceConfig.enableSecureBoot") !== true) out.push("GKE node pool nodeConfig.shieldedInstanceConfig.enableSecureBoot is not true");
            if (bool(r.inputs, "nodeConfig.shieldedInstanceConfig.enableIntegrityMonitoring") === false) out.push("GKE node pool nodeConfig.shieldedInstanceConfig.enableIntegrityMonitoring is false");
            return out;
        },
    },
);

const isKey = anyOf(T.kmsKey, T.gcpCryptoKey, T.keyVaultKey, T.keyVault);
const isBucketLike = (t: string): boolean => isS3Bucket(t) || t === T.gcsBucket || t === T.storageAccount;

/** 11 */
export const prodStatefulProtected = resourceRule(
    {
        id: "prod-stateful-protected",
        number: 11,
        description: "Clusters, buckets and keys are protected from deletion in prod (protect/retainOnDelete, GKE deletionProtection, Key Vault purge protection).",
        severity: "critical",
        anchors: ["design contract", "PolicyResourceOptions.protect", "CKV_GCP_82", "CKV_AZURE_110"],
        scopes: ["aws", "gcp", "azure"],
        dev: "off",
        prod: "M",
    },
    {
        appliesTo: (t) => isCluster(t) || isKey(t) || isBucketLike(t),
        check(r) {
            const out: RuleFinding[] = [];
            if (!r.options.protect && !r.options.retainOnDelete) out.push(`${r.type} ${r.name} has neither protect nor retainOnDelete`);
            if (r.type === T.gkeCluster && bool(r.inputs, "deletionProtection") === false) out.push("GKE deletionProtection is false");
            if (r.type === T.keyVault && bool(r.inputs, "properties.enablePurgeProtection") !== true) out.push("Key Vault properties.enablePurgeProtection is not true");
            return out;
        },
    },
);

/** The rules of this file. */
export const CLUSTER_RULES = [clusterApiNotPublic, clusterSecretsEncryptedCmk, clusterControlPlaneLogging, clusterRbacNoLegacyAuth, clusterSsoNoLocalAdmin, clusterNetworkPolicyEnforced, clusterWorkloadIdentityEnabled, clusterUpgradeAndHaTier, gkeShieldedNodes, prodStatefulProtected];
