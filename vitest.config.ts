import { defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["test/**/*.test.ts"],
        // The Pulumi mock engine is process-global: one fork per file keeps runs independent.
        pool: "forks",
        testTimeout: 120_000,
        hookTimeout: 120_000,
    },
});
