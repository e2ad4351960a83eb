import { createHash } from "node:crypto";

/**
 * Pure naming helpers for GCP resources whose names have tighter rules than our logical names.
 * @internal
 */

/** GCP label keys and values: lowercase letters, digits, `_` and `-`, at most 63 characters. */
const LABEL_INVALID = /[^a-z0-9_-]/g;

/**
 * Make a value usable as a GCP label value.
 * @param value any string (a stack name, a tag value)
 */
export function labelValue(value: string): string {
    return value.toLowerCase().replace(LABEL_INVALID, "-").slice(0, 63);
}

/** Service account ids: 6-30 characters, `[a-z][a-z0-9-]*[a-z0-9]` (IAM `accountId` rule). */
const ACCOUNT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

/**
 * A valid service-account id derived from a logical name: lower-cased, invalid characters turned
 * into `-`, and when longer than 30 characters cut and suffixed with a short hash of the full name,
 * so two long names that share a prefix still get different ids.
 * @param name the logical name (`tristack-prod-spark`)
 */
export function accountIdFor(name: string): string {
    let id = name.toLowerCase().replace(/[^a-z0-9-]/g, "-").replace(/-+/g, "-").replace(/^[^a-z]+/, "");
    if (id.length > 30) {
        const hash = createHash("sha256").update(name).digest("hex").slice(0, 6);
        id = `${id.slice(0, 23).replace(/-+$/, "")}-${hash}`;
    }
    id = id.replace(/-+$/, "");
    while (id.length < 6) id = `${id || "sa"}-sa`;
    if (!ACCOUNT_ID.test(id)) throw new Error(`cannot derive a service account id from "${name}" (got "${id}")`);
    return id;
}

/**
 * The labels every labellable GCP resource of the stack carries: the spec's cost tags plus the stack.
 * @param tags the spec's `tags`
 * @param stack the Pulumi stack name
 */
export function stackLabels(tags: Readonly<Record<string, string>>, stack: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(tags)) out[k] = labelValue(v);
    out["tristack-stack"] = labelValue(stack);
    return out;
}
