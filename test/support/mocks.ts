/**
 * The one place tests get the program from: runs the real index.ts as the Pulumi CLI loads it (the
 * SDK's language host in a child process, components/plan/engine.ts), with the spec as stack config,
 * and offers small lookups over what it registered. Identical runs are made once per suite (cached by
 * program sources, spec and stack).
 */
import * as path from "node:path";
import { runProgram, type ProgramRun, type RecordedResource, type RunOptions } from "../../components/plan/engine";
import { readStack } from "../../components/plan/stacks";

export type { ProgramRun, RecordedResource };

/** Repository root. */
export const ROOT = path.resolve(__dirname, "..", "..");

/**
 * The raw `tristack:spec` of a stack file in `stacks/`.
 * @param stack stack name (`aws-dev`, `local`, ...)
 */
export function stackSpec(stack: string): Record<string, unknown> {
    let spec = parsedSpecs.get(stack);
    if (spec === undefined) {
        spec = readStack(stack).spec as Record<string, unknown>;
        parsedSpecs.set(stack, spec);
    }
    // A copy: callers patch it into variants.
    return structuredClone(spec);
}

/** Stack files read once per worker (tests read the same seven specs hundreds of times). */
const parsedSpecs = new Map<string, Record<string, unknown>>();

/**
 * One build per module, made when a test first asks: several tests read the same combined variant (issue 15:
 * a program run costs seconds).
 * @param make start the run or build
 */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
    let pending: Promise<T> | undefined;
    return () => (pending ??= make());
}

/**
 * Run the program with a spec as the stack's `tristack:spec` config, as `pulumi up` would.
 * @param spec the raw spec
 * @param options stack name and extra config
 */
export async function run(spec: unknown, options: RunOptions = {}): Promise<Recorded> {
    return new Recorded(await runProgram(spec, { cache: true, ...options }));
}

/** Lookups over one program run. */
export class Recorded {
    constructor(readonly result: ProgramRun) {}

    /** Every resource. */
    get resources(): readonly RecordedResource[] {
        return this.result.resources;
    }

    /** Stack outputs. */
    get outputs(): Record<string, unknown> {
        return this.result.outputs;
    }

    /**
     * Resources of a type token.
     * @param type e.g. `aws:eks/nodeGroup:NodeGroup`
     */
    ofType(type: string): RecordedResource[] {
        return this.result.resources.filter((r) => r.type === type);
    }

    /**
     * The one resource with this type and name; throws when there is not exactly one.
     * @param type type token
     * @param name logical name
     */
    one(type: string, name?: string): RecordedResource {
        const found = this.ofType(type).filter((r) => name === undefined || r.name === name);
        if (found.length !== 1) {
            throw new Error(`expected exactly one ${type}${name ? ` named ${name}` : ""}, found ${found.length}: ${found.map((r) => r.name).join(", ")}`);
        }
        return found[0]!;
    }

    /**
     * Kubernetes objects of a kind (`apiVersion` and `kind`), e.g. `("v1", "Namespace")`.
     * @param apiVersion apiVersion
     * @param kind kind
     */
    k8s(apiVersion: string, kind: string): RecordedResource[] {
        return this.ofType(`kubernetes:${apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`}:${kind}`);
    }
}
