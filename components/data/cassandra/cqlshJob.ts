import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
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
    /** Client-to-node TLS: the Secret whose `ca.crt` is mounted at /etc/cassandra-tls/ca.crt. */
    readonly tlsSecretName?: pulumi.Input<string>;
}

/**
 * The pod template spec of a cqlsh Job: the pinned cqlsh image as uid 999 with a read-only root, requests =
 * limits, a 64Mi /tmp, the superuser's credentials, the script's inputs and, with TLS, the CA file cqlsh is given
 * (see {@link CQLSH_PREAMBLE}: its driver encrypts but does not check the server certificate).
 * @param pod what differs per Job
 */
export function cqlshJobTemplate(pod: CqlshJobPod): k8s.types.input.core.v1.PodTemplateSpec {
    const exact = { ...CQLSH_JOB_RESOURCES, "ephemeral-storage": "64Mi" };
    const img = CASSANDRA_VERSIONS.cqlshImage;
    const tls = pod.tlsSecretName !== undefined;
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
                        { name: "CQLSH_SSL", value: tls ? "--ssl" : "" },
                        { name: "HOME", value: "/tmp" },
                        ...(tls
                            ? [
                                  { name: "SSL_CERTFILE", value: "/etc/cassandra-tls/ca.crt" },
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
                        ...(tls ? [{ name: "tls", mountPath: "/etc/cassandra-tls", readOnly: true }] : []),
                    ],
                },
            ],
            volumes: [
                { name: "superuser", secret: { secretName: pod.superuserSecretName, defaultMode: 0o400 } },
                ...pod.inputs.map((i) => i.volume),
                { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
                ...(tls ? [{ name: "tls", secret: { secretName: pod.tlsSecretName, items: [{ key: "ca.crt", path: "ca.crt" }] } }] : []),
            ],
        },
    };
}

/** How long `pulumi up` waits for the cqlsh Job (the datacenter may still be bootstrapping). */
export const CQLSH_JOB_TIMEOUT = "60m";

/** Where the wait loop keeps the stderr of its last cqlsh attempt (the 64Mi /tmp emptyDir; the root is read-only). */
export const CQLSH_WAIT_ERR = "/tmp/cqlsh-wait.err";

/**
 * The superuser's credentials from the mounted Secret, then wait until the datacenter answers CQL: every 10 s,
 * as long as the Job's deadline allows. A failed attempt prints its number and the last 3 lines of cqlsh's
 * stderr, so a TLS/CA or authentication failure shows in `kubectl logs` instead of only as the Job running out
 * its 60 min deadline. Secrets never reach the log:
 * - the password is read from the mounted file into a shell variable, passed on cqlsh's command line (`-p`,
 *   visible only inside this one-container pod) and never in the environment or the script text; the script
 *   runs without `set -x`, so the shell never echoes a command line;
 * - cqlsh 5.0 prints its own warning about `-p` to stderr on every run (cqlshlib/cqlshmain.py: `elif not
 *   options.insecure_password_without_warning: print("\nWarning: Using a password on the command line interface
 *   can be insecure.\nRecommendation: use the credentials file ...", file=sys.stderr)`); those lines and blank
 *   lines are dropped so the 3 lines kept are the error (a connection failure ends with `sys.exit('Connection
 *   error: ...')`, also stderr). The warning names no value;
 * - the lines kept are masked: any occurrence of the password becomes `***` (awk reads it from its own
 *   environment, `P=... awk`, so it is on no command line it was not already on). No cqlsh error message
 *   quotes the password (NoHostAvailable lists per-host exceptions; AuthenticationFailed carries the server's
 *   "Provided username ... and/or password are incorrect"), so this is a second line of defence.
 *
 * TLS (CQLSH_SSL=--ssl, SSL_CERTFILE, SSL_VALIDATE=true) in the pinned image `cassandra:5.0.8`:
 * - docker-library/cassandra 5.0/Dockerfile at 7b9da8f ("Update 5.0 to 5.0.8"): `FROM debian:bookworm-slim` and
 *   apt `python3` ("cqlsh needs a python interpreter"), i.e. Debian bookworm's Python 3.11, where
 *   `ssl.wrap_socket` still exists (removed in 3.12, python/cpython gh-94199), so `--ssl` does not break there.
 * - cqlsh does not call `wrap_socket` itself: cqlshlib/sslhandling.py `ssl_settings()` returns a dict
 *   (`ca_certs`, `cert_reqs=CERT_REQUIRED` when validating, `ssl_version=ssl.PROTOCOL_TLS`) that cqlshmain.py passes
 *   as `Cluster(ssl_options=...)`. The bundled driver (lib/cassandra-driver-internal-only-3.29.0.zip) turns
 *   options into an `SSLContext` (apache/cassandra-python-driver 3.29.0 cassandra/connection.py, PYTHON-1331:
 *   `_build_ssl_context_from_options`, then `ssl_context.wrap_socket`), so it would work on 3.12 too.
 * - Caveat (not fixable from here): that driver function sets `rv.options = int(cert_reqs)` instead of
 *   `verify_mode` (still so at 3.29.3 and the driver's main of 2025-12-05), and `SSLContext(PROTOCOL_TLS)` starts
 *   with `verify_mode = CERT_NONE`; checked on Python 3.11.7: verify_mode stays 0. So the connection is encrypted,
 *   but cqlsh does NOT verify the server certificate against ca.crt even with SSL_VALIDATE=true: a wrong CA
 *   does not fail this loop. A missing/unreadable ca.crt still fails (`load_verify_locations`), and shows here.
 */
