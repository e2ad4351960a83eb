/**
 * YuniKorn scheduling (issue 27), as pure functions over the stacks' specs and planned pools: two tenants'
 * guarantees and caps, borrowing, a gang no pool can hold (refused at the spec, queued when it is a job's
 * own), bad scheduling config refused at its key, and the objects that route Spark to the queues.
 * No program run: the plan's parity and placement tests cover the rendered objects on every cloud.
 */
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { eksPools } from "../../components/clouds/aws/eksCluster";
import { aksPools } from "../../components/clouds/azure/aksCluster";
import { sparkDefaultsConf } from "../../components/data/spark/defaults";
import { sparkApplication } from "../../components/data/spark/application";
import { sparkOperatorValues } from "../../components/data/spark/operator";
import { readFileSync } from "node:fs";
import path from "node:path";
import { checkSchedulingCapacity, gangOutcome, queueDashboard, queuesConfig, sparkSchedulingConf, sparkSchedulingFor, tenantQueue, yunikornKubernetesSupport, yunikornValues, YUNIKORN, YUNIKORN_PLACEHOLDER, YUNIKORN_QUEUE_METRIC, YUNIKORN_RESOURCES } from "../../components/platform/batchScheduler";
import { PLATFORM_VERSIONS } from "../../components/platform/versions";
import { podSecurityBaseline, podSecurityRestricted } from "../../policies/rules/kubernetes";
import { k8s, messages } from "../policies/fixtures";
import { tenantPlan } from "../../components/platform/plans";
import { parsePlatformSpec, resolveQueues, SpecError, sparkPools, type PlatformSpec } from "../../components/spec";
import { stackSpec } from "../support/mocks";

const spec = (stack: string, edit: (s: Record<string, unknown>) => void = () => undefined): PlatformSpec => {
    const raw = stackSpec(stack);
    edit(raw);
    return parsePlatformSpec(raw);
};
const problems = (stack: string, edit: (s: Record<string, unknown>) => void): string[] => {
    try {
        spec(stack, edit);
    } catch (err) {
        if (err instanceof SpecError) return err.problems.map((p) => p.path);
        throw err;
    }
    return [];
};
const sched = (s: Record<string, unknown>) => s["scheduling"] as Record<string, unknown>;
const tenants = (s: Record<string, unknown>) => s["tenants"] as Record<string, { quota: Record<string, number> }>;
type Queue = { name: string; resources: { guaranteed: Record<string, string>; max: Record<string, string> }; properties: Record<string, string> };
const tenantQueues = (s: PlatformSpec): Queue[] => {
    const root = (queuesConfig(resolveQueues(s))["partitions"] as { queues: { queues: { name: string; queues?: Queue[] }[] }[] }[])[0]!.queues[0]!;
    return root.queues.find((q) => q.name === "tenants")!.queues!;
};

describe("tenant queues", () => {
    it("two tenants get their quota as guarantee and the Spark pools as cap (aws-dev)", () => {
        const q = tenantQueues(spec("aws-dev"));
        // analytics: quota 64 cpu / 256 GiB; ml: 32 cpu / 128 GiB / 2 GPUs. Cap: general 4 x 8 + bigcpu 4 x 64 = 288 cpu.
        expect(q.map((x) => [x.name, x.resources.guaranteed])).toEqual([
            ["team-analytics", { vcore: "64000m", memory: "262144Mi" }],
            ["team-ml", { vcore: "32000m", memory: "131072Mi", "nvidia.com/gpu": "2" }],
        ]);
        expect(q.map((x) => x.resources.max)).toEqual([
            { vcore: "288000m", memory: "1179648Mi", "nvidia.com/gpu": "2" },
            { vcore: "288000m", memory: "1179648Mi", "nvidia.com/gpu": "2" },
        ]);
    });

    it("a queue's max and priority come from scheduling.queues (aws-prod analytics)", () => {
        const a = tenantQueues(spec("aws-prod")).find((x) => x.name === "team-analytics")!;
        expect(a.resources.max).toMatchObject({ vcore: "512000m", memory: "2097152Mi" });
        expect(a.properties["priority.offset"]).toBe("10");
    });

    it("placement is by namespace under root.tenants (never created) and never by the pod's own queue label", () => {
        const p = (queuesConfig(resolveQueues(spec("aws-dev")))["partitions"] as { placementrules: { name: string; value?: string; create: boolean; parent?: { value: string } }[] }[])[0]!;
        expect(p.placementrules[0]).toEqual({ name: "tag", value: "namespace", create: false, parent: { name: "fixed", value: "root.tenants" } });
        expect(p.placementrules.map((r) => r.name)).not.toContain("provided");
    });

    it("the tenant's ResourceQuota is the queue's cap, so borrowed pods are admitted", () => {
        const s = spec("aws-prod");
        expect(tenantPlan("analytics", s).quota).toMatchObject({ cpu: 512, memoryGiB: 2048 });
        const off = spec("aws-prod", (r) => (sched(r)["enabled"] = false));
        expect(tenantPlan("analytics", off).quota).toMatchObject({ cpu: 256, memoryGiB: 1024 });
    });
});

