/**
 * The signature test of the platform layer: one spec (each environment's committed aws, gcp and azure
 * stacks, which differ only in their per-cloud keys), three adapters, the same platform. Every
 * Kubernetes object and Helm release the platform registers on aws, gcp and azure is compared field
 * by field; the only differences allowed are the per-cloud fields the platform contract documents
 * (docs/reference/platform-contract.md): the storage provisioner and its parameters, which cloud-shipped
 * classes are un-defaulted, the device plugin where the cloud runs its own, the workload-identity
 * annotation on tenant ServiceAccounts, the group a tenant's RBAC binds (the identity each cloud's
 * sign-in presents), and the network-policy peers that follow each CNI (ClusterHandle.network). The differences found are printed.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { RecordedResource } from "../support/mocks";
import { run, stackSpec } from "../support/mocks";
import { objectName, objectNamespace, platformObjects } from "./helpers";

const CLOUDS = ["aws", "gcp", "azure"] as const;
type ParityCloud = (typeof CLOUDS)[number];

/** Per-cloud fields of objects present everywhere: kind + path pattern, with the reason. */
const ALLOWED_FIELDS: { kind: string; name?: RegExp; path: RegExp; why: string }[] = [
    { kind: "StorageClass", path: /^provisioner$/, why: "the cloud's CSI driver" },
    { kind: "StorageClass", path: /^parameters\./, why: "disk type, IOPS/throughput and encryption key of the cloud" },
    { kind: "ServiceAccount", path: /^metadata\.annotations(\.|$)/, why: "workload-identity binding (GKE service account, Azure client id; EKS Pod Identity needs none)" },
    { kind: "RoleBinding", path: /^subjects\[\d+\]\.name$/, why: "the tenant's group as its cloud presents it (EKS access-entry group, Google Group email, Entra object id)" },
    { kind: "ClusterRoleBinding", path: /^subjects\[\d+\]\.name$/, why: "the tenants' groups as their cloud presents them (the read-only cluster view)" },
    { kind: "Release", path: /^values\.tolerations\[[1-9]\d*\]\.(key|operator|value|effect)$/, why: "GPU DaemonSets tolerate exactly the GPU pools' taints from the handle, which include AKS's own Spot taint on a Spot GPU pool (kubernetes.azure.com/scalesetpriority=spot:NoSchedule)" },
    { kind: "NetworkPolicy", name: /^allow-(https-egress|webhooks)$/, path: /^spec\.(egress|ingress)\[\d+\]\.(to|from)\[\d+\]\./, why: "peers follow each CNI's NetworkPolicy semantics (ClusterHandle.network): the pod range an ipBlock excludes and where webhook calls come from" },
    { kind: "Release", path: /^values\.(extraHostVolumes|extraVolumeMounts|extraEnv)\[0\]\.\w+$/, why: "the DCGM exporter mounts the node image's driver directory where the cloud keeps it off the library path (GKE COS; ClusterHandle.gpu.driverHostPath)" },
];
/** Objects that exist on some clouds only. */
const ALLOWED_PRESENCE: { kind: string; name: RegExp; why: string }[] = [
    { kind: "StorageClassPatch", name: /.*/, why: "the classes each cloud ships marked default" },
    { kind: "Release", name: /^nvidia-device-plugin$/, why: "installed only where the cloud does not run a device plugin (GKE does)" },
    { kind: "NetworkPolicy", name: /^allow-identity-endpoints$/, why: "only where the cloud's workload identity needs a node-local endpoint (EKS Pod Identity agent, GKE metadata server; none on AKS)" },
];

function kindOf(x: RecordedResource): string {
    return x.type.split(":").pop() ?? x.type;
}

function keyOf(x: RecordedResource): string {
    return `${kindOf(x)} ${objectNamespace(x) ?? ""}/${objectName(x)}`;
}

function flatten(value: unknown, prefix: string, out: Map<string, string>): Map<string, string> {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        const entries = Object.entries(value as Record<string, unknown>);
        if (entries.length === 0 && prefix) out.set(prefix, "{}");
        for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    } else if (Array.isArray(value)) {
        if (value.length === 0) out.set(prefix, "[]");
        value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
    } else out.set(prefix, JSON.stringify(value));
    return out;
}

/**
 * What a stack's spec says beyond its cloud: the spec without the keys that are per cloud by design
 * (cloud, region, zones, the Kubernetes minor each cloud offers, the API-access mode, the cloud's own
 * block, the identity that stands for a tenant's members, the notebook sign-in provider, and a pool's
 * per-cloud instance-type override).
 * @param stack a committed stack
 */
