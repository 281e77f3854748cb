/**
 * A loopback fake of the OpenAI HTTP API, speaking the real wire format so the official
 * `openai` SDK can be the client: `POST /v1/chat/completions` (JSON, or SSE `data: {…}`
 * chunks with a final usage chunk and `data: [DONE]`), `GET /v1/models` and
 * `POST /v1/embeddings` (deterministic vectors, float or base64). Each chat request takes
 * the next scripted behaviour — errors, stalls, streams cut or dropped mid-way — and the
 * fake records every request and every client that disconnected before the end.
 *
 * @example
 * ```ts
 * const fake = await startFakeOpenAi({ chat: ["429", "ok"], tokens: ["Hi", "!"] });
 * // new OpenAI({ baseURL: fake.url, apiKey: "sk-test" }) …
 * await fake.close();
 * ```
 *
 * @module
 */
import { fakeVector } from "./fake_vectors.ts";

/** What one chat request does, spelled out. */
export interface ChatScript {
  /** Answer with this HTTP status and an OpenAI error body instead of a completion. */
  status?: number;
  /** Tokens of the answer; defaults to the server's `tokens`. */
  tokens?: string[];
  /** Delay before each token, in ms; defaults to the server's `tokenDelayMs`. */
  tokenDelayMs?: number;
  /** Hang before sending headers (`"headers"`) or after them, before any token (`"body"`). */
  stall?: "headers" | "body";
  /**
   * How a stream ends: `"done"` (finish_reason, usage, `[DONE]`), `"cut"` (the body ends
   * cleanly after `cutAfter` tokens with no finish_reason and no `[DONE]`) or `"drop"`
   * (the connection breaks after `cutAfter` tokens).
   */
  end?: "done" | "cut" | "drop";
  /** Tokens sent before a cut or drop; defaults to half of them (at least one). */
  cutAfter?: number;
  /**
   * Holds the stream after this many tokens until {@linkcode ChatScript.resume} settles, so
   * a test can look at a half-streamed answer without racing the rest of it.
   */
  holdAfter?: number;
  /** Settles when a held stream may go on (see `holdAfter`). */
  resume?: Promise<unknown>;
}

/**
 * A scripted chat behaviour: `"ok"`; an HTTP status as a string (`"429"`, `"500"`, `"401"`
 * — a 401 echoes the presented key back, as a careless server might); `"stall"` (no
 * headers), `"stall-body"` (headers, no tokens), `"cut"`, `"drop"`; or a full script.
 */
export type ChatBehaviour =
  | "ok"
  | "stall"
  | "stall-body"
  | "cut"
  | "drop"
  | `${number}`
  | ChatScript;

/** Options for {@linkcode startFakeOpenAi}; every field has a default. */
export interface FakeOpenAiOptions {
  /** Default answer tokens. */
  tokens?: string[];
  /** Default delay before each token, in ms (0). */
  tokenDelayMs?: number;
  /** Behaviours taken one per chat request, in order; `"ok"` once they run out. */
  chat?: ChatBehaviour[];
  /** Behaviours taken one per embeddings request (`"ok"` or a status), then `"ok"`. */
  embeddings?: ("ok" | `${number}`)[];
  /** Model ids listed by `GET /v1/models`. */
  models?: string[];
  /** When set, requests without `Authorization: Bearer <apiKey>` get a 401. */
  apiKey?: string;
  /** Usage reported for every completion. */
  usage?: { promptTokens: number; completionTokens: number };
  /** Multiplies every embedding (1 = unit length), to test client-side normalisation. */
  embeddingScale?: number;
}

/** One request as the fake received it. */
export interface FakeRequest {
  method: string;
  path: string;
  body: unknown;
  authorization: string | null;
}

/** A running fake; close it at the end of the test. */
export interface FakeOpenAi {
  /** Base URL for the SDK, ending in `/v1`. */
  url: string;
  /** Every request, in arrival order. */
  requests: FakeRequest[];
  /** Chat requests whose client disconnected before the response was complete. */
  readonly abortedRequests: number;
  /** Appends behaviours to the chat queue. */
  script(...behaviours: ChatBehaviour[]): void;
  /** Stops every pending response and shuts the server down. */
  close(): Promise<void>;
}

