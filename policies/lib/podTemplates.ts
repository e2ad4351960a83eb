/**
 * The pods a data-service operator creates from a custom resource, as the pod-security rules see them.
 *
 * An operator builds its pods from fields of the CR, so a privileged container, a host namespace or a
 * hostPath volume can be asked for there without any Deployment or StatefulSet in the stack (issue 24
 * item 5). Each CR kind below maps its pod-shaped fields onto one {@link PodTemplate}: pod-level settings
 * (`hostNetwork`, `securityContext`, `volumes`) and the containers whose security context the CR sets.
 * Field paths are the vendored CRDs' (schemas/crds/, versions in schemas/README.md); each case cites its file.
 *
 * K8ssandra's deprecated `stargate` section has no security-context fields, so it has nothing to judge.
 *
 * What a CR leaves unset is filled by the operator (Strimzi's pod security provider, cass-operator's and
 * k8ssandra-operator's defaults, the Spark operator's webhook), not by Kubernetes, so for these pods the
 * restricted profile judges only what the CR sets explicitly (see {@link PodTemplate.explicitOnly}).
 */
import { arr, get, obj, str } from "./access";
import { kubeType, type ContainerRef } from "./match";
import type { PolicyResource } from "./types";

/** One pod (or pod family) an operator makes from a CR. */
export interface PodTemplate {
    /** Where in the CR the pod is described, e.g. `spec.reaper`, `spec.kafka.template.pod`. */
    readonly where: string;
    /** Pod-level fields in pod-spec shape (`hostNetwork`, `hostPID`, `hostIPC`, `securityContext`, `volumes`). */
    readonly pod: Record<string, unknown>;
    /** The containers, each with a label naming its CR path. */
    readonly containers: LabelledContainer[];
    /** True for CR pods: unset fields are the operator's defaults, so only explicit settings are judged. */
    readonly explicitOnly: boolean;
}

/** A container and how messages name it (`container app` in a workload, its CR path in a CR). */
export interface LabelledContainer extends ContainerRef {
    /** The name messages use. */
    readonly label: string;
}

/**
 * A dotted path as messages show it (`datacenters.0` becomes `datacenters[0]`).
 * @param path dotted path
 */
export function show(path: string): string {
    return path.replace(/\.(\d+)(?=\.|$)/g, "[$1]");
}

/** Data-service CR kinds whose pods the pod-security rules read. */
export const POD_CARRIERS: Readonly<Record<string, readonly string[]>> = {
    "k8ssandra.io": ["K8ssandraCluster"],
    "cassandra.datastax.com": ["CassandraDatacenter"],
    "kafka.strimzi.io": ["Kafka", "KafkaNodePool"],
    "sparkoperator.k8s.io": ["SparkApplication", "ScheduledSparkApplication"],
};

/**
 * Whether a type token is a CR the operators turn into pods.
 * @param type type token
 */
export function isPodCarrier(type: string): boolean {
    const t = kubeType(type);
    return t !== undefined && (POD_CARRIERS[t.group] ?? []).includes(t.kind);
}

/** A container whose only pod-security input in the CR is one securityContext object. */
function single(root: unknown, path: string, what: string, init = false): LabelledContainer[] {
    const sc = get(root, path);
    if (sc === undefined) return [];
    return [{ where: show(path), name: what, label: `${show(path)} (${what})`, c: { securityContext: sc }, init }];
}

/** Full Kubernetes containers listed in the CR (`containers`, `initContainers`, `sidecars`). */
function listed(root: unknown, path: string, init: boolean): LabelledContainer[] {
    return arr(root, path).map((c, i) => {
        const name = str(c, "name") ?? `#${i}`;
        return { where: `${show(path)}[${i}]`, name, label: `${show(path)}[${i}] (${name})`, c: (c ?? {}) as Record<string, unknown>, init };
    });
}

