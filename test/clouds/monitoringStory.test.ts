/**
 * One monitoring story on every cloud (issue 20, issue 18 item 4; docs/services/monitoring.md): the
 * in-cluster kube-prometheus-stack is the metrics system, no cloud's managed Prometheus is switched on,
 * and the control-plane and audit logs go to each cloud's log service (issue 24 item 3).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { run, stackSpec, type Recorded } from "../support/mocks";

type Obj = Record<string, unknown>;

describe("one monitoring story, prod stacks", () => {
    const runs: Partial<Record<"aws" | "gcp" | "azure", Recorded>> = {};
    beforeAll(async () => {
        // One program run at a time (the machine is shared).
        for (const cloud of ["aws", "gcp", "azure"] as const) runs[cloud] = await run(stackSpec(`${cloud}-prod`), { stack: `${cloud}-prod` });
    }, 600_000);
    const r = (cloud: "aws" | "gcp" | "azure"): Recorded => runs[cloud]!;

    it("installs kube-prometheus-stack on every cloud", () => {
        for (const cloud of ["aws", "gcp", "azure"] as const) {
            const releases = r(cloud)
                .ofType("kubernetes:helm.sh/v3:Release")
                .map((x) => x.inputs["chart"]);
            expect(releases, cloud).toContain("kube-prometheus-stack");
        }
    });

    it("EKS: no Amazon Managed Service for Prometheus scraper or workspace, no CloudWatch observability add-on", () => {
        expect(r("aws").resources.filter((x) => x.type.startsWith("aws:amp/"))).toEqual([]);
        expect(r("aws").ofType("aws:eks/addon:Addon").map((a) => a.inputs["addonName"])).not.toContain("amazon-cloudwatch-observability");
    });

    it("GKE: Managed Service for Prometheus off, and no kube-state-metrics package (they need it)", () => {
        const m = r("gcp").one("gcp:container/cluster:Cluster").inputs["monitoringConfig"] as Obj;
        expect(m["managedPrometheus"]).toEqual({ enabled: false });
        for (const ksm of ["STORAGE", "POD", "DEPLOYMENT", "STATEFULSET", "DAEMONSET", "HPA", "JOBSET", "CADVISOR", "KUBELET", "DCGM"]) expect(m["enableComponents"]).not.toContain(ksm);
    });

    it("AKS: managed Prometheus off, and no Azure Monitor workspace, data collection rule or endpoint", () => {
        expect(r("azure").one("azure-native:containerservice:ManagedCluster").inputs["azureMonitorProfile"]).toEqual({ metrics: { enabled: false } });
        const amp = r("azure").resources.filter((x) => /^azure-native:(monitor:AzureMonitorWorkspace|insights:DataCollection|monitor:DataCollection)/.test(x.type));
        expect(amp).toEqual([]);
    });

    it("ships API server, audit, authenticator, controller-manager and scheduler logs on every cloud", () => {
        expect(r("aws").one("aws:eks/cluster:Cluster").inputs["enabledClusterLogTypes"]).toEqual(["api", "audit", "authenticator", "controllerManager", "scheduler"]);
        expect((r("gcp").one("gcp:container/cluster:Cluster").inputs["loggingConfig"] as Obj)["enableComponents"]).toEqual(expect.arrayContaining(["APISERVER", "CONTROLLER_MANAGER", "SCHEDULER"]));
        const d = r("azure").one("azure-native:monitor:DiagnosticSetting").inputs;
        expect((d["logs"] as Obj[]).map((l) => l["category"])).toEqual(expect.arrayContaining(["kube-apiserver", "kube-audit-admin", "guard", "kube-controller-manager", "kube-scheduler"]));
    });
});
