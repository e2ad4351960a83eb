import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { manifests, planDocument, type PlanDocument, type PlanResource } from "../../components/plan/artifacts";
import { diffPlans, renderDiff, withEngineUrns } from "../../components/plan/diff";
import { runProgram } from "../../components/plan/engine";
import { readStack } from "../../components/plan/stacks";
import { ROOT } from "../support/mocks";

function res(type: string, name: string, inputs: Record<string, unknown>, opts: Partial<PlanResource> = {}): PlanResource {
    return { type, name, urn: `urn:pulumi:s::tristack::${type}::${name}`, custom: true, inputs, dependencies: [], protect: false, retainOnDelete: false, ...opts };
}

function doc(resources: PlanResource[]): PlanDocument {
    return { stack: "aws-dev", cloud: "aws", environment: "dev", summary: { resources: resources.length, byType: {}, protected: 0 }, resources, outputs: {}, policy: { mandatoryViolations: 0, advisoryFindings: 0, findings: [] } };
}

const ns = (name: string, labels: Record<string, string> = {}) => res("kubernetes:core/v1:Namespace", `ns-${name}`, { metadata: { name, labels } });
const pvc = (storageClassName: string) => res("kubernetes:core/v1:PersistentVolumeClaim", "data", { metadata: { name: "data", namespace: "kafka" }, spec: { storageClassName } });

