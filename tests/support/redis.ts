/**
 * A real `redis-server` for tests: started on a free loopback port with its files in a
 * temporary folder, persistence off, stopped (and the folder removed) by `stop`. When
 * `redis-server` is absent the Redis tests skip with a message locally, but in CI
 * (`CI=true`) its absence is a failure, as with the browser tests.
 */
import { RespConnection } from "../fakes/resp_client.ts";

/** The server binary; `REDIS_SERVER` overrides. */
export const REDIS_SERVER = Deno.env.get("REDIS_SERVER") ?? "redis-server";

/** Whether the Redis tests can run here. */
export function hasRedisServer(): boolean {
  try {
    const { success } = new Deno.Command(REDIS_SERVER, {
      args: ["--version"],
      stdout: "null",
      stderr: "null",
    }).outputSync();
    if (success) return true;
  } catch { /* not installed */ }
  if (Deno.env.get("CI") === "true") {
    throw new Error(
      `${REDIS_SERVER} not found; CI must install it (.ci/run: apt-get install redis-server)`,
    );
  }
  console.warn(`skipping Redis tests: no ${REDIS_SERVER} (apt-get install redis-server)`);
  return false;
}

/** A running redis-server. */
export interface RedisServer {
  port: number;
  /** Stops the server and removes its folder (safe to call twice). */
  stop(): Promise<void>;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/** Starts redis-server and waits until it answers PING. */
export async function startRedisServer(): Promise<RedisServer> {
  const dir = await Deno.makeTempDir({ prefix: "lorechat-redis-" });
  const port = freePort();
  const child = new Deno.Command(REDIS_SERVER, {
    args: [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      dir,
      "--save",
      "",
      "--appendonly",
      "no",
      "--daemonize",
      "no",
      "--loglevel",
      "warning",
    ],
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  let stopped: Promise<void> | null = null;
  const stop = () =>
    stopped ??= (async () => {
      try {
        child.kill("SIGTERM");
      } catch { /* exited */ }
      await child.status;
      await stderr;
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    })();
  for (let i = 0; i < 100; i++) {
    try {
      const conn = await RespConnection.connect("127.0.0.1", port);
      const [pong] = await conn.send([["PING"]]);
      conn.close();
      if (typeof pong === "object" && pong && "simple" in pong) return { port, stop };
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  await stop();
  throw new Error(`redis-server did not start on port ${port}: ${await stderr}`);
}