describe("gangs and borrowing", () => {
    const s = spec("aws-dev");
    const pools = eksPools(s);
    const pool = pools[sparkPools(s).executor!]!;
    const [analytics] = resolveQueues(s);
    const none = { cpu: 0, memoryGiB: 0, gpu: 0 };
    const roomy = { cpu: 1000, memoryGiB: 4000, gpu: 4 };
    const gang = (executors: number, cpuMillis = 8000, memoryMiB = 32768) => ({ driver: { cpuMillis: 1000, memoryMiB: 2048 }, executor: { cpuMillis, memoryMiB, gpus: 0 }, executors });

    it("within the guarantee: admitted, not borrowing", () => {
        expect(gangOutcome(gang(4), analytics!, none, roomy, pool)).toEqual({ kind: "admitted", borrowing: false });
    });
    it("past the guarantee, within max, with idle capacity: admitted by borrowing", () => {
        // analytics guarantees 64 cpu and already uses 60: the next 33 cpu are borrowed (cap 288).
        expect(gangOutcome(gang(4), analytics!, { cpu: 60, memoryGiB: 100, gpu: 0 }, roomy, pool)).toEqual({ kind: "admitted", borrowing: true });
    });
    it("past the queue's max: queued behind the team's own jobs", () => {
        expect(gangOutcome(gang(4), analytics!, { cpu: 270, memoryGiB: 100, gpu: 0 }, roomy, pool).kind).toBe("queued");
    });
    it("the cluster is full: queued while the autoscaler adds nodes", () => {
        expect(gangOutcome(gang(4), analytics!, none, { cpu: 10, memoryGiB: 4000, gpu: 0 }, pool)).toMatchObject({ kind: "queued", reason: expect.stringContaining("autoscaler") });
    });
    it("a gang above the queue's max is rejected by YuniKorn", () => {
        expect(gangOutcome(gang(40), analytics!, none, roomy, pool)).toMatchObject({ kind: "rejected", reason: expect.stringContaining("max") });
    });
    it("a job's own gang larger than any node of the pool is queued (and fails at the placeholder timeout)", () => {
        expect(gangOutcome(gang(1, pool.allocatable.cpuMillis + 1000, 1024), analytics!, none, roomy, pool)).toMatchObject({ kind: "queued", reason: expect.stringContaining("larger than any node") });
    });

    it("the platform's gang larger than the executor pool at maxNodes is refused pre-flight, naming the key", () => {
        const big = spec("aws-dev", (r) => (sched(r)["gang"] = { minExecutors: 60 }));
        expect(() => checkSchedulingCapacity(eksPools(big), big)).toThrowError(expect.objectContaining({ errors: expect.arrayContaining([expect.objectContaining({ propertyPath: "scheduling.gang.minExecutors" })]) }));
    });

    it("the stacks' gangs and guarantees fit their planned pools", () => {
        for (const st of ["aws-dev", "aws-prod"]) expect(() => checkSchedulingCapacity(eksPools(spec(st)), spec(st))).not.toThrow();
        for (const st of ["azure-dev", "azure-prod"]) expect(() => checkSchedulingCapacity(aksPools(spec(st)), spec(st))).not.toThrow();
    });

    it("guarantees above the pools' allocatable (but within their shapes) are refused pre-flight at the tenant's quota", () => {
        // 286 of the 288 cpu of shapes; after the kubelet reservation and DaemonSets the pools allocate about 285.
        const tight = spec("aws-dev", (r) => {
            tenants(r)["analytics"]!.quota["cpu"] = 254;
        });
        expect(() => checkSchedulingCapacity(eksPools(tight), tight)).toThrowError(expect.objectContaining({ errors: expect.arrayContaining([expect.objectContaining({ propertyPath: "tenants.ml.quota.cpu" })]) }));
    });
});

