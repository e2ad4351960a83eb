import { z } from "zod";
import type { Cloud, PoolRole } from "./nodeClass";
import { firstPoolWithRole } from "./selectors";
import { IMAGE_BY_DIGEST } from "./sparkImage";

/**
 * `notebooks`: JupyterHub (the upstream `jupyterhub` chart) with single-user servers in the tenants'
 * namespaces and one Spark Connect server per tenant (docs/services/notebooks.md). Off by default.
 * The schema and the rules that need the spec alone live here; the profile sizes are checked against
 * the pools' allocatable before anything is registered (components/data/notebooks/profiles.ts).
 */

/** The profiles a user may choose from, per tenant. */
export const NOTEBOOK_PROFILES = ["small", "large", "gpu"] as const;
/** One profile name. */
export type NotebookProfileName = (typeof NOTEBOOK_PROFILES)[number];

/** Default idle timeout of a single-user server, minutes (the chart's `cull.timeout` is 3600 s). */
export const DEFAULT_CULL_IDLE_MINUTES = 60;
/** Default home volume per user, GiB (the chart's `singleuser.storage.capacity` is 10Gi). */
export const DEFAULT_NOTEBOOK_STORAGE_GIB = 10;

/** A Kubernetes object name (Secret names are DNS subdomains). */
const SECRET_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A DNS name (the hub's host name, for its certificate and the OAuth callback). */
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
/**
 * A Cognito user pool domain as its hosted UI serves OAuth: `https://<prefix>.auth.<region>.amazoncognito.com`
 * or a custom domain (https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-assign-domain.html).
 */
const HTTPS_ORIGIN = /^https:\/\/[a-z0-9.-]+(:\d+)?$/;

/** One profile's size; unset fields are sized from the pool's allocatable. */
export const NotebookProfileSpec = z.strictObject({
    /** CPU cores requested (and guaranteed). @default a share of the pool's allocatable */
    cpu: z.number().positive().max(448).optional().meta({ description: "CPU cores the server requests.", defaultText: "small: 1/8, large: 1/2 of what a node of the pool leaves after its DaemonSets; gpu: one GPU's share" }),
    /** Memory requested and limited, GiB. @default a share of the pool's allocatable */
    memoryGiB: z.number().positive().max(12288).optional().meta({ description: "Memory the server requests, GiB (also its limit).", defaultText: "the same share of the node's memory as of its CPU" }),
});

/** A Kubernetes Secret the deployer created in the `notebooks` namespace, by name (never its value). */
export const SecretRefSpec = z.strictObject({
    /** Secret name. */
    name: z.string().max(253).regex(SECRET_NAME, { message: "must be a Kubernetes Secret name" }).describe("Name of the Secret in the `notebooks` namespace."),
    /** Key holding the value. @default "client-secret" */
    key: z.string().min(1).max(253).default("client-secret").describe("Key in the Secret that holds the value."),
});

/** How users sign in, per cloud; only the stack's cloud entry is used. */
export const NotebookAuthenticatorSpec = z.strictObject({
    /** The OAuth client secret: an existing Secret in `notebooks` (never the value). Required on aws, gcp and azure. */
    clientSecret: SecretRefSpec.optional().describe("The OAuth client secret, as an existing Secret in the `notebooks` namespace (the value never goes in the spec); required on aws, gcp and azure."),
    /** AWS: an Amazon Cognito user pool (federated to your IdP) through GenericOAuthenticator. */
    aws: z
        .strictObject({
            cognitoDomain: z.string().regex(HTTPS_ORIGIN, { message: "must be the user pool's https domain, e.g. https://<prefix>.auth.us-east-1.amazoncognito.com" }).describe("The user pool's domain, `https://<prefix>.auth.<region>.amazoncognito.com` or your custom domain."),
            clientId: z.string().min(1).max(128).describe("The app client id."),
        })
        .optional()
        .describe("AWS: an Amazon Cognito user pool federated to your IdP (GenericOAuthenticator); a user's tenants are the groups whose IAM role (`cognito:roles`) is in `tenants.<t>.members.aws.roleArns`."),
    /** GCP: Google sign-in (GoogleOAuthenticator) restricted to a Workspace / Cloud Identity domain. */
    gcp: z
        .strictObject({
            clientId: z.string().min(1).max(256).describe("The OAuth client id (`….apps.googleusercontent.com`)."),
            hostedDomain: z.string().regex(HOSTNAME, { message: "must be a domain such as example.com" }).describe("The Workspace / Cloud Identity domain users must belong to."),
            adminUsers: z.array(z.email({ message: "must be a user's email address" })).min(1).describe("Hub admins (emails), who put users into the tenant groups in the hub's admin page (no key-less group lookup on Google)."),
        })
        .optional()
        .describe("GCP: Google sign-in (GoogleOAuthenticator) for one domain. Group membership is not looked up (it needs a service-account key); hub admins add users to the tenant groups (docs/services/notebooks.md)."),
    /** Azure: Microsoft Entra ID (AzureAdOAuthenticator). */
    azure: z
        .strictObject({
            clientId: z.string().min(1).max(128).describe("The app registration's client id."),
            tenantId: z.guid({ message: "must be the Entra tenant id (a GUID)" }).describe("The Entra tenant id."),
        })
        .optional()
        .describe("Azure: Microsoft Entra ID (AzureAdOAuthenticator); a user's tenants are the groups (object ids in the token's `groups` claim) named in `tenants.<t>.members.azure.groupObjectId`."),
    /** Existing clusters, dev/staging only: JupyterHub's DummyAuthenticator with a generated shared password. */
    existing: z
        .strictObject({
            users: z.record(z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, { message: "user names are lowercase letters, digits, '.', '_' or '-'" }), z.array(z.string().min(1)).min(1)).describe("User name -> tenants they may spawn into."),
        })
        .optional()
        .describe("Existing clusters, dev/staging only: JupyterHub's DummyAuthenticator with a generated shared password (key `dummy-password` of the Secret `jupyterhub-generated` in `notebooks`); users and their tenants listed here."),
});

