import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { ControlPlacement } from "./placement";
import { CASSANDRA_VERSIONS } from "./versions";

/** Resources of the cqlsh container (requests = limits). */
export const CQLSH_JOB_RESOURCES = { cpu: "200m", memory: "256Mi" } as const;

/** What differs between the Jobs that run a cqlsh script against the cluster as the superuser. */
export interface CqlshJobPod {
    readonly labels: Record<string, string>;
    /** Pod template annotations (e.g. a hash that replaces the Job when its inputs change). */
    readonly annotations?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    readonly serviceAccountName: pulumi.Input<string>;
    readonly priorityClassName: string;
    readonly placement: ControlPlacement;
    /** The shell script the `cqlsh` container runs (`/bin/sh -c`). */
    readonly script: string;
    /** The CQL endpoint (a Service DNS name). */
    readonly cqlHost: pulumi.Input<string>;
    /** The superuser Secret (`username`, `password`), mounted at /etc/cassandra-superuser. */
    readonly superuserSecretName: pulumi.Input<string>;
    /** Read-only inputs of the script: a volume each, mounted after the superuser's, in this order. */
    readonly inputs: readonly { readonly mountPath: string; readonly volume: k8s.types.input.core.v1.Volume }[];
    /** Client-to-node TLS: the CA file name in the `tls` volume (mounted at /etc/cassandra-tls) and that volume. */
    readonly tls?: { readonly caFile: string; readonly volume: Omit<k8s.types.input.core.v1.Volume, "name"> };
}

/**
 * The pod template spec of a cqlsh Job: the pinned cqlsh image as uid 999 with a read-only root, requests =
 * limits, a 64Mi /tmp, the superuser's credentials, the script's inputs and, with TLS, the CA it validates against.
 * @param pod what differs per Job
 */
export function cqlshJobTemplate(pod: CqlshJobPod): k8s.types.input.core.v1.PodTemplateSpec {
    const exact = { ...CQLSH_JOB_RESOURCES, "ephemeral-storage": "64Mi" };
    const img = CASSANDRA_VERSIONS.cqlshImage;
    return {
        metadata: { labels: pod.labels, ...(pod.annotations ? { annotations: pod.annotations } : {}) },
        spec: {
            serviceAccountName: pod.serviceAccountName,
            automountServiceAccountToken: false,
            restartPolicy: "OnFailure",
            priorityClassName: pod.priorityClassName,
            nodeSelector: { ...pod.placement.nodeSelector },
            tolerations: pod.placement.tolerations,
            securityContext: { runAsNonRoot: true, runAsUser: 999, runAsGroup: 999, fsGroup: 999, seccompProfile: { type: "RuntimeDefault" } },
            containers: [
                {
                    name: "cqlsh",
                    image: `${img.repository}:${img.version}@${img.digest}`,
                    command: ["/bin/sh", "-c", pod.script],
                    env: [
                        { name: "CQL_HOST", value: pod.cqlHost },
                        { name: "CQLSH_SSL", value: pod.tls ? "--ssl" : "" },
                        { name: "HOME", value: "/tmp" },
                        ...(pod.tls
                            ? [
                                  { name: "SSL_CERTFILE", value: `/etc/cassandra-tls/${pod.tls.caFile}` },
                                  { name: "SSL_VALIDATE", value: "true" },
                              ]
                            : []),
                    ],
                    resources: { requests: exact, limits: exact },
                    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
                    volumeMounts: [
                        { name: "superuser", mountPath: "/etc/cassandra-superuser", readOnly: true },
                        ...pod.inputs.map((i) => ({ name: i.volume.name, mountPath: i.mountPath, readOnly: true })),
                        { name: "tmp", mountPath: "/tmp" },
                        ...(pod.tls ? [{ name: "tls", mountPath: "/etc/cassandra-tls", readOnly: true }] : []),
                    ],
                },
            ],
            volumes: [
                { name: "superuser", secret: { secretName: pod.superuserSecretName, defaultMode: 0o400 } },
                ...pod.inputs.map((i) => i.volume),
                { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
                ...(pod.tls ? [{ name: "tls", ...pod.tls.volume }] : []),
            ],
        },
    };
}
