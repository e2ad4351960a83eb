/**
 * Reading resource inputs safely: a path-based getter that turns unknown values (known only after
 * `pulumi up`) into an {@link UnknownInputError}, plus small typed coercions.
 */

/** The unknown sentinel used by the offline plan and the fixtures. */
export const UNKNOWN: unique symbol = Symbol.for("tristack.policy.unknown");

/** The wire marker Pulumi uses for unknown values (from @pulumi/pulumi runtime/rpc). */
export const WIRE_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Thrown when a rule reads a value that is unknown at preview time. */
export class UnknownInputError extends Error {
    /**
     * @param path the property path that was unknown
     */
    constructor(readonly path: string) {
        super(`${path} is not known until the resource is created`);
        this.name = "UnknownInputError";
    }
}

/**
 * Whether an error means "a value is unknown at preview": ours or @pulumi/policy's `UnknownValueError`.
 * @param error anything thrown
 */
export function isUnknownError(error: unknown): error is Error {
    return error instanceof UnknownInputError || (error instanceof Error && error.constructor.name === "UnknownValueError");
}

/**
 * Throw when a value is the unknown sentinel.
 * @param value the value
 * @param path its path, for the message
 */
export function known<T>(value: T, path: string): T {
    if ((value as unknown) === UNKNOWN || (value as unknown) === WIRE_UNKNOWN) throw new UnknownInputError(path);
    return value;
}

/**
 * Read a dotted path (`vpcConfig.endpointPublicAccess`); missing segments give `undefined`.
 * Unknown values anywhere on the path throw {@link UnknownInputError}.
 * @param value the root object
 * @param path dotted path; segments may be array indices
 */
export function get(value: unknown, path: string): unknown {
    let current: unknown = known(value, "(root)");
    let walked = "";
    for (const segment of path.split(".")) {
        walked = walked ? `${walked}.${segment}` : segment;
        if (current === null || current === undefined || typeof current !== "object") return undefined;
        current = known((current as Record<string, unknown>)[segment], walked);
    }
    return current;
}

/**
 * A string at a path, or undefined.
 * @param value root
 * @param path dotted path
 */
export function str(value: unknown, path: string): string | undefined {
    const v = get(value, path);
    return typeof v === "string" ? v : undefined;
}

/**
 * A boolean at a path, or undefined (`"true"`/`"false"` strings count).
 * @param value root
 * @param path dotted path
 */
export function bool(value: unknown, path: string): boolean | undefined {
    const v = get(value, path);
    if (typeof v === "boolean") return v;
    if (v === "true") return true;
    if (v === "false") return false;
    return undefined;
}

/**
 * A number at a path (numeric strings count), or undefined.
 * @param value root
 * @param path dotted path
 */
export function num(value: unknown, path: string): number | undefined {
    const v = get(value, path);
    if (typeof v === "number") return v;
    if (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v))) return Number(v);
    return undefined;
}

/**
 * An array at a path (each element checked for unknowns), or `[]`.
 * @param value root
 * @param path dotted path
 */
export function arr(value: unknown, path: string): unknown[] {
    const v = path === "" ? known(value, "(root)") : get(value, path);
    if (!Array.isArray(v)) return [];
    return v.map((el: unknown, i) => known(el, `${path}[${i}]`));
}

/**
 * An object at a path, or undefined.
 * @param value root
 * @param path dotted path
 */
export function obj(value: unknown, path: string): Record<string, unknown> | undefined {
    const v = path === "" ? known(value, "(root)") : get(value, path);
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/**
 * Entries of a string map at a path (values checked for unknowns).
 * @param value root
 * @param path dotted path
 */
export function entries(value: unknown, path: string): [string, unknown][] {
    const o = obj(value, path);
    if (!o) return [];
    return Object.keys(o).map((k) => [k, known(o[k], `${path}.${k}`)]);
}

/**
 * Strings of an array at a path.
 * @param value root
 * @param path dotted path
 */
export function strs(value: unknown, path: string): string[] {
    return arr(value, path).filter((v): v is string => typeof v === "string");
}

/**
 * Parse a JSON document given as a string or object (IAM/bucket policies); undefined when unparsable.
 * @param value a JSON string or an object
 */
export function jsonDoc(value: unknown): unknown {
    known(value, "policy");
    if (typeof value === "string") {
        try {
            return JSON.parse(value) as unknown;
        } catch {
            return undefined;
        }
    }
    return value;
}

/**
 * Replace wire unknown markers with {@link UNKNOWN} throughout a value (for the offline plan).
 * @param value a recorded value
 */
export function normaliseUnknowns(value: unknown): unknown {
    if (value === WIRE_UNKNOWN) return UNKNOWN;
    if (Array.isArray(value)) return value.map(normaliseUnknowns);
    if (value !== null && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) out[k] = normaliseUnknowns(v);
        return out;
    }
    return value;
}
