/**
 * The GKE handle as the layers below see it, with the adapter constructed directly under mocks
 * (so grantAccess/backupStorage are exercised whatever the data layer calls today).
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import type { ClusterHandle } from "../../../components/clouds/clusterHandle";
import { GCP_PLAN_MOCKS } from "../../../components/clouds/gcp/planMocks";
import { buildAdapter, settle, unwrap, type AdapterRun } from "../../support/adapterHarness";

let dev: ClusterHandle;
let prod: ClusterHandle;

let run: AdapterRun;
const one = (type: string, name: string) => run.one(type, name);

beforeAll(async () => {
    run = await buildAdapter("gcp", GCP_PLAN_MOCKS, async (spec) => {
        const { GkeCluster } = await import("../../../components/clouds/gcp/gkeCluster");
        return new GkeCluster(spec.name, { spec }).handle;
    });
    ({ dev, prod } = run);
});

describe("GKE cluster handle", () => {
    it("asks GKE for internal passthrough Network Load Balancers", () => {
        expect(prod.internalLoadBalancer).toEqual({ serviceAnnotations: { "networking.gke.io/load-balancer-type": "Internal" } });
    });

    it("realises the storage tiers with the PD CSI driver: pd-balanced and pd-ssd, our key in prod", async () => {
        expect(dev.storage.provisioner).toBe("pd.csi.storage.gke.io");
        expect(dev.storage.tiers).toEqual({ standard: { parameters: { type: "pd-balanced" } }, fast: { parameters: { type: "pd-ssd" } } });
        expect(prod.storage.tiers.standard.parameters["type"]).toBe("pd-balanced");
        expect(await unwrap(prod.storage.tiers.standard.parameters["disk-encryption-kms-key"]!)).toBe("tristack-prod-disks-id");
        expect(await unwrap(prod.storage.tiers.fast.parameters["disk-encryption-kms-key"]!)).toBe("tristack-prod-disks-id");
        expect(dev.storage.cloudDefaultClasses).toEqual(["standard-rwo", "standard"]);
        expect(dev.storage.allowVolumeExpansion).toBe(true);
    });

    it("leaves GPU driver and device plugin to GKE, and says where COS keeps the driver", () => {
        expect(dev.gpu).toEqual({ driverProvidedByCloud: true, devicePluginProvidedByCloud: true, driverHostPath: "/home/kubernetes/bin/nvidia" });
    });

    it("exposes no control-plane or kube-proxy scrape targets (Google's control plane, Dataplane V2)", () => {
        expect(dev.scrapeTargets).toEqual({ controllerManager: false, scheduler: false, etcd: false, kubeProxy: false });
    });

    it("points local scratch of the local-NVMe pool at GKE's local SSD ephemeral mount", () => {
        expect(dev.pools["bigcpu"]?.localScratch).toEqual({ hostPath: "/mnt/stateful_partition/kube-ephemeral-ssd", sizeGiB: 8 * 375 });
        expect(dev.pools["general"]?.localScratch).toBeUndefined();
    });

    it("waits for the six node pools before Kubernetes objects", () => {
        expect(dev.readyResources).toHaveLength(6);
        expect(dev.zones).toEqual(["us-central1-a", "us-central1-b"]);
    });

    it("addresses objects as gs:// URIs and reads them with the GCS connector through Workload Identity", async () => {
        expect(await unwrap(dev.objectStore.uri("events/spark"))).toBe("gs://acme-data-dev-tristack-dev/events/spark");
        expect(dev.objectStore.sparkConf).toEqual({
            "spark.hadoop.fs.gs.impl": "com.google.cloud.hadoop.fs.gcs.GoogleHadoopFileSystem",
            "spark.hadoop.fs.AbstractFileSystem.gs.impl": "com.google.cloud.hadoop.fs.gcs.GoogleHadoopFS",
            "spark.hadoop.fs.gs.project.id": "acme-data-dev",
            "spark.hadoop.fs.gs.auth.type": "APPLICATION_DEFAULT",
            "spark.hadoop.google.cloud.auth.service.account.enable": "true",
        });
        expect(JSON.stringify(dev.objectStore.sparkConf)).not.toMatch(/keyfile|json\.keyfile|private/i);
    });

    it("binds a Kubernetes service account to its own Google service account through Workload Identity", async () => {
        const access = dev.objectStore.grantAccess("tristack-dev-spark", { namespace: "spark", serviceAccount: "spark-driver" }, undefined, {});
        await settle(access.resources);
        expect(await unwrap(access.serviceAccountAnnotations["iam.gke.io/gcp-service-account"]!)).toBe("tristack-dev-spark@acme-data-dev.iam.gserviceaccount.com");
        expect(access.podLabels).toEqual({});
        expect(one("gcp:serviceaccount/iAMMember:IAMMember", "tristack-dev-spark-wi").inputs).toEqual({
            serviceAccountId: "projects/acme-data-dev/serviceAccounts/tristack-dev-spark@acme-data-dev.iam.gserviceaccount.com",
            role: "roles/iam.workloadIdentityUser",
            member: "serviceAccount:acme-data-dev.svc.id.goog[spark/spark-driver]",
        });
    });

    it("grants the whole bucket, and only the bucket, when no prefix is given", async () => {
        await settle(dev.objectStore.grantAccess("tristack-dev-history", { namespace: "spark", serviceAccount: "history" }, undefined, {}).resources);
        expect(one("gcp:storage/bucketIAMMember:BucketIAMMember", "tristack-dev-history-bucket").inputs).toEqual({
            bucket: "acme-data-dev-tristack-dev",
            role: "roles/storage.objectAdmin",
            member: "serviceAccount:tristack-dev-history@acme-data-dev.iam.gserviceaccount.com",
        });
        expect(run.created.filter((c) => c.type === "gcp:projects/iAMMember:IAMMember" && String(c.inputs["member"]).includes("history"))).toEqual([]);
    });

    it("scopes a prefixed grant to objects and listings under that prefix", async () => {
        await settle(dev.objectStore.grantAccess("tristack-dev-team-analytics", { namespace: "team-analytics", serviceAccount: "spark" }, "teams/analytics/", {}).resources);
        const grant = one("gcp:storage/bucketIAMMember:BucketIAMMember", "tristack-dev-team-analytics-bucket").inputs;
        expect(grant["condition"]).toEqual({
            title: "prefix-teams-analytics",
            description: "objects under gs://acme-data-dev-tristack-dev/teams/analytics/ only",
            expression:
                'resource.name.startsWith("projects/_/buckets/acme-data-dev-tristack-dev/objects/teams/analytics/") || ' +
                'api.getAttribute("storage.googleapis.com/objectListPrefix", "") == "teams/analytics" || ' +
                'api.getAttribute("storage.googleapis.com/objectListPrefix", "").startsWith("teams/analytics/")',
        });
        expect(one("gcp:serviceaccount/account:Account", "tristack-dev-team-analytics").inputs["accountId"]).toBe("tristack-dev-team-analytics");
    });

    it("rejects a prefix that would break out of the IAM condition", () => {
        let error: unknown;
        try {
            dev.objectStore.grantAccess("tristack-dev-bad", { namespace: "x", serviceAccount: "y" }, 'a") || true || ("', {});
        } catch (e) {
            error = e;
        }
        expect(error).toBeInstanceOf(pulumi.InputPropertiesError);
        expect((error as pulumi.InputPropertiesError).message).toBe("object store access tristack-dev-bad is invalid.");
        expect((error as pulumi.InputPropertiesError).errors).toEqual([
            { propertyPath: "prefix", reason: 'prefix "a\") || true || (\"" must be non-empty, must not start with "/" and must not contain quotes or backslashes' },
        ]);
        expect(run.created.filter((c) => c.name.startsWith("tristack-dev-bad"))).toEqual([]);
    });

    it("gives Medusa a key for a dedicated account that can only reach its backup prefix", async () => {
        const backup = prod.objectStore.backupStorage("tristack-prod-medusa", { namespace: "cassandra", serviceAccount: "cassandra" }, "cassandra-backups/tristack-prod", {});
        expect(backup.storageProvider).toBe("google_storage");
        expect(backup.credentialsType).toBe("credential-based");
        expect(await unwrap(backup.bucketName)).toBe("acme-data-prod-tristack-prod");
        const file = JSON.parse(await unwrap(backup.credentialsFile!)) as Record<string, string>;
        expect(file["type"]).toBe("service_account");
        expect(file["client_email"]).toBe("tristack-prod-medusa@acme-data-prod.iam.gserviceaccount.com");
        expect(await pulumi.isSecret(backup.credentialsFile!)).toBe(true);
        expect(one("gcp:serviceaccount/key:Key", "tristack-prod-medusa-key").inputs["serviceAccountId"]).toBe("projects/acme-data-prod/serviceAccounts/tristack-prod-medusa@acme-data-prod.iam.gserviceaccount.com");
        const grant = one("gcp:storage/bucketIAMMember:BucketIAMMember", "tristack-prod-medusa-bucket").inputs;
        expect(grant["role"]).toBe("roles/storage.objectAdmin");
        expect((grant["condition"] as { expression: string }).expression).toContain('objects/cassandra-backups/tristack-prod/")');
        expect(run.created.filter((c) => c.type === "gcp:serviceaccount/iAMMember:IAMMember" && c.name.startsWith("tristack-prod-medusa"))).toEqual([]);
    });
});
