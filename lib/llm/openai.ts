/**
 * The OpenAI provider: streaming chat completions through the official `openai` SDK,
 * against api.openai.com or any OpenAI-compatible server (Ollama, vLLM, llama.cpp,
 * LM Studio) given its `baseURL`. The SDK's own retries are off — the resilient chain
 * retries — and every failure becomes a {@linkcode ProviderError} with no key in it.
 *
 * @module
 */
import OpenAI from "openai";
import { scrubSecrets } from "../config/mod.ts";
import {
  type ChatMessage,
  type GenerateOptions,
  type LlmProvider,
  ProviderError,
  type ProviderErrorKind,
  type StreamPart,
} from "./provider.ts";
import { kindOfStatus } from "./status_kind.ts";

/** Options for {@linkcode createOpenAiProvider}. */
export interface OpenAiProviderOptions {
  /** Model to call unless a request names another. */
  model: string;
  /** API key; local OpenAI-compatible servers usually need none. */
  apiKey?: string;
  /** Base URL of the API, e.g. `http://localhost:11434/v1`; defaults to OpenAI's. */
  baseURL?: string;
  /** OpenAI organization id, sent as a header when set. */
  organization?: string;
  /** The `fetch` the SDK uses (tests and proxies inject one). */
  fetch?: typeof fetch;
  /** Time allowed until response headers arrive, in ms (default 10 000). */
  connectTimeoutMs?: number;
  /** Time allowed for `ping`, in ms (default 3 000). */
  pingTimeoutMs?: number;
  /** Provider name reported in errors and `name` (default "openai"). */
  name?: string;
}

/** OpenAI's public endpoint, used when no `baseURL` is given. */
export const OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";

/** Sent when no key is configured; OpenAI-compatible local servers ignore it. */
const NO_KEY = "no-key";

/**
 * Creates a provider streaming from an OpenAI-compatible chat completions endpoint.
 *
 * @example
 * ```ts ignore
 * const llm = createOpenAiProvider({ model: "llama3.1", baseURL: "http://localhost:11434/v1" });
 * for await (const part of llm.stream("Be brief.", [{ role: "user", content: "Hi" }], {}, signal)) {
 *   if (part.type === "text") console.log(part.text);
 * }
 * ```
 */
export function createOpenAiProvider(options: OpenAiProviderOptions): LlmProvider {
  const name = options.name ?? "openai";
  const secrets = options.apiKey ? [options.apiKey] : [];
  // Every field is explicit so the SDK never falls back to reading the environment.
  const client = new OpenAI({
    apiKey: options.apiKey ?? NO_KEY,
    baseURL: options.baseURL ?? OPENAI_DEFAULT_BASE_URL,
    organization: options.organization ?? null,
    project: null,
    adminAPIKey: null,
    webhookSecret: null,
    fetch: options.fetch,
    timeout: options.connectTimeoutMs ?? 10_000,
    maxRetries: 0,
    logLevel: "off",
  });
  const fail = (error: unknown, signal: AbortSignal) =>
    toProviderError(error, signal, name, secrets);

  return {
    name,
    model: options.model,
    supportsSampling: true,
    async *stream(
      system: string,
      messages: ChatMessage[],
      generate: GenerateOptions,
      signal: AbortSignal,
    ): AsyncGenerator<StreamPart> {
      if (signal.aborted) throw fail(signal.reason, signal);
      let completion;
      try {
        completion = await client.chat.completions.create({
          model: generate.model ?? options.model,
          messages: [{ role: "system", content: system }, ...messages],
          stream: true,
          stream_options: { include_usage: true },
          ...(generate.maxTokens !== undefined ? { max_tokens: generate.maxTokens } : {}),
          ...(generate.temperature !== undefined ? { temperature: generate.temperature } : {}),
        }, { signal });
      } catch (error) {
        throw fail(error, signal);
      }
      let finished = false;
      let usage: StreamPart | null = null;
      try {
        for await (const chunk of completion) {
          // Chunks already received keep arriving after an abort; none may reach the reader.
          signal.throwIfAborted();
          const choice = chunk.choices[0];
          if (choice?.delta?.content) yield { type: "text", text: choice.delta.content };
          if (choice?.finish_reason) finished = true;
          if (chunk.usage) {
            usage = {
              type: "usage",
              inputTokens: chunk.usage.prompt_tokens,
              outputTokens: chunk.usage.completion_tokens,
            };
          }
        }
      } catch (error) {
        throw fail(error, signal);
      }
      // The SDK ends quietly when aborted or when the body stops early; neither is an answer.
      if (signal.aborted) throw fail(signal.reason, signal);
      if (!finished) {
        throw new ProviderError(
          `${name}: the stream ended before the model finished`,
          "server",
          name,
        );
      }
      if (usage) yield usage;
    },
    async ping(signal: AbortSignal): Promise<void> {
      try {
        await client.models.list({ signal, timeout: options.pingTimeoutMs ?? 3_000 });
      } catch (error) {
        throw fail(error, signal);
      }
    },
  };
}

/** Maps anything the SDK throws to a {@linkcode ProviderError} whose text names no secret. */
function toProviderError(
  error: unknown,
  signal: AbortSignal,
  provider: string,
  secrets: string[],
): ProviderError {
  if (error instanceof ProviderError) return error;
  const clean = (text: string) =>
    scrubSecrets(text, secrets).replace(/\bsk-[A-Za-z0-9_\-*.]{4,}/g, "[redacted]");
  const detail = clean(error instanceof Error ? error.message : String(error));
  const make = (kind: ProviderErrorKind, what: string, status?: number) =>
    new ProviderError(`${provider}: ${what}${detail ? ` (${detail})` : ""}`, kind, provider, {
      status,
    });
  if (signal.aborted || error instanceof OpenAI.APIUserAbortError) {
    return new ProviderError(`${provider}: request aborted`, "aborted", provider);
  }
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return make("timeout", "no response in time");
  }
  if (error instanceof OpenAI.APIConnectionError) return make("connect", "connection failed");
  if (error instanceof OpenAI.APIError) {
    const status = error.status;
    if (status === undefined) return make("server", "the stream reported an error");
    return make(kindOfStatus(status), `HTTP ${status}`, status);
  }
  if (error instanceof SyntaxError) return make("server", "malformed response");
  return make("server", "the response was interrupted");
}
