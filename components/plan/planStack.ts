/**
 * Plan one stack: run the program under the in-process engine, evaluate the policy pack, and write
 * out/<stack>/{plan.json, manifests/*.yaml, report.md}.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { accessPathFor } from "./accessPath";
import { plannedNetworkSemantics } from "../clouds/cni";
import { parsePlatformSpec } from "../spec";
import { manifests, planDocument, report, type PlanDocument } from "./artifacts";
import { checkConnectivity } from "./connectivity";
import { checkScheduling } from "./scheduling";
import { runProgram, type RecordedResource } from "./engine";
import { evaluatePolicies } from "./policy";
import { readStack } from "./stacks";
import { warningsMarkdown } from "./warnings";

/** The outcome of planning one stack. */
export interface StackPlanResult {
    readonly stack: string;
    readonly ok: boolean;
    /** Resources registered. */
    readonly resources: number;
    /** Mandatory policy violations (unwaived). */
    readonly mandatoryViolations: number;
    /** The error shown to the user when the program failed (spec errors included). */
    readonly error?: string;
    readonly seconds: number;
}

/**
 * Run one stack and return its plan document (no files written).
 * @param stack stack name
 * @param options `cache`: reuse an identical earlier run (tests only; `npm run plan` always runs the program)
 */
export async function planDocumentFor(stack: string, options: { readonly cache?: boolean } = {}): Promise<{ doc: PlanDocument; resources: readonly RecordedResource[]; policyMarkdown: string }> {
    const { spec, config } = readStack(stack);
    const run = await runProgram(spec, { stack, config, cache: options.cache ?? false });
    const environment = String(run.outputs["environment"]);
    const { findings, markdown } = evaluatePolicies(run.resources, environment);
    return { doc: planDocument(stack, run.resources, run.outputs, findings), resources: run.resources, policyMarkdown: `${warningsMarkdown(run.warnings)}${markdown}` };
}

/**
 * Plan one stack and write its artifacts under `outDir/<stack>/`.
 * @param stack stack name
 * @param outDir output root (e.g. `out`)
 * @param options `cache`: reuse an identical earlier run (tests only; `npm run plan` always runs the program)
 */
export async function planStack(stack: string, outDir: string, options: { readonly cache?: boolean } = {}): Promise<StackPlanResult> {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    const dir = path.join(outDir, stack);
    rmSync(dir, { recursive: true, force: true });
    try {
        const { doc, resources, policyMarkdown } = await planDocumentFor(stack, options);
        mkdirSync(path.join(dir, "manifests"), { recursive: true });
        writeFileSync(path.join(dir, "plan.json"), `${JSON.stringify(doc, null, 2)}\n`);
        for (const [file, body] of manifests(resources)) {
            mkdirSync(path.dirname(path.join(dir, "manifests", file)), { recursive: true });
            writeFileSync(path.join(dir, "manifests", file), body);
        }
        const access = await accessPathFor(stack, resources);
        const spec = parsePlatformSpec(readStack(stack).spec);
        const connectivity = checkConnectivity(spec, plannedNetworkSemantics(spec), resources);
        const scheduling = checkScheduling(doc);
        writeFileSync(path.join(dir, "report.md"), `${report(doc, policyMarkdown)}\n${access.markdown}\n${scheduling.markdown}\n${connectivity.markdown}`);
        const problems = [
            ...(access.missing.length > 0 ? [`no path from the runner to the API server: ${access.missing.join("; ")}`] : []),
            ...(scheduling.failures.length > 0 ? [`scheduling: ${scheduling.failures.join("; ")}`] : []),
            ...(connectivity.failures.length > 0 ? [`connectivity: ${connectivity.failures.length} flow(s) wrong under ${spec.cloud}'s CNI semantics: ${connectivity.failures.join("; ")}`] : []),
        ];
        const broken = problems.length > 0 ? { error: problems.join("\n") } : {};
        return { stack, ok: doc.policy.mandatoryViolations === 0 && problems.length === 0, resources: doc.summary.resources, mandatoryViolations: doc.policy.mandatoryViolations, seconds: seconds(), ...broken };
    } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, "error.txt"), `${message}\n`);
        return { stack, ok: false, resources: 0, mandatoryViolations: 0, error: message, seconds: seconds() };
    }
}
