import type { Cloud } from "../spec/nodeClass";
import { AWS_ZONE_OFFERINGS } from "./aws/zoneOfferings";
import { AZURE_ZONE_OFFERINGS } from "./azure/zoneOfferings";
import { GCP_ZONE_OFFERINGS } from "./gcp/zoneOfferings";

/**
 * Where one instance type (GPU model + machine family) is offered, per region: the zones, in the
 * spec's zone names, where the cloud names zones the same for everyone (GCP), or `"region"` where
 * zone names are mapped per account/subscription (AWS `us-east-1a`, Azure `1`), so only the region
 * can be checked offline. Data only; each table cites its source and the date it was read.
 */
export type ZoneOfferings = Readonly<Record<string, Readonly<Record<string, readonly string[] | "region">>>>;

/** The recorded offerings of each cloud, keyed by instance type name. */
export const ZONE_OFFERINGS: Record<Cloud, ZoneOfferings> = {
    aws: AWS_ZONE_OFFERINGS,
    gcp: GCP_ZONE_OFFERINGS,
    azure: AZURE_ZONE_OFFERINGS,
    existing: {},
};

/** Where a pool of one instance type lands in the spec's zones, or why it cannot. */
export type PoolZones =
    /** The zones the pool spans: the spec's zones that offer the type (all of them where not recorded per zone). */
    | { readonly ok: true; readonly zones: readonly string[]; readonly narrowed: boolean }
    | { readonly ok: false; readonly reason: string };

/**
 * The zones a pool of `typeName` spans: the spec's zones intersected with the zones the catalog
 * records as offering the type in the region. Types without a record (CPU families offered in every
 * zone) span all the spec's zones. A recorded type the region does not offer, or whose offered zones
 * miss every spec zone, is refused with the zones and regions that do offer it.
 * @param cloud the target cloud
 * @param region the spec's region
 * @param zones the spec's zones
 * @param typeName the resolved instance type
 */
export function poolZones(cloud: Cloud, region: string, zones: readonly string[], typeName: string): PoolZones {
    const byRegion = ZONE_OFFERINGS[cloud][typeName];
    if (byRegion === undefined || zones.length === 0) return { ok: true, zones: [...zones], narrowed: false };
    const offered = byRegion[region];
    const source = `components/clouds/${cloud}/zoneOfferings.ts`;
    if (offered === undefined) {
        return { ok: false, reason: `${typeName} is not offered in region ${region} as recorded in ${source}; recorded regions: ${Object.keys(byRegion).join(", ")}` };
    }
    if (offered === "region") return { ok: true, zones: [...zones], narrowed: false };
    const inside = zones.filter((z) => offered.includes(z));
    if (inside.length === 0) {
        return { ok: false, reason: `${typeName} is offered only in zones ${offered.join(", ")} of ${region}, none of the spec's zones (${zones.join(", ")}); add one of them to zones (${source})` };
    }
    return { ok: true, zones: inside, narrowed: inside.length < zones.length };
}