/** The `notebooks` block. */
export const NotebooksSpec = z.strictObject({
    /** Deploy JupyterHub and per-tenant Spark Connect. @default false */
    enabled: z.boolean().default(false).describe("Deploy JupyterHub (servers in the tenant namespaces) and a Spark Connect server per tenant; needs `spark.enabled`."),
    /** Pool of the small and large profiles (`general` or `large-core`). @default the first general pool */
    pool: z.string().optional().meta({ description: "Pool of the small and large profiles (`general` or `large-core`).", defaultText: "the first general pool" }),
    /** Pool of the GPU profile. @default `spark.gpuPool`, else the first gpu pool */
    gpuPool: z.string().optional().meta({ description: "Pool of the GPU profile (a `gpu` pool).", defaultText: "`spark.gpuPool`, else the first gpu pool; no GPU pool: no GPU profile" }),
    /** Profile sizes. */
    profiles: z
        .strictObject({
            small: NotebookProfileSpec.default({}).describe("The default profile."),
            large: NotebookProfileSpec.default({}).describe("A bigger server on the same pool."),
            gpu: NotebookProfileSpec.optional().meta({ description: "A server with one GPU on the GPU pool; refused without a GPU pool.", defaultText: "offered, sized from the GPU pool, when there is one" }),
        })
        .default({ small: {}, large: {} })
        .describe("Profiles offered per tenant; each must fit one node of its pool."),
    /** Stop servers idle this long, minutes. @default 60 */
    cullIdleMinutes: z.number().int().min(5).max(10080).default(DEFAULT_CULL_IDLE_MINUTES).describe("Stop a server idle this long (jupyterhub-idle-culler), minutes."),
    /** Home volume per user, GiB, on `tristack-standard`. @default 10 */
    storageGiB: z.number().int().min(1).max(1024).default(DEFAULT_NOTEBOOK_STORAGE_GIB).describe("Home volume per user and tenant, GiB, on the `tristack-standard` class (counts against the tenant's storage quota)."),
    /** Single-user image by digest. @default the pinned images/notebook base */
    image: z
        .string()
        .regex(IMAGE_BY_DIGEST, { message: "must be an image reference pinned by digest: <registry>/<repository>[:<tag>]@sha256:<64 hex digits>" })
        .optional()
        .meta({
            description: "Single-user server image, by digest: the image built from `images/notebook` (pyspark[connect] matching the platform's Spark). The pipeline sets it, in stacks with notebooks on, to the digest its `notebook-image` job produced.",
            defaultText: "set by the pipeline; unset, the pinned base of `images/notebook` (a warning says so)",
        }),
    /** Host name users reach the hub at (certificate, OAuth callback). */
    hostname: z.string().regex(HOSTNAME, { message: "must be a DNS name such as notebooks.data.example.com" }).optional().describe("DNS name users reach the hub at, inside your network (its TLS certificate and the OAuth callback URL); required on aws, gcp and azure."),
    /** TLS of the hub. @default a certificate from the platform CA */
    tlsSecret: z.string().max(253).regex(SECRET_NAME, { message: "must be a Kubernetes Secret name" }).optional().meta({ description: "An existing `kubernetes.io/tls` Secret in `notebooks` for the hub (e.g. from your corporate CA).", defaultText: "a cert-manager Certificate from the platform CA" }),
    /** How users sign in. */
    authenticator: NotebookAuthenticatorSpec.default({}).describe("How users sign in, per cloud; only the stack's cloud entry is used, and it is required."),
});

/** Notebook settings after defaults. */
export type NotebooksSettings = z.output<typeof NotebooksSpec>;

/** Which pools the notebooks use, after defaults. */
export interface NotebookPools {
    readonly cpu?: string;
    readonly gpu?: string;
}

