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
     * The two images the chart runs with the hub values (hub.ts): the hub (`hub.image`,
     * quay.io/jupyterhub/k8s-hub, tagged by chartpress with the chart's own version: `chartpress.yaml`
     * `imagePrefix: quay.io/jupyterhub/k8s-`, `valuesPath: hub.image`) and the proxy (`proxy.chp.image`,
     * quay.io/jupyterhub/configurable-http-proxy "5.2.0" in the tag's `jupyterhub/values.yaml`). Every
     * other image of the chart stays off (hub.ts keeps them off; notebooks.test.ts checks): secret-sync and
     * traefik run only with `proxy.https.type: letsencrypt` (templates/proxy/autohttps/deployment.yaml),
     * network-tools only with `singleuser.cloudMetadata.blockWithIptables` (files/hub/jupyterhub_config.py)
     * or the image pullers, image-awaiter and pause only with the pre-puller, kube-scheduler and pause only
     * with the user scheduler and placeholders.
     *
     * Set here, not left to the chart's defaults, so Renovate moves them together with the chart (one
     * group, renovate.json) and a digest can be pinned: with a `digest` on the line after a version the
     * values give the chart `tag: "<version>@<digest>"`, which its templates render as
     * `<name>:<version>@<digest>` (templates/hub/deployment.yaml `image: {{ .Values.hub.image.name }}:{{
     * .Values.hub.image.tag }}`, templates/proxy/deployment.yaml likewise), and Renovate keeps it as
     * currentDigest. Pinned by tag only for now: no public source we could cite gives the digest of
     * `k8s-hub:4.4.0` or `configurable-http-proxy:5.2.0` (searched: public repositories, Renovate pull
     * requests, registry pages), and none is invented. Read it from the registry
     * (`docker buildx imagetools inspect quay.io/jupyterhub/k8s-hub:4.4.0`) and add the line.
     */
    hubImage: {
        repository: "quay.io/jupyterhub/k8s-hub",
        // renovate: datasource=docker depName=quay.io/jupyterhub/k8s-hub
        version: "4.4.0",
    },
    proxyImage: {
        repository: "quay.io/jupyterhub/configurable-http-proxy",
        // renovate: datasource=docker depName=quay.io/jupyterhub/configurable-http-proxy
        version: "5.2.0",
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

/** An image pinned in this file, as the chart's `image` value: the tag, with `@<digest>` when a digest is pinned. */
export function chartImage(image: { readonly repository: string; readonly version: string; readonly digest?: string }): { name: string; tag: string } {
    return { name: image.repository, tag: image.digest ? `${image.version}@${image.digest}` : image.version };
}

/** The pinned fallback single-user image (`repo@digest`). */
export const NOTEBOOK_BASE_IMAGE = `${NOTEBOOK_VERSIONS.notebookBase.repository}@${NOTEBOOK_VERSIONS.notebookBase.digest}`;

/**
 * The single-user image: `notebooks.image` (built from images/notebook by the pipeline), else the base.
 * @param specImage `spec.notebooks.image`
 */
export function notebookImage(specImage: string | undefined): string {
    return specImage ?? NOTEBOOK_BASE_IMAGE;
}
