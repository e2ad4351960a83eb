/**
 * Rule 39 (tenant-namespace-guardrails), its tenant-identity part: every group a tenant RoleBinding
 * names is one the stack's cluster presents, in its cloud's form. One pass and one fail per cloud.
 */
import { describe, expect, it } from "vitest";
import { T } from "../../policies/lib/match";
import type { PolicyResource } from "../../policies/lib/types";
import { tenantNamespaceGuardrails as rule } from "../../policies/rules/kubernetes";
import * as F from "./fixtures";
import { k8s, messages, mut, res } from "./fixtures";

const ns = F.guardedNamespace("team-a");
const binding = (group: string): PolicyResource =>
    k8s("rbac.authorization.k8s.io/v1", "RoleBinding", "tenant-edit", "team-a", {
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "tenant-edit" },
        subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: group }],
    });
const accessEntry = (groups: string[]): PolicyResource => res(T.eksAccessEntry, "tenant-a", { clusterName: "eks", principalArn: "arn:aws:iam::111122223333:role/a", type: "STANDARD", kubernetesGroups: groups });
const GUID = "0f6b1c2d-3e4f-4a5b-8c7d-9e0f1a2b3c4d";

describe("tenant-namespace-guardrails: tenant RoleBinding groups match the cloud's sign-in", () => {
    it("EKS: passes when an access entry maps a role to the group", () => {
        expect(messages(rule, [F.eks, accessEntry(["tristack-team-a"]), ...ns, binding("tristack-team-a")])).toEqual([]);
    });

    it("EKS: fails when no access entry maps anyone to the group", () => {
        expect(messages(rule, [F.eks, accessEntry(["tristack-team-b"]), ...ns, binding("analytics-engineers")])).toEqual([
            "RoleBinding team-a/tenant-edit binds group analytics-engineers, which no EKS access entry of the stack maps an IAM principal to (kubernetesGroups)",
        ]);
    });

    it("GKE: passes with a group email and Google Groups for RBAC on", () => {
        expect(messages(rule, [F.gke, ...ns, binding("team-a@example.com")])).toEqual([]);
    });

    it("GKE: fails on a bare group name", () => {
        expect(messages(rule, [F.gke, ...ns, binding("analytics-engineers")])).toEqual(["RoleBinding team-a/tenant-edit binds group analytics-engineers, but GKE presents Google Groups by email (Google Groups for RBAC)"]);
    });

    it("GKE: fails when the cluster has no security group", () => {
        expect(messages(rule, [mut(F.gke, "authenticatorGroupsConfig", undefined), ...ns, binding("team-a@example.com")])).toEqual([
            "RoleBinding team-a/tenant-edit binds Google Group team-a@example.com, but the GKE cluster has no authenticatorGroupsConfig.securityGroup, so no group reaches RBAC",
        ]);
    });

    it("AKS: passes with an Entra object id", () => {
        expect(messages(rule, [F.aks, ...ns, binding(GUID)])).toEqual([]);
    });

    it("AKS: fails on a display name", () => {
        expect(messages(rule, [F.aks, ...ns, binding("Analytics Engineers")])).toEqual(["RoleBinding team-a/tenant-edit binds group Analytics Engineers, but AKS presents Microsoft Entra group object ids (GUIDs), never names"]);
    });

    it("an existing cluster: any group but a system: one", () => {
        expect(messages(rule, [...ns, binding("oidc:team-a")])).toEqual([]);
        expect(messages(rule, [...ns, binding("system:masters")])).toEqual(["RoleBinding team-a/tenant-edit binds the reserved group system:masters"]);
    });

    it("ignores ServiceAccount subjects and bindings outside team-* namespaces", () => {
        const sa = k8s("rbac.authorization.k8s.io/v1", "RoleBinding", "spark-driver", "team-a", { roleRef: { kind: "Role", name: "spark-driver" }, subjects: [{ kind: "ServiceAccount", name: "spark", namespace: "team-a" }] });
        const platform = k8s("rbac.authorization.k8s.io/v1", "RoleBinding", "x", "monitoring", { roleRef: { kind: "Role", name: "x" }, subjects: [{ kind: "Group", name: "ops" }] });
        expect(messages(rule, [F.aks, ...ns, sa, platform])).toEqual([]);
    });
});
