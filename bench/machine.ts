/**
 * A description of the machine a bench ran on, saved with the results so figures from
 * different machines are never compared by mistake.
 *
 * @module
 */

/** What is known about the machine and runtimes. */
export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  os: string;
  kernel: string;
  deno: string;
  v8: string;
  node: string | null;
  /** 1-minute load average when the run started (others may share the machine). */
  loadAverage: number;
}

/** Reads the machine description (Linux procfs where available). */
export async function describeMachine(): Promise<Machine> {
  let cpuModel = "unknown";
  try {
    const info = await Deno.readTextFile("/proc/cpuinfo");
    cpuModel = /^model name\s*:\s*(.+)$/m.exec(info)?.[1] ?? cpuModel;
  } catch { /* not Linux */ }
  let node: string | null = null;
  try {
    const out = await new Deno.Command("node", { args: ["--version"], stdout: "piped" }).output();
    node = new TextDecoder().decode(out.stdout).trim() || null;
  } catch { /* no node */ }
  return {
    cpuModel,
    cores: navigator.hardwareConcurrency,
    memoryGb: Math.round(Deno.systemMemoryInfo().total / 1024 ** 3),
    os: `${Deno.build.os} ${Deno.build.arch}`,
    kernel: Deno.osRelease(),
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    node,
    loadAverage: Deno.loadavg()[0],
  };
}

/** One line for the table's caption. */
export function machineLine(m: Machine): string {
  return `${m.cpuModel}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}; Deno ${m.deno}` +
    (m.node ? `, Node ${m.node.replace(/^v/, "")}` : "") +
    `; load average ${m.loadAverage.toFixed(2)} at start`;
}
