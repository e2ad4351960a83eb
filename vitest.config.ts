import { defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["test/**/*.test.ts"],
        // The Pulumi mock engine is process-global: one fork per file keeps runs independent.
        pool: "forks",
        testTimeout: 120_000,
        // The JSON report gives CI its one-line total (.ci/run).
        reporters: ["default", ["json", { outputFile: "out/test-results.json" }]],
        hookTimeout: 120_000,
    },
});
