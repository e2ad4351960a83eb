/**
 * The pack as `pulumi preview --policy-pack policies [--policy-pack-config policies/config/<env>.json]`
 * runs it: the SDK's own runner (`@pulumi/pulumi/cmd/run-policy-pack`, resolved from the pack's own
 * node_modules, ts-node with `typeCheck: true` and policies/tsconfig.json) serves the Analyzer gRPC
 * service, and the engine's calls are replayed against it. Every CLI detail reproduced here, with its
 * source, is listed in ./packRunner.ts and docs/policy-pack.md. One runner per file (it type-checks
 * the pack at start-up, 10–40 s on this machine).
 *
 * Needs the pack installed on its own: `npm ci --prefix policies` (`npm test` does it first, through
 * scripts/policy-pack-deps.mjs; the workflows do it explicitly).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import * as ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluatePlan, type PlanResource } from "../../policies/adapters/plan";
import { loadPolicyConfig, ruleConfig, SETTINGS_KEY, type PolicyConfig } from "../../policies/config/schema";
import { enforcementOf } from "../../policies/engine";
import { UNKNOWN, WIRE_UNKNOWN } from "../../policies/lib/access";
import { ENVIRONMENT_LABEL } from "../../policies/lib/environment";
import { ENVIRONMENTS, type Enforcement, type Environment, type PolicyResource } from "../../policies/lib/types";
import { RULES } from "../../policies/rules";
import { partOne, type RuleCase } from "./cases";
import { partTwo } from "./cases2";
import { partThree } from "./cases3";
import { partFour } from "./cases4";
import { k8s, mut } from "./fixtures";
import { analyzeStack, analyzerInfo, configure, enforcementName, locateRunner, PACK, startPack, type Diagnostic, type RunningPack, type WireResource } from "./packRunner";

const ALL: RuleCase[] = [...partOne, ...partTwo, ...partThree, ...partFour];

/**
 * Cases where the CLI and the offline plan disagree today, by case title, with the reason. Empty: the last
 * one ("unknown metadata.labels": the environment lookup read Namespace labels outside the engine's unknown
 * handling) is fixed and pinned by the test "a Namespace whose labels are unknown at preview" below.
 */
const KNOWN_DIVERGENCES: Readonly<Record<string, string>> = {};

/** The strongest level an environment gives a rule in the offline plan (what CrossGuard must register). */
function strongest(levels: readonly Enforcement[]): Enforcement {
    return levels.includes("mandatory") ? "mandatory" : levels.includes("advisory") ? "advisory" : "disabled";
}

/** One policy's reconciled config, as the engine sends it in Configure. */
type Reconciled = Record<string, { enforcementLevel: string; properties: Record<string, unknown> }>;

/**
 * The config the engine sends after GetAnalyzerInfo (pulumi/pulumi pkg/resource/analyzer/config.go
 * `ReconcilePolicyPackConfig`: each policy's registered level and schema defaults, then the
 * `--policy-pack-config` file; `parsePolicyPackConfig` splits `enforcementLevel` from the properties).
 * @param levels policy name → registered level
 * @param file the parsed config file, if any
 */
function reconcile(levels: ReadonlyMap<string, string>, file?: Readonly<Record<string, unknown>>): Reconciled {
    const out: Reconciled = {};
    for (const [name, level] of levels) out[name] = { enforcementLevel: level, properties: {} };
    for (const [name, value] of Object.entries(file ?? {})) {
        const { enforcementLevel, ...properties } = typeof value === "string" ? { enforcementLevel: value } : (value as Record<string, unknown>);
        const base = out[name] ?? { enforcementLevel: "", properties: {} };
        out[name] = { enforcementLevel: typeof enforcementLevel === "string" ? enforcementLevel : base.enforcementLevel, properties: { ...base.properties, ...properties } };
    }
    return out;
}

/** A value as it crosses the wire: our unknown sentinel becomes the engine's, undefined members go. */
function toWire(value: unknown): unknown {
    if (value === UNKNOWN) return WIRE_UNKNOWN;
    if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : toWire(v)));
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, toWire(v)]));
    return value;
}

/** A case's stack, with the Namespace the platform stamps the environment on. */
function stackOf(c: RuleCase, environment: Environment): WireResource[] {
    const ns = k8s("v1", "Namespace", "tristack-environment", undefined, {}, { labels: { [ENVIRONMENT_LABEL]: environment } });
    return [...c.resources, ns].map((r: PolicyResource) => ({ type: r.type, name: r.name, urn: r.urn ?? `urn:pulumi:test::tristack::${r.type}::${r.name}`, properties: toWire(r.inputs) as Record<string, unknown>, protect: r.options.protect, retainOnDelete: r.options.retainOnDelete, ...(r.dependencies ? { dependencies: r.dependencies } : {}) }));
}