describe("bad scheduling config is refused at the spec, naming the key", () => {
    it("a max below the guarantee", () => {
        expect(problems("aws-dev", (r) => (sched(r)["queues"] = { analytics: { max: { cpu: 10 } } }))).toEqual(["scheduling.queues.analytics.max.cpu"]);
    });
    it("a GPU share with no GPU pool", () => {
        expect(
            problems("aws-dev", (r) => {
                delete (r["nodePools"] as Record<string, unknown>)["gpu"];
            }),
        ).toContain("tenants.ml.quota.gpu");
        expect(
            problems("aws-dev", (r) => {
                delete (r["nodePools"] as Record<string, unknown>)["gpu"];
                tenants(r)["ml"]!.quota["gpu"] = 0;
                sched(r)["queues"] = { ml: { guarantee: { gpu: 1 } } };
            }),
        ).toEqual(["scheduling.queues.ml.guarantee.gpu"]);
    });
    it("guarantees that add up above the Spark pools", () => {
        expect(problems("aws-dev", (r) => (sched(r)["queues"] = { ml: { guarantee: { cpu: 250 } } }))).toEqual(["scheduling.queues.ml.guarantee.cpu"]);
    });
    it("a queue for a tenant that does not exist, and unknown keys", () => {
        expect(problems("aws-dev", (r) => (sched(r)["queues"] = { nobody: {} }))).toEqual(["scheduling.queues.nobody"]);
        expect(problems("aws-dev", (r) => (sched(r)["gang"] = { minExecutors: 1, style: "Sometimes" }))).toEqual(["scheduling.gang.style"]);
    });
    it("scheduling without Spark", () => {
        expect(problems("aws-dev", (r) => ((r["spark"] as Record<string, unknown>)["enabled"] = false))).toContain("scheduling.enabled");
    });
});

