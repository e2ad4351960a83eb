// Preloaded (`node --require`) into the program processes the offline engine spawns (langhost.ts): ends
// the program when the engine that started it is gone (a test runner's timeout kills the engine with a
// signal, and a program whose monitor vanished can otherwise run on). When a parent exits, the kernel
// re-parents its children at once, so a changed parent pid is the signal (a zombie parent would still
// answer kill(pid, 0)). It changes nothing in how the program is loaded or run.
"use strict";
const parent = process.ppid;
setInterval(() => {
    if (process.ppid !== parent) process.exit(70);
}, 2000).unref();
