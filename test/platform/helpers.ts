/**
 * Lookups over the objects the platform layer registers (children of tristack:platform:KubernetesPlatform).
 */
import type { Recorded, RecordedResource } from "../support/mocks";

/** Whether a resource was registered under the platform component. */
export function isPlatformObject(r: RecordedResource): boolean {
    return r.urn.includes("tristack:platform:KubernetesPlatform$") && r.type.startsWith("kubernetes:");
}

/**
 * The platform's Kubernetes objects and Helm releases.
 * @param r a program run
 */
export function platformObjects(r: Recorded): RecordedResource[] {
    return r.resources.filter(isPlatformObject);
}

/** `metadata` of a recorded Kubernetes object. */
export function meta(r: RecordedResource): { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> } {
    return r.inputs["metadata"] as { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
}

/**
 * The one platform object of a type with this Kubernetes name (and namespace).
 * @param r a program run
 * @param type type token
 * @param name metadata.name (or the release name)
 * @param namespace metadata.namespace
 */
export function obj(r: Recorded, type: string, name: string, namespace?: string): RecordedResource {
    const found = platformObjects(r).filter((x) => x.type === type && objectName(x) === name && (namespace === undefined || objectNamespace(x) === namespace));
    if (found.length !== 1) throw new Error(`expected one ${type} ${namespace ?? ""}/${name}, found ${found.length}`);
    return found[0]!;
}

/** Kubernetes name of an object, or the release name of a Helm release. */
export function objectName(x: RecordedResource): string {
    return x.type === "kubernetes:helm.sh/v3:Release" ? String(x.inputs["name"]) : meta(x).name;
}

/** Namespace of an object or release (undefined for cluster-scoped objects). */
export function objectNamespace(x: RecordedResource): string | undefined {
    return x.type === "kubernetes:helm.sh/v3:Release" ? String(x.inputs["namespace"]) : meta(x).namespace;
}

/**
 * NetworkPolicy names of one namespace, sorted.
 * @param r a program run
 * @param namespace the namespace
 */
export function policyNames(r: Recorded, namespace: string): string[] {
    return platformObjects(r)
        .filter((x) => x.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy" && meta(x).namespace === namespace)
        .map((x) => meta(x).name)
        .sort();
}

/**
 * A value at a dotted path.
 * @param value the root
 * @param path dotted path
 */
export function at(value: unknown, path: string): unknown {
    return path.split(".").reduce<unknown>((v, k) => (v !== null && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), value);
}

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/**
 * A recorded value with Pulumi's secret wrappers removed (a secret-bearing input map is recorded wrapped).
 * @param value the recorded value
 */
export function clear(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(clear);
    if (value !== null && typeof value === "object") {
        const o = value as Record<string, unknown>;
        if (o[SIG_KEY] === SECRET_SIG) return clear(o["value"]);
        return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, clear(v)]));
    }
    return value;
}
