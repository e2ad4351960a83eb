#!/usr/bin/env node
/**
 * The pipeline's hand-over of the platform Spark image: write the reference the spark-image job
 * built (`registry/repo:tag@sha256:…`) into a stack's spec as `spark.image`, in the runner's checkout
 * only, before `plan` / `preview` / `up`. A stack that sets `spark.image` itself keeps its own.
 * Usage: node scripts/set-spark-image.mjs <stack> <image>
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parseDocument } from "yaml";

const [stack, image] = process.argv.slice(2);
if (!stack || !image) {
    console.error("usage: set-spark-image.mjs <stack> <image@sha256:digest>");
    process.exit(2);
}
if (!/@sha256:[a-f0-9]{64}$/.test(image)) {
    console.error(`set-spark-image: ${image} is not pinned by digest`);
    process.exit(2);
}
const file = `stacks/Pulumi.${stack}.yaml`;
const doc = parseDocument(readFileSync(file, "utf8"));
const path = ["config", "tristack:spec", "spark", "image"];
const own = doc.getIn(path);
if (own !== undefined) {
    console.log(`${file}: keeps its own spark.image ${String(own)}`);
} else {
    doc.setIn(path, image);
    writeFileSync(file, doc.toString({ flowCollectionPadding: false }));
    console.log(`${file}: spark.image = ${image}`);
}