describe("plan diff of two plan documents", () => {
    it("finds added, changed and removed resources by URN, with the changed fields", () => {
        const base = doc([ns("a", { x: "1" }), ns("gone")]);
        const head = doc([ns("a", { x: "2" }), ns("new")]);
        expect(diffPlans(base, head).map((c) => [c.action, c.label, c.fields])).toEqual([
            ["change", "Namespace /a", [{ path: "metadata.labels.x", before: "1", after: "2" }]],
            ["add", "Namespace /new", []],
            ["remove", "Namespace /gone", []],
        ]);
    });

    it("shows a list of plain values whole, so one inserted namespace is one change", () => {
        const np = (values: string[]) => res("kubernetes:networking.k8s.io/v1:NetworkPolicy", "np", { metadata: { name: "np", namespace: "kafka" }, spec: { ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values }] } }] }] } });
        const [c] = diffPlans(doc([np(["team-a", "spark"])]), doc([np(["team-a", "team-b", "spark"])]));
        expect(c!.fields).toEqual([{ path: "spec.ingress[0].from[0].namespaceSelector.matchExpressions[key=kubernetes.io/metadata.name].values", before: "team-a, spark", after: "team-a, team-b, spark" }]);
    });

    it("marks the Kubernetes provider's force-new fields as replacements (ConfigMap data, PVC storage class, names)", () => {
        const cm = (v: string) => res("kubernetes:core/v1:ConfigMap", "cm", { metadata: { name: "cm", namespace: "spark" }, data: { "spark-defaults.conf": `spark.driver.cores ${v}\nspark.x y\n` } });
        const [c] = diffPlans(doc([cm("1")]), doc([cm("2")]));
        expect([c!.action, c!.replaceFields, c!.holdsData]).toEqual(["replace", ["data.spark-defaults.conf>spark.driver.cores"], false]);
        const [p] = diffPlans(doc([pvc("tristack-standard")]), doc([pvc("tristack-fast")]));
        expect([p!.action, p!.replaceFields, p!.holdsData]).toEqual(["replace", ["spec.storageClassName"], true]);
        const [d] = diffPlans(doc([res("kubernetes:apps/v1:Deployment", "d", { metadata: { name: "a" }, spec: { replicas: 1 } })]), doc([res("kubernetes:apps/v1:Deployment", "d", { metadata: { name: "a" }, spec: { replicas: 2 } })]));
        expect(d!.action).toBe("change");
    });

    it("calls out removed and replaced data holders before everything else", () => {
        const bucket = res("aws:s3/bucket:Bucket", "data", { bucket: "b" }, { protect: true });
        const text = renderDiff("main (abc1234) → working tree", [{ stack: "aws-prod", status: "compared", changes: diffPlans(doc([bucket, pvc("a"), ns("x")]), doc([pvc("b"), ns("x"), ns("y")])) }]);
        const attention = text.indexOf("## ⚠ Data holders deleted or replaced");
        expect(attention).toBeGreaterThan(0);
        expect(attention).toBeLessThan(text.indexOf("## aws-prod"));
        expect(text).toContain("| aws-prod | **remove** | `aws:s3/bucket:Bucket data` | no longer in the plan |");
        expect(text).toContain("| aws-prod | **replace** | `PersistentVolumeClaim kafka/data` | changes spec.storageClassName |");
        expect(text).toContain("| aws-prod | 1 to add, 0 to change, 1 to replace, 1 to remove |");
    });

    it("never shows a credential: Secret payloads and password-like fields are redacted", () => {
        const secret = (v: string) => res("kubernetes:core/v1:Secret", "s", { metadata: { name: "s", namespace: "kafka" }, stringData: { user: v } });
        const [s] = diffPlans(doc([secret("old-plain")]), doc([secret("new-plain")]));
        expect(s!.fields).toEqual([{ path: "stringData.user", before: "[secret]", after: "[secret]" }]);
        const helm = (pw: string) => res("kubernetes:helm.sh/v3:Release", "grafana", { name: "g", namespace: "monitoring", values: { grafana: { adminPassword: pw } } });
        const [h] = diffPlans(doc([helm("a")]), doc([helm("b")]));
        expect(h!.fields).toEqual([{ path: "values.grafana.adminPassword", before: "[secret]", after: "[secret]" }]);
        expect(renderDiff("t", [{ stack: "x", status: "compared", changes: [s!, h!] }])).not.toMatch(/old-plain|new-plain/);
    });

    it("compares a base planned before the engine's URN rule (Stack type, last parent type only) by resource, not by spelling", () => {
        const at = (urn: string, type: string, name: string, parent: string | undefined, deps: string[] = []): PlanResource => ({ ...res(type, name, { metadata: { name } }, { dependencies: deps }), urn, ...(parent ? { parent } : {}) });
        const STACK = "urn:pulumi:s::tristack::pulumi:pulumi:Stack::tristack-s";
        const KAFKA = "kubernetes:kafka.strimzi.io/v1beta2:Kafka";
        const legacy = doc([
            at("urn:pulumi:s::tristack::pulumi:pulumi:Stack$tristack:data:DataPlatform::d", "tristack:data:DataPlatform", "d", STACK),
            at("urn:pulumi:s::tristack::tristack:data:DataPlatform$tristack:data:Kafka::k", "tristack:data:Kafka", "k", "urn:pulumi:s::tristack::pulumi:pulumi:Stack$tristack:data:DataPlatform::d"),
            at(`urn:pulumi:s::tristack::tristack:data:Kafka$${KAFKA}::c`, KAFKA, "c", "urn:pulumi:s::tristack::tristack:data:DataPlatform$tristack:data:Kafka::k", ["urn:pulumi:s::tristack::tristack:data:DataPlatform$tristack:data:Kafka::k"]),
        ]);
        const engine = doc([
            at("urn:pulumi:s::tristack::tristack:data:DataPlatform::d", "tristack:data:DataPlatform", "d", STACK),
            at("urn:pulumi:s::tristack::tristack:data:DataPlatform$tristack:data:Kafka::k", "tristack:data:Kafka", "k", "urn:pulumi:s::tristack::tristack:data:DataPlatform::d"),
            at(`urn:pulumi:s::tristack::tristack:data:DataPlatform$tristack:data:Kafka$${KAFKA}::c`, KAFKA, "c", "urn:pulumi:s::tristack::tristack:data:DataPlatform$tristack:data:Kafka::k", ["urn:pulumi:s::tristack::tristack:data:DataPlatform$tristack:data:Kafka::k"]),
        ]);
        // The two spellings differ for the nested objects: matched by URN alone, they would be removed and added.
        expect(legacy.resources.map((r) => r.urn)).not.toEqual(engine.resources.map((r) => r.urn));
        expect(withEngineUrns(legacy).resources.map((r) => [r.urn, r.parent, r.dependencies])).toEqual(engine.resources.map((r) => [r.urn, r.parent, r.dependencies]));
        expect(diffPlans(legacy, engine)).toEqual([]);
        // A base already in the engine's spelling is left as it is.
        expect(withEngineUrns(engine)).toBe(engine);
    });

    it("a new stack is all additions; a failed side is reported, not compared", () => {
        const text = renderDiff("t", [
            { stack: "aws-qa", status: "new", changes: diffPlans(undefined, doc([ns("a")])) },
            { stack: "local", status: "failed", changes: [], error: "head: tristack:spec is invalid\nmore" },
        ]);
        expect(text).toContain("| aws-qa | new stack: 1 to add, 0 to change, 0 to replace, 0 to remove |");
        expect(text).toContain("| local | FAILED: head: tristack:spec is invalid |");
    });
});

