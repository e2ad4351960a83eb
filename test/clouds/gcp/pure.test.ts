import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { GCP_ACCELERATOR_TYPES, GCP_CATALOG } from "../../../components/clouds/gcp/catalog";
import { clusterLocation } from "../../../components/clouds/gcp/controlPlane";
import { renderKubeconfig } from "../../../components/clouds/gcp/kubeconfig";
import { accountIdFor, labelValue, stackLabels } from "../../../components/clouds/gcp/names";
import { gkeSystemTaint, gkeTaints, nodePoolArgs } from "../../../components/clouds/gcp/nodePools";
import { prefixCondition } from "../../../components/clouds/gcp/objectStore";
import { poolHandles } from "../../../components/clouds/pools";
import { parsePlatformSpec } from "../../../components/spec";
import { stackSpec } from "../../support/mocks";

describe("accountIdFor", () => {
    it.each([
        ["tristack-dev-nodes", "tristack-dev-nodes"],
        ["Tristack_Dev.Spark", "tristack-dev-spark"],
        ["abc", "abc-sa"],
        ["1-team", "team-sa"],
        ["tristack-prod-team-analytics-spark", "tristack-prod-team-anal-0592f4"],
        ["tristack-prod-team-analytics-sparks", "tristack-prod-team-anal-2d1970"],
    ])("%s -> %s", (name, id) => {
        expect(accountIdFor(name)).toBe(id);
        expect(id).toMatch(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/);
    });
});

describe("labels", () => {
    it("lower-cases and replaces characters GCP labels do not allow", () => {
        expect(labelValue("GCP.Prod/EU")).toBe("gcp-prod-eu");
        expect(labelValue("x".repeat(70))).toHaveLength(63);
    });

    it("adds the stack to the cost tags", () => {
        expect(stackLabels({ owner: "Data Platform" }, "gcp-prod")).toEqual({ owner: "data-platform", "tristack-stack": "gcp-prod" });
    });
});

describe("taints and locations", () => {
    it("spells every Kubernetes effect the GKE way", () => {
        expect(
            gkeTaints([
                { key: "a", value: "1", effect: "NoSchedule" },
                { key: "b", value: "2", effect: "PreferNoSchedule" },
                { key: "c", value: "3", effect: "NoExecute" },
            ]),
        ).toEqual([
            { key: "a", value: "1", effect: "NO_SCHEDULE" },
            { key: "b", value: "2", effect: "PREFER_NO_SCHEDULE" },
            { key: "c", value: "3", effect: "NO_EXECUTE" },
        ]);
    });

    it("taints the system pool on the stack specs (they have untainted general pools)", () => {
        expect(gkeSystemTaint(parsePlatformSpec(stackSpec("gcp-dev")))).toBe(true);
    });

    it("is zonal in dev and regional otherwise", () => {
        expect(clusterLocation(parsePlatformSpec(stackSpec("gcp-dev")))).toBe("us-central1-a");
        expect(clusterLocation(parsePlatformSpec(stackSpec("gcp-prod")))).toBe("us-central1");
    });
});

describe("GPU node pools", () => {
    it("refuses an instance type whose GPU is not the pool's model", () => {
        const raw = stackSpec("gcp-dev") as { nodePools: Record<string, Record<string, unknown>> };
        raw.nodePools["gpu"]!["instanceType"] = { gcp: "a2-highgpu-1g" };
        const spec = parsePlatformSpec(raw);
        const handles = poolHandles(spec, { gpu: { driverProvidedByCloud: true, devicePluginProvidedByCloud: true }, systemTaint: true, localScratchHostPath: "/x" });
        const call = () => nodePoolArgs(spec.nodePools["gpu"]!, handles["gpu"]!, { cluster: "c", location: "l", zones: spec.zones, serviceAccount: "sa", resourceLabels: {} });
        expect(call).toThrow(pulumi.InputPropertiesError);
        try {
            call();
        } catch (e) {
            expect((e as pulumi.InputPropertiesError).errors).toEqual([{ propertyPath: "nodePools.gpu.instanceType.gcp", reason: "a2-highgpu-1g carries A100-40GB, the pool asks for T4" }]);
        }
    });

    it("knows an accelerator type for every GPU in the catalog", () => {
        for (const t of GCP_CATALOG.instanceTypes.filter((x) => x.gpu)) expect(GCP_ACCELERATOR_TYPES[t.gpu!.model], t.name).toBeDefined();
    });

    it("lists only local SSD counts Compute Engine accepts for N2 types", () => {
        const minimum = (vCpu: number) => (vCpu <= 10 ? 1 : vCpu <= 20 ? 2 : vCpu <= 40 ? 4 : vCpu <= 80 ? 8 : 16);
        for (const t of GCP_CATALOG.instanceTypes.filter((x) => x.name.startsWith("n2-") && x.localNvme)) {
            expect([1, 2, 4, 8, 16, 24], t.name).toContain(t.localNvme!.disks);
            expect(t.localNvme!.disks, t.name).toBeGreaterThanOrEqual(minimum(t.vCpu));
        }
    });
});

describe("prefixCondition", () => {
    it("treats the prefix as a folder with or without a trailing slash", () => {
        expect(prefixCondition("b", "team-a")).toEqual(prefixCondition("b", "team-a/"));
        expect(prefixCondition("b", "team-a").expression).toContain('objects/team-a/")');
    });
});

describe("renderKubeconfig", () => {
    it("authenticates through the GKE exec plugin and nothing else", () => {
        expect(JSON.parse(renderKubeconfig({ name: "c", endpoint: "10.0.0.2", caCertificate: "Q0E=" }))).toEqual({
            apiVersion: "v1",
            kind: "Config",
            clusters: [{ name: "c", cluster: { server: "https://10.0.0.2", "certificate-authority-data": "Q0E=" } }],
            contexts: [{ name: "c", context: { cluster: "c", user: "c" } }],
            "current-context": "c",
            users: [
                {
                    name: "c",
                    user: {
                        exec: {
                            apiVersion: "client.authentication.k8s.io/v1beta1",
                            command: "gke-gcloud-auth-plugin",
                            installHint: "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin (see docs/clouds/gcp.md).",
                            provideClusterInfo: true,
                            interactiveMode: "IfAvailable",
                        },
                    },
                },
            ],
        });
    });
});
