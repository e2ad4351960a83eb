/**
 * Zone offerings (issue 20): a pool's machine type must be offered in the region, and on GCP in at
 * least one of the spec's zones; the pool then spans only the zones that offer it.
 */
import { describe, expect, it } from "vitest";
import { ZONE_OFFERINGS, poolZones } from "../../components/clouds/zoneOfferings";
import { CATALOGS } from "../../components/clouds/catalog";
import { parsePlatformSpec, SpecError } from "../../components/spec";
import { stackSpec } from "../support/mocks";
import { GCP_ZONE_OFFERINGS, GCP_ZONE_OFFERINGS_UNVERIFIED } from "../../components/clouds/gcp/zoneOfferings";

function problems(spec: unknown): { path: string; expected: string }[] {
    try {
        parsePlatformSpec(spec);
    } catch (err) {
        expect(err).toBeInstanceOf(SpecError);
        return (err as SpecError).problems.map((p) => ({ path: p.path, expected: p.expected }));
    }
    return [];
}

describe("zone offerings in the spec", () => {
    it("refuses an A100 80GB pool when none of the spec's zones offers it, naming the pool and the zones that do", () => {
        const raw = stackSpec("gcp-dev");
        raw["zones"] = ["us-central1-b"];
        raw["nodePools"] = { ...(raw["nodePools"] as object), gpu: { role: "gpu", gpu: { model: "A100-80GB", count: 1 }, minNodes: 0, maxNodes: 2 } };
        expect(problems(raw).filter((p) => p.path === "nodePools.gpu")).toEqual([
            {
                path: "nodePools.gpu",
                expected: "a2-ultragpu-1g is offered only in zones us-central1-a, us-central1-c of us-central1, none of the spec's zones (us-central1-b); add one of them to zones (components/clouds/gcp/zoneOfferings.ts)",
            },
        ]);
    });

    it("refuses a recorded GPU type in a region with no record", () => {
        const raw = stackSpec("aws-dev");
        raw["region"] = "eu-west-1";
        raw["zones"] = ["eu-west-1a", "eu-west-1b"];
        expect(problems(raw).filter((p) => p.path === "nodePools.gpu")).toEqual([
            { path: "nodePools.gpu", expected: "g4dn.xlarge is not offered in region eu-west-1 as recorded in components/clouds/aws/zoneOfferings.ts; recorded regions: us-east-1" },
        ]);
    });

    it.each(["gcp-prod", "gcp-dev", "aws-prod", "aws-dev", "azure-prod", "azure-dev"])("accepts %s", (stack) => {
        expect(problems(stackSpec(stack)).filter((p) => p.path.startsWith("nodePools."))).toEqual([]);
    });
});

describe("poolZones", () => {
    it("narrows gcp-prod's A100 80GB pool to us-central1-a and -c", () => {
        expect(poolZones("gcp", "us-central1", ["us-central1-a", "us-central1-b", "us-central1-c"], "a2-ultragpu-1g")).toEqual({ ok: true, zones: ["us-central1-a", "us-central1-c"], narrowed: true });
    });

    // The first transcription left us-central1-b out for H100 (a3-highgpu-8g); the Compute Engine API's
    // machine types per zone (SkyPilot catalog, zoneOfferings.ts [S]) list it.
    it("spans all three us-central1 zones for an H100 pool (a3-highgpu-8g is offered in us-central1-a, -b, -c)", () => {
        expect(poolZones("gcp", "us-central1", ["us-central1-a", "us-central1-b", "us-central1-c"], "a3-highgpu-8g")).toEqual({ ok: true, zones: ["us-central1-a", "us-central1-b", "us-central1-c"], narrowed: false });
    });

    it("marks the rows it could not verify, and only rows the table has (none: the N1+T4 row is read from the catalog's T4 rows)", () => {
        for (const t of GCP_ZONE_OFFERINGS_UNVERIFIED) expect(GCP_ZONE_OFFERINGS[t], t).toBeDefined();
        expect(GCP_ZONE_OFFERINGS_UNVERIFIED).toEqual([]);
    });

    // SkyPilot catalog v8 gcp/vms.csv at 8427bbf: T4 (2 and 4 GPUs) in us-central1-a, -b, -c, -f.
    it("keeps all four us-central1 zones for a T4 pool on N1", () => {
        expect(GCP_ZONE_OFFERINGS["n1-standard-8"]).toEqual({ "us-central1": ["us-central1-a", "us-central1-b", "us-central1-c", "us-central1-f"] });
    });

    it("keeps every zone for a type without a per-zone record (CPU families) and on clouds that map zone names per account", () => {
        expect(poolZones("gcp", "us-central1", ["us-central1-a", "us-central1-b"], "n2-standard-8")).toEqual({ ok: true, zones: ["us-central1-a", "us-central1-b"], narrowed: false });
        expect(poolZones("aws", "us-east-1", ["us-east-1a", "us-east-1b"], "p4de.24xlarge")).toEqual({ ok: true, zones: ["us-east-1a", "us-east-1b"], narrowed: false });
        expect(poolZones("azure", "eastus2", ["1", "2", "3"], "Standard_NC24ads_A100_v4")).toEqual({ ok: true, zones: ["1", "2", "3"], narrowed: false });
    });

    it("records only types the catalogs know, in regions the catalogs list, with zones of that region", () => {
        for (const cloud of ["aws", "gcp", "azure"] as const) {
            const names = CATALOGS[cloud].instanceTypes.map((t) => t.name);
            for (const [type, byRegion] of Object.entries(ZONE_OFFERINGS[cloud])) {
                expect(names, `${cloud} ${type}`).toContain(type);
                for (const [region, zones] of Object.entries(byRegion)) {
                    expect(CATALOGS[cloud].regions, `${cloud} ${type}`).toContain(region);
                    if (zones !== "region") for (const z of zones) expect(z.startsWith(`${region}-`), `${type} ${z}`).toBe(true);
                }
            }
        }
    });

    it("records every GPU type of the three clouds", () => {
        for (const cloud of ["aws", "gcp", "azure"] as const) {
            const gpuTypes = CATALOGS[cloud].instanceTypes.filter((t) => t.gpu).map((t) => t.name);
            const missing = gpuTypes.filter((t) => ZONE_OFFERINGS[cloud][t] === undefined);
            if (cloud === "azure") expect(missing).toEqual(["Standard_NV36ads_A10_v5", "Standard_ND96asr_v4", "Standard_ND96isr_H100_v5"]);
            else expect(missing, cloud).toEqual([]);
        }
    });
});
