/**
 * Starts the CrossGuard pack exactly as the Pulumi CLI starts a Node.js policy pack for
 * `pulumi preview --policy-pack policies`, and talks to it as the engine does, over the Analyzer gRPC
 * service. How the CLI does it (pulumi/pulumi at 1b59498, Aug 2026):
 *
 * - pkg/resource/plugin/analyzer_plugin.go `NewPolicyAnalyzer`: reads `<pack>/PulumiPolicy.yaml`; since
 *   `runtime: nodejs` has a language plugin, it starts the pack through that language host's `RunPlugin`
 *   (kind `analyzer`) with the program directory = the pack directory and one argument, the engine address.
 *   (The older `pulumi-analyzer-policy` shim plugin is only a fallback for runtimes without a language host.)
 * - sdk/nodejs/cmd/pulumi-language-nodejs/main.go `RunPlugin`: for kind `analyzer` the module is
 *   `@pulumi/pulumi/cmd/run-policy-pack`, located by `locateModule`, which runs
 *   `node -e "console.log(require.resolve('@pulumi/pulumi/cmd/run-policy-pack'))"` with cwd = the pack
 *   directory (so the pack's own node_modules wins; if it is missing the CLI says "Have you run npm install
 *   in <pack>?"). The command is `node <runner> <engine address> <pack dir>` (pack dir last), cwd = the pack
 *   directory, env = the CLI's env plus `PULUMI_NODEJS_TYPESCRIPT=true` (runtime option `typescript`
 *   defaults to true) and, through its policy proxy, `PULUMI_NODEJS_{ORGANIZATION,PROJECT,STACK,DRY_RUN}`
 *   and `PULUMI_CONFIG` from the engine's ConfigureStack call.
 * - node_modules/@pulumi/pulumi/cmd/run-policy-pack/index.js drops the engine address (`argv._.shift()`),
 *   run.js registers ts-node (`typeCheck: true`, compilerOptions = ES2020/nodenext defaults overridden by
 *   the literal compilerOptions of `tsconfig.json` in the cwd) with `typescript` and `ts-node` resolved
 *   from the runner's own location (tsutils.js `typeScriptRequireStrings`; else its vendored TS 3.8.3 and
 *   ts-node 7.0.1), then `require`s the pack directory, i.e. package.json `main`.
 * - node_modules/@pulumi/policy/policy.js `PolicyPack` reads `version` from `<cwd>/package.json`;
 *   server.js `serve` binds 127.0.0.1:0 and prints the port on stdout.
 * - The engine then calls ConfigureStack, GetAnalyzerInfo, Configure (the reconciled policy config:
 *   pkg/engine/update.go `LoadLocalPolicyPackAnalyzers`, pkg/resource/analyzer/config.go
 *   `ReconcilePolicyPackConfig`) and, during the preview, Analyze / AnalyzeStack.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import type * as P from "@pulumi/pulumi/proto/analyzer_pb";

/** The repository root and the pack directory. */
export const ROOT = path.resolve(__dirname, "..", "..");
export const PACK = path.join(ROOT, "policies");

// The engine side speaks the SDK's generated protocol with the SDK's own grpc-js and google-protobuf
// (node_modules/@pulumi/pulumi/proto/*_pb.js require them), loaded through require: the generated
// modules publish their exports in a way ESM named imports cannot see.
const sdkRequire = createRequire(path.join(ROOT, "node_modules", "@pulumi", "pulumi", "package.json"));
const grpc = sdkRequire("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
/** The generated Analyzer messages. */
export const pb = sdkRequire("./proto/analyzer_pb") as typeof import("@pulumi/pulumi/proto/analyzer_pb");
const rpc = sdkRequire("./proto/analyzer_grpc_pb") as typeof import("@pulumi/pulumi/proto/analyzer_grpc_pb");
/** google.protobuf.Struct. */
export const Struct = (sdkRequire("google-protobuf/google/protobuf/struct_pb") as typeof import("google-protobuf/google/protobuf/struct_pb")).Struct;
const { Empty } = sdkRequire("google-protobuf/google/protobuf/empty_pb") as typeof import("google-protobuf/google/protobuf/empty_pb");

/** The engine address the CLI would pass; run-policy-pack/index.js discards it, so nothing dials it. */
const ENGINE_ADDRESS = "127.0.0.1:1";

/**
 * The runner module, located the way `locateModule` locates it (same script, cwd = the pack).
 */
export function locateRunner(): string {
    const script = "try { console.log(require.resolve('@pulumi/pulumi/cmd/run-policy-pack')); } catch (error) { console.error(error.message); process.exit(1); }";
    return execFileSync(process.execPath, ["-e", script], { cwd: PACK, encoding: "utf8" }).trim();
}

/** The CLI's environment without the test runner's own Node and ts-node settings. */
function cliEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) {
        if (k === "NODE_OPTIONS" || k.startsWith("VITEST") || k.startsWith("TS_NODE_") || k === "NODE_ENV") continue;
        env[k] = v;
    }
    return { ...env, ...extra };
}

/** A running pack and an Analyzer client connected to it. */
export interface RunningPack {
    readonly child: ChildProcess;
    readonly client: InstanceType<typeof rpc.AnalyzerClient>;
    /** Everything the pack wrote to stderr so far. */
    stderr(): string;
    /** Kill the runner. */
    stop(): void;
}

/**
 * Spawn the runner against the pack as `RunPlugin` does and connect to the port it prints.
 * @param stack the stack the engine would announce through the policy proxy
 */
