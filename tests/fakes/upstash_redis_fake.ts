/**
 * A loopback fake of the Upstash Redis REST API, enough for document claims: `POST /`
 * with a command array (`["SET", key, value, "NX", "PX", ms]`), `POST /pipeline` with an
 * array of them, Bearer auth, answers `{"result": …}` or `{"error": …}` as the service
 * does. Commands: SET (NX, XX, PX, EX), GET, DEL. Keys expire on time.
 *
 * @module
 */

/** A running fake; `close` it when the test ends. */
export interface FakeUpstashRedis {
  url: string;
  /** Commands seen, in order (upper-cased names). */
  commands: string[][];
  close(): Promise<void>;
}

type Entry = { value: string; expires: number | null };

function execute(data: Map<string, Entry>, command: string[]): unknown {
  const [name, key, ...args] = command;
  const now = Date.now();
  const live = (k: string) => {
    const e = data.get(k);
    if (e && e.expires !== null && e.expires <= now) data.delete(k);
    return data.get(k) ?? null;
  };
  switch (name.toUpperCase()) {
    case "GET":
      return live(key)?.value ?? null;
    case "DEL":
      return [key, ...args].filter((k) => live(k) && data.delete(k)).length;
    case "SET": {
      const value = args[0];
      const flags = args.slice(1).map((a) => String(a).toUpperCase());
      const exists = live(key) !== null;
      if ((flags.includes("NX") && exists) || (flags.includes("XX") && !exists)) return null;
      const px = flags.indexOf("PX");
      const ex = flags.indexOf("EX");
      const ttl = px >= 0 ? Number(args[px + 2]) : ex >= 0 ? Number(args[ex + 2]) * 1000 : null;
      data.set(key, { value: String(value), expires: ttl === null ? null : now + ttl });
      return "OK";
    }
    default:
      throw new Error(`ERR unknown command '${name}'`);
  }
}

/** Starts the fake on 127.0.0.1; only `token` is accepted. */
export function startFakeUpstashRedis(token: string): FakeUpstashRedis {
  const data = new Map<string, Entry>();
  const commands: string[][] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    if (req.headers.get("authorization") !== `Bearer ${token}`) {
      return Response.json({ error: "Unauthorized" }, { status: 401 });
    }
    const body = await req.json();
    const path = new URL(req.url).pathname;
    const run = (command: string[]) => {
      commands.push(command.map(String));
      try {
        return { result: execute(data, command.map(String)) };
      } catch (error) {
        return { error: (error as Error).message };
      }
    };
    if (path === "/pipeline" || path === "/multi-exec") {
      return Response.json((body as string[][]).map(run));
    }
    const answer = run(body as string[]);
    return Response.json(answer, { status: "error" in answer ? 400 : 200 });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    commands,
    close: () => server.shutdown(),
  };
}
