/**
 * `main.ts` in a process of its own, as `deno task start` runs it, on a free loopback
 * port: for tests where several app processes must share something (rate limits, the
 * stream cap). `stop` sends SIGTERM and returns everything the process printed.
 */

/** A running app process. */
export interface MainProcess {
  url: URL;
  pid: number;
  /** SIGTERM, wait for the exit, return stdout + stderr. */
  stop(): Promise<string>;
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/**
 * Starts `deno run -A main.ts` with `env` over quiet test defaults; waits for /api/health
 * and, when given, for a line of its output matching `readyLog`.
 */
export async function startMainProcess(
  env: Record<string, string>,
  options: { readyLog?: RegExp; timeoutMs?: number } = {},
): Promise<MainProcess> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const port = env.PORT ? Number(env.PORT) : freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts"],
    env: {
      ENV: "test",
      LOG_LEVEL: "warning",
      LOG_FORMAT: "json",
      HOSTNAME: "127.0.0.1",
      AUTO_INGEST_SAMPLE: "false",
      ...env,
      PORT: String(port),
    },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let stdout = "";
  const reading = (async () => {
    for await (const text of child.stdout.pipeThrough(new TextDecoderStream())) stdout += text;
  })();
  const output = Promise.all([reading, new Response(child.stderr).text()])
    .then(([, err]) => `${stdout}\n${err}`);
  const url = new URL(`http://127.0.0.1:${port}/`);
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch { /* exited */ }
    const killer = setTimeout(() => {
      try {
        child.kill("SIGKILL");
      } catch { /* exited */ }
    }, 15_000);
    await child.status;
    clearTimeout(killer);
    return await output;
  };
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    try {
      const res = await fetch(new URL("/api/health", url));
      await res.body?.cancel();
      if (res.ok && (!options.readyLog || options.readyLog.test(stdout))) {
        return { url, pid: child.pid, stop };
      }
      await new Promise((r) => setTimeout(r, 100));
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`main.ts did not come up on ${url}:\n${await stop()}`);
}
