/**
 * The tristack-guardrails CrossGuard pack — the only file that constructs the PolicyPack.
 *   pulumi preview --policy-pack policies [--policy-pack-config policies/config/<env>.json]
 * The environment is the spec's: the platform stamps it on every Namespace it creates
 * (`tristack.io/environment`) and each policy reads it from the stack at check time, then applies
 * policies/config/<env>.json (levels, parameters, waivers). It never comes from the stack's name.
 * A --policy-pack-config whose policy-settings.environment disagrees is a mandatory violation.
 */
import { PolicyPack } from "@pulumi/policy";
import { crossGuardPolicies } from "./adapters/crossguard";

new PolicyPack("tristack-guardrails", { policies: crossGuardPolicies(), description: "tristack guardrails (environment from the stack's tristack.io/environment Namespace label)" });
