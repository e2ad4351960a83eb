/**
 * Runs the real program (index.ts) under Pulumi's in-process mock engine and records every resource
 * registration with its inputs and options. Used by `npm run plan` and by the tests; nothing here
 * talks to a cloud.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { PLAN_MOCKS } from "../clouds/planMocks";

/** Markers Pulumi uses on the wire (from @pulumi/pulumi runtime/rpc). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** One registered resource. */
export interface RecordedResource {
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
    /** Inputs, with secrets in the clear (tests assert on them). */
    readonly inputs: Record<string, unknown>;
    /** Inputs with secrets replaced by `"[secret]"` (what plan.json shows). */
    readonly redactedInputs: Record<string, unknown>;
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
}

/** The outcome of one program run. */
export interface ProgramRun {
    /** Every registered resource in registration order. */
    readonly resources: readonly RecordedResource[];
    /** Stack outputs (resolved). */
    readonly outputs: Record<string, unknown>;
}

/** Options of a program run. */
export interface RunOptions {
    /** Stack name (`aws-dev`, ...). @default "test" */
    readonly stack?: string;
    /** Extra config keys (`tristack:*`), already JSON-encoded where structured. */
    readonly config?: Record<string, string>;
    /** Run as a preview (unknown outputs) instead of an update. @default false */
    readonly preview?: boolean;
    /** Called for every registration as it happens (also when the program fails later). */
    readonly onResource?: (resource: RecordedResource) => void;
}

function redact(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(redact);
    if (value === UNKNOWN) return "[unknown]";
    if (value !== null && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        if (obj[SIG_KEY] === SECRET_SIG) return "[secret]";
        if (obj[SIG_KEY] === RESOURCE_SIG) return obj["urn"];
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(obj)) out[k] = redact(v);
        return out;
    }
    return value;
}

/** Secret wrappers removed, so tests and rules see plain values (the redacted copy keeps the marks). */
function unwrapSecrets(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(unwrapSecrets);
    if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
        const obj = value as Record<string, unknown>;
        if (obj[SIG_KEY] === SECRET_SIG) return unwrapSecrets(obj["value"]);
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(obj)) out[k] = unwrapSecrets(v);
        return out;
    }
    return value;
}

/**
 * Whether a raw (wire-format) value contains an unknown (a value only known after `pulumi up`).
 * @param value the raw value
 */
export function hasUnknown(value: unknown): boolean {
    if (value === UNKNOWN) return true;
    if (Array.isArray(value)) return value.some(hasUnknown);
    if (value !== null && typeof value === "object") return Object.values(value).some(hasUnknown);
    return false;
}

/** Deterministic fake id for a resource. */
function fakeId(type: string, name: string): string {
    return `${name}-id`;
}

/** Outputs every resource gets by default so dependants have something to read. */
function defaultOutputs(type: string, name: string): Record<string, unknown> {
    const base: Record<string, unknown> = { id: fakeId(type, name), name, arn: `arn:aws:mock:::${name}` };
    // Generated secrets (passwords, keys) need a value for the program to wrap as a secret.
    if (type.startsWith("random:")) base["result"] = `mock-${name}`;
    return base;
}

interface MonitorRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getProvider(): string;
    getProtect(): boolean;
    getRetainondelete?(): boolean;
    getIgnorechangesList(): string[];
    getDependenciesList(): string[];
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}

type Callback = (err: unknown, resp: unknown) => void;

interface MockMonitorLike {
    registerResource(req: MonitorRequest, callback: Callback): Promise<void>;
}

/**
 * Run index.ts once under mocks with the given spec and return what it registered.
 * Each call loads a fresh copy of the program, so calls may be repeated in one process
 * (but not concurrently: the mock engine is process-global).
 * @param spec the raw `tristack:spec` value (validated by the program itself)
 * @param options stack name and extra config
 */
