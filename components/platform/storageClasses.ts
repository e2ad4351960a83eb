import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { StorageBackend } from "../clouds/clusterHandle";
import { STORAGE_CLASSES, type Environment, type StorageTier } from "../spec/nodeClass";
import { PLATFORM_LABELS } from "./common";

/** The annotation that marks the cluster's default StorageClass. */
export const DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";
/** Field manager of the server-side-apply patches that un-default the cloud's classes. */
export const PATCH_FIELD_MANAGER = "tristack-platform";

/** What {@link createStorageClasses} made. */
export interface StorageClasses {
    /** `tristack-standard` and `tristack-fast`, keyed by tier. */
    readonly classes: Readonly<Record<StorageTier, k8s.storage.v1.StorageClass>>;
    /** One patch per cloud-shipped default class, setting its default annotation to "false". */
    readonly patches: readonly k8s.storage.v1.StorageClassPatch[];
}

/**
 * The reclaim policy of the platform classes: volumes outlive their claims in prod.
 * @param environment the environment
 */
export function reclaimPolicy(environment: Environment): "Retain" | "Delete" {
    return environment === "prod" ? "Retain" : "Delete";
}

/**
 * `tristack-standard` (the cluster default) and `tristack-fast`, from the handle's storage backend, and
 * server-side-apply patches that take the default mark off the classes the cloud ships.
 * @param name base logical name
 * @param storage the cluster's storage backend
 * @param environment the environment (reclaim policy)
 * @param opts options (provider, parent, dependsOn)
 */
export function createStorageClasses(name: string, storage: StorageBackend, environment: Environment, opts: pulumi.CustomResourceOptions): StorageClasses {
    // A patch per cloud default: forced (the add-on that created the class owns the annotation) and
    // under a fixed field manager, so a re-run re-applies the same ownership instead of a new one.
    const patches = storage.cloudDefaultClasses.map(
        (cls) =>
            new k8s.storage.v1.StorageClassPatch(
                `${name}-undefault-${cls}`,
                {
                    metadata: {
                        name: cls,
                        annotations: { [DEFAULT_CLASS_ANNOTATION]: "false", "pulumi.com/patchForce": "true", "pulumi.com/patchFieldManager": PATCH_FIELD_MANAGER },
                    },
                },
                opts,
            ),
    );
    const tier = (t: StorageTier): k8s.storage.v1.StorageClass =>
        new k8s.storage.v1.StorageClass(
            `${name}-${STORAGE_CLASSES[t]}`,
            {
                metadata: {
                    name: STORAGE_CLASSES[t],
                    labels: { ...PLATFORM_LABELS },
                    annotations: { [DEFAULT_CLASS_ANNOTATION]: t === "standard" ? "true" : "false" },
                },
                provisioner: storage.provisioner,
                parameters: { ...storage.tiers[t].parameters },
                volumeBindingMode: "WaitForFirstConsumer",
                // The contract promises expansion on every cluster (policy storageclass-contract). Where the
                // provisioner cannot expand (StorageBackend.allowVolumeExpansion false: local-path), a resize
                // request stays pending instead of being refused up front; docs/reference/platform-contract.md says so.
                allowVolumeExpansion: true,
                reclaimPolicy: reclaimPolicy(environment),
            },
            // Parameters are immutable and the name is fixed: a change must delete before it creates.
            pulumi.mergeOptions(opts, { deleteBeforeReplace: true, dependsOn: patches }),
        );
    return { classes: { standard: tier("standard"), fast: tier("fast") }, patches };
}
