/**
 * CPU time spent while `work` runs, in milliseconds. Tests that guard against runaway
 * (quadratic, exponential) behaviour bound this rather than wall time, which a loaded CI
 * machine can stretch tenfold without anything being wrong.
 *
 * `deno test --parallel` runs the test modules on threads of one process, so the
 * process's CPU time counts the other modules' work too: on Linux the time is this
 * thread's (`/proc/thread-self/schedstat`, in nanoseconds), elsewhere the process's.
 *
 * @module
 */
import process from "node:process";

/** CPU time of the calling thread so far, in ms; null where the kernel does not say. */
function threadCpuMs(): number | null {
  try {
    const ns = Number(Deno.readTextFileSync("/proc/thread-self/schedstat").split(" ")[0]);
    return Number.isFinite(ns) ? ns / 1e6 : null;
  } catch {
    return null;
  }
}

/** Runs `work` and returns its result with the CPU time (user + system) it took. */
export async function withCpuTime<T>(work: () => Promise<T>): Promise<[T, number]> {
  const thread = threadCpuMs();
  const before = process.cpuUsage();
  const result = await work();
  const after = threadCpuMs();
  if (thread !== null && after !== null) return [result, after - thread];
  const used = process.cpuUsage(before);
  return [result, (used.user + used.system) / 1000];
}
