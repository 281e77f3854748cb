/**
 * Server-Sent Events: a response whose body is fed from an async iterable of named
 * events. Each event's data is one JSON line, so tokens with newlines, `\r` or any
 * Unicode never break the framing. The iterable is abandoned (its `return()` called)
 * when the client disconnects, which is how aborts reach the model request.
 *
 * Events are read as they come and framed into a buffer; each time the connection is
 * ready for more, everything buffered goes out as one chunk, encoded once. A model that
 * streams a burst of tokens (or a whole answer at once) is sent in a few writes instead
 * of one per token, and a token that arrives while the connection waits is sent at once.
 * The buffer is bounded: reading pauses while it holds {@linkcode BUFFER_CHARS}.
 *
 * @module
 */
import { keepAlive } from "./keep_alive.ts";

/** One event: `name` becomes the `event:` field, `data` is JSON-encoded. */
export interface SseEvent {
  event: string;
  data: unknown;
  id?: string;
}

const encoder = new TextEncoder();
const KEEP_ALIVE = encoder.encode(": keep-alive\n\n");

/** Encodes one event in the SSE wire format. */
export function encodeSseEvent(event: SseEvent): Uint8Array {
  return encoder.encode(sseFrame(event));
}

/** One event in the SSE wire format, as text. */
export function sseFrame(event: SseEvent): string {
  const id = event.id ? `id: ${oneLine(event.id)}\n` : "";
  return `${id}${eventLines(event.event)}${JSON.stringify(event.data)}\n\n`;
}

/** `event: NAME\ndata: ` by event name: a stream names a handful, each sent many times. */
const namedLines = new Map<string, string>();

function eventLines(name: string): string {
  let lines = namedLines.get(name);
  if (lines === undefined) {
    lines = `event: ${oneLine(name)}\ndata: `;
    if (namedLines.size < 64) namedLines.set(name, lines);
  }
  return lines;
}

/** Most characters of frames held before reading pauses for the connection. */
export const BUFFER_CHARS = 16 * 1024;

/** Microtask turns without a new event after which a take sends what it holds. */
const IDLE_TICKS = 24;

/** What {@linkcode SseBuffer.take} hands the connection. */
export interface SseTake {
  /** The frames buffered since the last take (may be empty once the events ended). */
  text: string;
  /** The events ended (after this text). */
  done: boolean;
  /** Why they ended, when the iterable threw. */
  error?: unknown;
}

/** Events read ahead into frames; see the module comment. */
export interface SseBuffer {
  /** Waits until something is buffered (or the events end), then takes all of it. */
  take(): Promise<SseTake>;
  /** Stops reading (the iterable's `return()` is the caller's). */
  stop(): void;
}

/** Reads `iterator` ahead into a buffer of frames, up to `maxChars`, from the first take on. */
export function sseBuffer(iterator: AsyncIterator<SseEvent>, maxChars = BUFFER_CHARS): SseBuffer {
  let text = "";
  let ended = false;
  let failure: { error: unknown } | null = null;
  let stopped = false;
  /** Frames read so far: the taker watches it to see whether reading goes on. */
  let frames = 0;
  let wake: (() => void) | null = null;
  let room: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const freeRoom = () => {
    const r = room;
    room = null;
    r?.();
  };
  let reading = false;
  // Reading starts with the first take, so nothing runs before the body is consumed.
  const read = async () => {
    try {
      while (!stopped) {
        const next = await iterator.next();
        if (next.done) break;
        text += sseFrame(next.value);
        frames++;
        notify();
        if (text.length >= maxChars) await new Promise<void>((r) => (room = r));
      }
    } catch (error) {
      failure = { error };
    }
    ended = true;
    notify();
  };
  return {
    async take() {
      if (!reading) {
        reading = true;
        read();
      }
      if (!text && !ended) await new Promise<void>((r) => (wake = r));
      // Let events that are already on their way join this write: wait while reading
      // goes on without the event loop turning (microtasks only, so no I/O is delayed).
      for (let seen = frames, idle = 0; idle < IDLE_TICKS && !ended; idle++) {
        await undefined;
        if (frames !== seen) {
          seen = frames;
          idle = 0;
          if (text.length >= maxChars) break;
        }
      }
      const out = text;
      text = "";
      freeRoom();
      return failure
        ? { text: out, done: ended, error: failure.error }
        : { text: out, done: ended };
    },
    stop() {
      stopped = true;
      freeRoom();
    },
  };
}

/** `field` without line breaks (a name or id sent as is when it has none, as most do). */
function oneLine(field: string): string {
  return LINE_BREAK.test(field) ? field.replace(/[\r\n]/g, "") : field;
}

const LINE_BREAK = /[\r\n]/;

/**
 * Streams `events` as `text/event-stream`. A comment line is sent at least every
 * `keepAliveMs` so proxies with idle timeouts keep the connection open.
 */
export function sseResponse(
  events: AsyncIterable<SseEvent>,
  options: { keepAliveMs?: number; headers?: HeadersInit; onClose?: () => void } = {},
): Response {
  const iterator = events[Symbol.asyncIterator]();
  const buffer = sseBuffer(iterator);
  let stopPings: (() => void) | undefined;
  let closed = false;
  const finish = () => {
    if (closed) return;
    closed = true;
    stopPings?.();
    options.onClose?.();
  };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      // One shared timer pings every open stream (`keep_alive.ts`).
      stopPings = keepAlive(options.keepAliveMs ?? 15_000, () => {
        try {
          controller.enqueue(KEEP_ALIVE.slice());
        } catch { /* closed */ }
      });
    },
    async pull(controller) {
      const batch = await buffer.take();
      if (batch.text) controller.enqueue(encoder.encode(batch.text));
      if (!batch.done) return;
      finish();
      if ("error" in batch) controller.error(batch.error);
      else controller.close();
    },
    async cancel() {
      finish();
      buffer.stop();
      await iterator.return?.();
    },
  });
  const headers = new Headers(options.headers);
  headers.set("content-type", "text/event-stream; charset=utf-8");
  headers.set("cache-control", "no-cache, no-transform");
  headers.set("x-accel-buffering", "no");
  return new Response(body, { headers });
}
