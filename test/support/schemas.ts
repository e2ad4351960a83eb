/**
 * Schema validation for everything the program sends to Kubernetes: custom resources against the
 * upstream CRDs in `schemas/crds/` (copied from the operators' release tags, see schemas/README.md),
 * built-in kinds against the Kubernetes 1.36 OpenAPI document in `schemas/kubernetes/`.
 * Unknown fields are errors (the API server would silently prune them).
 *
 * Compiling the CRD schemas (Strimzi's alone are megabytes) took ~6 s in every test file that validated
 * one; the compiled validators are kept as ajv standalone modules under node_modules/.cache, keyed by the
 * schema file, this file and ajv's version, so a suite compiles each schema once.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import standaloneCode from "ajv/dist/standalone";
import { parseAllDocuments } from "yaml";
import { ROOT } from "./mocks";

type Json = Record<string, unknown>;

function newAjv(): Ajv {
    return new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { source: true } });
}

const CACHE_DIR = path.join(ROOT, "node_modules", ".cache", "tristack", "validators");
const load = createRequire(__filename);
/** What a compiled validator depends on besides its schema file: how this file builds it, and ajv. */
const BUILDER = createHash("sha256")
    .update(readFileSync(__filename))
    .update(readFileSync(path.join(ROOT, "node_modules", "ajv", "package.json")))
    .digest("hex");

/**
 * The module `generate` writes, made once per key across test processes (others wait for it).
 * @param key what the module is a function of (hashed)
 * @param generate the module's source
 */
function cachedModule<T>(key: string, generate: () => string): T {
    const file = path.join(CACHE_DIR, `${createHash("sha256").update(BUILDER).update(key).digest("hex")}.cjs`);
    const lock = `${file}.lock`;
    mkdirSync(CACHE_DIR, { recursive: true });
    for (;;) {
        if (existsSync(file)) return load(file) as T;
        try {
            writeFileSync(lock, String(process.pid), { flag: "wx" });
            break;
        } catch {
            const held = statSync(lock, { throwIfNoEntry: false });
            if (held && Date.now() - held.mtimeMs > 120_000) rmSync(lock, { force: true });
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
        }
    }
    try {
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, generate());
        renameSync(tmp, file);
    } finally {
        rmSync(lock, { force: true });
    }
    return load(file) as T;
}

/** Close every object schema that lists properties, so unknown fields fail. */
function closeObjects(schema: unknown): unknown {
    if (Array.isArray(schema)) return schema.map(closeObjects);
    if (schema === null || typeof schema !== "object") return schema;
    const s: Json = {};
    for (const [k, v] of Object.entries(schema as Json)) s[k] = k === "properties" || k === "definitions" ? Object.fromEntries(Object.entries(v as Json).map(([pk, pv]) => [pk, closeObjects(pv)])) : closeObjects(v);
    if (s["properties"] && s["additionalProperties"] === undefined && s["x-kubernetes-preserve-unknown-fields"] !== true) s["additionalProperties"] = false;
    if (s["x-kubernetes-int-or-string"] === true) {
        delete s["type"];
        s["anyOf"] = [{ type: "integer" }, { type: "string" }];
    }
    return s;
}

interface CrdVersion {
    name: string;
    served: boolean;
    schema?: { openAPIV3Schema: Json };
}

const crdValidators = new Map<string, ValidateFunction>();
const servedVersions = new Map<string, string[]>();

/** One CRD file compiled: a validator per `group/version/kind`, and each kind's served versions. */
type CompiledCrds = Record<string, ValidateFunction> & { readonly served: Record<string, string[]> };

function compileCrdFile(text: string): string {
    const ajv = newAjv();
    const served: Record<string, string[]> = {};
    const ids: Record<string, string> = {};
    for (const doc of parseAllDocuments(text)) {
        const crd = doc.toJS() as { kind?: string; spec?: { group: string; names: { kind: string }; versions: CrdVersion[] } };
        if (crd?.kind !== "CustomResourceDefinition" || !crd.spec) continue;
        const { group, names, versions } = crd.spec;
        served[`${group}/${names.kind}`] = versions.filter((v) => v.served).map((v) => v.name);
        for (const v of versions) {
            if (!v.schema) continue;
            const schema = closeObjects(v.schema.openAPIV3Schema) as Json;
            // metadata is validated as ObjectMeta by the API server, not by the CRD schema.
            (schema["properties"] as Json)["metadata"] = { type: "object" };
            const id = `${group}/${v.name}/${names.kind}`;
            ajv.addSchema(schema, id);
            ids[id] = id;
        }
    }
    // Validator ids contain slashes, so `served` cannot collide with one.
    return `${standaloneCode(ajv, ids)}\nexports.served = ${JSON.stringify(served)};\n`;
}

