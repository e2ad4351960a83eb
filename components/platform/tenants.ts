import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ObjectStore } from "../clouds/clusterHandle";
import { PLATFORM_LABELS } from "./common";
import { createNamespace, type CreatedNamespace, type NamespacePlan } from "./namespaces";
import type { NetworkContext } from "./networkPolicies";
import type { TenantWorkload } from "./platformHandle";

type PolicyRule = k8s.types.input.rbac.v1.PolicyRule;

/** The ServiceAccount tenant workloads (Spark drivers and executors) run as, bound to the object store. */
export const TENANT_SERVICE_ACCOUNT = "spark";
/** Role and RoleBinding names inside every tenant namespace. */
export const TENANT_RBAC = { editRole: "tenant-edit", editBinding: "tenant-edit", sparkRole: "spark-driver", sparkBinding: "spark-driver" } as const;

const READ = ["get", "list", "watch"];
const WRITE = [...READ, "create", "update", "patch", "delete"];

/**
 * What a tenant's group may do in its namespace: an edit-like Role with explicit resources and verbs,
 * no wildcards. Left out on purpose: ServiceAccounts, Roles/RoleBindings (no minting identities or
 * widening access), NetworkPolicies, ResourceQuotas and LimitRanges (read only), pods/exec and
 * pods/attach (debug through logs and port-forward).
 * @param spark whether the Spark operator's resources exist
 */
export function tenantEditRules(spark: boolean): PolicyRule[] {
    return [
        { apiGroups: [""], resources: ["configmaps", "secrets", "services", "persistentvolumeclaims"], verbs: WRITE },
        { apiGroups: [""], resources: ["pods"], verbs: [...READ, "delete"] },
        { apiGroups: [""], resources: ["pods/log"], verbs: ["get"] },
        { apiGroups: [""], resources: ["pods/portforward"], verbs: ["create"] },
        { apiGroups: [""], resources: ["events", "resourcequotas", "limitranges", "serviceaccounts"], verbs: READ },
        { apiGroups: ["apps"], resources: ["deployments", "statefulsets"], verbs: WRITE },
        { apiGroups: ["apps"], resources: ["replicasets"], verbs: READ },
        { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: WRITE },
        ...(spark ? [{ apiGroups: ["sparkoperator.k8s.io"], resources: ["sparkapplications", "scheduledsparkapplications"], verbs: WRITE }] : []),
    ];
}

/** What a Spark driver needs to run its executors (Spark on Kubernetes, `spark.kubernetes.authenticate.driver.serviceAccountName`). */
export const SPARK_DRIVER_RULES: PolicyRule[] = [
    { apiGroups: [""], resources: ["pods"], verbs: [...READ, "create", "patch", "delete", "deletecollection"] },
    { apiGroups: [""], resources: ["services", "configmaps", "persistentvolumeclaims"], verbs: [...READ, "create", "delete", "deletecollection"] },
];

/** What {@link createTenant} made. */
export interface CreatedTenant extends CreatedNamespace {
    readonly workload: TenantWorkload;
    readonly serviceAccount: k8s.core.v1.ServiceAccount;
}

/** Inputs of {@link createTenant}. */
export interface TenantArgs {
    /** Tenant name (the key in `tenants`). */
    readonly tenant: string;
    /** Identity-provider group bound to the edit Role. */
    readonly group: string;
    readonly plan: NamespacePlan;
    readonly network: NetworkContext;
    readonly objectStore: ObjectStore;
    /** Spark is on (the tenant may manage SparkApplications). */
    readonly spark: boolean;
    /** Protect and retain the namespace (prod). */
    readonly keep: boolean;
}

/**
 * One tenant: its guarded namespace, the group's Role/RoleBinding, and the `spark` ServiceAccount bound
 * through workload identity to `team-<name>/` of the object store.
 * @param name base logical name
 * @param args tenant inputs
 * @param parent the platform component (parent of the cloud binding)
 * @param opts options of the Kubernetes objects (provider, parent, dependsOn)
 */
export function createTenant(name: string, args: TenantArgs, parent: pulumi.Resource, opts: pulumi.CustomResourceOptions): CreatedTenant {
    const ns = args.plan.name;
    const created = createNamespace(name, args.plan, args.network, opts, args.keep);
    const inNs = pulumi.mergeOptions(opts, { dependsOn: [created.namespace] });
    const metadata = (objectName: string) => ({ name: objectName, namespace: ns, labels: { ...PLATFORM_LABELS } });
    const prefix = `${ns}/`;
    const access = args.objectStore.grantAccess(`${name}-${ns}`, { namespace: ns, serviceAccount: TENANT_SERVICE_ACCOUNT }, prefix, { parent });
    const serviceAccount = new k8s.core.v1.ServiceAccount(
        `${name}-${ns}-${TENANT_SERVICE_ACCOUNT}`,
        { metadata: { ...metadata(TENANT_SERVICE_ACCOUNT), annotations: { ...access.serviceAccountAnnotations } } },
        pulumi.mergeOptions(inNs, { dependsOn: [...access.resources] }),
    );
    const editRole = new k8s.rbac.v1.Role(`${name}-${ns}-edit`, { metadata: metadata(TENANT_RBAC.editRole), rules: tenantEditRules(args.spark) }, inNs);
    const editBinding = new k8s.rbac.v1.RoleBinding(
        `${name}-${ns}-edit`,
        {
            metadata: metadata(TENANT_RBAC.editBinding),
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: TENANT_RBAC.editRole },
            subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: args.group }],
        },
        pulumi.mergeOptions(inNs, { dependsOn: [editRole] }),
    );
    const sparkRole = new k8s.rbac.v1.Role(`${name}-${ns}-spark-driver`, { metadata: metadata(TENANT_RBAC.sparkRole), rules: SPARK_DRIVER_RULES }, inNs);
    const sparkBinding = new k8s.rbac.v1.RoleBinding(
        `${name}-${ns}-spark-driver`,
        {
            metadata: metadata(TENANT_RBAC.sparkBinding),
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: TENANT_RBAC.sparkRole },
            subjects: [{ kind: "ServiceAccount", name: TENANT_SERVICE_ACCOUNT, namespace: ns }],
        },
        pulumi.mergeOptions(inNs, { dependsOn: [sparkRole, serviceAccount] }),
    );
    return {
        namespace: created.namespace,
        guards: [...created.guards, serviceAccount, editRole, editBinding, sparkRole, sparkBinding],
        serviceAccount,
        workload: { namespace: ns, serviceAccount: TENANT_SERVICE_ACCOUNT, objectStorePrefix: prefix, podLabels: { ...access.podLabels } },
    };
}
