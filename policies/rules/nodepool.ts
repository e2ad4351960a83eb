/**
 * A.2 Node pools and launch templates (rules 12-17, 19, 20).
 */
import { UNKNOWN, arr, bool, entries, get, num, obj, str, strs } from "../lib/access";
import { resourceRule, stackRule } from "../lib/define";
import { nodeGroupSubnets, publicSubnetReasons } from "../lib/awsNetwork";
import { peek, peekList, resolve } from "../lib/joins";
import { anyOf, T } from "../lib/match";
import type { PolicyResource, StackViolation } from "../lib/types";

/** A pool as the pool rules see it, whatever the cloud. */
export interface PoolView {
    /** For messages: `pool general` or `agentPoolProfiles[0] (system)`. */
    readonly label: string;
    /** Node labels. */
    readonly labels: Record<string, string>;
    /** Taints normalised to `key=value:Effect`. */
    readonly taints: string[];
    /** The raw pool object (AgentPool inputs or one agentPoolProfiles entry). */
    readonly raw: Record<string, unknown>;
}

const EFFECTS: Record<string, string> = { NO_SCHEDULE: "NoSchedule", PREFER_NO_SCHEDULE: "PreferNoSchedule", NO_EXECUTE: "NoExecute" };

/**
 * Normalise a taint (`{key,value,effect}` in EKS/GKE spelling or an AKS `k=v:Effect` string).
 * @param t the taint
 */
export function normaliseTaint(t: unknown): string {
    if (typeof t === "string") return t;
    const effect = str(t, "effect") ?? "";
    return `${str(t, "key") ?? ""}=${str(t, "value") ?? ""}:${EFFECTS[effect] ?? effect}`;
}

function stringMap(value: unknown, path: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of entries(value, path)) if (typeof v === "string") out[k] = v;
    return out;
}

/**
 * The pools a resource declares (separate pool resources and AKS inline `agentPoolProfiles`).
 * @param r the resource
 */
export function poolsOf(r: PolicyResource): PoolView[] {
    switch (r.type) {
        case T.eksNodeGroup:
            return [{ label: `node group ${r.name}`, labels: stringMap(r.inputs, "labels"), taints: arr(r.inputs, "taints").map(normaliseTaint), raw: r.inputs as Record<string, unknown> }];
        case T.gkeNodePool:
            return [{ label: `node pool ${r.name}`, labels: stringMap(r.inputs, "nodeConfig.labels"), taints: arr(r.inputs, "nodeConfig.taints").map(normaliseTaint), raw: r.inputs as Record<string, unknown> }];
        case T.aksPool:
            return [{ label: `agent pool ${r.name}`, labels: stringMap(r.inputs, "nodeLabels"), taints: strs(r.inputs, "nodeTaints"), raw: r.inputs as Record<string, unknown> }];
        case T.aksCluster:
            return arr(r.inputs, "agentPoolProfiles").map((p, i) => ({ label: `agentPoolProfiles[${i}] (${str(p, "name") ?? "?"})`, labels: stringMap(p, "nodeLabels"), taints: strs(p, "nodeTaints"), raw: (p ?? {}) as Record<string, unknown> }));
        default:
            return [];
    }
}

const isPoolHolder = anyOf(T.eksNodeGroup, T.gkeNodePool, T.aksPool, T.aksCluster);

/** 12 */
export const nodepoolContractLabelsTaints = resourceRule(
    {
        id: "nodepool-contract-labels-taints",
        number: 12,
        description: "Every pool carries the tristack.io/pool and tristack.io/role labels and its role's contract taint.",
        severity: "high",
        anchors: ["design contract", "CKV_AZURE_232"],
        scopes: ["aws", "gcp", "azure"],
        dev: "M",
        prod: "M",
    },
    {
        appliesTo: isPoolHolder,
        check(r) {
            const out: string[] = [];
            for (const p of poolsOf(r)) {
                const system = r.type === T.aksCluster || r.type === T.aksPool ? str(p.raw, "mode") === "System" : false;
                if (!p.labels["tristack.io/pool"]) out.push(`${p.label} has no tristack.io/pool label`);
                const role = p.labels["tristack.io/role"];
                if (!role) out.push(`${p.label} has no tristack.io/role label`);
                if (role === "gpu" && !p.taints.includes("nvidia.com/gpu=present:NoSchedule")) out.push(`${p.label} (gpu) lacks taint nvidia.com/gpu=present:NoSchedule`);
                if (role === "data" && !p.taints.includes("tristack.io/role=data:NoSchedule")) out.push(`${p.label} (data) lacks taint tristack.io/role=data:NoSchedule`);
                if (system && !p.taints.includes("CriticalAddonsOnly=true:NoSchedule")) out.push(`${p.label} (System mode) lacks taint CriticalAddonsOnly=true:NoSchedule`);
            }
            return out;
        },
    },
);