export const CQLSH_PREAMBLE = [
    "set -eu",
    'USER="$(cat /etc/cassandra-superuser/username)"',
    'PASS="$(cat /etc/cassandra-superuser/password)"',
    "N=0",
    `until cqlsh $CQLSH_SSL "$CQL_HOST" 9042 -u "$USER" -p "$PASS" -e "DESCRIBE KEYSPACES" >/dev/null 2>${CQLSH_WAIT_ERR}; do`,
    "  N=$((N + 1))",
    '  echo "waiting for $CQL_HOST:9042 (attempt $N failed):"',
    `  grep -v -e '^[[:space:]]*$' -e '^Warning: Using a password on the command line' -e '^Recommendation: use the credentials file' ${CQLSH_WAIT_ERR} | tail -n 3 |`,
    `    P="$PASS" awk '{ l = $0; o = ""; p = ENVIRON["P"]; if (p != "") { while ((i = index(l, p)) > 0) { o = o substr(l, 1, i - 1) "***"; l = substr(l, i + length(p)) } } print "  " o l }'`,
    "  sleep 10",
    "done",
    `rm -f ${CQLSH_WAIT_ERR}`,
].join("\n");

/** One part of the cqlsh Job: shell lines run as the superuser once the datacenter answers, and what they read. */
export interface CqlshStep {
    /** Shell lines (`$USER`, `$PASS`, `$CQLSH_SSL` and `$CQL_HOST` are set); idempotent, so a re-run converges. */
    readonly script: string;
    /** Read-only inputs the lines read, a volume each. */
    readonly inputs: CqlshJobPod["inputs"];
    /** The Secrets and ConfigMaps behind the inputs (the Job waits for them). */
    readonly resources: readonly pulumi.Resource[];
    /** Pod template annotations: a change replaces the Job, so it runs again (e.g. a hash of passwords). */
    readonly annotations?: Readonly<Record<string, pulumi.Input<string>>>;
}

/** Inputs of {@link createCqlshJob}. */
export interface CqlshJobArgs {
    readonly clusterName: string;
    readonly namespace: string;
    /** The CQL endpoint (a Service DNS name). */
    readonly cqlHost: string;
    /** The superuser Secret (`username`, `password`). */
    readonly superuserSecretName: string;
    /** Client-to-node TLS: the Secret whose `ca.crt` cqlsh is given for the client port (see {@link CQLSH_PREAMBLE}). */
    readonly tlsSecretName?: string;
    readonly placement: ControlPlacement;
    readonly priorityClassName: string;
    /** The steps, in the order they run (keyspaces before the grants that name them). */
    readonly steps: readonly CqlshStep[];
}

/**
 * One Job that runs every step against the cluster as the superuser, in order, after a single wait for
 * the datacenter (issue 25: keyspaces, then roles and grants, in one pod instead of two Jobs one after
 * the other). Each step's inputs carry a hash of their content in a name or annotation, so a changed
 * input changes the pod template, which Kubernetes treats as immutable: Pulumi replaces the Job and
 * every step runs again, which is safe because each is idempotent.
 * @param name logical base name
 * @param args the steps and the cluster they run against
 * @param opts options of the ServiceAccount (it needs only its namespace) and of the Job (dependsOn the cluster)
 * @param opts.objects the ServiceAccount's
 * @param opts.job the Job's
 */
export function createCqlshJob(name: string, args: CqlshJobArgs, opts: { readonly objects: pulumi.CustomResourceOptions; readonly job: pulumi.CustomResourceOptions }): k8s.batch.v1.Job | undefined {
    if (args.steps.length === 0) return undefined;
    const labels = { "app.kubernetes.io/name": "cassandra-keyspaces-roles", "app.kubernetes.io/part-of": "tristack-cassandra" };
    const sa = new k8s.core.v1.ServiceAccount(
        `${name}-keyspaces-roles`,
        { metadata: { name: `${args.clusterName}-keyspaces-roles`, namespace: args.namespace, labels }, automountServiceAccountToken: false },
        opts.objects,
    );
    const annotations = Object.assign({}, ...args.steps.map((s) => s.annotations ?? {})) as Record<string, pulumi.Input<string>>;
    return new k8s.batch.v1.Job(
        `${name}-keyspaces-roles`,
        {
            metadata: { namespace: args.namespace, labels },
            spec: {
                backoffLimit: 6,
                activeDeadlineSeconds: 3600,
                template: cqlshJobTemplate({
                    labels,
                    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
                    serviceAccountName: sa.metadata.name,
                    priorityClassName: args.priorityClassName,
                    placement: args.placement,
                    script: [CQLSH_PREAMBLE, ...args.steps.map((s) => s.script)].join("\n"),
                    cqlHost: args.cqlHost,
                    superuserSecretName: args.superuserSecretName,
                    inputs: args.steps.flatMap((s) => s.inputs),
                    ...(args.tlsSecretName !== undefined ? { tlsSecretName: args.tlsSecretName } : {}),
                }),
            },
        },
        pulumi.mergeOptions(opts.job, { dependsOn: [sa, ...args.steps.flatMap((s) => s.resources)], customTimeouts: { create: CQLSH_JOB_TIMEOUT, update: CQLSH_JOB_TIMEOUT } }),
    );
}