function loadCrds(): void {
    if (servedVersions.size > 0) return;
    const dir = path.join(ROOT, "schemas", "crds");
    for (const sub of readdirSync(dir)) {
        const full = path.join(dir, sub);
        for (const file of readdirSync(full).filter((f) => f.endsWith(".yaml"))) {
            const text = readFileSync(path.join(full, file), "utf8");
            const { served, ...validators } = cachedModule<CompiledCrds>(text, () => compileCrdFile(text));
            for (const [key, versions] of Object.entries(served)) servedVersions.set(key, versions);
            for (const [key, validate] of Object.entries(validators)) crdValidators.set(key, validate);
        }
    }
}

function errorsOf(validate: ValidateFunction): string[] {
    return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}${e.params && "additionalProperty" in e.params ? ` (${String(e.params["additionalProperty"])})` : ""}`);
}

/**
 * Validate a custom resource (apiVersion, kind, metadata, spec) against its upstream CRD.
 * Returns the errors; an empty list means valid.
 * @param obj the object as the program registers it
 */
export function validateCustomResource(obj: Json): string[] {
    loadCrds();
    const apiVersion = String(obj["apiVersion"]);
    const kind = String(obj["kind"]);
    const [group, version] = apiVersion.split("/");
    const served = servedVersions.get(`${group}/${kind}`);
    if (!served) return [`no CRD known for ${group}/${kind}`];
    if (!served.includes(version ?? "")) return [`${apiVersion} ${kind} is not served by the CRD (served: ${served.join(", ")})`];
    const validate = crdValidators.get(`${group}/${version}/${kind}`);
    if (!validate) return [`no schema for ${apiVersion} ${kind}`];
    return validate(obj) ? [] : errorsOf(validate);
}

let swaggerText: string | undefined;
const gvkToDefinition = new Map<string, string>();
const k8sValidators = new Map<string, ValidateFunction>();
let k8sAjv: Ajv | undefined;

function loadKubernetes(): void {
    if (swaggerText !== undefined) return;
    swaggerText = readFileSync(path.join(ROOT, "schemas", "kubernetes", "swagger.json"), "utf8");
    const swagger = JSON.parse(swaggerText) as { definitions: Record<string, Json> };
    for (const [name, def] of Object.entries(swagger.definitions)) {
        for (const gvk of (def["x-kubernetes-group-version-kind"] as { group: string; version: string; kind: string }[] | undefined) ?? []) {
            gvkToDefinition.set(`${gvk.group ? `${gvk.group}/` : ""}${gvk.version}/${gvk.kind}`, name);
        }
    }
}

/** An ajv holding every definition of the Kubernetes schema, closed (only built when a validator is not cached). */
function kubernetesAjv(): Ajv {
    if (k8sAjv) return k8sAjv;
    const swagger = JSON.parse(swaggerText!) as { definitions: Record<string, Json> };
    const closed = closeObjects(swagger.definitions) as Record<string, Json>;
    // Quantities and int-or-strings are strings on the wire but numbers in manifests.
    closed["io.k8s.apimachinery.pkg.api.resource.Quantity"] = { anyOf: [{ type: "string" }, { type: "number" }] };
    closed["io.k8s.apimachinery.pkg.util.intstr.IntOrString"] = { anyOf: [{ type: "string" }, { type: "integer" }] };
    k8sAjv = newAjv();
    k8sAjv.addSchema({ $id: "k8s", definitions: closed });
    return k8sAjv;
}

function kubernetesValidator(def: string): ValidateFunction {
    let validate = k8sValidators.get(def);
    if (!validate) {
        const compiled = cachedModule<{ validate: ValidateFunction }>(`${swaggerText!}\0${def}`, () => standaloneCode(kubernetesAjv(), { validate: `k8s#/definitions/${def}` }));
        validate = compiled.validate;
        k8sValidators.set(def, validate);
    }
    return validate;
}

/**
 * Validate a built-in Kubernetes object against the Kubernetes 1.36 OpenAPI schema.
 * Returns the errors; an empty list means valid. Unknown apiVersion/kind pairs (removed APIs) are errors.
 * @param obj the object as the program registers it
 */
export function validateKubernetesObject(obj: Json): string[] {
    loadKubernetes();
    const key = `${String(obj["apiVersion"])}/${String(obj["kind"])}`;
    const def = gvkToDefinition.get(key);
    if (!def) return [`${key} is not served by Kubernetes 1.36`];
    const validate = kubernetesValidator(def);
    return validate(obj) ? [] : errorsOf(validate);
}
