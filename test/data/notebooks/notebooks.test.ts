/**
 * Notebooks (issue 26), pure parts: the spec refusals, the profiles sized from the pools, the hub's
 * values (servers in the tenant namespaces), the per-tenant SparkConnect against the vendored CRD,
 * the sign-in per cloud and the NetworkPolicies against the Kubernetes schema. No program run.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { notebookSignIn } from "../../../components/clouds/notebookSignIn";
import { plannedNetworkSemantics } from "../../../components/clouds/cni";
import { poolHandles } from "../../../components/clouds/pools";
import { hubExtraConfig, hubValues, tenantProfiles, type TenantNotebookTarget } from "../../../components/data/notebooks/hub";
import { notebooksNamespacePolicies, tenantNotebookPolicies } from "../../../components/data/notebooks/policies";
import { notebookProfiles } from "../../../components/data/notebooks/profiles";
import { SERVER_POD, shellSafeConf, sparkConnectManifest, sparkConnectMaxExecutors, sparkRemote } from "../../../components/data/notebooks/sparkConnect";
import { chartImage, NOTEBOOK_VERSIONS } from "../../../components/data/notebooks/versions";
import { declaredFlows, evaluateFlow, type PolicyObject } from "../../../components/plan/connectivity";
import { networkPolicies } from "../../../components/platform/networkPolicies";
import { executorShape } from "../../../components/data/spark/sizing";
import { sparkDefaultsConf } from "../../../components/data/spark/defaults";
import { SPARK_VERSIONS } from "../../../components/data/spark/versions";
import { platformPlans, certManagerNeeded } from "../../../components/platform/plans";
import { parsePlatformSpec, SpecError, type PlatformSpec } from "../../../components/spec";
import { ROOT, stackSpec } from "../../support/mocks";
import { validateCustomResource, validateKubernetesObject } from "../../support/schemas";

type Obj = Record<string, unknown>;
const STACKS = ["aws-dev", "gcp-dev", "azure-dev", "local"] as const;
const specOf = (stack: string, edit: (s: Obj) => void = () => {}): PlatformSpec => {
    const raw = stackSpec(stack);
    edit(raw);
    return parsePlatformSpec(raw);
};
const refusal = (stack: string, edit: (s: Obj) => void): string => {
    try {
        specOf(stack, edit);
    } catch (e) {
        if (e instanceof SpecError) return e.message;
        throw e;
    }
    throw new Error("the spec was accepted");
};
const poolsOf = (spec: PlatformSpec) => poolHandles(spec, { gpu: { driverProvidedByCloud: true, devicePluginProvidedByCloud: false }, systemTaint: true, localScratchHostPath: "/x" });
const nb = (s: Obj) => s["notebooks"] as Obj;
const propertyPath = (f: () => unknown): string => {
    try {
        f();
    } catch (e) {
        if (pulumi.InputPropertiesError.isInstance(e)) return e.errors.map((x) => x.propertyPath).join(",");
        throw e;
    }
    throw new Error("not refused");
};

describe("notebooks spec", () => {
    it("is off by default and on in the dev stacks", () => {
        expect(parsePlatformSpec({ ...stackSpec("aws-dev"), notebooks: undefined }).notebooks.enabled).toBe(false);
        for (const stack of STACKS) expect(specOf(stack).notebooks.enabled, stack).toBe(true);
    });

    it("refuses an authenticator missing its cloud's fields, naming the key", () => {
        expect(refusal("aws-dev", (s) => delete (nb(s)["authenticator"] as Obj)["aws"])).toContain("notebooks.authenticator.aws");
        expect(refusal("gcp-dev", (s) => delete ((nb(s)["authenticator"] as Obj)["gcp"] as Obj)["hostedDomain"])).toContain("notebooks.authenticator.gcp.hostedDomain");
        expect(refusal("azure-dev", (s) => delete (nb(s)["authenticator"] as Obj)["clientSecret"])).toContain("notebooks.authenticator.clientSecret");
        expect(refusal("azure-dev", (s) => delete nb(s)["hostname"])).toContain("notebooks.hostname");
    });

    it("refuses a GPU profile without a GPU pool, naming the key", () => {
        const msg = refusal("local", (s) => (nb(s)["profiles"] = { gpu: { cpu: 2 } }));
        expect(msg).toContain("notebooks.profiles.gpu");
        expect(msg).toContain("gpu pool");
    });

    it("refuses the dummy authenticator in prod and unknown tenants in its users", () => {
        expect(refusal("local", (s) => (s["environment"] = "prod"))).toContain("notebooks.authenticator.existing");
        expect(refusal("local", (s) => (nb(s)["authenticator"] = { existing: { users: { bob: ["nobody"] } } }))).toContain("notebooks.authenticator.existing.users.bob[0]");
    });

    it("refuses an image not pinned by digest, and notebooks without Spark", () => {
        expect(refusal("aws-dev", (s) => (nb(s)["image"] = "quay.io/jupyter/pyspark-notebook:latest"))).toContain("notebooks.image");
        expect(refusal("aws-dev", (s) => ((s["spark"] as Obj)["enabled"] = false))).toContain("notebooks.enabled");
    });

    it("makes the platform run cert-manager for the hub's certificate unless a TLS Secret is given", () => {
        const spark = { ...specOf("aws-dev"), kafka: { ...specOf("aws-dev").kafka, enabled: false }, cassandra: { ...specOf("aws-dev").cassandra, enabled: false } };
        expect(certManagerNeeded(spark)).toBe(true);
        expect(certManagerNeeded({ ...spark, notebooks: { ...spark.notebooks, tlsSecret: "corp-tls" } })).toBe(false);
        expect(platformPlans(spark, poolsOf(spark)).some((p) => p.role === "cert-manager")).toBe(true);
    });
});

describe("notebook profiles", () => {
    it("are sized from the pool's allocatable after its DaemonSets (small 1/8, large 1/2, gpu one GPU's share)", () => {
        const spec = specOf("aws-dev");
        const pools = poolsOf(spec);
        const profiles = notebookProfiles(pools, spec);
        expect(profiles.map((p) => [p.name, p.pool.name, p.gpus])).toEqual([
            ["small", "general", 0],
            ["large", "general", 0],
            ["gpu", "gpu", 1],
        ]);
        const general = pools["general"]!;
        const room = general.allocatable.cpuMillis - general.daemonSetOverhead.cpuMillis;
        expect(profiles[0]!.cpuMillis).toBe(Math.floor(room / 8 / 100) * 100);
        expect(profiles[1]!.cpuMillis).toBe(Math.floor(room / 2 / 100) * 100);
        for (const p of profiles) {
            expect(p.cpuMillis).toBeLessThanOrEqual(p.pool.allocatable.cpuMillis - p.pool.daemonSetOverhead.cpuMillis);
            expect(p.memoryMiB).toBeLessThanOrEqual(p.pool.allocatable.memoryMiB - p.pool.daemonSetOverhead.memoryMiB);
        }
    });

    it("refuses a profile larger than one node of its pool, naming the key", () => {
        const big = specOf("aws-dev", (s) => (nb(s)["profiles"] = { large: { cpu: 8 } }));
        expect(propertyPath(() => notebookProfiles(poolsOf(big), big))).toBe("notebooks.profiles.large.cpu");
        const fat = specOf("aws-dev", (s) => (nb(s)["profiles"] = { small: { memoryGiB: 32 } }));
        expect(propertyPath(() => notebookProfiles(poolsOf(fat), fat))).toBe("notebooks.profiles.small.memoryGiB");
        const fits = specOf("aws-dev", (s) => (nb(s)["profiles"] = { large: { cpu: 6, memoryGiB: 24 } }));
        expect(notebookProfiles(poolsOf(fits), fits).find((p) => p.name === "large")).toMatchObject({ cpuMillis: 6000, memoryMiB: 24 * 1024 });
    });
});

const target = (tenant: string, groups: string[] = [`${tenant}-group`]): TenantNotebookTarget => ({
    tenant,
    namespace: `team-${tenant}`,
    serviceAccount: "spark",
    podLabels: { "azure.workload.identity/use": "true" },
    groups,
    sparkRemote: sparkRemote(`team-${tenant}`),
});

describe("hub values", () => {
    const spec = specOf("aws-dev");
    const pools = poolsOf(spec);
    const profiles = notebookProfiles(pools, spec);
    const base = {
        namespace: "notebooks",
        placement: { pool: "system", nodeSelector: { "tristack.io/pool": "system" }, tolerations: [] },
        priorityClassName: "tristack-platform",
        tenants: [target("analytics"), target("ml")],
        profiles,
        image: "quay.io/x/y@sha256:" + "a".repeat(64),
        storageClass: "tristack-standard",
        storageGiB: 10,
        cullIdleMinutes: 60,
        signIn: notebookSignIn(spec),
        internalLoadBalancer: undefined,
        tlsSecret: "jupyterhub-tls",
        generatedSecret: "jupyterhub-generated",
    };

    it("spawns each tenant's servers in the tenant namespace, as its ServiceAccount, on the profile's pool, restricted", () => {
        const [small, , gpu] = tenantProfiles(target("ml"), profiles) as Obj[];
        expect(small!["kubespawner_override"]).toMatchObject({
            namespace: "team-ml",
            service_account: "spark",
            node_selector: { "tristack.io/pool": "general" },
            environment: { SPARK_REMOTE: "sc://spark-connect-server.team-ml.svc.cluster.local:15002" },
            extra_labels: { "azure.workload.identity/use": "true", "tristack.io/tenant": "ml" },
            container_security_context: { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ["ALL"] } },
            pod_security_context: { seccompProfile: { type: "RuntimeDefault" } },
        });
        expect(gpu!["kubespawner_override"]).toMatchObject({ extra_resource_limits: { "nvidia.com/gpu": "1" }, tolerations: [{ key: "nvidia.com/gpu", operator: "Equal", value: "present", effect: "NoSchedule" }] });
    });

    it("offers a user only the profiles of the tenants of their groups, and gives servers the hub's cluster DNS name", () => {
        const py = hubExtraConfig(base);
        expect(py).toContain("c.KubeSpawner.profile_list = _tristack_profile_list");
        expect(py).toContain("groups.intersection(t['groups'])");
        expect(py).toContain('_z2jh_get_config("custom.tristack.tenants", [])');
        expect(py).toContain('c.JupyterHub.hub_connect_url = "http://hub.notebooks.svc.cluster.local:8081"');
        const table = ((hubValues(base)["custom"] as Obj)["tristack"] as Obj)["tenants"] as { name: string; groups: string[]; profiles: { kubespawner_override: Obj }[] }[];
        expect(table.map((t) => [t.name, t.groups, [...new Set(t.profiles.map((p) => p.kubespawner_override["namespace"]))]])).toEqual([
            ["analytics", ["analytics-group"], ["team-analytics"]],
            ["ml", ["ml-group"], ["team-ml"]],
        ]);
    });

    it("keeps the privileged iptables init container and the chart's own policies off, culls idle servers, stores homes on the platform class", () => {
        const v = hubValues(base);
        expect(v["singleuser"]).toMatchObject({ cloudMetadata: { blockWithIptables: false }, networkPolicy: { enabled: false }, storage: { type: "dynamic", capacity: "10Gi", dynamic: { storageClass: "tristack-standard" } }, image: { name: base.image, tag: "" } });
        expect(v["cull"]).toMatchObject({ enabled: true, timeout: 3600 });
        expect((v["hub"] as Obj)["networkPolicy"]).toEqual({ enabled: false });
        expect(v["prePuller"]).toEqual({ hook: { enabled: false }, continuous: { enabled: false } });
        expect((v["hub"] as Obj)["extraEnv"]).toEqual({
            TRISTACK_COOKIE_SECRET: { valueFrom: { secretKeyRef: { name: "jupyterhub-generated", key: "cookie-secret" } } },
            OAUTH_CLIENT_SECRET: { valueFrom: { secretKeyRef: { name: "jupyterhub-oauth", key: "client-secret" } } },
        });
        expect(JSON.stringify(v)).not.toMatch(/cookieSecret|secretToken|"password"/);
    });

    it("runs the hub and proxy images pinned in versions.ts (the hub at the chart's version) and keeps every other image of the chart off", () => {
        const v = hubValues(base) as { hub: Obj; proxy: { chp: Obj; https: Obj }; singleuser: { cloudMetadata: Obj }; prePuller: { hook: Obj; continuous: Obj }; scheduling: { userScheduler: Obj; userPlaceholder: Obj } };
        expect(v.hub["image"]).toEqual({ name: "quay.io/jupyterhub/k8s-hub", tag: NOTEBOOK_VERSIONS.jupyterhub.version });
        expect(NOTEBOOK_VERSIONS.hubImage.version).toBe(NOTEBOOK_VERSIONS.jupyterhub.version);
        expect(v.proxy.chp["image"]).toEqual({ name: "quay.io/jupyterhub/configurable-http-proxy", tag: "5.2.0" });
        // A digest pinned next to a version reaches the chart as `tag: <version>@<digest>` (rendered `<name>:<tag>`).
        const digest = `sha256:${"0".repeat(64)}`;
        expect(chartImage({ ...NOTEBOOK_VERSIONS.hubImage, digest })).toEqual({ name: "quay.io/jupyterhub/k8s-hub", tag: `4.4.0@${digest}` });
        // The chart's other images: secret-sync/traefik (letsencrypt only), network-tools (iptables blocking, pullers), image-awaiter and pause (pre-puller), kube-scheduler and pause (user scheduler, placeholders).
        expect(v.proxy.https["type"]).toBe("secret");
        expect(v.singleuser.cloudMetadata["blockWithIptables"]).toBe(false);
        expect([v.prePuller.hook["enabled"], v.prePuller.continuous["enabled"], v.scheduling.userScheduler["enabled"], v.scheduling.userPlaceholder["enabled"]]).toEqual([false, false, false, false]);
    });

    it("exposes the proxy over TLS only: ClusterIP without an internal load balancer, else the handle's internal annotations", () => {
        const plain = hubValues(base)["proxy"] as Obj;
        expect(plain["service"]).toEqual({ type: "ClusterIP", disableHttpPort: true });
        expect(plain["https"]).toMatchObject({ enabled: true, type: "secret", secret: { name: "jupyterhub-tls" } });
        const lb = hubValues({ ...base, internalLoadBalancer: { serviceAnnotations: { "networking.gke.io/load-balancer-type": "Internal" } } })["proxy"] as Obj;
        expect(lb["service"]).toEqual({ type: "LoadBalancer", annotations: { "networking.gke.io/load-balancer-type": "Internal" }, disableHttpPort: true });
    });
});

describe("sign-in per cloud", () => {
    it("maps each tenant's members to the hub groups the identity provider reports", () => {
        const aws = notebookSignIn(specOf("aws-dev"));
        expect(aws.authenticatorClass).toBe("generic-oauth");
        expect(aws.config["GenericOAuthenticator"]).toMatchObject({ auth_state_groups_key: "oauth_user.cognito:roles", manage_groups: true, userdata_from_id_token: true, token_url: "https://tristack-dev.auth.us-east-1.amazoncognito.com/oauth2/token" });
        // OAuthenticator 17.4.0 refuses userdata_url next to userdata_from_id_token: the hub would not start.
        expect(aws.config["GenericOAuthenticator"]).not.toHaveProperty("userdata_url");
        expect(aws.tenantGroups).toEqual({ analytics: ["arn:aws:iam::111122223333:role/analytics-engineers"], ml: ["arn:aws:iam::111122223333:role/ml-engineers"] });
        const azure = notebookSignIn(specOf("azure-dev"));
        expect([azure.authenticatorClass, azure.config["AzureAdOAuthenticator"]?.["auth_state_groups_key"], azure.tenantGroups["analytics"]]).toEqual(["azuread", "user.groups", ["00000000-0000-4000-8000-0000000000a1"]]);
        const gcp = notebookSignIn(specOf("gcp-dev"));
        // The documented gap: no key-less group lookup on Google, so the hub does not manage groups.
        expect([gcp.authenticatorClass, gcp.groupsFromIdentityProvider, gcp.config["GoogleOAuthenticator"]?.["manage_groups"]]).toEqual(["google", false, false]);
        expect(gcp.config["GoogleOAuthenticator"]).not.toHaveProperty("google_service_account_keys");
        const local = notebookSignIn(specOf("local"));
        expect([local.authenticatorClass, local.dummyUsers]).toEqual(["dummy", { alice: ["analytics"] }]);
        expect((hubValues({ ...({} as Parameters<typeof hubValues>[0]), namespace: "notebooks", placement: { pool: "s", nodeSelector: {}, tolerations: [] }, tenants: [], profiles: [], signIn: local, tlsSecret: "t", generatedSecret: "g", internalLoadBalancer: undefined }) as { hub: { config: { JupyterHub: Obj } } }).hub.config.JupyterHub["load_groups"]).toEqual({ "analytics-devs": { users: ["alice"] } });
    });
});

describe("per-tenant Spark Connect", () => {
    const spec = specOf("aws-dev");
    const pools = poolsOf(spec);
    const defaults = { driverPool: pools["general"]!, executorPool: pools["bigcpu"]!, image: "registry.example.com/spark@sha256:" + "b".repeat(64), maxExecutors: 20, eventLogDir: "s3a://bucket/team-ml/spark-events/", objectStoreConf: {}, serviceAccount: "spark", podLabels: { "azure.workload.identity/use": "true" }, hostPathScratch: false };
    const conf = sparkDefaultsConf(defaults) as Record<string, string>;
    const manifest = sparkConnectManifest({ namespace: "team-ml", defaults, maxExecutors: 3, priorityClassName: "tristack-batch", objectStoreConnectors: true }, conf);

    it("keeps the event log off on the upstream base image, which has no object-store connector to write it", () => {
        const base = sparkConnectManifest({ namespace: "team-ml", defaults, maxExecutors: 3, priorityClassName: "tristack-batch", objectStoreConnectors: false }, conf);
        const sc = (base["spec"] as Obj)["sparkConf"] as Record<string, string>;
        expect(Object.entries(sc).filter(([k]) => k.startsWith("spark.eventLog."))).toEqual([["spark.eventLog.enabled", "false"]]);
        expect(validateCustomResource(base)).toEqual([]);
    });

    it("validates against the spark-operator v2.5.2 SparkConnect CRD", () => {
        expect(validateCustomResource(manifest)).toEqual([]);
        expect(validateCustomResource({ ...manifest, spec: { ...(manifest["spec"] as Obj), dynamicAllocation: { enabled: true, maxExecutor: 3 } } }).join()).toContain("maxExecutor");
    });

    it("runs the platform's Spark image with the tenant's defaults, executors on the tenant's executor pool, server on the driver pool, restricted", () => {
        const s = manifest["spec"] as Obj;
        expect([s["image"], s["sparkVersion"]]).toEqual([defaults.image, SPARK_VERSIONS.sparkImage.version]);
        const sc = s["sparkConf"] as Record<string, string>;
        expect(sc["spark.kubernetes.executor.node.selector.tristack.io/pool"]).toBe("bigcpu");
        expect(sc["spark.kubernetes.authenticate.executor.serviceAccountName"]).toBe("spark");
        expect(sc["spark.eventLog.dir"]).toBe("s3a://bucket/team-ml/spark-events/");
        const server = (s["server"] as Obj)["template"] as { spec: Obj };
        expect(server.spec).toMatchObject({ serviceAccountName: "spark", securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } } });
        expect(JSON.stringify(server.spec["affinity"])).toContain('"general"');
        expect(JSON.stringify(((s["executor"] as Obj)["template"] as { spec: Obj }).spec["affinity"])).toContain('"bigcpu"');
        // The tenant's 30min shuffle-tracking timeout moves into the CR (Spark's default is infinity; the operator passes it only when set).
        expect(s["dynamicAllocation"]).toEqual({ enabled: true, initialExecutors: 0, minExecutors: 0, maxExecutors: 3, shuffleTrackingEnabled: true, shuffleTrackingTimeout: 30 * 60 * 1000 });
        expect(conf["spark.dynamicAllocation.shuffleTracking.timeout"]).toBe("30min");
        expect(Object.keys(sc).filter((k) => k.startsWith("spark.dynamicAllocation."))).toEqual([]);
        // The operator's bash -c line drops the sink class key (it holds "*"), so no orphaned sink paths either.
        expect(Object.keys(sc).filter((k) => k.startsWith("spark.metrics.conf."))).toEqual([]);
    });

    it("leaves out settings the operator's unquoted bash -c command line would split or glob", () => {
        expect(Object.keys(conf).some((k) => k.includes("*"))).toBe(true);
        expect(Object.keys(shellSafeConf(conf)).some((k) => k.includes("*"))).toBe(false);
        expect(shellSafeConf({ a: "x y", b: "$HOME", c: "s3a://b/p/" })).toEqual({ c: "s3a://b/p/" });
    });

    it("bounds dynamic allocation by the tenant quota after the server and one small notebook, 0 (no Spark Connect) without room", () => {
        const small = notebookProfiles(pools, spec)[0]!;
        const shape = executorShape(pools["bigcpu"]!);
        const q = spec.tenants["ml"]!.quota;
        const n = sparkConnectMaxExecutors(q, pools["bigcpu"]!, small, 20);
        expect(n).toBe(Math.min(Math.floor((q.cpu * 1000 - SERVER_POD.cpuMillis - small.cpuMillis) / shape.requestCpuMillis), Math.floor((q.memoryGiB * 1024 - SERVER_POD.memoryMiB - small.memoryMiB) / shape.podMemoryMiB), 20));
        expect(n).toBeGreaterThan(0);
        expect(sparkConnectMaxExecutors(q, pools["bigcpu"]!, small, 2)).toBe(2);
        expect(sparkConnectMaxExecutors({ ...q, cpu: 2 }, pools["bigcpu"]!, small, 20)).toBe(0);
        const without = tenantProfiles({ ...target("tiny"), sparkRemote: undefined }, notebookProfiles(pools, spec))[0]!;
        expect(without["kubespawner_override"]).not.toHaveProperty("environment");
    });
});

describe("notebook network policies", () => {
    const spec = specOf("aws-dev");
    const ctx = { services: { spark: true, kafka: false, cassandra: false, monitoring: true }, tenantNamespaces: ["team-a", "team-b"], network: plannedNetworkSemantics(spec) };
    const valid = (namespace: string, p: { name: string; spec: unknown }) => validateKubernetesObject({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: p.name, namespace }, spec: p.spec });

    it("are valid NetworkPolicies: tenants' notebooks accept the hub and proxy on 8888 and reach the hub on 8081", () => {
        const tenant = tenantNotebookPolicies("notebooks");
        for (const p of tenant) expect(valid("team-a", p)).toEqual([]);
        expect(tenant.map((p) => p.name)).toEqual(["allow-notebooks-from-hub", "allow-notebooks-to-hub"]);
    });

    it("give the notebooks namespace the platform baseline, users -> proxy 8443 and hub <-> servers of the tenants only", () => {
        const policies = notebooksNamespacePolicies("notebooks", ctx.tenantNamespaces, ctx);
        for (const p of policies) expect(valid("notebooks", p)).toEqual([]);
        expect(policies.map((p) => p.name)).toEqual(["default-deny", "allow-dns", "allow-same-namespace", "allow-https-egress", "allow-monitoring-scrape", "allow-users-to-proxy", "allow-servers-to-hub", "allow-hub-to-servers"]);
        const toServers = JSON.stringify(policies.find((p) => p.name === "allow-hub-to-servers"));
        expect(toServers).toContain('"values":["team-a","team-b"]');
        expect(toServers).toContain('"port":8888');
    });
});

describe("notebook connectivity proof", () => {
    const nsLabels = (ns: string) => ({ "kubernetes.io/metadata.name": ns });
    const flowsWrong = (stack: string, drop: string[] = []) => {
        const net = plannedNetworkSemantics(specOf(stack));
        const ctx = { services: { spark: true, kafka: false, cassandra: false, monitoring: true }, tenantNamespaces: ["team-a", "team-b"], network: net };
        const as = (ns: string, ps: { name: string; spec: unknown }[]): PolicyObject[] => ps.map((p) => ({ namespace: ns, name: p.name, spec: p.spec as Record<string, unknown> }));
        const policies = [
            ...["team-a", "team-b"].flatMap((ns) => as(ns, [...networkPolicies("tenant", ns, ctx), ...tenantNotebookPolicies("notebooks")])),
            ...as("notebooks", notebooksNamespacePolicies("notebooks", ctx.tenantNamespaces, ctx)),
            ...as("monitoring", networkPolicies("monitoring", "monitoring", ctx)),
        ].filter((p) => !drop.includes(`${p.namespace}/${p.name}`));
        const flows = declaredFlows({ net, tenants: ["a", "b"], services: ctx.services, webhooks: [], monitorTargets: [], operators: [], notebooks: "notebooks" }).filter((f) => /notebook|Spark Connect|JupyterHub/.test(`${"what" in f.from ? f.from.what : ""} ${f.to.what}`));
        expect(flows.length).toBeGreaterThan(15);
        return flows.map((f) => evaluateFlow(f, policies, net, nsLabels)).filter((v) => !v.ok).map((v) => `${v.flow.expect} ${"what" in v.flow.from ? v.flow.from.what : ""} -> ${v.flow.to.what}:${v.flow.port}`);
    };

    it.each(["aws-dev", "gcp-dev", "azure-dev", "local"])("admits hub <-> servers, notebook -> its Spark Connect, and nothing across tenants under %s's CNI", (stack) => {
        expect(flowsWrong(stack)).toEqual([]);
    });

    it("fails when a notebook policy is missing", () => {
        expect(flowsWrong("aws-dev", ["team-a/allow-notebooks-from-hub"])).toEqual(["required JupyterHub hub -> notebook server in team-a:8888", "required JupyterHub proxy -> notebook server in team-a:8888"]);
        expect(flowsWrong("gcp-dev", ["notebooks/allow-servers-to-hub"])).toEqual(["required notebook server in team-a -> JupyterHub hub:8081", "required notebook server in team-b -> JupyterHub hub:8081"]);
    });
});

describe("notebook image", () => {
    it("installs pyspark[connect] at exactly the platform's Spark version on the pinned base", () => {
        const dockerfile = readFileSync(path.join(ROOT, "images", "notebook", "Dockerfile"), "utf8");
        expect(dockerfile).toContain(`ARG PYSPARK_VERSION=${SPARK_VERSIONS.sparkImage.version}`);
        expect(dockerfile).toContain(`FROM ${NOTEBOOK_VERSIONS.notebookBase.repository}@${NOTEBOOK_VERSIONS.notebookBase.digest}`);
        expect(NOTEBOOK_VERSIONS.pysparkConnect).toBe(SPARK_VERSIONS.sparkImage.version);
    });

    it("drops the base's hook that would put the base's own pyspark ahead of the installed client on PYTHONPATH", () => {
        const lines = readFileSync(path.join(ROOT, "images", "notebook", "Dockerfile"), "utf8").split("\n");
        const rm = lines.indexOf("RUN rm /usr/local/bin/before-notebook.d/10spark-config.sh");
        expect(rm).toBeGreaterThan(lines.findIndex((l) => l.startsWith("FROM ")));
        expect(lines[rm - 1]).toBe("USER root");
        expect(lines[rm + 1]).toBe("USER ${NB_UID}");
    });
});
