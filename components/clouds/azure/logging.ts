import * as monitor from "@pulumi/azure-native/monitor";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as pulumi from "@pulumi/pulumi";

/**
 * The AKS control-plane and audit log categories shipped (the cloud-neutral control-plane logging
 * requirement of the policy pack's rule 3, mapped to AKS). AKS writes none of them until a diagnostic
 * setting routes them ("Kubernetes audit logging isn't enabled by default", https://learn.microsoft.com/azure/aks/monitor-apiserver);
 * category names from the resource-log reference of Microsoft.ContainerService/managedClusters
 * (https://learn.microsoft.com/azure/azure-monitor/reference/supported-logs/microsoft-containerservice-managedclusters-logs).
 * - `kube-apiserver`, `kube-controller-manager`, `kube-scheduler`: the control-plane components (EKS
 *   `api`, `controllerManager`, `scheduler`; GKE APISERVER, CONTROLLER_MANAGER, SCHEDULER).
 * - `kube-audit-admin`: the audit log without get/list events; Microsoft recommends it over `kube-audit`
 *   for cost ("substantial cost involved once kube-audit logs are enabled", monitor-apiserver above).
 * - `guard`: Entra ID and Azure RBAC authentication/authorization decisions (EKS `authenticator`).
 */
export const AKS_CONTROL_PLANE_LOG_CATEGORIES = ["kube-apiserver", "kube-audit-admin", "guard", "kube-controller-manager", "kube-scheduler"] as const;

/** Log Analytics retention (days): the same as the EKS control-plane log group. PerGB2018 allows 30-730. */
export const AKS_LOG_RETENTION_DAYS = { prod: 365, other: 30 } as const;

/** Inputs of {@link createControlPlaneLogs}. */
export interface ControlPlaneLogsArgs {
    readonly resourceGroupName: pulumi.Input<string>;
    /** ARM id of the managed cluster. */
    readonly clusterId: pulumi.Input<string>;
    readonly prod: boolean;
    readonly tags: Readonly<Record<string, string>>;
}

/** What {@link createControlPlaneLogs} made. */
export interface ControlPlaneLogs {
    readonly workspace: operationalinsights.Workspace;
    readonly diagnosticSetting: monitor.DiagnosticSetting;
}

/**
 * A Log Analytics workspace and the cluster's diagnostic setting sending the control-plane and audit
 * categories to it, into the resource-specific tables (`logAnalyticsDestinationType: Dedicated`:
 * AKSControlPlane, AKSAuditAdmin; https://learn.microsoft.com/azure/azure-monitor/reference/tables/AKSControlPlane)
 * rather than the shared AzureDiagnostics table. Metrics are not routed: the
 * in-cluster Prometheus is the one metrics system (docs/services/monitoring.md). Prod keeps the
 * workspace on `pulumi destroy` (audit evidence).
 * @param name base name
 * @param args cluster, group, environment, tags
 * @param opts options (provider, parent)
 */
export function createControlPlaneLogs(name: string, args: ControlPlaneLogsArgs, opts: pulumi.CustomResourceOptions): ControlPlaneLogs {
    const workspace = new operationalinsights.Workspace(
        `${name}-logs`,
        {
            resourceGroupName: args.resourceGroupName,
            workspaceName: `${name}-logs`,
            sku: { name: "PerGB2018" },
            retentionInDays: args.prod ? AKS_LOG_RETENTION_DAYS.prod : AKS_LOG_RETENTION_DAYS.other,
            tags: { ...args.tags },
        },
        pulumi.mergeOptions(opts, { protect: args.prod, retainOnDelete: args.prod }),
    );
    const diagnosticSetting = new monitor.DiagnosticSetting(
        `${name}-control-plane-logs`,
        {
            name: "tristack-control-plane-logs",
            resourceUri: args.clusterId,
            workspaceId: workspace.id,
            logAnalyticsDestinationType: "Dedicated",
            logs: AKS_CONTROL_PLANE_LOG_CATEGORIES.map((category) => ({ category, enabled: true })),
        },
        opts,
    );
    return { workspace, diagnosticSetting };
}
