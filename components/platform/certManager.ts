import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { controlPlacement, PLATFORM_LABELS } from "./common";
import { PLATFORM_VERSIONS } from "./versions";

/**
 * cert-manager and trust-manager as a platform component, and the platform CA.
 *
 * - cert-manager (pinned chart) issues the webhook certificates of k8ssandra-operator/cass-operator, the
 *   Cassandra TLS stores in prod and the Kafka listener certificate.
 * - The platform CA: a self-signed root (`Certificate` `tristack-ca`, 10 years, key never rotated, renewed a
 *   year before it ends) in cert-manager's namespace, and the `ClusterIssuer` `tristack-ca` that signs with it.
 *   A ClusterIssuer reads its CA Secret from cert-manager's "cluster resource namespace", the namespace
 *   cert-manager runs in (https://cert-manager.io/docs/configuration/ca/), so the root lives there.
 * - trust-manager (pinned chart) copies the root's `ca.crt` into the ConfigMap `tristack-ca` of every
 *   namespace labelled `app.kubernetes.io/part-of=tristack` (all platform and tenant namespaces) and rewrites
 *   it whenever the source Secret changes. A Bundle reads its sources only from trust-manager's trust namespace
 *   (https://cert-manager.io/docs/trust/trust-manager/, "trust namespace"), which is therefore cert-manager's
 *   namespace too.
 *
 * `certManager.install` decides what the platform installs: both (the default), only trust-manager (the
 * cluster already runs cert-manager), or neither (both already run; their namespace must be trust-manager's
 * trust namespace and cert-manager's cluster resource namespace). Installing a second cert-manager over an
 * existing one fails in Helm on the CRDs' ownership annotations, so `existing` clusters say what they have.
 */

/** Name of the platform CA: its Certificate, Secret, ClusterIssuer, Bundle and the ConfigMap in every namespace. */
export const PLATFORM_CA = "tristack-ca";
/** Key of the CA certificate (PEM) in the `tristack-ca` ConfigMap. */
export const PLATFORM_CA_KEY = "ca.crt";
/** The self-signed ClusterIssuer that signs the platform CA's root. */
export const SELF_SIGNED_ISSUER = "tristack-selfsigned";
/** Namespaces that receive the `tristack-ca` ConfigMap (every namespace the platform creates carries it). */
export const CA_TARGET_SELECTOR = { matchLabels: { "app.kubernetes.io/part-of": PLATFORM_LABELS["app.kubernetes.io/part-of"] } } as const;
/** Root lifetime (10 years) and how long before its end cert-manager renews it (1 year, same key). */
export const CA_DURATIONS = { duration: "87600h", renewBefore: "8760h" } as const;
/**
 * trust-manager's webhook port. The chart's default is 6443; 9443 is one of the platform's webhook ports
 * (networkPolicies.ts WEBHOOK_PORTS), so the namespace's webhook policy admits the API server's calls.
 */
export const TRUST_MANAGER_WEBHOOK_PORT = 9443;

/** What the platform installs itself (`certManager.install` in the spec). */
export type CertManagerInstall = "both" | "trust-manager" | "none";

/** Requests (= memory limits) of the pods. */
export const CERT_MANAGER_RESOURCES = {
    controller: { cpu: "50m", memory: "128Mi" },
    webhook: { cpu: "20m", memory: "64Mi" },
    cainjector: { cpu: "20m", memory: "192Mi" },
    trustManager: { cpu: "20m", memory: "128Mi" },
} as const;

const resources = (r: { cpu: string; memory: string }) => ({ requests: { cpu: r.cpu, memory: r.memory }, limits: { memory: r.memory } });

/** Inputs of the values builders. */
export interface CertManagerValuesArgs {
    /** The namespace cert-manager and trust-manager run in (and trust-manager's trust namespace). */
    readonly namespace: string;
    /** PriorityClass of platform operators. */
    readonly priorityClassName: string;
    /** Prometheus Operator ServiceMonitor labels, when monitoring is on. */
    readonly monitorLabels?: Readonly<Record<string, string>>;
}

/**
 * Helm values of cert-manager: CRDs templated and kept when the release goes (`crds.keep` adds
 * `helm.sh/resource-policy: keep`), every pod on the system/general pools.
 * @param args namespace, priority class and monitoring
 */
