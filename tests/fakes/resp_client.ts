/**
 * A minimal Redis client over RESP2 on a TCP connection, enough for the Upstash REST
 * bridge to relay commands to a real `redis-server`: commands go out as arrays of bulk
 * strings, replies come back as simple strings, errors, integers, bulk strings (nil
 * included) and nested arrays.
 *
 * @module
 */

/** A Redis error reply (`-ERR …`), kept apart from the values it could be confused with. */
export class RespError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RespError";
  }
}

/** A reply: `{ simple }` marks a status reply (`+OK`) so it is not mistaken for bulk data. */
export type RespValue =
  | { simple: string }
  | string
  | number
  | null
  | RespError
  | RespValue[];

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Encodes one command as a RESP array of bulk strings. */
export function encodeCommand(args: unknown[]): Uint8Array {
  const parts = [`*${args.length}\r\n`];
  for (const arg of args) {
    const text = arg === null || arg === undefined ? "" : String(arg);
    parts.push(`$${encoder.encode(text).length}\r\n${text}\r\n`);
  }
  return encoder.encode(parts.join(""));
}

/** Reads RESP replies from a byte stream, one at a time. */
class ReplyReader {
  #buffer = new Uint8Array(0);
  #reader: ReadableStreamDefaultReader<Uint8Array>;

  constructor(stream: ReadableStream<Uint8Array>) {
    this.#reader = stream.getReader();
  }

  async #fill(): Promise<void> {
    const { value, done } = await this.#reader.read();
    if (done) throw new Error("redis closed the connection");
    const next = new Uint8Array(this.#buffer.length + value.length);
    next.set(this.#buffer);
    next.set(value, this.#buffer.length);
    this.#buffer = next;
  }

  async #line(): Promise<string> {
    for (;;) {
      const end = this.#buffer.indexOf(10);
      if (end > 0 && this.#buffer[end - 1] === 13) {
        const line = decoder.decode(this.#buffer.subarray(0, end - 1));
        this.#buffer = this.#buffer.subarray(end + 1);
        return line;
      }
      await this.#fill();
    }
  }

  async #bytes(n: number): Promise<string> {
    while (this.#buffer.length < n + 2) await this.#fill();
    const text = decoder.decode(this.#buffer.subarray(0, n));
    this.#buffer = this.#buffer.subarray(n + 2);
    return text;
  }

  async read(): Promise<RespValue> {
    const line = await this.#line();
    const body = line.slice(1);
    switch (line[0]) {
      case "+":
        return { simple: body };
      case "-":
        return new RespError(body);
      case ":":
        return Number(body);
      case "$":
        return Number(body) < 0 ? null : await this.#bytes(Number(body));
      case "*": {
        if (Number(body) < 0) return null;
        const items: RespValue[] = [];
        for (let i = 0; i < Number(body); i++) items.push(await this.read());
        return items;
      }
      default:
        throw new Error(`unexpected RESP reply: ${line.slice(0, 40)}`);
    }
  }
}

/** One connection to a Redis server; commands on it run one batch at a time. */
export class RespConnection {
  #conn: Deno.TcpConn;
  #replies: ReplyReader;
  #busy: Promise<unknown> = Promise.resolve();

  private constructor(conn: Deno.TcpConn) {
    this.#conn = conn;
    this.#replies = new ReplyReader(conn.readable);
  }

  /** Connects to `hostname:port`. */
  static async connect(hostname: string, port: number): Promise<RespConnection> {
    return new RespConnection(await Deno.connect({ hostname, port }));
  }

  /** Sends the commands in one write and returns their replies in order. */
  send(commands: unknown[][]): Promise<RespValue[]> {
    const run = this.#busy.then(async () => {
      const frames = commands.map(encodeCommand);
      const total = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
      let offset = 0;
      for (const f of frames) {
        total.set(f, offset);
        offset += f.length;
      }
      const writer = this.#conn.writable.getWriter();
      try {
        await writer.write(total);
      } finally {
        writer.releaseLock();
      }
      const replies: RespValue[] = [];
      for (let i = 0; i < commands.length; i++) replies.push(await this.#replies.read());
      return replies;
    });
    this.#busy = run.catch(() => {});
    return run;
  }

  close(): void {
    try {
      this.#conn.close();
    } catch { /* already closed */ }
  }
}
