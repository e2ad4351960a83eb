/**
 * Bench helper: the SDK's own cost of one resource under the same loader as the program. Runs the floor
 * project (bench/floor: a Namespace and N ConfigMaps, nothing of tristack) through the language host
 * with N = 0 and N = 2000, and prints the difference per resource in milliseconds as JSON (process
 * start, SDK loading and TypeScript set-up cancel out).
 */
import * as path from "node:path";
import { runLanguageHost } from "../components/plan/langhost";

const COUNT = 2000;

async function wallMs(count: number): Promise<number> {
    const started = process.hrtime.bigint();
    const r = await runLanguageHost({
        projectDir: path.join(__dirname, "floor"),
        stack: "bench",
        config: { "floor:count": String(count) },
        preview: false,
        mocks: { newResource: (_t, name, inputs) => ({ id: `${name}-id`, state: inputs }), call: () => ({}) },
    });
    if (r.exitCode !== 0) throw new Error(`floor program failed: ${r.stderr}${r.logs.map((l) => l.message).join("\n")}`);
    return Number(process.hrtime.bigint() - started) / 1e6;
}

async function main(): Promise<void> {
    const empty = await wallMs(0);
    const full = await wallMs(COUNT);
    console.log(JSON.stringify({ resources: COUNT, emptyMs: empty, fullMs: full, msPerResource: (full - empty) / COUNT }));
}

main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
});
