/**
 * Runs `main.ts` the way Deno Deploy runs an app: network, environment and reading
 * allowed; writing, subprocesses and FFI denied. The app logs JSON lines; the test reads
 * its address from the "listening on" line and everything it printed when it stops.
 *
 * @module
 */

/** The permission flags of the Deno Deploy profile. */
export const EDGE_FLAGS = [
  "--allow-net",
  "--allow-env",
  "--allow-read",
  "--deny-write",
  "--deny-run",
  "--deny-ffi",
];

/** A running edge-profile app. */
export interface EdgeApp {
  url: URL;
  /** Sends SIGTERM, waits for the exit and returns what the app printed. */
  stop(): Promise<string>;
}

/** Starts `main.ts` under {@linkcode EDGE_FLAGS} with `env` (and nothing else) set. */
export async function startEdgeApp(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<EdgeApp> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...EDGE_FLAGS, "main.ts"],
    clearEnv: true,
    env: { PATH: Deno.env.get("PATH") ?? "", PORT: "0", HOSTNAME: "127.0.0.1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let output = "";
  const stderr = new Response(child.stderr).text();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  let url: URL | null = null;
  while (!url) {
    const { value, done } = await reader.read();
    if (done) {
      clearTimeout(timer);
      await child.status;
      throw new Error(`main.ts exited before listening:\n${output}\n${await stderr}`);
    }
    output += value;
    const listening = /"url":"(http:[^"]+)"/.exec(output);
    if (listening && output.includes("listening on")) url = new URL(listening[1]);
  }
  clearTimeout(timer);
  const rest = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      output += value;
    }
  })();
  let stopped: Promise<string> | null = null;
  return {
    url,
    stop() {
      stopped ??= (async () => {
        child.kill("SIGTERM");
        const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        const status = await child.status;
        clearTimeout(killer);
        await rest;
        const all = `${output}\n${await stderr}`;
        if (!status.success) throw new Error(`main.ts exited with ${status.code}:\n${all}`);
        return all;
      })();
      return stopped;
    },
  };
}
