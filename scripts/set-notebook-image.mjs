#!/usr/bin/env node
/**
 * The pipeline's hand-over of the notebook image: write the reference the notebook-image job built
 * (`registry/repo:tag@sha256:…`, from images/notebook) into a stack's spec as `notebooks.image`, in the
 * runner's checkout only, before `plan` / `preview` / `up`. Only stacks with `notebooks.enabled: true`
 * get it (elsewhere the key would be unused); a stack that sets `notebooks.image` itself keeps its own.
 * Usage: node scripts/set-notebook-image.mjs <stack> <image>
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parseDocument } from "yaml";

const [stack, image] = process.argv.slice(2);
if (!stack || !image) {
    console.error("usage: set-notebook-image.mjs <stack> <image@sha256:digest>");
    process.exit(2);
}
if (!/@sha256:[a-f0-9]{64}$/.test(image)) {
    console.error(`set-notebook-image: ${image} is not pinned by digest`);
    process.exit(2);
}
const file = `stacks/Pulumi.${stack}.yaml`;
const doc = parseDocument(readFileSync(file, "utf8"));
const block = ["config", "tristack:spec", "notebooks"];
const own = doc.getIn([...block, "image"]);
if (doc.getIn([...block, "enabled"]) !== true) {
    console.log(`${file}: notebooks are off, notebooks.image not set`);
} else if (own !== undefined) {
    console.log(`${file}: keeps its own notebooks.image ${String(own)}`);
} else {
    doc.setIn([...block, "image"], image);
    writeFileSync(file, doc.toString({ lineWidth: 0 }));
    console.log(`${file}: notebooks.image = ${image}`);
}
