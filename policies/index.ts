/**
 * The tristack-guardrails CrossGuard pack — the only file that constructs the PolicyPack.
 *   pulumi preview --policy-pack policies [--policy-pack-config policies/config/<env>.json]
 * The environment comes from TRISTACK_ENVIRONMENT or the stack name's suffix (aws-prod → prod), else prod;
 * a --policy-pack-config whose policy-settings.environment disagrees is reported as a mandatory violation.
 */
import * as pulumi from "@pulumi/pulumi";
import { PolicyPack } from "@pulumi/policy";
import { crossGuardPolicies, environmentFor, initialConfig } from "./adapters/crossguard";
import { loadPolicyConfig } from "./config/schema";

/** The stack the engine analyses (the CLI passes it to the analyzer like to a program). */
function stackName(): string | undefined {
    if (process.env["PULUMI_NODEJS_STACK"]) return process.env["PULUMI_NODEJS_STACK"];
    try {
        return pulumi.getStack();
    } catch {
        return undefined;
    }
}

const environment = environmentFor(stackName());
const config = loadPolicyConfig(environment);

new PolicyPack("tristack-guardrails", { policies: crossGuardPolicies(environment, config), description: `tristack guardrails (${environment})` }, initialConfig(config));
