/**
 * A loopback fake of the Bedrock runtime API, speaking the real wire format so the
 * official `@aws-sdk/client-bedrock-runtime` can be the client:
 * `POST /model/{modelId}/converse-stream` answers with `application/vnd.amazon.eventstream`
 * frames (messageStart, contentBlockDelta…, contentBlockStop, messageStop, metadata)
 * encoded by `@smithy/eventstream-codec`; `POST /model/{modelId}/invoke` answers Titan
 * Text Embeddings v2 requests. Errors come as the service sends them: an HTTP status with
 * `x-amzn-errortype` and a JSON body, or an exception frame inside the stream.
 *
 * @example
 * ```ts
 * const fake = await startFakeBedrock({ converse: ["throttle", "ok"] });
 * // new BedrockRuntimeClient({ endpoint: fake.url, region: "us-east-1", credentials: … })
 * await fake.close();
 * ```
 *
 * @module
 */
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fakeVector } from "./fake_vectors.ts";

/**
 * What one ConverseStream request does: `"ok"`; `"throttle"` (HTTP 429
 * ThrottlingException); `"throttle-frame"` (a throttlingException frame before any
 * token); `"500"` (InternalServerException); `"503"` (ServiceUnavailableException);
 * `"validation"` (400); `"denied"` (403 AccessDeniedException); `"stream-error"` (a
 * modelStreamErrorException frame after half the tokens); `"cut"` (the body ends after
 * half the tokens, with no messageStop); `"stall"` (no response until the client leaves).
 */
export type ConverseBehaviour =
  | "ok"
  | "throttle"
  | "throttle-frame"
  | "500"
  | "503"
  | "validation"
  | "denied"
  | "stream-error"
  | "cut"
  | "stall";

/** What one InvokeModel request does. */
export type InvokeBehaviour = "ok" | "throttle" | "500" | "denied";

/** Options for {@linkcode startFakeBedrock}; every field has a default. */
export interface FakeBedrockOptions {
  /** Answer tokens for ConverseStream. */
  tokens?: string[];
  /** Delay before each token, in ms (0). */
  tokenDelayMs?: number;
  /** Behaviours taken one per ConverseStream request, then `"ok"`. */
  converse?: ConverseBehaviour[];
  /** Behaviours taken one per InvokeModel request, then `"ok"`. */
  invoke?: InvokeBehaviour[];
  /** Usage reported in the `metadata` event. */
  usage?: { inputTokens: number; outputTokens: number };
}

/** One request as the fake received it. */
export interface FakeBedrockRequest {
  method: string;
  path: string;
  /** The model id from the path, URL-decoded. */
  modelId: string;
  body: unknown;
  /** The SigV4 `Authorization` header the SDK sent. */
  authorization: string | null;
}

/** A running fake; close it at the end of the test. */
export interface FakeBedrock {
  /** Endpoint for the SDK's `endpoint` option. */
  url: string;
  /** Every request, in arrival order. */
  requests: FakeBedrockRequest[];
  /** ConverseStream requests whose client disconnected before the end. */
  readonly abortedRequests: number;
  /** Stops every pending response and shuts the server down. */
  close(): Promise<void>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const codec = new EventStreamCodec(
  (bytes) => decoder.decode(bytes),
  (text) => encoder.encode(text),
);

const HTTP_ERRORS: Record<string, [number, string]> = {
  throttle: [429, "ThrottlingException"],
  "500": [500, "InternalServerException"],
  "503": [503, "ServiceUnavailableException"],
  validation: [400, "ValidationException"],
  denied: [403, "AccessDeniedException"],
};

/** Starts the fake on 127.0.0.1 with an ephemeral port. */
export function startFakeBedrock(options: FakeBedrockOptions = {}): Promise<FakeBedrock> {
  const converseQueue = [...(options.converse ?? [])];
  const invokeQueue = [...(options.invoke ?? [])];
  const requests: FakeBedrockRequest[] = [];
  const closing = new AbortController();
  let aborted = 0;

  const handler = async (req: Request): Promise<Response> => {
    const url = new URL(req.url);
    const match = url.pathname.match(/^\/model\/([^/]+)\/(converse-stream|invoke)$/);
    const body = await req.json().catch(() => null);
    const modelId = match ? decodeURIComponent(match[1]) : "";
    requests.push({
      method: req.method,
      path: url.pathname,
      modelId,
      body,
      authorization: req.headers.get("authorization"),
    });
    if (!match || req.method !== "POST") return httpError(404, "UnknownOperationException");
    if (match[2] === "invoke") {
      const next = invokeQueue.shift() ?? "ok";
      if (next !== "ok") return httpError(...HTTP_ERRORS[next]);
      return titanResponse(body as TitanBody);
    }
    const next = converseQueue.shift() ?? "ok";
    if (next in HTTP_ERRORS) return httpError(...HTTP_ERRORS[next]);
    // Deno fires `req.signal` early on HTTP/2 (the SDK's default), so a disconnect is seen
    // only as the body being cancelled; a stalled request waits for `close`.
    const stop = new AbortController();
    closing.signal.addEventListener("abort", () => stop.abort(), { once: true });
    let finished = false;
    const disconnected = () => {
      if (!finished && !closing.signal.aborted) aborted++;
      finished = true;
      stop.abort();
    };
    if (next === "stall") {
      await new Promise((resolve) => closing.signal.addEventListener("abort", resolve));
      return new Response(null, { status: 499 });
    }
    const source = converseFrames(next, options, stop.signal);
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const step = await source.next();
        if (step.done) {
          finished = true;
          controller.close();
        } else controller.enqueue(step.value);
      },
      cancel: disconnected,
    });
    return new Response(stream, {
      headers: {
        "content-type": "application/vnd.amazon.eventstream",
        "x-amzn-requestid": crypto.randomUUID(),
      },
    });
  };

  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, handler);
  return Promise.resolve({
    url: `http://127.0.0.1:${server.addr.port}`,
    requests,
    get abortedRequests() {
      return aborted;
    },
    async close() {
      closing.abort();
      await server.shutdown();
    },
  });
}

