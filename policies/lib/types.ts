/**
 * The normalised shapes every rule works on, whatever runs it (CrossGuard or the offline plan).
 */

/** Enforcement of a rule in one environment. */
export type Enforcement = "mandatory" | "advisory" | "disabled";
/** Severity of a rule (metadata, not enforcement). */
export type Severity = "critical" | "high" | "medium" | "low";
/** A deployment environment. */
export type Environment = "dev" | "staging" | "prod";
/** The environments in order. */
export const ENVIRONMENTS: readonly Environment[] = ["dev", "staging", "prod"];
/** What a rule covers (used in docs and for the per-cloud test matrix). */
export type Scope = "aws" | "gcp" | "azure" | "kubernetes";

/** One resource as a rule sees it. */
export interface PolicyResource {
    /** Type token, e.g. `aws:eks/cluster:Cluster` or `kubernetes:kafka.strimzi.io/v1beta2:Kafka`. */
    readonly type: string;
    /** Logical name. */
    readonly name: string;
    /** URN when known. */
    readonly urn?: string;
    /** Inputs (resource rules) or state (CrossGuard stack rules), SDK camelCase names. */
    readonly inputs: Readonly<Record<string, unknown>>;
    /** Resource options the rules read. */
    readonly options: { readonly protect: boolean; readonly retainOnDelete: boolean };
    /**
     * URNs of the resources this one depends on, when the runner knows them (CrossGuard's stack policies and
     * the offline plan do; fixtures may leave it out). Joins through ids unknown at preview follow these.
     */
    readonly dependencies?: readonly string[];
}

/** Lookups over every resource of the stack. */
export interface StackIndex {
    /** Every resource. */
    readonly resources: readonly PolicyResource[];
    /**
     * Resources whose type matches.
     * @param match a type predicate
     */
    ofType(match: TypeMatch): PolicyResource[];
}

/** Parameters of one rule from policy config (everything but `enforcementLevel`). */
export type RuleParams = Readonly<Record<string, unknown>>;

/** What a rule gets besides the resource. */
export interface RuleContext {
    /** The stack's environment. */
    readonly environment: Environment;
    /** This rule's parameters from policy config. */
    readonly params: RuleParams;
    /** Every resource of the stack (empty for resource rules under CrossGuard, which sees one resource at a time). */
    readonly stack: StackIndex;
}

/** Decides whether a type token is covered. */
export type TypeMatch = (type: string) => boolean;

/** Metadata shared by both rule kinds. */
export interface RuleMeta {
    /** Kebab id from docs/reference/policy-catalogue.md section A. */
    readonly id: string;
    /** Row number in the reference table. */
    readonly number: number;
    /** One sentence: what the rule guarantees. */
    readonly description: string;
    /** Severity. */
    readonly severity: Severity;
    /** Anchor ids (Checkov, Trivy, Pulumi policies, docs). */
    readonly anchors: readonly string[];
    /** Default enforcement per environment. */
    readonly enforcement: Readonly<Record<Environment, Enforcement>>;
    /** What the rule covers. */
    readonly scopes: readonly Scope[];
}

/** A rule over one resource at a time. */
export interface ResourceRule extends RuleMeta {
    /** Discriminator. */
    readonly kind: "resource";
    /** The type tokens the rule looks at. */
    readonly appliesTo: TypeMatch;
    /**
     * The violations of one resource (empty = pass).
     * @param resource the resource
     * @param context environment, parameters, stack
     */
    check(resource: PolicyResource, context: RuleContext): RuleFinding[];
}

/** A violation found by a stack rule, naming the offending resource. */
export interface StackViolation {
    /** The resource the violation is about. */
    readonly resource: PolicyResource;
    /** The message. */
    readonly message: string;
    /** Mandatory whatever the environment's level (unless the rule is disabled), e.g. Kafka unclean election. */
    readonly escalate?: boolean;
}

/** A resource rule's finding: a message, or a message that is mandatory in every environment. */
export type RuleFinding = string | { readonly message: string; readonly escalate: true };

/** A rule over the whole stack (relations between resources). */
export interface StackRule extends RuleMeta {
    /** Discriminator. */
    readonly kind: "stack";
    /**
     * The violations of the stack (empty = pass).
     * @param context environment, parameters and every resource
     */
    check(context: RuleContext): StackViolation[];
}

/** Any rule. */
export type Rule = ResourceRule | StackRule;
