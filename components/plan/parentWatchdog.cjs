// Preloaded (`node --require`) into the program processes the offline engine spawns (langhost.ts): ends
// the program when the engine that started it is gone (a test runner's timeout kills the engine with a
// signal, and a program whose monitor vanished can otherwise run on). Watches a pid only; it changes
// nothing in how the program is loaded or run.
"use strict";
const engine = Number(process.env.TRISTACK_ENGINE_PID);
if (engine > 0) {
    setInterval(() => {
        try {
            process.kill(engine, 0);
        } catch {
            process.exit(70);
        }
    }, 2000).unref();
}