/** One event-stream frame, as Bedrock frames events. */
function eventFrame(eventType: string, payload: unknown): Uint8Array {
  return codec.encode({
    headers: {
      ":event-type": { type: "string", value: eventType },
      ":message-type": { type: "string", value: "event" },
      ":content-type": { type: "string", value: "application/json" },
    },
    body: encoder.encode(JSON.stringify(payload)),
  });
}

/** An exception frame: the stream's way of failing after the 200 was sent. */
function exceptionFrame(exceptionType: string, message: string): Uint8Array {
  return codec.encode({
    headers: {
      ":exception-type": { type: "string", value: exceptionType },
      ":message-type": { type: "string", value: "exception" },
      ":content-type": { type: "string", value: "application/json" },
    },
    body: encoder.encode(JSON.stringify({ message })),
  });
}

async function* converseFrames(
  behaviour: ConverseBehaviour,
  options: FakeBedrockOptions,
  stop: AbortSignal,
): AsyncGenerator<Uint8Array> {
  const tokens = options.tokens ?? ["The", " lore", " says", " hello", "."];
  if (behaviour === "throttle-frame") {
    yield exceptionFrame("throttlingException", "Too many requests, please wait.");
    return;
  }
  yield eventFrame("messageStart", { role: "assistant" });
  const half = Math.max(1, Math.floor(tokens.length / 2));
  for (const [i, text] of tokens.entries()) {
    if (i === half && behaviour === "cut") return;
    if (i === half && behaviour === "stream-error") {
      yield exceptionFrame("modelStreamErrorException", "The model stream failed.");
      return;
    }
    if (options.tokenDelayMs) await sleep(options.tokenDelayMs, stop);
    if (stop.aborted) return;
    yield eventFrame("contentBlockDelta", { contentBlockIndex: 0, delta: { text } });
  }
  yield eventFrame("contentBlockStop", { contentBlockIndex: 0 });
  yield eventFrame("messageStop", { stopReason: "end_turn" });
  const usage = options.usage ?? { inputTokens: 21, outputTokens: tokens.length };
  yield eventFrame("metadata", {
    usage: { ...usage, totalTokens: usage.inputTokens + usage.outputTokens },
    metrics: { latencyMs: 42 },
  });
}

interface TitanBody {
  inputText?: string;
  dimensions?: number;
  normalize?: boolean;
}

/** Titan Text Embeddings v2: 256, 512 or 1024 dimensions, normalised on request. */
function titanResponse(body: TitanBody): Response {
  const dimensions = body.dimensions ?? 1024;
  if (typeof body.inputText !== "string" || ![256, 512, 1024].includes(dimensions)) {
    return httpError(400, "ValidationException");
  }
  const embedding = fakeVector(body.inputText, dimensions, {
    normalize: body.normalize ?? true,
    scale: 3,
  });
  return Response.json({
    embedding,
    inputTextTokenCount: body.inputText.split(/\s+/).filter(Boolean).length,
  });
}

function httpError(status: number, type: string): Response {
  return Response.json({ message: `scripted ${type}` }, {
    status,
    headers: {
      "x-amzn-errortype": `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
      "x-amzn-requestid": crypto.randomUUID(),
    },
  });
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
