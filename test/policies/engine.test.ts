import { describe, expect, it } from "vitest";
import { evaluate, enforcementOf, summarise } from "../../policies/engine";
import { parsePolicyConfig, loadPolicyConfig, type PolicyConfig } from "../../policies/config/schema";
import { kafkaReplicationDurability } from "../../policies/rules/data";
import { clusterApiNotPublic, prodStatefulProtected } from "../../policies/rules/cluster";
import * as F from "./fixtures";
import { mut, UNKNOWN, withOptions } from "./fixtures";

const NOW = new Date("2026-11-22T12:00:00Z");
const publicEks = mut(mut(F.eks, "vpcConfig.endpointPublicAccess", true), "vpcConfig.publicAccessCidrs", ["0.0.0.0/0"]);
const only = [clusterApiNotPublic];

describe("enforcement", () => {
    it("defaults follow the environment", () => {
        expect([enforcementOf(clusterApiNotPublic, "dev", {}), enforcementOf(clusterApiNotPublic, "staging", {}), enforcementOf(clusterApiNotPublic, "prod", {})]).toEqual(["advisory", "advisory", "mandatory"]);
    });

    it("off in dev is disabled in dev and advisory in staging", () => {
        expect([prodStatefulProtected.enforcement.dev, prodStatefulProtected.enforcement.staging]).toEqual(["disabled", "advisory"]);
    });

    it("`all` overrides the defaults and a rule entry overrides `all`", () => {
        const config = parsePolicyConfig({ all: "advisory", "cluster-api-not-public": { enforcementLevel: "mandatory" } });
        expect([enforcementOf(clusterApiNotPublic, "dev", config), enforcementOf(prodStatefulProtected, "prod", config)]).toEqual(["mandatory", "advisory"]);
    });

    it("a disabled rule reports nothing", () => {
        expect(evaluate([withOptions(F.s3Bucket, {})], { environment: "dev", config: {}, rules: [prodStatefulProtected], now: NOW })).toEqual([]);
    });

    it("an escalated finding is mandatory in dev", () => {
        const k = mut(F.kafka, ["spec", "kafka", "config", "unclean.leader.election.enable"], "true");
        const found = evaluate([k], { environment: "dev", config: {}, rules: [kafkaReplicationDurability], now: NOW });
        expect(found.map((f) => [f.message, f.enforcement])).toEqual([["Kafka kafka/events enables unclean.leader.election.enable", "mandatory"]]);
    });

    it("an unknown value gives an advisory finding even for a mandatory rule", () => {
        const found = evaluate([mut(F.eks, "vpcConfig.endpointPublicAccess", UNKNOWN)], { environment: "prod", config: {}, rules: only, now: NOW });
        expect(found).toEqual([expect.objectContaining({ ruleId: "cluster-api-not-public", enforcement: "advisory", undecided: true, message: "cannot decide at preview: vpcConfig.endpointPublicAccess is not known until the resource is created" })]);
    });
});

describe("waivers", () => {
    const waiver = (expires: string, target: Record<string, string> = { type: "aws:eks/*", name: "eks" }): PolicyConfig =>
        parsePolicyConfig({ "policy-settings": { waivers: [{ rule: "cluster-api-not-public", reason: "bastion-less break-glass access until the VPN lands", expires, ...target }] } });

    it("a valid waiver marks the finding waived and it no longer counts", () => {
        const found = evaluate([publicEks], { environment: "prod", config: waiver("2026-12-31"), rules: only, now: NOW });
        expect(found.map((f) => f.waived)).toEqual(["bastion-less break-glass access until the VPN lands (until 2026-12-31)"]);
        expect(summarise(found)).toEqual({ mandatory: 0, advisory: 0, waived: 1 });
    });

    it("a waiver by URN glob matches", () => {
        const found = evaluate([publicEks], { environment: "prod", config: waiver("2026-12-31", { urn: "urn:pulumi:test::tristack::aws:eks*" }), rules: only, now: NOW });
        expect(found[0]?.waived).toBeDefined();
    });

    it("a waiver for another resource does not apply", () => {
        const found = evaluate([publicEks], { environment: "prod", config: waiver("2026-12-31", { type: "gcp:*", name: "eks" }), rules: only, now: NOW });
        expect(found.map((f) => f.waived)).toEqual([undefined]);
    });

    it("an expired waiver no longer waives and is itself a mandatory violation", () => {
        const found = evaluate([publicEks], { environment: "prod", config: waiver("2026-11-21"), rules: only, now: NOW });
        expect(found.map((f) => [f.ruleId, f.enforcement, f.message, f.waived])).toEqual([
            ["cluster-api-not-public", "mandatory", "EKS API endpoint is public: vpcConfig.publicAccessCidrs contains 0.0.0.0/0", undefined],
            ["policy-settings", "mandatory", "waiver for cluster-api-not-public on aws:eks/*::eks expired on 2026-11-21", undefined],
        ]);
    });

    it("a waiver is valid through its expiry day", () => {
        expect(evaluate([publicEks], { environment: "prod", config: waiver("2026-11-22"), rules: only, now: NOW })[0]?.waived).toBeDefined();
    });
});

describe("config schema", () => {
    it.each(["dev", "staging", "prod"] as const)("policies/config/%s.json is valid", (env) => {
        expect(loadPolicyConfig(env)["policy-settings"]?.environment).toBe(env);
    });

    it("rejects an unknown rule id", () => {
        expect(() => parsePolicyConfig({ "cluster-api-not-publik": { enforcementLevel: "advisory" } })).toThrow("cluster-api-not-publik: unknown rule id cluster-api-not-publik");
    });

    it("rejects a waiver without an expiry", () => {
        expect(() => parsePolicyConfig({ "policy-settings": { waivers: [{ rule: "cluster-api-not-public", urn: "x", reason: "a long enough reason" }] } })).toThrow("policy-settings.waivers.0.expires");
    });

    it("rejects a waiver that names no resource", () => {
        expect(() => parsePolicyConfig({ "policy-settings": { waivers: [{ rule: "cluster-api-not-public", reason: "a long enough reason", expires: "2027-01-01" }] } })).toThrow("a waiver names a urn, or a type and a name");
    });

    it("rejects a waiver for an unknown rule", () => {
        expect(() => parsePolicyConfig({ "policy-settings": { waivers: [{ rule: "nope", urn: "x", reason: "a long enough reason", expires: "2027-01-01" }] } })).toThrow("unknown rule id nope");
    });

    it("rejects a parameter the rule does not have", () => {
        expect(() => parsePolicyConfig({ "helm-release-pinned": { allowedRepos: [] } })).toThrow("helm-release-pinned.allowedRepos: helm-release-pinned has no parameter allowedRepos");
    });

    it("rejects a parameter of the wrong type", () => {
        expect(() => parsePolicyConfig({ "spark-app-resources-bounded": { maxExecutors: "100" } })).toThrow("spark-app-resources-bounded.maxExecutors must be a number");
    });

    it("rejects an invalid enforcement level", () => {
        expect(() => parsePolicyConfig({ all: "strict" })).toThrow("all:");
    });
});
