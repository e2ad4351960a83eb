/**
 * The parameters rules read from policy config, as JSON schema (CrossGuard `configSchema`) — the
 * documentation of what each rule accepts besides `enforcementLevel`.
 */

/** A JSON-schema fragment. */
export interface ParamSchema {
    readonly type: "string" | "number" | "boolean" | "array";
    readonly items?: { readonly type: "string" };
    readonly description: string;
}

const strings = (description: string): ParamSchema => ({ type: "array", items: { type: "string" }, description });

/** Parameters per rule id. */
export const RULE_PARAMETERS: Readonly<Record<string, Readonly<Record<string, ParamSchema>>>> = {
    "cluster-upgrade-and-ha-tier": { minimumEksVersion: { type: "string", description: "oldest EKS minor version inside the support window, e.g. 1.31" } },
    "image-pinned-and-approved": { requireDigest: { type: "boolean", description: "require @sha256 digests" }, allowedRegistries: strings("registries images may come from (docker.io for Docker Hub)") },
    "serviceaccount-hygiene": { apiAccess: strings("<namespace>/<name> of workloads that may mount an API token") },
    "no-external-services": { allowedExternalServices: strings("<namespace>/<name> of Services that may be LoadBalancer/NodePort") },
    "stable-apis-only": { deprecatedVersions: strings("<group>/<version> of deprecated custom-resource versions") },
    "helm-release-pinned": { allowedRepositories: strings("chart repositories (https:// or oci://) releases may use") },
    "spark-app-resources-bounded": { maxExecutors: { type: "number", description: "cap on executor.instances and dynamicAllocation.maxExecutors" } },
    "required-labels-and-tags": { requiredTags: strings("tag/label keys every taggable cloud resource carries besides the stack tag") },
    "spark-event-log-to-object-store": { eventLogDir: { type: "string", description: "required prefix of spark.eventLog.dir" } },
};