/** The minimal spec view the notebook rules read. */
export interface NotebooksDraft {
    readonly cloud: Cloud;
    readonly environment: "dev" | "staging" | "prod";
    readonly nodePools: Readonly<Record<string, { readonly role: PoolRole }>>;
    readonly tenants: Readonly<Record<string, unknown>>;
    readonly spark: { readonly enabled: boolean; readonly gpuPool?: string };
    readonly notebooks: NotebooksSettings;
}

/**
 * The notebooks' pools: `notebooks.pool` else the first general pool; `notebooks.gpuPool`, else
 * Spark's GPU pool, else the first gpu pool.
 * @param spec the spec
 */
export function notebookPools(spec: Pick<NotebooksDraft, "nodePools" | "spark" | "notebooks">): NotebookPools {
    return {
        cpu: spec.notebooks.pool ?? firstPoolWithRole(spec, "general"),
        gpu: spec.notebooks.gpuPool ?? spec.spark.gpuPool ?? firstPoolWithRole(spec, "gpu"),
    };
}

/** What each cloud's authenticator needs, for error messages. */
const AUTH_EXAMPLE: Readonly<Record<Cloud, string>> = {
    aws: `authenticator: { aws: { cognitoDomain: "https://<prefix>.auth.<region>.amazoncognito.com", clientId: "<app client id>" }, clientSecret: { name: "<Secret in notebooks>" } }`,
    gcp: `authenticator: { gcp: { clientId: "<id>.apps.googleusercontent.com", hostedDomain: "<your domain>", adminUsers: ["<admin>@<your domain>"] }, clientSecret: { name: "<Secret in notebooks>" } }`,
    azure: `authenticator: { azure: { clientId: "<app registration client id>", tenantId: "<Entra tenant id>" }, clientSecret: { name: "<Secret in notebooks>" } }`,
    existing: `authenticator: { existing: { users: { alice: ["<tenant>"] } } }`,
};

/**
 * The spec-only rules of `notebooks`: Spark on; the pools exist with the right roles; a GPU profile
 * only with a GPU pool; the stack's cloud has its authenticator, a client-secret reference and a host
 * name; the dummy authenticator only on an existing cluster outside prod, naming known tenants.
 * @param spec the parsed spec with defaults
 * @param issue reports one problem at a key path
 */
export function checkNotebooks(spec: NotebooksDraft, issue: (path: (string | number)[], message: string, input: unknown) => void): void {
    const n = spec.notebooks;
    if (!n.enabled) return;
    const at = (...rest: (string | number)[]) => ["notebooks", ...rest];
    if (!spec.spark.enabled) issue(at("enabled"), "notebooks need Spark (each tenant's Spark Connect server is a spark-operator SparkConnect): set spark.enabled: true", true);
    const pools = notebookPools(spec);
    const cpuPool = pools.cpu === undefined ? undefined : spec.nodePools[pools.cpu];
    if (!cpuPool) issue(at("pool"), `pool ${pools.cpu === undefined ? "(no general pool)" : `"${pools.cpu}"`} is not in nodePools; name a general or large-core pool`, n.pool);
    else if (cpuPool.role !== "general" && cpuPool.role !== "large-core") issue(at("pool"), `pool "${pools.cpu}" has role ${cpuPool.role}; notebooks run on a general or large-core pool`, n.pool);
    const gpuPool = pools.gpu === undefined ? undefined : spec.nodePools[pools.gpu];
    if (n.gpuPool !== undefined && gpuPool?.role !== "gpu") issue(at("gpuPool"), `"${n.gpuPool}" is not a gpu pool of nodePools`, n.gpuPool);
    if (n.profiles.gpu !== undefined && gpuPool?.role !== "gpu") {
        issue(at("profiles", "gpu"), "a GPU profile needs a gpu pool; add one to nodePools (role: gpu) or remove notebooks.profiles.gpu", n.profiles.gpu);
    }
    const auth = n.authenticator;
    const mine = auth[spec.cloud];
    if (mine === undefined) {
        issue(at("authenticator", spec.cloud), `cloud "${spec.cloud}" needs its sign-in settings: ${AUTH_EXAMPLE[spec.cloud]}`, undefined);
    }
    if (spec.cloud === "existing") {
        if (spec.environment === "prod") issue(at("authenticator", "existing"), "the dummy authenticator (one shared password) is for dev and staging only", auth.existing);
        for (const [user, tenants] of Object.entries(auth.existing?.users ?? {})) {
            tenants.forEach((t, i) => {
                if (!(t in spec.tenants)) issue(at("authenticator", "existing", "users", user, i), `"${t}" is not a tenant; known: ${Object.keys(spec.tenants).join(", ") || "(none)"}`, t);
            });
        }
    } else {
        if (auth.clientSecret === undefined) issue(at("authenticator", "clientSecret"), `${spec.cloud} sign-in needs the OAuth client secret as an existing Secret in the notebooks namespace: clientSecret: { name: "<secret>", key: "client-secret" }`, undefined);
        if (n.hostname === undefined) issue(at("hostname"), `${spec.cloud} sign-in needs the host name users reach the hub at (the OAuth callback is https://<hostname>/hub/oauth_callback)`, undefined);
    }
}
