/**
 * Runs a Pulumi Node.js program the way `pulumi preview` / `pulumi up` run it, without the CLI or a
 * cloud: the SDK's own language-host entry (`@pulumi/pulumi/cmd/run`) is spawned in a child `node`
 * process with the arguments and environment the CLI's Node.js language plugin gives it, and talks
 * over gRPC to a resource monitor and engine served here, which record every registration and answer
 * with canned provider outputs.
 *
 * What the CLI does, and where this copies it from (pulumi/pulumi, sdk/nodejs/cmd/pulumi-language-nodejs/main.go,
 * `execRuntime` / `constructArguments` / `constructConfig`, and pkg/workspace `getPwdMain`):
 * - argv: `<run path> --monitor A --engine A --project P --root-directory R --stack S --pwd D [--dry-run]
 *   --parallel N <entry point>`; the entry point is `main` from Pulumi.yaml, made absolute (or `.`);
 * - env: `PULUMI_CONFIG` (JSON, keys rewritten `ns:key` -> `ns:config:key`), `PULUMI_CONFIG_SECRET_KEYS`,
 *   `PULUMI_NODEJS_TYPESCRIPT=true` when `runtime.options.typescript` is not false, and
 *   `PULUMI_NODEJS_TSCONFIG_PATH` from `runtime.options.tsconfig`; node arguments from `runtime.options.nodeargs`.
 * Everything after that (ts-node registration with the compiler options the SDK derives from the
 * tsconfig, how the program's export is called, how errors and exit codes are reported) is the SDK's
 * own code, unmodified.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";

/** Markers Pulumi uses on the wire (from @pulumi/pulumi runtime/rpc). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
/** The root resource's type (resource.RootStackType). */
const STACK_TYPE = "pulumi:pulumi:Stack";
/** The unknown-value sentinel (a value only known after `pulumi up`). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The CLI's code for "the program failed and already told the user why" (cmd/run/index.js). */
const EXIT_ALREADY_REPORTED = 32;

/** What a registration says about a resource, besides its inputs. */
export interface RegistrationInfo {
    /** Type token (`aws:eks/cluster:Cluster`, `tristack:aws:EksCluster`, ...). */
    readonly type: string;
    /** Logical name. */
    readonly name: string;
    /** URN. */
    readonly urn: string;
    /** Parent URN, if any. */
    readonly parent?: string;
    /** Whether this is a custom (provider) resource rather than a component. */
    readonly custom: boolean;
    /** URNs this resource depends on. */
    readonly dependencies: readonly string[];
    /** Provider reference. */
    readonly provider?: string;
    /** `protect` option. */
    readonly protect: boolean;
    /** `retainOnDelete` option. */
    readonly retainOnDelete: boolean;
    /** `ignoreChanges` option. */
    readonly ignoreChanges: readonly string[];
    /** `replaceOnChanges` option. */
    readonly replaceOnChanges?: readonly string[];
    /** `deleteBeforeReplace` option. */
    readonly deleteBeforeReplace?: boolean;
}

/** One registration the program made. */
export interface Registration extends RegistrationInfo {
    /** Inputs as sent on the wire (secrets and resource references still marked). */
    readonly rawInputs: Record<string, unknown>;
}

/** A diagnostic the program logged through the engine (`pulumi.log.*`, errors, warnings). */
export interface LogEntry {
    readonly severity: "debug" | "info" | "warning" | "error";
    readonly message: string;
    readonly urn?: string;
}

/** Canned provider behaviour. */
export interface ProviderMocks {
    /** State (outputs) of a newly created resource, given its deserialised inputs. */
    newResource(type: string, name: string, inputs: Record<string, unknown>, custom: boolean): { id: string; state: Record<string, unknown> };
    /** Result of a provider function (invoke). */
    call(token: string, inputs: Record<string, unknown>): Record<string, unknown>;
}

/** How to run the program. */
export interface LanguageHostRun {
    /** Directory holding Pulumi.yaml. */
    readonly projectDir: string;
    /** Stack name. */
    readonly stack: string;
    /** Stack config as the CLI passes it: `ns:key` -> string (structured values JSON-encoded). */
    readonly config: Readonly<Record<string, string>>;
    /** Keys of `config` that are secrets. */
    readonly secretKeys?: readonly string[];
    /** Preview (`--dry-run`): outputs of created resources are unknown. */
    readonly preview: boolean;
    readonly mocks: ProviderMocks;
    /** Called for every registration, as it happens. */
    readonly onRegister?: (registration: Registration) => void;
    /** Extra environment for the program process. */
    readonly env?: Readonly<Record<string, string>>;
    /** Extra node arguments before the CLI's own (`--cpu-prof` for the bench). */
    readonly nodeArgs?: readonly string[];
    /** Give up (and kill the program) after this long. @default 600 s */
    readonly timeoutMs?: number;
}

