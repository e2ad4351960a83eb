/**
 * The ONE list of fields allowed to differ between the aws, gcp and azure plans of an environment,
 * each with the reason. Anything else that differs fails `npm run plan -- --parity <env>` and the tests.
 * Object keys look like `<Kind> <namespace>/<name>` (`StorageClass /tristack-fast`) or `pool/<name>`;
 * paths are dotted input paths (`metadata.annotations.x`, `values.controller.resources`).
 */

/** One allowed difference. */
export interface ParityAllowance {
    /** Which objects (matched against the object key). */
    readonly object: RegExp;
    /** Which fields (matched against the dotted path). */
    readonly path: RegExp;
    /** Why this field is per-cloud. */
    readonly reason: string;
}

/** The allow-list. Keep every entry as narrow as the difference it explains. */
export const PARITY_ALLOW_LIST: readonly ParityAllowance[] = [
    {
        object: /^pool\//,
        path: /^instanceType$/,
        reason: "the catalog resolves the neutral shape to each cloud's own instance type",
    },
    {
        object: /^pool\//,
        path: /^allocatable\.(cpuMillis|memoryMiB)$/,
        reason: "allocatable follows each cloud's kubelet reservations (capacity reference §1)",
    },
];
