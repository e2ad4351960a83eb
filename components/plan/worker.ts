/**
 * A plan worker process: plans the stacks it is sent, one at a time, and reports each result to the
 * parent. Runs in its own process because the mock engine is process-global.
 */
import { planStack, type StackPlanResult } from "./planStack";

/** Message from the CLI to a worker. */
export interface WorkRequest {
    readonly stacks: readonly string[];
    readonly outDir: string;
}

/** Message from a worker to the CLI. */
export type WorkMessage = { readonly kind: "result"; readonly result: StackPlanResult } | { readonly kind: "done" };

process.on("message", (msg: WorkRequest) => {
    void (async () => {
        for (const stack of msg.stacks) {
            const result = await planStack(stack, msg.outDir);
            process.send?.({ kind: "result", result } satisfies WorkMessage);
        }
        process.send?.({ kind: "done" } satisfies WorkMessage);
    })();
});
