/**
 * Joining resources by reference when the referring value may be unknown at preview.
 *
 * Rules join a side resource to what it configures through an id-like input (`bucket`, `subnetId`,
 * `routeTableId`). Under `pulumi preview` the ids of resources the stack creates are unknown, so the input
 * holds the engine's unknown marker. The engine hands a stack policy each resource's dependency URNs with
 * its outputs (pulumi/pulumi pkg/resource/deploy/step_generator.go `AnalyzeResources`:
 * `Dependencies: v.Dependencies, PropertyDependencies: v.PropertyDependencies`; @pulumi/policy server.js
 * resolves them into `PolicyResource.dependencies`), and the offline plan records the same list (the
 * registration's dependencies). A reference is therefore followed by value when it is known
 * ({@link refersTo}: mock ids, real ids after `pulumi up`) and by dependency when it is not.
 */
import { UNKNOWN, UnknownInputError, get, isUnknownError } from "./access";
import { refersTo } from "./match";
import type { PolicyResource } from "./types";

/**
 * A value at a path, or {@link UNKNOWN} when it (or a parent) is unknown at preview.
 * @param value root
 * @param path dotted path
 */
export function peek(value: unknown, path: string): unknown {
    try {
        return get(value, path);
    } catch (e) {
        if (isUnknownError(e)) return UNKNOWN;
        throw e;
    }
}

/**
 * The elements of an array input, each a value or {@link UNKNOWN}; a wholly unknown array is one UNKNOWN.
 * @param value root
 * @param path dotted path
 */
export function peekList(value: unknown, path: string): unknown[] {
    const list = peek(value, path);
    if (list === UNKNOWN) return [UNKNOWN];
    if (!Array.isArray(list)) return [];
    // Index by index: under CrossGuard the list is the SDK's unknown-checking proxy, whose element reads
    // throw (node_modules/@pulumi/policy/proxy.js), and Array.prototype.map would read them outside peek.
    return Array.from({ length: list.length }, (_, i) => peek(list, String(i)));
}

/**
 * The resources among `candidates` that `from`'s reference points at: by value when the value is known
 * (none, for an id the stack does not create), else by `from`'s dependencies. An unknown value none of
 * whose candidates `from` depends on cannot be decided: that throws the unknown error (also when the
 * resource carries no dependency list at all).
 * @param from the referring resource
 * @param value the reference's value (from {@link peek})
 * @param path its path, for the unknown message
 * @param candidates the resources it may point at (all of one kind)
 */
export function resolve(from: PolicyResource, value: unknown, path: string, candidates: readonly PolicyResource[]): PolicyResource[] {
    if (value !== UNKNOWN) return candidates.filter((c) => refersTo(value, c));
    const deps = from.dependencies ?? [];
    const hits = candidates.filter((c) => c.urn !== undefined && deps.includes(c.urn));
    if (hits.length === 0) throw new UnknownInputError(path);
    return hits;
}

/**
 * Whether `from`'s reference input at `path` points at `target` ({@link resolve} over `candidates`).
 * @param from the referring resource
 * @param path the reference input, e.g. `bucket`
 * @param target the resource it may point at
 * @param candidates every resource of the target's kind
 */
export function pointsAt(from: PolicyResource, path: string, target: PolicyResource, candidates: readonly PolicyResource[]): boolean {
    return resolve(from, peek(from.inputs, path), path, candidates).includes(target);
}