const DEFAULT_TOKENS = ["The", " lore", " says", " hello", "."];
const encoder = new TextEncoder();

/** Starts the fake on 127.0.0.1 with an ephemeral port. */
export function startFakeOpenAi(options: FakeOpenAiOptions = {}): Promise<FakeOpenAi> {
  const chatQueue = [...(options.chat ?? [])];
  const embeddingQueue = [...(options.embeddings ?? [])];
  const requests: FakeRequest[] = [];
  const closing = new AbortController();
  let aborted = 0;

  const handler = async (req: Request): Promise<Response> => {
    const url = new URL(req.url);
    const body = req.method === "POST" ? await req.json().catch(() => null) : null;
    requests.push({
      method: req.method,
      path: url.pathname,
      body,
      authorization: req.headers.get("authorization"),
    });
    const presented = req.headers.get("authorization")?.replace(/^Bearer /, "") ?? "";
    if (options.apiKey !== undefined && presented !== options.apiKey) {
      return errorResponse(401, `Incorrect API key provided: ${presented}.`);
    }
    const route = `${req.method} ${url.pathname}`;
    if (route === "GET /v1/models") return modelsResponse(options.models ?? ["fake-model"]);
    if (route === "POST /v1/embeddings") {
      const next = embeddingQueue.shift() ?? "ok";
      if (next !== "ok") return errorResponse(Number(next), `scripted ${next}`);
      return embeddingsResponse(body as EmbeddingsBody, options.embeddingScale ?? 1);
    }
    if (route !== "POST /v1/chat/completions") return errorResponse(404, "no such route");
    const script = toScript(chatQueue.shift() ?? "ok", presented);
    const onAbort = () => aborted++;
    return await chatResponse(body as ChatBody, script, {
      tokens: options.tokens ?? DEFAULT_TOKENS,
      tokenDelayMs: options.tokenDelayMs ?? 0,
      usage: options.usage ?? { promptTokens: 12, completionTokens: 0 },
      closing: closing.signal,
      request: req.signal,
      onAbort,
    });
  };

  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, handler);
  return Promise.resolve({
    url: `http://127.0.0.1:${server.addr.port}/v1`,
    requests,
    get abortedRequests() {
      return aborted;
    },
    script(...behaviours) {
      chatQueue.push(...behaviours);
    },
    async close() {
      closing.abort();
      await server.shutdown();
    },
  });
}

interface ChatBody {
  model?: string;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
}

interface EmbeddingsBody {
  model?: string;
  input: string | string[];
  dimensions?: number;
  encoding_format?: "float" | "base64";
}

interface ChatContext {
  tokens: string[];
  tokenDelayMs: number;
  usage: { promptTokens: number; completionTokens: number };
  closing: AbortSignal;
  request: AbortSignal;
  onAbort: () => void;
}

function toScript(behaviour: ChatBehaviour, presentedKey: string): ChatScript & { echo?: string } {
  if (typeof behaviour === "object") return behaviour;
  if (behaviour === "ok") return {};
  if (behaviour === "stall") return { stall: "headers" };
  if (behaviour === "stall-body") return { stall: "body" };
  if (behaviour === "cut" || behaviour === "drop") return { end: behaviour };
  return { status: Number(behaviour), echo: presentedKey };
}

