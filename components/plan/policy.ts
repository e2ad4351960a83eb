import type { PlanFinding } from "./artifacts";
import type { RecordedResource } from "./engine";

/**
 * Evaluate the policy pack over a recorded run (seam to policies/adapters/plan.ts).
 * @param resources recorded resources
 * @param environment the stack's environment
 * @param stack the stack name
 */
export function evaluatePolicies(resources: readonly RecordedResource[], environment: string, stack: string): { findings: PlanFinding[]; markdown: string } {
    void resources;
    void environment;
    void stack;
    return { findings: [], markdown: "## Policies\n\nThe policy pack is not wired into the plan yet." };
}
