/**
 * Bench helper: run one stack's program (optionally with N generated tenants) through the language
 * host, as `pulumi up` loads it, evaluate the policies, and print the wall time in milliseconds as JSON.
 * Process start, SDK loading and TypeScript set-up are included; the bench compares two tenant counts,
 * so they cancel out of the per-resource figure. `cpuMs` is the CPU time of this process and the
 * program's process over the same span (bench/cpuTime.ts).
 */
import { runProgram } from "../components/plan/engine";
import { cpuMs } from "./cpuTime";
import { evaluatePolicies } from "../components/plan/policy";
import { readStack } from "../components/plan/stacks";

async function main(): Promise<void> {
    const [stack, tenantsArg] = process.argv.slice(2);
    if (!stack) throw new Error("usage: planSpec.ts <stack> [tenants]");
    const { spec, config } = readStack(stack);
    const raw = structuredClone(spec) as { tenants?: Record<string, unknown> };
    // Generated tenants name an identity on every cloud (only the stack's own is used); the GKE
    // email is in the stacks' security-group domain.
    const benchMembers = (i: number) => ({
        aws: { roleArns: [`arn:aws:iam::111122223333:role/bench-team-${i}`] },
        gcp: { groupEmail: `bench-team-${i}@acme.com` },
        azure: { groupObjectId: `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}` },
        existing: { group: `bench-team-${i}` },
    });
    const extra = Number(tenantsArg ?? 0);
    if (extra > 0) {
        // The stack's own tenants (topics refer to them) plus generated ones up to the requested total.
        const tenants: Record<string, unknown> = { ...raw.tenants };
        for (let i = 0; Object.keys(tenants).length < extra; i++) tenants[`t${String(i).padStart(3, "0")}`] = { members: benchMembers(i), quota: { cpu: 8, memoryGiB: 32, storageGiB: 100 } };
        raw.tenants = tenants;
    }
    const started = process.hrtime.bigint();
    const cpuStart = cpuMs();
    const run = await runProgram(raw, { stack, config });
    evaluatePolicies(run.resources, String(run.outputs["environment"]));
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const cpuEnd = cpuMs();
    // CPU of this process and the program's process over the same span (undefined off Linux).
    const cpu = cpuStart === undefined || cpuEnd === undefined ? undefined : cpuEnd - cpuStart;
    console.log(JSON.stringify({ stack, tenants: Object.keys(raw.tenants ?? {}).length, resources: run.resources.length, ms, cpuMs: cpu }));
}

main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
});
