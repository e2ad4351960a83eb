/**
 * The stack index handed to rules.
 */
import type { PolicyResource, StackIndex, TypeMatch } from "./types";

/**
 * Build a stack index over resources.
 * @param resources every resource of the stack
 */
export function stackIndex(resources: readonly PolicyResource[]): StackIndex {
    return {
        resources,
        ofType(match: TypeMatch) {
            return resources.filter((r) => match(r.type));
        },
    };
}

/** An empty index (resource rules under CrossGuard). */
export const EMPTY_STACK: StackIndex = stackIndex([]);
