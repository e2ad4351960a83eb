import { describe, expect, it } from "vitest";
import { parsePlatformSpec, SpecError, type SpecProblem } from "../../components/spec";

const ROLE = "arn:aws:iam::111122223333:role/analytics-engineers";
const QUOTA = { cpu: 8, memoryGiB: 32 };

/** A small valid spec on each cloud with one tenant; `tenant` replaces the tenant's keys. */
function spec(cloud: "aws" | "gcp" | "azure" | "existing", tenant: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const where = {
        aws: { region: "us-east-1", zones: ["us-east-1a"] },
        gcp: { region: "us-central1", zones: ["us-central1-a"], gcp: { project: "acme-data-dev", securityGroup: "gke-security-groups@acme.com" } },
        azure: { region: "eastus2", zones: ["1"] },
        existing: { region: "local", existing: { kubeconfigPath: "~/.kube/config" } },
    }[cloud];
    return {
        cloud,
        environment: "dev",
        kubernetesVersion: "1.33",
        ...where,
        nodePools: { system: { role: "system", shape: { vCpu: 4, memoryGiB: 16 }, maxNodes: 3 }, general: { role: "general", shape: { vCpu: 8, memoryGiB: 32 }, maxNodes: 4 } },
        tenants: { analytics: { quota: QUOTA, ...tenant } },
        ...extra,
    };
}

/**
 * The spec's problems about tenants and the GKE security group (other rules, e.g. the API endpoint's,
 * are not this file's subject and may report on the small spec too).
 */
function problems(raw: unknown): SpecProblem[] {
    try {
        parsePlatformSpec(raw);
        return [];
    } catch (err) {
        expect(err).toBeInstanceOf(SpecError);
        return (err as SpecError).problems.filter((p) => p.path.startsWith("tenants.") || p.path === "gcp.securityGroup");
    }
}

