import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { STRIMZI_API_VERSION } from "./cluster";

/**
 * One SCRAM-SHA-512 KafkaUser per tenant, limited to the tenant's topic prefix, with its credentials
 * delivered into the tenant namespace.
 *
 * Strimzi's User Operator watches only the Kafka cluster's namespace and writes each user's Secret
 * there; Kubernetes has no cross-namespace Secret. So tristack owns the password: Pulumi generates it,
 * stores it (1) in a Secret in the `kafka` namespace that the KafkaUser names in
 * `spec.authentication.password.valueFrom` (the User Operator then sets exactly this password), and
 * (2) in the `kafka-credentials` Secret in the tenant namespace, together with everything a client
 * needs except the CA certificate, which is public and arrives separately as the `tristack-ca` ConfigMap
 * (trust-manager keeps it current; the Secret names it and the path the client reads it from). Rotating is `pulumi up` after replacing the RandomPassword; both copies change together.
 */

/**
 * Where the client examples mount the `tristack-ca` ConfigMap; `ssl.truststore.location` in the
 * credentials points there. Kafka clients (2.7+) read a PEM truststore file (`ssl.truststore.type=PEM`,
 * KIP-651), so no JKS conversion is needed.
 */
export const CA_MOUNT_PATH = "/etc/tristack/ca";

/** Length of generated passwords. */
export const PASSWORD_LENGTH = 32;
/** Name of the credentials Secret in every tenant namespace. */
export const TENANT_SECRET_NAME = "kafka-credentials";

/** One ACL rule of a KafkaUser. */
export interface KafkaAcl {
    readonly resource: { readonly type: "topic" | "group" | "transactionalId"; readonly name: string; readonly patternType: "prefix" };
    readonly operations: readonly string[];
}

/**
 * The ACLs of a tenant: produce and consume on topics, consumer groups and transactional ids that
 * start with `<tenant>.`; nothing else. Topics are created by the spec, so no Create/Delete/Alter.
 * @param tenant the tenant's name
 */
export function tenantAcls(tenant: string): KafkaAcl[] {
    const prefix = `${tenant}.`;
    return [
        { resource: { type: "topic", name: prefix, patternType: "prefix" }, operations: ["Read", "Write", "Describe", "DescribeConfigs"] },
        { resource: { type: "group", name: prefix, patternType: "prefix" }, operations: ["Read", "Describe"] },
        { resource: { type: "transactionalId", name: prefix, patternType: "prefix" }, operations: ["Write", "Describe"] },
    ];
}

/** The Kafka user name of a tenant (its namespace name, `team-<tenant>`). */
export function tenantUserName(namespace: string): string {
    return namespace;
}

/**
 * The Kafka client properties of a tenant: SASL_SSL with SCRAM-SHA-512, and the platform CA as a PEM
 * truststore read from the mounted `tristack-ca` ConfigMap (hostname verification stays on: the listener
 * certificate names the bootstrap Service and every broker).
 * @param args bootstrap address, user, password and the CA file
 * @param args.bootstrap the TLS bootstrap address
 * @param args.username the SCRAM user
 * @param args.password its password
 * @param args.caFile path of the mounted CA certificate
 */
export function clientProperties(args: { bootstrap: string; username: string; password: string; caFile: string }): string {
    return [
        `bootstrap.servers=${args.bootstrap}`,
        "security.protocol=SASL_SSL",
        "sasl.mechanism=SCRAM-SHA-512",
        `sasl.jaas.config=${scramJaasConfig(args.username, args.password)}`,
        "ssl.truststore.type=PEM",
        `ssl.truststore.location=${args.caFile}`,
        "",
    ].join("\n");
}

/**
 * The JAAS line a Kafka client configures for SCRAM.
 * @param username user name
 * @param password password
 */
export function scramJaasConfig(username: string, password: string): string {
    return `org.apache.kafka.common.security.scram.ScramLoginModule required username="${username}" password="${password}";`;
}

/** What {@link createTenantUsers} made for one tenant. */
export interface TenantUser {
    readonly tenant: string;
    readonly username: string;
    readonly user: k8s.apiextensions.CustomResource;
    readonly tenantSecret: k8s.core.v1.Secret;
}

