/**
 * Server-Sent Events: a response whose body is fed from an async iterable of named
 * events. Each event's data is one JSON line, so tokens with newlines, `\r` or any
 * Unicode never break the framing. The iterable is abandoned (its `return()` called)
 * when the client disconnects, which is how aborts reach the model request.
 *
 * @module
 */

/** One event: `name` becomes the `event:` field, `data` is JSON-encoded. */
export interface SseEvent {
  event: string;
  data: unknown;
  id?: string;
}

const encoder = new TextEncoder();

/** Encodes one event in the SSE wire format. */
export function encodeSseEvent(event: SseEvent): Uint8Array {
  const id = event.id ? `id: ${oneLine(event.id)}\n` : "";
  return encoder.encode(
    `${id}event: ${oneLine(event.event)}\ndata: ${JSON.stringify(event.data)}\n\n`,
  );
}

/** `field` without line breaks (a name or id sent as is when it has none, as most do). */
function oneLine(field: string): string {
  return LINE_BREAK.test(field) ? field.replace(/[\r\n]/g, "") : field;
}

const LINE_BREAK = /[\r\n]/;

/**
 * Streams `events` as `text/event-stream`. A comment line is sent every `keepAliveMs`
 * so proxies with idle timeouts keep the connection open.
 */
export function sseResponse(
  events: AsyncIterable<SseEvent>,
  options: { keepAliveMs?: number; headers?: HeadersInit; onClose?: () => void } = {},
): Response {
  const iterator = events[Symbol.asyncIterator]();
  let keepAlive: ReturnType<typeof setInterval> | undefined;
  let closed = false;
  const finish = () => {
    if (closed) return;
    closed = true;
    clearInterval(keepAlive);
    options.onClose?.();
  };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      keepAlive = setInterval(() => {
        try {
          controller.enqueue(encoder.encode(": keep-alive\n\n"));
        } catch { /* closed */ }
      }, options.keepAliveMs ?? 15_000);
    },
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (next.done) {
          finish();
          controller.close();
        } else controller.enqueue(encodeSseEvent(next.value));
      } catch (error) {
        finish();
        controller.error(error);
      }
    },
    async cancel() {
      finish();
      await iterator.return?.();
    },
  });
  const headers = new Headers(options.headers);
  headers.set("content-type", "text/event-stream; charset=utf-8");
  headers.set("cache-control", "no-cache, no-transform");
  headers.set("x-accel-buffering", "no");
  return new Response(body, { headers });
}