/** 13 */
export const nodepoolImdsv2HopLimit = resourceRule(
    {
        id: "nodepool-imdsv2-hop-limit",
        number: 13,
        description: "Pods cannot borrow the node's cloud identity: IMDSv2 with hop limit 1 on EKS, GKE metadata server on GKE.",
        severity: "high",
        anchors: ["CKV_AWS_79", "CKV_AWS_341", "AVD-AWS-0028", "AVD-AWS-0130", "CKV_GCP_69", "AVD-GCP-0057"],
        scopes: ["aws", "gcp"],
        dev: "M",
        prod: "M",
    },
    {
        appliesTo: anyOf(T.launchTemplate, T.gkeNodePool),
        check(r) {
            if (r.type === T.gkeNodePool) {
                const mode = str(r.inputs, "nodeConfig.workloadMetadataConfig.mode");
                return mode === "GKE_METADATA" ? [] : [`GKE node pool nodeConfig.workloadMetadataConfig.mode is ${mode ?? "unset"}, not GKE_METADATA`];
            }
            const out: string[] = [];
            const tokens = str(r.inputs, "metadataOptions.httpTokens");
            if (tokens !== "required") out.push(`launch template metadataOptions.httpTokens is ${tokens ?? "unset (optional)"}, not required`);
            const hops = num(r.inputs, "metadataOptions.httpPutResponseHopLimit");
            if (hops !== undefined && hops > 1) out.push(`launch template metadataOptions.httpPutResponseHopLimit is ${hops}, above 1`);
            return out;
        },
    },
);

/** 14 */
export const nodepoolDiskEncrypted = resourceRule(
    {
        id: "nodepool-disk-encrypted",
        number: 14,
        description: "Node and data disks are encrypted, with our customer-managed key in prod.",
        severity: "high",
        anchors: ["aws-ec2-launchtemplate-disallow-unencrypted-block-device", "aws-ec2-launchtemplate-configure-customer-managed-key", "aws-ebs-volume-disallow-unencrypted-volume", "awsguard encrypted-volumes", "CKV_AWS_106", "CKV_AWS_3", "CKV_AWS_189", "AVD-AWS-0026", "AVD-AWS-0027", "CKV_AZURE_117", "CKV_AZURE_227", "AVD-AZU-0067"],
        scopes: ["aws", "gcp", "azure"],
        dev: "A",
        prod: "M",
    },
    {
        appliesTo: anyOf(T.launchTemplate, T.ebsDefault, T.ebsVolume, T.eksNodeGroup, T.gkeNodePool, T.aksPool, T.aksCluster),
        check(r, ctx) {
            const prod = ctx.environment === "prod";
            switch (r.type) {
                case T.launchTemplate: {
                    const maps = arr(r.inputs, "blockDeviceMappings");
                    if (maps.length === 0) return ["launch template has no blockDeviceMappings, so the AMI's root volume is not explicitly encrypted"];
                    const out: string[] = [];
                    maps.forEach((m, i) => {
                        if (bool(m, "ebs.encrypted") !== true) out.push(`launch template blockDeviceMappings[${i}].ebs.encrypted is not true`);
                        if (prod && !str(m, "ebs.kmsKeyId")) out.push(`launch template blockDeviceMappings[${i}].ebs.kmsKeyId is not set (prod needs the CMK)`);
                    });
                    return out;
                }
                case T.ebsDefault:
                    return bool(r.inputs, "enabled") === false ? ["EBS encryption by default is disabled"] : [];
                case T.ebsVolume: {
                    const out: string[] = [];
                    if (bool(r.inputs, "encrypted") !== true) out.push("EBS volume encrypted is not true");
                    if (prod && !str(r.inputs, "kmsKeyId")) out.push("EBS volume kmsKeyId is not set (prod needs the CMK)");
                    return out;
                }
                case T.eksNodeGroup:
                    return prod && !obj(r.inputs, "launchTemplate") ? ["EKS node group has no launchTemplate, so its disks cannot use the CMK"] : [];
                case T.gkeNodePool:
                    return prod && !str(r.inputs, "nodeConfig.bootDiskKmsKey") ? ["GKE node pool nodeConfig.bootDiskKmsKey is not set (prod needs the CMK)"] : [];
                case T.aksPool:
                case T.aksCluster: {
                    const out: string[] = [];
                    if (r.type === T.aksCluster && prod && !str(r.inputs, "diskEncryptionSetID")) out.push("AKS diskEncryptionSetID is not set (prod needs the CMK)");
                    for (const p of poolsOf(r)) if (prod && bool(p.raw, "enableEncryptionAtHost") !== true) out.push(`${p.label} enableEncryptionAtHost is not true`);
                    return out;
                }
                default:
                    return [];
            }
        },
    },
);

