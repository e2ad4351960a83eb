/**
 * Runs the real program exactly as `pulumi preview` / `pulumi up` load it (the SDK's language host in
 * a child process, with the CLI's arguments, environment and TypeScript set-up: see langhost.ts) against
 * a recording resource monitor with canned provider outputs, and records every registration with its
 * inputs and options. Used by `npm run plan`, the bench and the tests; nothing here talks to a cloud.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { PLAN_MOCKS } from "../clouds/planMocks";
import { decode, runLanguageHost, UNKNOWN, type LanguageHostResult, type LogEntry, type Registration, type RegistrationInfo } from "./langhost";

/** One registered resource, its inputs decoded. */
export interface RecordedResource extends RegistrationInfo {
    /** Inputs, with secrets in the clear (tests assert on them). */
    readonly inputs: Record<string, unknown>;
    /** Inputs with secrets replaced by `"[secret]"` (what plan.json shows). */
    readonly redactedInputs: Record<string, unknown>;
}

/** The outcome of one program run. */
export interface ProgramRun {
    /** Every registered resource in registration order. */
    readonly resources: readonly RecordedResource[];
    /** Stack outputs (resolved). */
    readonly outputs: Record<string, unknown>;
    /** Warnings the program logged (`pulumi.log.warn`), as `pulumi up` would print them. */
    readonly warnings: readonly string[];
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
    /**
     * Reuse the recorded outcome of an identical earlier run (same program sources, spec, config, stack
     * and mode), from any process: the test suite runs each distinct stack once. Never used by the plan.
     * @default false
     */
    readonly cache?: boolean;
}

/** Warnings and errors the program logged (as `pulumi up` would print them). */
export type { LogEntry };

/**
 * The program did not produce a deployable stack: it failed (spec errors included), or it registered
 * nothing / exported only `default` (the CLI would deploy nothing).
 */
export class ProgramError extends Error {
    constructor(
        message: string,
        /** Everything the program registered before it stopped. */
        readonly registered: readonly RecordedResource[],
    ) {
        super(message);
        this.name = "ProgramError";
    }
}

/** Repository root (where Pulumi.yaml lives). */
const PROJECT_DIR = path.resolve(__dirname, "..", "..");

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

/** Outputs every resource gets by default so dependants have something to read. */
function defaultOutputs(type: string, name: string): Record<string, unknown> {
    const base: Record<string, unknown> = { id: `${name}-id`, name, arn: `arn:aws:mock:::${name}` };
    // Generated secrets (passwords, keys) need a value for the program to wrap as a secret.
    if (type.startsWith("random:")) base["result"] = `mock-${name}`;
    return base;
}

/**
 * What the plan's resource monitor answers a registration: an id, and as state the inputs with the canned
 * provider outputs of every cloud's plan mocks (components/clouds/planMocks.ts) on top.
 * @param type type token
 * @param name logical name
 * @param inputs the registration's inputs (plain values)
 */
export function plannedState(type: string, name: string, inputs: Record<string, unknown>): { id: string; state: Record<string, unknown> } {
    const extra = PLAN_MOCKS.map((m) => m.outputs(type, name, inputs)).find((o) => o !== undefined);
    return { id: `${name}-id`, state: { ...defaultOutputs(type, name), ...inputs, ...extra } };
}

/**
 * What the plan's resource monitor answers a provider function call (the canned results of the plan mocks).
 * @param token function token
 * @param inputs its arguments
 */
export function plannedCall(token: string, inputs: Record<string, unknown>): Record<string, unknown> {
    return PLAN_MOCKS.map((m) => m.call(token, inputs)).find((o) => o !== undefined) ?? {};
}

/**
 * A registration as the plan records it: inputs decoded (secrets in the clear, and redacted).
 * @param r the registration the recording monitor saw
 */
export function recordedResource(r: Registration): RecordedResource {
    return {
        type: r.type,
        name: r.name,
        urn: r.urn,
        parent: r.parent,
        custom: r.custom,
        inputs: decode(r.rawInputs, "plain") as Record<string, unknown>,
        redactedInputs: decode(r.rawInputs, "redacted") as Record<string, unknown>,
        dependencies: r.dependencies,
        provider: r.provider,
        protect: r.protect,
        retainOnDelete: r.retainOnDelete,
        ignoreChanges: r.ignoreChanges,
        replaceOnChanges: r.replaceOnChanges,
        deleteBeforeReplace: r.deleteBeforeReplace,
    };
}

/**
 * The message `pulumi up` would show for a failed run: the errors the program logged, else what the
 * process printed (a module that failed to load, a TypeScript error).
 */
function failureMessage(result: LanguageHostResult): string {
    const errors = result.logs.filter((l) => l.severity === "error").map((l) => l.message.trim());
    if (errors.length > 0) return errors.join("\n");
    const stderr = result.stderr.trim();
    return stderr !== "" ? stderr : `the program exited with code ${result.exitCode}`;
}

/**
 * Refuse a run the CLI would turn into an empty deployment.
 * @param result the language host's result
 * @param resources what it registered (the Stack excluded)
 * @param outputs its stack outputs
 */
