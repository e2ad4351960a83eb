/**
 * Executor sizing as pure functions: the conf equals the capacity module's shape, the table covers
 * the right pools, GPU executors are one per GPU, and the table in docs/services/spark.md matches the code.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { sizeSparkExecutor, sparkMemoryOverheadMiB } from "../../../components/capacity";
import { poolHandles } from "../../../components/clouds/pools";
import { gpuExecutorShape, sparkExecutorDefaults, sparkSizingTable } from "../../../components/data/spark/sizing";
import { parsePlatformSpec } from "../../../components/spec";
import { ROOT, stackSpec } from "../../support/mocks";

const poolsOf = (stack: string) => poolHandles(parsePlatformSpec(stackSpec(stack)), { gpu: { driverProvidedByCloud: true, devicePluginProvidedByCloud: false }, systemTaint: true, localScratchHostPath: "/x" });

describe("Spark executor sizing", () => {
    it.each(["aws-prod", "gcp-prod", "azure-prod"])("gives %s's large-core pool a pod request of exactly memory + Spark's overhead", (stack) => {
        const pool = poolsOf(stack)["bigcpu"]!;
        const conf = sparkExecutorDefaults(pool);
        const shape = sizeSparkExecutor(pool.allocatable, pool.daemonSetOverhead);
        const memory = Number(conf["spark.executor.memory"]!.replace("m", ""));
        const overhead = Number(conf["spark.executor.memoryOverhead"]!.replace("m", ""));
        expect(overhead).toBe(sparkMemoryOverheadMiB(memory));
        expect(memory + overhead).toBe(shape.podMemoryMiB);
        expect(conf["spark.kubernetes.executor.request.cores"]).toBe(`${shape.requestCpuMillis}m`);
    });

    it("lists every general and large-core pool and the Spark GPU pool, with their use", () => {
        const spec = parsePlatformSpec(stackSpec("aws-prod"));
        expect(sparkSizingTable({ pools: poolsOf("aws-prod") }, spec).map((r) => [r.pool, r.role, r.use])).toEqual([
            ["general", "general", "driver"],
            ["bigcpu", "large-core", "executor"],
            ["gpu", "gpu", "gpu-executor"],
        ]);
    });

    it("marks a general pool that carries both drivers and executors", () => {
        const spec = parsePlatformSpec(stackSpec("local"));
        expect(sparkSizingTable({ pools: poolsOf("local") }, spec).map((r) => [r.pool, r.use])).toEqual([["general", "driver+executor"]]);
    });

    it("runs one GPU executor per GPU, within the node's allocatable after DaemonSets", () => {
        const pool = poolsOf("aws-prod")["gpu"]!;
        const shape = gpuExecutorShape(pool);
        expect(shape.perNode).toBe(pool.instanceType.gpu!.count);
        expect(shape.perNode * shape.requestCpuMillis).toBeLessThanOrEqual(pool.allocatable.cpuMillis - pool.daemonSetOverhead.cpuMillis);
        expect(shape.perNode * shape.podMemoryMiB).toBeLessThanOrEqual(pool.allocatable.memoryMiB - pool.daemonSetOverhead.memoryMiB);
    });

    it("matches the sizing table of docs/services/spark.md for the prod stacks", () => {
        const page = readFileSync(path.join(ROOT, "docs", "services", "spark.md"), "utf8");
        const section = page.slice(page.indexOf("## Executor sizing"));
        const documented = section.split("\n").filter((l) => /^\| (aws|gcp|azure)-prod \|/.test(l));
        const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
        const expected = ["aws-prod", "gcp-prod", "azure-prod"].flatMap((stack) =>
            sparkSizingTable({ pools: poolsOf(stack) }, parsePlatformSpec(stackSpec(stack)))
                .filter((r) => r.role !== "gpu")
                .map((r) => `| ${stack} | ${r.pool} | ${r.use} | ${r.instanceType} | ${r.cores} | ${r.requestCpuMillis}m | ${r.memoryMiB}m | ${r.overheadMiB}m | ${r.perNode} | ${pct(r.cpuPacking)} | ${pct(r.memoryPacking)} |`),
        );
        expect(documented).toEqual(expected);
    });
});
