import { createHash } from "node:crypto";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { generatedPassword } from "./auth";
import type { CqlshStep } from "./cqlshJob";

/**
 * Tenant roles: every tenant gets a CQL role `team-<tenant>` with a password Pulumi generates, delivered as
 * the Secret `cassandra-credentials` in the tenant namespace (Kubernetes has no cross-namespace Secret, so the
 * Job reads a copy in the Cassandra namespace). The one-shot cqlsh Job (cqlshJob.ts), after the keyspaces,
 * runs as the superuser: `CREATE ROLE IF NOT EXISTS` then `ALTER ROLE` with the password (so a replaced
 * password converges), then the grants of the keyspaces the spec gives the tenant
 * (`cassandra.keyspaces.<ks>.tenant`).
 *
 * Grants per owned keyspace: SELECT, MODIFY (read and write every table) and CREATE (new tables in it). Not
 * ALTER or DROP: on a keyspace those also allow `ALTER KEYSPACE` (replication) and `DROP KEYSPACE`, which stay
 * with the platform (Apache Cassandra CQL "Security: Permissions", the permission-to-statement table), and not
 * AUTHORIZE (no re-granting). Like keyspaces, roles and grants are never revoked automatically.
 *
 * The Job's pod template carries a hash of the statements and the passwords: a new tenant, keyspace owner or
 * password changes the template, which Kubernetes treats as immutable, so Pulumi replaces the Job and it runs
 * again (keyspaces included, which converge to the same replication).
 */

/** Name of the credentials Secret in every tenant namespace. */
export const TENANT_CREDENTIALS_SECRET = "cassandra-credentials";
/** Where the Job mounts the roles' credentials (`<dir>/<tenant>/username`, `<dir>/<tenant>/password`). */
export const ROLES_MOUNT = "/etc/cassandra-roles";
/** Permissions a tenant's role gets on each keyspace it owns. */
export const TENANT_KEYSPACE_PERMISSIONS = ["SELECT", "MODIFY", "CREATE"] as const;

/** One tenant role: its name and the keyspaces it owns. */
export interface TenantRole {
    readonly tenant: string;
    /** The CQL role (the tenant namespace's name, `team-<tenant>`). */
    readonly role: string;
    readonly keyspaces: readonly string[];
}

/**
 * The grant statements (idempotent: granting a held permission is a no-op).
 * @param roles the tenant roles
 */
export function grantCql(roles: readonly TenantRole[]): string {
    return roles.flatMap((r) => r.keyspaces.flatMap((ks) => TENANT_KEYSPACE_PERMISSIONS.map((p) => `GRANT ${p} ON KEYSPACE ${ks} TO "${r.role}";`))).join("\n");
}

/** Where the Job mounts the grant statements. */
export const GRANTS_MOUNT = "/etc/cassandra-grants";

/** The cqlsh Job's role lines: roles from the mounted credentials, then the grants file. */
export const ROLES_SCRIPT = [
    `for d in ${ROLES_MOUNT}/*/; do`,
    '  R="$(cat "$d/username")"; P="$(cat "$d/password")"',
    `  cqlsh $CQLSH_SSL "$CQL_HOST" 9042 -u "$USER" -p "$PASS" -e "CREATE ROLE IF NOT EXISTS \\"$R\\" WITH PASSWORD = '$P' AND LOGIN = true; ALTER ROLE \\"$R\\" WITH PASSWORD = '$P' AND LOGIN = true;"`,
    '  echo "role $R applied"',
    "done",
    `cqlsh $CQLSH_SSL "$CQL_HOST" 9042 -u "$USER" -p "$PASS" -f ${GRANTS_MOUNT}/grants.cql`,
    'echo "grants applied"',
].join("\n");

/** Inputs of {@link createTenantRoles}. */
export interface TenantRolesArgs {
    readonly clusterName: string;
    readonly namespace: string;
    readonly roles: readonly TenantRole[];
    /** Tenant namespaces keyed by tenant. */
    readonly tenantNamespaces: Readonly<Record<string, string>>;
    /** Per tenant, what its credentials Secret waits for. */
    readonly tenantReady: Readonly<Record<string, readonly pulumi.Resource[]>>;
    /** Client TLS: the CA clients trust, as a ConfigMap in every tristack namespace (prod). */
    readonly tls?: { readonly caConfigMap: { readonly name: string; readonly key: string } };
    /** The CQL address clients use. */
    readonly cqlHost: string;
}

