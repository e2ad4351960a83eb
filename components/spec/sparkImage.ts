import { z } from "zod";

/**
 * `spark.image`: the image of Spark drivers, executors and the history server, by digest. The
 * pipeline sets it to the platform image it built from images/spark (docs/services/spark.md, "The
 * Spark image"); set it yourself to run your own build. A tag alone is refused: the same reference
 * must mean the same bytes on every node and in every run.
 */
export const IMAGE_BY_DIGEST = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::\d+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)+(?::[\w][\w.-]{0,127})?@sha256:[a-f0-9]{64}$/;

/** The `spark.image` field. */
export const SparkImageField = z
    .string()
    .regex(IMAGE_BY_DIGEST, { message: "must be an image reference pinned by digest: <registry>/<repository>[:<tag>]@sha256:<64 hex digits>" })
    .optional()
    .meta({
        description: "Image of Spark drivers, executors and the history server, by digest: the platform image built from `images/spark` (object-store connectors and RAPIDS baked in). The pipeline sets it to the digest its `spark-image` job produced.",
        defaultText: "set by the pipeline; unset, the upstream `apache/spark` base without object-store connectors (a warning says so)",
    });
