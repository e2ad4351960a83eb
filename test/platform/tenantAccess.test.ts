/**
 * Tenant RBAC in the platform layer: written once, with the subjects the cluster handle gives
 * (ClusterHandle.tenantAccess), and a read-only cluster view. Built directly under Pulumi's mocks.
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import type { ClusterHandle, GroupSubject } from "../../components/clouds/clusterHandle";
import type { PlatformSpec } from "../../components/spec";
import { stackSpec } from "../support/mocks";

interface Made {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, unknown>;
}

let made: Made[] = [];
let parse: (raw: unknown) => PlatformSpec;
let clusterFor: (spec: PlatformSpec) => ClusterHandle;
let platformFor: (spec: PlatformSpec, cluster: ClusterHandle) => unknown;
let rules: typeof import("../../components/platform/tenants");

beforeAll(async () => {
    await pulumi.runtime.setMocks(
        {
            newResource: (a) => {
                made.push({ type: a.type, name: a.name, inputs: a.inputs as Record<string, unknown> });
                return { id: `${a.name}-id`, state: a.inputs };
            },
            call: () => ({}),
        },
        "tristack",
        "test",
        false,
    );
    const spec = await import("../../components/spec");
    const existing = await import("../../components/clouds/existing/existingCluster");
    const platform = await import("../../components/platform");
    rules = await import("../../components/platform/tenants");
    parse = spec.parsePlatformSpec;
    clusterFor = (s) => new existing.ExistingCluster(s.name, { spec: s }).handle;
    platformFor = (s, c) => new platform.KubernetesPlatform(`${s.name}-platform`, { cluster: c, spec: s }).handle;
});

const group = (name: string): GroupSubject => ({ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name });
const named = (type: string, name: string, namespace?: string) => {
    const found = made.filter((m) => m.type === type && (m.inputs["metadata"] as { name?: string } | undefined)?.name === name && (namespace === undefined || (m.inputs["metadata"] as { namespace?: string }).namespace === namespace));
    if (found.length !== 1) throw new Error(`expected one ${type} ${name}, found ${found.length}`);
    return found[0]!;
};
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

function twoTenantSpec(): PlatformSpec {
    const raw = stackSpec("local");
    raw["tenants"] = {
        analytics: { members: { existing: { group: "oidc:analytics" } }, quota: { cpu: 8, memoryGiB: 16 } },
        ml: { members: { existing: { group: "oidc:ml" } }, quota: { cpu: 8, memoryGiB: 16 } },
    };
    raw["kafka"] = { enabled: false };
    return parse(raw);
}

describe("tenant RBAC subjects come from the cluster handle", () => {
    it("binds tenant-edit to the existing cluster's group from members.existing.group", async () => {
        made = [];
        const spec = twoTenantSpec();
        platformFor(spec, clusterFor(spec));
        await settle();
        expect(named("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "tenant-edit", "team-analytics").inputs["subjects"]).toEqual([group("oidc:analytics")]);
        expect(named("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "tenant-edit", "team-ml").inputs["subjects"]).toEqual([group("oidc:ml")]);
    });

    it("binds whatever subject the handle gives, verbatim (a GKE-style email here), without looking at the cloud", async () => {
        made = [];
        const spec = twoTenantSpec();
        const cluster = clusterFor(spec);
        const gkeLike: ClusterHandle = { ...cluster, tenantAccess: { ...cluster.tenantAccess, subjects: { analytics: [group("analytics@acme.com")], ml: [group("ml@acme.com")] } } };
        platformFor(spec, gkeLike);
        await settle();
        expect(named("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "tenant-edit", "team-analytics").inputs["subjects"]).toEqual([group("analytics@acme.com")]);
    });

    it("refuses a tenant the handle has no subject for", () => {
        const spec = twoTenantSpec();
        const cluster = clusterFor(spec);
        expect(() => rules.tenantSubjects({ tenantAccess: { ...cluster.tenantAccess, subjects: {} } }, "analytics")).toThrow('the cluster adapter gave tenant "analytics" no RBAC subject (tenants.analytics.members is validated by the spec)');
    });
});

describe("what a tenant may read outside its namespace", () => {
    it("may get its own Namespace object (a Role rule limited to that name), never list namespaces", () => {
        const edit = rules.tenantEditRules(true, "team-analytics");
        expect(edit[0]).toEqual({ apiGroups: [""], resources: ["namespaces"], resourceNames: ["team-analytics"], verbs: ["get"] });
        expect(edit.filter((r) => (r.resources as string[] | undefined)?.includes("namespaces"))).toHaveLength(1);
    });

    it("reads storage classes and priority classes through one ClusterRole bound to every tenant's groups", async () => {
        made = [];
        const spec = twoTenantSpec();
        platformFor(spec, clusterFor(spec));
        await settle();
        expect(named("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", "tristack:tenant-cluster-view").inputs["rules"]).toEqual([
            { apiGroups: ["storage.k8s.io"], resources: ["storageclasses"], verbs: ["get", "list", "watch"] },
            { apiGroups: ["scheduling.k8s.io"], resources: ["priorityclasses"], verbs: ["get", "list", "watch"] },
        ]);
        const binding = named("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", "tristack:tenant-cluster-view").inputs;
        expect(binding["roleRef"]).toEqual({ apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "tristack:tenant-cluster-view" });
        expect(binding["subjects"]).toEqual([group("oidc:analytics"), group("oidc:ml")]);
    });

    it("makes no cluster view without tenants", async () => {
        made = [];
        const raw = stackSpec("local");
        raw["tenants"] = {};
        raw["kafka"] = { enabled: false };
        raw["notebooks"] = { enabled: false };
        const spec = parse(raw);
        platformFor(spec, clusterFor(spec));
        await settle();
        expect(made.filter((m) => m.type.includes("ClusterRole"))).toEqual([]);
    });
});
