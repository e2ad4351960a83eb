import { readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";

export default defineConfig({
    plugins: [
        {
            // @actions/* ship source-map comments pointing at sources they do not publish; drop them
            // so Vite does not warn once per file.
            name: "strip-missing-dependency-sourcemaps",
            enforce: "pre",
            load(id) {
                const file = id.split("?")[0] ?? id;
                if (!file.includes("/node_modules/@actions/") || !file.endsWith(".js")) return null;
                return readFileSync(file, "utf8").replace(/\/\/# sourceMappingURL=.*$/m, "");
            },
        },
    ],
    test: {
        include: ["test/**/*.test.ts"],
        // Forks, not threads: a test file that builds an adapter in-process sets the Pulumi SDK's mocks,
        // which are process-global; each file sets its own before it registers anything.
        pool: "forks",
        // Files share a worker process (and its loaded SDK, components and recorded program runs): a fresh
        // process per file spent ~1.6 s collecting each of the 91 files (146 s of worker time, half the
        // warm suite). Program runs are separate language-host processes either way (components/plan/engine.ts).
        isolate: false,
        // A test file spends much of its time waiting for a language-host child process (one core each);
        // vitest's default (CPUs - 1 workers: one on a 2-core runner) leaves the other core idle.
        maxWorkers: 3,
        // Not fewer: with isolate off and minWorkers below maxWorkers, tinypool retires an idle worker while
        // vitest recycles the pool at the end, the run fails with "Terminating worker thread" and the
        // retired worker is left running (vitest 3.2, tinypool 1.1).
        minWorkers: 3,
        // A program run spawns the Pulumi language host (components/plan/engine.ts); on a busy 2-core
        // machine a stack takes tens of seconds.
        testTimeout: 600_000,
        hookTimeout: 600_000,
        // Quiet on success: one line per file, not one per test that took longer than 300 ms.
        slowTestThreshold: 120_000,
        // The JSON report gives CI its one-line total (.ci/run).
        reporters: ["default", ["json", { outputFile: "out/test-results.json" }]],
        // GitHub's workflow parser imports JSON schemas without import attributes, which Node 20's
        // native ESM loader rejects; let Vite transform it instead.
        server: { deps: { inline: [/@actions\//] } },
    },
});
