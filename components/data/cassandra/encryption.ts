import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { generatedPassword } from "./auth";

/**
 * TLS for Cassandra in prod, issued by cert-manager ("Enabling encryption" in the K8ssandra docs):
 * a self-signed root, a CA Issuer, one node certificate whose Secret carries the JKS keystore and
 * truststore (cert-manager `keystores.jks`) used for both internode (`serverEncryptionStores`) and
 * client-to-node (`clientEncryptionStores`) encryption, and, with backups, a client certificate for
 * Medusa's CQL connection. The keystore password is generated and kept in its own Secret; the operator
 * reads it and writes the store paths and passwords into cassandra.yaml.
 *
 * The client port (9042) presents a second certificate, issued by the platform CA (ClusterIssuer
 * `tristack-ca`, components/platform/certManager.ts), in its own keystore (`clientEncryptionStores`, which
 * K8ssandra keeps apart from `serverEncryptionStores`): tenants already trust that CA through the
 * `tristack-ca` ConfigMap of their namespace, kept current by trust-manager, while internode TLS with
 * client authentication stays on the cluster's own CA, so no certificate from the platform CA can join the
 * ring. Medusa's client certificate comes from the platform CA too (its `ca.crt` must verify the client port).
 */

/** How long the CA lives (10 years) and how long node/client certificates live and renew. */
export const CERT_DURATIONS = { ca: "87600h", leaf: "8760h", renewBefore: "720h" } as const;

/** A reference to one key of a Secret, as the K8ssandra encryption stores spell it. */
export interface SecretKeyRef {
    readonly name: string;
    readonly key: string;
}

/** K8ssandra `serverEncryptionStores` / `clientEncryptionStores`. */
export interface EncryptionStores {
    readonly keystoreSecretRef: SecretKeyRef;
    readonly truststoreSecretRef: SecretKeyRef;
    readonly keystorePasswordSecretRef: SecretKeyRef;
    readonly truststorePasswordSecretRef: SecretKeyRef;
}

/** What the cluster and the backups need from the TLS setup. */
export interface ClusterTls {
    /** Stores for internode encryption (the cluster's own CA). */
    readonly stores: EncryptionStores;
    /** Stores for client-to-node encryption (a certificate from the platform CA). */
    readonly clientStores: EncryptionStores;
    /** Secret whose `ca.crt` (the platform CA) verifies the client port (cqlsh Jobs). */
    readonly caSecretName: string;
    /** Medusa's client certificate Secret (`ca.crt`, `tls.crt`, `tls.key`), when backups are on. */
    readonly medusaClientSecretName?: string;
    /** The cert-manager objects (for `dependsOn`). */
    readonly resources: readonly pulumi.Resource[];
}

/** The cassandra.yaml options that turn encryption on (the operator fills in store paths and passwords). */
export const ENCRYPTION_CASSANDRA_YAML = {
    server_encryption_options: { internode_encryption: "all", require_client_auth: true },
    client_encryption_options: { enabled: true, optional: false, require_client_auth: false },
} as const;

/**
 * DNS names a Cassandra node certificate covers: the client service, the all-pods service and its pods.
 * @param clusterName the K8ssandraCluster's name
 * @param dc the datacenter name
 * @param namespace the namespace
 */
export function nodeDnsNames(clusterName: string, dc: string, namespace: string): string[] {
    const services = [`${clusterName}-${dc}-service`, `${clusterName}-${dc}-all-pods-service`, `${clusterName}-seed-service`];
    return services.flatMap((s) => [s, `${s}.${namespace}`, `${s}.${namespace}.svc`, `${s}.${namespace}.svc.cluster.local`]).concat([`*.${clusterName}-${dc}-all-pods-service.${namespace}.svc.cluster.local`]);
}

/** Inputs of {@link createClusterTls}. */
export interface ClusterTlsArgs {
    readonly clusterName: string;
    readonly dc: string;
    readonly namespace: string;
    /** Issue a client certificate for Medusa. */
    readonly medusaClient: boolean;
    /** Protect the CA (prod): a new CA re-issues every certificate and must be a deliberate rotation. */
    readonly protectCa: boolean;
    /** The platform CA's ClusterIssuer, which issues the client-port and Medusa certificates. */
    readonly clientIssuer: string;
}

/**
 * Create the issuers, certificates and keystore password.
 * @param name logical base name
 * @param args names
 * @param randomOpts options for the generated password (parent only)
 * @param opts options for Kubernetes objects (provider, parent, dependsOn cert-manager)
 */
