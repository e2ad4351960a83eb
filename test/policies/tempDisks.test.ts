import { describe, expect, it } from "vitest";
import { AKS_SCRATCH_TAG as ADAPTER_SCRATCH_TAG, osDiskType } from "../../components/clouds/azure/agentPools";
import { AZURE_CATALOG, AZURE_TEMP_DISK_GIB } from "../../components/clouds/azure/catalog";
import { AKS_SCRATCH_TAG, AKS_TEMP_DISK_GIB } from "../../policies/rules/advisory";

// The pack is self-contained (it does not import the adapter), so rule 18 carries its own copy of the
// catalog's temp disks and of the scratch tag; these keep the copies from drifting.
describe("rule 18's AKS temp-disk facts", () => {
    it("are the catalog's", () => {
        expect(AKS_TEMP_DISK_GIB).toEqual(AZURE_TEMP_DISK_GIB);
        expect(AKS_SCRATCH_TAG).toBe(ADAPTER_SCRATCH_TAG);
    });

    it("agree with the adapter's choice of OS disk for every catalog size and disk size", () => {
        for (const t of AZURE_CATALOG.instanceTypes) {
            for (const diskGiB of [30, 64, 100, 128, 200, 600, 2400]) {
                const holds = (AKS_TEMP_DISK_GIB[t.name] ?? 0) >= diskGiB;
                expect(osDiskType({ diskGiB, localNvme: false }, t.name), `${t.name} ${diskGiB}`).toBe(holds ? "Ephemeral" : "Managed");
                expect(osDiskType({ diskGiB, localNvme: true }, t.name)).toBe("Managed");
            }
        }
    });
});