export function certManagerValues(args: CertManagerValuesArgs): Record<string, unknown> {
    const { affinity, tolerations } = controlPlacement();
    const place = { affinity, tolerations };
    return {
        crds: { enabled: true, keep: true },
        global: { priorityClassName: args.priorityClassName, leaderElection: { namespace: args.namespace } },
        ...place,
        resources: resources(CERT_MANAGER_RESOURCES.controller),
        webhook: { ...place, resources: resources(CERT_MANAGER_RESOURCES.webhook) },
        cainjector: { ...place, resources: resources(CERT_MANAGER_RESOURCES.cainjector) },
        startupapicheck: { ...place, resources: resources(CERT_MANAGER_RESOURCES.webhook) },
        prometheus: { enabled: args.monitorLabels !== undefined, servicemonitor: { enabled: args.monitorLabels !== undefined, labels: { ...(args.monitorLabels ?? {}) } } },
    };
}

/**
 * Helm values of trust-manager: its trust namespace is cert-manager's namespace, Bundle CRD kept, no
 * default public CA package (the platform CA is the only source) and no Secret targets (ConfigMaps only,
 * so trust-manager gets no write access to Secrets).
 * @param args namespace, priority class and monitoring
 */
export function trustManagerValues(args: CertManagerValuesArgs): Record<string, unknown> {
    const { affinity, tolerations } = controlPlacement();
    return {
        crds: { enabled: true, keep: true },
        defaultPackage: { enabled: false },
        secretTargets: { enabled: false },
        priorityClassName: args.priorityClassName,
        affinity,
        tolerations,
        resources: resources(CERT_MANAGER_RESOURCES.trustManager),
        app: {
            trust: { namespace: args.namespace },
            webhook: { port: TRUST_MANAGER_WEBHOOK_PORT },
            metrics: { service: { servicemonitor: { enabled: args.monitorLabels !== undefined, labels: { ...(args.monitorLabels ?? {}) } } } },
        },
    };
}

/**
 * The trust-manager Bundle that delivers the platform CA.
 * @param caSecretName the root's Secret in the trust namespace
 */
export function caBundleSpec(caSecretName: string): Record<string, unknown> {
    return {
        sources: [{ secret: { name: caSecretName, key: PLATFORM_CA_KEY } }],
        target: { configMap: { key: PLATFORM_CA_KEY }, namespaceSelector: { matchLabels: { ...CA_TARGET_SELECTOR.matchLabels } } },
    };
}

/** What the data services get from the platform's certificate authority. */
export interface PlatformCertificates {
    /** The namespace cert-manager runs in (its cluster resource namespace, trust-manager's trust namespace). */
    readonly namespace: string;
    /** `ClusterIssuer` name of the platform CA (issuerRef `{ kind: ClusterIssuer, group: cert-manager.io }`). */
    readonly clusterIssuer: string;
    /** The ConfigMap every tristack namespace carries with the CA certificate, and its key. */
    readonly caConfigMap: { readonly name: string; readonly key: string };
    /** Everything: the releases, the ClusterIssuer, the Bundle (what reads the `tristack-ca` ConfigMap waits for). */
    readonly ready: readonly pulumi.Resource[];
    /**
     * What a chart that renders its own cert-manager Issuer and Certificate waits for: the cert-manager
     * release: its CRDs, and its webhook, which must answer before any cert-manager object is admitted
     * (webhook.cert-manager.io, failurePolicy: Fail, cert-manager deploy/charts/cert-manager/templates/
     * webhook-validating-webhook.yaml; before it answers a create fails with "failed calling webhook
     * \"webhook.cert-manager.io\" ... no endpoints available", pulumi/pulumi-kubernetes#1098). Not
     * trust-manager, the platform CA or its Bundle. Empty when
     * the cluster already runs cert-manager.
     */
    readonly webhookReady: readonly pulumi.Resource[];
    /** What a Certificate signed by the platform CA waits for: cert-manager and the `tristack-ca` ClusterIssuer with its root (not trust-manager). */
    readonly issuerReady: readonly pulumi.Resource[];
}

