/**
 * Schema validation for everything the program sends to Kubernetes: custom resources against the
 * upstream CRDs in `schemas/crds/` (copied from the operators' release tags, see schemas/README.md),
 * built-in kinds against the Kubernetes 1.36 OpenAPI document in `schemas/kubernetes/`.
 * Unknown fields are errors (the API server would silently prune them).
 */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import { parseAllDocuments } from "yaml";
import { ROOT } from "./mocks";

type Json = Record<string, unknown>;

function newAjv(): Ajv {
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    return ajv;
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

function loadCrds(): void {
    if (crdValidators.size > 0) return;
    const ajv = newAjv();
    const dir = path.join(ROOT, "schemas", "crds");
    for (const sub of readdirSync(dir)) {
        const full = path.join(dir, sub);
        for (const file of readdirSync(full).filter((f) => f.endsWith(".yaml"))) {
            for (const doc of parseAllDocuments(readFileSync(path.join(full, file), "utf8"))) {
                const crd = doc.toJS() as { kind?: string; spec?: { group: string; names: { kind: string }; versions: CrdVersion[] } };
                if (crd?.kind !== "CustomResourceDefinition" || !crd.spec) continue;
                const { group, names, versions } = crd.spec;
                const key = `${group}/${names.kind}`;
                servedVersions.set(key, versions.filter((v) => v.served).map((v) => v.name));
                for (const v of versions) {
                    if (!v.schema) continue;
                    const schema = closeObjects(v.schema.openAPIV3Schema) as Json;
                    // metadata is validated as ObjectMeta by the API server, not by the CRD schema.
                    (schema["properties"] as Json)["metadata"] = { type: "object" };
                    crdValidators.set(`${group}/${v.name}/${names.kind}`, ajv.compile(schema));
                }
            }
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

let k8sAjv: Ajv | undefined;
const gvkToDefinition = new Map<string, string>();

function loadKubernetes(): Ajv {
    if (k8sAjv) return k8sAjv;
    const swagger = JSON.parse(readFileSync(path.join(ROOT, "schemas", "kubernetes", "swagger.json"), "utf8")) as { definitions: Record<string, Json> };
    const definitions: Record<string, Json> = {};
    for (const [name, def] of Object.entries(swagger.definitions)) {
        for (const gvk of (def["x-kubernetes-group-version-kind"] as { group: string; version: string; kind: string }[] | undefined) ?? []) {
            gvkToDefinition.set(`${gvk.group ? `${gvk.group}/` : ""}${gvk.version}/${gvk.kind}`, name);
        }
        definitions[name] = def;
    }
    const closed = closeObjects(definitions) as Record<string, Json>;
    // Quantities and int-or-strings are strings on the wire but numbers in manifests.
    closed["io.k8s.apimachinery.pkg.api.resource.Quantity"] = { anyOf: [{ type: "string" }, { type: "number" }] };
    closed["io.k8s.apimachinery.pkg.util.intstr.IntOrString"] = { anyOf: [{ type: "string" }, { type: "integer" }] };
    const ajv = newAjv();
    ajv.addSchema({ $id: "k8s", definitions: closed });
    k8sAjv = ajv;
    return ajv;
}

/**
 * Validate a built-in Kubernetes object against the Kubernetes 1.36 OpenAPI schema.
 * Returns the errors; an empty list means valid. Unknown apiVersion/kind pairs (removed APIs) are errors.
 * @param obj the object as the program registers it
 */
export function validateKubernetesObject(obj: Json): string[] {
    const ajv = loadKubernetes();
    const key = `${String(obj["apiVersion"])}/${String(obj["kind"])}`;
    const def = gvkToDefinition.get(key);
    if (!def) return [`${key} is not served by Kubernetes 1.36`];
    const validate = ajv.getSchema(`k8s#/definitions/${def}`);
    if (!validate) return [`no schema for ${key}`];
    return validate(obj) ? [] : errorsOf(validate);
}
