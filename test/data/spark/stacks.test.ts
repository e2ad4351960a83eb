/**
 * Spark in the real program (index.ts under mocks) on every committed stack: the pinned chart and
 * its scope, protection, identity binding, sizing against the capacity module, schema validity.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { sizeSparkExecutor } from "../../../components/capacity";
import { poolHandles } from "../../../components/clouds/pools";
import { sparkExecutorDefaults, sparkSizingTable } from "../../../components/data/spark/sizing";
import { parsePlatformSpec, sparkPools } from "../../../components/spec";
import { ROOT, run, stackSpec, type Recorded } from "../../support/mocks";
import { sparkAppResourcesBounded, sparkDriverPlacement, sparkEventLogToObjectStore } from "../../../policies/rules/data";
import { validateCustomResource, validateKubernetesObject } from "../../support/schemas";
import { parseConf, type Obj } from "./handles";

const STACKS = ["local", "aws-dev", "aws-prod", "gcp-dev", "gcp-prod", "azure-dev", "azure-prod"].filter((s) => existsSync(path.join(ROOT, "stacks", `Pulumi.${s}.yaml`)));
const runs: Record<string, Recorded> = {};

const meta = (r: { inputs: Obj }) => r.inputs["metadata"] as Obj;
const sparkObjects = (r: Recorded, stack: string) => {
    const name = String(stackSpec(stack)["name"]);
    return r.resources.filter((x) => x.type.startsWith("kubernetes:") && x.name.startsWith(`${name}-spark-`));
};
const byMeta = (r: Recorded, kind: string, namespace: string, name: string) => {
    const found = r.resources.filter((x) => x.type === kind && meta(x)?.["namespace"] === namespace && meta(x)?.["name"] === name);
    if (found.length !== 1) throw new Error(`expected one ${kind} ${namespace}/${name}, found ${found.length}`);
    return found[0]!;
};
const specOf = (stack: string) => parsePlatformSpec(stackSpec(stack));
/** Pools as the adapters build them (general/large-core overhead does not depend on GPU options). */
const poolsOf = (stack: string) => poolHandles(specOf(stack), { gpu: { driverProvidedByCloud: true, devicePluginProvidedByCloud: false }, systemTaint: true, localScratchHostPath: "/x" });

