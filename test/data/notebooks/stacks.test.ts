/**
 * Notebooks in the real program (index.ts under the language host) on the committed stacks that turn them
 * on: aws-dev (an internal load balancer, OAuth sign-in) and local (an existing cluster: ClusterIP, the dummy
 * authenticator). Runs are the cached stack runs other tests share; no new distinct program run.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { noExternalServices, noPlaintextSecrets, rbacLeastPrivilege } from "../../../policies/rules/kubernetes";
import { run, stackSpec, type Recorded, type RecordedResource } from "../../support/mocks";
import { validateCustomResource, validateKubernetesObject } from "../../support/schemas";

type Obj = Record<string, unknown>;
const STACKS = ["aws-dev", "local"] as const;
const runs: Record<string, Recorded> = {};
const meta = (r: RecordedResource) => r.inputs["metadata"] as { name: string; namespace?: string };
const check = (rule: typeof noExternalServices, r: RecordedResource) =>
    rule.check({ type: r.type, name: r.name, inputs: r.inputs, options: { protect: false, retainOnDelete: false } } as never, { environment: "dev", params: {}, stack: { resources: [], ofType: () => [] } } as never);

describe("notebooks on the dev stacks", () => {
    beforeAll(async () => {
        for (const stack of STACKS) runs[stack] = await run(stackSpec(stack), { stack });
    }, 600_000);

    describe.each(STACKS)("%s", (stack) => {
        const tenants = () => Object.keys(stackSpec(stack)["tenants"] as Obj).map((t) => `team-${t}`);
        const hub = () => runs[stack]!.ofType("kubernetes:helm.sh/v3:Release").find((r) => r.inputs["chart"] === "jupyterhub")!;

        it("installs the pinned jupyterhub chart into notebooks, hub and proxy on the system pool", () => {
            const rel = hub();
            expect([rel.inputs["version"], rel.inputs["repositoryOpts"], rel.inputs["namespace"]]).toEqual(["4.4.0", { repo: "https://hub.jupyter.org/helm-chart/" }, "notebooks"]);
            const v = rel.inputs["values"] as { hub: Obj; proxy: { chp: Obj } };
            expect(v.hub["nodeSelector"]).toEqual({ "tristack.io/pool": "system" });
            expect(v.proxy.chp["nodeSelector"]).toEqual({ "tristack.io/pool": "system" });
        });

        it("places every tenant's servers in the tenant namespace, and the policy pack's exposure, secrets and RBAC rules pass", () => {
            const rel = hub();
            const table = (((rel.inputs["values"] as Obj)["custom"] as Obj)["tristack"] as Obj)["tenants"] as { name: string; profiles: { kubespawner_override: Obj }[] }[];
            for (const t of table) expect(new Set(t.profiles.map((p) => p.kubespawner_override["namespace"])), t.name).toEqual(new Set([`team-${t.name}`]));
            expect(table.map((t) => `team-${t.name}`).sort()).toEqual(tenants().sort());
            expect(check(noExternalServices, rel)).toEqual([]);
            expect(check(noPlaintextSecrets, rel)).toEqual([]);
            const proxy = (rel.inputs["values"] as { proxy: { service: Obj } }).proxy.service;
            expect(proxy["type"]).toBe(stack === "local" ? "ClusterIP" : "LoadBalancer");
        });

        it("gives the hub pods and claims in the tenant namespaces only, through valid Roles", () => {
            const bindings = runs[stack]!.ofType("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding").filter((r) => meta(r).name === "jupyterhub-spawner");
            expect(bindings.map((b) => meta(b).namespace).sort()).toEqual(tenants().sort());
            for (const b of bindings) expect(b.inputs["subjects"]).toEqual([{ kind: "ServiceAccount", name: "hub", namespace: "notebooks" }]);
            const roles = runs[stack]!.ofType("kubernetes:rbac.authorization.k8s.io/v1:Role").filter((r) => meta(r).name === "jupyterhub-spawner");
            for (const r of roles) {
                expect(check(rbacLeastPrivilege, r)).toEqual([]);
                expect(validateKubernetesObject({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", ...r.inputs })).toEqual([]);
            }
            expect(runs[stack]!.ofType("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding").filter((r) => JSON.stringify(r.inputs["subjects"] ?? []).includes('"namespace":"notebooks"'))).toEqual([]);
        });

        it("creates one SparkConnect per tenant, in its namespace, valid against the operator's CRD", () => {
            const connects = runs[stack]!.ofType("kubernetes:sparkoperator.k8s.io/v1alpha1:SparkConnect");
            expect(connects.map((c) => meta(c).namespace).sort()).toEqual(tenants().sort());
            for (const c of connects) expect(validateCustomResource({ apiVersion: "sparkoperator.k8s.io/v1alpha1", kind: "SparkConnect", ...c.inputs }), meta(c).namespace).toEqual([]);
        });

        it("guards the notebooks namespace and the tenants with valid NetworkPolicies, and issues the hub a certificate from the platform CA", () => {
            const policies = runs[stack]!.ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy").filter((p) => meta(p).namespace === "notebooks" || meta(p).name.startsWith("allow-notebooks-"));
            expect(policies.filter((p) => meta(p).namespace === "notebooks").map((p) => meta(p).name)).toContain("default-deny");
            for (const p of policies) expect(validateKubernetesObject({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", ...p.inputs })).toEqual([]);
            const cert = runs[stack]!.ofType("kubernetes:cert-manager.io/v1:Certificate").find((c) => meta(c).namespace === "notebooks")!;
            expect(validateCustomResource({ apiVersion: "cert-manager.io/v1", kind: "Certificate", ...cert.inputs })).toEqual([]);
            const monitor = runs[stack]!.ofType("kubernetes:monitoring.coreos.com/v1:ServiceMonitor").find((m) => meta(m).namespace === "notebooks");
            expect(monitor?.inputs["spec"]).toMatchObject({ endpoints: [{ port: "hub", path: "/hub/metrics" }] });
        });
    });
});
