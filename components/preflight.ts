/**
 * The program's pre-flight: everything that can be refused from the spec alone, checked before the
 * first resource is registered (index.ts), so a refusal never leaves a half-built stack.
 */
import { plannedPools, type PoolHandle } from "./clouds";
import { checkDataServiceSizing } from "./data";
import { checkNotebookSizing } from "./data/notebooks";
import { checkSchedulingCapacity } from "./platform/batchScheduler";
import type { PlatformSpec } from "./spec";

/**
 * Refuse, naming the key, what the adapter for `spec.cloud` cannot build (`plannedPools`), a data pool too
 * small for its service, a scheduling gang or tenant quota the pools cannot hold, and notebook profiles
 * no pool fits; warn about oversized pools. Registers nothing.
 * @param spec the validated spec
 * @returns the pools the adapter will build
 */
export async function preflight(spec: PlatformSpec): Promise<Readonly<Record<string, PoolHandle>>> {
    const planned = await plannedPools(spec);
    checkDataServiceSizing(planned, spec);
    checkSchedulingCapacity(planned, spec);
    checkNotebookSizing(planned, spec);
    return planned;
}
