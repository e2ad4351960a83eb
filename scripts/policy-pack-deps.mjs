// Makes sure the policy pack's own dependencies (policies/node_modules) are installed and match
// policies/package-lock.json, installing them with `npm ci --prefix policies` when they are missing or
// stale. `npm test` runs it first, so a fresh clone needs only `npm ci` before `npm test`; the Pulumi
// CLI loads the pack from policies/node_modules (docs/policy-pack.md), so a user deploying runs the
// same `npm ci --prefix policies` once.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const pack = join(dirname(fileURLToPath(import.meta.url)), "..", "policies");
const lock = readFileSync(join(pack, "package-lock.json"));
const stamp = join(pack, "node_modules", ".tristack-lock-sha256");
const want = createHash("sha256").update(lock).digest("hex");
if (existsSync(stamp) && readFileSync(stamp, "utf8") === want) process.exit(0);
console.log("policy pack: npm ci --prefix policies (its own dependencies, as the Pulumi CLI loads it)");
execFileSync("npm", ["ci", "--prefix", pack, "--no-audit", "--no-fund"], { stdio: "inherit" });
writeFileSync(stamp, want);
