import { beforeAll, describe, expect, it } from "vitest";
import { keyspaceCql } from "../../../components/data/cassandra/keyspaces";
import { run, type Recorded } from "../../support/mocks";
import { localSpec, zonedSpec } from "./specs";

type Obj = Record<string, unknown>;
const JOB = "kubernetes:batch/v1:Job";

describe("keyspace CQL", () => {
    it("creates if missing, then alters to the spec's replication (NetworkTopologyStrategy per DC)", () => {
        expect(keyspaceCql([{ name: "features", replicationFactor: 3 }], "dc1")).toBe(
            [
                "CREATE KEYSPACE IF NOT EXISTS features WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 3};",
                "ALTER KEYSPACE features WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 3};",
            ].join("\n"),
        );
    });

    it("never drops anything", () => {
        expect(keyspaceCql([{ name: "a", replicationFactor: 1 }, { name: "b", replicationFactor: 3 }], "dc1")).not.toMatch(/DROP/i);
    });
});

describe("keyspace step of the cqlsh Job", () => {
    let prod: Recorded;
    let local: Recorded;
    beforeAll(async () => {
        prod = await run(zonedSpec("prod"), { stack: "local" });
        local = await run(localSpec(), { stack: "local" });
    });
    const podSpec = (r: Recorded): Obj => {
        const jobSpec = r.one(JOB, "tristack-local-cassandra-keyspaces-roles").inputs["spec"] as Obj;
        return (jobSpec["template"] as Obj)["spec"] as Obj;
    };
    const container = (r: Recorded) => (podSpec(r)["containers"] as Obj[])[0]!;

    it("is left out when the spec declares no keyspaces: no ConfigMap, no volume, no keyspace lines", () => {
        expect(local.ofType("kubernetes:core/v1:ConfigMap").filter((c) => c.name.endsWith("-keyspaces"))).toEqual([]);
        expect((podSpec(local)["volumes"] as Obj[]).map((v) => v["name"])).not.toContain("keyspaces");
        expect((container(local)["command"] as string[])[2]).not.toContain("keyspaces.cql");
    });

    it("is one Job with the roles: keyspaces first, then roles and grants (a GRANT names its keyspace), after one wait for CQL", () => {
        expect(prod.ofType(JOB).map((j) => j.name)).toEqual(["tristack-local-cassandra-keyspaces-roles"]);
        const script = (container(prod)["command"] as string[])[2]!;
        const at = (s: string) => script.indexOf(s);
        expect(script.match(/until cqlsh/g)).toHaveLength(1);
        expect(at("until cqlsh")).toBeLessThan(at("keyspaces.cql"));
        expect(at("keyspaces.cql")).toBeLessThan(at("CREATE ROLE IF NOT EXISTS"));
        expect(at("CREATE ROLE IF NOT EXISTS")).toBeLessThan(at("grants.cql"));
    });

    it("puts the spec's keyspaces with RF 3 in a ConfigMap the Job mounts", () => {
        const cm = prod.one("kubernetes:core/v1:ConfigMap", "tristack-local-cassandra-keyspaces");
        expect((cm.inputs["data"] as Obj)["keyspaces.cql"]).toBe(keyspaceCql([{ name: "features", replicationFactor: 3 }, { name: "shared", replicationFactor: 3 }], "dc1"));
        expect((podSpec(prod)["volumes"] as Obj[]).find((v) => v["name"] === "keyspaces")).toEqual({ name: "keyspaces", configMap: { name: (cm.inputs["metadata"] as Obj)["name"] } });
    });

    it("names the ConfigMap after a hash of its statements, so changed keyspaces re-run the Job", () => {
        const cm = prod.one("kubernetes:core/v1:ConfigMap", "tristack-local-cassandra-keyspaces");
        expect((cm.inputs["metadata"] as Obj)["name"]).toMatch(/^tristack-local-keyspaces-[0-9a-f]{10}$/);
    });

    it("runs after the K8ssandraCluster exists; its ConfigMap needs only the namespace (issue 25)", () => {
        const kc = prod.one("kubernetes:k8ssandra.io/v1alpha1:K8ssandraCluster");
        const job = prod.one(JOB, "tristack-local-cassandra-keyspaces-roles");
        const cm = prod.one("kubernetes:core/v1:ConfigMap", "tristack-local-cassandra-keyspaces");
        expect(job.dependencies).toContain(kc.urn);
        expect(job.dependencies).toContain(cm.urn);
        expect(cm.dependencies).not.toContain(kc.urn);
        expect(cm.dependencies).toContain(prod.ofType("kubernetes:core/v1:Namespace").find((n) => (n.inputs["metadata"] as Obj)["name"] === "cassandra")!.urn);
    });

    it("reads the superuser credentials from files, never from the environment", () => {
        const env = container(prod)["env"] as Obj[];
        expect(env.some((e) => "valueFrom" in e)).toBe(false);
        expect((podSpec(prod)["volumes"] as Obj[]).find((v) => v["name"] === "superuser")).toEqual({ name: "superuser", secret: { secretName: "tristack-local-superuser", defaultMode: 0o400 } });
    });

    it("connects to the datacenter's CQL service over TLS in prod, verifying the client port with the platform CA", () => {
        const env = Object.fromEntries((container(prod)["env"] as { name: string; value: string }[]).map((e) => [e.name, e.value]));
        expect(env).toMatchObject({ CQL_HOST: "tristack-local-dc1-service.cassandra.svc", CQLSH_SSL: "--ssl", SSL_CERTFILE: "/etc/cassandra-tls/ca.crt" });
        expect((podSpec(prod)["volumes"] as Obj[]).find((v) => v["name"] === "tls")).toEqual({ name: "tls", secret: { secretName: "tristack-local-client-tls", items: [{ key: "ca.crt", path: "ca.crt" }] } });
    });

    it("runs restricted on the general pool with requests = limits", () => {
        const spec = podSpec(prod);
        expect(spec["nodeSelector"]).toEqual({ "tristack.io/pool": "general" });
        expect(spec["automountServiceAccountToken"]).toBe(false);
        expect(spec["securityContext"]).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
        const c = container(prod);
        expect(c["securityContext"]).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
        const res = c["resources"] as Obj;
        expect(res["requests"]).toEqual(res["limits"]);
        expect(c["image"]).toBe("docker.io/library/cassandra:5.0.8@sha256:e52bb93c21f69cc5c2f5eb9e7d9736b10a047ad38bc7776480c7dbbf7d4e0ba7");
    });
});