export async function runProgram(spec: unknown, options: RunOptions = {}): Promise<ProgramRun> {
    const stack = options.stack ?? "test";
    const resources: RecordedResource[] = [];
    const mocks: pulumi.runtime.Mocks = {
        newResource(args) {
            const extra = PLAN_MOCKS.map((m) => m.outputs(args.type, args.name, args.inputs)).find((o) => o !== undefined);
            return { id: fakeId(args.type, args.name), state: { ...defaultOutputs(args.type, args.name), ...args.inputs, ...extra } };
        },
        call(args) {
            const result = PLAN_MOCKS.map((m) => m.call(args.token, args.inputs)).find((o) => o !== undefined);
            return result ?? {};
        },
    };
    // The mock monitor drops resource options; wrap its registerResource in place (keeping the feature
    // flags setMocks turned on, secrets among them) so protect/retainOnDelete/dependencies are kept.
    const settings = (await import("@pulumi/pulumi/runtime/settings")) as unknown as {
        getMonitor(): MockMonitorLike;
        waitForRPCs(): Promise<void>;
    };
    await pulumi.runtime.setMocks(mocks, "tristack", stack, options.preview ?? false);
    const monitor = settings.getMonitor();
    const original = monitor.registerResource.bind(monitor);
    monitor.registerResource = async (req: MonitorRequest, callback: Callback) => {
        const raw = req.getObject()?.toJavaScript() ?? {};
        const inputs = unwrapSecrets(pulumi.runtime.deserializeProperties(req.getObject() as never)) as Record<string, unknown>;
        return original(req, (err: unknown, resp: unknown) => {
            if (!err) {
                const urn = (resp as { getUrn(): string }).getUrn();
                const recorded: RecordedResource = {
                    type: req.getType(),
                    name: req.getName(),
                    urn,
                    parent: req.getParent() || undefined,
                    custom: req.getCustom(),
                    inputs,
                    redactedInputs: redact(raw) as Record<string, unknown>,
                    dependencies: req.getDependenciesList(),
                    provider: req.getProvider() || undefined,
                    protect: req.getProtect(),
                    retainOnDelete: req.getRetainondelete?.() ?? false,
                    ignoreChanges: req.getIgnorechangesList(),
                };
                resources.push(recorded);
                options.onResource?.(recorded);
            }
            callback(err, resp);
        });
    };
    pulumi.runtime.setAllConfig({ "tristack:spec": JSON.stringify(spec), ...options.config }, []);

    const programPath = path.resolve(__dirname, "..", "..", "index.ts");
    // Fresh copy of the program and its components for every run.
    for (const key of Object.keys(require.cache)) {
        if (!key.includes(`${path.sep}node_modules${path.sep}`)) delete require.cache[key];
    }
    const loaded = (await import(programPath)) as { default?: unknown } | (() => Promise<Record<string, unknown>>);
    const main = (typeof loaded === "function" ? loaded : (loaded as { default?: unknown }).default) as () => Promise<Record<string, unknown>>;
    // The SDK captures a stack trace for every input property of every resource (its promise-leak
    // report); with source maps on, each capture maps ~10 frames and that was two thirds of a plan's
    // time. Those stacks are never shown here, so map nothing while the program runs. Errors thrown by
    // the program still carry a stack, in the transpiled code's positions.
    const sourceMaps = process.sourceMapsEnabled;
    process.setSourceMapsEnabled(false);
    try {
        let rawOutputs: Record<string, unknown>;
        try {
            rawOutputs = await main();
        } catch (err) {
            // Registrations started before the failure still reach the engine (as in a real run);
            // let them land so onResource sees everything the failed program registered.
            await settings.waitForRPCs().catch(() => undefined);
            throw err;
        }
        const outputs: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(rawOutputs ?? {})) {
            outputs[k] = await resolveOutput(v);
        }
        await settings.waitForRPCs();
        return { resources, outputs };
    } finally {
        process.setSourceMapsEnabled(sourceMaps);
    }
}

async function resolveOutput(value: unknown): Promise<unknown> {
    if (pulumi.Output.isInstance(value)) {
        return new Promise((resolve) => (value as pulumi.Output<unknown>).apply((v) => resolve(v)));
    }
    return value;
}

