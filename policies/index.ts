/**
 * The tristack-guardrails CrossGuard pack — the only file that constructs the PolicyPack.
 *   pulumi preview --policy-pack policies [--policy-pack-config policies/config/<env>.json]
 * The environment comes from TRISTACK_ENVIRONMENT or the stack name's suffix (aws-prod → prod).
 */
import * as pulumi from "@pulumi/pulumi";
import { PolicyPack } from "@pulumi/policy";
import { crossGuardPolicies, environmentFor, initialConfig } from "./adapters/crossguard";
import { loadPolicyConfig } from "./config/schema";

function stackName(): string | undefined {
    try {
        return pulumi.getStack();
    } catch {
        return undefined;
    }
}

const environment = environmentFor(stackName());
const config = loadPolicyConfig(environment);

new PolicyPack("tristack-guardrails", { policies: crossGuardPolicies(environment, config), description: `tristack guardrails (${environment})` }, initialConfig(config));
