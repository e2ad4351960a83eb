/**
 * Bench helper: the SDK's own cost of one resource under the same loader as the program. Runs the floor
 * project (bench/floor: a Namespace and N ConfigMaps, nothing of tristack) through the language host
 * with N = 0 and N = 2000, and prints the difference per resource in milliseconds as JSON (process
 * start, SDK loading and TypeScript set-up cancel out), in wall time and in CPU time (bench/cpuTime.ts).
 */
import * as path from "node:path";
import { runLanguageHost } from "../components/plan/langhost";
import { cpuMs } from "./cpuTime";

const COUNT = 2000;

/** Wall time and CPU time (this process and the program's; undefined off Linux) of one run. */
async function measure(count: number): Promise<{ ms: number; cpu: number | undefined }> {
    const started = process.hrtime.bigint();
    const cpuStart = cpuMs();
    const r = await runLanguageHost({
        projectDir: path.join(__dirname, "floor"),
        stack: "bench",
        config: { "floor:count": String(count) },
        preview: false,
        mocks: { newResource: (_t, name, inputs) => ({ id: `${name}-id`, state: inputs }), call: () => ({}) },
    });
    if (r.exitCode !== 0) throw new Error(`floor program failed: ${r.stderr}${r.logs.map((l) => l.message).join("\n")}`);
    const cpuEnd = cpuMs();
    return { ms: Number(process.hrtime.bigint() - started) / 1e6, cpu: cpuStart === undefined || cpuEnd === undefined ? undefined : cpuEnd - cpuStart };
}

async function main(): Promise<void> {
    const empty = await measure(0);
    const full = await measure(COUNT);
    const cpuMsPerResource = empty.cpu === undefined || full.cpu === undefined ? undefined : (full.cpu - empty.cpu) / COUNT;
    console.log(JSON.stringify({ resources: COUNT, emptyMs: empty.ms, fullMs: full.ms, msPerResource: (full.ms - empty.ms) / COUNT, cpuMsPerResource }));
}

main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
});
