/**
 * The Spark component against hand-made handles: identity bindings, RBAC, defaults, placement,
 * history server and operator values, without any cloud adapter.
 */
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { sizeSparkExecutor } from "../../../components/capacity";
import type { ClusterHandle } from "../../../components/clouds/clusterHandle";
import { validateCustomResource, validateKubernetesObject } from "../../support/schemas";
import { devSpec, fakeCluster, fakePlatform, parseConf, SCRATCH, type Grant, type Obj } from "./handles";

interface Registered {
    readonly type: string;
    readonly name: string;
    readonly inputs: Obj;
}
const registered: Registered[] = [];
const grants: Record<string, Grant[]> = { dev: [], prod: [], lean: [] };
const clusters: Record<string, ClusterHandle> = {};
let missingTenantError: unknown;

const of = (component: string, type: string) => registered.filter((r) => r.type === type && r.name.startsWith(`${component}-`));
const byMeta = (component: string, type: string, namespace: string, name: string): Registered => {
    const found = of(component, type).filter((r) => (r.inputs["metadata"] as Obj)["name"] === name && (r.inputs["metadata"] as Obj)["namespace"] === namespace);
    if (found.length !== 1) throw new Error(`expected one ${type} ${namespace}/${name} in ${component}, found ${found.length}`);
    return found[0]!;
};
const confOf = (component: string, namespace: string, configMap = "spark-defaults") => parseConf(String((byMeta(component, "kubernetes:core/v1:ConfigMap", namespace, configMap).inputs["data"] as Obj)["spark-defaults.conf"]));
const fileOf = (component: string, namespace: string, configMap: string, file: string) => parse(String((byMeta(component, "kubernetes:core/v1:ConfigMap", namespace, configMap).inputs["data"] as Obj)[file])) as Obj;
/** The SparkApplication a defaults ConfigMap carries (`sparkapplication.json`). */
const appOf = (component: string, namespace: string, configMap = "spark-defaults") => fileOf(component, namespace, configMap, "sparkapplication.json");
const appSpec = (component: string, namespace: string, configMap = "spark-defaults") => appOf(component, namespace, configMap)["spec"] as Obj;
/** The platform image the prod build is given (`spark.image`). */
const PLATFORM_IMAGE = `ghcr.io/example/tristack-spark:4.0.4-1@sha256:${"a".repeat(64)}`;
const release = (component: string) => of(component, "kubernetes:helm.sh/v3:Release")[0]!;
const values = (component: string) => release(component).inputs["values"] as Obj;

