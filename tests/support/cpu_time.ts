/**
 * CPU time spent by this process while `work` runs, in milliseconds. Tests that guard
 * against runaway (quadratic, exponential) behaviour bound this rather than wall time,
 * which a loaded CI machine can stretch tenfold without anything being wrong.
 *
 * @module
 */
import process from "node:process";

/** Runs `work` and returns its result with the process CPU time (user + system) it took. */
export async function withCpuTime<T>(work: () => Promise<T>): Promise<[T, number]> {
  const before = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(before);
  return [result, (used.user + used.system) / 1000];
}
