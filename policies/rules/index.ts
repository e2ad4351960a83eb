/**
 * Every rule of the pack, in reference order.
 */
import type { Rule } from "../lib/types";
import { ADVISORY_RULES } from "./advisory";
import { CLUSTER_RULES } from "./cluster";
import { DATA_RULES } from "./data";
import { IAM_RULES } from "./iam";
import { KUBERNETES_RULES } from "./kubernetes";
import { NODEPOOL_RULES } from "./nodepool";
import { SCHEDULING_RULES } from "./scheduling";
import { STORAGE_RULES } from "./storage";

/** All rules, sorted by their number in docs/reference/policy-catalogue.md. */
export const RULES: readonly Rule[] = [...CLUSTER_RULES, ...NODEPOOL_RULES, ...STORAGE_RULES, ...IAM_RULES, ...KUBERNETES_RULES, ...DATA_RULES, ...ADVISORY_RULES, ...SCHEDULING_RULES].sort((a, b) => a.number - b.number);

/**
 * A rule by id.
 * @param id rule id
 */
export function ruleById(id: string): Rule | undefined {
    return RULES.find((r) => r.id === id);
}