describe("routing Spark to the queues", () => {
    const s = spec("aws-dev");
    it("every Spark namespace's defaults name YuniKorn, the queue, the gang policy and the gang as minExecutors", () => {
        const scheduling = sparkSchedulingFor(s, "team-ml")!;
        expect(scheduling.queue).toBe(tenantQueue("ml"));
        const pools = eksPools(s);
        const conf = sparkDefaultsConf({ driverPool: pools["general"]!, executorPool: pools["bigcpu"]!, image: "i", maxExecutors: 20, eventLogDir: "s3a://b/e", objectStoreConf: {}, serviceAccount: "spark", podLabels: {}, hostPathScratch: false, scheduling }) as Record<string, string>;
        expect(conf).toMatchObject({
            "spark.kubernetes.scheduler.name": "yunikorn",
            "spark.kubernetes.driver.label.queue": "root.tenants.team-ml",
            "spark.kubernetes.driver.annotation.yunikorn.apache.org/schedulingPolicyParameters": "placeholderTimeoutInSeconds=900 gangSchedulingStyle=Hard",
            "spark.dynamicAllocation.minExecutors": "1",
        });
        const app = sparkApplication({ name: "a", namespace: "team-ml", conf, driverPool: pools["general"]!, executorPool: pools["bigcpu"]!, gpus: 0, job: { mainClass: "x", mainApplicationFile: "local:///x.jar", arguments: [] } });
        expect((app["spec"] as Record<string, unknown>)["batchScheduler"]).toBe("yunikorn");
        expect((app["spec"] as Record<string, unknown>)["batchSchedulerOptions"]).toEqual({ queue: "root.tenants.team-ml" });
        expect(sparkSchedulingFor(spec("aws-dev", (r) => (sched(r)["enabled"] = false)), "team-ml")).toBeUndefined();
    });

    it("the operator defaults every SparkApplication to YuniKorn", () => {
        const values = sparkOperatorValues({ namespace: "spark-operator", jobNamespaces: ["spark"], placement: { nodeSelector: {}, tolerations: [] } as never, priorityClassName: "p", prod: false, batchScheduler: "yunikorn" });
        expect((values["controller"] as Record<string, unknown>)["batchScheduler"]).toEqual({ enable: true, default: "yunikorn" });
    });

    it("the admission controller hands every Spark namespace's pods to YuniKorn, off the host network", () => {
        const v = yunikornValues({ tenants: Object.keys(s.tenants), queues: resolveQueues(s), priorityClassName: "tristack-platform", prod: false });
        expect((v["yunikornDefaults"] as Record<string, string>)["admissionController.filtering.processNamespaces"]).toBe("^spark$,^team-analytics$,^team-ml$");
        expect((v["admissionController"] as Record<string, unknown>)["hostNetwork"]).toBe(false);
        // The chart's CPU limits (4, 200m, 500m) survive Helm's merge unless nulled.
        for (const r of [v["resources"], (v["web"] as Record<string, unknown>)["resources"], (v["admissionController"] as Record<string, unknown>)["resources"]]) expect((r as { limits: Record<string, unknown> }).limits).toMatchObject({ cpu: null });
        expect(YUNIKORN.webhookPort).toBe(9089);
        // GOMEMLIMIT under each container's memory limit: "YuniKorn 1.9.0 ... GOMEMLIMIT" below.
        // The queues ride in the chart's yunikorn-defaults, so a new tenant is a Helm upgrade, not a replaced ConfigMap.
        expect((v["yunikornDefaults"] as Record<string, string>)["queues.yaml"]).toContain("team-analytics");
    });

    it("the stacks turn scheduling on in dev and prod on every cloud", () => {
        for (const st of ["aws-dev", "aws-prod", "gcp-dev", "gcp-prod", "azure-dev", "azure-prod"]) expect(parse(JSON.stringify(stackSpec(st)))["scheduling"]["enabled"]).toBe(true);
    });
});

describe("connectivity", () => {
    it("the flow table forbids tenants the scheduler's REST API and requires the API server's webhook calls", async () => {
        const { declaredFlows } = await import("../../components/plan/connectivity");
        const { CHART_FACTS } = await import("../../components/plan/chartModel");
        expect(CHART_FACTS["yunikorn"]?.webhooks.map((w) => w.port)).toEqual([YUNIKORN.webhookPort]);
        const flows = declaredFlows({
            net: { cni: "x", podCidr: "10.128.0.0/14", serviceCidr: "172.20.0.0/16", apiServerService: { clusterIp: "172.20.0.1", port: 443 }, webhookCaller: { kind: "address", cidr: "10.0.0.0/16", what: "control plane" }, identityEndpoints: [], ipBlockMatchesPods: true, ipBlockMatchesNodes: true, serviceEgressMatchedOn: "clusterIP" } as never,
            tenants: ["analytics"],
            services: { spark: true, kafka: false, cassandra: false, monitoring: false },
            webhooks: [{ namespace: "spark-operator", port: 9089, what: "YuniKorn admission controller (spark-operator)" }],
            monitorTargets: [],
            operators: [{ namespace: "spark-operator", what: "yunikorn (spark-operator)" }],
        });
        expect(flows.filter((f) => f.expect === "forbidden" && f.port === 9080).map((f) => [f.from.kind === "pod" ? f.from.namespace : "", f.to.kind === "pod" ? f.to.namespace : ""])).toEqual([["team-analytics", "spark-operator"]]);
        expect(flows.some((f) => f.expect === "required" && f.port === 9089)).toBe(true);
    });
});

