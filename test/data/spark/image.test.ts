/**
 * The platform Spark image's build inputs (images/spark): the same base, Hadoop release and jars as
 * components/data/spark/versions.ts, connectors at the Hadoop release the base ships, and no checksum
 * that was not read from an artifact.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { BAKED_JARS, bakedJarFile, RAPIDS_JAR_PATH, SPARK_BASE_IMAGE, SPARK_VERSIONS, sparkImage } from "../../../components/data/spark/versions";
import { parsePlatformSpec } from "../../../components/spec";
import { ROOT, stackSpec } from "../../support/mocks";

const dir = path.join(ROOT, "images", "spark");
const lines = (file: string) =>
    readFileSync(path.join(dir, file), "utf8")
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l !== "" && !l.startsWith("#"));
const dockerfile = readFileSync(path.join(dir, "Dockerfile"), "utf8");
const arg = (name: string) => new RegExp(`^ARG ${name}=(.+)$`, "m").exec(dockerfile)?.[1];

describe("the platform Spark image", () => {
    it("builds FROM the pinned apache/spark digest and for the Hadoop release of versions.ts", () => {
        expect(arg("BASE")).toBe(SPARK_BASE_IMAGE);
        expect(arg("HADOOP_VERSION")).toBe(SPARK_VERSIONS.hadoop.version);
        expect(dockerfile).toMatch(/^FROM \$\{BASE\} AS fetch$/m);
        expect(dockerfile).toMatch(/^USER 185$/m);
    });

    it("bakes exactly the jars of versions.ts, in order", () => {
        expect(lines("jars.txt")).toEqual(BAKED_JARS.map((j) => [j.group, j.artifact, j.version, ...(j.classifier ? [j.classifier] : [])].join(":")));
    });

    it("carries S3A (hadoop-aws + SDK v2 bundle), ABFS and the shaded GCS connector at Spark's Hadoop release, and RAPIDS", () => {
        const v = (artifact: string) => BAKED_JARS.find((j) => j.artifact === artifact);
        expect(v("hadoop-aws")?.version).toBe(SPARK_VERSIONS.hadoop.version);
        expect(v("hadoop-azure")?.version).toBe(SPARK_VERSIONS.hadoop.version);
        expect(v("bundle")?.group).toBe("software.amazon.awssdk");
        expect(v("gcs-connector")?.classifier).toBe("shaded");
        expect(v("spark-hadoop-cloud_2.13")?.version).toBe(SPARK_VERSIONS.sparkImage.version);
        expect(RAPIDS_JAR_PATH).toBe(`/opt/spark/jars/rapids-4-spark_2.13-${SPARK_VERSIONS.rapids.version}.jar`);
    });

    it("pins no SHA-256 that does not name a baked jar (values are copied from a build, never invented)", () => {
        const files = new Set(BAKED_JARS.map(bakedJarFile));
        for (const l of lines("jars.sha256")) {
            const m = /^([0-9a-f]{64}) {2}(\S+)$/.exec(l);
            expect(m, l).not.toBeNull();
            expect(files.has(m![2]!), l).toBe(true);
        }
    });

    it("verifies every jar against the publisher's .sha1 and a pinned SHA-256 when there is one", () => {
        const script = readFileSync(path.join(dir, "fetch-jars.sh"), "utf8");
        expect(script).toContain('fetch "$url.sha1"');
        expect(script).toContain("sha1sum --check");
        expect(script).toContain("REQUIRE_PINNED");
        expect(script).toContain("hadoop-client-api-");
    });

    it("is what Spark runs when spec.spark.image names it, and the upstream base otherwise", () => {
        const ref = `ghcr.io/example/tristack-spark:4.0.4@sha256:${"b".repeat(64)}`;
        expect([sparkImage(ref), sparkImage(undefined)]).toEqual([ref, SPARK_BASE_IMAGE]);
    });

    it("is refused by the spec unless pinned by digest, naming the key, the value and what is allowed", () => {
        const withImage = (image: string) => {
            const raw = stackSpec("aws-dev") as Record<string, Record<string, unknown>>;
            raw["spark"] = { ...raw["spark"], image };
            return () => parsePlatformSpec(raw);
        };
        expect(withImage(`ghcr.io/example/tristack-spark:4.0.4@sha256:${"c".repeat(64)}`)().spark.image).toMatch(/@sha256:/);
        expect(withImage("ghcr.io/example/tristack-spark:4.0.4")).toThrow(/spark\.image[\s\S]*ghcr\.io\/example\/tristack-spark:4\.0\.4[\s\S]*pinned by digest/);
    });
});
