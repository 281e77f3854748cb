/**
 * The Bedrock provider: streaming chat through the official
 * `@aws-sdk/client-bedrock-runtime` `ConverseStreamCommand`, which speaks one request
 * shape to every chat model on Bedrock. Text comes from `contentBlockDelta` events,
 * usage from the `metadata` event. The SDK's retries are off (the resilient chain
 * retries), requests go over web `fetch`, and every failure becomes a
 * {@linkcode ProviderError}.
 *
 * @module
 */
import {
  BedrockRuntimeClient,
  ConverseStreamCommand,
  type ConverseStreamOutput,
} from "@aws-sdk/client-bedrock-runtime";
import { FetchHttpHandler } from "@smithy/fetch-http-handler";
import {
  type ChatMessage,
  type GenerateOptions,
  type LlmProvider,
  ProviderError,
  type ProviderErrorKind,
  type StreamPart,
} from "./provider.ts";
import { kindOfStatus } from "./status_kind.ts";

/** Static AWS credentials; without them the SDK's default credential chain is used. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Options for {@linkcode createBedrockProvider}. */
export interface BedrockProviderOptions {
  /** AWS region, e.g. `us-east-1`. */
  region: string;
  /** Model (or inference profile) id to call unless a request names another. */
  modelId: string;
  /** Endpoint override (a VPC endpoint, or a loopback fake in tests). */
  endpoint?: string;
  /** Credentials; omitted, the SDK's default chain (env, profile, role) applies. */
  credentials?: AwsCredentials;
  /** Time allowed until the response headers arrive, in ms (default 10 000). */
  connectTimeoutMs?: number;
  /** A client to use instead of building one (its owner destroys it). */
  client?: BedrockRuntimeClient;
  /** Provider name reported in errors and `name` (default "bedrock"). */
  name?: string;
}

/** A Bedrock provider; `close` releases the HTTP sessions of a client it built. */
export interface BedrockProvider extends LlmProvider {
  close(): void;
}

/**
 * Creates a provider streaming from Bedrock's ConverseStream API.
 *
 * @example
 * ```ts ignore
 * const llm = createBedrockProvider({ region: "us-east-1", modelId: "amazon.nova-lite-v1:0" });
 * ```
 */
export function createBedrockProvider(options: BedrockProviderOptions): BedrockProvider {
  const name = options.name ?? "bedrock";
  const owned = options.client === undefined;
  const client = options.client ?? new BedrockRuntimeClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    maxAttempts: 1,
    // HTTP/1.1 over web fetch: the SDK's default HTTP/2 handler cuts event streams short
    // under Deno's node:http2 layer, and fetch runs the same on Deno and Node.
    requestHandler: new FetchHttpHandler(),
  });
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;

  return {
    name,
    model: options.modelId,
    supportsSampling: true,
    async *stream(
      system: string,
      messages: ChatMessage[],
      generate: GenerateOptions,
      signal: AbortSignal,
    ): AsyncGenerator<StreamPart> {
      if (signal.aborted) throw aborted(name);
      const connect = new AbortController();
      const timer = setTimeout(() => connect.abort(), connectTimeoutMs);
      // One controller the request holds strongly for its whole life: a signal made by
      // AbortSignal.any can be collected while the body streams, and the abort then never
      // reaches the connection.
      const request = new AbortController();
      const cancel = () => request.abort(signal.reason);
      signal.addEventListener("abort", cancel, { once: true });
      connect.signal.addEventListener("abort", () => request.abort(), { once: true });
      const abortSignal = request.signal;
      let events: AsyncIterable<ConverseStreamOutput>;
      try {
        const response = await client.send(
          new ConverseStreamCommand({
            modelId: generate.model ?? options.modelId,
            system: system ? [{ text: system }] : undefined,
            messages: messages.map((m) => ({ role: m.role, content: [{ text: m.content }] })),
            inferenceConfig: {
              maxTokens: generate.maxTokens,
              temperature: generate.temperature,
            },
          }),
          { abortSignal },
        );
        if (!response.stream) throw new ProviderError(`${name}: no stream`, "server", name);
        events = response.stream;
      } catch (error) {
        if (connect.signal.aborted && !signal.aborted) {
          throw new ProviderError(`${name}: no response in time`, "timeout", name);
        }
        throw toProviderError(error, signal, name, "connect");
      } finally {
        clearTimeout(timer);
      }
      try {
        yield* readEvents(events, signal, name);
      } finally {
        signal.removeEventListener("abort", cancel);
        request.abort(); // a reader that stops early must not leave the body streaming
      }
    },
    async ping(): Promise<void> {
      // The runtime API has no cheap read; resolving credentials catches the usual misconfig.
      try {
        await client.config.credentials();
      } catch (error) {
        throw new ProviderError(`${name}: no usable AWS credentials`, "auth", name, {
          cause: error,
        });
      }
    },
    close() {
      if (owned) client.destroy();
    },
  };
}

