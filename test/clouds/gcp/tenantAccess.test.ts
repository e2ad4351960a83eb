import { beforeAll, describe, expect, it } from "vitest";
import { gkeKubeconfigCommand, TENANT_PROJECT_ROLE } from "../../../components/clouds/gcp/tenantAccess";
import { run, stackSpec, type Recorded } from "../../support/mocks";

const MEMBER = "gcp:projects/iAMMember:IAMMember";
const BINDING = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding";

describe("GKE tenant access, gcp-dev stack", () => {
    let r: Recorded;
    beforeAll(async () => {
        r = await run(stackSpec("gcp-dev"), { stack: "gcp-dev" });
    });

    it("turns on Google Groups for RBAC with the spec's gke-security-groups group", () => {
        expect(r.one("gcp:container/cluster:Cluster").inputs["authenticatorGroupsConfig"]).toEqual({ securityGroup: "gke-security-groups@acme.com" });
    });

    it("binds tenant-edit in team-<name> to the team's Google Group email", () => {
        const subjects = (ns: string) => r.ofType(BINDING).find((b) => (b.inputs["metadata"] as { name: string; namespace: string }).namespace === ns && (b.inputs["metadata"] as { name: string }).name === "tenant-edit")?.inputs["subjects"];
        expect(subjects("team-analytics")).toEqual([{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "analytics-engineers@acme.com" }]);
        expect(subjects("team-ml")).toEqual([{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "ml-engineers@acme.com" }]);
    });

    it("lets each team group fetch credentials with Cluster Viewer in the project, and nothing more", () => {
        expect(r.ofType(MEMBER).filter((m) => String(m.inputs["member"]).startsWith("group:")).map((m) => [m.name, m.inputs])).toEqual([
            ["tristack-dev-tenant-analytics-viewer", { project: "acme-data-dev", role: "roles/container.clusterViewer", member: "group:analytics-engineers@acme.com" }],
            ["tristack-dev-tenant-ml-viewer", { project: "acme-data-dev", role: "roles/container.clusterViewer", member: "group:ml-engineers@acme.com" }],
        ]);
        expect(TENANT_PROJECT_ROLE).toBe("roles/container.clusterViewer");
    });

    it("tells a member how to get a kubeconfig", () => {
        expect(gkeKubeconfigCommand("tristack-dev", "us-central1-a", "acme-data-dev")).toBe("gcloud container clusters get-credentials tristack-dev --location us-central1-a --project acme-data-dev");
    });
});
