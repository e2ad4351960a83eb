import { CATALOGS, resolveInstanceType, type PoolRequest } from "../clouds/catalog";
import { poolZones } from "../clouds/zoneOfferings";
import { nearest } from "./nearest";
import type { Cloud } from "./nodeClass";

/** The spec keys whose allowed values come from the cloud's catalog. */
export interface CatalogKeys {
    readonly cloud: Cloud;
    readonly region: string;
    readonly zones: readonly string[];
    readonly nodePools: Readonly<Record<string, PoolRequest>>;
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
        return out;
    }
    out.push(...zoneOfferingProblems(spec));
    return out;
}

/**
 * Refuse a pool whose instance type the region does not offer, or whose offered zones miss every
 * spec zone (components/clouds/<cloud>/zoneOfferings.ts, with its source and date). A pool whose
 * type is offered in some of the zones spans those (the adapter places it with the same
 * {@link poolZones}); pools whose type does not resolve are reported by the pool rules instead.
 * @param spec the parsed spec
 */
function zoneOfferingProblems(spec: CatalogKeys): CatalogProblem[] {
    if (spec.cloud === "existing") return [];
    return Object.entries(spec.nodePools).flatMap(([name, pool]) => {
        const resolved = resolveInstanceType(spec.cloud, pool);
        if (!resolved.ok) return [];
        const placed = poolZones(spec.cloud, spec.region, spec.zones, resolved.type.name);
        return placed.ok ? [] : [{ path: ["nodePools", name], input: resolved.type.name, message: placed.reason }];
    });
}
