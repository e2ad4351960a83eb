/**
 * One monitoring story on every cloud (issue 20): the in-cluster kube-prometheus-stack scrapes only
 * what the cluster exposes, and the DCGM exporter finds the driver where the node image keeps it.
 */
import { describe, expect, it } from "vitest";
import { EKS_SCRAPE_TARGETS } from "../../components/clouds/aws/eksCluster";
import { AKS_SCRAPE_TARGETS } from "../../components/clouds/azure/aksCluster";
import { EXISTING_SCRAPE_TARGETS } from "../../components/clouds/existing/existingCluster";
import { GKE_GPU, GKE_SCRAPE_TARGETS } from "../../components/clouds/gcp/gkeCluster";
import { dcgmExporterValues } from "../../components/platform/gpu";
import { kubePrometheusStackValues } from "../../components/platform/monitoring";
import type { ScrapeTargets } from "../../components/clouds/clusterHandle";

const settings = { enabled: true, retentionDays: 15, storageGiB: 50 };
const values = (scrapeTargets: ScrapeTargets) => kubePrometheusStackValues({ settings, priorityClassName: "p", scrapeTargets });
const components = (v: Record<string, unknown>) => ({ kubeControllerManager: v["kubeControllerManager"], kubeScheduler: v["kubeScheduler"], kubeEtcd: v["kubeEtcd"], kubeProxy: v["kubeProxy"] });

describe("control-plane scrapes", () => {
    it.each([
        ["EKS", EKS_SCRAPE_TARGETS],
        ["GKE", GKE_SCRAPE_TARGETS],
        ["AKS", AKS_SCRAPE_TARGETS],
    ])("disables controller-manager, scheduler, etcd and kube-proxy on %s, which never expose them", (_, targets) => {
        expect(components(values(targets))).toEqual({ kubeControllerManager: { enabled: false }, kubeScheduler: { enabled: false }, kubeEtcd: { enabled: false }, kubeProxy: { enabled: false } });
    });

    it("keeps them on an existing cluster, whose control plane is its own", () => {
        expect(components(values(EXISTING_SCRAPE_TARGETS))).toEqual({ kubeControllerManager: { enabled: true }, kubeScheduler: { enabled: true }, kubeEtcd: { enabled: true }, kubeProxy: { enabled: true } });
    });

    it("follows each field of the handle on its own", () => {
        const v = values({ controllerManager: true, scheduler: false, etcd: true, kubeProxy: false });
        expect(components(v)).toEqual({ kubeControllerManager: { enabled: true }, kubeScheduler: { enabled: false }, kubeEtcd: { enabled: true }, kubeProxy: { enabled: false } });
    });
});

describe("DCGM exporter driver", () => {
    it("mounts GKE's COS driver directory read-only at /usr/local/nvidia and puts lib64 on the library path", () => {
        const v = dcgmExporterValues({ release: "x" }, [], GKE_GPU.driverHostPath);
        expect(v["extraHostVolumes"]).toEqual([{ name: "nvidia-install-dir-host", hostPath: "/home/kubernetes/bin/nvidia" }]);
        expect(v["extraVolumeMounts"]).toEqual([{ name: "nvidia-install-dir-host", mountPath: "/usr/local/nvidia", readOnly: true }]);
        expect(v["extraEnv"]).toEqual([{ name: "LD_LIBRARY_PATH", value: "/usr/local/nvidia/lib64" }]);
    });

    it("mounts nothing where the container toolkit injects the driver", () => {
        const v = dcgmExporterValues({ release: "x" }, []);
        expect(v).not.toHaveProperty("extraHostVolumes");
        expect(v).not.toHaveProperty("extraEnv");
    });
});
