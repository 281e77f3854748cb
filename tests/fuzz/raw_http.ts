/**
 * HTTP/1.1 over a bare TCP socket, for requests `fetch` refuses to send: paths with dot
 * segments and odd escapes left as written, header values with CR/LF or NUL, bodies
 * streamed for as long as the server keeps reading.
 *
 * @module
 */

/** What came back: the status line's code, the headers in order, the body as text. */
export interface RawResponse {
  status: number;
  headers: [string, string][];
  head: string;
  body: string;
  /** Time from connecting to the end of the response, in ms. */
  ms: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Sends `head` (request line and header lines, without the blank line) then `body`, and
 * reads the response. A body generator is abandoned as soon as the response is complete
 * or the server stops reading. `null` when the server closed without answering.
 */
export async function rawExchange(
  url: URL,
  head: string,
  options: { body?: Iterable<Uint8Array>; timeoutMs?: number } = {},
): Promise<RawResponse | null> {
  const started = performance.now();
  const conn = await Deno.connect({ hostname: url.hostname, port: Number(url.port) });
  const timer = setTimeout(() => conn.close(), options.timeoutMs ?? 10_000);
  let done = false;
  const sending = (async () => {
    try {
      await writeAll(conn, encoder.encode(`${head}\r\n\r\n`));
      for (const chunk of options.body ?? []) {
        if (done) break;
        await writeAll(conn, chunk);
      }
    } catch { /* the server closed its end: it has answered or given up */ }
  })();
  const received: Uint8Array[] = [];
  let size = 0;
  const buffer = new Uint8Array(64 * 1024);
  try {
    for (;;) {
      const n = await conn.read(buffer).catch(() => null);
      if (n === null) break;
      received.push(buffer.slice(0, n));
      size += n;
      if (complete(joined(received, size))) break;
    }
  } finally {
    done = true;
    clearTimeout(timer);
    try {
      conn.close();
    } catch { /* already closed */ }
    await sending;
  }
  return parse(joined(received, size), performance.now() - started);
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array) {
  for (let at = 0; at < bytes.length;) at += await conn.write(bytes.subarray(at));
}

function joined(parts: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function headEnd(bytes: Uint8Array): number {
  for (let i = 0; i + 3 < bytes.length; i++) {
    if (bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10) {
      return i;
    }
  }
  return -1;
}

function complete(bytes: Uint8Array): boolean {
  const end = headEnd(bytes);
  if (end < 0) return false;
  const head = decoder.decode(bytes.subarray(0, end));
  const length = /^content-length:\s*(\d+)/im.exec(head);
  if (length) return bytes.length - end - 4 >= Number(length[1]);
  if (/^transfer-encoding:\s*chunked/im.test(head)) {
    return decoder.decode(bytes.subarray(end)).includes("\r\n0\r\n\r\n");
  }
  return false;
}

function parse(bytes: Uint8Array, ms: number): RawResponse | null {
  const end = headEnd(bytes);
  if (end < 0) return null;
  const head = decoder.decode(bytes.subarray(0, end));
  const [statusLine, ...lines] = head.split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers = lines.map((line): [string, string] => {
    const colon = line.indexOf(":");
    return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
  });
  return { status, headers, head, body: decoder.decode(bytes.subarray(end + 4)), ms };
}
