/**
 * The stack's environment, read from the stack itself. CrossGuard hands a pack its policy config and the
 * stack's tags, never the stack's config, so the program stamps the spec's `environment` on every
 * Namespace the platform creates (components/platform/plans.ts, label {@link ENVIRONMENT_LABEL}) and the
 * pack reads it back at check time. The offline plan takes the same value straight from the spec.
 */
import { ENVIRONMENTS, type Environment, type PolicyResource } from "./types";

/** The Namespace label carrying the spec's environment (the platform's `ENVIRONMENT_LABEL` is the same string; a test holds them equal). */
export const ENVIRONMENT_LABEL = "tristack.io/environment";

/** The environment a stack's resources declare. */
export interface StackEnvironment {
    /** The environment to judge the stack by (prod, the strictest, when the stack does not say). */
    readonly environment: Environment;
    /** Set when the stack does not declare exactly one known environment. */
    readonly problem?: string;
}

function labelOf(r: PolicyResource): unknown {
    const metadata = r.inputs["metadata"];
    if (metadata === null || typeof metadata !== "object") return undefined;
    const labels = (metadata as Record<string, unknown>)["labels"];
    if (labels === null || typeof labels !== "object") return undefined;
    return (labels as Record<string, unknown>)[ENVIRONMENT_LABEL];
}

/**
 * The environment the platform stamped on the stack's Namespaces.
 * @param resources every resource of the stack
 */
export function environmentOfStack(resources: readonly PolicyResource[]): StackEnvironment {
    const values = [...new Set(resources.filter((r) => r.type === "kubernetes:core/v1:Namespace").map(labelOf).filter((v) => v !== undefined))].map(String).sort();
    const [only] = values;
    const known = ENVIRONMENTS.find((e) => e === only);
    if (values.length === 1 && known) return { environment: known };
    if (values.length === 0) return { environment: "prod", problem: `no Namespace carries the ${ENVIRONMENT_LABEL} label, so the stack is judged as prod; the platform layer stamps it from the spec's environment` };
    if (values.length > 1) return { environment: "prod", problem: `the stack's Namespaces disagree on ${ENVIRONMENT_LABEL} (${values.join(", ")}), so the stack is judged as prod` };
    return { environment: "prod", problem: `${ENVIRONMENT_LABEL} is ${only}, which is not one of ${ENVIRONMENTS.join(", ")}, so the stack is judged as prod` };
}
