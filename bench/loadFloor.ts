/**
 * Bench helper: run a generated floor project (bench.ts writes an index.ts that only imports the SDK
 * modules a stack's program imports) through the language host, as the program is run, and exit.
 * Timed from outside, it is the load floor a stack's plan is compared with.
 */
import { runLanguageHost } from "../components/plan/langhost";

async function main(): Promise<void> {
    const dir = process.argv[2];
    if (!dir) throw new Error("usage: loadFloor.ts <project dir>");
    const r = await runLanguageHost({ projectDir: dir, stack: "bench", config: {}, preview: false, mocks: { newResource: (_t, name) => ({ id: name, state: {} }), call: () => ({}) } });
    if (r.exitCode !== 0) throw new Error(`floor failed: ${r.stderr}${r.logs.map((l) => l.message).join("\n")}`);
}

main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
});
