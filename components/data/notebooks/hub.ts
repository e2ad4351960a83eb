import type { NotebookSignIn } from "../../clouds/notebookSignIn";
import type { InternalLoadBalancer } from "../../clouds/clusterHandle";
import { POOL_LABEL } from "../../spec";
import type { ControlPlacement } from "../spark/placement";
import { tolerationsFor } from "../spark/placement";
import type { NotebookProfile } from "./profiles";
import { chartImage, NOTEBOOK_VERSIONS } from "./versions";

/**
 * Helm values of the upstream `jupyterhub` chart 4.4.0 (jupyterhub/zero-to-jupyterhub-k8s, commit
 * 5c5f5df751588a68a7781ead01d0f62e88e2e72f): every key below is in that tag's `jupyterhub/values.yaml`,
 * and what the hub does with it is in `jupyterhub/files/hub/jupyterhub_config.py`. Pure functions.
 *
 * Single-user servers run in the TENANT's namespace. KubeSpawner 7.0.0 (jupyterhub/kubespawner commit
 * a8f28439078e42e8012de8f141b51bd6fa96d9c7, the release the chart's hub image installs):
 * - `profile_list` may be a callable of the spawner (`kubespawner/spawner.py` `profile_list = Union([List(Dict()), Callable()])`);
 *   `load_user_options` calls it and `_validate_user_options` refuses a profile not in what it
 *   returned, so a user can only start a profile of the tenants whose group they are in;
 * - `kubespawner_override` may set `namespace` ("namespace can be changed via kubespawner_override,
 *   start watching pods only after load_user_options() is called", `_start`), and `get_state` keeps the
 *   namespace so the server is found and stopped there; the PVC is made in the same namespace;
 * - `service_account`, `extra_labels`, `node_selector`, `tolerations`, `extra_resource_guarantees` /
 *   `extra_resource_limits`, `container_security_context`, `pod_security_context`, `environment` are
 *   the per-profile overrides used below.
 * The chart's `hub_connect_url` is `http://hub:8081` (a short name only the chart's namespace resolves),
 * so servers in tenant namespaces get the hub's cluster DNS name instead (hub.extraConfig runs last).
 */

/** Name of the release (and the chart's component names: `hub`, `proxy`, `proxy-public`). */
export const HUB_RELEASE = "jupyterhub";
/** The hub's ServiceAccount the chart creates (`jupyterhub.hub-serviceaccount.fullname` = `hub`). */
export const HUB_SERVICE_ACCOUNT = "hub";
/** Ports (chart templates: hub/deployment.yaml `http` 8081, proxy/deployment.yaml `http` 8000, `https` 8443, `api` 8001). */
export const HUB_PORTS = { hub: 8081, proxyHttp: 8000, proxyHttps: 8443, proxyApi: 8001 } as const;
/** The port jupyterhub-singleuser listens on (KubeSpawner `port` default 8888). */
export const SINGLEUSER_PORT = 8888;
/** The Spark Connect gRPC port (spark-operator sparkconnect/reconciler.go `mutateServerService`: `spark-connect-server` 15002). */
export const SPARK_CONNECT_PORT = 15002;
/** Label every single-user pod carries (and the tenant policies select). */
export const NOTEBOOK_POD_LABEL = { "tristack.io/component": "notebook" } as const;
/** Pod labels the chart puts on the hub and the proxy (`component`, jupyterhub.matchLabels). */
export const HUB_COMPONENT_LABELS = { hub: { component: "hub" }, proxy: { component: "proxy" } } as const;

/** Where one tenant's servers go. */
export interface TenantNotebookTarget {
    readonly tenant: string;
    /** The tenant namespace. */
    readonly namespace: string;
    /** The tenant's workload ServiceAccount (bound to its object-store prefix). */
    readonly serviceAccount: string;
    /** Labels the identity binding needs on pods. */
    readonly podLabels: Readonly<Record<string, string>>;
    /** JupyterHub groups whose members may use this tenant. */
    readonly groups: readonly string[];
    /** `sc://` URL of the tenant's Spark Connect server; absent when its quota has no room for one. */
    readonly sparkRemote?: string;
}

/** Inputs of {@link hubValues}. */
export interface HubValuesArgs {
    readonly namespace: string;
    /** Where the hub and proxy run (the system pool). */
    readonly placement: ControlPlacement;
    readonly priorityClassName: string;
    readonly tenants: readonly TenantNotebookTarget[];
    readonly profiles: readonly NotebookProfile[];
    readonly image: string;
    readonly storageClass: string;
    readonly storageGiB: number;
    readonly cullIdleMinutes: number;
    readonly signIn: NotebookSignIn;
    /** How the proxy's Service gets a private address; undefined: ClusterIP only. */
    readonly internalLoadBalancer: InternalLoadBalancer | undefined;
    /** The hub's host name (certificate). */
    readonly hostname?: string;
    /** TLS Secret of the proxy. */
    readonly tlsSecret: string;
    /**
     * The Secret (in the hub's namespace) holding what the program generated: `cookie-secret` (64 hex
     * characters) and, with the dummy authenticator, `dummy-password`. The hub reads them from its
     * environment; no secret value goes into the Helm values.
     */
    readonly generatedSecret: string;
}

