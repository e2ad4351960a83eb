import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/mocks";

const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");

describe("README", () => {
    it("shows the two set-up commands and the test command", () => {
        expect(readme).toContain("npm ci && npm run plan -- --stack local");
        expect(readme).toContain("npm test");
    });

    it("stays short: under 200 lines, the details live in docs/", () => {
        expect(readme.split("\n").length).toBeLessThan(200);
    });

    it("draws the architecture and the deploy pipeline in Mermaid", () => {
        expect(readme.match(/^```mermaid$/gm)).toHaveLength(2);
    });
});