/** A pod spec embedded whole (Spark `template.spec`, cass-operator `podTemplateSpec.spec`). */
function wholePodSpec(root: unknown, path: string): PodTemplate[] {
    const spec = obj(root, path);
    if (!spec) return [];
    return [{ where: show(path), pod: spec, containers: [...listed(root, `${path}.initContainers`, true), ...listed(root, `${path}.containers`, false)], explicitOnly: true }];
}

/**
 * The Cassandra pods of one K8ssandraCluster scope (the cluster-wide `spec.cassandra` or one of its
 * `datacenters[i]`): schemas/crds/k8ssandra-operator/k8ssandra.io_k8ssandraclusters.yaml, fields
 * `networking.hostNetwork`, `podSecurityContext` ("the security context for the Cassandra pods"),
 * `extraVolumes.volumes`, `storageConfig.additionalVolumes[].volumeSource`, `containers` and
 * `initContainers` ("K8ssandra-operator and cass-operator will create their own containers, which can be
 * referenced here to override specific settings").
 */
function cassandraScope(r: PolicyResource, path: string): PodTemplate {
    const additional = arr(r.inputs, `${path}.storageConfig.additionalVolumes`).map((v, i) => ({ name: str(v, "name") ?? `additionalVolumes[${i}]`, ...((obj(v, "volumeSource") ?? {}) as Record<string, unknown>) }));
    const pod: Record<string, unknown> = {
        hostNetwork: get(r.inputs, `${path}.networking.hostNetwork`),
        securityContext: get(r.inputs, `${path}.podSecurityContext`),
        volumes: [...arr(r.inputs, `${path}.extraVolumes.volumes`), ...additional],
    };
    return { where: show(path), pod, containers: [...listed(r.inputs, `${path}.initContainers`, true), ...listed(r.inputs, `${path}.containers`, false)], explicitOnly: true };
}

/**
 * Strimzi's `template` of one component: `pod` (securityContext, volumes; the v1 CRD has no host
 * namespaces and only secret/configMap/emptyDir/persistentVolumeClaim/csi/image volumes) and its
 * container templates, each only `env`, `securityContext` and `volumeMounts`
 * (schemas/crds/strimzi/040-Crd-kafka.yaml and 045-Crd-kafkanodepool.yaml, Strimzi 1.2.0).
 * @param r the CR
 * @param path the template, e.g. `spec.kafka.template`
 * @param containerKeys the container templates it has
 */
function strimziTemplate(r: PolicyResource, path: string, containerKeys: readonly [string, boolean][]): PodTemplate[] {
    if (get(r.inputs, path) === undefined) return [];
    const pod: Record<string, unknown> = { securityContext: get(r.inputs, `${path}.pod.securityContext`), volumes: arr(r.inputs, `${path}.pod.volumes`) };
    const containers = containerKeys.flatMap(([key, init]) => {
        const sc = get(r.inputs, `${path}.${key}.securityContext`);
        return sc === undefined ? [] : [{ where: `${path}.${key}`, name: key, label: `${path}.${key}`, c: { securityContext: sc }, init } satisfies LabelledContainer];
    });
    return [{ where: `${path}.pod`, pod, containers, explicitOnly: true }];
}

/**
 * The driver and executor pods of a SparkApplication spec (schemas/crds/spark-operator/
 * sparkoperator.k8s.io_sparkapplications.yaml, v1beta2): per role `hostNetwork`, `podSecurityContext`,
 * `securityContext` ("the container's SecurityContext"), `initContainers`, `sidecars` and `template`
 * (a whole pod template); `volumes` at the spec level are mounted by either role.
 * @param r the CR
 * @param spec the application spec's path (`spec`, or `spec.template` of a ScheduledSparkApplication)
 */