/** Keys of the generated Secret. */
export const GENERATED_KEYS = { cookieSecret: "cookie-secret", dummyPassword: "dummy-password" } as const;

/** Pod Security `restricted` for the servers (tenant namespaces enforce it): KubeSpawner overrides. */
export const SINGLEUSER_SECURITY = {
    pod_security_context: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 100, fsGroup: 100, seccompProfile: { type: "RuntimeDefault" } },
    container_security_context: { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } },
} as const;

/** Environment variables of the hub carrying the generated secrets. */
const ENV = { cookieSecret: "TRISTACK_COOKIE_SECRET", dummyPassword: "TRISTACK_DUMMY_PASSWORD", clientSecret: "OAUTH_CLIENT_SECRET" } as const;

/** A KubeSpawner memory value (JupyterHub's ByteSpecification: `M` = MiB). */
const mem = (mib: number) => `${mib}M`;
const fromSecret = (name: string, key: string) => ({ valueFrom: { secretKeyRef: { name, key } } });

/**
 * One tenant's profiles as KubeSpawner `profile_list` entries.
 * @param t the tenant
 * @param profiles the sized profiles
 */
export function tenantProfiles(t: TenantNotebookTarget, profiles: readonly NotebookProfile[]): Record<string, unknown>[] {
    return profiles.map((p, i) => ({
        slug: `${t.tenant}-${p.name}`,
        display_name: `${t.tenant}: ${p.name} (${p.cpuMillis / 1000} CPU, ${(p.memoryMiB / 1024).toFixed(1)} GiB${p.gpus ? `, ${p.gpus} GPU` : ""})`,
        description: `Runs in ${t.namespace} as ${t.serviceAccount}; ${t.sparkRemote ? `Spark through ${t.sparkRemote}` : "no Spark Connect (the tenant quota has no room)"}`,
        ...(i === 0 ? { default: true } : {}),
        kubespawner_override: {
            namespace: t.namespace,
            service_account: t.serviceAccount,
            automount_service_account_token: true,
            extra_labels: { ...t.podLabels, ...NOTEBOOK_POD_LABEL, "tristack.io/tenant": t.tenant },
            node_selector: { [POOL_LABEL]: p.pool.name },
            tolerations: tolerationsFor(p.pool),
            cpu_guarantee: p.cpuMillis / 1000,
            mem_guarantee: mem(p.memoryMiB),
            mem_limit: mem(p.memoryMiB),
            ...(p.gpus ? { extra_resource_guarantees: { "nvidia.com/gpu": String(p.gpus) }, extra_resource_limits: { "nvidia.com/gpu": String(p.gpus) } } : {}),
            ...(t.sparkRemote ? { environment: { SPARK_REMOTE: t.sparkRemote } } : {}),
            ...SINGLEUSER_SECURITY,
        },
    }));
}

/**
 * The tenants' profiles as the chart's `custom` values (the chart passes `custom` to the hub untouched;
 * hub.extraConfig reads it with `z2jh.get_config("custom...")`, values.yaml `custom: {}`), one entry per
 * tenant with the groups whose members may use it.
 * @param args values inputs
 */
export function tenantTable(args: Pick<HubValuesArgs, "tenants" | "profiles">): { name: string; groups: string[]; profiles: Record<string, unknown>[] }[] {
    return args.tenants.map((t) => ({ name: t.tenant, groups: [...t.groups], profiles: tenantProfiles(t, args.profiles) }));
}

/**
 * The hub's extra configuration (Python, run after the chart's own): the tenants' profiles offered by
 * group membership, the hub URL servers in other namespaces can resolve, and the generated secrets.
 * @param args values inputs
 */
export function hubExtraConfig(args: Pick<HubValuesArgs, "namespace" | "signIn">): string {
    return [
        "import os",
        "from z2jh import get_config as _z2jh_get_config",
        "",
        `_tristack_tenants = _z2jh_get_config("${CUSTOM_TENANTS_KEY}", [])`,
        "",
        "def _tristack_profile_list(spawner):",
        "    groups = {g.name for g in spawner.user.groups}",
        "    return [p for t in _tristack_tenants if groups.intersection(t['groups']) for p in t['profiles']]",
        "",
        "c.KubeSpawner.profile_list = _tristack_profile_list",
        `c.JupyterHub.hub_connect_url = "http://hub.${args.namespace}.svc.cluster.local:${HUB_PORTS.hub}"`,
        // JupyterHub.cookie_secret takes bytes; the chart would otherwise generate its own (extraConfig runs last).
        `c.JupyterHub.cookie_secret = bytes.fromhex(os.environ["${ENV.cookieSecret}"])`,
        ...(args.signIn.dummyUsers !== undefined ? [`c.DummyAuthenticator.password = os.environ["${ENV.dummyPassword}"]`] : []),
        "",
    ].join("\n");
}