/** What {@link createTenantRoles} gives the cqlsh Job options for. */
export interface TenantRolesOptions {
    /** The role Secrets and the grants ConfigMap in the Cassandra namespace: they need only their namespace. */
    readonly objects: pulumi.CustomResourceOptions;
    /** The tenants' `cassandra-credentials` (each also waits for its tenant namespace's guards). */
    readonly credentials: pulumi.CustomResourceOptions;
}

/**
 * Create, per tenant, the password and its two Secrets, and the roles step of the cqlsh Job (roles, then grants).
 * @param name base logical name
 * @param args roles and names
 * @param randomOpts options of the passwords (parent only)
 * @param opts options of the Kubernetes objects
 */
export function createTenantRoles(name: string, args: TenantRolesArgs, randomOpts: pulumi.CustomResourceOptions, opts: TenantRolesOptions): CqlshStep | undefined {
    if (args.roles.length === 0) return undefined;
    const labels = { "app.kubernetes.io/name": "cassandra-roles", "app.kubernetes.io/part-of": "tristack-cassandra" };
    const tls = args.tls !== undefined;
    const passwords: pulumi.Output<string>[] = [];
    const roleSecrets: k8s.core.v1.Secret[] = [];
    const roleSecretNames: { tenant: string; secretName: string }[] = [];
    for (const r of args.roles) {
        const password = generatedPassword(`${name}-role-${r.tenant}`, randomOpts);
        passwords.push(password);
        const secretName = `${args.clusterName}-role-${r.tenant}`;
        roleSecretNames.push({ tenant: r.tenant, secretName });
        roleSecrets.push(new k8s.core.v1.Secret(`${name}-role-${r.tenant}`, { metadata: { name: secretName, namespace: args.namespace, labels }, type: "Opaque", stringData: { username: r.role, password } }, opts.objects));
        const tenantNs = args.tenantNamespaces[r.tenant];
        if (tenantNs === undefined) throw new pulumi.RunError(`tenant "${r.tenant}" has no namespace`);
        new k8s.core.v1.Secret(
            `${name}-role-${r.tenant}-credentials`,
            {
                metadata: { name: TENANT_CREDENTIALS_SECRET, namespace: tenantNs, labels: { "app.kubernetes.io/part-of": "tristack-cassandra" } },
                type: "Opaque",
                stringData: {
                    host: args.cqlHost,
                    port: "9042",
                    username: r.role,
                    password,
                    keyspaces: r.keyspaces.join(","),
                    ssl: tls ? "true" : "false",
                    ...(args.tls ? { "ca.configmap": args.tls.caConfigMap.name, "ca.key": args.tls.caConfigMap.key } : {}),
                },
            },
            pulumi.mergeOptions(opts.credentials, { dependsOn: [...(args.tenantReady[r.tenant] ?? [])] }),
        );
    }
    const statements = grantCql(args.roles);
    const configMapName = `${args.clusterName}-grants-${createHash("sha256").update(statements).digest("hex").slice(0, 10)}`;
    const grants = new k8s.core.v1.ConfigMap(`${name}-grants`, { metadata: { name: configMapName, namespace: args.namespace, labels }, data: { "grants.cql": statements } }, opts.objects);
    // Changes with any password: the template is immutable, so a rotated password replaces the Job.
    const credentialsHash = pulumi.all(passwords).apply((ps) => createHash("sha256").update(ps.join("\n")).digest("hex").slice(0, 16));
    return {
        script: ROLES_SCRIPT,
        annotations: { "tristack.io/credentials-hash": credentialsHash },
        inputs: [
            {
                mountPath: ROLES_MOUNT,
                volume: {
                    name: "roles",
                    projected: {
                        defaultMode: 0o400,
                        sources: roleSecretNames.map((s) => ({
                            secret: { name: s.secretName, items: [{ key: "username", path: `${s.tenant}/username` }, { key: "password", path: `${s.tenant}/password` }] },
                        })),
                    },
                },
            },
            { mountPath: GRANTS_MOUNT, volume: { name: "grants", configMap: { name: grants.metadata.name } } },
        ],
        resources: [...roleSecrets, grants],
    };
}
