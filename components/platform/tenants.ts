import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterHandle, GroupSubject, ObjectStore } from "../clouds/clusterHandle";
import { PLATFORM_LABELS } from "./common";
import { createNamespace, type CreatedNamespace, type NamespacePlan } from "./namespaces";
import type { NetworkContext } from "./networkPolicies";
import type { TenantWorkload } from "./platformHandle";

type PolicyRule = k8s.types.input.rbac.v1.PolicyRule;

/** The ServiceAccount tenant workloads (Spark drivers and executors) run as, bound to the object store. */
export const TENANT_SERVICE_ACCOUNT = "spark";
/** Role and RoleBinding names inside every tenant namespace. */
export const TENANT_RBAC = { editRole: "tenant-edit", editBinding: "tenant-edit", sparkRole: "spark-driver", sparkBinding: "spark-driver" } as const;
/** The ClusterRole (and its binding) giving every tenant a read-only view of the cluster-scoped objects it uses. */
export const TENANT_CLUSTER_VIEW = "tristack:tenant-cluster-view";

const READ = ["get", "list", "watch"];
const WRITE = [...READ, "create", "update", "patch", "delete"];

/**
 * What a tenant's group may do in its namespace: an edit-like Role with explicit resources and verbs,
 * no wildcards. Left out on purpose: ServiceAccounts, Roles/RoleBindings (no minting identities or
 * widening access), NetworkPolicies, ResourceQuotas and LimitRanges (read only), pods/exec and
 * pods/attach (debug through logs and port-forward). The tenant may `get` its own Namespace object:
 * for `GET /api/v1/namespaces/<ns>` the API server sets the request's namespace to `<ns>`
 * (k8s.io/apiserver/pkg/endpoints/request/requestinfo.go, "URL forms: /namespaces/{namespace}/..."),
 * so a Role in that namespace grants it; listing namespaces (other tenants' names) stays denied.
 * @param spark whether the Spark operator's resources exist
 * @param namespace the tenant namespace
 */
export function tenantEditRules(spark: boolean, namespace: string): PolicyRule[] {
    return [
        { apiGroups: [""], resources: ["namespaces"], resourceNames: [namespace], verbs: ["get"] },
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

/**
 * The cluster-scoped objects a tenant reads to write its manifests: the storage classes
 * (`storageClassName` of its PVCs) and the priority classes (`priorityClassName` of its pods). Read
 * only, no Nodes, no Namespaces list, nothing that names other tenants.
 */
export const TENANT_CLUSTER_VIEW_RULES: PolicyRule[] = [
    { apiGroups: ["storage.k8s.io"], resources: ["storageclasses"], verbs: READ },
    { apiGroups: ["scheduling.k8s.io"], resources: ["priorityclasses"], verbs: READ },
];

/**
 * The read-only cluster view for every tenant: one ClusterRole and one ClusterRoleBinding whose
 * subjects are all tenants' groups. Nothing is made when there are no tenants.
 * @param name base logical name
 * @param subjects every tenant's Group subjects (ClusterHandle.tenantAccess)
 * @param opts options of the Kubernetes objects (provider, parent, dependsOn)
 */
export function createTenantClusterView(name: string, subjects: readonly GroupSubject[], opts: pulumi.CustomResourceOptions): pulumi.Resource[] {
    if (subjects.length === 0) return [];
    const metadata = { name: TENANT_CLUSTER_VIEW, labels: { ...PLATFORM_LABELS } };
    const role = new k8s.rbac.v1.ClusterRole(`${name}-tenant-cluster-view`, { metadata, rules: TENANT_CLUSTER_VIEW_RULES }, opts);
    const binding = new k8s.rbac.v1.ClusterRoleBinding(
        `${name}-tenant-cluster-view`,
        { metadata, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: TENANT_CLUSTER_VIEW }, subjects: subjects.map((s) => ({ ...s })) },
        pulumi.mergeOptions(opts, { dependsOn: [role] }),
    );
    return [role, binding];
}

/**
 * A tenant's Group subjects from the handle (the adapter filled them from the spec's `members`).
 * @param cluster the cluster handle
 * @param tenant tenant name
 */
export function tenantSubjects(cluster: Pick<ClusterHandle, "tenantAccess">, tenant: string): readonly GroupSubject[] {
    const subjects = cluster.tenantAccess.subjects[tenant];
    if (subjects === undefined || subjects.length === 0) throw new pulumi.RunError(`the cluster adapter gave tenant "${tenant}" no RBAC subject (tenants.${tenant}.members is validated by the spec)`);
    return subjects;
}

/** What {@link createTenant} made. */
export interface CreatedTenant extends CreatedNamespace {
    readonly workload: TenantWorkload;
    readonly serviceAccount: k8s.core.v1.ServiceAccount;
}

/** Inputs of {@link createTenant}. */
export interface TenantArgs {
    /** Tenant name (the key in `tenants`). */
    readonly tenant: string;
    /** The Group subjects the tenant's users present on this cluster (ClusterHandle.tenantAccess.subjects). */
    readonly subjects: readonly GroupSubject[];
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
    const editRole = new k8s.rbac.v1.Role(`${name}-${ns}-edit`, { metadata: metadata(TENANT_RBAC.editRole), rules: tenantEditRules(args.spark, ns) }, inNs);
    const editBinding = new k8s.rbac.v1.RoleBinding(
        `${name}-${ns}-edit`,
        {
            metadata: metadata(TENANT_RBAC.editBinding),
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: TENANT_RBAC.editRole },
            subjects: args.subjects.map((s) => ({ ...s })),
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