/** 15 */
export const nodepoolNoPublicIp = resourceRule(
    {
        id: "nodepool-no-public-ip",
        number: 15,
        description: "Nodes have no public IP addresses and EKS node groups run only in private subnets (no public IP on launch, no route to an internet gateway).",
        severity: "high",
        anchors: ["CKV_AWS_88", "AVD-AWS-0009", "aws-ec2-launchtemplate-disallow-public-ip", "awsguard ec2-instance-no-public-ip", "CKV_AWS_130", "AVD-AWS-0164", "CKV_GCP_64", "CKV_GCP_25", "AVD-GCP-0059", "CKV_AZURE_143"],
        scopes: ["aws", "gcp", "azure"],
        dev: "A",
        prod: "M",
    },
    {
        appliesTo: anyOf(T.launchTemplate, T.eksNodeGroup, T.gkeCluster, T.gkeNodePool, T.aksPool, T.aksCluster),
        check(r, ctx) {
            switch (r.type) {
                case T.eksNodeGroup:
                    // Issue 24: node groups moved into the public subnets were invisible (the program sets no
                    // launch-template interfaces, so the subnet decides). policies/lib/awsNetwork.ts joins them.
                    return nodeGroupSubnets(r, ctx.stack).flatMap((s) => publicSubnetReasons(s, ctx.stack).map((why) => `node group ${r.name} runs in subnet ${s.name}, which ${why}`));
                case T.launchTemplate:
                    return arr(r.inputs, "networkInterfaces").flatMap((n, i) => (bool(n, "associatePublicIpAddress") === true ? [`launch template networkInterfaces[${i}].associatePublicIpAddress is true`] : []));
                case T.gkeCluster:
                    return bool(r.inputs, "privateClusterConfig.enablePrivateNodes") === true ? [] : ["GKE privateClusterConfig.enablePrivateNodes is not true (nodes get public IPs)"];
                case T.gkeNodePool:
                    return bool(r.inputs, "networkConfig.enablePrivateNodes") === false ? ["GKE node pool networkConfig.enablePrivateNodes is false"] : [];
                default:
                    return poolsOf(r).flatMap((p) => (bool(p.raw, "enableNodePublicIP") === true ? [`${p.label} enableNodePublicIP is true`] : []));
            }
        },
    },
);

/** 16 */
export const nodepoolNoSsh = resourceRule(
    {
        id: "nodepool-no-ssh",
        number: 16,
        description: "Nodes have no SSH door (EKS remoteAccess only from a source security group; no AKS admin password or SSH keys).",
        severity: "high",
        anchors: ["CKV_AWS_100", "azurenative-compute-virtualmachine-disallow-password-authentication"],
        scopes: ["aws", "azure"],
        dev: "M",
        prod: "M",
    },
    {
        appliesTo: anyOf(T.eksNodeGroup, T.aksCluster),
        check(r) {
            if (r.type === T.eksNodeGroup) {
                if (!obj(r.inputs, "remoteAccess")) return [];
                return strs(r.inputs, "remoteAccess.sourceSecurityGroupIds").length > 0 ? [] : ["EKS node group remoteAccess opens SSH without sourceSecurityGroupIds"];
            }
            const out: string[] = [];
            if (str(r.inputs, "windowsProfile.adminPassword")) out.push("AKS windowsProfile.adminPassword is set");
            if (arr(r.inputs, "linuxProfile.ssh.publicKeys").length > 0) out.push("AKS linuxProfile.ssh.publicKeys installs SSH keys on nodes");
            return out;
        },
    },
);

