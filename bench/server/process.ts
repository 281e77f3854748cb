/**
 * Starting a benchmark server in its own process (so it never shares the load
 * generator's event loop or heap), reading its memory from `/proc`, and stopping it.
 *
 * @module
 */

/** Resident memory of a process, in MiB: now and the peak so far (VmRSS, VmHWM). */
export interface Memory {
  rssMb: number;
  peakMb: number;
}

/** CPU time a process has used, in ms (user + system): in all, and by thread name. */
export interface CpuTimes {
  totalMs: number;
  /** Summed over the threads of each name (web workers are `worker-1`, `worker-2`…). */
  threadsMs: Record<string, number>;
}

/** A running server subprocess. */
export interface ServerProcess {
  url: URL;
  pid: number;
  /** Reads `/proc/<pid>/status`; null where there is no procfs. */
  memory(): Memory | null;
  /** Reads `/proc/<pid>/stat` and its threads'; null where there is no procfs. */
  cpu(): CpuTimes | null;
  /** Closes its stdin (the signal to shut down), then kills it if it lingers. */
  stop(): Promise<void>;
}

/** Memory of `pid` from procfs, or null when unavailable. */
export function processMemory(pid: number): Memory | null {
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    const kb = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1]);
    const rss = kb("VmRSS");
    const peak = kb("VmHWM");
    return Number.isFinite(rss) ? { rssMb: rss / 1024, peakMb: peak / 1024 } : null;
  } catch {
    return null;
  }
}

/** Clock ticks per second of `/proc` CPU times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** utime + stime of one `/proc/…/stat` line, in ms, and the thread's name. */
function statCpu(stat: string): { name: string; ms: number } {
  const close = stat.lastIndexOf(")");
  const name = stat.slice(stat.indexOf("(") + 1, close);
  // Fields after the name: state is the 3rd field of the line, utime the 14th, stime the 15th.
  const fields = stat.slice(close + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { name, ms: (ticks * 1000) / TICKS_PER_SECOND };
}

/** CPU times of `pid` from procfs, or null when unavailable. */
export function processCpu(pid: number): CpuTimes | null {
  try {
    const totalMs = statCpu(Deno.readTextFileSync(`/proc/${pid}/stat`)).ms;
    const threadsMs: Record<string, number> = {};
    for (const task of Deno.readDirSync(`/proc/${pid}/task`)) {
      try {
        const { name, ms } = statCpu(Deno.readTextFileSync(`/proc/${pid}/task/${task.name}/stat`));
        threadsMs[name] = (threadsMs[name] ?? 0) + ms;
      } catch { /* the thread ended meanwhile */ }
    }
    return { totalMs, threadsMs };
  } catch {
    return null;
  }
}

/** What was used between two readings (threads that ended count from their last reading). */
export function cpuBetween(before: CpuTimes | null, after: CpuTimes | null): CpuTimes | null {
  if (!before || !after) return null;
  const threadsMs: Record<string, number> = {};
  for (const [name, ms] of Object.entries(after.threadsMs)) {
    threadsMs[name] = Math.max(0, ms - (before.threadsMs[name] ?? 0));
  }
  return { totalMs: after.totalMs - before.totalMs, threadsMs };
}

/**
 * Runs `deno run -A [--v8-flags=…] script ...args` and waits for its `{"url"}` line (up to
 * `timeoutMs`).
 */
export async function spawnServer(
  script: string,
  args: string[] = [],
  timeoutMs = 60_000,
  v8Flags?: string,
): Promise<ServerProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...(v8Flags ? [`--v8-flags=${v8Flags}`] : []), script, ...args],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const stdin = child.stdin.getWriter();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  const timer = setTimeout(() => {
    try {
      child.kill("SIGKILL");
    } catch { /* gone */ }
  }, timeoutMs);
  let url: URL | null = null;
  try {
    while (!url) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`${script} exited before it was ready`);
      buffered += value;
      const line = buffered.split("\n").find((l) => l.startsWith("{"));
      if (line) url = new URL(JSON.parse(line).url);
    }
  } catch (error) {
    clearTimeout(timer);
    await child.status;
    throw error;
  }
  clearTimeout(timer);
  // Keep draining stdout so the child never blocks on a full pipe.
  const drained = (async () => {
    try {
      while (!(await reader.read()).done) { /* discard */ }
    } catch { /* closed */ }
  })();
  let stopped: Promise<void> | null = null;
  return {
    url,
    pid: child.pid,
    memory: () => processMemory(child.pid),
    cpu: () => processCpu(child.pid),
    stop() {
      stopped ??= (async () => {
        await stdin.close().catch(() => {});
        const exited = await Promise.race([
          child.status.then(() => true),
          new Promise<false>((r) => setTimeout(() => r(false), 5_000)),
        ]);
        if (!exited) {
          try {
            child.kill("SIGKILL");
          } catch { /* gone */ }
          await child.status;
        }
        await drained;
      })();
      return stopped;
    },
  };
}
