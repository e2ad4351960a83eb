import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/**
 * The client listener's certificate, from the platform CA that every tristack namespace already trusts.
 *
 * Strimzi signs its listeners with its own cluster CA (`<cluster>-cluster-ca-cert` in `kafka`, 365 days,
 * renewed 30 days before the end). Tenants cannot read that Secret, Kubernetes has no cross-namespace
 * Secret, and trust-manager copies only from its own trust namespace, so a copy of the cluster CA would go
 * stale at Strimzi's first renewal. Instead the `tls` listener presents a certificate that cert-manager
 * issues from the platform ClusterIssuer (`brokerCertChainAndKey`, Strimzi "Providing your own listener
 * certificates"); trust-manager keeps that CA's certificate in the ConfigMap `tristack-ca` of every
 * tenant namespace. cert-manager renews the listener certificate before it expires, and Strimzi rolls
 * the brokers when the Secret changes ("When the certificate or key in the brokerCertChainAndKey secret is
 * updated, the operator automatically detects it in the next reconciliation and triggers a rolling
 * update", Streams for Apache Kafka 3.1 API reference, GenericKafkaListenerConfiguration; Strimzi
 * strimzi/strimzi-kafka-operator#9568). Replication and the operator's own clients keep the cluster CA on
 * the internal port 9091; the external listener keeps it too (its load-balancer addresses are not known
 * before the cloud makes them).
 */

/** Leaf lifetime and renewal: a year, renewed 30 days before the end (like Strimzi's own certificates). */
export const LISTENER_CERT_DURATIONS = { duration: "8760h", renewBefore: "720h" } as const;
/** Keys of the certificate and key in the cert-manager Secret (`kubernetes.io/tls`). */
export const LISTENER_CERT_KEYS = { certificate: "tls.crt", key: "tls.key" } as const;

/**
 * The Secret name of the client listener's certificate.
 * @param clusterName the Kafka resource's name
 */
export function listenerCertSecretName(clusterName: string): string {
    return `${clusterName}-kafka-listener-tls`;
}

/**
 * The names the certificate covers: the bootstrap Service and every broker behind the headless
 * `<cluster>-kafka-brokers` Service, short and qualified, as Strimzi's SAN examples for a TLS listener
 * list them (Strimzi "Subject Alternative Names for Kafka listener certificates": `*.<cluster>-kafka-brokers`,
 * `*.<cluster>-kafka-brokers.<namespace>.svc`, `<cluster>-kafka-bootstrap`,
 * `<cluster>-kafka-bootstrap.<namespace>.svc`), plus `.svc.cluster.local` forms.
 * @param clusterName the Kafka resource's name
 * @param namespace the Kafka namespace
 */
export function listenerDnsNames(clusterName: string, namespace: string): string[] {
    const forms = (host: string) => [host, `${host}.${namespace}`, `${host}.${namespace}.svc`, `${host}.${namespace}.svc.cluster.local`];
    return [...forms(`${clusterName}-kafka-bootstrap`), ...forms(`*.${clusterName}-kafka-brokers`)];
}

/**
 * The cert-manager Certificate spec of the listener. The key is PKCS#8: Kafka's PEM key stores read only
 * PKCS#8 keys (KIP-651).
 * @param clusterName the Kafka resource's name
 * @param namespace the Kafka namespace
 * @param clusterIssuer the platform CA's ClusterIssuer
 */
export function listenerCertificateSpec(clusterName: string, namespace: string, clusterIssuer: string): Record<string, unknown> {
    return {
        secretName: listenerCertSecretName(clusterName),
        commonName: `${clusterName}-kafka-bootstrap.${namespace}.svc`,
        dnsNames: listenerDnsNames(clusterName, namespace),
        duration: LISTENER_CERT_DURATIONS.duration,
        renewBefore: LISTENER_CERT_DURATIONS.renewBefore,
        usages: ["server auth", "digital signature", "key encipherment"],
        privateKey: { algorithm: "RSA", size: 2048, encoding: "PKCS8", rotationPolicy: "Always" },
        issuerRef: { name: clusterIssuer, kind: "ClusterIssuer", group: "cert-manager.io" },
    };
}

/**
 * The listener's `configuration.brokerCertChainAndKey`.
 * @param clusterName the Kafka resource's name
 */
export function brokerCertChainAndKey(clusterName: string): { secretName: string; certificate: string; key: string } {
    return { secretName: listenerCertSecretName(clusterName), ...LISTENER_CERT_KEYS };
}

/**
 * Create the listener's Certificate in the Kafka namespace.
 * @param name base logical name
 * @param meta cluster, namespace and issuer
 * @param meta.clusterName the Kafka resource's name
 * @param meta.namespace the Kafka namespace
 * @param meta.clusterIssuer the platform CA's ClusterIssuer
 * @param opts options (provider, parent, dependsOn the platform's cert-manager)
 */
export function createListenerCertificate(
    name: string,
    meta: { readonly clusterName: string; readonly namespace: string; readonly clusterIssuer: string },
    opts: pulumi.CustomResourceOptions,
): k8s.apiextensions.CustomResource {
    return new k8s.apiextensions.CustomResource(
        `${name}-listener-tls`,
        {
            apiVersion: "cert-manager.io/v1",
            kind: "Certificate",
            metadata: { name: listenerCertSecretName(meta.clusterName), namespace: meta.namespace, labels: { "app.kubernetes.io/part-of": "tristack-kafka" } },
            spec: listenerCertificateSpec(meta.clusterName, meta.namespace, meta.clusterIssuer),
        },
        opts,
    );
}
