/**
 * Refusals keep their details: the value, the allowed set, the key, the file and line, and a hint where
 * the mistake is a common one (an unquoted version, a key in the wrong case, a region one letter off).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { addonVersionsFor } from "../../components/clouds/aws/addons";
import { AWS_CATALOG } from "../../components/clouds/aws/catalog";
import { EKS_KUBERNETES_VERSIONS } from "../../components/clouds/aws/versions";
import { CATALOGS } from "../../components/clouds/catalog";
import { oversizedPools } from "../../components/clouds/shapeFit";
import { parseStackFile, REPO_ROOT } from "../../components/plan/stacks";
import { warningsMarkdown } from "../../components/plan/warnings";
import { parsePlatformSpec, SpecError } from "../../components/spec";
import { allowedKeysAt } from "../../components/spec/parse";

/** A small aws spec; each case changes one thing and looks only at the problems of its own key. */
function base(): Record<string, unknown> {
    return {
        cloud: "aws",
        environment: "dev",
        region: "us-east-1",
        zones: ["us-east-1a", "us-east-1b"],
        kubernetesVersion: "1.35",
        nodePools: {
            system: { role: "system", shape: { vCpu: 4, memoryGiB: 16 }, maxNodes: 3 },
            general: { role: "general", shape: { vCpu: 8, memoryGiB: 32 }, maxNodes: 4 },
        },
    };
}

function problemsAt(spec: unknown, key: string): { path: string; value: string; expected: string }[] {
    try {
        parsePlatformSpec(spec);
    } catch (err) {
        expect(err).toBeInstanceOf(SpecError);
        return (err as SpecError).problems.filter((p) => p.path === key || p.path.startsWith(`${key}.`));
    }
    return [];
}

describe("unknown keys get the nearest allowed key", () => {
    it("suggests nodePools for nodepools", () => {
        const spec = { ...base(), nodepools: {} };
        expect(problemsAt(spec, "nodepools")).toEqual([{ path: "nodepools", value: "(unknown key)", expected: "no unknown keys (unknown: nodepools); did you mean `nodePools`?" }]);
    });

    it("suggests a nested key (nodePools.<name>.maxnodes)", () => {
        const spec = base();
        (spec["nodePools"] as Record<string, Record<string, unknown>>)["general"]!["maxnode"] = 4;
        expect(problemsAt(spec, "nodePools.general.maxnode")).toEqual([{ path: "nodePools.general.maxnode", value: "(unknown key)", expected: "no unknown keys (unknown: maxnode); did you mean `maxNodes`?" }]);
    });

    it("gives no suggestion when nothing is close", () => {
        const spec = { ...base(), colour: "blue" };
        expect(problemsAt(spec, "colour")).toEqual([{ path: "colour", value: "(unknown key)", expected: "no unknown keys (unknown: colour)" }]);
    });

    it("knows the keys at the root, inside a map entry and in a nested object", () => {
        expect(allowedKeysAt([])).toContain("nodePools");
        expect(allowedKeysAt(["nodePools", "anyName"])).toContain("maxNodes");
        expect(allowedKeysAt(["nodePools", "anyName", "shape"])).toEqual(["vCpu", "memoryGiB"]);
    });
});

describe("an unquoted version", () => {
    it("explains that YAML read 1.30 as the number 1.3", () => {
        const spec = { ...base(), kubernetesVersion: 1.3 };
        expect(problemsAt(spec, "kubernetesVersion")).toEqual([
            { path: "kubernetesVersion", value: "1.3", expected: 'a value of type string (YAML reads unquoted digits as a number and drops trailing zeros, so 1.30 becomes 1.3: quote it, e.g. "1.30")' },
        ]);
    });
});

describe("regions come from the cloud's catalog", () => {
    it("refuses mars-north-1 on aws with the catalog's regions", () => {
        expect(problemsAt({ ...base(), region: "mars-north-1", zones: ["mars-north-1a"] }, "region")).toEqual([
            { path: "region", value: '"mars-north-1"', expected: `one of the aws regions: ${AWS_CATALOG.regions!.join(", ")} (components/clouds/aws/catalog.ts)` },
        ]);
    });

    it("suggests the region one character away", () => {
        const [problem] = problemsAt({ ...base(), region: "us-east1", zones: ["us-east1a"] }, "region");
        expect(problem?.expected.endsWith('; did you mean "us-east-1"?')).toBe(true);
    });

    it.each([
        ["aws", "eu-west-1"],
        ["gcp", "europe-west4"],
        ["azure", "westeurope"],
    ] as const)("lists %s %s", (cloud, region) => {
        expect(CATALOGS[cloud].regions).toContain(region);
    });

    it("does not judge the region of an existing cluster", () => {
        expect(CATALOGS.existing.regions).toBeUndefined();
    });
});

