// `npm test`'s static checks: the type-check (tsc --noEmit) and the linter (eslint .) at the same time.
// Each is mostly one thread, so on a 2-core runner running them side by side takes as long as tsc alone
// instead of tsc plus eslint. Each tool's output is printed whole, in a fixed order, once both are done;
// the exit code is non-zero when either fails.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => join(root, "node_modules", ".bin", name);
const checks = [
    { label: "tsc --noEmit (type-check)", cmd: bin("tsc"), args: ["--noEmit"] },
    { label: "eslint", cmd: bin("eslint"), args: ["."] },
];

function run({ cmd, args }) {
    return new Promise((resolve) => {
        const child = spawn(cmd, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
        let output = "";
        child.stdout.on("data", (d) => (output += d));
        child.stderr.on("data", (d) => (output += d));
        child.on("error", (err) => resolve({ code: 1, output: `${output}${err.message}\n` }));
        child.on("close", (code, signal) => resolve({ code: code ?? 1, output: signal ? `${output}killed by ${signal}\n` : output }));
    });
}

const started = Date.now();
const results = await Promise.all(checks.map(run));
let failed = false;
for (const [i, { code, output }] of results.entries()) {
    console.log(`${code === 0 ? "ok    " : "FAILED"} ${checks[i].label}`);
    if (output.trim() !== "") process.stdout.write(output.endsWith("\n") ? output : `${output}\n`);
    failed ||= code !== 0;
}
console.log(`static checks: ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
