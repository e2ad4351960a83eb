import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CQLSH_PREAMBLE, CQLSH_WAIT_ERR } from "../../../components/data/cassandra/cqlshJob";
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

/**
 * The wait loop, run for real under /bin/sh (dash + mawk here, as in the Debian bookworm cqlsh image) with a fake
 * `cqlsh` that fails twice the way cqlsh 5.0 does (its warning about `-p` first, then the error; all stderr)
 * and a fake `sleep` that records its argument. In-process: no program run.
 */
describe("wait loop of the cqlsh Job", () => {
    const PASS = "s3cretPassw0rd";
    const dir = mkdtempSync(join(tmpdir(), "cqlsh-wait-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const bin = join(dir, "bin");
    const creds = join(dir, "superuser");
    mkdirSync(bin);
    mkdirSync(creds);
    writeFileSync(join(creds, "username"), "tristack-superuser");
    writeFileSync(join(creds, "password"), PASS);
    const fake = (name: string, body: string) => {
        writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
        chmodSync(join(bin, name), 0o755);
    };
    // $6 is the password (`cqlsh host 9042 -u USER -p PASS ...`, $CQLSH_SSL empty); attempt 2 quotes it, to prove the mask.
    fake(
        "cqlsh",
        [
            `n=$(cat ${dir}/count 2>/dev/null || echo 0); n=$((n + 1)); echo $n > ${dir}/count`,
            'printf "\\nWarning: Using a password on the command line interface can be insecure.\\nRecommendation: use the credentials file to securely provide the password.\\n\\n" >&2',
            `if [ $n -eq 1 ]; then echo "Connection error: ('Unable to connect to any servers', {'10.0.0.7:9042': SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed')})" >&2; exit 1; fi`,
            `if [ $n -eq 2 ]; then echo "Traceback (most recent call last):" >&2; echo "  line with $6 in it" >&2; echo "Connection error: AuthenticationFailed('Provided username tristack-superuser and/or password are incorrect')" >&2; exit 1; fi`,
            "exit 0",
        ].join("\n"),
    );
    fake("sleep", `echo "$1" >> ${dir}/sleeps`);
    const script = `${CQLSH_PREAMBLE.replaceAll("/etc/cassandra-superuser", creds).replaceAll(CQLSH_WAIT_ERR, join(dir, "wait.err"))}\necho ready`;
    const r = spawnSync("/bin/sh", ["-c", script], { encoding: "utf8", env: { PATH: `${bin}:${process.env["PATH"]}`, CQL_HOST: "dc1-service.cassandra.svc", CQLSH_SSL: "" } });

    it("prints each failed attempt's number and the last lines of cqlsh's stderr, then goes on once CQL answers", () => {
        expect(r.status).toBe(0);
        const lines = r.stdout.trimEnd().split("\n");
        expect(lines).toEqual([
            "waiting for dc1-service.cassandra.svc:9042 (attempt 1 failed):",
            "  Connection error: ('Unable to connect to any servers', {'10.0.0.7:9042': SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed')})",
            "waiting for dc1-service.cassandra.svc:9042 (attempt 2 failed):",
            "  Traceback (most recent call last):",
            "    line with *** in it",
            "  Connection error: AuthenticationFailed('Provided username tristack-superuser and/or password are incorrect')",
            "ready",
        ]);
    });

    it("keeps the loop's timing: one `sleep 10` per failed attempt", () => {
        expect(readFileSync(join(dir, "sleeps"), "utf8")).toBe("10\n10\n");
    });

    it("never prints the password, and neither the script nor the environment carries it", () => {
        expect(r.stdout + r.stderr).not.toContain(PASS);
        expect(CQLSH_PREAMBLE).not.toMatch(/set -x|-o xtrace|export PASS/);
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
        // No generated password (mocks: `mock-<name>`) appears anywhere in the container: script, env or args.
        const secrets = prod.ofType("kubernetes:core/v1:Secret").map((s) => JSON.stringify(s.inputs["stringData"] ?? {}));
        const passwords = secrets.flatMap((s) => [...s.matchAll(/mock-[\w-]+/g)].map((m) => m[0]));
        expect(passwords.length).toBeGreaterThan(0);
        const c = JSON.stringify(container(prod));
        for (const p of passwords) expect(c).not.toContain(p);
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
