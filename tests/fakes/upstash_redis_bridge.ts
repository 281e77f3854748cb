/**
 * A loopback bridge that speaks the Upstash Redis REST protocol in front of a real
 * `redis-server`, so `@upstash/redis` (and `@upstash/ratelimit` over it) run against
 * real Redis semantics — Lua scripts, `EVALSHA`/`NOSCRIPT`, expiry — as they do in
 * production. The protocol, as the official client speaks it:
 *
 * - `POST /` with a JSON command array (`["SET","k","v"]`) → `{"result": …}`, or HTTP 400
 *   `{"error": "ERR …"}` when Redis answers with an error;
 * - `POST /pipeline` and `POST /multi-exec` with an array of command arrays → an array of
 *   `{"result"}` / `{"error"}` (a transaction that Redis refuses is one 400 `{"error"}`);
 * - `Authorization: Bearer <token>`, else 401 `{"error": "Unauthorized"}`;
 * - with `Upstash-Encoding: base64` every bulk string in a result is base64 (UTF-8) while
 *   status replies (`OK`) stay plain — the client decodes accordingly.
 *
 * Upstash accepts a Lua shebang flag that open-source Redis does not know,
 * `#!lua flags=allow-key-locking` (`@upstash/ratelimit` marks every script with it). The
 * bridge drops that flag before Redis sees a script, and maps the client's `EVALSHA` of
 * the original text to the hash of the script Redis actually cached, so `EVALSHA` →
 * `NOSCRIPT` → `EVAL` → `EVALSHA` runs as it does against Upstash.
 *
 * When Redis is unreachable the bridge answers 503 `{"error": …}` rather than hanging.
 *
 * @module
 */
import { RespConnection, RespError, type RespValue } from "./resp_client.ts";

/** Options for {@linkcode startUpstashRedisBridge}. */
export interface UpstashRedisBridgeOptions {
  /** The only token accepted. */
  token: string;
  /** Port of the real `redis-server` on 127.0.0.1. */
  redisPort: number;
}

/** A running bridge; `close` it when the test ends. */
export interface UpstashRedisBridge {
  url: string;
  /** Every command relayed, upper-cased name first, in arrival order. */
  commands: string[][];
  close(): Promise<void>;
}

const encoder = new TextEncoder();

function base64(text: string): string {
  let binary = "";
  for (const byte of encoder.encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Turns a RESP reply into the JSON value Upstash returns. */
export function upstashValue(value: RespValue, encode: boolean): unknown {
  if (value === null || typeof value === "number") return value;
  if (typeof value === "string") return encode ? base64(value) : value;
  if (value instanceof RespError) return value.message;
  if (Array.isArray(value)) return value.map((v) => upstashValue(v, encode));
  return value.simple;
}

async function sha1(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-1", encoder.encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Removes the Upstash-only `allow-key-locking` flag from a script's shebang line. */
export function redisScript(script: string): string {
  return script.replace(/^(#!lua[^\n]*?)flags=([^\s]*)/, (_, head: string, flags: string) => {
    const kept = flags.split(",").filter((f) => f && f !== "allow-key-locking");
    return kept.length ? `${head}flags=${kept.join(",")}` : head.trimEnd();
  });
}

/** Rewrites scripts for Redis; remembers client hash → Redis hash for EVALSHA. */
async function translate(command: unknown[], hashes: Map<string, string>): Promise<unknown[]> {
  const name = String(command[0]).toUpperCase();
  if ((name === "EVAL" || name === "EVAL_RO") && typeof command[1] === "string") {
    const script = redisScript(command[1]);
    if (script !== command[1]) hashes.set(await sha1(command[1]), await sha1(script));
    return [command[0], script, ...command.slice(2)];
  }
  if ((name === "EVALSHA" || name === "EVALSHA_RO") && hashes.has(String(command[1]))) {
    return [command[0], hashes.get(String(command[1])), ...command.slice(2)];
  }
  return command;
}

function entry(value: RespValue, encode: boolean) {
  return value instanceof RespError
    ? { error: value.message }
    : { result: upstashValue(value, encode) };
}

const json = (body: unknown, status = 200) => Response.json(body, { status });

function isCommand(value: unknown): value is unknown[] {
  return Array.isArray(value) && value.length > 0 &&
    value.every((v) => ["string", "number", "boolean"].includes(typeof v) || v === null);
}

/** Starts the bridge on 127.0.0.1 with an ephemeral port. */
export function startUpstashRedisBridge(options: UpstashRedisBridgeOptions): UpstashRedisBridge {
  const idle: RespConnection[] = [];
  const commands: string[][] = [];
  const hashes = new Map<string, string>();
  const forRedis = (batch: unknown[][]) => Promise.all(batch.map((c) => translate(c, hashes)));
  const withConnection = async <T>(fn: (c: RespConnection) => Promise<T>): Promise<T> => {
    const conn = idle.pop() ?? await RespConnection.connect("127.0.0.1", options.redisPort);
    try {
      const result = await fn(conn);
      idle.push(conn);
      return result;
    } catch (error) {
      conn.close();
      throw error;
    }
  };

  const relay = async (path: string, body: unknown, encode: boolean): Promise<Response> => {
    if (path === "/" || path === "") {
      if (!isCommand(body)) return json({ error: "ERR failed to parse command" }, 400);
      commands.push(body.map(String));
      const [reply] = await withConnection(async (c) => c.send(await forRedis([body])));
      return reply instanceof RespError
        ? json({ error: reply.message }, 400)
        : json({ result: upstashValue(reply, encode) });
    }
    if (path !== "/pipeline" && path !== "/multi-exec") {
      return json({ error: "ERR unknown endpoint" }, 404);
    }
    if (!Array.isArray(body) || body.length === 0 || !body.every(isCommand)) {
      return json({ error: "ERR failed to parse pipeline request" }, 400);
    }
    for (const command of body) commands.push(command.map(String));
    if (path === "/pipeline") {
      const replies = await withConnection(async (c) => c.send(await forRedis(body)));
      return json(replies.map((r) => entry(r, encode)));
    }
    const replies = await withConnection(async (c) =>
      c.send([["MULTI"], ...await forRedis(body), ["EXEC"]])
    );
    const exec = replies.at(-1)!;
    if (exec instanceof RespError) return json({ error: exec.message }, 400);
    if (!Array.isArray(exec)) return json({ error: "ERR transaction discarded" }, 400);
    return json(exec.map((r) => entry(r, encode)));
  };

  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    if (req.headers.get("authorization") !== `Bearer ${options.token}`) {
      return json({ error: "Unauthorized" }, 401);
    }
    if (req.method !== "POST") return json({ error: "ERR only POST is supported" }, 405);
    let body: unknown;
    try {
      body = await req.json();
    } catch {
      return json({ error: "ERR failed to parse JSON body" }, 400);
    }
    const encode = req.headers.get("upstash-encoding")?.toLowerCase() === "base64";
    try {
      return await relay(new URL(req.url).pathname, body, encode);
    } catch (error) {
      return json({ error: `ERR redis unreachable: ${(error as Error).message}` }, 503);
    }
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    commands,
    async close() {
      await server.shutdown();
      for (const conn of idle.splice(0)) conn.close();
    },
  };
}