/** What the offline plan reports for the same stack, as diagnostics. */
function planDiagnostics(stack: readonly WireResource[], environment: Environment, config: PolicyConfig): Diagnostic[] {
    const records: PlanResource[] = stack.map((r) => ({ type: r.type, name: r.name, urn: r.urn, custom: true, inputs: r.properties, protect: r.protect, retainOnDelete: r.retainOnDelete, ...(r.dependencies ? { dependencies: r.dependencies } : {}) }));
    return evaluatePlan(records, environment, config)
        .filter((f) => !f.waived)
        .map((f) => ({ policy: f.ruleId, urn: f.resource.startsWith("urn:") ? f.resource : "", message: f.message, enforcement: f.enforcement }));
}

/**
 * The wording of a "cannot decide at preview" finding, reduced to the property it names. Under the CLI the
 * SDK's unknown-checking proxy throws first (node_modules/@pulumi/policy/proxy.js `UnknownValueError`:
 * "<kind> value at .<path> can't be known during preview"); offline our accessor does (policies/lib/access.ts:
 * "<path> is not known until the resource is created"). Rule, resource and level must still agree.
 * @param message a diagnostic message
 */
function undecided(message: string): string {
    const prefix = "cannot decide at preview: ";
    if (!message.startsWith(prefix)) return message;
    const rest = message.slice(prefix.length);
    const sdk = /^\w+ value at \.(.+) can't be known during preview$/.exec(rest);
    const ours = /^(.+) is not known until the resource is created$/.exec(rest);
    const property = sdk?.[1] ?? ours?.[1];
    // The SDK names the path from the resource's root, our accessor from the item it reads: keep the last
    // segment (array indices as the SDK spells them: `subnetIds.0`, ours `subnetIds[0]`).
    const last = property?.replace(/\[(\d+)\]/g, ".$1").split(".").pop();
    return property === undefined ? message : `${prefix}…${last ?? property} (unknown)`;
}

function sorted(ds: readonly Diagnostic[]): string[] {
    return ds.map((d) => `${d.policy} | ${d.enforcement} | ${d.urn} | ${undecided(d.message)}`).sort();
}

function configFile(environment: Environment): Record<string, unknown> {
    return JSON.parse(readFileSync(path.join(PACK, "config", `${environment}.json`), "utf8")) as Record<string, unknown>;
}