export function startPack(stack: string): Promise<RunningPack> {
    const runner = locateRunner();
    const env = cliEnv({ PULUMI_NODEJS_TYPESCRIPT: "true", PULUMI_NODEJS_PROJECT: "tristack", PULUMI_NODEJS_STACK: stack, PULUMI_NODEJS_DRY_RUN: "true", PULUMI_CONFIG: "{}" });
    const child = spawn(process.execPath, [runner, ENGINE_ADDRESS, PACK], { cwd: PACK, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    return new Promise((resolve, reject) => {
        const onExit = (code: number | null): void => reject(new Error(`the policy pack exited (${code}) before printing its port:\n${err}`));
        child.once("exit", onExit);
        child.stdout.on("data", (d: Buffer) => {
            out += d.toString();
            const line = out.split("\n")[0];
            if (!out.includes("\n") || line === undefined) return;
            child.off("exit", onExit);
            const port = Number(line.trim());
            if (!Number.isInteger(port) || port <= 0) return reject(new Error(`expected a port on the first stdout line, got ${JSON.stringify(line)}\n${err}`));
            const client = new rpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), { "grpc.max_receive_message_length": 400 * 1024 * 1024 });
            resolve({ child, client, stderr: () => err, stop: () => (client.close(), child.kill()) });
        });
    });
}

/** Promisify one unary call. */
function unary<Req, Res>(call: (req: Req, cb: (e: Error | null, res: Res) => void) => unknown, req: Req): Promise<Res> {
    return new Promise((resolve, reject) => call(req, (e, res) => (e ? reject(e) : resolve(res))));
}

/**
 * GetAnalyzerInfo.
 * @param pack the running pack
 */
export function analyzerInfo(pack: RunningPack): Promise<P.AnalyzerInfo> {
    return unary<InstanceType<typeof Empty>, P.AnalyzerInfo>((r, cb) => pack.client.getAnalyzerInfo(r, cb), new Empty());
}

/**
 * Configure with one config per policy (what the engine sends after reconciling).
 * @param pack the running pack
 * @param config policy name → enforcement level and properties
 */
export async function configure(pack: RunningPack, config: Readonly<Record<string, { enforcementLevel: string; properties: Record<string, unknown> }>>): Promise<void> {
    const req = new pb.ConfigureAnalyzerRequest();
    const map = req.getPolicyconfigMap();
    for (const [name, c] of Object.entries(config)) {
        const pc = new pb.PolicyConfig();
        pc.setEnforcementlevel(enforcementCode(c.enforcementLevel));
        pc.setProperties(Struct.fromJavaScript(c.properties as Parameters<typeof Struct.fromJavaScript>[0]));
        map.set(name, pc);
    }
    await unary<P.ConfigureAnalyzerRequest, InstanceType<typeof Empty>>((r, cb) => pack.client.configure(r, cb), req);
}

/** One resource of an AnalyzeStack request. */
export interface WireResource {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly properties: Record<string, unknown>;
    readonly protect: boolean;
    /** Recorded by the offline engine but not part of the Analyzer protocol (never sent). */
    readonly retainOnDelete: boolean;
    /** URNs the resource depends on (AnalyzerResource.dependencies, as the engine fills it from the step's state). */
    readonly dependencies?: readonly string[];
}

/** One diagnostic, decoded. */
export interface Diagnostic {
    readonly policy: string;
    readonly urn: string;
    readonly message: string;
    readonly enforcement: string;
}

/**
 * AnalyzeStack over the resources.
 * @param pack the running pack
 * @param resources the stack
 */
export async function analyzeStack(pack: RunningPack, resources: readonly WireResource[]): Promise<Diagnostic[]> {
    const req = new pb.AnalyzeStackRequest();
    req.setResourcesList(
        resources.map((r) => {
            const w = new pb.AnalyzerResource();
            w.setType(r.type);
            w.setName(r.name);
            w.setUrn(r.urn);
            w.setProperties(Struct.fromJavaScript(r.properties as Parameters<typeof Struct.fromJavaScript>[0]));
            const o = new pb.AnalyzerResourceOptions();
            // pulumi/analyzer.proto AnalyzerResourceOptions has protect, ignoreChanges, deleteBeforeReplace,
            // additionalSecretOutputs, aliases, customTimeouts and parent: no retainOnDelete. The engine
            // cannot send it, so neither do we.
            o.setProtect(r.protect);
            w.setOptions(o);
            // pulumi/pulumi pkg/resource/deploy/step_generator.go `AnalyzeResources` sends each resource's
            // Dependencies (and PropertyDependencies) with its outputs.
            w.setDependenciesList([...(r.dependencies ?? [])]);
            return w;
        }),
    );
    const res = await unary<P.AnalyzeStackRequest, P.AnalyzeResponse>((r, cb) => pack.client.analyzeStack(r, cb), req);
    return res.getDiagnosticsList().map((d) => ({ policy: d.getPolicyname(), urn: d.getUrn(), message: d.getMessage(), enforcement: enforcementName(d.getEnforcementlevel()) }));
}

const LEVELS = ["advisory", "mandatory", "disabled", "remediate"] as const;

/**
 * The wire code of an enforcement level (pulumi/analyzer.proto `EnforcementLevel`: ADVISORY=0, MANDATORY=1,
 * DISABLED=2, REMEDIATE=3).
 * @param level the level's name
 */
export function enforcementCode(level: string): P.EnforcementLevel {
    const code = { advisory: pb.EnforcementLevel.ADVISORY, mandatory: pb.EnforcementLevel.MANDATORY, disabled: pb.EnforcementLevel.DISABLED, remediate: pb.EnforcementLevel.REMEDIATE }[level];
    if (code === undefined) throw new Error(`unknown enforcement level ${level}`);
    return code;
}

/**
 * The name of a wire enforcement level.
 * @param code the wire code
 */
export function enforcementName(code: number): string {
    return LEVELS.find((l) => enforcementCode(l) === code) ?? `unknown(${code})`;
}