describe("YuniKorn 1.9.0: gangs in tenant namespaces, chart values, Kubernetes support", () => {
    const ROOT = path.resolve(__dirname, "../..");
    const minor = (v: string) => v.split(".").map(Number) as [number, number, number];
    const atLeast = (v: string, min: string) => {
        const [a, b] = [minor(v), minor(min)];
        return a[0] !== b[0] ? a[0] > b[0] : a[1] !== b[1] ? a[1] > b[1] : a[2] >= b[2];
    };

    it("the pin is 1.9.0 or later, in a versions.ts Renovate's regex manager reads, and the placeholder facts were read at it", () => {
        const v = PLATFORM_VERSIONS.yunikorn;
        // 1.9.0 is the first release with hardened placeholders (YUNIKORN-3132, apache/yunikorn-k8shim 9f44327, tag v1.9.0).
        expect(atLeast(v.version, "1.9.0"), v.version).toBe(true);
        expect(YUNIKORN_PLACEHOLDER.shim).toBe(v.version);
        const renovate = JSON.parse(readFileSync(path.join(ROOT, "renovate.json"), "utf8")) as { customManagers: { fileMatch: string[]; matchStrings: string[] }[] };
        const m = renovate.customManagers[0]!;
        const file = "components/platform/versions.ts";
        expect(new RegExp(m.fileMatch[0]!).test(file)).toBe(true);
        const found = [...readFileSync(path.join(ROOT, file), "utf8").matchAll(new RegExp(m.matchStrings[0]!, "g"))].find((x) => x.groups?.["depName"] === "yunikorn");
        expect(found?.groups).toMatchObject({ datasource: "helm", registryUrl: v.repo, currentValue: v.version });
        // No renovate marker left in a file the manager never reads (batchScheduler.ts held one before).
        expect(readFileSync(path.join(ROOT, "components/platform/batchScheduler.ts"), "utf8")).not.toMatch(/\/\/\s*renovate:/);
    });

    // The placeholder pod as the shim builds it, in a tenant namespace (PSA restricted, components/platform/plans.ts).
    const placeholder = (p: { podSecurityContext: object; containerSecurityContext?: object }) =>
        k8s("v1", "Pod", "tg-spark-executor-0", "team-ml", {
            spec: {
                schedulerName: "yunikorn",
                restartPolicy: "Never",
                securityContext: p.podSecurityContext,
                containers: [{ name: "pause", image: YUNIKORN_PLACEHOLDER.image, resources: { requests: { cpu: "1", memory: "4Gi" }, limits: { cpu: "1", memory: "4Gi" } }, ...(p.containerSecurityContext ? { securityContext: p.containerSecurityContext } : {}) }],
            },
        });

    it("gang placeholders meet Pod Security restricted in a tenant namespace; 1.8.0's did not (they fell back to pod-by-pod)", () => {
        expect(tenantPlan("ml", spec("aws-dev")).podSecurity).toBe("restricted");
        const now = placeholder(YUNIKORN_PLACEHOLDER);
        expect(messages(podSecurityRestricted, [now])).toEqual([]);
        expect(messages(podSecurityBaseline, [now])).toEqual([]);
        expect(YUNIKORN_PLACEHOLDER.hostNetwork).toBe(false);
        // apache/yunikorn-k8shim v1.8.0 pkg/cache/placeholder.go: SecurityContext{RunAsUser: 1000, RunAsGroup: 3000}, none on the container.
        expect(messages(podSecurityRestricted, [placeholder({ podSecurityContext: { runAsUser: 1000, runAsGroup: 3000 } })])).toEqual(["Pod team-ml/tg-spark-executor-0 container pause lacks runAsNonRoot, allowPrivilegeEscalation=false, capabilities.drop ALL, seccompProfile RuntimeDefault"]);
    });

    it("every tenant's Spark defaults carry the gang (no tenant is withheld from gang scheduling)", () => {
        for (const st of ["aws-prod", "gcp-prod", "azure-dev"]) {
            const s = spec(st);
            for (const t of Object.keys(s.tenants)) {
                const conf = sparkSchedulingConf(sparkSchedulingFor(s, `team-${t}`)!);
                expect(conf, `${st} ${t}`).toMatchObject({
                    "spark.kubernetes.driver.annotation.yunikorn.apache.org/schedulingPolicyParameters": `placeholderTimeoutInSeconds=${s.scheduling.gang.placeholderTimeoutSeconds} gangSchedulingStyle=${s.scheduling.gang.style}`,
                    "spark.dynamicAllocation.minExecutors": String(s.scheduling.gang.minExecutors),
                });
            }
        }
    });

    /**
     * Values keys of chart 1.9.0 that the platform may set (apache/yunikorn-release helm-charts/yunikorn/values.yaml
     * on master of 2026-05-28 with YUNIKORN-3212's goMemoryLimitPercentage; yunikorn-site
     * versioned_docs/version-1.9.0/user_guide/service_config.md). Free-form maps end the path.
     */
    const CHART_1_9_KEYS = new Set([
        "priorityClassName", "affinity", "tolerations", "nodeSelector", "resources", "goMemoryLimitPercentage", "goGC", "embedAdmissionController", "enableWebService", "yunikornDefaults", "hostNetwork",
        "web.resources", "web.goMemoryLimitPercentage", "web.goGC",
        "admissionController.priorityClassName", "admissionController.affinity", "admissionController.tolerations", "admissionController.nodeSelector", "admissionController.hostNetwork", "admissionController.replicaCount", "admissionController.resources", "admissionController.goMemoryLimitPercentage", "admissionController.goGC",
    ]);
    /** Removed or deprecated in 1.9.0 (release-announce/1.9.0.md, YUNIKORN-3253 and YUNIKORN-3212; YUNIKORN-3259 removed the plugin mode). */
    const GONE_IN_1_9 = ["goMemoryLimit", "web.goMemoryLimit", "admissionController.goMemoryLimit", "placeHolderImage", "operatorPlugins", "configuration", "enableSchedulerPlugin", "pluginImage", "admissionController.processNamespaces", "admissionController.bypassNamespaces", "admissionController.labelNamespaces", "admissionController.noLabelNamespaces"];
    const leafKeys = (o: Record<string, unknown>, prefix = ""): string[] =>
        Object.entries(o).flatMap(([k, v]) => {
            const key = prefix + k;
            return CHART_1_9_KEYS.has(key) || v === null || typeof v !== "object" || Array.isArray(v) ? [key] : leafKeys(v as Record<string, unknown>, `${key}.`);
        });
    const values = () => yunikornValues({ tenants: ["analytics", "ml"], queues: resolveQueues(spec("aws-dev")), priorityClassName: "tristack-platform", prod: true });

    it("the values set only keys the 1.9.0 chart reads, none it removed or deprecated", () => {
        const keys = leafKeys(values());
        expect(keys.filter((k) => !CHART_1_9_KEYS.has(k))).toEqual([]);
        expect(keys.filter((k) => GONE_IN_1_9.includes(k))).toEqual([]);
        // The yunikorn-defaults entries are k8shim v1.9.0 keys: pkg/admission/conf/am_conf.go AMFilteringProcessNamespaces, and the queues.
        expect(Object.keys(values()["yunikornDefaults"] as object).sort()).toEqual(["admissionController.filtering.processNamespaces", "queues.yaml"]);
        // What the 1.8-era values held is caught: the fixed goMemoryLimit is ignored by 1.9.0 once a percentage is set (its default is one).
        expect(leafKeys({ goMemoryLimit: "800MiB", web: { goMemoryLimit: "100MiB" } }).filter((k) => GONE_IN_1_9.includes(k))).toEqual(["goMemoryLimit", "web.goMemoryLimit"]);
    });

    it("GOMEMLIMIT, as the 1.9.0 chart computes it (percentage x memory limit, templates/_helpers.tpl yunikorn.goMemLimit), sits under each limit", () => {
        const v = values() as { goMemoryLimitPercentage: number; resources: { limits: { memory: string } }; web: { goMemoryLimitPercentage: number; resources: { limits: { memory: string } } }; admissionController: { goMemoryLimitPercentage: number; resources: { limits: { memory: string } } } };
        const bytes = (q: string) => Number(q.slice(0, -2)) * (q.endsWith("Gi") ? 2 ** 30 : 2 ** 20);
        for (const [c, limit] of [[v, YUNIKORN_RESOURCES.scheduler.memory], [v.web, YUNIKORN_RESOURCES.web.memory], [v.admissionController, YUNIKORN_RESOURCES.admission.memory]] as const) {
            expect(c.resources.limits.memory).toBe(limit);
            expect(c.goMemoryLimitPercentage).toBeGreaterThanOrEqual(50);
            expect(Math.ceil((bytes(limit) * c.goMemoryLimitPercentage) / 100)).toBeLessThan(bytes(limit));
        }
    });

    it("every stack with scheduling on runs a Kubernetes minor the pinned YuniKorn supports (1.8.0 stopped at 1.34)", () => {
        for (const st of ["aws-dev", "aws-prod", "gcp-dev", "gcp-prod", "azure-dev", "azure-prod"]) {
            const s = spec(st);
            if (s.scheduling.enabled) expect(yunikornKubernetesSupport(s.kubernetesVersion), `${st} ${s.kubernetesVersion}`).toBe("supported");
        }
        expect(["1.23", "1.24", "1.34", "1.35", "1.36", "1.37"].map(yunikornKubernetesSupport)).toEqual(["unsupported", "supported", "supported", "supported", "e2e-only", "unsupported"]);
    });
});

