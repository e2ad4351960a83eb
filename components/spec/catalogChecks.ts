import { CATALOGS } from "../clouds/catalog";
import { nearest } from "./nearest";
import type { Cloud } from "./nodeClass";

/** The spec keys whose allowed values come from the cloud's catalog. */
export interface CatalogKeys {
    readonly cloud: Cloud;
    readonly region: string;
}

/** One refusal: key path, what is allowed, the offending value. */
export interface CatalogProblem {
    readonly path: string[];
    readonly message: string;
    readonly input: unknown;
}

function suggestion(wrong: string, allowed: readonly string[]): string {
    const near = nearest(wrong, allowed);
    return near === undefined ? "" : `; did you mean "${near}"?`;
}

/**
 * Refuse a region the cloud's catalog does not list, naming the allowed set and the nearest match
 * (components/clouds/<cloud>/catalog.ts `regions`, with its source and date).
 * @param spec the parsed spec
 */
export function catalogKeyProblems(spec: CatalogKeys): CatalogProblem[] {
    const catalog = CATALOGS[spec.cloud];
    const out: CatalogProblem[] = [];
    const regions = catalog.regions;
    if (regions !== undefined && !regions.includes(spec.region)) {
        out.push({ path: ["region"], input: spec.region, message: `one of the ${spec.cloud} regions: ${regions.join(", ")} (components/clouds/${spec.cloud}/catalog.ts)${suggestion(spec.region, regions)}` });
    }
    return out;
}
