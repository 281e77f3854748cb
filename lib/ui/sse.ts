/**
 * A Server-Sent Events parser for `fetch` response bodies (EventSource cannot POST).
 * It follows the WHATWG event-stream rules: `\n`, `\r` and `\r\n` line ends (a `\r\n`
 * pair may be split across chunks), multi-line `data:` joined with `\n`, comments,
 * a leading BOM, and an unterminated last event discarded at end of stream.
 *
 * @module
 */

/** One dispatched event. `event` defaults to `"message"`. */
export interface SseMessage {
  event: string;
  data: string;
  id?: string;
}

/** An incremental parser: feed it text as it arrives. */
export interface SseParser {
  /** Parses `chunk`, calling `onMessage` for every event it completes. */
  push(chunk: string): void;
}

/**
 * Creates an incremental parser that calls `onMessage` for each complete event.
 *
 * @example
 * ```ts
 * import { createSseParser } from "./sse.ts";
 * const seen: string[] = [];
 * const parser = createSseParser((m) => seen.push(`${m.event}:${m.data}`));
 * parser.push("event: token\ndata: {\"te");
 * parser.push("xt\":\"hi\"}\n\n");
 * // seen is ['token:{"text":"hi"}']
 * ```
 */
export function createSseParser(onMessage: (message: SseMessage) => void): SseParser {
  let buffer = "";
  let first = true;
  let skipLf = false;
  let event = "";
  let data: string[] = [];
  let id: string | undefined;

  const line = (text: string) => {
    if (text === "") {
      if (data.length) onMessage({ event: event || "message", data: data.join("\n"), id });
      event = "";
      data = [];
      return;
    }
    const colon = text.indexOf(":");
    if (colon === 0) return;
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? "" : text.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
    else if (field === "id" && !value.includes("\0")) id = value;
  };

  return {
    push(chunk) {
      if (first && chunk) {
        first = false;
        if (chunk.startsWith("\ufeff")) chunk = chunk.slice(1);
      }
      if (skipLf && chunk) {
        if (chunk.startsWith("\n")) chunk = chunk.slice(1);
        skipLf = false;
      }
      buffer += chunk;
      let start = 0;
      for (let i = start; i < buffer.length; i++) {
        const c = buffer[i];
        if (c !== "\n" && c !== "\r") continue;
        line(buffer.slice(start, i));
        if (c === "\r") {
          if (i + 1 === buffer.length) skipLf = true;
          else if (buffer[i + 1] === "\n") i++;
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
    },
  };
}

/**
 * Reads an event stream body, yielding events as they complete. Cancelling the
 * iteration (or aborting the fetch that produced `body`) releases the stream.
 */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseMessage> {
  const queue: SseMessage[] = [];
  const parser = createSseParser((m) => queue.push(m));
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      parser.push(done ? decoder.decode() : decoder.decode(value, { stream: true }));
      while (queue.length) yield queue.shift()!;
      if (done) {
        finished = true;
        return;
      }
    }
  } finally {
    // Stopping early (or failing) cancels the body, which closes the connection.
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
