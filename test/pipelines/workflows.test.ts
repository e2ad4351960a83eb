import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { NoOperationTraceWriter, convertWorkflowTemplate, parseWorkflow } from "@actions/workflow-parser";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { SPARK_VERSIONS } from "../../components/data/spark/versions";
import { listStacks } from "../../components/plan/stacks";
import { ROOT } from "../support/mocks";

interface Step {
    name?: string;
    uses?: string;
    run?: string;
    if?: string;
    with?: Record<string, unknown>;
    env?: Record<string, string>;
}
interface Job {
    permissions?: Record<string, string>;
    steps?: Step[];
    uses?: string;
    environment?: string;
    strategy?: { matrix?: Record<string, unknown[]> };
    needs?: string | string[];
}
interface Workflow {
    on: Record<string, unknown>;
    permissions?: Record<string, string>;
    jobs: Record<string, Job>;
}

const DIR = path.join(ROOT, ".github", "workflows");
const files = readdirSync(DIR).filter((f) => f.endsWith(".yml"));
const raw = (f: string) => readFileSync(path.join(DIR, f), "utf8");
const wf = (f: string) => parse(raw(f)) as Workflow;
const CLOUD_LOGIN = /^(aws-actions\/configure-aws-credentials|google-github-actions\/auth|azure\/login)@/;
const cloudStacks = listStacks().filter((s) => /^(aws|gcp|azure)-/.test(s));
/** The reusable workflows that build and push an image the stacks run. */
const IMAGE_BUILDS = ["spark-image.yml", "notebook-image.yml"];