describe("adding one tenant to aws-dev", () => {
    it("adds only the tenant's objects and changes only the objects that list the tenants", async () => {
        const { spec, config } = readStack("aws-dev");
        const plan = async (raw: unknown) => {
            const run = await runProgram(raw, { stack: "aws-dev", config, cache: true });
            return { doc: planDocument("aws-dev", run.resources, run.outputs, []), resources: run.resources };
        };
        const base = await plan(spec);
        const withTenant = structuredClone(spec) as { tenants: Record<string, unknown> };
        withTenant.tenants = { ...withTenant.tenants, search: { members: { aws: { roleArns: ["arn:aws:iam::111122223333:role/search-engineers"] } }, quota: { cpu: 16, memoryGiB: 64, gpu: 0, storageGiB: 100 } } };
        const head = await plan(withTenant);
        const changes = diffPlans(base.doc, head.doc);

        const added = changes.filter((c) => c.action === "add");
        const changed = changes.filter((c) => c.action === "change");
        expect(changes.filter((c) => c.action === "remove").map((c) => c.label)).toEqual([]);
        // The one replacement: the Cassandra keyspaces-and-roles Job, whose pod template (it mounts every tenant's role Secret)
        // Kubernetes keeps immutable (batch/v1 Job spec.template), so it is re-created and runs again for the new role.
        const replaced = changes.filter((c) => c.action === "replace");
        expect(replaced.map((c) => c.label)).toEqual(["Job cassandra/tristack-dev-cassandra-keyspaces-roles"]);
        expect(replaced[0]!.fields.some((f) => /search/.test(`${f.path} = ${String(f.after)}`))).toBe(true);
        expect(added.map((c) => c.label)).toContain("Namespace /team-search");
        for (const c of added) expect(`${c.label} ${c.urn}`, c.label).toMatch(/search/);
        expect(changed.length).toBeGreaterThan(0);
        // Every changed field is the new tenant appearing in a list or a map (namespaces, subjects, peers).
        for (const c of changed) for (const f of c.fields) expect(`${f.path} = ${String(f.after)}`, `${c.label}: ${JSON.stringify(f.before)} -> ${JSON.stringify(f.after)}`).toMatch(/search/);

        // The manifests tell the same story: new files for the new objects, changed files for the changed ones.
        const before = manifests(base.resources);
        const after = manifests(head.resources);
        const newFiles = [...after.keys()].filter((f) => !before.has(f));
        const changedFiles = [...after.keys()].filter((f) => before.has(f) && before.get(f) !== after.get(f));
        expect([...before.keys()].filter((f) => !after.has(f))).toEqual([]);
        expect(newFiles.length).toBe(added.filter((c) => c.type.startsWith("kubernetes:")).length);
        expect(changedFiles.length).toBe([...changed, ...replaced].filter((c) => c.type.startsWith("kubernetes:")).length);
        expect(newFiles).toContain("namespace/_cluster/team-search.yaml");
    });
});

describe("npm run plan -- --diff <ref>, end to end through git", () => {
    const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
    const isCheckout = existsSync(path.join(ROOT, ".git"));

    // A throwaway worktree of the last commit with one tenant added to the local stack, planned against that
    // commit: the commit's own CLI plans the base in a second temporary worktree. (It exercises the committed
    // plan CLI, which is the code under test in a fresh clone and in CI.)
    it.skipIf(!isCheckout)("plans the base in a temporary worktree and lists the new tenant's objects, nothing removed", async () => {
        const dir = mkdtempSync(path.join(os.tmpdir(), "tristack-head-"));
        git(ROOT, "worktree", "add", "--detach", "--force", dir, "HEAD");
        try {
            symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
            const file = path.join(dir, "stacks", "Pulumi.local.yaml");
            const text = readFileSync(file, "utf8");
            writeFileSync(file, text.replace(/^(\s+)tenants:\n/m, (m, indent: string) => `${m}${indent}  e2e:\n${indent}    members: { existing: { group: e2e-devs } }\n${indent}    quota: { cpu: 2, memoryGiB: 4, storageGiB: 10 }\n`));
            // Asynchronous, so the test worker keeps answering vitest while the two plans run.
            const run = await promisify(execFile)(process.execPath, ["--import", "tsx", "components/plan/cli.ts", "--stack", "local", "--diff", "HEAD", "--jobs", "1"], { cwd: dir, encoding: "utf8" }).catch((err: { stdout?: string; stderr?: string }) => ({ stdout: err.stdout ?? "", stderr: err.stderr ?? "" }));
            expect(existsSync(path.join(dir, "out", "diff.md")), `${run.stdout}\n${run.stderr}`).toBe(true);
            const diff = readFileSync(path.join(dir, "out", "diff.md"), "utf8");
            expect(diff).toMatch(/^# Plan diff: HEAD \([0-9a-f]{7}\) → working tree$/m);
            expect(diff, diff.slice(0, 2000)).toMatch(/\| local \| \d+ to add, \d+ to change, 1 to replace, 0 to remove \|/);
            // The replacement is the Cassandra keyspaces-and-roles Job (its pod template is immutable); it is not a data holder.
            expect(diff).toContain("- `Job cassandra/tristack-local-cassandra-keyspaces-roles` (kubernetes:batch/v1:Job)");
            expect(diff).toContain("- `Namespace /team-e2e` (kubernetes:core/v1:Namespace)");
            expect(diff).not.toContain("### Removed");
            expect(readFileSync(path.join(dir, "out", "summary.md"), "utf8")).toContain("details in [diff.md](diff.md)");
            // The base worktree is gone again.
            expect(git(ROOT, "worktree", "list")).not.toMatch(/tristack-base-/);
        } finally {
            unlinkSync(path.join(dir, "node_modules"));
            git(ROOT, "worktree", "remove", "--force", dir);
        }
    });
});