/** 17 */
export const nodepoolAutoRepairUpgrade = resourceRule(
    {
        id: "nodepool-auto-repair-upgrade",
        number: 17,
        description: "Pools repair and upgrade themselves in a controlled way (GKE auto-repair/upgrade, EKS updateConfig, AKS surge and node-OS channel).",
        severity: "medium",
        anchors: ["CKV_GCP_9", "CKV_GCP_10", "AVD-GCP-0063", "AVD-GCP-0058"],
        scopes: ["aws", "gcp", "azure"],
        dev: "A",
        prod: "M",
    },
    {
        appliesTo: isPoolHolder,
        check(r) {
            switch (r.type) {
                case T.gkeNodePool: {
                    const out: string[] = [];
                    if (bool(r.inputs, "management.autoRepair") === false) out.push("GKE node pool management.autoRepair is false");
                    if (bool(r.inputs, "management.autoUpgrade") === false) out.push("GKE node pool management.autoUpgrade is false");
                    return out;
                }
                case T.eksNodeGroup:
                    return num(r.inputs, "updateConfig.maxUnavailable") === undefined && num(r.inputs, "updateConfig.maxUnavailablePercentage") === undefined ? ["EKS node group updateConfig is not set"] : [];
                default: {
                    const out: string[] = [];
                    if (r.type === T.aksCluster) {
                        const ch = str(r.inputs, "autoUpgradeProfile.nodeOSUpgradeChannel");
                        if (!ch || ch === "None") out.push(`AKS autoUpgradeProfile.nodeOSUpgradeChannel is ${ch ?? "unset"}`);
                    }
                    // AKS Spot pools take no surge settings (they are upgraded by cordon and drain).
                    for (const p of poolsOf(r)) if (str(p.raw, "scaleSetPriority") !== "Spot" && get(p.raw, "upgradeSettings.maxSurge") === undefined) out.push(`${p.label} upgradeSettings.maxSurge is not set`);
                    return out;
                }
            }
        },
    },
);

const NODE_POLICIES = ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly", "AmazonEC2ContainerRegistryPullOnly", "AmazonEKS_CNI_Policy", "AmazonSSMManagedInstanceCore", "AmazonEKSWorkerNodeMinimalPolicy"];

/** 19 */
export const nodepoolDedicatedIdentity = stackRule(
    {
        id: "nodepool-dedicated-identity",
        number: 19,
        description: "Node identities are minimal and dedicated: no GCE default service account, no data-plane policies on the EKS node role, a user-assigned AKS kubelet identity.",
        severity: "high",
        anchors: ["AVD-GCP-0050", "CKV_GCP_46"],
        scopes: ["aws", "gcp", "azure"],
        dev: "A",
        prod: "M",
    },
    ({ stack }) => {
        const out: StackViolation[] = [];
        for (const r of stack.ofType(anyOf(T.gkeNodePool))) {
            const sa = str(r.inputs, "nodeConfig.serviceAccount");
            if (!sa || sa === "default" || sa.endsWith("-compute@developer.gserviceaccount.com")) out.push({ resource: r, message: `GKE node pool uses the Compute Engine default service account (nodeConfig.serviceAccount ${sa ?? "unset"})` });
        }
        for (const r of stack.ofType(anyOf(T.aksCluster))) {
            if (!obj(r.inputs, "identityProfile.kubeletidentity")) out.push({ resource: r, message: "AKS identityProfile.kubeletidentity (user-assigned kubelet identity) is not set" });
        }
        // Attachments are grouped by role: by the role's name when known, else (at preview, when the role's
        // name is an unknown output) by the IAM role resource they depend on (policies/lib/joins.ts). The
        // node policies are AWS-managed ARNs, literal at preview; an unknown policyArn is never one of them.
        const attachments = stack.ofType(anyOf(T.iamRolePolicyAttachment));
        const roles = stack.ofType(anyOf(T.iamRole));
        const roleOf = (a: PolicyResource): { key: string | undefined; label: string } => {
            const v = peek(a.inputs, "role");
            const [hit] = resolve(a, v, "role", roles);
            return { key: hit?.urn ?? (typeof v === "string" ? v : undefined), label: typeof v === "string" ? v : (hit?.name ?? "?") };
        };
        const nodeRoles = new Set(attachments.filter((a) => { const arn = peek(a.inputs, "policyArn"); return typeof arn === "string" && arn.endsWith("/AmazonEKSWorkerNodePolicy"); }).map((a) => roleOf(a).key));
        for (const a of attachments) {
            const role = roleOf(a);
            if (!nodeRoles.has(role.key)) continue;
            const arn = str(a.inputs, "policyArn") ?? "";
            if (!NODE_POLICIES.some((p) => arn.endsWith(`/${p}`))) out.push({ resource: a, message: `EKS node role ${role.label} has a non-node policy attached: ${arn}` });
        }
        return out;
    },
);

