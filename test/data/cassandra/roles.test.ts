/**
 * Tenant roles (components/data/cassandra/roles.ts): one CQL role per tenant, its credentials in the tenant
 * namespace, the cqlsh Job (after the keyspaces) creates roles and grants the keyspaces the spec gives each
 * tenant, and in prod the platform CA for the client port.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { grantCql, ROLES_SCRIPT } from "../../../components/data/cassandra/roles";
import { parsePlatformSpec, SpecError } from "../../../components/spec";
import { run, type Recorded } from "../../support/mocks";
import { validateKubernetesObject } from "../../support/schemas";
import { zonedSpec } from "./specs";

type Obj = Record<string, unknown>;
const JOB = "kubernetes:batch/v1:Job";
const SECRET = "kubernetes:core/v1:Secret";
const SIG = "4dabf18193072939515e22adb298388d";

/** A recorded value with Pulumi's secret wrappers removed. */
function clear(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(clear);
    if (v === null || typeof v !== "object") return v;
    const o = v as Obj;
    if (SIG in o) return clear(o["value"]);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, clear(x)]));
}

describe("grant statements", () => {
    it("grants SELECT, MODIFY and CREATE on each owned keyspace, never ALTER, DROP or AUTHORIZE", () => {
        const cql = grantCql([{ tenant: "analytics", role: "team-analytics", keyspaces: ["features"] }]);
        expect(cql).toBe(['GRANT SELECT ON KEYSPACE features TO "team-analytics";', 'GRANT MODIFY ON KEYSPACE features TO "team-analytics";', 'GRANT CREATE ON KEYSPACE features TO "team-analytics";'].join("\n"));
        expect(cql).not.toMatch(/ALTER|DROP|AUTHORIZE|ALL/);
    });

    it("creates or updates each role with its password, never drops one", () => {
        expect(ROLES_SCRIPT).toContain("CREATE ROLE IF NOT EXISTS");
        expect(ROLES_SCRIPT).toContain("ALTER ROLE");
        expect(ROLES_SCRIPT).not.toMatch(/DROP|REVOKE/);
    });
});

describe("tenant roles", () => {
    let dev: Recorded;
    let prod: Recorded;
    beforeAll(async () => {
        dev = await run(zonedSpec("dev"), { stack: "local" });
        prod = await run(zonedSpec("prod"), { stack: "local" });
    });
    const job = (r: Recorded) => r.one(JOB, "tristack-local-cassandra-keyspaces-roles");
    const podSpec = (r: Recorded) => ((job(r).inputs["spec"] as Obj)["template"] as Obj)["spec"] as Obj;
    const credentials = (r: Recorded) => r.one(SECRET, "tristack-local-cassandra-role-analytics-credentials");

    it("delivers cassandra-credentials into the tenant namespace: host, role, password and the keyspaces it owns", () => {
        const s = credentials(dev).inputs;
        expect(s["metadata"]).toMatchObject({ name: "cassandra-credentials", namespace: "team-analytics" });
        const data = clear(s["stringData"]) as Obj;
        expect({ ...data, password: typeof data["password"] }).toEqual({
            host: "tristack-local-dc1-service.cassandra.svc",
            port: "9042",
            username: "team-analytics",
            password: "string",
            keyspaces: "features",
            ssl: "false",
        });
        expect(validateKubernetesObject(clear(s) as Obj)).toEqual([]);
    });

    it("in prod says the port speaks TLS and names the CA ConfigMap every tenant namespace carries", () => {
        const data = clear(credentials(prod).inputs["stringData"]) as Obj;
        expect([data["ssl"], data["ca.configmap"], data["ca.key"]]).toEqual(["true", "tristack-ca", "ca.crt"]);
    });

    it("puts the grants of owned keyspaces only into the Job's ConfigMap (the unowned keyspace gets none)", () => {
        const cm = dev.one("kubernetes:core/v1:ConfigMap", "tristack-local-cassandra-grants");
        expect((cm.inputs["data"] as Obj)["grants.cql"]).toBe(grantCql([{ tenant: "analytics", role: "team-analytics", keyspaces: ["features"] }]));
        expect((cm.inputs["metadata"] as Obj)["name"]).toMatch(/^tristack-local-grants-[0-9a-f]{10}$/);
    });

    it("runs in the keyspaces' Job after the cluster, whose grants ConfigMap and role Secrets need only their namespace, reading every credential from files", () => {
        const deps = job(dev).dependencies;
        const kc = dev.one("kubernetes:k8ssandra.io/v1alpha1:K8ssandraCluster");
        expect(deps).toContain(kc.urn);
        expect(dev.ofType(JOB)).toHaveLength(1);
        const inputs = [dev.one("kubernetes:core/v1:ConfigMap", "tristack-local-cassandra-grants"), dev.one(SECRET, "tristack-local-cassandra-role-analytics")];
        for (const x of inputs) {
            expect(deps, x.name).toContain(x.urn);
            expect(x.dependencies, x.name).not.toContain(kc.urn);
        }
        const c = (podSpec(dev)["containers"] as Obj[])[0]!;
        expect((c["env"] as Obj[]).some((e) => "valueFrom" in e)).toBe(false);
        expect((podSpec(dev)["volumes"] as Obj[]).find((v) => v["name"] === "roles")).toEqual({
            name: "roles",
            // Every tenant has a role (ml owns no keyspace, so it has no grants above).
            projected: {
                defaultMode: 0o400,
                sources: ["analytics", "ml"].map((t) => ({ secret: { name: `tristack-local-role-${t}`, items: [{ key: "username", path: `${t}/username` }, { key: "password", path: `${t}/password` }] } })),
            },
        });
        expect(validateKubernetesObject(clear(job(dev).inputs) as Obj)).toEqual([]);
    });

    it("in prod verifies the client port with the platform CA, from the client certificate's Secret (ca.crt of the platform CA's issuance)", () => {
        const c = (podSpec(prod)["containers"] as Obj[])[0]!;
        const env = Object.fromEntries((c["env"] as { name: string; value: string }[]).map((e) => [e.name, e.value]));
        expect(env).toMatchObject({ CQLSH_SSL: "--ssl", SSL_CERTFILE: "/etc/cassandra-tls/ca.crt", SSL_VALIDATE: "true" });
        expect((podSpec(prod)["volumes"] as Obj[]).find((v) => v["name"] === "tls")).toEqual({ name: "tls", secret: { secretName: "tristack-local-client-tls", items: [{ key: "ca.crt", path: "ca.crt" }] } });
        const client = prod.ofType("kubernetes:cert-manager.io/v1:Certificate").find((x) => (x.inputs["metadata"] as Obj)["name"] === "tristack-local-client-tls")!;
        expect((client.inputs["spec"] as Obj)["issuerRef"]).toEqual({ name: "tristack-ca", kind: "ClusterIssuer", group: "cert-manager.io" });
    });

    it("refuses a keyspace owned by an undefined tenant", () => {
        const spec = zonedSpec("dev");
        (spec.cassandra["keyspaces"] as Obj)["orphan"] = { replicationFactor: 3, tenant: "nobody" };
        try {
            parsePlatformSpec(spec);
            expect.unreachable();
        } catch (err) {
            expect(err).toBeInstanceOf(SpecError);
            expect((err as SpecError).problems.filter((p) => p.path === "cassandra.keyspaces.orphan.tenant").map((p) => p.expected)).toEqual(['tenant "nobody" is not defined; tenants: analytics, ml']);
        }
    });
});