/**
 * Create, per tenant, the password, its two Secrets and the KafkaUser.
 * @param name base logical name
 * @param args cluster, namespaces and bootstrap address
 * @param args.clusterName the Kafka cluster (`strimzi.io/cluster` label)
 * @param args.namespace the Kafka namespace
 * @param args.tenantNamespaces tenant namespaces keyed by tenant name
 * @param args.tenantReady per tenant, what its credentials Secret waits for (namespace and guards)
 * @param args.bootstrap the TLS bootstrap address
 * @param args.caConfigMap the platform CA's ConfigMap and key
 * @param randomOpts options of the passwords (parent only)
 * @param opts options of the Kubernetes objects (provider, parent, dependsOn)
 */
export function createTenantUsers(
    name: string,
    args: {
        readonly clusterName: string;
        readonly namespace: string;
        readonly tenantNamespaces: Readonly<Record<string, string>>;
        readonly tenantReady: Readonly<Record<string, readonly pulumi.Resource[]>>;
        readonly bootstrap: string;
        /** The platform CA's ConfigMap in every tenant namespace (the listener's certificate chains to it). */
        readonly caConfigMap: { readonly name: string; readonly key: string };
    },
    randomOpts: pulumi.CustomResourceOptions,
    opts: pulumi.CustomResourceOptions,
): TenantUser[] {
    const caFile = `${CA_MOUNT_PATH}/${args.caConfigMap.key}`;
    return Object.entries(args.tenantNamespaces).map(([tenant, tenantNs]) => {
        const username = tenantUserName(tenantNs);
        const generated = new random.RandomPassword(`${name}-user-${tenant}`, { length: PASSWORD_LENGTH, special: false }, randomOpts);
        // `result` is always set once the password exists; the mocks return no provider outputs.
        const password = pulumi.secret(generated.result.apply((r: string | undefined) => r ?? ""));
        const passwordSecretName = `${username}-password`;
        const passwordSecret = new k8s.core.v1.Secret(
            `${name}-user-${tenant}-password`,
            { metadata: { name: passwordSecretName, namespace: args.namespace, labels: { "app.kubernetes.io/part-of": "tristack-kafka" } }, type: "Opaque", stringData: { password } },
            opts,
        );
        const user = new k8s.apiextensions.CustomResource(
            `${name}-user-${tenant}`,
            {
                apiVersion: STRIMZI_API_VERSION,
                kind: "KafkaUser",
                metadata: { name: username, namespace: args.namespace, labels: { "strimzi.io/cluster": args.clusterName } },
                spec: {
                    authentication: { type: "scram-sha-512", password: { valueFrom: { secretKeyRef: { name: passwordSecretName, key: "password" } } } },
                    authorization: { type: "simple", acls: tenantAcls(tenant) },
                },
            },
            pulumi.mergeOptions(opts, { dependsOn: [passwordSecret] }),
        );
        const tenantSecret = new k8s.core.v1.Secret(
            `${name}-user-${tenant}-credentials`,
            {
                metadata: { name: TENANT_SECRET_NAME, namespace: tenantNs, labels: { "app.kubernetes.io/part-of": "tristack-kafka" } },
                type: "Opaque",
                stringData: {
                    "bootstrap.servers": args.bootstrap,
                    "security.protocol": "SASL_SSL",
                    "sasl.mechanism": "SCRAM-SHA-512",
                    username,
                    password,
                    "sasl.jaas.config": password.apply((p) => scramJaasConfig(username, p)),
                    "topic.prefix": `${tenant}.`,
                    // How the client trusts the brokers: the CA is in the ConfigMap `ca.configmap` of this
                    // namespace (key `ca.key`), kept current by trust-manager; mount it at CA_MOUNT_PATH.
                    "ca.configmap": args.caConfigMap.name,
                    "ca.key": args.caConfigMap.key,
                    "ssl.truststore.type": "PEM",
                    "ssl.truststore.location": caFile,
                    "client.properties": password.apply((p) => clientProperties({ bootstrap: args.bootstrap, username, password: p, caFile })),
                },
            },
            pulumi.mergeOptions(opts, { dependsOn: [...(args.tenantReady[tenant] ?? [])] }),
        );
        return { tenant, username, user, tenantSecret };
    });
}
