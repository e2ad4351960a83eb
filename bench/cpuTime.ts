/**
 * CPU time of this process plus its finished children (the program's language-host process), in
 * milliseconds, for the bench's per-resource figures: on a loaded machine wall time mostly measures the
 * share of the CPU a run got, CPU time what the run cost. Children's time comes from `cutime`/`cstime`
 * of /proc/self/stat (fields 16 and 17, in clock ticks: proc(5)), which count children that have been
 * waited for; undefined where /proc is missing (not Linux).
 */
import { readFileSync } from "node:fs";

/** Clock ticks per second (`getconf CLK_TCK`): 100 on every Linux ABI Node supports. */
const CLK_TCK = 100;

/** Milliseconds of CPU (user + system) used so far by this process and its waited-for children. */
export function cpuMs(): number | undefined {
    let stat: string;
    try {
        stat = readFileSync("/proc/self/stat", "utf8");
    } catch {
        return undefined;
    }
    // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // fields[0] is field 3 (state), so field N is fields[N - 3].
    const children = Number(fields[16 - 3]) + Number(fields[17 - 3]);
    const self = process.cpuUsage();
    return (children * 1000) / CLK_TCK + (self.user + self.system) / 1000;
}