/** 20 */
export const nodepoolMultiZone = resourceRule(
    {
        id: "nodepool-multi-zone",
        number: 20,
        description: "System and data pools span at least three zones.",
        severity: "high",
        anchors: ["own", "Kyverno other/topologyspreadconstraints-policy"],
        scopes: ["aws", "gcp", "azure"],
        dev: "A",
        prod: "M",
    },
    {
        appliesTo: isPoolHolder,
        check(r, ctx) {
            const out: string[] = [];
            for (const p of poolsOf(r)) {
                const role = p.labels["tristack.io/role"];
                const isSystem = role === "system" || str(p.raw, "mode") === "System";
                if (role !== "data" && !isSystem) continue;
                const what = `${p.label} (${role ?? "system"})`;
                if (r.type === T.eksNodeGroup) {
                    // At preview the ids of subnets the stack creates are unknown: count the subnets the node
                    // group depends on instead (policies/lib/joins.ts).
                    const ids = peekList(r.inputs, "subnetIds");
                    const n = ids.includes(UNKNOWN) ? nodeGroupSubnets(r, ctx.stack).length : new Set(strs(r.inputs, "subnetIds")).size;
                    // One zone of a data pool that is zonal per rack (a node group per zone, tagged with
                    // its zone): exactly one subnet; the adapter makes one such group per spec zone.
                    const rack = stringMap(r.inputs, "tags")["tristack.io/rack"];
                    if (rack !== undefined && role === "data") {
                        if (n !== 1) out.push(`${what} is the rack of zone ${rack} but spans ${n} subnet(s); a rack is one zone`);
                    } else if (n < 3) out.push(`${what} spans ${n} subnet(s); needs subnets in 3 zones`);
                } else if (r.type === T.gkeNodePool) {
                    const locs = strs(r.inputs, "nodeLocations");
                    const loc = str(r.inputs, "location") ?? "";
                    if (locs.length > 0 ? locs.length < 3 : /-[a-z]$/.test(loc) || loc === "") out.push(`${what} spans ${locs.length > 0 ? locs.length : 1} zone(s); needs 3`);
                } else {
                    const zones = strs(p.raw, "availabilityZones");
                    // One zone of a data pool that is zonal per rack (an AgentPool per zone, tagged
                    // `tristack-rack`: Azure tag names cannot hold "/"): exactly that one zone.
                    const rack = r.type === T.aksPool ? stringMap(r.inputs, "tags")["tristack-rack"] : undefined;
                    if (rack !== undefined && role === "data") {
                        if (zones.length !== 1 || zones[0] !== rack) out.push(`${what} is the rack of zone ${rack} but availabilityZones is [${zones.join(", ")}]; a rack is that one zone`);
                    } else if (zones.length < 3) out.push(`${what} availabilityZones has ${zones.length} zone(s); needs 3`);
                }
            }
            return out;
        },
    },
);

/** The rules of this file. */
export const NODEPOOL_RULES = [nodepoolContractLabelsTaints, nodepoolImdsv2HopLimit, nodepoolDiskEncrypted, nodepoolNoPublicIp, nodepoolNoSsh, nodepoolAutoRepairUpgrade, nodepoolDedicatedIdentity, nodepoolMultiZone];
