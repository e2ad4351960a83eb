/**
 * The stack's environment under CrossGuard. A pack gets its policy config and the stack's tags, not the
 * spec, so two sources name it: the pack config's `policy-settings.environment` (what
 * `--policy-pack-config policies/config/<env>.json` says; the pipelines always pass it) and the
 * `tristack.io/environment` label the program stamps from the spec's `environment` on every Namespace the
 * platform creates (components/platform/plans.ts). The config decides when it is given (it is known at
 * preview, when a new Namespace's labels may not be); the labels decide without one and cross-check it.
 * The offline plan takes the value straight from the spec.
 */
import { isUnknownError, known } from "./access";
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

/** A label the engine does not know yet (preview, a value computed from another resource's output). */
const UNKNOWN_LABEL = Symbol("unknown label");

/**
 * A Namespace's environment label, read unknown-safely: under the CLI the props are the SDK's
 * unknown-checking proxy, which throws on an unknown `metadata`/`labels`/label (node_modules/@pulumi/policy
 * proxy.js), and offline the plan's unknown sentinel stands there. Either gives {@link UNKNOWN_LABEL}.
 * @param r a Namespace
 */
function labelOf(r: PolicyResource): unknown {
    try {
        const metadata = known(r.inputs["metadata"], "metadata");
        if (metadata === null || typeof metadata !== "object") return undefined;
        const labels = known((metadata as Record<string, unknown>)["labels"], "metadata.labels");
        if (labels === null || typeof labels !== "object") return undefined;
        return known((labels as Record<string, unknown>)[ENVIRONMENT_LABEL], `metadata.labels.${ENVIRONMENT_LABEL}`);
    } catch (e) {
        if (isUnknownError(e)) return UNKNOWN_LABEL;
        throw e;
    }
}

/**
 * The environment the platform stamped on the stack's Namespaces (labels unknown at preview are skipped).
 * @param resources every resource of the stack
 */
export function environmentOfStack(resources: readonly PolicyResource[]): StackEnvironment {
    const read = resources.filter((r) => r.type === "kubernetes:core/v1:Namespace").map(labelOf);
    const values = [...new Set(read.filter((v) => v !== undefined && v !== UNKNOWN_LABEL))].map(String).sort();
    const [only] = values;
    const named = ENVIRONMENTS.find((e) => e === only);
    if (values.length === 1 && named) return { environment: named };
    if (values.length === 0 && read.includes(UNKNOWN_LABEL)) return { environment: "prod", problem: `the stack's Namespaces' ${ENVIRONMENT_LABEL} labels are not known until they are created, so the stack is judged as prod; pass --policy-pack-config policies/config/<env>.json to name the environment` };
    if (values.length === 0) return { environment: "prod", problem: `no Namespace carries the ${ENVIRONMENT_LABEL} label, so the stack is judged as prod; the platform layer stamps it from the spec's environment` };
    if (values.length > 1) return { environment: "prod", problem: `the stack's Namespaces disagree on ${ENVIRONMENT_LABEL} (${values.join(", ")}), so the stack is judged as prod` };
    return { environment: "prod", problem: `${ENVIRONMENT_LABEL} is ${only}, which is not one of ${ENVIRONMENTS.join(", ")}, so the stack is judged as prod` };
}

/** The environment a CrossGuard run judges the stack by, and what is wrong with how it was declared. */
export interface ResolvedEnvironment extends StackEnvironment {
    /** The pack config and the stack's Namespaces name different environments (a mandatory violation). */
    readonly conflict?: string;
}

/**
 * The environment of a CrossGuard run: the pack config's `policy-settings.environment` (the pipelines pass
 * `--policy-pack-config policies/config/<env>.json`, known before any resource exists), cross-checked
 * against the Namespace labels; without a config file, the labels alone. When the two disagree the
 * stricter environment is used and the disagreement is reported.
 * @param configured `policy-settings.environment` of the pack config, if any
 * @param resources every resource of the stack
 */
export function resolveEnvironment(configured: unknown, resources: readonly PolicyResource[]): ResolvedEnvironment {
    const fromStack = environmentOfStack(resources);
    const fromConfig = ENVIRONMENTS.find((e) => e === configured);
    if (fromConfig === undefined) return fromStack;
    const declared = fromStack.problem === undefined ? fromStack.environment : undefined;
    if (declared === undefined || declared === fromConfig) return { environment: fromConfig };
    const stricter = ENVIRONMENTS.indexOf(declared) > ENVIRONMENTS.indexOf(fromConfig) ? declared : fromConfig;
    return { environment: stricter, conflict: `The policy config is written for ${fromConfig}, but the stack's Namespaces say ${declared} (${ENVIRONMENT_LABEL}); pass policies/config/${declared}.json.` };
}