async function chatResponse(
  body: ChatBody,
  script: ChatScript & { echo?: string },
  ctx: ChatContext,
): Promise<Response> {
  const stop = AbortSignal.any([ctx.closing, ctx.request]);
  let finished = false;
  const disconnected = () => {
    if (!finished && !ctx.closing.aborted) ctx.onAbort();
    finished = true;
  };
  ctx.request.addEventListener("abort", disconnected, { once: true });
  if (script.stall === "headers") {
    await waitFor(stop);
    return new Response(null, { status: 499 });
  }
  if (script.status) {
    finished = true;
    const message = script.status === 401
      ? `Incorrect API key provided: ${script.echo}.`
      : `scripted ${script.status}`;
    return errorResponse(script.status, message);
  }
  const tokens = script.tokens ?? ctx.tokens;
  const delay = script.tokenDelayMs ?? ctx.tokenDelayMs;
  const model = body.model ?? "fake-model";
  const usage = {
    prompt_tokens: ctx.usage.promptTokens,
    completion_tokens: ctx.usage.completionTokens || tokens.length,
    total_tokens: ctx.usage.promptTokens + (ctx.usage.completionTokens || tokens.length),
  };
  if (!body.stream) {
    finished = true;
    return Response.json({
      id: "chatcmpl-fake",
      object: "chat.completion",
      created: 1_700_000_000,
      model,
      choices: [{
        index: 0,
        message: { role: "assistant", content: tokens.join("") },
        finish_reason: "stop",
      }],
      usage,
    });
  }
  const end = script.end ?? "done";
  const cutAfter = script.cutAfter ?? Math.max(1, Math.floor(tokens.length / 2));
  const chunk = (delta: Record<string, unknown>, finish: string | null, extra = {}) =>
    encoder.encode(
      `data: ${
        JSON.stringify({
          id: "chatcmpl-fake",
          object: "chat.completion.chunk",
          created: 1_700_000_000,
          model,
          choices: [{ index: 0, delta, finish_reason: finish }],
          ...extra,
        })
      }\n\n`,
    );
  async function* frames(): AsyncGenerator<Uint8Array> {
    yield chunk({ role: "assistant", content: "" }, null);
    if (script.stall === "body") return void await waitFor(stop);
    for (const [i, token] of tokens.entries()) {
      if (end !== "done" && i === cutAfter) {
        return;
      }
      if (i === script.holdAfter && script.resume) await waitUntil(script.resume, stop);
      if (delay > 0) await sleep(delay, stop);
      if (stop.aborted) return;
      yield chunk({ content: token }, null);
    }
    yield chunk({}, "stop");
    if (body.stream_options?.include_usage) {
      yield encoder.encode(
        `data: ${
          JSON.stringify({
            id: "chatcmpl-fake",
            object: "chat.completion.chunk",
            created: 1_700_000_000,
            model,
            choices: [],
            usage,
          })
        }\n\n`,
      );
    }
    yield encoder.encode("data: [DONE]\n\n");
  }
  const source = frames();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await source.next();
        if (next.done) {
          finished = true;
          controller.close();
        } else controller.enqueue(next.value);
      } catch (error) {
        finished = true;
        controller.error(error);
      }
    },
    cancel: disconnected,
  });
  const headers: Record<string, string> = {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
  };
  // A length the body never reaches makes the client see a broken connection, as when a
  // proxy or the server dies mid-answer.
  if (end === "drop") headers["content-length"] = "1000000";
  return new Response(stream, { headers });
}

function embeddingsResponse(body: EmbeddingsBody, scale: number): Response {
  const inputs = typeof body.input === "string" ? [body.input] : body.input;
  const dimensions = body.dimensions ?? 1536;
  const data = inputs.map((text, index) => {
    const vector = fakeVector(text, dimensions, { normalize: true }).map((v) => v * scale);
    const embedding = body.encoding_format === "base64" ? toBase64Floats(vector) : vector;
    return { object: "embedding", index, embedding };
  });
  const tokens = inputs.reduce((n, text) => n + text.split(/\s+/).length, 0);
  return Response.json({
    object: "list",
    data,
    model: body.model ?? "fake-embedding",
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}

/** The wire form of `encoding_format: "base64"`: little-endian float32s, base64-encoded. */
function toBase64Floats(vector: number[]): string {
  const bytes = new Uint8Array(new Float32Array(vector).buffer);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function modelsResponse(ids: string[]): Response {
  return Response.json({
    object: "list",
    data: ids.map((id) => ({ id, object: "model", created: 1_700_000_000, owned_by: "fake" })),
  });
}

function errorResponse(status: number, message: string): Response {
  const type = status === 429
    ? "rate_limit_exceeded"
    : status >= 500
    ? "server_error"
    : "invalid_request_error";
  return Response.json({ error: { message, type, param: null, code: type } }, { status });
}

function waitFor(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) =>
    signal.addEventListener("abort", () => resolve(), { once: true })
  );
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}

/** Resolves when `promise` settles or `signal` aborts, whichever comes first. */
function waitUntil(promise: Promise<unknown>, signal: AbortSignal): Promise<void> {
  return Promise.race([promise.then(() => {}, () => {}), waitFor(signal)]);
}
