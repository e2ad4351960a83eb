import { inspect } from "node:util";

/**
 * An error that `util.inspect` prints as its plain stack. The language host formats every uncaught
 * error with `util.inspect(err, { colors: true })`: for its trace span even when it prints a RunError's
 * message alone, and as the printed text of any other error (@pulumi/pulumi cmd/run/run.js
 * `uncaughtHandler`, cmd/run/error.js `defaultErrorMessage`). On Node 20.19.6 and later the colouring
 * never ends on a frame whose scoped package has no directory below the scope, and the SDK's source maps
 * produce exactly such frames (`at async Stack.initializeAndRegisterOutputs (.../node_modules/@pulumi/resource.ts:1598:22)`):
 * `markNodeModules` loops until the string overflows (nodejs/node#64011, introduced by #59446, fixed by
 * #64022), about 30 s of CPU and gigabytes of memory before a spec refusal reached the user. A custom
 * inspect skips the colouring and prints the same text uncoloured.
 * @param err the error main() rethrows
 */
export function plainInspect<E extends Error>(err: E): E {
    Object.defineProperty(err, inspect.custom, { value: () => err.stack ?? `${err.name}: ${err.message}`, enumerable: false, configurable: true });
    return err;
}