/** Inputs of {@link createCertManager}. */
export interface CertManagerArgs extends CertManagerValuesArgs {
    /** What to install (the rest is already on the cluster). */
    readonly install: CertManagerInstall;
    /** Protect and retain the releases and the CA root (prod). */
    readonly keep: boolean;
    /** Common name of the root (the stack's name). */
    readonly caCommonName: string;
}

/**
 * Install what `install` asks for, then the platform CA and its Bundle.
 * @param name base logical name
 * @param args what to install and where
 * @param opts options (provider, parent, dependsOn the namespace and its guards)
 */
export function createCertManager(name: string, args: CertManagerArgs, opts: pulumi.CustomResourceOptions): PlatformCertificates {
    const keep: pulumi.CustomResourceOptions = args.keep ? { protect: true, retainOnDelete: true } : {};
    const release = (logical: string, v: { chart: string; repo: string; version: string }, values: Record<string, unknown>, o: pulumi.CustomResourceOptions) =>
        new k8s.helm.v3.Release(`${name}-${logical}`, { name: v.chart, chart: v.chart, version: v.version, repositoryOpts: { repo: v.repo }, namespace: args.namespace, values }, pulumi.mergeOptions(o, keep));
    const certManager = args.install === "both" ? release("cert-manager", PLATFORM_VERSIONS.certManager, certManagerValues(args), opts) : undefined;
    const afterCertManager = pulumi.mergeOptions(opts, { dependsOn: certManager ? [certManager] : [] });
    // trust-manager's chart asks cert-manager for its webhook certificate, so it comes second.
    const trustManager = args.install === "none" ? undefined : release("trust-manager", PLATFORM_VERSIONS.trustManager, trustManagerValues(args), afterCertManager);
    const operators: pulumi.Resource[] = [...(certManager ? [certManager] : []), ...(trustManager ? [trustManager] : [])];
    const afterOperators = pulumi.mergeOptions(opts, { dependsOn: operators });

    const labels = { ...PLATFORM_LABELS };
    const selfSigned = new k8s.apiextensions.CustomResource(
        `${name}-selfsigned-issuer`,
        { apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer", metadata: { name: SELF_SIGNED_ISSUER, labels }, spec: { selfSigned: {} } },
        // The issuers and the root are cert-manager's objects: they wait for cert-manager, not trust-manager.
        afterCertManager,
    );
    const root = new k8s.apiextensions.CustomResource(
        `${name}-ca`,
        {
            apiVersion: "cert-manager.io/v1",
            kind: "Certificate",
            metadata: { name: PLATFORM_CA, namespace: args.namespace, labels },
            spec: {
                isCA: true,
                commonName: `${args.caCommonName} platform CA`,
                secretName: PLATFORM_CA,
                duration: CA_DURATIONS.duration,
                renewBefore: CA_DURATIONS.renewBefore,
                // The same key across renewals: certificates signed by the old root still verify against the new one.
                privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Never" },
                issuerRef: { name: SELF_SIGNED_ISSUER, kind: "ClusterIssuer", group: "cert-manager.io" },
            },
        },
        pulumi.mergeOptions(afterCertManager, { dependsOn: [selfSigned], ...(args.keep ? { protect: true } : {}) }),
    );
    const issuer = new k8s.apiextensions.CustomResource(
        `${name}-ca-issuer`,
        { apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer", metadata: { name: PLATFORM_CA, labels }, spec: { ca: { secretName: PLATFORM_CA } } },
        pulumi.mergeOptions(afterCertManager, { dependsOn: [root] }),
    );
    const bundle = new k8s.apiextensions.CustomResource(
        `${name}-ca-bundle`,
        { apiVersion: "trust.cert-manager.io/v1alpha1", kind: "Bundle", metadata: { name: PLATFORM_CA, labels }, spec: caBundleSpec(PLATFORM_CA) },
        pulumi.mergeOptions(afterOperators, { dependsOn: [root] }),
    );
    return { namespace: args.namespace, clusterIssuer: PLATFORM_CA, caConfigMap: { name: PLATFORM_CA, key: PLATFORM_CA_KEY }, ready: [...operators, selfSigned, root, issuer, bundle], webhookReady: certManager ? [certManager] : [], issuerReady: [...(certManager ? [certManager] : []), selfSigned, root, issuer] };
}