describe("tenants.<name>.members: each cloud's identity, validated at the edge", () => {
    it.each([
        ["aws", { members: { aws: { roleArns: [ROLE, "arn:aws:iam::444455556666:role/sso/AWSReservedSSO_Analytics_0123"] } } }],
        ["gcp", { members: { gcp: { groupEmail: "analytics-engineers@acme.com" } } }],
        ["azure", { members: { azure: { groupObjectId: "0f6b1c2d-3e4f-4a5b-8c7d-9e0f1a2b3c4d" } } }],
        ["existing", { members: { existing: { group: "oidc:analytics" } } }],
    ] as const)("accepts %s", (cloud, tenant) => {
        expect(problems(spec(cloud, tenant))).toEqual([]);
    });

    it("ignores other clouds' entries, so one tenant list can be shared across stacks", () => {
        const members = { aws: { roleArns: [ROLE] }, gcp: { groupEmail: "analytics@acme.com" }, azure: { groupObjectId: "0f6b1c2d-3e4f-4a5b-8c7d-9e0f1a2b3c4d" }, existing: { group: "analytics" } };
        for (const cloud of ["aws", "gcp", "azure", "existing"] as const) expect(problems(spec(cloud, { members }))).toEqual([]);
    });

    it.each([
        ["aws", "tenants.analytics.members.aws", 'tenant "analytics" needs its identity on aws: members: { aws: { roleArns: ["arn:aws:iam::<account>:role/<the role your IdP federates for this team>"] } } (docs/tenants.md)'],
        ["gcp", "tenants.analytics.members.gcp", 'tenant "analytics" needs its identity on gcp: members: { gcp: { groupEmail: "<team group>@<your domain>" } } (a member of gcp.securityGroup) (docs/tenants.md)'],
        ["azure", "tenants.analytics.members.azure", 'tenant "analytics" needs its identity on azure: members: { azure: { groupObjectId: "<the Entra group\'s object id>" } } (docs/tenants.md)'],
        ["existing", "tenants.analytics.members.existing", 'tenant "analytics" needs its identity on existing: members: { existing: { group: "<group as the cluster\'s authenticator presents it>" } } (docs/tenants.md)'],
    ] as const)("requires the %s entry when the tenant exists", (cloud, path, expected) => {
        expect(problems(spec(cloud, { members: cloud === "aws" ? { gcp: { groupEmail: "a@acme.com" } } : { aws: { roleArns: [ROLE] } } }))).toEqual([{ path, value: "(missing)", expected }]);
    });

    it("refuses the removed group key and says what to write instead (existing keeps the old name)", () => {
        expect(problems(spec("existing", { group: "analytics-devs" }))).toEqual([
            {
                path: "tenants.analytics.group",
                value: '"analytics-devs"',
                expected: '"group" was replaced by "members": a bare group name matches no one on EKS, GKE or AKS. For cloud "existing" write members: { existing: { group: "analytics-devs" } } (docs/tenants.md)',
            },
        ]);
        expect(problems(spec("aws", { group: "analytics-engineers" }))[0]?.expected).toBe(
            '"group" was replaced by "members": a bare group name matches no one on EKS, GKE or AKS. For cloud "aws" write members: { aws: { roleArns: ["arn:aws:iam::<account>:role/<the role your IdP federates for this team>"] } } (docs/tenants.md)',
        );
    });

    it.each([
        ["a bare name as role", "aws", { aws: { roleArns: ["analytics-engineers"] } }, "tenants.analytics.members.aws.roleArns[0]", /must be an IAM role ARN/],
        ["a user ARN", "aws", { aws: { roleArns: ["arn:aws:iam::111122223333:user/alice"] } }, "tenants.analytics.members.aws.roleArns[0]", /must be an IAM role ARN/],
        ["an assumed-role session ARN", "aws", { aws: { roleArns: ["arn:aws:sts::111122223333:assumed-role/analytics/alice"] } }, "tenants.analytics.members.aws.roleArns[0]", /must be an IAM role ARN/],
        ["no roles", "aws", { aws: { roleArns: [] } }, "tenants.analytics.members.aws.roleArns", /at least 1 items/],
        ["a bare group name on GKE", "gcp", { gcp: { groupEmail: "analytics-engineers" } }, "tenants.analytics.members.gcp.groupEmail", /must be a Google Group email/],
        ["a display name on AKS", "azure", { azure: { groupObjectId: "Analytics Engineers" } }, "tenants.analytics.members.azure.groupObjectId", /must be a Microsoft Entra group object id/],
        ["a system: group on an existing cluster", "existing", { existing: { group: "system:masters" } }, "tenants.analytics.members.existing.group", /must not start with "system:"/],
        ["an unknown cloud key", "aws", { aws: { roleArns: [ROLE] }, oracle: {} }, "tenants.analytics.members.oracle", /no unknown keys/],
    ] as const)("refuses %s, naming the key", (_title, cloud, members, path, expected) => {
        const found = problems(spec(cloud, { members })).find((p) => p.path === path);
        expect(found?.expected).toMatch(expected);
    });

    it("GKE: tenants need gcp.securityGroup", () => {
        const raw = spec("gcp", { members: { gcp: { groupEmail: "analytics@acme.com" } } }, { gcp: { project: "acme-data-dev" } });
        expect(problems(raw)).toEqual([
            { path: "gcp.securityGroup", value: "(missing)", expected: 'tenants on GKE sign in through Google Groups for RBAC: set "gke-security-groups@<your Workspace domain>" and nest each team group in it' },
        ]);
    });

    it("GKE: the security group must be named gke-security-groups", () => {
        const raw = spec("gcp", { members: { gcp: { groupEmail: "analytics@acme.com" } } }, { gcp: { project: "acme-data-dev", securityGroup: "k8s-users@acme.com" } });
        expect(problems(raw)).toEqual([{ path: "gcp.securityGroup", value: '"k8s-users@acme.com"', expected: 'must be "gke-security-groups@<domain>" (GKE requires that group name)' }]);
    });

    it("GKE: a team group outside the security group's domain is refused", () => {
        expect(problems(spec("gcp", { members: { gcp: { groupEmail: "analytics@other.org" } } }))).toEqual([
            { path: "tenants.analytics.members.gcp.groupEmail", value: '"analytics@other.org"', expected: "must be a group in acme.com, the domain of gcp.securityGroup (gke-security-groups@acme.com), nested in that group" },
        ]);
    });

    it("GKE: without tenants no security group is needed", () => {
        const raw = { ...spec("gcp", {}, { gcp: { project: "acme-data-dev" } }), tenants: {} };
        expect(problems(raw)).toEqual([]);
    });

    it("EKS: a tenant role that is also an admin role is refused (one access entry per principal)", () => {
        const raw = spec("aws", { members: { aws: { roleArns: [ROLE] } } }, { aws: { adminRoleArns: [ROLE] } });
        expect(problems(raw)).toEqual([
            { path: "tenants.analytics.members.aws.roleArns[0]", value: JSON.stringify(ROLE), expected: `"${ROLE}" is in aws.adminRoleArns: it already has an access entry (cluster-admin), and EKS allows one access entry per IAM principal` },
        ]);
    });
});
