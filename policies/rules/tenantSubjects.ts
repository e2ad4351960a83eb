/**
 * Part of rule 39 (tenant-namespace-guardrails): every Group a tenant namespace's RoleBindings name is
 * one the stack's cluster will present for someone, in the form its sign-in gives:
 * - EKS: an access entry of the stack maps an IAM principal to the group (`kubernetesGroups`);
 * - GKE: a Google Group email, with Google Groups for RBAC on (`authenticatorGroupsConfig.securityGroup`);
 * - AKS: a Microsoft Entra group object id (a GUID; AKS tokens carry ids, not names, Azure/AKS#515);
 * - anywhere: not a `system:` group (reserved by Kubernetes).
 * On a stack without a managed cluster (an existing cluster) only the last applies.
 */
import { arr, get, str, strs } from "../lib/access";
import { kube, metaName, metaNamespace, T } from "../lib/match";
import type { PolicyResource, StackIndex, StackViolation } from "../lib/types";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** The cloud whose sign-in the stack's cluster uses, from the cluster resource it declares. */
type SignIn = "eks" | "gke" | "aks" | "other";

function signIn(stack: StackIndex): { kind: SignIn; cluster?: PolicyResource } {
    const of = (type: string) => stack.resources.find((r) => r.type === type);
    const eks = of(T.eksCluster);
    if (eks) return { kind: "eks", cluster: eks };
    const gke = of(T.gkeCluster);
    if (gke) return { kind: "gke", cluster: gke };
    const aks = of(T.aksCluster);
    if (aks) return { kind: "aks", cluster: aks };
    return { kind: "other" };
}

/** Group names of a binding's subjects. */
function groups(binding: PolicyResource): string[] {
    return arr(binding.inputs, "subjects")
        .filter((s) => get(s, "kind") === "Group")
        .map((s) => str(s, "name") ?? "");
}

/**
 * The violations: one per tenant RoleBinding group its cluster cannot present.
 * @param stack every resource of the stack
 */
export function tenantSubjectViolations(stack: StackIndex): StackViolation[] {
    const bindings = stack.ofType(kube("rbac.authorization.k8s.io", "RoleBinding")).filter((b) => (metaNamespace(b) ?? "").startsWith("team-"));
    if (bindings.length === 0) return [];
    const { kind, cluster } = signIn(stack);
    const eksGroups = new Set(stack.ofType((t) => t === T.eksAccessEntry).flatMap((e) => strs(e.inputs, "kubernetesGroups")));
    const securityGroup = kind === "gke" && cluster ? str(cluster.inputs, "authenticatorGroupsConfig.securityGroup") : undefined;
    const out: StackViolation[] = [];
    for (const b of bindings) {
        const label = `RoleBinding ${metaNamespace(b) ?? ""}/${metaName(b)}`;
        for (const g of groups(b)) {
            if (g.startsWith("system:")) {
                out.push({ resource: b, message: `${label} binds the reserved group ${g}` });
                continue;
            }
            switch (kind) {
                case "eks":
                    if (!eksGroups.has(g)) out.push({ resource: b, message: `${label} binds group ${g}, which no EKS access entry of the stack maps an IAM principal to (kubernetesGroups)` });
                    break;
                case "gke":
                    if (!EMAIL.test(g)) out.push({ resource: b, message: `${label} binds group ${g}, but GKE presents Google Groups by email (Google Groups for RBAC)` });
                    else if (securityGroup === undefined) out.push({ resource: b, message: `${label} binds Google Group ${g}, but the GKE cluster has no authenticatorGroupsConfig.securityGroup, so no group reaches RBAC` });
                    break;
                case "aks":
                    if (!GUID.test(g)) out.push({ resource: b, message: `${label} binds group ${g}, but AKS presents Microsoft Entra group object ids (GUIDs), never names` });
                    break;
                case "other":
                    break;
                default: {
                    const never: never = kind;
                    throw new Error(`unknown sign-in ${String(never)}`);
                }
            }
        }
    }
    return out;
}