describe("Spark on every stack", () => {
    beforeAll(async () => {
        for (const stack of STACKS) runs[stack] = await run(stackSpec(stack), { stack });
    }, 600_000);

    describe.each(STACKS)("%s", (stack) => {
        it("installs spark-operator 2.5.2 from the kubeflow repo into spark-operator, with its CRDs", () => {
            const rel = runs[stack]!.one("kubernetes:helm.sh/v3:Release", `${String(stackSpec(stack)["name"])}-spark-operator`);
            expect([rel.inputs["chart"], rel.inputs["version"], rel.inputs["repositoryOpts"], rel.inputs["namespace"], rel.inputs["skipCrds"]]).toEqual([
                "spark-operator",
                "2.5.2",
                { repo: "https://kubeflow.github.io/spark-operator" },
                "spark-operator",
                false,
            ]);
            expect((rel.inputs["values"] as Obj)["hook"]).toMatchObject({ upgradeCrd: true });
        });

        it("scopes the webhook and jobs to spark and every tenant namespace of the platform", () => {
            const rel = runs[stack]!.ofType("kubernetes:helm.sh/v3:Release").find((x) => x.inputs["chart"] === "spark-operator")!;
            const tenants = Object.values((runs[stack]!.outputs["namespaces"] as { tenants: Record<string, string> }).tenants);
            expect(((rel.inputs["values"] as Obj)["spark"] as Obj)["jobNamespaces"]).toEqual(["spark", ...tenants]);
            expect((rel.inputs["values"] as Obj)["webhook"]).toMatchObject({ enable: true, failurePolicy: "Fail" });
        });

        it("makes the operator wait for every tenant namespace and a tenant's defaults for its own only", () => {
            const r = runs[stack]!;
            const tenants = Object.values((r.outputs["namespaces"] as { tenants: Record<string, string> }).tenants);
            const nsUrn = (name: string) => r.ofType("kubernetes:core/v1:Namespace").find((n) => meta(n)["name"] === name)!.urn;
            const rel = r.ofType("kubernetes:helm.sh/v3:Release").find((x) => x.inputs["chart"] === "spark-operator")!;
            expect(rel.dependencies).toEqual(expect.arrayContaining(tenants.map(nsUrn)));
            for (const tenant of tenants) {
                const others = tenants.filter((t) => t !== tenant).map(nsUrn);
                const defaults = byMeta(r, "kubernetes:core/v1:ConfigMap", tenant, "spark-defaults");
                expect(defaults.dependencies).toContain(nsUrn(tenant));
                expect(defaults.dependencies.filter((d) => others.includes(d))).toEqual([]);
            }
        });

        it("protects and retains the operator release in prod only", () => {
            const rel = runs[stack]!.ofType("kubernetes:helm.sh/v3:Release").find((x) => x.inputs["chart"] === "spark-operator")!;
            const prod = specOf(stack).environment === "prod";
            expect([rel.protect, rel.retainOnDelete]).toEqual([prod, prod]);
        });

        it("binds the spark-driver ServiceAccount through the cloud's workload identity (none on an existing cluster)", () => {
            const spec = specOf(stack);
            const cloudSide = runs[stack]!.resources.filter((x) => !x.type.startsWith("kubernetes:") && !x.type.startsWith("tristack:") && !x.type.startsWith("pulumi:") && x.name.startsWith(`${spec.name}-spark-driver`));
            if (spec.cloud === "existing") expect(cloudSide).toEqual([]);
            else expect(cloudSide.some((x) => JSON.stringify(x.inputs).includes("spark-driver"))).toBe(true);
            expect(meta(byMeta(runs[stack]!, "kubernetes:core/v1:ServiceAccount", "spark", "spark-driver"))["namespace"]).toBe("spark");
        });

        it("sizes the default executor of the executor pool exactly as the capacity module does", () => {
            const spec = specOf(stack);
            const pool = poolsOf(stack)[sparkPools(spec).executor!]!;
            const conf = parseConf(String((byMeta(runs[stack]!, "kubernetes:core/v1:ConfigMap", "spark", "spark-defaults").inputs["data"] as Obj)["spark-defaults.conf"]));
            const expected = sparkExecutorDefaults(pool);
            expect(Object.fromEntries(Object.keys(expected).map((k) => [k, conf[k]]))).toEqual(expected);
            const shape = sizeSparkExecutor(pool.allocatable, pool.daemonSetOverhead);
            expect(conf["spark.executor.memory"]).toBe(`${shape.memoryMiB}m`);
        });

        it("packs every general and large-core pool to at least 95% of min(CPU, memory)", () => {
            const spec = specOf(stack);
            const rows = sparkSizingTable({ pools: poolsOf(stack) }, spec).filter((r) => r.role !== "gpu");
            expect(rows.length).toBeGreaterThan(0);
            for (const row of rows) expect(Math.min(row.cpuPacking, row.memoryPacking), `${stack}/${row.pool}`).toBeGreaterThanOrEqual(0.95);
        });

        it("sends only Spark objects valid against the Kubernetes 1.36 schema", () => {
            const objects = sparkObjects(runs[stack]!, stack).filter((x) => !x.type.startsWith("kubernetes:helm"));
            expect(objects.length).toBeGreaterThan(8);
            const problems = objects.flatMap((x) => {
                const [, gv, kind] = x.type.split(":") as [string, string, string];
                return validateKubernetesObject({ apiVersion: gv.startsWith("core/") ? gv.slice(5) : gv, kind, ...x.inputs }).map((e) => `${x.name}: ${e}`);
            });
            expect(problems).toEqual([]);
        });

        it("gives every Spark namespace a SparkApplication that carries the cloud's object-store settings, its own event-log prefix and passes the CRD and the pack's Spark rules", () => {
            const r = runs[stack]!;
            const spec = specOf(stack);
            // What each object store must hand Spark (components/clouds/<cloud>/objectStore.ts, existing/existingCluster.ts), read through the handle, never by cloud here.
            const expected: Record<string, Record<string, string>> = {
                aws: { "spark.hadoop.fs.s3a.aws.credentials.provider": "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider" },
                gcp: { "spark.hadoop.fs.gs.impl": "com.google.cloud.hadoop.fs.gcs.GoogleHadoopFileSystem", "spark.hadoop.fs.gs.auth.type": "APPLICATION_DEFAULT" },
                azure: {
                    "spark.hadoop.fs.azure.account.auth.type": "OAuth",
                    "spark.hadoop.fs.azure.account.oauth.provider.type": "org.apache.hadoop.fs.azurebfs.oauth2.WorkloadIdentityTokenProvider",
                    "spark.hadoop.fs.azure.account.oauth2.client.id": "${env.AZURE_CLIENT_ID}",
                    "spark.hadoop.fs.azure.account.oauth2.token.file": "${env.AZURE_FEDERATED_TOKEN_FILE}",
                },
                existing: { "spark.hadoop.fs.s3a.path.style.access": "true" },
            };
            const namespaces = ["spark", ...Object.values((r.outputs["namespaces"] as { tenants: Record<string, string> }).tenants)];
            for (const ns of namespaces) {
                const data = byMeta(r, "kubernetes:core/v1:ConfigMap", ns, "spark-defaults").inputs["data"] as Obj;
                const app = JSON.parse(String(data["sparkapplication.json"])) as Obj;
                const appSpec = app["spec"] as Obj;
                expect(validateCustomResource(app), `${stack} ${ns}`).toEqual([]);
                expect(appSpec["sparkConf"], `${stack} ${ns}`).toMatchObject(expected[spec.cloud]!);
                const dir = String((appSpec["sparkConf"] as Obj)["spark.eventLog.dir"]);
                expect(dir, `${stack} ${ns}`).toMatch(ns === "spark" ? /\/spark-events\/$/ : new RegExp(`/${ns}/spark-events/$`));
                const cm = byMeta(r, "kubernetes:core/v1:ConfigMap", ns, "spark-defaults");
                const ctx = { environment: spec.environment, params: { maxExecutors: spec.environment === "prod" ? 100 : 20 }, stack: { resources: [], ofType: () => [] } };
                const found = [sparkAppResourcesBounded, sparkEventLogToObjectStore, sparkDriverPlacement].flatMap((rule) => rule.check({ type: cm.type, name: cm.name, inputs: cm.inputs, options: { protect: false, retainOnDelete: false } } as never, ctx as never));
                expect(found, `${stack} ${ns}`).toEqual([]);
            }
        });

        it("gives the history server the object store's credentials where drivers get them from a Secret (existing), and none where the store uses workload identity", () => {
            const dep = byMeta(runs[stack]!, "kubernetes:apps/v1:Deployment", "spark", "spark-history-server");
            const env = (((((dep.inputs["spec"] as Obj)["template"] as Obj)["spec"] as Obj)["containers"] as Obj[])[0]!["env"] as Obj[]).filter((e) => e["valueFrom"] !== undefined);
            const spec = specOf(stack);
            if (spec.cloud === "existing") {
                const secret = spec.existing!.objectStore.credentialsSecret;
                expect(env).toEqual([
                    { name: "AWS_ACCESS_KEY_ID", valueFrom: { secretKeyRef: { name: secret, key: "access-key" } } },
                    { name: "AWS_SECRET_ACCESS_KEY", valueFrom: { secretKeyRef: { name: secret, key: "secret-key" } } },
                ]);
            } else expect(env).toEqual([]);
        });

        it("pins the history server image by digest", () => {
            const dep = byMeta(runs[stack]!, "kubernetes:apps/v1:Deployment", "spark", "spark-history-server");
            const image = String(((((dep.inputs["spec"] as Obj)["template"] as Obj)["spec"] as Obj)["containers"] as Obj[])[0]!["image"]);
            expect(image).toMatch(/@sha256:[0-9a-f]{64}$/);
        });
    });
});
