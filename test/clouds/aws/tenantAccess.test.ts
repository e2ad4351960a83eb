import { beforeAll, describe, expect, it } from "vitest";
import { accessEntryName, eksKubeconfigCommand, eksTenantGroup, tenantAccessEntries, TENANT_ACCESS_ENTRY_TYPE } from "../../../components/clouds/aws/tenantAccess";
import { parsePlatformSpec } from "../../../components/spec";
import { run, stackSpec, type Recorded } from "../../support/mocks";

const ROLE = (n: string) => `arn:aws:iam::111122223333:role/${n}`;
const ENTRY = "aws:eks/accessEntry:AccessEntry";
const POLICY = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation";
const BINDING = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding";

function withTenants(tenants: Record<string, string[]>): ReturnType<typeof parsePlatformSpec> {
    const raw = stackSpec("aws-dev");
    raw["tenants"] = Object.fromEntries(Object.entries(tenants).map(([t, roles]) => [t, { members: { aws: { roleArns: roles } }, quota: { cpu: 8, memoryGiB: 32 } }]));
    raw["kafka"] = { enabled: false };
    return parsePlatformSpec(raw);
}

describe("EKS tenant access (pure)", () => {
    it("puts a tenant in its own group; EKS refuses groups starting with system:", () => {
        expect(eksTenantGroup("analytics")).toBe("tristack-team-analytics");
        expect(eksTenantGroup("analytics").startsWith("system:")).toBe(false);
        expect(TENANT_ACCESS_ENTRY_TYPE).toBe("STANDARD");
    });

    it("makes one entry per distinct role; a role two tenants share gets both groups (one access entry per principal)", () => {
        const spec = withTenants({ analytics: [ROLE("analytics"), ROLE("data-sci")], ml: [ROLE("data-sci")] });
        expect(tenantAccessEntries(spec)).toEqual([
            { principalArn: ROLE("analytics"), tenants: ["analytics"], kubernetesGroups: ["tristack-team-analytics"] },
            { principalArn: ROLE("data-sci"), tenants: ["analytics", "ml"], kubernetesGroups: ["tristack-team-analytics", "tristack-team-ml"] },
        ]);
    });

    it("names an entry after its role, stably (a hash of the ARN, not a position)", () => {
        expect(accessEntryName("tristack-dev", ROLE("analytics"))).toMatch(/^tristack-dev-tenant-analytics-[0-9a-f]{8}$/);
        expect(accessEntryName("tristack-dev", ROLE("analytics"))).not.toBe(accessEntryName("tristack-dev", "arn:aws:iam::444455556666:role/analytics"));
    });

    it("tells a member to sign in with the tenant role", () => {
        expect(eksKubeconfigCommand("tristack-dev", "us-east-1", ROLE("analytics"))).toBe("aws eks update-kubeconfig --name tristack-dev --region us-east-1 --role-arn arn:aws:iam::111122223333:role/analytics --alias tristack-dev");
    });
});

describe("EKS tenant access, aws-dev stack", () => {
    let r: Recorded;
    beforeAll(async () => {
        r = await run(stackSpec("aws-dev"), { stack: "aws-dev" });
    });
    const tenantEntries = () => r.ofType(ENTRY).filter((e) => e.name.startsWith("tristack-dev-tenant-"));

    it("maps each tenant role to the tenant's group with a STANDARD access entry on the cluster", () => {
        expect(tenantEntries().map((e) => e.inputs)).toEqual([
            { clusterName: "tristack-dev", principalArn: ROLE("analytics-engineers"), type: "STANDARD", kubernetesGroups: ["tristack-team-analytics"] },
            { clusterName: "tristack-dev", principalArn: ROLE("ml-engineers"), type: "STANDARD", kubernetesGroups: ["tristack-team-ml"] },
        ]);
    });

    it("associates no access policy with a tenant role: RBAC in team-<name> decides", () => {
        const tenantRoles = new Set(tenantEntries().map((e) => e.inputs["principalArn"]));
        expect(r.ofType(POLICY).filter((p) => tenantRoles.has(p.inputs["principalArn"]))).toEqual([]);
    });

    it("binds tenant-edit in team-<name> to exactly the group the access entry presents", () => {
        for (const [tenant, entry] of [["analytics", tenantEntries()[0]!], ["ml", tenantEntries()[1]!]] as const) {
            const binding = r.ofType(BINDING).find((b) => (b.inputs["metadata"] as { name: string; namespace: string }).namespace === `team-${tenant}` && (b.inputs["metadata"] as { name: string }).name === "tenant-edit");
            expect(binding?.inputs["subjects"]).toEqual([{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: (entry.inputs["kubernetesGroups"] as string[])[0] }]);
        }
    });
});
