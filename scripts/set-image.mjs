#!/usr/bin/env node
/**
 * The pipeline's hand-over of a built image: write the reference the image job built
 * (`registry/repo:tag@sha256:…`) into a stack's spec, in the runner's checkout only, before `plan` /
 * `preview` / `up`. A stack that sets the key itself keeps its own.
 *   spark      spark.image (spark-image.yml, images/spark), on every stack.
 *   notebooks  notebooks.image (notebook-image.yml, images/notebook), only where `notebooks.enabled: true`
 *              (elsewhere the key would be unused).
 * The file keeps its formatting: the key is added as one line at the end of its block, and the result is
 * checked by parsing it against `doc.setIn`; a spec the line cannot go into (no block, a flow block) is
 * re-serialised instead.
 * Usage: node scripts/set-image.mjs <spark|notebooks> <stack> <image@sha256:digest>
 */
import { readFileSync, writeFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { isMap, parse, parseDocument, stringify } from "yaml";

/** Per kind: the spec block the image goes into, and whether the block must say `enabled: true`. */
const KINDS = {
    spark: { block: "spark", onlyWhenEnabled: false },
    notebooks: { block: "notebooks", onlyWhenEnabled: true },
};
const USAGE = `usage: set-image.mjs <${Object.keys(KINDS).join("|")}> <stack> <image@sha256:digest>`;

const [kind, stack, image] = process.argv.slice(2);
if (!kind || !stack || !image) {
    console.error(USAGE);
    process.exit(2);
}
if (!Object.hasOwn(KINDS, kind)) {
    console.error(`set-image: unknown kind "${kind}" (one of ${Object.keys(KINDS).join(", ")})\n${USAGE}`);
    process.exit(2);
}
if (!/@sha256:[a-f0-9]{64}$/.test(image)) {
    console.error(`set-image ${kind}: ${image} is not pinned by digest (expected <repo>:<tag>@sha256:<64 hex>)`);
    process.exit(2);
}
const { block, onlyWhenEnabled } = KINDS[kind];
const key = `${block}.image`;
const file = `stacks/Pulumi.${stack}.yaml`;
const source = readFileSync(file, "utf8");
const doc = parseDocument(source);
const blockPath = ["config", "tristack:spec", block];
const own = doc.getIn([...blockPath, "image"]);
if (onlyWhenEnabled && doc.getIn([...blockPath, "enabled"]) !== true) {
    console.log(`${file}: ${block} are off, ${key} not set`);
} else if (own !== undefined) {
    console.log(`${file}: keeps its own ${key} ${String(own)}`);
} else {
    const edited = withLine(doc.getIn(blockPath, true));
    doc.setIn([...blockPath, "image"], image);
    const same = edited !== undefined && isDeepStrictEqual(parse(edited), doc.toJS());
    writeFileSync(file, same ? edited : doc.toString({ lineWidth: 0 }));
    console.log(`${file}: ${key} = ${image}`);
}

/**
 * The source with `image: <ref>` added after the last entry of the block map `node`, at the indent of
 * its entries, or undefined when `node` is not a non-empty block map with source positions.
 */
function withLine(node) {
    if (!isMap(node) || node.flow || node.items.length === 0) return undefined;
    const first = node.items[0].key?.range?.[0];
    const last = node.items[node.items.length - 1];
    const end = (last.value ?? last.key)?.range?.[1];
    if (first === undefined || end === undefined) return undefined;
    const indent = first - (source.lastIndexOf("\n", first - 1) + 1);
    // A nested block's range ends after its newline, a scalar's before it: the newline at or after end - 1.
    const eol = source.indexOf("\n", end - 1);
    const at = eol === -1 ? source.length : eol + 1;
    const line = `${" ".repeat(indent)}image: ${stringify(image, { lineWidth: 0 }).trimEnd()}\n`;
    return `${source.slice(0, at)}${eol === -1 ? "\n" : ""}${line}${source.slice(at)}`;
}
