/**
 * Unknown-safety as a property: replacing any single input of any fixture with an unknown value never
 * makes any rule throw; the rule either decides or reports "cannot decide at preview".
 */
import { describe, expect, it } from "vitest";
import { runRule } from "../../policies/engine";
import { stackIndex } from "../../policies/lib/stackIndex";
import type { PolicyResource } from "../../policies/lib/types";
import { RULES } from "../../policies/rules";
import * as F from "./fixtures";
import * as A from "./fixturesAws";
import * as P from "./fixturesPods";
import { mut, UNKNOWN } from "./fixtures";

const FIXTURES: PolicyResource[] = [
    F.eks, F.vpcCni, F.oidc, F.gke, F.aks, F.eksDataPool, F.launchTemplate, F.gkeDataPool, F.aksDataPool, ...F.s3Stack, F.gcsBucket, ...F.azureStack,
    F.kmsKey, F.gcpKey, F.vaultKey, F.vault, F.deployment, F.pdb, ...F.guardedNamespace("team-a"), ...F.storageClasses, ...F.kafkaStack, F.kafkaTopic, F.kafkaUser, F.k8ssandra, F.medusaSchedule, F.sparkApp,
    ...A.network,
    P.cassandraDatacenter, P.scheduledSparkApp, P.kafkaAllComponents, ...P.PRIVILEGED_CRS.map(([, r]) => r),
];

function leafPaths(value: unknown, prefix: string[] = []): string[][] {
    if (Array.isArray(value)) return value.length === 0 ? [prefix] : value.flatMap((v, i) => leafPaths(v, [...prefix, String(i)]));
    if (value !== null && typeof value === "object") {
        const keys = Object.keys(value);
        return keys.length === 0 ? [prefix] : [prefix, ...keys.flatMap((k) => leafPaths((value as Record<string, unknown>)[k], [...prefix, k]))].filter((p) => p.length > 0);
    }
    return [prefix];
}

describe("no rule throws on an unknown value anywhere", () => {
    it.each(FIXTURES.map((f) => [`${f.type} ${f.name}`, f] as const))("%s", (_n, fixture) => {
        const paths = leafPaths(fixture.inputs);
        expect(paths.length).toBeGreaterThan(0);
        // Collected and asserted once: an expect per rule and path (thousands) cost more than the rules.
        const thrown: string[] = [];
        for (const path of paths) {
            const mutated = mut(fixture, path, UNKNOWN);
            const stack = FIXTURES.map((f) => (f === fixture ? mutated : f));
            const index = stackIndex(stack);
            for (const rule of RULES) {
                try {
                    runRule(rule, stack, { environment: "prod", params: {}, stack: index });
                } catch (err) {
                    thrown.push(`${rule.id} with ${path.join(".")} unknown: ${String(err)}`);
                }
            }
        }
        expect(thrown).toEqual([]);
    });
});