/** Where the tenant table sits in the chart's values (`custom.tristack.tenants`). */
export const CUSTOM_TENANTS_KEY = "custom.tristack.tenants";

/**
 * Helm values of the jupyterhub release.
 * @param args values inputs
 */
export function hubValues(args: HubValuesArgs): Record<string, unknown> {
    const place = { nodeSelector: { ...args.placement.nodeSelector }, tolerations: [...args.placement.tolerations] };
    const priority = { extraPodSpec: { priorityClassName: args.priorityClassName } };
    const { signIn } = args;
    const loadGroups: Record<string, { users: string[] }> = {};
    for (const [user, tenants] of Object.entries(signIn.dummyUsers ?? {})) {
        for (const t of tenants) for (const g of signIn.tenantGroups[t] ?? []) (loadGroups[g] ??= { users: [] }).users.push(user);
    }
    const lb = args.internalLoadBalancer;
    return {
        custom: { tristack: { tenants: tenantTable(args) } },
        hub: {
            ...place,
            ...priority,
            config: {
                JupyterHub: { authenticator_class: signIn.authenticatorClass, admin_access: false, ...(Object.keys(loadGroups).length ? { load_groups: loadGroups } : {}) },
                ...signIn.config,
            },
            // Secrets reach the hub as environment variables from Secrets (the chart's hub.extraEnv takes a
            // map of EnvVar objects, templates/_helpers.tpl `jupyterhub.extraEnv`); the proxy's auth token and CryptKeeper keys are left to the chart, which
            // generates them in the cluster and keeps them across upgrades (templates/hub/_helpers-passwords.tpl, `lookup`).
            extraEnv: {
                [ENV.cookieSecret]: fromSecret(args.generatedSecret, GENERATED_KEYS.cookieSecret),
                ...(signIn.dummyUsers !== undefined ? { [ENV.dummyPassword]: fromSecret(args.generatedSecret, GENERATED_KEYS.dummyPassword) } : {}),
                ...(signIn.clientSecret ? { [ENV.clientSecret]: fromSecret(signIn.clientSecret.name, signIn.clientSecret.key) } : {}),
            },
            extraConfig: { "tristack-tenants": hubExtraConfig(args) },
            // The platform writes the namespace's policies (policies.ts); the chart's would only cover this namespace.
            networkPolicy: { enabled: false },
            // /hub/metrics without a token: only the monitoring namespace may reach port 8081 from outside.
            authenticatePrometheus: false,
            image: chartImage(NOTEBOOK_VERSIONS.hubImage),
            resources: { requests: { cpu: "200m", memory: "512Mi" }, limits: { memory: "1Gi" } },
            db: { type: "sqlite-pvc", pvc: { storage: "1Gi", storageClassName: args.storageClass } },
        },
        proxy: {
            service: lb
                ? { type: "LoadBalancer", annotations: { ...lb.serviceAnnotations }, disableHttpPort: true }
                : { type: "ClusterIP", disableHttpPort: true },
            https: { enabled: true, type: "secret", secret: { name: args.tlsSecret, key: "tls.key", crt: "tls.crt" }, hosts: args.hostname ? [args.hostname] : [] },
            chp: { ...place, ...priority, image: chartImage(NOTEBOOK_VERSIONS.proxyImage), networkPolicy: { enabled: false }, resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } } },
        },
        singleuser: {
            image: { name: args.image, tag: "" },
            // The chart's iptables init container is privileged, which the tenants' `restricted` Pod Security
            // refuses; the tenant policies keep the metadata server closed instead (allow-identity-endpoints only).
            cloudMetadata: { blockWithIptables: false },
            networkPolicy: { enabled: false },
            storage: { type: "dynamic", capacity: `${args.storageGiB}Gi`, dynamic: { storageClass: args.storageClass } },
            extraLabels: { ...NOTEBOOK_POD_LABEL },
            defaultUrl: "/lab",
            profileList: [],
        },
        scheduling: {
            userScheduler: { enabled: false },
            userPlaceholder: { enabled: false },
            corePods: { nodeAffinity: { matchNodePurpose: "ignore" } },
            userPods: { nodeAffinity: { matchNodePurpose: "ignore" } },
        },
        // Image-puller DaemonSets would run on every node of every pool; servers pull on first start.
        prePuller: { hook: { enabled: false }, continuous: { enabled: false } },
        cull: { enabled: true, users: false, timeout: args.cullIdleMinutes * 60, every: Math.min(600, Math.max(60, Math.floor((args.cullIdleMinutes * 60) / 2))) },
        rbac: { create: true },
    };
}