/** Turns ConverseStream events into stream parts, failing on exception events. */
async function* readEvents(
  events: AsyncIterable<ConverseStreamOutput>,
  signal: AbortSignal,
  name: string,
): AsyncGenerator<StreamPart> {
  let stopped = false;
  let usage: StreamPart | null = null;
  try {
    for await (const event of events) {
      // Frames already received keep arriving after an abort; none may reach the reader.
      if (signal.aborted) throw aborted(name);
      if (event.contentBlockDelta?.delta?.text) {
        yield { type: "text", text: event.contentBlockDelta.delta.text };
      } else if (event.messageStop) {
        stopped = true;
      } else if (event.metadata?.usage) {
        usage = {
          type: "usage",
          inputTokens: event.metadata.usage.inputTokens ?? 0,
          outputTokens: event.metadata.usage.outputTokens ?? 0,
        };
      } else {
        const exception = event.throttlingException ?? event.internalServerException ??
          event.serviceUnavailableException ?? event.modelStreamErrorException ??
          event.validationException;
        if (exception) throw exception;
      }
    }
  } catch (error) {
    throw toProviderError(error, signal, name, "server");
  }
  if (signal.aborted) throw aborted(name);
  if (!stopped) {
    throw new ProviderError(`${name}: the stream ended before the model finished`, "server", name);
  }
  if (usage) yield usage;
}

const KIND_BY_NAME: Record<string, ProviderErrorKind> = {
  ThrottlingException: "rate_limit",
  ServiceQuotaExceededException: "rate_limit",
  TooManyRequestsException: "rate_limit",
  ServiceUnavailableException: "server",
  InternalServerException: "server",
  ModelStreamErrorException: "server",
  ModelNotReadyException: "server",
  ModelErrorException: "server",
  ModelTimeoutException: "timeout",
  TimeoutError: "timeout",
  ValidationException: "invalid_request",
  ResourceNotFoundException: "invalid_request",
  ConflictException: "invalid_request",
  AccessDeniedException: "auth",
  UnrecognizedClientException: "auth",
  InvalidSignatureException: "auth",
  ExpiredTokenException: "auth",
  CredentialsProviderError: "auth",
};

/**
 * Maps what the AWS SDK throws to a {@linkcode ProviderError}. An error with no service
 * name or status is a transport failure: `connect` before the response, `server` after.
 */
function toProviderError(
  error: unknown,
  signal: AbortSignal,
  name: string,
  transport: "connect" | "server",
): ProviderError {
  if (error instanceof ProviderError) return error;
  if (signal.aborted) return aborted(name);
  const e = (error ?? {}) as {
    name?: string;
    message?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const errorName = normaliseName(e.name ?? "");
  const status = e.$metadata?.httpStatusCode;
  let kind: ProviderErrorKind = KIND_BY_NAME[errorName] ?? "unknown";
  if (errorName === "AbortError") kind = "aborted";
  else if (kind === "unknown" && status !== undefined) kind = kindOfStatus(status);
  else if (kind === "unknown") kind = transport;
  const what = errorName || "request failed";
  return new ProviderError(`${name}: ${what}${e.message ? ` (${e.message})` : ""}`, kind, name, {
    status,
    cause: error,
  });
}

/** Exception frames name members in lower camel case (`throttlingException`). */
function normaliseName(name: string): string {
  return name.length > 0 ? name[0].toUpperCase() + name.slice(1) : name;
}

function aborted(name: string): ProviderError {
  return new ProviderError(`${name}: request aborted`, "aborted", name);
}
