/**
 * CPU time per thread of this process, from `/proc/self/task` (Linux; empty elsewhere):
 * on a machine other work shares, the busiest thread's CPU time bounds what the build
 * would take on idle cores, where wall time only says how busy the machine was.
 *
 * @module
 */

/** Milliseconds of CPU (user + system) each live thread used, by thread id. */
export function threadCpuMs(): Map<string, number> {
  const out = new Map<string, number>();
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync("/proc/self/task")];
  } catch {
    return out;
  }
  for (const { name } of entries) {
    try {
      const stat = Deno.readTextFileSync(`/proc/self/task/${name}/stat`);
      // Fields after the command (which may hold spaces): utime and stime are 14 and 15.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(name, ((Number(fields[11]) + Number(fields[12])) * 1000) / 100);
    } catch {
      // The thread ended meanwhile.
    }
  }
  return out;
}

/** Adds each thread's CPU since `before` to `into` (threads started since count whole). */
export function addThreadCpu(
  into: Map<string, number>,
  before: Map<string, number>,
  after: Map<string, number>,
): void {
  for (const [tid, ms] of after) into.set(tid, (into.get(tid) ?? 0) + ms - (before.get(tid) ?? 0));
}
