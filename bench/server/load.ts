/**
 * A loopback load generator for `/api/chat`: `concurrency` loops each POST a question,
 * read the SSE stream to its end and start the next, until the time is up. It runs in
 * the bench process; the server under test runs in another process.
 *
 * Per request it records: time to the response head (first byte), to the `sources`
 * event, to the first `token` event, and to the end of the stream.
 *
 * @module
 */

/** What one request asks for. */
export interface LoadRequest {
  /** Path under the server's URL, e.g. `/api/chat` (POST with `body`) or `/` (GET). */
  path: string;
  body?: unknown;
  /** Abandon the stream after the first token (a reader pressing Stop). */
  abortAfterFirstToken?: boolean;
}

/** Options for {@linkcode runLoad}. */
export interface LoadOptions {
  base: URL;
  concurrency: number;
  durationMs: number;
  /** The `n`-th request to send. */
  request: (n: number) => LoadRequest;
  /** Longest a request may take once the time is up before it is cut. Default 10 s. */
  graceMs?: number;
}

/** What a run saw. Times in ms. */
export interface LoadResult {
  elapsedMs: number;
  requests: number;
  /** Streams that ended with `done` (and GETs answered 200). */
  completed: number;
  /** Streams abandoned on purpose. */
  aborted: number;
  errors: number;
  errorKinds: Record<string, number>;
  ttfbMs: number[];
  sourcesMs: number[];
  firstTokenMs: number[];
  totalMs: number[];
  tokens: number;
}

/** Generates load; resolves when every loop has finished. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const result: LoadResult = {
    elapsedMs: 0,
    requests: 0,
    completed: 0,
    aborted: 0,
    errors: 0,
    errorKinds: {},
    ttfbMs: [],
    sourcesMs: [],
    firstTokenMs: [],
    totalMs: [],
    tokens: 0,
  };
  const started = performance.now();
  const deadline = started + options.durationMs;
  const hardStop = AbortSignal.timeout(options.durationMs + (options.graceMs ?? 10_000));
  const fail = (kind: string) => {
    result.errors++;
    result.errorKinds[kind] = (result.errorKinds[kind] ?? 0) + 1;
  };
  let n = 0;
  const loop = async () => {
    while (performance.now() < deadline && !hardStop.aborted) {
      const request = options.request(n++);
      result.requests++;
      try {
        await oneRequest(options.base, request, hardStop, result, fail);
      } catch (error) {
        fail(hardStop.aborted ? "cut at the end" : (error as Error).name || "network");
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, loop));
  result.elapsedMs = performance.now() - started;
  return result;
}

async function oneRequest(
  base: URL,
  request: LoadRequest,
  hardStop: AbortSignal,
  result: LoadResult,
  fail: (kind: string) => void,
): Promise<void> {
  const controller = new AbortController();
  const signal = AbortSignal.any([controller.signal, hardStop]);
  const t0 = performance.now();
  const response = await fetch(new URL(request.path, base), {
    method: request.body === undefined ? "GET" : "POST",
    headers: request.body === undefined
      ? {}
      : { "content-type": "application/json", accept: "text/event-stream" },
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
    signal,
  });
  result.ttfbMs.push(performance.now() - t0);
  if (!response.ok) {
    await response.body?.cancel();
    fail(`HTTP ${response.status}`);
    return;
  }
  if (!(response.headers.get("content-type") ?? "").startsWith("text/event-stream")) {
    await response.arrayBuffer();
    result.completed++;
    result.totalMs.push(performance.now() - t0);
    return;
  }
  const outcome = await readEvents(response.body!, t0, result, request.abortAfterFirstToken);
  if (outcome === "aborted") {
    controller.abort();
    result.aborted++;
  } else if (outcome === "done") {
    result.completed++;
    result.totalMs.push(performance.now() - t0);
  } else fail(outcome);
}

/** Reads SSE events as they arrive; returns how the stream ended. */
async function readEvents(
  body: ReadableStream<Uint8Array>,
  t0: number,
  result: LoadResult,
  abortAfterFirstToken = false,
): Promise<"done" | "aborted" | string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let sawSources = false;
  let sawToken = false;
  let ended: string | null = null;
  try {
    while (ended === null) {
      const { value, done } = await reader.read();
      if (done) return "stream ended early";
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf("\n\n");
      while (end >= 0 && ended === null) {
        const name = /^event: (\w+)/m.exec(buffer.slice(0, end))?.[1];
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf("\n\n");
        if (name === "sources" && !sawSources) {
          sawSources = true;
          result.sourcesMs.push(performance.now() - t0);
        } else if (name === "token") {
          result.tokens++;
          if (!sawToken) {
            sawToken = true;
            result.firstTokenMs.push(performance.now() - t0);
            if (abortAfterFirstToken) ended = "aborted";
          }
        } else if (name === "done") ended = "done";
        else if (name === "error") ended = "error event";
      }
    }
    return ended;
  } finally {
    await reader.cancel().catch(() => {});
  }
}