describe("the queue dashboard", () => {
    type Dashboard = { uid?: unknown; panels?: { title?: string; targets?: { expr?: string }[] }[] };
    /**
     * What is wrong with a queue dashboard: not JSON, no panels, or a query that is not YuniKorn's
     * `yunikorn_queue_resource` with a state it exports and a tenant queue selector.
     * @param json the dashboard
     */
    const problems = (json: string): string[] => {
        let d: Dashboard;
        try {
            d = JSON.parse(json) as Dashboard;
        } catch (e) {
            return [`not JSON: ${(e as Error).message}`];
        }
        const targets = (d.panels ?? []).flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title ?? "?", expr: t.expr ?? "" })));
        if (typeof d.uid !== "string" || targets.length === 0) return ["no uid or no queries"];
        const out: string[] = [];
        for (const { panel, expr } of targets) {
            const m = /^(\w+)\{(.*)\}$/.exec(expr);
            if (!m || m[1] !== YUNIKORN_QUEUE_METRIC.name) {
                out.push(`${panel}: ${expr} is not ${YUNIKORN_QUEUE_METRIC.name}`);
                continue;
            }
            const labels = Object.fromEntries([...m[2]!.matchAll(/(\w+)(=~|=)"((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1]!, x[3]!]));
            const unknown = Object.keys(labels).filter((l) => !(YUNIKORN_QUEUE_METRIC.labels as readonly string[]).includes(l));
            if (unknown.length) out.push(`${panel}: ${expr} uses labels YuniKorn does not export: ${unknown.join(", ")}`);
            if (!(YUNIKORN_QUEUE_METRIC.states as readonly string[]).includes(labels["state"] ?? "")) out.push(`${panel}: ${expr} asks for state ${labels["state"] ?? "(none)"}`);
            if (!["vcore", "memory"].includes(labels["resource"] ?? "")) out.push(`${panel}: ${expr} asks for resource ${labels["resource"] ?? "(none)"}`);
            if (!(labels["queue"] ?? "").startsWith(YUNIKORN.tenantsQueue)) out.push(`${panel}: ${expr} does not select the tenant queues`);
        }
        return out;
    };

    it("parses, and every query is yunikorn_queue_resource of the tenant queues with allocated, guaranteed and max", () => {
        expect(problems(queueDashboard())).toEqual([]);
        const d = JSON.parse(queueDashboard()) as { panels: { targets: { expr: string }[] }[] };
        const exprs = d.panels.flatMap((p) => p.targets.map((t) => t.expr));
        for (const state of ["allocated", "guaranteed", "max"]) for (const r of ["vcore", "memory"]) expect(exprs.some((e) => e.includes(`resource="${r}"`) && e.includes(`state="${state}"`)), `${r} ${state}`).toBe(true);
    });

    it("fails a broken dashboard: bad JSON, a metric YuniKorn does not export, a state it does not have, another queue tree", () => {
        const good = queueDashboard();
        expect(problems(good.slice(0, -1))[0]).toMatch(/^not JSON/);
        expect(problems(good.replaceAll("yunikorn_queue_resource", "yunikorn_queue_resources"))).toHaveLength(6);
        expect(problems(good.replaceAll('state=\\"guaranteed\\"', 'state=\\"used\\"'))).toEqual(expect.arrayContaining([expect.stringContaining("asks for state used")]));
        expect(problems(good.replaceAll("root.tenants", "root.default"))).toHaveLength(6);
        expect(problems(JSON.stringify({ uid: "x", panels: [] }))).toEqual(["no uid or no queries"]);
    });
});