/** Program processes still running, ended if this process exits first (a test runner's timeout). */
const running = new Set<import("node:child_process").ChildProcess>();
let exitHookInstalled = false;
function track(child: import("node:child_process").ChildProcess): void {
    if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.on("exit", () => {
            for (const c of running) c.kill("SIGKILL");
        });
    }
    running.add(child);
    child.on("close", () => running.delete(child));
}

/** What one run produced. */
export interface LanguageHostResult {
    /** Process exit code (0: the CLI would go on to deploy). */
    readonly exitCode: number;
    readonly registrations: readonly Registration[];
    /** URN of the `pulumi:pulumi:Stack` resource. */
    readonly stackUrn?: string;
    /** Stack outputs as registered on the Stack resource (wire form). */
    readonly rawOutputs: Record<string, unknown>;
    readonly logs: readonly LogEntry[];
    /** What the process wrote to stderr (ts-node and loader errors land here). */
    readonly stderr: string;
}

/** The `runtime` part of Pulumi.yaml, as the CLI reads it. */
interface ProjectFile {
    readonly name: string;
    readonly main?: string;
    readonly runtime: string | { readonly name: string; readonly options?: Record<string, unknown> };
}

/** The project settings the language plugin derives from Pulumi.yaml. */
export interface ProjectSettings {
    readonly name: string;
    /** Program directory (`--pwd`). */
    readonly pwd: string;
    /** Entry point argument. */
    readonly entry: string;
    readonly typescript: boolean;
    readonly tsconfig?: string;
    readonly nodeargs: readonly string[];
}

/**
 * Read Pulumi.yaml as the CLI does for a Node.js project.
 * @param projectDir the directory holding Pulumi.yaml
 */
export function readProjectSettings(projectDir: string): ProjectSettings {
    const project = parseYaml(readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) as ProjectFile;
    const options = typeof project.runtime === "string" ? {} : (project.runtime.options ?? {});
    // getPwdMain: main is relative to the project root; a file keeps pwd at its directory and is
    // passed as an absolute path, a directory becomes pwd with entry ".".
    let pwd = projectDir;
    let entry = ".";
    if (project.main) {
        const main = path.resolve(projectDir, project.main);
        if (existsSync(main) && statSync(main).isDirectory()) {
            pwd = main;
        } else {
            pwd = path.dirname(main);
            entry = main;
        }
    }
    const nodeargs = typeof options["nodeargs"] === "string" ? options["nodeargs"].split(/\s+/).filter(Boolean) : [];
    return {
        name: project.name,
        pwd,
        entry,
        typescript: options["typescript"] !== false,
        tsconfig: typeof options["tsconfig"] === "string" ? options["tsconfig"] : undefined,
        nodeargs,
    };
}

type GrpcCallback = (err: unknown, resp?: unknown) => void;
interface GrpcCall<T> {
    readonly request: T;
}
interface Getters {
    [k: string]: () => unknown;
}

/** A gRPC service method as @grpc/grpc-js serves it: the request in, the response (or an error) out. */
export type ServiceHandler = (call: GrpcCall<Getters>, callback: GrpcCallback) => void;

/** What the recording services have seen so far. */
export interface Recording {
    readonly registrations: Registration[];
    readonly logs: LogEntry[];
    /** URN of the `pulumi:pulumi:Stack` resource, once registered. */
    stackUrn?: string;
    /** Stack outputs as registered on the Stack resource (wire form). */
    rawOutputs: Record<string, unknown>;
}

/** What the recording services need of a run. */
export type RecordingRun = Pick<LanguageHostRun, "projectDir" | "stack" | "preview" | "mocks" | "onRegister">;

/**
 * The resource monitor and engine a program talks to, recording every registration (URN, inputs on the wire,
 * options) and answering with the mocks' state: served over gRPC to the language host's child process by
 * {@link runLanguageHost}, and usable by an SDK in this process (`pulumi.runtime.setMockOptions`), so a
 * test that builds one component in-process records it exactly as a program run would.
 * @param run the project, stack, mode and mocks
 */