export function createClusterTls(name: string, args: ClusterTlsArgs, randomOpts: pulumi.CustomResourceOptions, opts: pulumi.CustomResourceOptions): ClusterTls {
    const { clusterName, namespace } = args;
    const meta = (n: string) => ({ name: n, namespace });
    const issuerRef = (n: string) => ({ name: n, kind: "Issuer", group: "cert-manager.io" });
    const selfSigned = new k8s.apiextensions.CustomResource(
        `${name}-selfsigned`,
        { apiVersion: "cert-manager.io/v1", kind: "Issuer", metadata: meta(`${clusterName}-selfsigned`), spec: { selfSigned: {} } },
        opts,
    );
    const caSecretName = `${clusterName}-ca`;
    const ca = new k8s.apiextensions.CustomResource(
        `${name}-ca`,
        {
            apiVersion: "cert-manager.io/v1",
            kind: "Certificate",
            metadata: meta(`${clusterName}-ca`),
            spec: {
                isCA: true,
                commonName: `${clusterName}-ca`,
                secretName: caSecretName,
                duration: CERT_DURATIONS.ca,
                privateKey: { algorithm: "RSA", size: 3072, rotationPolicy: "Never" },
                issuerRef: issuerRef(`${clusterName}-selfsigned`),
            },
        },
        pulumi.mergeOptions(opts, { dependsOn: [selfSigned], ...(args.protectCa ? { protect: true } : {}) }),
    );
    const caIssuer = new k8s.apiextensions.CustomResource(
        `${name}-ca-issuer`,
        { apiVersion: "cert-manager.io/v1", kind: "Issuer", metadata: meta(`${clusterName}-ca-issuer`), spec: { ca: { secretName: caSecretName } } },
        pulumi.mergeOptions(opts, { dependsOn: [ca] }),
    );
    const passwordSecretName = `${clusterName}-keystore-password`;
    const passwordSecret = new k8s.core.v1.Secret(
        `${name}-keystore-password`,
        { metadata: meta(passwordSecretName), type: "Opaque", stringData: { password: generatedPassword(`${name}-keystore-password`, randomOpts) } },
        opts,
    );
    const nodeSecretName = `${clusterName}-node-tls`;
    const node = new k8s.apiextensions.CustomResource(
        `${name}-node-tls`,
        {
            apiVersion: "cert-manager.io/v1",
            kind: "Certificate",
            metadata: meta(nodeSecretName),
            spec: {
                secretName: nodeSecretName,
                commonName: `${clusterName}-${args.dc}`,
                dnsNames: nodeDnsNames(clusterName, args.dc, namespace),
                duration: CERT_DURATIONS.leaf,
                renewBefore: CERT_DURATIONS.renewBefore,
                usages: ["server auth", "client auth", "digital signature", "key encipherment"],
                privateKey: { algorithm: "RSA", size: 2048, encoding: "PKCS8", rotationPolicy: "Always" },
                keystores: { jks: { create: true, passwordSecretRef: { name: passwordSecretName, key: "password" } } },
                issuerRef: issuerRef(`${clusterName}-ca-issuer`),
            },
        },
        pulumi.mergeOptions(opts, { dependsOn: [caIssuer, passwordSecret] }),
    );
    const clientSecretName = `${clusterName}-client-tls`;
    const clientIssuerRef = { name: args.clientIssuer, kind: "ClusterIssuer", group: "cert-manager.io" };
    const client = new k8s.apiextensions.CustomResource(
        `${name}-client-tls`,
        {
            apiVersion: "cert-manager.io/v1",
            kind: "Certificate",
            metadata: meta(clientSecretName),
            spec: {
                secretName: clientSecretName,
                commonName: `${clusterName}-${args.dc}-service.${namespace}.svc`,
                dnsNames: nodeDnsNames(clusterName, args.dc, namespace),
                duration: CERT_DURATIONS.leaf,
                renewBefore: CERT_DURATIONS.renewBefore,
                usages: ["server auth", "digital signature", "key encipherment"],
                privateKey: { algorithm: "RSA", size: 2048, encoding: "PKCS8", rotationPolicy: "Always" },
                keystores: { jks: { create: true, passwordSecretRef: { name: passwordSecretName, key: "password" } } },
                issuerRef: clientIssuerRef,
            },
        },
        pulumi.mergeOptions(opts, { dependsOn: [passwordSecret] }),
    );
    const resources: pulumi.Resource[] = [selfSigned, ca, caIssuer, passwordSecret, node, client];
    let medusaClientSecretName: string | undefined;
    if (args.medusaClient) {
        medusaClientSecretName = `${clusterName}-medusa-client-tls`;
        resources.push(
            new k8s.apiextensions.CustomResource(
                `${name}-medusa-client-tls`,
                {
                    apiVersion: "cert-manager.io/v1",
                    kind: "Certificate",
                    metadata: meta(medusaClientSecretName),
                    spec: {
                        secretName: medusaClientSecretName,
                        commonName: `${clusterName}-medusa`,
                        duration: CERT_DURATIONS.leaf,
                        renewBefore: CERT_DURATIONS.renewBefore,
                        usages: ["client auth", "digital signature", "key encipherment"],
                        privateKey: { algorithm: "RSA", size: 2048, encoding: "PKCS1", rotationPolicy: "Always" },
                        issuerRef: clientIssuerRef,
                    },
                },
                opts,
            ),
        );
    }
    const password = { name: passwordSecretName, key: "password" };
    return {
        stores: {
            keystoreSecretRef: { name: nodeSecretName, key: "keystore.jks" },
            truststoreSecretRef: { name: nodeSecretName, key: "truststore.jks" },
            keystorePasswordSecretRef: password,
            truststorePasswordSecretRef: password,
        },
        clientStores: {
            keystoreSecretRef: { name: clientSecretName, key: "keystore.jks" },
            truststoreSecretRef: { name: clientSecretName, key: "truststore.jks" },
            keystorePasswordSecretRef: password,
            truststorePasswordSecretRef: password,
        },
        caSecretName: clientSecretName,
        ...(medusaClientSecretName ? { medusaClientSecretName } : {}),
        resources,
    };
}
