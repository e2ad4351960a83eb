import { evaluatePlan, renderPolicyReport } from "../../policies/adapters/plan";
import type { PlanFinding } from "./artifacts";
import type { RecordedResource } from "./engine";

/**
 * Evaluate the policy pack over a recorded run: the same rules `pulumi preview --policy-pack policies`
 * runs, with the environment's policy config (policies/config/<env>.json, waivers included).
 * @param resources recorded resources
 * @param environment the stack's environment
 */
export function evaluatePolicies(resources: readonly RecordedResource[], environment: string): { findings: PlanFinding[]; markdown: string } {
    const findings = evaluatePlan(resources, environment);
    return {
        findings: findings.map((f) => ({ ruleId: f.ruleId, enforcement: f.enforcement, severity: f.severity, resource: f.resource, message: f.message, ...(f.waived ? { waived: f.waived } : {}) })),
        markdown: renderPolicyReport(findings),
    };
}