export function recordingServices(run: RecordingRun): { monitor: Record<string, ServiceHandler>; engine: Record<string, ServiceHandler>; recording: Recording } {
    // The SDK's generated messages from the project's own @pulumi/pulumi (the child resolves the same
    // copy), so the wire format is the one the program speaks.
    const req = createRequire(path.join(run.projectDir, "Pulumi.yaml"));
    const resproto = req("@pulumi/pulumi/proto/resource_pb") as Record<string, new () => Record<string, (v?: unknown) => unknown>>;
    const provproto = req("@pulumi/pulumi/proto/provider_pb") as Record<string, new () => Record<string, (v?: unknown) => unknown>>;
    const engproto = req("@pulumi/pulumi/proto/engine_pb") as Record<string, new () => Record<string, (v?: unknown) => unknown>>;
    const structproto = req("google-protobuf/google/protobuf/struct_pb") as { Struct: { fromJavaScript(v: unknown): unknown } };
    const emptyproto = req("google-protobuf/google/protobuf/empty_pb") as { Empty: new () => unknown };

    const settings = readProjectSettings(run.projectDir);
    const recording: Recording = { registrations: [], logs: [], rawOutputs: {} };
    const urns = new Set<string>();
    let rootResource = "";

    // The engine's URN (pulumi/pulumi sdk/go/common/resource/urn/urn.go `New`, called with the parent URN's
    // QualifiedType()): the parent's whole type chain, `$`, this type; the root Stack's type is left out. The
    // SDK's own MockMonitor keeps only the parent's last type and the Stack's, so URNs copied from a plan
    // into a waiver or `pulumi up --replace` would not match the real stack's.
    const newUrn = (parent: string, type: string, name: string): string => {
        const parentType = parent ? (parent.split("::")[2] ?? "") : "";
        const qualified = parentType !== "" && parentType !== STACK_TYPE ? `${parentType}$${type}` : type;
        return `urn:pulumi:${run.stack}::${settings.name}::${qualified}::${name}`;
    };

    const guard = (fn: (call: GrpcCall<Getters>) => unknown) => (call: GrpcCall<Getters>, callback: GrpcCallback) => {
        try {
            callback(null, fn(call));
        } catch (err) {
            callback(err);
        }
    };
    const features: Record<string, boolean> = {
        secrets: true,
        resourceReferences: true,
        // Off as in the SDK's own mocks: inputs then carry plain values, which is what we record.
        outputValues: false,
        deletedWith: true,
        aliasSpecs: true,
        transforms: false,
        invokeTransforms: false,
        parameterization: true,
        resourceHooks: false,
        errorHooks: false,
    };
    const monitor = {
        supportsFeature: guard((call) => {
            const resp = new resproto["SupportsFeatureResponse"]!();
            resp["setHassupport"]!(features[String(call.request["getId"]!())] ?? false);
            return resp;
        }),
        registerResource: guard((call) => {
            const r = call.request;
            const type = String(r["getType"]!());
            const name = String(r["getName"]!());
            const parent = String(r["getParent"]!() ?? "");
            const custom = Boolean(r["getCustom"]!());
            const object = r["getObject"]!() as { toJavaScript(): Record<string, unknown> } | undefined;
            const rawInputs = object?.toJavaScript() ?? {};
            const urn = newUrn(parent, type, name);
            if (urns.has(urn)) throw new Error(`Duplicate resource URN '${urn}'; try giving it a unique name`);
            urns.add(urn);
            if (type === STACK_TYPE) recording.stackUrn = urn;
            const registration: Registration = {
                type,
                name,
                urn,
                parent: parent || undefined,
                custom,
                rawInputs,
                dependencies: r["getDependenciesList"]!() as string[],
                provider: String(r["getProvider"]!() ?? "") || undefined,
                protect: Boolean(r["getProtect"]!()),
                retainOnDelete: Boolean(r["getRetainondelete"]?.()),
                ignoreChanges: r["getIgnorechangesList"]!() as string[],
                replaceOnChanges: (r["getReplaceonchangesList"]?.() as string[] | undefined) ?? [],
                deleteBeforeReplace: Boolean(r["getDeletebeforereplace"]?.()),
            };
            recording.registrations.push(registration);
            run.onRegister?.(registration);
            const resp = new resproto["RegisterResourceResponse"]!();
            resp["setUrn"]!(urn);
            if (type === STACK_TYPE || !custom) {
                resp["setId"]!("");
                resp["setObject"]!(structproto.Struct.fromJavaScript({}));
                return resp;
            }
            const plain = plainInputs(rawInputs);
            const { id, state } = run.mocks.newResource(type, name, plain, custom);
            // In a preview, what the provider computes is unknown; what the program set is known.
            const out = run.preview ? markUnknownOutputs(state, rawInputs) : serialise(state, plain, rawInputs);
            resp["setId"]!(run.preview ? UNKNOWN : id);
            resp["setObject"]!(structproto.Struct.fromJavaScript(out));
            return resp;
        }),
        registerResourceOutputs: guard((call) => {
            const urn = String(call.request["getUrn"]!());
            if (urn === recording.stackUrn) {
                const outputs = call.request["getOutputs"]!() as { toJavaScript(): Record<string, unknown> } | undefined;
                recording.rawOutputs = outputs?.toJavaScript() ?? {};
            }
            return new emptyproto.Empty();
        }),
        invoke: guard((call) => {
            const token = String(call.request["getTok"]!());
            const args = call.request["getArgs"]!() as { toJavaScript(): Record<string, unknown> } | undefined;
            const result = run.mocks.call(token, plainInputs(args?.toJavaScript() ?? {}));
            const resp = new provproto["InvokeResponse"]!();
            resp["setReturn"]!(structproto.Struct.fromJavaScript(result));
            return resp;
        }),
        readResource: guard((call) => {
            const type = String(call.request["getType"]!());
            const name = String(call.request["getName"]!());
            const parent = String(call.request["getParent"]!() ?? "");
            const props = call.request["getProperties"]!() as { toJavaScript(): Record<string, unknown> } | undefined;
            const { state } = run.mocks.newResource(type, name, plainInputs(props?.toJavaScript() ?? {}), true);
            const resp = new resproto["ReadResourceResponse"]!();
            resp["setUrn"]!(newUrn(parent, type, name));
            resp["setProperties"]!(structproto.Struct.fromJavaScript(serialise(state, {}, {})));
            return resp;
        }),
        signalAndWaitForShutdown: guard(() => new emptyproto.Empty()),
    };
    const engine = {
        log: guard((call) => {
            const severity = (["debug", "info", "warning", "error"] as const)[Number(call.request["getSeverity"]!())] ?? "info";
            recording.logs.push({ severity, message: String(call.request["getMessage"]!()), urn: String(call.request["getUrn"]!() ?? "") || undefined });
            return new emptyproto.Empty();
        }),
        getRootResource: guard(() => {
            const resp = new engproto["GetRootResourceResponse"]!();
            resp["setUrn"]!(rootResource);
            return resp;
        }),
        setRootResource: guard((call) => {
            rootResource = String(call.request["getUrn"]!());
            return new engproto["SetRootResourceResponse"]!();
        }),
    };

    return { monitor, engine, recording };
}

