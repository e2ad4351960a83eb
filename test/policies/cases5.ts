/**
 * The rule test table, part five: scheduling (69 yunikorn-queue-enforcement). Fixtures are built by the
 * platform's own functions (components/platform/batchScheduler.ts), so a change there that breaks the
 * enforcement fails here too.
 */
import { stringify } from "yaml";
import type { PolicyResource, Rule, Scope } from "../../policies/lib/types";
import * as S from "../../policies/rules/scheduling";
import { queuesConfig, yunikornValues } from "../../components/platform/batchScheduler";
import type { ResolvedQueue } from "../../components/spec";
import { k8s, mut, res, T, UNKNOWN, unknownAt } from "./fixtures";
import type { RuleCase } from "./cases";

const cases: RuleCase[] = [];
function add(rule: Rule, scope: Scope, kind: RuleCase["kind"], title: string, r: readonly PolicyResource[], expect: readonly string[]): void {
    cases.push({ rule, scope, kind, title, resources: r, expect });
}

// 69 yunikorn-queue-enforcement
{
    const r = S.yunikornQueueEnforcement;
    const tenants = ["analytics", "ml"];
    const ns = (t: string) => k8s("v1", "Namespace", `team-${t}`, undefined, {}, { labels: { "tristack.io/tenant": t } });
    const queue = (t: string): ResolvedQueue => ({ tenant: t, guarantee: { cpu: 8, memoryGiB: 32, gpu: 0 }, max: { cpu: 16, memoryGiB: 64, gpu: 0 }, priority: 0, fromQuota: { cpu: true, memoryGiB: true, gpu: true } });
    // An operator's unmanaged override of the queues (yunikorn-configs wins over the release's yunikorn-defaults).
    const config = (doc: Record<string, unknown>) => k8s("v1", "ConfigMap", "yunikorn-configs", "spark-operator", { data: { "queues.yaml": stringify(doc) } });
    const release = res(T.helmRelease, "yunikorn", { chart: "yunikorn", namespace: "spark-operator", values: yunikornValues({ tenants, queues: tenants.map(queue), priorityClassName: "tristack-platform", prod: true }) });
    const good = [...tenants.map(ns), release];
    add(r, "kubernetes", "pass", "admission processes every tenant namespace, placement by namespace, a queue per tenant (the platform's values)", good, []);
    add(r, "kubernetes", "pass", "an override ConfigMap that keeps the rules", [...good, config(queuesConfig(tenants.map(queue)))], []);
    add(r, "kubernetes", "pass", "no tenants, no scheduler needed", [k8s("v1", "Namespace", "spark", undefined, {})], []);
    add(r, "kubernetes", "fail", "a tenant namespace the admission controller skips", [...tenants.map(ns), ns("bi"), release, config(queuesConfig([...tenants, "bi"].map(queue)))], ['YuniKorn\'s admission controller does not process team-bi (admissionController.filtering.processNamespaces is "^spark$,^team-analytics$,^team-ml$")']);
    const provided = queuesConfig(tenants.map(queue)) as { partitions: { placementrules: unknown[] }[] };
    provided.partitions[0]!.placementrules.unshift({ name: "provided", create: false });
    add(r, "kubernetes", "fail", "the provided rule lets a job pick any queue", [...tenants.map(ns), release, config(provided)], ["queues.yaml places by the `provided` rule: a job can name another team's queue"]);
    add(r, "kubernetes", "fail", "a tenant without a queue", [...tenants.map(ns), release, config(queuesConfig([queue("analytics")]))], ["queues.yaml has no queue for team-ml"]);
    add(r, "kubernetes", "unset", "tenants and no YuniKorn at all", tenants.map(ns), ["tenant namespaces team-analytics, team-ml exist but no YuniKorn release schedules them: their Spark jobs bypass the queues"]);
    add(r, "kubernetes", "unset", "a release without queues", [...tenants.map(ns), mut(release, ["values", "yunikornDefaults", "queues.yaml"], undefined)], ["no queues.yaml (yunikornDefaults or a yunikorn-configs ConfigMap): jobs go to YuniKorn's default queue with no guarantee or cap"]);
    add(r, "kubernetes", "unknown", "unknown queues.yaml", [...tenants.map(ns), mut(release, ["values", "yunikornDefaults", "queues.yaml"], UNKNOWN)], [unknownAt("values.yunikornDefaults.queues.yaml")]);
}

/** Part five of the case table. */
export const partFive: readonly RuleCase[] = cases;