describe("Spark against hand-made handles", () => {
    beforeAll(async () => {
        await pulumi.runtime.setMocks(
            {
                newResource: (args) => {
                    registered.push({ type: args.type, name: args.name, inputs: args.inputs as Obj });
                    return { id: `${args.name}-id`, state: args.inputs };
                },
                call: () => ({}),
            },
            "tristack",
            "test",
            false,
        );
        const { Spark } = await import("../../../components/data/spark");
        const build = (name: string, spec: ReturnType<typeof devSpec>, monitoring = true) => {
            clusters[name] = fakeCluster(spec, grants[name]!);
            return new Spark(name, { cluster: clusters[name]!, platform: fakePlatform(spec, monitoring), spec });
        };
        const built = [
            build("dev", devSpec()),
            build(
                "prod",
                devSpec((raw) => {
                    raw["environment"] = "prod";
                    raw["notebooks"] = { enabled: false };
                    raw["zones"] = ["us-east-1a", "us-east-1b", "us-east-1c"];
                    raw["apiAccess"] = { authorizedCidrs: ["198.51.100.16/28"] };
                    raw["kafka"] = { enabled: false };
                    raw["cassandra"] = { enabled: false };
                    raw["spark"] = { ...(raw["spark"] as Obj), image: PLATFORM_IMAGE };
                }),
            ),
            build(
                "lean",
                devSpec((raw) => {
                    const pools = raw["nodePools"] as Obj;
                    delete pools["gpu"];
                    delete pools["bigcpu"];
                    raw["tenants"] = {};
                    raw["kafka"] = { enabled: false };
                    raw["spark"] = { enabled: true, maxExecutors: 7, historyServer: false };
                }),
                false,
            ),
        ];
        try {
            const spec = devSpec();
            new Spark("broken", { cluster: fakeCluster(spec, []), platform: { ...fakePlatform(spec), tenantWorkloads: {} }, spec });
        } catch (err) {
            missingTenantError = err;
        }
        await Promise.all(built.map((c) => new Promise((resolve) => c.urn.apply(resolve))));
        const settings = (await import("@pulumi/pulumi/runtime/settings")) as unknown as { waitForRPCs(): Promise<void> };
        await settings.waitForRPCs();
    });

    describe("identity", () => {
        it("grants the spark-driver ServiceAccount the whole bucket and the history server only spark-events/", () => {
            expect(grants["dev"]!.map((g) => [g.name, g.sa, g.prefix])).toEqual([
                ["dev-driver", { namespace: "spark", serviceAccount: "spark-driver" }, undefined],
                ["dev-history", { namespace: "spark", serviceAccount: "spark-history-server" }, "spark-events/"],
            ]);
        });

        it("puts exactly the annotations grantAccess returned on the driver and history ServiceAccounts", () => {
            const [driver, history] = grants["dev"]!;
            expect((byMeta("dev", "kubernetes:core/v1:ServiceAccount", "spark", "spark-driver").inputs["metadata"] as Obj)["annotations"]).toEqual(driver!.access.serviceAccountAnnotations);
            expect((byMeta("dev", "kubernetes:core/v1:ServiceAccount", "spark", "spark-history-server").inputs["metadata"] as Obj)["annotations"]).toEqual(history!.access.serviceAccountAnnotations);
        });

        it("creates no ServiceAccount in tenant namespaces (the platform layer owns them)", () => {
            expect(of("dev", "kubernetes:core/v1:ServiceAccount").map((r) => (r.inputs["metadata"] as Obj)["namespace"])).toEqual(["spark", "spark"]);
        });

        it("runs tenant drivers and executors as the platform's tenant ServiceAccount and labels their pods", () => {
            const conf = confOf("dev", "team-ml");
            expect(conf["spark.kubernetes.authenticate.driver.serviceAccountName"]).toBe("spark");
            expect(conf["spark.kubernetes.authenticate.executor.serviceAccountName"]).toBe("spark");
            expect(conf["spark.kubernetes.driver.label.example.com/use"]).toBe("true");
            expect(conf["spark.kubernetes.executor.label.example.com/use"]).toBe("true");
        });

        it("fails with a RunError when the platform has no workload for a tenant", () => {
            expect(missingTenantError).toBeInstanceOf(pulumi.RunError);
            expect(String(missingTenantError)).toContain('no workload identity for tenant "analytics"');
        });
    });

    describe("driver RBAC", () => {
        it("creates the spark-driver Role and RoleBinding only in the spark namespace", () => {
            expect(of("dev", "kubernetes:rbac.authorization.k8s.io/v1:Role").map((r) => (r.inputs["metadata"] as Obj)["namespace"])).toEqual(["spark"]);
            const binding = byMeta("dev", "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "spark", "spark-driver").inputs;
            expect(binding["roleRef"]).toEqual({ apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "spark-driver" });
            expect(binding["subjects"]).toEqual([{ kind: "ServiceAccount", name: "spark-driver", namespace: "spark" }]);
        });

        it("allows pods, services, configmaps and PVCs in the core group, with no wildcards", () => {
            const rules = byMeta("dev", "kubernetes:rbac.authorization.k8s.io/v1:Role", "spark", "spark-driver").inputs["rules"] as { apiGroups: string[]; resources: string[]; verbs: string[] }[];
            expect(rules.flatMap((r) => r.resources).sort()).toEqual(["configmaps", "persistentvolumeclaims", "pods", "services"]);
            expect(rules.every((r) => r.apiGroups.length === 1 && r.apiGroups[0] === "")).toBe(true);
            expect(rules.flatMap((r) => [...r.apiGroups, ...r.resources, ...r.verbs]).filter((x) => x.includes("*"))).toEqual([]);
        });
    });

    describe("defaults", () => {
        it("creates spark-defaults and spark-defaults-gpu in spark and every tenant namespace", () => {
            const names = of("dev", "kubernetes:core/v1:ConfigMap").map((r) => `${String((r.inputs["metadata"] as Obj)["namespace"])}/${String((r.inputs["metadata"] as Obj)["name"])}`);
            expect(names.sort()).toEqual(["spark/spark-defaults", "spark/spark-defaults-gpu", "spark/spark-history-server", "team-analytics/spark-defaults", "team-analytics/spark-defaults-gpu", "team-ml/spark-defaults", "team-ml/spark-defaults-gpu"]);
        });

        it("sends spark-namespace event logs to uri('spark-events/') and tenants' under their own prefix", () => {
            expect(confOf("dev", "spark")["spark.eventLog.enabled"]).toBe("true");
            expect(confOf("dev", "spark")["spark.eventLog.dir"]).toBe("s3a://bucket/spark-events/");
            expect(confOf("dev", "team-analytics")["spark.eventLog.dir"]).toBe("s3a://bucket/team-analytics/spark-events/");
        });

        it("turns on dynamic allocation with shuffle tracking, bounded by spec.spark.maxExecutors", () => {
            const conf = confOf("dev", "spark");
            expect([conf["spark.dynamicAllocation.enabled"], conf["spark.dynamicAllocation.shuffleTracking.enabled"], conf["spark.dynamicAllocation.maxExecutors"]]).toEqual(["true", "true", "20"]);
            expect(confOf("lean", "spark")["spark.dynamicAllocation.maxExecutors"]).toBe("7");
        });

        it("without spark.image, falls back to the pinned apache/spark base (no connectors) and warns", () => {
            expect(confOf("dev", "spark")["spark.kubernetes.container.image"]).toMatch(/^docker\.io\/apache\/spark:4\.0\.\d+@sha256:[0-9a-f]{64}$/);
        });

        it("runs drivers, executors and the history server on spark.image (the same jars everywhere)", () => {
            for (const ns of ["spark", "team-analytics"]) {
                expect(confOf("prod", ns)["spark.kubernetes.container.image"]).toBe(PLATFORM_IMAGE);
                expect(appSpec("prod", ns)["image"]).toBe(PLATFORM_IMAGE);
                expect(appSpec("prod", ns, "spark-defaults-gpu")["image"]).toBe(PLATFORM_IMAGE);
            }
            const pod = (byMeta("prod", "kubernetes:apps/v1:Deployment", "spark", "spark-history-server").inputs["spec"] as Obj)["template"] as Obj;
            expect(((pod["spec"] as Obj)["containers"] as Obj[])[0]!["image"]).toBe(PLATFORM_IMAGE);
        });

        it("turns on the Prometheus servlet, in the conf and as metrics.properties", () => {
            const conf = confOf("dev", "spark");
            expect(conf["spark.ui.prometheus.enabled"]).toBe("true");
            expect(conf["spark.metrics.conf.*.sink.prometheusServlet.class"]).toBe("org.apache.spark.metrics.sink.PrometheusServlet");
            const data = byMeta("dev", "kubernetes:core/v1:ConfigMap", "spark", "spark-defaults").inputs["data"] as Obj;
            expect(String(data["metrics.properties"])).toContain("*.sink.prometheusServlet.class=org.apache.spark.metrics.sink.PrometheusServlet");
        });

        it("carries the object store's Spark settings, in the conf and in the SparkApplication jobs start from", () => {
            const store = clusters["dev"]!.objectStore.sparkConf;
            for (const ns of ["spark", "team-analytics", "team-ml"]) {
                for (const cm of ["spark-defaults", "spark-defaults-gpu"]) {
                    const conf = appSpec("dev", ns, cm)["sparkConf"] as Obj;
                    for (const [k, v] of Object.entries(store)) expect(conf[k], `${ns}/${cm} ${k}`).toBe(v);
                }
            }
            expect(confOf("dev", "team-ml")["spark.hadoop.fs.s3a.endpoint.region"]).toBe("us-east-1");
        });

        it("sizes CPU executors for the large-core pool exactly as the capacity module does", () => {
            const pool = clusters["dev"]!.pools["bigcpu"]!;
            const shape = sizeSparkExecutor(pool.allocatable, pool.daemonSetOverhead);
            const conf = confOf("dev", "spark");
            expect([conf["spark.executor.cores"], conf["spark.kubernetes.executor.request.cores"], conf["spark.executor.memory"], conf["spark.executor.memoryOverhead"]]).toEqual([
                String(shape.cores),
                `${shape.requestCpuMillis}m`,
                `${shape.memoryMiB}m`,
                `${shape.overheadMiB}m`,
            ]);
        });

        it("falls back to the general pool for executors when there is no large-core pool", () => {
            const pool = clusters["lean"]!.pools["general"]!;
            const shape = sizeSparkExecutor(pool.allocatable, pool.daemonSetOverhead);
            expect(confOf("lean", "spark")["spark.kubernetes.executor.node.selector.tristack.io/pool"]).toBe("general");
            expect(confOf("lean", "spark")["spark.executor.memory"]).toBe(`${shape.memoryMiB}m`);
        });

        it("mounts no hostPath in the spark namespace either (Pod Security baseline rejects it): scratch is emptyDir on the NVMe-backed kubelet disk", () => {
            expect(SCRATCH.length).toBeGreaterThan(0);
            expect(Object.keys(confOf("dev", "spark")).filter((k) => k.includes("hostPath"))).toEqual([]);
        });

        it("mounts no hostPath in tenant namespaces (Pod Security restricted rejects it)", () => {
            expect(Object.keys(confOf("dev", "team-ml")).filter((k) => k.includes("hostPath"))).toEqual([]);
        });

        it("mounts no scratch when the executor pool has no local NVMe", () => {
            expect(Object.keys(confOf("lean", "spark")).filter((k) => k.includes("hostPath"))).toEqual([]);
        });
    });

    describe("placement", () => {
        it("pins drivers to the general pool and CPU executors to the large-core pool with affinity and no tolerations", () => {
            const spec = appSpec("dev", "spark");
            const driver = spec["driver"] as Obj;
            const executor = spec["executor"] as Obj;
            const terms = (pod: Obj) => ((pod["affinity"] as Obj)["nodeAffinity"] as Obj)["requiredDuringSchedulingIgnoredDuringExecution"];
            const term = (pool: string, role: string) => ({ nodeSelectorTerms: [{ matchExpressions: [{ key: "tristack.io/pool", operator: "In", values: [pool] }, { key: "tristack.io/role", operator: "In", values: [role] }] }] });
            expect(terms(driver)).toEqual(term("general", "general"));
            expect(terms(executor)).toEqual(term("bigcpu", "large-core"));
            expect([driver["tolerations"], executor["tolerations"]]).toEqual([[], []]);
        });

        it("gives GPU executors exactly the GPU pool's taints as tolerations and one GPU each", () => {
            const pool = clusters["dev"]!.pools["gpu"]!;
            const executor = appSpec("dev", "spark", "spark-defaults-gpu")["executor"] as Obj;
            expect(executor["tolerations"]).toEqual(pool.taints.map((t) => ({ key: t.key, operator: "Equal", value: t.value, effect: t.effect })));
            expect(executor["tolerations"]).toEqual([{ key: "nvidia.com/gpu", operator: "Equal", value: "present", effect: "NoSchedule" }]);
            expect(executor["gpu"]).toEqual({ name: "nvidia.com/gpu", quantity: 1 });
        });

        it("sets the RAPIDS plugin, GPU resources and discovery script in the GPU profile, and resolves no jar at run time (RAPIDS is baked into the image)", () => {
            const conf = confOf("dev", "spark", "spark-defaults-gpu");
            expect(conf["spark.plugins"]).toBe("com.nvidia.spark.SQLPlugin");
            expect(conf["spark.executor.resource.gpu.amount"]).toBe("1");
            expect(conf["spark.executor.resource.gpu.discoveryScript"]).toBe("/opt/spark/examples/src/main/scripts/getGpusResources.sh");
            expect(Object.keys(conf).filter((k) => k.startsWith("spark.jars"))).toEqual([]);
            expect(appSpec("dev", "spark", "spark-defaults-gpu")["deps"]).toBeUndefined();
            expect(conf["spark.kubernetes.executor.node.selector.tristack.io/pool"]).toBe("gpu");
        });

        it("bounds GPU executors by what the GPU pool holds at its maximum", () => {
            const pool = clusters["dev"]!.pools["gpu"]!;
            const max = Math.min(20, pool.maxNodes * (pool.instanceType.gpu?.count ?? 1));
            expect(confOf("dev", "spark", "spark-defaults-gpu")["spark.dynamicAllocation.maxExecutors"]).toBe(String(max));
            expect((appSpec("dev", "spark", "spark-defaults-gpu")["dynamicAllocation"] as Obj)["maxExecutors"]).toBe(max);
            expect(max).toBeLessThan(20);
        });

        it("creates no GPU profile when the cluster has no GPU pool", () => {
            expect(of("lean", "kubernetes:core/v1:ConfigMap").map((r) => (r.inputs["metadata"] as Obj)["name"])).toEqual(["spark-defaults"]);
        });

        it("makes the generated applications admissible under Pod Security restricted", () => {
            for (const role of ["driver", "executor"]) {
                const pod = appSpec("dev", "team-ml")[role] as Obj;
                expect(pod["podSecurityContext"]).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
                expect(pod["securityContext"]).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, runAsNonRoot: true });
            }
        });

        it("sets no CPU limit anywhere (no coreLimit, no limit.cores): executors are not CFS-throttled", () => {
            for (const cm of ["spark-defaults", "spark-defaults-gpu"]) {
                const spec = appSpec("dev", "spark", cm);
                expect([(spec["driver"] as Obj)["coreLimit"], (spec["executor"] as Obj)["coreLimit"]]).toEqual([undefined, undefined]);
                expect(Object.keys(confOf("dev", "spark", cm)).filter((k) => k.includes("limit.cores"))).toEqual([]);
            }
        });
    });

    describe("the SparkApplication each namespace's defaults carry", () => {
        it("runs in its own namespace as that namespace's ServiceAccount, with its identity labels", () => {
            for (const [ns, sa] of [["spark", "spark-driver"], ["team-analytics", "spark"], ["team-ml", "spark"]] as const) {
                const app = appOf("dev", ns);
                expect([(app["metadata"] as Obj)["namespace"], ((app["spec"] as Obj)["driver"] as Obj)["serviceAccount"], ((app["spec"] as Obj)["executor"] as Obj)["serviceAccount"]]).toEqual([ns, sa, sa]);
                expect(((app["spec"] as Obj)["driver"] as Obj)["labels"]).toMatchObject({ "example.com/use": "true" });
            }
        });

        it("carries every setting of the namespace's spark-defaults.conf, as a spec field or in sparkConf", () => {
            const conf = confOf("dev", "team-ml");
            const spec = appSpec("dev", "team-ml");
            const sparkConf = spec["sparkConf"] as Obj;
            expect(sparkConf["spark.eventLog.dir"]).toBe(conf["spark.eventLog.dir"]);
            expect((spec["dynamicAllocation"] as Obj)["maxExecutors"]).toBe(Number(conf["spark.dynamicAllocation.maxExecutors"]));
            expect((spec["executor"] as Obj)["coreRequest"]).toBe(conf["spark.kubernetes.executor.request.cores"]);
            expect((spec["executor"] as Obj)["memoryOverhead"]).toBe(conf["spark.executor.memoryOverhead"]);
            const asFields = Object.keys(conf).filter((k) => sparkConf[k] === undefined);
            expect(asFields.filter((k) => !/^spark\.(kubernetes\.(container|authenticate|driver\.(request|label)|executor\.(request|label))|driver\.(cores|memory)|executor\.(cores|memory)|dynamicAllocation\.(enabled|shuffleTracking\.enabled|minExecutors|initialExecutors|maxExecutors))/.test(k))).toEqual([]);
        });

        it("validates against the vendored spark-operator CRD in every namespace and profile", () => {
            const cms = of("dev", "kubernetes:core/v1:ConfigMap").filter((r) => String((r.inputs["metadata"] as Obj)["name"]).startsWith("spark-defaults"));
            expect(cms.length).toBe(6);
            for (const cm of cms) expect(validateCustomResource(JSON.parse(String((cm.inputs["data"] as Obj)["sparkapplication.json"])) as Obj)).toEqual([]);
        });
    });

    describe("operator", () => {
        it("scopes jobs and the webhook to spark and every tenant namespace", () => {
            expect((values("dev")["spark"] as Obj)["jobNamespaces"]).toEqual(["spark", "team-analytics", "team-ml"]);
            expect((values("lean")["spark"] as Obj)["jobNamespaces"]).toEqual(["spark"]);
        });

        it("runs the controller and webhook on the system pool, tolerating its taint, at platform priority", () => {
            const pool = clusters["dev"]!.pools["system"]!;
            for (const part of ["controller", "webhook"]) {
                const v = values("dev")[part] as Obj;
                expect(v["nodeSelector"]).toEqual({ "tristack.io/pool": "system" });
                expect(v["tolerations"]).toEqual(pool.taints.map((t) => ({ key: t.key, operator: "Equal", value: t.value, effect: t.effect })));
                expect(v["priorityClassName"]).toBe("tristack-platform");
            }
        });

        it("creates the chart's PodMonitor with the Prometheus labels only when monitoring is on", () => {
            expect((values("dev")["prometheus"] as Obj)["podMonitor"]).toEqual({ create: true, labels: { release: "kube-prometheus-stack" } });
            expect((values("lean")["prometheus"] as Obj)["podMonitor"]).toEqual({ create: false, labels: {} });
        });

        it("runs two replicas of each with PDBs in prod, one without in dev", () => {
            expect([(values("prod")["controller"] as Obj)["replicas"], (values("prod")["webhook"] as Obj)["podDisruptionBudget"]]).toEqual([2, { enable: true, minAvailable: 1 }]);
            expect([(values("dev")["controller"] as Obj)["replicas"], (values("dev")["webhook"] as Obj)["podDisruptionBudget"]]).toEqual([1, { enable: false, minAvailable: 1 }]);
        });
    });

    describe("history server", () => {
        it("reads uri('spark-events/') with the object store's settings", () => {
            const conf = parseConf(String((byMeta("dev", "kubernetes:core/v1:ConfigMap", "spark", "spark-history-server").inputs["data"] as Obj)["spark-defaults.conf"]));
            expect(conf["spark.history.fs.logDirectory"]).toBe("s3a://bucket/spark-events/");
            expect(conf["spark.hadoop.fs.s3a.endpoint.region"]).toBe("us-east-1");
        });

        it("is a ClusterIP Service on 18080", () => {
            const svc = byMeta("dev", "kubernetes:core/v1:Service", "spark", "spark-history-server").inputs["spec"] as Obj;
            expect([svc["type"], (svc["ports"] as Obj[])[0]!["port"]]).toEqual(["ClusterIP", 18080]);
        });

        it("runs 2 replicas spread over zones with a PDB in prod, 1 without in dev", () => {
            const replicas = (c: string) => (byMeta(c, "kubernetes:apps/v1:Deployment", "spark", "spark-history-server").inputs["spec"] as Obj)["replicas"];
            expect([replicas("prod"), replicas("dev")]).toEqual([2, 1]);
            expect(of("prod", "kubernetes:policy/v1:PodDisruptionBudget").map((p) => p.inputs["spec"])).toEqual([{ maxUnavailable: 1, selector: { matchLabels: expect.any(Object) } }]);
            expect(of("dev", "kubernetes:policy/v1:PodDisruptionBudget")).toEqual([]);
        });

        it("runs restricted: non-root, no escalation, all capabilities dropped, RuntimeDefault seccomp", () => {
            const pod = ((byMeta("dev", "kubernetes:apps/v1:Deployment", "spark", "spark-history-server").inputs["spec"] as Obj)["template"] as Obj)["spec"] as Obj;
            expect(pod["securityContext"]).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
            expect((pod["containers"] as Obj[])[0]!["securityContext"]).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ["ALL"] } });
            expect(pod["priorityClassName"]).toBe("tristack-platform");
        });

        it("carries the identity binding's pod labels", () => {
            const template = (byMeta("dev", "kubernetes:apps/v1:Deployment", "spark", "spark-history-server").inputs["spec"] as Obj)["template"] as Obj;
            expect((template["metadata"] as Obj)["labels"]).toMatchObject({ "example.com/use": "true" });
        });

        it("is not created when spec.spark.historyServer is false", () => {
            expect(of("lean", "kubernetes:apps/v1:Deployment")).toEqual([]);
        });
    });

    it("sends only objects valid against the Kubernetes 1.36 schema", () => {
        const objects = registered.filter((r) => r.type.startsWith("kubernetes:") && !r.type.startsWith("kubernetes:helm"));
        expect(objects.length).toBeGreaterThan(20);
        const problems = objects.flatMap((r) => {
            const t = r.type.split(":")[1]!;
            const apiVersion = t.startsWith("core/") ? t.slice(5) : t;
            return validateKubernetesObject({ apiVersion, kind: r.type.split(":")[2]!, ...r.inputs }).map((e) => `${r.name}: ${e}`);
        });
        expect(problems).toEqual([]);
    });

});