export function undeployableReason(resources: readonly RecordedResource[], outputs: Record<string, unknown>): string | undefined {
    const keys = Object.keys(outputs);
    if (keys.length === 1 && keys[0] === "default") {
        return "the program's only stack output is `default`: its default export was never called, so `pulumi up` would deploy nothing. A CommonJS program must use `export = main` (pulumi/pulumi#4017).";
    }
    if (resources.length === 0) return "the program registered no resources: `pulumi up` would deploy nothing (or delete everything the stack has).";
    return undefined;
}

/** Runs already made in this process, by what determines them. */
const memo = new Map<string, Promise<ProgramRun>>();

/** Where recorded runs are kept between processes (tests only). */
const CACHE_DIR = path.join(PROJECT_DIR, "node_modules", ".cache", "tristack", "runs");
let fingerprint: string | undefined;

/** A hash of everything the program's behaviour depends on: its sources, the project and TypeScript set-up, the lock file. */
function programFingerprint(): string {
    if (fingerprint !== undefined) return fingerprint;
    const hash = createHash("sha256");
    const files = ["index.ts", "Pulumi.yaml", "package-lock.json", "tsconfig.json", "tsconfig.pulumi.json"];
    for (const f of readdirSync(path.join(PROJECT_DIR, "components"), { recursive: true, encoding: "utf8" }).sort()) {
        if (f.endsWith(".ts")) files.push(path.join("components", f));
    }
    for (const f of files) hash.update(f).update("\0").update(readFileSync(path.join(PROJECT_DIR, f))).update("\0");
    fingerprint = hash.digest("hex");
    return fingerprint;
}

interface CachedRun {
    readonly run?: ProgramRun;
    readonly error?: { readonly message: string; readonly registered: readonly RecordedResource[] };
}

async function cachedExecute(key: string, stack: string, config: Record<string, string>, options: RunOptions): Promise<ProgramRun> {
    const file = path.join(CACHE_DIR, `${createHash("sha256").update(programFingerprint()).update(key).digest("hex")}.json`);
    const lock = `${file}.lock`;
    mkdirSync(CACHE_DIR, { recursive: true });
    // Another test process may be making the same run right now: wait for its result rather than
    // making it twice (the lock is stale after the engine's own timeout).
    for (;;) {
        if (existsSync(file)) {
            const hit = JSON.parse(readFileSync(file, "utf8")) as CachedRun;
            if (hit.error) throw new ProgramError(hit.error.message, hit.error.registered);
            if (hit.run) return hit.run;
        }
        try {
            writeFileSync(lock, String(process.pid), { flag: "wx" });
            break;
        } catch {
            const held = statSync(lock, { throwIfNoEntry: false });
            if (held && Date.now() - held.mtimeMs > 660_000) rmSync(lock, { force: true });
            await new Promise((resolve) => setTimeout(resolve, 250));
        }
    }
    try {
        return await recordRun(file, stack, config, options);
    } finally {
        rmSync(lock, { force: true });
    }
}

async function recordRun(file: string, stack: string, config: Record<string, string>, options: RunOptions): Promise<ProgramRun> {
    let entry: CachedRun;
    try {
        entry = { run: await execute(stack, config, options) };
    } catch (err) {
        if (!(err instanceof ProgramError)) throw err;
        entry = { error: { message: err.message, registered: err.registered } };
    }
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(entry));
    renameSync(tmp, file);
    if (entry.error) throw new ProgramError(entry.error.message, entry.error.registered);
    return entry.run!;
}

/**
 * Run the program once, loaded as the Pulumi CLI loads it, with `spec` as the stack's `tristack:spec`
 * config, and return what it registered. Runs are independent processes, so calls may overlap.
 * With `cache`, identical runs (same program sources, spec, config, stack and mode) are made once.
 * @param spec the raw `tristack:spec` value, as a stack file would hold it (undefined: not set)
 * @param options stack name and extra config
 */
export function runProgram(spec: unknown, options: RunOptions = {}): Promise<ProgramRun> {
    const stack = options.stack ?? "test";
    const config: Record<string, string> = { ...options.config };
    // The CLI passes a structured config value as its JSON text.
    if (spec !== undefined) config["tristack:spec"] = JSON.stringify(spec);
    if (!options.cache || options.onResource !== undefined) return execute(stack, config, options);
    const key = createHash("sha256").update(JSON.stringify([stack, options.preview ?? false, Object.entries(config).sort()])).digest("hex");
    const cached = memo.get(key);
    if (cached) return cached;
    const pending = cachedExecute(key, stack, config, options);
    memo.set(key, pending);
    pending.catch(() => memo.delete(key));
    return pending;
}

async function execute(stack: string, config: Record<string, string>, options: RunOptions): Promise<ProgramRun> {
    const resources: RecordedResource[] = [];
    const result = await runLanguageHost({
        projectDir: PROJECT_DIR,
        stack,
        config,
        preview: options.preview ?? false,
        mocks: { newResource: plannedState, call: plannedCall },
        onRegister(r) {
            if (r.type === "pulumi:pulumi:Stack") return;
            const recorded = recordedResource(r);
            resources.push(recorded);
            options.onResource?.(recorded);
        },
    });
    if (result.exitCode !== 0) throw new ProgramError(failureMessage(result), resources);
    const outputs = decode(result.rawOutputs, "plain") as Record<string, unknown>;
    const reason = undeployableReason(resources, outputs);
    if (reason !== undefined) throw new ProgramError(reason, resources);
    return { resources, outputs, warnings: result.logs.filter((l) => l.severity === "warning").map((l) => l.message.trim()) };
}
