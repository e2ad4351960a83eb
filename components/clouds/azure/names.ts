import { createHash } from "node:crypto";

/**
 * Pure naming helpers for Azure resources whose names are global or have tighter rules than our
 * logical names, and for ARM resource ids.
 * @internal
 */

/**
 * A short suffix that makes global names unique per subscription and resource group, in the spirit of
 * ARM's `uniqueString(resourceGroup().id)`.
 * @param subscriptionId the subscription
 * @param resourceGroup the resource group name
 */
export function uniqueSuffix(subscriptionId: string, resourceGroup: string): string {
    return createHash("sha256").update(`${subscriptionId}/${resourceGroup}`.toLowerCase()).digest("hex").slice(0, 6);
}

/** Storage account names: 3-24 lowercase letters and digits, globally unique. */
const STORAGE_ACCOUNT = /^[a-z0-9]{3,24}$/;

/**
 * A storage account name: the base name without separators (at most 14 characters), a two-letter
 * purpose (`dl` data lake, `bk` backups) and the unique suffix.
 * @param base the spec's name
 * @param purpose two lowercase letters
 * @param suffix {@link uniqueSuffix}
 */
export function storageAccountName(base: string, purpose: "dl" | "bk", suffix: string): string {
    const name = `${base.toLowerCase().replace(/[^a-z0-9]/g, "").slice(0, 14)}${purpose}${suffix}`;
    if (!STORAGE_ACCOUNT.test(name)) throw new Error(`cannot derive a storage account name from "${base}" (got "${name}")`);
    return name;
}

/** Key Vault names: 3-24 letters, digits and single hyphens, starting with a letter, globally unique. */
const KEY_VAULT = /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;

/**
 * A Key Vault name: the base name (runs of hyphens collapsed, at most 14 characters), `-kv` and the
 * unique suffix.
 * @param base the spec's name
 * @param suffix {@link uniqueSuffix}
 */
export function keyVaultName(base: string, suffix: string): string {
    const name = `${base.replace(/-+/g, "-").slice(0, 14).replace(/-+$/, "")}-kv${suffix}`;
    if (!KEY_VAULT.test(name)) throw new Error(`cannot derive a Key Vault name from "${base}" (got "${name}")`);
    return name;
}

/**
 * The tags every taggable Azure resource of the stack carries: the spec's cost tags plus the stack.
 * @param tags the spec's `tags`
 * @param stack the Pulumi stack name
 */
export function stackTags(tags: Readonly<Record<string, string>>, stack: string): Record<string, string> {
    return { ...tags, "tristack-stack": stack };
}

/**
 * An ARM resource id: `/subscriptions/<s>/resourceGroups/<rg>/providers/<type>/<name>`.
 * @param subscriptionId the subscription
 * @param resourceGroup the resource group name
 * @param type provider namespace and type, e.g. `Microsoft.Storage/storageAccounts`
 * @param name the resource name (may continue with child segments)
 */
export function armId(subscriptionId: string, resourceGroup: string, type: string, name: string): string {
    return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${type}/${name}`;
}

/**
 * The node subnet of a created VNet: the first quarter of the VNet range (a /16 gives a /18, 16k
 * node addresses). With Azure CNI Overlay pods take their IPs from `podCidr`, so the subnet only
 * holds nodes and internal load balancers.
 * @param vnetCidr the VNet CIDR (`spec.network.vpcCidr`)
 */
export function nodeSubnetCidr(vnetCidr: string): string {
    const [ip, bits] = vnetCidr.split("/");
    const prefix = Math.min(Number(bits) + 2, 28);
    return `${ip}/${prefix}`;
}

/**
 * The cluster DNS service address: the tenth address of the service range (AKS's convention).
 * @param serviceCidr `spec.network.serviceCidr`
 */
export function dnsServiceIp(serviceCidr: string): string {
    const octets = (serviceCidr.split("/")[0] ?? "").split(".").map(Number);
    const value = ((octets[0] ?? 0) * 2 ** 24 + (octets[1] ?? 0) * 2 ** 16 + (octets[2] ?? 0) * 2 ** 8 + (octets[3] ?? 0) + 10) >>> 0;
    return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join(".");
}
