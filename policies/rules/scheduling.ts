/**
 * Rule 69: Spark queue enforcement (issue 27). Tenants submit SparkApplications and pods the program never
 * sees, so the queue a job runs in must be decided in the cluster: YuniKorn's admission controller must
 * process every tenant namespace (`admissionController.filtering.processNamespaces` of the release's
 * `yunikornDefaults`, yunikorn-site docs/user_guide/service_config.md), and its queues (`queues.yaml` of an
 * unmanaged `yunikorn-configs` ConfigMap, which overrides, else of the release's `yunikornDefaults`) must place by namespace with no `provided` rule (placement_rules.md: `provided` takes the
 * queue the application names, so a job could pick another team's queue) and hold a queue per tenant.
 */
import { parse } from "yaml";
import { get, known, str } from "../lib/access";
import { stackRule } from "../lib/define";
import { kube, metaName, T } from "../lib/match";
import type { PolicyResource, StackViolation } from "../lib/types";

/** The label the platform puts on tenant namespaces. */
const TENANT_LABEL = "tristack.io/tenant";
const isNamespace = kube("core", "Namespace");
const isConfigMap = kube("core", "ConfigMap");

interface Rule {
    readonly name?: unknown;
    readonly value?: unknown;
    readonly parent?: Rule;
}
interface Queue {
    readonly name?: unknown;
    readonly queues?: unknown;
}

function queuePaths(queues: unknown, prefix: string, out: Set<string>): void {
    if (!Array.isArray(queues)) return;
    for (const q of queues as Queue[]) {
        if (typeof q?.name !== "string") continue;
        const path = prefix ? `${prefix}.${q.name}` : q.name;
        out.add(path);
        queuePaths(q.queues, path, out);
    }
}

function ruleNames(r: Rule | undefined): string[] {
    return r ? [String(r.name), ...ruleNames(r.parent)] : [];
}

export const yunikornQueueEnforcement = stackRule(
    {
        id: "yunikorn-queue-enforcement",
        number: 69,
        description: "With tenants, YuniKorn's admission controller processes every tenant namespace and its queues (queues.yaml) place jobs by namespace (no `provided` rule) into a queue per tenant, so jobs the program never sees land in their team's queue.",
        severity: "high",
        anchors: ["yunikorn-site docs/user_guide/service_config.md (admissionController.filtering.processNamespaces)", "yunikorn-site docs/user_guide/placement_rules.md (tag, provided)", "own"],
        scopes: ["kubernetes"],
        dev: "A",
        prod: "M",
    },
    ({ stack }) => {
        const tenants = stack.ofType(isNamespace).filter((n) => {
            const labels = get(n.inputs, "metadata.labels");
            return labels !== null && typeof labels === "object" && typeof known((labels as Record<string, unknown>)[TENANT_LABEL], `metadata.labels.${TENANT_LABEL}`) === "string";
        });
        if (tenants.length === 0) return [];
        const names = tenants.map(metaName);
        const out: StackViolation[] = [];
        const release = stack.resources.find((r) => r.type === T.helmRelease && str(r.inputs, "chart") === "yunikorn");
        if (!release) return [{ resource: tenants[0]!, message: `tenant namespaces ${names.join(", ")} exist but no YuniKorn release schedules them: their Spark jobs bypass the queues` }];
        const filter = processNamespacesOf(release);
        const patterns = (filter ?? "").split(",").filter((p) => p.length > 0).map((p) => new RegExp(p));
        // An empty list means "every namespace" (k8shim DefaultFilteringProcessNamespaces = "").
        const unprocessed = patterns.length === 0 ? [] : names.filter((n) => !patterns.some((p) => p.test(n)));
        if (unprocessed.length > 0) out.push({ resource: release, message: `YuniKorn's admission controller does not process ${unprocessed.join(", ")} (admissionController.filtering.processNamespaces is "${filter ?? ""}")` });
        const override = stack.ofType(isConfigMap).find((c) => metaName(c) === "yunikorn-configs");
        const overrideText = override ? dataKey(override) : undefined;
        const config = typeof overrideText === "string" ? override! : release;
        const text = typeof overrideText === "string" ? overrideText : defaultsKey(release, "queues.yaml");
        if (typeof text !== "string") return [...out, { resource: release, message: "no queues.yaml (yunikornDefaults or a yunikorn-configs ConfigMap): jobs go to YuniKorn's default queue with no guarantee or cap" }];
        const doc = parse(text) as { partitions?: { placementrules?: Rule[]; queues?: unknown }[] } | null;
        const partition = doc?.partitions?.[0];
        const rules = partition?.placementrules ?? [];
        if (rules.some((r) => ruleNames(r).includes("provided"))) out.push({ resource: config, message: "queues.yaml places by the `provided` rule: a job can name another team's queue" });
        if (!rules.some((r) => r.name === "tag" && r.value === "namespace")) out.push({ resource: config, message: "queues.yaml has no placement rule by namespace (tag: namespace)" });
        const paths = new Set<string>();
        queuePaths(partition?.queues, "", paths);
        const missing = names.filter((n) => ![...paths].some((p) => p.endsWith(`.${n}`)));
        if (missing.length > 0) out.push({ resource: config, message: `queues.yaml has no queue for ${missing.join(", ")}` });
        return out;
    },
);

/**
 * A `yunikornDefaults` entry of the release (its keys contain dots, so they are read whole).
 * @param release the yunikorn release
 * @param key the entry
 */
function defaultsKey(release: PolicyResource, key: string): string | undefined {
    const defaults = get(release.inputs, "values.yunikornDefaults");
    if (defaults === null || typeof defaults !== "object") return undefined;
    const v = known((defaults as Record<string, unknown>)[key], `values.yunikornDefaults.${key}`);
    return typeof v === "string" ? v : undefined;
}

/** `processNamespaces` of the release. */
function processNamespacesOf(release: PolicyResource): string | undefined {
    return defaultsKey(release, "admissionController.filtering.processNamespaces");
}

/** `queues.yaml` of a ConfigMap's data (the key has a dot). */
function dataKey(config: PolicyResource): unknown {
    const data = get(config.inputs, "data");
    return data !== null && typeof data === "object" ? known((data as Record<string, unknown>)["queues.yaml"], "data.queues.yaml") : undefined;
}

/** The scheduling rules. */
export const SCHEDULING_RULES = [yunikornQueueEnforcement];