/**
 * Run the program once through the SDK's language host against a recording monitor.
 * @param run what to run and how
 */
export async function runLanguageHost(run: LanguageHostRun): Promise<LanguageHostResult> {
    // gRPC and the SDK's generated service definitions from the project's own @pulumi/pulumi.
    const req = createRequire(path.join(run.projectDir, "Pulumi.yaml"));
    const grpc = req("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
    const resrpc = req("@pulumi/pulumi/proto/resource_grpc_pb") as { ResourceMonitorService: import("@grpc/grpc-js").ServiceDefinition };
    const engrpc = req("@pulumi/pulumi/proto/engine_grpc_pb") as { EngineService: import("@grpc/grpc-js").ServiceDefinition };
    const settings = readProjectSettings(run.projectDir);
    const { monitor, engine, recording } = recordingServices(run);
    const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
    server.addService(resrpc.ResourceMonitorService, monitor as never);
    server.addService(engrpc.EngineService, engine as never);
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    const address = `127.0.0.1:${port}`;
    try {
        const runPath = path.dirname(req.resolve("@pulumi/pulumi/cmd/run/index.js"));
        const args = [
            // Ends the program if this process dies first (see parentWatchdog.cjs); not a loader.
            "--require", path.join(__dirname, "parentWatchdog.cjs"),
            ...(run.nodeArgs ?? []),
            ...settings.nodeargs,
            runPath,
            "--monitor", address,
            "--engine", address,
            "--project", settings.name,
            "--root-directory", run.projectDir,
            "--stack", run.stack,
            "--pwd", settings.pwd,
            ...(run.preview ? ["--dry-run"] : []),
            "--parallel", "16",
            settings.entry,
        ];
        const config: Record<string, string> = {};
        for (const [key, value] of Object.entries(run.config)) {
            const i = key.indexOf(":");
            config[i < 0 ? key : `${key.slice(0, i)}:config:${key.slice(i + 1)}`] = value;
        }
        const env: Record<string, string> = { ...(process.env as Record<string, string>) };
        // Only what the CLI would set: drop anything a test runner or an outer Pulumi run left behind.
        for (const k of Object.keys(env)) if (k.startsWith("PULUMI_") || k === "NODE_OPTIONS" || k.startsWith("VITEST") || k === "TS_NODE_PROJECT") delete env[k];
        env["PULUMI_CONFIG"] = JSON.stringify(config);
        env["PULUMI_CONFIG_SECRET_KEYS"] = JSON.stringify(run.secretKeys ?? []);
        if (settings.typescript) env["PULUMI_NODEJS_TYPESCRIPT"] = "true";
        if (settings.tsconfig) env["PULUMI_NODEJS_TSCONFIG_PATH"] = settings.tsconfig;
        Object.assign(env, run.env);
        const child = spawn(process.execPath, args, { cwd: run.projectDir, env, stdio: ["ignore", "pipe", "pipe"] });
        track(child);
        const timeoutMs = run.timeoutMs ?? 600_000;
        const timer = setTimeout(() => {
            recording.logs.push({ severity: "error", message: `the program did not finish within ${timeoutMs / 1000} s and was stopped` });
            child.kill("SIGKILL");
        }, timeoutMs);
        let stderr = "";
        child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
        child.stdout.setEncoding("utf8").on("data", (d: string) => (stderr += d));
        const exitCode = await new Promise<number>((resolve, reject) => {
            child.on("error", reject);
            child.on("close", (code) => resolve(code ?? 1));
        }).finally(() => clearTimeout(timer));
        return { exitCode, registrations: recording.registrations, stackUrn: recording.stackUrn, rawOutputs: recording.rawOutputs, logs: recording.logs, stderr };
    } finally {
        server.forceShutdown();
    }
}

/** Wire value -> plain value for the mocks: secrets unwrapped, resource references as id or URN. */
export function plainInputs<T>(value: T): T {
    return decode(value, "plain") as T;
}

/**
 * Decode a wire value.
 * @param value the wire value
 * @param mode `plain`: secrets unwrapped; `redacted`: secrets shown as `[secret]`, unknowns as `[unknown]`
 */
export function decode(value: unknown, mode: "plain" | "redacted"): unknown {
    if (Array.isArray(value)) return value.map((v) => decode(v, mode));
    if (value === UNKNOWN && mode === "redacted") return "[unknown]";
    if (value !== null && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        const sig = obj[SIG_KEY];
        if (sig === SECRET_SIG) return mode === "redacted" ? "[secret]" : decode(obj["value"], mode);
        // The SDK's fallback when no resource module is registered: the id of a custom resource, else its URN.
        if (sig === RESOURCE_SIG) return mode === "redacted" ? obj["urn"] : (obj["id"] as string | undefined) || obj["urn"];
        if (sig === OUTPUT_SIG) return mode === "redacted" && obj["secret"] ? "[secret]" : "value" in obj ? decode(obj["value"], mode) : UNKNOWN;
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(obj)) out[k] = decode(v, mode);
        return out;
    }
    return value;
}

/**
 * State to send back. An output the mocks echoed from the inputs goes back exactly as the program sent
 * it (secrets stay secret, resource references stay references), as a provider echoes its inputs.
 */
function serialise(state: Record<string, unknown>, plain: Record<string, unknown>, rawInputs: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(state)) out[k] = k in rawInputs && v === plain[k] ? rawInputs[k] : toWire(v);
    return out;
}

/** A preview's view of a new resource: its inputs as sent, every other output unknown. */
function markUnknownOutputs(state: Record<string, unknown>, rawInputs: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(state)) out[k] = k in rawInputs ? rawInputs[k] : UNKNOWN;
    return out;
}

function toWire(value: unknown): unknown {
    if (value === undefined) return null;
    if (Array.isArray(value)) return value.map(toWire);
    if (value !== null && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toWire(v);
        return out;
    }
    return value;
}

/** @internal */
export const EXIT_CODE_ALREADY_REPORTED = EXIT_ALREADY_REPORTED;