function sparkPods(r: PolicyResource, spec: string): PodTemplate[] {
    return (["driver", "executor"] as const).flatMap((role) => {
        const at = `${spec}.${role}`;
        if (get(r.inputs, at) === undefined) return [];
        const pod: Record<string, unknown> = { hostNetwork: get(r.inputs, `${at}.hostNetwork`), securityContext: get(r.inputs, `${at}.podSecurityContext`), volumes: arr(r.inputs, `${spec}.volumes`) };
        const containers = [...listed(r.inputs, `${at}.initContainers`, true), ...single(r.inputs, `${at}.securityContext`, `${role} container`), ...listed(r.inputs, `${at}.sidecars`, false)];
        return [{ where: at, pod, containers, explicitOnly: true }, ...wholePodSpec(r.inputs, `${at}.template.spec`)];
    });
}

/**
 * Every pod template of a data-service CR (empty for any other resource).
 * @param r the resource
 */
export function crPodTemplates(r: PolicyResource): PodTemplate[] {
    const t = kubeType(r.type);
    if (!t || !isPodCarrier(r.type)) return [];
    switch (t.kind) {
        case "K8ssandraCluster": {
            if (get(r.inputs, "spec.cassandra") === undefined && get(r.inputs, "spec.reaper") === undefined && get(r.inputs, "spec.medusa") === undefined) return [];
            const out: PodTemplate[] = [];
            if (get(r.inputs, "spec.cassandra") !== undefined) {
                out.push(cassandraScope(r, "spec.cassandra"));
                arr(r.inputs, "spec.cassandra.datacenters").forEach((_, i) => out.push(cassandraScope(r, `spec.cassandra.datacenters.${i}`)));
            }
            // medusa.securityContext: "SecurityContext applied to the Medusa containers" (the sidecar and the
            // restore init container in each Cassandra pod).
            const medusa = single(r.inputs, "spec.medusa.securityContext", "Medusa containers");
            if (medusa.length) out.push({ where: "spec.medusa", pod: {}, containers: medusa, explicitOnly: true });
            // reaper: podSecurityContext ("a pod-level SecurityContext to apply to Reaper pods"), securityContext
            // ("the Reaper main container"), initContainerSecurityContext ("the Reaper init container").
            if (get(r.inputs, "spec.reaper") !== undefined) {
                out.push({
                    where: "spec.reaper",
                    pod: { securityContext: get(r.inputs, "spec.reaper.podSecurityContext") },
                    containers: [...single(r.inputs, "spec.reaper.initContainerSecurityContext", "Reaper init container", true), ...single(r.inputs, "spec.reaper.securityContext", "Reaper main container")],
                    explicitOnly: true,
                });
            }
            return out;
        }
        case "CassandraDatacenter": {
            // schemas/crds/cass-operator/cassandra.datastax.com_cassandradatacenters.yaml: networking.hostNetwork,
            // storageConfig.additionalVolumes[].volumeSource, podTemplateSpec ("customisation options ... for the cassandra pods").
            const additional = arr(r.inputs, "spec.storageConfig.additionalVolumes").map((v, i) => ({ name: str(v, "name") ?? `additionalVolumes[${i}]`, ...((obj(v, "volumeSource") ?? {}) as Record<string, unknown>) }));
            return [{ where: "spec", pod: { hostNetwork: get(r.inputs, "spec.networking.hostNetwork"), volumes: additional }, containers: [], explicitOnly: true }, ...wholePodSpec(r.inputs, "spec.podTemplateSpec.spec")];
        }
        case "Kafka":
            return [
                ...strimziTemplate(r, "spec.kafka.template", [["initContainer", true], ["kafkaContainer", false]]),
                ...strimziTemplate(r, "spec.entityOperator.template", [["topicOperatorContainer", false], ["userOperatorContainer", false]]),
                ...strimziTemplate(r, "spec.cruiseControl.template", [["cruiseControlContainer", false]]),
                ...strimziTemplate(r, "spec.kafkaExporter.template", [["container", false]]),
            ];
        case "KafkaNodePool":
            return strimziTemplate(r, "spec.template", [["initContainer", true], ["kafkaContainer", false]]);
        case "SparkApplication":
            return sparkPods(r, "spec");
        case "ScheduledSparkApplication":
            return sparkPods(r, "spec.template");
        default:
            return [];
    }
}