describe("the EKS add-on pre-flight", () => {
    it("names the value and the pinned minors in the message itself", () => {
        expect(EKS_KUBERNETES_VERSIONS).not.toContain("1.29");
        expect(() => addonVersionsFor("1.29")).toThrow(`kubernetesVersion 1.29 has no pinned EKS add-on versions; pinned: ${EKS_KUBERNETES_VERSIONS.join(", ")} (components/clouds/aws/versions.ts).`);
    });
});

describe("a YAML syntax error names the file and the line", () => {
    it("prefixes the parser's message with file:line:column", () => {
        const file = path.join(mkdtempSync(path.join(tmpdir(), "tristack-yaml-")), "Pulumi.broken.yaml");
        writeFileSync(file, "config:\n  tristack:spec:\n    cloud: aws\n   region: us-east-1\n");
        let message = "";
        try {
            parseStackFile(file);
        } catch (err) {
            message = (err as Error).message;
        }
        expect(message.split("\n")[0]).toBe(`${path.relative(REPO_ROOT, file)}:4:1: All mapping items must start at the same column at line 4, column 1:`);
    });
});

describe("a catalog type much larger than the shape asks is a warning", () => {
    const pool = (role: "general" | "large-core", vCpu: number, memoryGiB: number, extra: object = {}) => ({ role, shape: { vCpu, memoryGiB }, localNvme: false, ...extra });

    it("warns when 32 vCPU becomes a 64-vCPU type", () => {
        expect(oversizedPools("aws", { spark: pool("large-core", 32, 128) })).toEqual([
            "node pool spark asks for 32 vCPU / 128 GiB, but the smallest aws type that fits is c7i.16xlarge (64 vCPU / 128 GiB), 2x the vCPUs; set nodePools.spark.shape to what you need from that type, or name a type in nodePools.spark.instanceType.aws",
        ]);
    });

    it("warns on memory alone at twice the ask", () => {
        expect(oversizedPools("aws", { small: pool("general", 8, 8) })).toEqual([
            "node pool small asks for 8 vCPU / 8 GiB, but the smallest aws type that fits is m7i.2xlarge (8 vCPU / 32 GiB), 4x the memory; set nodePools.small.shape to what you need from that type, or name a type in nodePools.small.instanceType.aws",
        ]);
    });

    it.each([
        ["an exact fit", "aws", pool("large-core", 64, 128)],
        ["an explicit type", "aws", pool("large-core", 32, 128, { instanceType: { aws: "c7i.16xlarge" } })],
        ["an existing cluster", "existing", pool("large-core", 32, 128)],
    ] as const)("stays quiet for %s", (_what, cloud, p) => {
        expect(oversizedPools(cloud, { p })).toEqual([]);
    });

    it("is a section of report.md", () => {
        expect(warningsMarkdown(["one", "two"])).toBe("## Warnings\n\n- one\n- two\n\n");
        expect(warningsMarkdown([])).toBe("");
    });
});

describe("how the language host prints what main() rethrows", () => {
    // cmd/run/run.js formats every uncaught error with util.inspect(err, { colors: true }); on Node 20.19.6+
    // the colouring of a frame such as `.../node_modules/@pulumi/resource.ts:1:1` never ends (nodejs/node#64011).
    // A safe frame shows the difference: coloured output carries ANSI codes, the plain one is the stack itself.
    const withFrame = () => Object.assign(new Error("tristack:spec is invalid"), { stack: "Error: tristack:spec is invalid\n    at main (/srv/app/node_modules/some-lib/index.js:1:1)" });

    it("prints a rethrown error as its plain stack, without the colouring that loops", async () => {
        const { inspect } = await import("node:util");
        const { plainInspect } = await import("../../components/spec/programError");
        expect(inspect(withFrame(), { colors: true })).toContain("\u001b[");
        const err = plainInspect(withFrame());
        expect(inspect(err, { colors: true })).toBe(err.stack);
        expect(Object.keys(err)).toEqual(Object.keys(withFrame()));
    });

    it("main() passes every error it rethrows through plainInspect", async () => {
        const { readFileSync } = await import("node:fs");
        const source = readFileSync(path.join(REPO_ROOT, "index.ts"), "utf8");
        const main = source.slice(source.indexOf("async function main()"), source.indexOf("/** config -> spec"));
        expect(main).toMatch(/throw reported instanceof Error \? plainInspect\(reported\) : reported;/);
        expect(main.match(/\bthrow\b/g)).toHaveLength(1);
    });
});