describe("GitHub Actions workflows", () => {
    it("are the four pipelines and the two image builds they call (platform Spark image, notebook image)", () => {
        expect(files.sort()).toEqual(["deploy.yml", "drift.yml", "notebook-image.yml", "promote.yml", "pull-request.yml", "spark-image.yml"]);
    });

    it.each(files)("%s is valid for GitHub's own workflow parser", async (f) => {
        const result = parseWorkflow({ name: f, content: raw(f) }, new NoOperationTraceWriter());
        expect(result.context.errors.getErrors().map((e) => e.message)).toEqual([]);
        const template = await convertWorkflowTemplate(result.context, result.value!);
        expect(template.errors ?? []).toEqual([]);
    });

    it("the parser does reject a broken workflow (the check above can fail)", () => {
        const result = parseWorkflow({ name: "bad.yml", content: "on: pushx\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions: { id-token: maybe }\n    steps:\n      - run: echo\n" }, new NoOperationTraceWriter());
        expect(result.context.errors.getErrors().map((e) => e.message)).toEqual(["bad.yml (Line: 1, Col: 5): Unexpected value 'pushx'", "bad.yml (Line: 5, Col: 30): Unexpected value 'maybe'"]);
    });

    it.each(files)("%s grants nothing at the top and pins every action to a commit", (f) => {
        const w = wf(f);
        expect(w.permissions).toEqual({});
        for (const job of Object.values(w.jobs)) {
            for (const step of job.steps ?? []) {
                if (step.uses && !step.uses.startsWith("./")) expect(step.uses).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
            }
        }
        // The tag the commit carries: vX.Y.Z, or vX.Y where the action tags no patch (azure/use-kubelogin v1.3).
        for (const line of raw(f).split("\n").filter((l) => /uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40}/.test(l))) expect(line).toMatch(/# v\d+\.\d+(\.\d+)?$/);
    });

    it.each(files)("%s asks for id-token: write only in jobs that log in to a cloud", (f) => {
        for (const [name, job] of Object.entries(wf(f).jobs)) {
            const logsIn = (job.steps ?? []).some((s) => s.uses !== undefined && CLOUD_LOGIN.test(s.uses)) || job.uses === "./.github/workflows/promote.yml";
            expect(job.permissions?.["id-token"], `${f} job ${name}`).toBe(logsIn ? "write" : undefined);
            // Pushing the platform Spark image (images/spark) or the notebook image (images/notebook) to ghcr.io is the one other grant.
            const buildsImage = IMAGE_BUILDS.some((b) => job.uses === `./.github/workflows/${b}` || (f === b && name === "build"));
            expect(job.permissions?.["packages"], `${f} job ${name}`).toBe(buildsImage ? "write" : undefined);
            const extra = Object.entries(job.permissions ?? {}).filter(([k]) => k !== "id-token" && k !== "contents" && k !== "packages");
            expect(extra, `${f} job ${name}`).toEqual([]);
            expect(job.permissions?.["contents"] ?? "read", `${f} job ${name}`).toBe("read");
        }
    });

    it("pull requests: tests, then one offline plan of every stack with parity and the diff against the base, posted to the job summary", () => {
        const w = wf("pull-request.yml");
        expect(Object.keys(w.on)).toEqual(["pull_request"]);
        const steps = w.jobs["offline"]!.steps ?? [];
        expect(w.jobs["offline"]!.permissions).toEqual({ contents: "read" });
        const index = (pred: (s: Step) => boolean) => steps.findIndex(pred);
        // The base commit must be in the clone for `--diff` to plan it in a worktree.
        expect(steps[0]!.uses).toMatch(/^actions\/checkout@/);
        expect(steps[0]!.with).toEqual({ "fetch-depth": 0 });
        expect(steps.filter((s) => s.run !== undefined && /^npm ci\b/.test(s.run) && !s.run.includes("--prefix policies")).length).toBe(1);
        // Each stack is planned once: a single `npm run plan` step, no separate parity runs.
        const plans = steps.filter((s) => s.run?.includes("npm run plan"));
        expect(plans.map((s) => s.run)).toEqual(['npm run plan -- --all --diff "$BASE_SHA"']);
        expect(plans[0]!.env).toEqual({ BASE_SHA: "${{ github.event.pull_request.base.sha }}" });
        expect(steps.some((s) => s.run?.includes("--parity"))).toBe(false);
        const test = index((s) => s.run === "npm test");
        const plan = index((s) => s === plans[0]);
        expect(test).toBeGreaterThan(0);
        expect(plan).toBeGreaterThan(test);
        // The summary and the diff are posted whatever happened, after the plan.
        const summaries = steps.filter((s) => s.run?.includes("$GITHUB_STEP_SUMMARY"));
        expect(summaries.map((s) => [s.if, s.run])).toEqual([
            ["always()", 'cat out/summary.md >> "$GITHUB_STEP_SUMMARY" || true'],
            ["always()", 'head -c 900000 out/diff.md >> "$GITHUB_STEP_SUMMARY" || true'],
        ]);
        for (const s of summaries) expect(steps.indexOf(s)).toBeGreaterThan(plan);
        const upload = steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"))!;
        expect(upload.if).toBe("always()");
        expect(String(upload.with?.["path"]).trim().split("\n")).toEqual(["out/*/report.md", "out/*/plan.json", "out/*/manifests/", "out/parity-*.md", "out/diff.md", "out/summary.md"]);
    });

    it("pull requests: pulumi preview with the policy pack for every cloud stack, skipped cleanly without credentials", () => {
        const job = wf("pull-request.yml").jobs["preview"]!;
        expect(job.needs).toEqual(["offline", "spark-image", "notebook-image"]);
        expect((job.strategy?.matrix?.["stack"] as string[]).sort()).toEqual(cloudStacks);
        const pulumi = job.steps!.find((s) => s.uses?.startsWith("pulumi/actions@"))!;
        expect(pulumi.with).toMatchObject({ command: "preview", policyPacks: "policies" });
        expect(pulumi.if).toBe("steps.creds.outputs.ok == 'true'");
        for (const s of job.steps!.slice(1)) expect(s.if ?? "", s.uses ?? s.run).toContain("steps.creds.outputs.ok == 'true'");
    });

    it("merge to main: pulumi up on the dev stacks, then one protected promotion job per cloud", () => {
        const w = wf("deploy.yml");
        expect(w.on).toMatchObject({ push: { branches: ["main"] } });
        const dev = w.jobs["dev"]!;
        expect(dev.strategy?.matrix?.["cloud"]).toEqual(["aws", "gcp", "azure"]);
        expect(dev.steps!.find((s) => s.uses?.startsWith("pulumi/actions@") && s.with?.["command"] === "up")!.with).toMatchObject({ command: "up", "stack-name": "${{ matrix.cloud }}-dev" });
        for (const cloud of ["aws", "gcp", "azure"]) {
            expect(w.jobs[`prod-${cloud}`]).toMatchObject({
                needs: ["dev", "spark-image", "notebook-image"],
                uses: "./.github/workflows/promote.yml",
                with: { cloud, "spark-image": "${{ needs.spark-image.outputs.image }}", "notebook-image": "${{ needs.notebook-image.outputs.image }}" },
            });
        }
        const promote = wf("promote.yml").jobs["up"]!;
        expect(promote.environment).toBe("production-${{ inputs.cloud }}");
        expect(promote.steps!.find((s) => s.uses?.startsWith("pulumi/actions@") && s.with?.["command"] === "up")!.with).toMatchObject({ command: "up", "stack-name": "${{ inputs.cloud }}-prod", policyPackConfigs: "policies/config/prod.json" });
    });

    // Each image is written into the stack by its script before anything plans, previews or ups: spark.image
    // (images/spark) and notebooks.image (images/notebook; without it the hub runs the base image, whose
    // pyspark is not the platform's Spark, and the program warns).
    describe.each([
        { kind: "spark", job: "spark-image", script: "node scripts/set-image.mjs spark", env: "SPARK_IMAGE", build: "spark-image.yml", pkg: "tristack-spark" },
        { kind: "notebook", job: "notebook-image", script: "node scripts/set-image.mjs notebooks", env: "NOTEBOOK_IMAGE", build: "notebook-image.yml", pkg: "tristack-notebook" },
    ])("the $kind image", ({ job: buildJob, script, env, build, pkg }) => {
        it("is built by a reusable workflow whose output is the pushed image by digest", () => {
            const w = wf(build);
            expect(w.on).toHaveProperty("workflow_call");
            expect((w.on["workflow_call"] as { outputs: Record<string, { value: string }> }).outputs["image"]!.value).toBe("${{ jobs.build.outputs.image }}");
            const step = w.jobs["build"]!.steps!.find((s) => s.run?.includes("docker buildx build --push"))!;
            expect(step.run).toContain('echo "image=$repo:$tag@$digest" >> "$GITHUB_OUTPUT"');
        });

        // `jq -r` prints "null" for a missing key: without the check the job's output would be `repo:tag@null`.
        it("hands over only a real digest: checked against ^sha256:[0-9a-f]{64}$ before it is used or becomes the output", () => {
            const lines = wf(build).jobs["build"]!.steps!.find((s) => s.run?.includes("docker buildx build --push"))!.run!.split("\n");
            const check = lines.findIndex((l) => l.startsWith('[[ "$digest" =~ '));
            const output = lines.indexOf('echo "image=$repo:$tag@$digest" >> "$GITHUB_OUTPUT"');
            const firstUse = lines.findIndex((l, i) => i > check && l.includes("@$digest"));
            expect(check).toBeGreaterThan(lines.findIndex((l) => l.includes("digest=$(jq -r")));
            expect(check).toBeLessThan(firstUse);
            expect(firstUse).toBeLessThanOrEqual(output);
            const run = (digest: string) => spawnSync("bash", ["-c", `set -euo pipefail; repo=r; tag=t; digest="$1"\n${lines[check]!}\necho passed`, "check", digest], { encoding: "utf8" });
            for (const bad of ["null", "", "sha256:" + "A".repeat(64), "sha256:" + "a".repeat(63), "sha512:" + "a".repeat(64), "sha256:" + "a".repeat(64) + "\nx"]) {
                const r = run(bad);
                expect(r.status, JSON.stringify(bad)).toBe(1);
                expect(r.stdout, JSON.stringify(bad)).toMatch(/^::error::r:t: the build reported digest '/);
            }
            expect(run("sha256:" + "0123456789abcdef".repeat(4))).toMatchObject({ status: 0, stdout: "passed\n" });
        });

        it("stops the job unless the pushed image can be pulled without credentials, saying how to make the package public", () => {
            const steps = wf(build).jobs["build"]!.steps!;
            const push = steps.findIndex((s) => s.run?.includes("docker buildx build --push"));
            const check = steps.findIndex((s) => s.run?.includes("docker logout ghcr.io"));
            // After the push, and last: nothing after it needs the login it drops.
            expect(check).toBeGreaterThan(push);
            expect(check).toBe(steps.length - 1);
            const step = steps[check]! as Step & { "continue-on-error"?: unknown };
            expect(step.if).toBeUndefined();
            expect(step["continue-on-error"]).toBeUndefined();
            expect(step.env?.["IMAGE"]).toBe("${{ steps.push.outputs.image }}");
            // Run it against a stand-in docker: logged out first, then the anonymous inspect decides.
            const dir = mkdtempSync(path.join(tmpdir(), "anon-pull-"));
            try {
                writeFileSync(path.join(dir, "docker"), `#!/bin/bash\necho "$*" >> "${dir}/calls"\n[ "$1" != buildx ] || [ "$(cat "${dir}/inspect")" = ok ]\n`, { mode: 0o755 });
                const image = `ghcr.io/acme/${pkg}:t@sha256:${"a".repeat(64)}`;
                const run = (inspect: string) => {
                    writeFileSync(path.join(dir, "inspect"), inspect);
                    writeFileSync(path.join(dir, "calls"), "");
                    const r = spawnSync("bash", ["-c", step.run!], { encoding: "utf8", env: { PATH: `${dir}:${process.env["PATH"]}`, IMAGE: image, OWNER: "acme", REPOSITORY: "acme/tristack" } });
                    return { ...r, calls: readFileSync(path.join(dir, "calls"), "utf8") };
                };
                const denied = run("denied");
                expect(denied.status).toBe(1);
                expect(denied.calls).toBe(`logout ghcr.io\nbuildx imagetools inspect ${image}\n`);
                const error = denied.stdout.split("\n").find((l) => l.startsWith("::error"))!;
                expect(error).toContain(`${image} cannot be pulled without credentials`);
                for (const what of ["Package settings -> Danger Zone -> Change visibility -> Public", `https://github.com/orgs/acme/packages/container/package/${pkg}`, `https://github.com/users/acme/packages/container/package/${pkg}`, "acme/tristack", "Connect Repository"]) expect(error).toContain(what);
                const ok = run("ok");
                expect(ok.status).toBe(0);
                expect(ok.stdout).not.toContain("::error");
            } finally {
                rmSync(dir, { recursive: true, force: true });
            }
        });

        it("labels a new package with this repository, so GitHub links it at its first push", () => {
            const step = wf(build).jobs["build"]!.steps!.find((s) => s.run?.includes("docker buildx build --push"))!;
            expect(step.run).toContain('--label "org.opencontainers.image.source=$SOURCE"');
            expect(step.env?.["SOURCE"]).toBe("${{ github.server_url }}/${{ github.repository }}");
        });

        it("is written into the stack before every plan, preview and up, from this run's build", () => {
            const jobs = [
                { name: "deploy.yml:dev", job: wf("deploy.yml").jobs["dev"]!, image: `\${{ needs.${buildJob}.outputs.image }}` },
                { name: "pull-request.yml:preview", job: wf("pull-request.yml").jobs["preview"]!, image: `\${{ needs.${buildJob}.outputs.image }}` },
                { name: "promote.yml:up", job: wf("promote.yml").jobs["up"]!, image: `\${{ inputs.${buildJob} }}` },
                { name: "drift.yml:drift", job: wf("drift.yml").jobs["drift"]!, image: `\${{ needs.${buildJob}.outputs.image }}` },
            ];
            for (const { name, job, image } of jobs) {
                const steps = job.steps!;
                const set = steps.findIndex((s) => s.run?.includes(script));
                expect(set, name).toBeGreaterThan(0);
                expect(steps[set]!.env?.[env], name).toBe(image);
                expect(steps[set]!.run, name).toBe(`${script} "$STACK" "$${env}"`);
                const firstPulumi = steps.findIndex((s) => s.uses?.startsWith("pulumi/actions@") || s.run?.includes("npm run plan"));
                expect(set, name).toBeLessThan(firstPulumi);
                if (!name.startsWith("promote.yml")) expect(job.needs, name).toContain(buildJob);
            }
            for (const [f, name] of [["deploy.yml", buildJob], ["pull-request.yml", buildJob], ["drift.yml", buildJob]] as const) {
                expect(wf(f).jobs[name]!.uses, `${f}: ${name}`).toBe(`./.github/workflows/${build}`);
            }
            for (const cloud of ["aws", "gcp", "azure"]) expect(wf("deploy.yml").jobs[`prod-${cloud}`]!.needs).toContain(buildJob);
            const promoteInputs = (wf("promote.yml").on as Record<string, { inputs: Record<string, unknown> }>);
            for (const trigger of ["workflow_call", "workflow_dispatch"]) expect(promoteInputs[trigger]!.inputs).toHaveProperty(buildJob);
        });
    });

    it("the notebook image is tagged by its build inputs and refused unless its pyspark is the platform's Spark", () => {
        const run = wf("notebook-image.yml").jobs["build"]!.steps!.find((s) => s.run?.includes("docker buildx build --push"))!.run!;
        expect(run).toContain("git rev-parse --short=12 HEAD:images/notebook");
        expect(run).toContain('-t "$repo:$tag" images/notebook');
        // The workflow reads the client version from the Dockerfile with this sed; it must find exactly the pinned one.
        expect(run).toContain("pyspark=$(sed -n 's/^ARG PYSPARK_VERSION=\\([0-9.]*\\)$/\\1/p' images/notebook/Dockerfile)");
        const dockerfilePath = path.join(ROOT, "images", "notebook", "Dockerfile");
        const dockerfile = readFileSync(dockerfilePath, "utf8");
        expect(dockerfile.split("\n").filter((l) => l.startsWith("ARG PYSPARK_VERSION="))).toEqual([`ARG PYSPARK_VERSION=${SPARK_VERSIONS.sparkImage.version}`]);
        expect(execFileSync("sed", ["-n", "s/^ARG PYSPARK_VERSION=\\([0-9.]*\\)$/\\1/p", dockerfilePath], { encoding: "utf8" })).toBe(`${SPARK_VERSIONS.sparkImage.version}\n`);
        expect(run).toContain('if [ "$got" != "$pyspark" ]; then');
        // Checked as a notebook server starts: through the image's entrypoint (start.sh runs the before-notebook
        // hooks, which may put another pyspark first on PYTHONPATH), not with the entrypoint overridden.
        expect(run).toContain(`got=$(docker run --rm "$repo:$tag@$digest" python -c`);
        expect(run).not.toContain("--entrypoint");
    });

    it("every pulumi up is preceded by a preview of the same stack with the same policy pack and config (stack policies would otherwise judge only after the changes)", () => {
        for (const job of [wf("deploy.yml").jobs["dev"]!, wf("promote.yml").jobs["up"]!]) {
            const steps = job.steps!;
            const up = steps.findIndex((s) => s.uses?.startsWith("pulumi/actions@") && s.with?.["command"] === "up");
            const preview = steps.findIndex((s) => s.uses?.startsWith("pulumi/actions@") && s.with?.["command"] === "preview");
            expect(up).toBeGreaterThan(-1);
            expect(preview).toBeGreaterThan(-1);
            expect(preview).toBeLessThan(up);
            for (const key of ["stack-name", "policyPacks", "policyPackConfigs"]) expect(steps[preview]!.with?.[key], key).toBe(steps[up]!.with?.[key]);
            expect(steps[preview]!.env).toEqual(steps[up]!.env);
        }
    });

    it("a scheduled drift check refreshes and expects no changes on every cloud stack", () => {
        const w = wf("drift.yml");
        expect(w.on["schedule"]).toEqual([{ cron: "17 4 * * *" }]);
        const job = w.jobs["drift"]!;
        expect((job.strategy?.matrix?.["stack"] as string[]).sort()).toEqual(cloudStacks);
        expect(job.steps!.find((s) => s.uses?.startsWith("pulumi/actions@"))!.with).toMatchObject({ command: "preview", refresh: true, "expect-no-changes": true });
    });
});

describe("scripts/set-image.mjs writes the built image into the stack (spark: every stack; notebooks: where notebooks are on)", () => {
    const DIGEST = `sha256:${"ab".repeat(32)}`;
    const OTHER = `sha256:${"cd".repeat(32)}`;
    type Spec = Record<string, { enabled?: boolean; image?: string } | undefined>;
    const spec = (file: string) => (parse(readFileSync(file, "utf8")) as { config: Record<string, Record<string, unknown>> }).config["tristack:spec"]! as Spec;
    const set = (dir: string, kind: string, stack: string, image: string) => execFileSync(process.execPath, [path.join(ROOT, "scripts", "set-image.mjs"), kind, stack, image], { cwd: dir, encoding: "utf8", stdio: "pipe" });
    const committed = (stack: string) => path.join(ROOT, "stacks", `Pulumi.${stack}.yaml`);
    const copy = (dir: string, stack: string) => path.join(dir, "stacks", `Pulumi.${stack}.yaml`);
    const withStacks = (fn: (dir: string) => void) => {
        const dir = mkdtempSync(path.join(tmpdir(), "set-image-"));
        try {
            mkdirSync(path.join(dir, "stacks"));
            for (const stack of listStacks()) copyFileSync(committed(stack), copy(dir, stack));
            fn(dir);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    };

    describe.each([
        { kind: "spark", image: `ghcr.io/acme/tristack-spark:${SPARK_VERSIONS.sparkImage.version}-0123456789ab@${DIGEST}`, on: (s: Spec) => s["spark"] !== undefined, mustBeOn: listStacks() },
        { kind: "notebooks", image: `ghcr.io/acme/tristack-notebook:pyspark-${SPARK_VERSIONS.sparkImage.version}-0123456789ab@${DIGEST}`, on: (s: Spec) => s["notebooks"]?.enabled === true, mustBeOn: ["aws-dev", "gcp-dev", "azure-dev"] },
    ])("$kind", ({ kind, image, on, mustBeOn }) => {
        it(`sets ${kind}.image as one added line in the ${kind} block of every stack with it on; leaves the others byte for byte`, () => {
            withStacks((dir) => {
                const onStacks = listStacks().filter((stack) => on(spec(committed(stack))));
                expect(onStacks).toEqual(expect.arrayContaining(mustBeOn));
                for (const stack of listStacks()) {
                    const before = readFileSync(committed(stack), "utf8");
                    set(dir, kind, stack, image);
                    const after = readFileSync(copy(dir, stack), "utf8");
                    if (!onStacks.includes(stack)) {
                        expect(after, stack).toBe(before);
                        continue;
                    }
                    const beforeSpec = spec(committed(stack));
                    expect(spec(copy(dir, stack)), stack).toEqual({ ...beforeSpec, [kind]: { ...beforeSpec[kind], image } });
                    // The rest of the file keeps its formatting (flow collections, quoting, comments).
                    const added = after.split("\n").filter((line) => line.trim() === `image: ${image}`);
                    expect(added, stack).toHaveLength(1);
                    expect(after.split("\n").filter((line) => line !== added[0]).join("\n"), stack).toBe(before);
                }
            });
        });

        it(`keeps a stack's own ${kind}.image`, () => {
            withStacks((dir) => {
                set(dir, kind, "aws-dev", image);
                expect(set(dir, kind, "aws-dev", image.replace(DIGEST, OTHER))).toContain(`keeps its own ${kind}.image`);
                expect(spec(copy(dir, "aws-dev"))[kind]?.image).toBe(image);
            });
        });

        it(`refuses a ${kind} image that is not pinned by digest, naming the kind, and writes nothing`, () => {
            withStacks((dir) => {
                expect(() => set(dir, kind, "aws-dev", image.replace(/@sha256:.*$/, ""))).toThrow(new RegExp(`set-image ${kind}: \\S+ is not pinned by digest`));
                expect(readFileSync(copy(dir, "aws-dev"), "utf8")).toBe(readFileSync(committed("aws-dev"), "utf8"));
            });
        });
    });

    it("refuses an unknown kind and writes nothing", () => {
        withStacks((dir) => {
            expect(() => set(dir, "kafka", "aws-dev", `ghcr.io/acme/x:1@${DIGEST}`)).toThrow(/unknown kind "kafka" \(one of spark, notebooks\)/);
            expect(readFileSync(copy(dir, "aws-dev"), "utf8")).toBe(readFileSync(committed("aws-dev"), "utf8"));
        });
    });

    it("adds the block to a spec without one (the file is then re-serialised)", () => {
        withStacks((dir) => {
            writeFileSync(copy(dir, "bare"), "config:\n  tristack:spec:\n    name: bare\n");
            set(dir, "spark", "bare", `ghcr.io/acme/x:1@${DIGEST}`);
            expect(spec(copy(dir, "bare"))).toEqual({ name: "bare", spark: { image: `ghcr.io/acme/x:1@${DIGEST}` } });
        });
    });
});

describe("the policy pack is installed from its own lock file wherever it runs (docs/policy-pack.md)", () => {
    // `pulumi preview --policy-pack policies` resolves @pulumi/pulumi/cmd/run-policy-pack from policies/
    // (pulumi/pulumi sdk/nodejs/cmd/pulumi-language-nodejs/main.go `locateModule`) and does not install a
    // local pack's dependencies (only published packs are installed: pkg/engine/policypacks.go); npm test
    // runs the pack through that runner (test/policies/pack.test.ts).
    const jobs = files.flatMap((f) =>
        Object.entries(wf(f).jobs)
            .map(([name, job]) => ({ file: f, name, steps: job.steps ?? [] }))
            .filter(({ steps }) => steps.some((s) => s.run === "npm test" || (s.uses?.startsWith("pulumi/actions@") && s.with?.["policyPacks"] !== undefined))),
    );

    it("covers the jobs that run npm test or pass policyPacks", () => {
        expect(jobs.map((j) => `${j.file}:${j.name}`).sort()).toEqual(["deploy.yml:dev", "deploy.yml:offline", "promote.yml:up", "pull-request.yml:offline", "pull-request.yml:preview"]);
    });

    it.each(jobs)("$file job $name runs npm ci --prefix policies after the root install and before the tests and Pulumi", ({ steps }) => {
        const index = (pred: (s: Step) => boolean) => steps.findIndex(pred);
        const root = index((s) => s.run === "npm ci --no-audit --no-fund");
        const pack = index((s) => s.run === "npm ci --prefix policies --no-audit --no-fund");
        expect(root).toBeGreaterThanOrEqual(0);
        expect(pack).toBe(root + 1);
        expect(steps[pack]!.if).toBe(steps[root]!.if);
        const users = [index((s) => s.run === "npm test"), index((s) => s.uses?.startsWith("pulumi/actions@") === true)].filter((i) => i >= 0);
        for (const i of users) expect(i).toBeGreaterThan(pack);
    });
});

/** Every job that runs Pulumi against a cloud: the file, the job, and the job's steps. */
const cloudJobs = files.flatMap((f) =>
    Object.entries(wf(f).jobs)
        .filter(([, job]) => (job.steps ?? []).some((s) => s.uses?.startsWith("pulumi/actions@")))
        .map(([name, job]) => ({ file: f, name, steps: job.steps ?? [] })),
);

describe("CI authenticates on every cloud and can reach the kubeconfig's exec plugins (issue 16)", () => {
    it("finds the four Pulumi jobs (dev up, prod promotion, drift, PR preview)", () => {
        expect(cloudJobs.map((j) => `${j.file}:${j.name}`).sort()).toEqual(["deploy.yml:dev", "drift.yml:drift", "promote.yml:up", "pull-request.yml:preview"]);
    });

    describe.each(cloudJobs)("$file job $name", ({ steps }) => {
        const at = (prefix: string) => steps.findIndex((s) => s.uses?.startsWith(prefix));
        const pulumi = () => steps[at("pulumi/actions@")]!;

        it("installs gke-gcloud-auth-plugin, pinned, after the Google login and before Pulumi, on GCP only", () => {
            const step = steps[at("google-github-actions/setup-gcloud@")];
            expect(step?.with).toEqual({ version: "579.0.0", install_components: "gke-gcloud-auth-plugin" });
            expect(step?.if).toBe(steps[at("google-github-actions/auth@")]!.if);
            expect(at("google-github-actions/setup-gcloud@")).toBeGreaterThan(at("google-github-actions/auth@"));
            expect(at("google-github-actions/setup-gcloud@")).toBeLessThan(at("pulumi/actions@"));
        });

        it("installs kubelogin, pinned, after the Azure login and before Pulumi, on Azure only", () => {
            const step = steps[at("azure/use-kubelogin@")];
            expect(step?.with).toEqual({ "kubelogin-version": "v0.2.19" });
            expect(step?.if).toBe(steps[at("azure/login@")]!.if);
            expect(at("azure/use-kubelogin@")).toBeGreaterThan(at("azure/login@"));
            expect(at("azure/use-kubelogin@")).toBeLessThan(at("pulumi/actions@"));
        });

        it("gives Pulumi every variable azure-native needs for OIDC", () => {
            expect(pulumi().env).toEqual({
                ARM_USE_OIDC: "true",
                ARM_CLIENT_ID: "${{ vars.AZURE_CLIENT_ID }}",
                ARM_TENANT_ID: "${{ vars.AZURE_TENANT_ID }}",
                ARM_SUBSCRIPTION_ID: "${{ vars.AZURE_SUBSCRIPTION_ID }}",
            });
        });

        it("exports the Google workload-identity credentials file and assumes the AWS role before Pulumi", () => {
            expect(steps[at("google-github-actions/auth@")]!.with).toEqual({
                workload_identity_provider: "${{ vars.GCP_WORKLOAD_IDENTITY_PROVIDER }}",
                service_account: "${{ vars.GCP_SERVICE_ACCOUNT }}",
                create_credentials_file: true,
                export_environment_variables: true,
            });
            expect(steps[at("aws-actions/configure-aws-credentials@")]!.with).toMatchObject({ "role-to-assume": "${{ vars.AWS_ROLE_ARN }}" });
            for (const login of ["aws-actions/configure-aws-credentials@", "google-github-actions/auth@", "azure/login@"]) expect(at(login)).toBeLessThan(at("pulumi/actions@"));
        });
    });
});

describe("Renovate", () => {
    const config = JSON.parse(readFileSync(path.join(ROOT, "renovate.json"), "utf8")) as {
        customManagers: { matchStrings: string[]; fileMatch: string[] }[];
        packageRules: { matchManagers?: string[]; matchDatasources?: string[]; matchPackageNames?: string[]; groupName?: string }[];
    };
    const manager = config.customManagers[0]!;
    const versionFiles = (function walk(dir: string): string[] {
        return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name === "versions.ts" ? [path.join(dir, e.name)] : []));
    })(path.join(ROOT, "components"));

    it("covers npm, GitHub Actions, Helm charts, container images and EKS add-ons", () => {
        const managers = config.packageRules.flatMap((r) => r.matchManagers ?? []);
        const datasources = config.packageRules.flatMap((r) => r.matchDatasources ?? []);
        expect(managers).toEqual(expect.arrayContaining(["npm", "github-actions"]));
        expect(datasources).toEqual(expect.arrayContaining(["helm", "docker", "aws-eks-addon"]));
    });

    it("finds every version pinned behind a renovate marker in components/**/versions.ts", () => {
        const pattern = new RegExp(manager.matchStrings[0]!, "g");
        const fileMatch = new RegExp(manager.fileMatch[0]!);
        for (const file of versionFiles) {
            const rel = path.relative(ROOT, file).split(path.sep).join("/");
            expect(fileMatch.test(rel), rel).toBe(true);
            const text = readFileSync(file, "utf8");
            const markers = text.split("\n").filter((l) => /\/\/\s*renovate:/.test(l)).length;
            const matches = [...text.matchAll(pattern)];
            expect(matches.length, rel).toBe(markers);
            for (const m of matches) {
                expect(m.groups?.["currentValue"], `${rel}: ${m[0]}`).toMatch(m.groups?.["versioning"]?.startsWith("regex:") ? new RegExp(m.groups["versioning"].slice("regex:".length)) : /^v?\d+(\.\d+)*([-+][\w.]+)?(@sha256:[0-9a-f]{64})?$/);
                expect(["helm", "docker", "aws-eks-addon", "maven", "github-releases", "npm"], `${rel}: ${m[0]}`).toContain(m.groups?.["datasource"]);
            }
            // A digest pinned on the line after a marked version is Renovate's currentDigest (regex manager), so a
            // version bump replaces it too instead of leaving the old image's digest behind.
            const digests = text.split("\n").filter((l) => /^\s*digest\s*:/.test(l)).length;
            expect(matches.filter((m) => m.groups?.["currentDigest"]).length, `${rel}: every digest sits right after its marked version`).toBe(digests);
        }
    });

    it("moves the jupyterhub chart and the hub and proxy images it runs in one pull request (the hub image carries the chart's version)", () => {
        const text = readFileSync(path.join(ROOT, "components", "data", "notebooks", "versions.ts"), "utf8");
        const deps = [...text.matchAll(new RegExp(manager.matchStrings[0]!, "g"))].map((m) => ({ datasource: m.groups!["datasource"]!, name: m.groups!["depName"]! }));
        const jupyterhub = deps.filter((d) => d.name === "jupyterhub" || d.name.startsWith("quay.io/jupyterhub/"));
        expect(jupyterhub.map((d) => d.name).sort()).toEqual(["jupyterhub", "quay.io/jupyterhub/configurable-http-proxy", "quay.io/jupyterhub/k8s-hub"]);
        // Renovate applies every matching rule in order, a later groupName overriding an earlier one (exact names only here).
        const group = (d: { datasource: string; name: string }) =>
            config.packageRules
                .filter((r) => r.matchManagers === undefined && (r.matchDatasources === undefined || r.matchDatasources.includes(d.datasource)) && (r.matchPackageNames === undefined || r.matchPackageNames.includes(d.name)))
                .reduce<string | undefined>((g, r) => r.groupName ?? g, undefined);
        expect(jupyterhub.map(group)).toEqual(jupyterhub.map(() => "jupyterhub chart and images"));
    });
});
