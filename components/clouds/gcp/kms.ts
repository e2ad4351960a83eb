import * as gcp from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import { KMS_ENCRYPTER_DECRYPTER, SERVICE_AGENTS } from "./iam";

/** Key rotation period: 90 days, the longest CIS / CKV_GCP_43 allow. */
export const KEY_ROTATION_PERIOD = `${90 * 24 * 60 * 60}s`;

/** What the cluster's keys protect. */
export type KeyPurpose = "secrets" | "disks" | "objects";

/** The Cloud KMS keys of one cluster. */
export interface ClusterKeys {
    readonly keyRing: gcp.kms.KeyRing;
    /** GKE application-layer secrets encryption (every environment). */
    readonly secrets: gcp.kms.CryptoKey;
    /** Node boot disks and PD CSI volumes (prod only). */
    readonly disks?: gcp.kms.CryptoKey;
    /** The GCS bucket's default key (prod only). */
    readonly objects?: gcp.kms.CryptoKey;
    /** Grants of the service agents on the keys; the users of a key `dependsOn` its grant. */
    readonly grants: { readonly secrets: pulumi.Resource; readonly disks?: pulumi.Resource; readonly objects?: pulumi.Resource };
}

/** Inputs of {@link createClusterKeys}. */
export interface ClusterKeysArgs {
    /** Region of the key ring (must match the cluster, disks and bucket). */
    readonly region: string;
    /** Project number, to name the GKE and Compute Engine service agents. */
    readonly projectNumber: pulumi.Input<string>;
    /** Email of the Cloud Storage service agent (from `storage.getProjectServiceAccount`). */
    readonly storageAgentEmail: pulumi.Input<string>;
    /** Create the disk and object keys too (prod). */
    readonly customerManagedStorage: boolean;
    /** GCP labels for the keys. */
    readonly labels: Readonly<Record<string, string>>;
    /** Protect the ring and keys against deletion (prod); they are retained on delete in every environment. */
    readonly protect: boolean;
}

/**
 * One regional key ring with a key per purpose, each rotated every 90 days, and the service-agent
 * grants that let GKE, Compute Engine and Cloud Storage use them. Key rings and keys can never be
 * deleted in Cloud KMS (destroy only disables key versions), so their names are stable per stack.
 * @param name component name
 * @param args region, service agents, switches
 * @param opts options (parent, provider)
 * @internal
 */
export function createClusterKeys(name: string, args: ClusterKeysArgs, opts: pulumi.CustomResourceOptions): ClusterKeys {
    // Cloud KMS cannot delete rings or keys; deleting a key through Pulumi only destroys its versions,
    // which would make anything still encrypted with it unreadable. So they are always retained on
    // delete, and protected outright in prod.
    const keep = pulumi.mergeOptions(opts, { protect: args.protect, retainOnDelete: true });
    const keyRing = new gcp.kms.KeyRing(`${name}-keys`, { name: `${name}-keys`, location: args.region }, keep);
    const key = (purpose: KeyPurpose) =>
        new gcp.kms.CryptoKey(
            `${name}-${purpose}`,
            { name: `${name}-${purpose}`, keyRing: keyRing.id, purpose: "ENCRYPT_DECRYPT", rotationPeriod: KEY_ROTATION_PERIOD, labels: { ...args.labels } },
            keep,
        );
    const grant = (purpose: KeyPurpose, cryptoKey: gcp.kms.CryptoKey, member: pulumi.Input<string>) =>
        new gcp.kms.CryptoKeyIAMMember(`${name}-${purpose}-agent`, { cryptoKeyId: cryptoKey.id, role: KMS_ENCRYPTER_DECRYPTER, member }, opts);

    const secrets = key("secrets");
    const secretsGrant = grant("secrets", secrets, pulumi.interpolate`serviceAccount:${pulumi.output(args.projectNumber).apply(SERVICE_AGENTS.gke)}`);
    if (!args.customerManagedStorage) return { keyRing, secrets, grants: { secrets: secretsGrant } };

    const disks = key("disks");
    const objects = key("objects");
    return {
        keyRing,
        secrets,
        disks,
        objects,
        grants: {
            secrets: secretsGrant,
            disks: grant("disks", disks, pulumi.interpolate`serviceAccount:${pulumi.output(args.projectNumber).apply(SERVICE_AGENTS.compute)}`),
            objects: grant("objects", objects, pulumi.interpolate`serviceAccount:${args.storageAgentEmail}`),
        },
    };
}
