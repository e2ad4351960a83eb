import { SPARK_VERSIONS } from "../spark/versions";

/**
 * Every chart and image the notebooks pin. Each version carries a Renovate marker on the line above.
 *
 * The `jupyterhub` chart 4.4.0 (jupyterhub/zero-to-jupyterhub-k8s tag 4.4.0, commit
 * 5c5f5df751588a68a7781ead01d0f62e88e2e72f) ships JupyterHub 5.5.0 (`jupyterhub/Chart.yaml`
 * appVersion), and its hub image installs jupyterhub-kubespawner 7.0.0 and oauthenticator 17.4.0
 * (`images/hub/requirements.txt`): the KubeSpawner and OAuthenticator options the hub values use are
 * read from those releases' sources (hub.ts cites them).
 */
export const NOTEBOOK_VERSIONS = {
    jupyterhub: {
        chart: "jupyterhub",
        repo: "https://hub.jupyter.org/helm-chart/",
        // renovate: datasource=helm depName=jupyterhub registryUrl=https://hub.jupyter.org/helm-chart/
        version: "4.4.0",
    },
    /**
     * The fallback single-user image when `notebooks.image` is unset: quay.io/jupyter/pyspark-notebook,
     * the `spark-4.0.1` build of November 2025, by digest (the base of `images/notebook/Dockerfile`,
     * which adds the `pyspark[connect]` client matching the platform's Spark). Its own pyspark is
     * 4.0.1: a Spark Connect 4.0 client speaks to a 4.0.x server, but the image built from
     * images/notebook pins the exact server version.
     */
    notebookBase: {
        repository: "quay.io/jupyter/pyspark-notebook",
        // The tag Renovate follows (docker-stacks re-push `spark-<version>` weekly; the digest is the pin).
        // renovate: datasource=docker depName=quay.io/jupyter/pyspark-notebook versioning=regex:^spark-(?<major>\d+)\.(?<minor>\d+)\.(?<patch>\d+)$
        version: "spark-4.0.1",
        digest: "sha256:8bf835ab5139071efc4ffc51feb75698a1a74d56e2d1544e40b29e12bbb3daa8",
    },
    /** The pyspark[connect] client the notebook image installs: exactly the platform's Spark version. */
    pysparkConnect: SPARK_VERSIONS.sparkImage.version,
} as const;

/** The pinned fallback single-user image (`repo@digest`). */
export const NOTEBOOK_BASE_IMAGE = `${NOTEBOOK_VERSIONS.notebookBase.repository}@${NOTEBOOK_VERSIONS.notebookBase.digest}`;

/**
 * The single-user image: `notebooks.image` (built from images/notebook by the pipeline), else the base.
 * @param specImage `spec.notebooks.image`
 */
export function notebookImage(specImage: string | undefined): string {
    return specImage ?? NOTEBOOK_BASE_IMAGE;
}
