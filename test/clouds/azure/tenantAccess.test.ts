import { beforeAll, describe, expect, it } from "vitest";
import { AKS_CLUSTER_USER_ROLE, aksKubeconfigCommand } from "../../../components/clouds/azure/tenantAccess";
import { run, stackSpec, type Recorded } from "../../support/mocks";

const ROLE = "azure-native:authorization:RoleAssignment";
const BINDING = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding";
const ANALYTICS = "00000000-0000-4000-8000-0000000000a1";
const ML = "00000000-0000-4000-8000-0000000000a2";

describe("AKS tenant access, azure-dev stack", () => {
    let r: Recorded;
    beforeAll(async () => {
        r = await run(stackSpec("azure-dev"), { stack: "azure-dev" });
    });

    it("binds tenant-edit in team-<name> to the Entra group's object id (Kubernetes RBAC, not a display name)", () => {
        const subjects = (ns: string) => r.ofType(BINDING).find((b) => (b.inputs["metadata"] as { name: string; namespace: string }).namespace === ns && (b.inputs["metadata"] as { name: string }).name === "tenant-edit")?.inputs["subjects"];
        expect(subjects("team-analytics")).toEqual([{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: ANALYTICS }]);
        expect(subjects("team-ml")).toEqual([{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: ML }]);
    });

    it("gives each tenant group only the Cluster User role on the cluster (get-credentials), as a Group principal", () => {
        const grants = r.ofType(ROLE).filter((g) => g.name.startsWith("tristack-dev-tenant-"));
        expect(grants.map((g) => [g.name, g.inputs["principalId"], g.inputs["principalType"], String(g.inputs["roleDefinitionId"]).split("/").pop(), g.inputs["scope"]])).toEqual([
            // The scope is the cluster's id (the mocks' id of the ManagedCluster `tristack-dev`).
            ["tristack-dev-tenant-analytics-user", ANALYTICS, "Group", "4abbcc35-e782-43d8-92c5-2d3f1bd2253f", "tristack-dev-id"],
            ["tristack-dev-tenant-ml-user", ML, "Group", "4abbcc35-e782-43d8-92c5-2d3f1bd2253f", "tristack-dev-id"],
        ]);
        expect(AKS_CLUSTER_USER_ROLE).toBe("4abbcc35-e782-43d8-92c5-2d3f1bd2253f");
    });

    it("tells a member to fetch the kubeconfig and let kubelogin reuse the az login", () => {
        expect(aksKubeconfigCommand("tristack-dev", "tristack-dev-rg")).toBe("az aks get-credentials --resource-group tristack-dev-rg --name tristack-dev && kubelogin convert-kubeconfig -l azurecli");
    });
});
