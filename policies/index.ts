/**
 * The tristack-guardrails CrossGuard pack — the only file that constructs the PolicyPack.
 *   pulumi preview --policy-pack policies [--policy-pack-config policies/config/<env>.json]
 * The environment is the one --policy-pack-config names (policy-settings.environment), else the spec's as
 * the platform stamps it on every Namespace it creates (`tristack.io/environment`); each policy applies
 * policies/config/<env>.json (levels, parameters, waivers). It never comes from the stack's name.
 * A config whose environment disagrees with the Namespaces' is a mandatory violation.
 */
import { PolicyPack } from "@pulumi/policy";
import { crossGuardPolicies } from "./adapters/crossguard";

new PolicyPack("tristack-guardrails", { policies: crossGuardPolicies(), description: "tristack guardrails (environment from policy-settings.environment, else the stack's tristack.io/environment Namespace label)" });
