/** The Cassandra service on every cloud stack whose adapter is in the tree, exactly as committed. */
import { beforeAll, describe, expect, it } from "vitest";
import { run, stackSpec, type Recorded } from "../../support/mocks";
import { rackName } from "../../../components/data/cassandra/placement";
import { validateCustomResource } from "../../support/schemas";

type Obj = Record<string, unknown>;
const KC = "kubernetes:k8ssandra.io/v1alpha1:K8ssandraCluster";
const SCHEDULE = "kubernetes:medusa.k8ssandra.io/v1alpha1:MedusaBackupSchedule";

/** Stacks whose cluster adapter is implemented. */
const CLOUD_STACKS = ["aws-dev", "aws-prod", "gcp-dev", "gcp-prod", "azure-dev", "azure-prod"] as const;

describe.each(CLOUD_STACKS)("Cassandra on %s", (stack) => {
    let r: Recorded;
    const raw = stackSpec(stack) as { name: string; environment: string; zones: string[]; cassandra: Obj };
    const prod = raw.environment === "prod";
    beforeAll(async () => {
        r = await run(stackSpec(stack), { stack });
    });
    const spec = () => r.one(KC).inputs["spec"] as Obj;
    const cass = () => spec()["cassandra"] as Obj;

    it("validates the K8ssandraCluster against the vendored CRD", () => {
        expect(validateCustomResource(r.one(KC).inputs)).toEqual([]);
    });

    it("has one rack per zone of the stack, pinned to that zone and the cassandra pool", () => {
        const dc = (cass()["datacenters"] as Obj[])[0]!;
        const racks = dc["racks"] as { name: string; nodeAffinityLabels: Record<string, string> }[];
        expect(racks.length).toBe(raw.zones.length);
        expect(new Set(racks.map((x) => x.name)).size).toBe(raw.zones.length);
        raw.zones.forEach((z, i) => {
            const labels = racks[i]!.nodeAffinityLabels;
            expect(Object.keys(labels).sort()).toEqual(["topology.kubernetes.io/zone", "tristack.io/pool"]);
            expect(labels["tristack.io/pool"]).toBe("cassandra");
            // The handle's zone is the node label value: the spec zone itself, or `<region>-<n>` on AKS.
            expect(labels["topology.kubernetes.io/zone"]).toMatch(new RegExp(`(^|-)${z}$`));
            expect(racks[i]!.name).toBe(rackName(labels["topology.kubernetes.io/zone"]!));
        });
        expect(dc["size"]).toBe(raw.cassandra["nodes"]);
    });

    it("backs up to the object store the handle gives Medusa, under the one-segment prefix cassandra-backups-<cluster> (Medusa refuses a slash), on the spec's schedule", () => {
        const props = (spec()["medusa"] as Obj)["storageProperties"] as Obj;
        expect(["s3", "google_storage", "azure_blobs"]).toContain(props["storageProvider"]);
        expect(props["bucketName"]).toMatch(/^[a-z0-9][a-z0-9.-]+$/);
        expect(props["prefix"]).toBe(`cassandra-backups-${raw.name}`);
        expect(props["prefix"]).not.toContain("/");
        const backup = r.ofType(SCHEDULE).find((s) => s.name.endsWith("-backup-schedule"))!;
        expect((backup.inputs["spec"] as Obj)["cronSchedule"]).toBe((raw.cassandra["backups"] as Obj)["schedule"]);
    });

    it(prod ? "encrypts internode and client traffic" : "does not encrypt (dev)", () => {
        expect(cass()["serverEncryptionStores"] !== undefined).toBe(prod);
        expect(cass()["clientEncryptionStores"] !== undefined).toBe(prod);
    });

    it(prod ? "gives Medusa a client certificate from the platform CA, which signs the client port it connects to" : "issues Medusa no certificate (dev)", () => {
        const certs = r.ofType("kubernetes:cert-manager.io/v1:Certificate").filter((c) => c.name.endsWith("-cassandra-medusa-client-tls"));
        expect(certs.map((c) => (c.inputs["spec"] as Obj)["issuerRef"])).toEqual(prod ? [{ name: "tristack-ca", kind: "ClusterIssuer", group: "cert-manager.io" }] : []);
    });

    it(prod ? "protects and retains the cluster and the operator release" : "leaves the cluster unprotected (dev)", () => {
        // One release of its own (k8ssandra-operator): cert-manager is the platform's (certManager.ts).
        const guarded = [r.one(KC), ...r.ofType("kubernetes:helm.sh/v3:Release").filter((x) => x.name.startsWith(`${raw.name}-cassandra-`))];
        expect(guarded.length).toBe(2);
        for (const x of guarded) expect([x.name, x.protect, x.retainOnDelete]).toEqual([x.name, prod, prod]);
    });

    it("fills at least 85% of a data node with requests = limits", () => {
        const res = cass()["resources"] as { requests: Obj; limits: Obj };
        expect(res.requests).toEqual(res.limits);
        const pools = r.outputs["pools"] as Record<string, { allocatable: { cpuMillis: number; memoryMiB: number } }>;
        const alloc = pools["cassandra"]!.allocatable;
        const medusa = ((spec()["medusa"] as Obj)["containerResources"] as { requests: Obj }).requests;
        const milli = (v: unknown) => Number(String(v).replace(/m$/, ""));
        const mib = (v: unknown) => Number(String(v).replace(/Mi$/, ""));
        const cpu = milli(res.requests["cpu"]) + 100 + milli(medusa["cpu"]);
        const mem = mib(res.requests["memory"]) + 128 + mib(medusa["memory"]);
        expect(cpu / alloc.cpuMillis).toBeGreaterThanOrEqual(0.85);
        expect(mem / alloc.memoryMiB).toBeGreaterThanOrEqual(0.85);
    });
});