describe("the pack stands on its own", () => {
    it("imports nothing outside policies/ (it is installed and type-checked by itself)", () => {
        const escapes: string[] = [];
        const walk = (dir: string): void => {
            for (const e of readdirSync(dir, { withFileTypes: true })) {
                const p = path.join(dir, e.name);
                if (e.isDirectory() && e.name !== "node_modules") walk(p);
                else if (e.isFile() && e.name.endsWith(".ts")) {
                    for (const imp of ts.preProcessFile(readFileSync(p, "utf8"), true, true).importedFiles) {
                        if (!imp.fileName.startsWith(".")) continue;
                        const target = path.resolve(path.dirname(p), imp.fileName);
                        if (path.relative(PACK, target).startsWith("..")) escapes.push(`${path.relative(PACK, p)} imports ${imp.fileName}`);
                    }
                }
            }
        };
        walk(PACK);
        expect(escapes).toEqual([]);
    });

    it("has a lock file and is installed from it (npm ci --prefix policies)", () => {
        const lock = JSON.parse(readFileSync(path.join(PACK, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string }> };
        const manifest = JSON.parse(readFileSync(path.join(PACK, "package.json"), "utf8")) as { dependencies: Record<string, string> };
        for (const [name, version] of Object.entries(manifest.dependencies)) expect({ name, locked: lock.packages[`node_modules/${name}`]?.version }).toEqual({ name, locked: version });
        expect(existsSync(path.join(PACK, "node_modules", "@pulumi", "policy")), "policies/node_modules is missing: run npm ci --prefix policies").toBe(true);
    });

    it("resolves the CLI's runner, typescript and ts-node from its own node_modules", () => {
        const runner = locateRunner();
        expect(runner).toBe(path.join(PACK, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack", "index.js"));
        // tsutils.js typeScriptRequireStrings: require("typescript") / require("ts-node") from the runner's
        // package, else the SDK's vendored typescript@3.8.3 / ts-node@7.0.1.
        const fromSdk = (m: string): string => require.resolve(m, { paths: [path.dirname(runner)] });
        expect(fromSdk("typescript")).toBe(path.join(PACK, "node_modules", "typescript", "lib", "typescript.js"));
        expect(fromSdk("ts-node")).toBe(path.join(PACK, "node_modules", "ts-node", "dist", "index.js"));
    });
});

describe("loaded by the SDK's policy-pack runner", () => {
    let pack: RunningPack | undefined;
    let levels = new Map<string, string>();

    beforeAll(async () => {
        pack = await startPack("aws-prod");
        const info = await analyzerInfo(pack);
        levels = new Map(info.getPoliciesList().map((p) => [p.getName(), enforcementName(p.getEnforcementlevel())]));
    });
    afterAll(() => pack?.stop());

    const running = (): RunningPack => {
        if (!pack) throw new Error("the pack did not start");
        return pack;
    };

    it("serves tristack-guardrails at the version in policies/package.json, with config support", async () => {
        const info = await analyzerInfo(running());
        const { version } = JSON.parse(readFileSync(path.join(PACK, "package.json"), "utf8")) as { version: string };
        expect({ name: info.getName(), version: info.getVersion(), supportsConfig: info.getSupportsconfig() }).toEqual({ name: "tristack-guardrails", version, supportsConfig: true });
    });

    it("serves exactly the rules the offline plan evaluates, each at the strongest level any environment gives it", async () => {
        const info = await analyzerInfo(running());
        const served = info.getPoliciesList().map((p) => ({ name: p.getName(), description: p.getDescription(), level: enforcementName(p.getEnforcementlevel()) }));
        const expected = RULES.map((r) => ({ name: r.id, description: r.description, level: strongest(ENVIRONMENTS.map((e) => enforcementOf(r, e, loadPolicyConfig(e)))) }));
        expect(served.filter((p) => p.name !== SETTINGS_KEY)).toEqual(expected);
        expect(served.filter((p) => p.name === SETTINGS_KEY).map((p) => p.level)).toEqual(["mandatory"]);
    });

    it.each(ENVIRONMENTS.map((e) => [e] as const))("accepts --policy-pack-config policies/config/%s.json (the CLI validates it against each policy's configSchema)", async (environment) => {
        const info = await analyzerInfo(running());
        const config = reconcile(levels, configFile(environment));
        const ajv = new Ajv({ allErrors: true, strict: false });
        const errors: string[] = [];
        for (const p of info.getPoliciesList()) {
            const schema = p.getConfigschema();
            if (!schema) continue;
            const json = { type: "object", properties: schema.getProperties()?.toJavaScript() ?? {}, ...(schema.getRequiredList().length > 0 ? { required: schema.getRequiredList() } : {}) };
            const validate = ajv.compile(json);
            if (!validate(config[p.getName()]?.properties ?? {})) errors.push(`${p.getName()}: ${ajv.errorsText(validate.errors)}`);
        }
        expect(errors).toEqual([]);
    });

    // Every rule-table case (test/policies/cases*.ts) with the environment stamped on a Namespace: the
    // diagnostics the runner returns for AnalyzeStack are the offline plan's unwaived findings, message for
    // message and level for level (unknown values included: the engine sends its unknown sentinel).
    describe.each((["dev", "prod"] as const).map((e) => [e] as const))("AnalyzeStack in %s equals the offline plan", (environment) => {
        // The table has prod and dev cases only (staging shares prod's default levels).
        const cases = ALL.filter((c) => (c.env ?? "prod") === environment && !(c.title in KNOWN_DIVERGENCES));

        async function mismatches(list: readonly RuleCase[], file: Readonly<Record<string, unknown>> | undefined): Promise<unknown[]> {
            const out: unknown[] = [];
            const base = loadPolicyConfig(environment);
            let configured = "";
            for (const c of list) {
                const params = c.params ?? {};
                // A case's parameters go where a user writes them: its rule's entry in the config file.
                const withParams = file && c.params ? { ...file, [c.rule.id]: { ...((file[c.rule.id] as object | undefined) ?? {}), ...params } } : file;
                const key = JSON.stringify(withParams ?? null);
                if (key !== configured) await configure(running(), reconcile(levels, withParams));
                configured = key;
                const stack = stackOf(c, environment);
                const got = sorted(await analyzeStack(running(), stack));
                const want = sorted(planDiagnostics(stack, environment, { ...base, [c.rule.id]: { ...ruleConfig(base, c.rule.id), ...params } }));
                if (JSON.stringify(got) !== JSON.stringify(want)) out.push({ case: `${c.rule.id} ${c.kind}: ${c.title}`, got, want });
            }
            return out;
        }

        it("with --policy-pack-config policies/config/<env>.json (case parameters written into it)", async () => {
            expect(cases.length).toBeGreaterThan(0);
            expect(await mismatches(cases, configFile(environment))).toEqual([]);
        });

        it("without a policy config file (plain --policy-pack policies), failing cases", async () => {
            expect(await mismatches(cases.filter((c) => c.kind === "fail" && c.params === undefined), undefined)).toEqual([]);
        });
    });

    it("a Namespace whose labels are unknown at preview: every stack policy still runs, in the environment --policy-pack-config names", async () => {
        // Before: policies/lib/environment.ts read metadata.labels through the SDK's unknown-checking proxy
        // outside the engine's try, so @pulumi/policy (server.js makeAnalyzeStackRpcFun) turned every stack
        // policy into an advisory "can't run policy ... during preview" with no URN: the whole pack stopped
        // enforcing for that preview. Now the labels are read unknown-safely and the environment comes from
        // the pack config's policy-settings.environment (the pipelines pass it), the labels cross-checking it.
        const c = ALL.find((x) => x.rule.id === "cluster-api-not-public" && x.kind === "fail" && x.scope === "aws");
        if (!c) throw new Error("no failing aws case for cluster-api-not-public");
        const ns = mut(k8s("v1", "Namespace", "spark", undefined, {}), "metadata.labels", UNKNOWN);
        const stack: WireResource[] = [...c.resources, ns].map((r) => ({ type: r.type, name: r.name, urn: r.urn ?? "", properties: toWire(r.inputs) as Record<string, unknown>, protect: r.options.protect, retainOnDelete: false }));
        for (const environment of ["dev", "prod"] as const) {
            await configure(running(), reconcile(levels, configFile(environment)));
            const got = await analyzeStack(running(), stack);
            expect(got.filter((d) => d.message.startsWith("can't run policy"))).toEqual([]);
            expect(got.filter((d) => d.policy === c.rule.id).map((d) => d.enforcement)).toEqual(c.expect.map(() => enforcementOf(c.rule, environment, loadPolicyConfig(environment))));
            expect(got.filter((d) => d.policy === SETTINGS_KEY)).toEqual([]);
        }
        // Without a config file nothing names the environment: judged as prod (the strictest), and said so.
        await configure(running(), reconcile(levels));
        const got = await analyzeStack(running(), stack);
        expect(got.filter((d) => d.message.startsWith("can't run policy"))).toEqual([]);
        expect(got.filter((d) => d.policy === c.rule.id).map((d) => d.enforcement)).toEqual(c.expect.map(() => "mandatory"));
        expect(got.filter((d) => d.policy === SETTINGS_KEY).map((d) => `${d.enforcement}: ${d.message}`)).toEqual([
            "advisory: the stack's Namespaces' tristack.io/environment labels are not known until they are created, so the stack is judged as prod; pass --policy-pack-config policies/config/<env>.json to name the environment",
        ]);
    });

    it("a config file and Namespaces that disagree: judged by the stricter environment, and the disagreement is mandatory", async () => {
        const c = ALL.find((x) => x.rule.id === "cluster-api-not-public" && x.kind === "fail" && x.scope === "aws");
        if (!c) throw new Error("no failing aws case for cluster-api-not-public");
        await configure(running(), reconcile(levels, configFile("dev")));
        const got = await analyzeStack(running(), stackOf(c, "prod"));
        expect(got.filter((d) => d.policy === c.rule.id).map((d) => d.enforcement)).toEqual(c.expect.map(() => "mandatory"));
        expect(got.filter((d) => d.policy === SETTINGS_KEY).map((d) => `${d.enforcement}: ${d.message}`)).toEqual([
            "mandatory: The policy config is written for dev, but the stack's Namespaces say prod (tristack.io/environment); pass policies/config/prod.json.",
        ]);
    });

    it("a failing case reaches the engine as a diagnostic at the environment's level (prod mandatory, dev advisory)", async () => {
        const c = ALL.find((x) => x.rule.id === "cluster-api-not-public" && x.kind === "fail" && x.scope === "aws");
        if (!c) throw new Error("no failing aws case for cluster-api-not-public");
        await configure(running(), reconcile(levels));
        const levelIn = async (environment: Environment): Promise<string[]> => (await analyzeStack(running(), stackOf(c, environment))).filter((d) => d.policy === "cluster-api-not-public").map((d) => d.enforcement);
        expect(await levelIn("prod")).toEqual(c.expect.map(() => enforcementOf(c.rule, "prod", loadPolicyConfig("prod"))));
        expect(await levelIn("dev")).toEqual(c.expect.map(() => enforcementOf(c.rule, "dev", loadPolicyConfig("dev"))));
        expect(enforcementOf(c.rule, "prod", loadPolicyConfig("prod"))).toBe("mandatory");
    });
});