function cloudNeutralPart(stack: string): Record<string, unknown> {
    const spec = stackSpec(stack);
    for (const key of ["cloud", "region", "zones", "kubernetesVersion", "apiAccess", ...CLOUDS]) delete spec[key];
    for (const tenant of Object.values(spec["tenants"] as Record<string, Record<string, unknown>>)) delete tenant["members"];
    const notebooks = spec["notebooks"] as { authenticator?: Record<string, unknown> } | undefined;
    for (const cloud of CLOUDS) delete notebooks?.authenticator?.[cloud];
    for (const pool of Object.values(spec["nodePools"] as Record<string, Record<string, unknown>>)) delete pool["instanceType"];
    return spec;
}

interface Difference {
    object: string;
    detail: string;
    why?: string;
}

function compare(runs: Record<ParityCloud, RecordedResource[]>): { allowed: Difference[]; violations: Difference[]; objects: number } {
    const byCloud = Object.fromEntries(CLOUDS.map((c) => [c, new Map(runs[c].map((x) => [keyOf(x), x]))])) as Record<ParityCloud, Map<string, RecordedResource>>;
    const keys = [...new Set(CLOUDS.flatMap((c) => [...byCloud[c].keys()]))].sort();
    const allowed: Difference[] = [];
    const violations: Difference[] = [];
    for (const key of keys) {
        const present = CLOUDS.filter((c) => byCloud[c].has(key));
        const sample = byCloud[present[0]!].get(key)!;
        if (present.length !== CLOUDS.length) {
            const rule = ALLOWED_PRESENCE.find((a) => a.kind === kindOf(sample) && a.name.test(objectName(sample)));
            (rule ? allowed : violations).push({ object: key, detail: `only on ${present.join(", ")}`, ...(rule ? { why: rule.why } : {}) });
            continue;
        }
        const flat = Object.fromEntries(CLOUDS.map((c) => [c, flatten(byCloud[c].get(key)!.inputs, "", new Map())])) as Record<ParityCloud, Map<string, string>>;
        const paths = [...new Set(CLOUDS.flatMap((c) => [...flat[c].keys()]))].sort();
        for (const path of paths) {
            const values = CLOUDS.map((c) => flat[c].get(path));
            if (values.every((v) => v === values[0])) continue;
            const rule = ALLOWED_FIELDS.find((a) => a.kind === kindOf(sample) && (a.name?.test(objectName(sample)) ?? true) && a.path.test(path));
            const detail = `${path}: ${CLOUDS.map((c, i) => `${c}=${values[i] ?? "(absent)"}`).join(" ")}`;
            (rule ? allowed : violations).push({ object: key, detail, ...(rule ? { why: rule.why } : {}) });
        }
    }
    return { allowed, violations, objects: keys.length };
}

describe.each(["dev", "prod"])("platform parity (%s): one spec on aws, gcp and azure", (env) => {
    let result: ReturnType<typeof compare>;
    beforeAll(async () => {
        // The committed stacks of an environment are the one spec (asserted below), so their own runs,
        // shared with every other test, are the three adapters' platforms.
        const runs: Partial<Record<ParityCloud, RecordedResource[]>> = {};
        for (const cloud of CLOUDS) runs[cloud] = platformObjects(await run(stackSpec(`${cloud}-${env}`), { stack: `${cloud}-${env}` }));
        result = compare(runs as Record<ParityCloud, RecordedResource[]>);
        // The allowed differences are listed in the plan's parity report (`npm run plan -- --parity`), not here:
        // a passing suite stays quiet.
    });

    it("runs one spec: the committed stacks differ only in their per-cloud keys", () => {
        for (const cloud of ["gcp", "azure"] as const) expect(cloudNeutralPart(`${cloud}-${env}`), cloud).toEqual(cloudNeutralPart(`aws-${env}`));
    });

    it("registers the same objects with the same fields, except the documented per-cloud fields", () => {
        expect(result.violations).toEqual([]);
    });

    it("compares the whole platform and finds per-cloud fields only in storage classes, their patches, the GPU releases, CNI-dependent network-policy peers, tenant ServiceAccounts and tenant group bindings", () => {
        const kinds = new Set([...result.allowed.map((d) => d.object.split(" ")[0])]);
        expect(result.objects).toBeGreaterThan(50);
        expect([...kinds].sort()).toEqual(["ClusterRoleBinding", "NetworkPolicy", "Release", "RoleBinding", "ServiceAccount", "StorageClass", "StorageClassPatch"]);
    });

    it("finds the provisioner difference (so the three runs really are three clouds)", () => {
        expect(result.allowed.filter((d) => d.object === "StorageClass /tristack-standard" && d.detail.startsWith("provisioner:")).map((d) => d.detail)).toEqual([
            'provisioner: aws="ebs.csi.aws.com" gcp="pd.csi.storage.gke.io" azure="disk.csi.azure.com"',
        ]);
    });
});
