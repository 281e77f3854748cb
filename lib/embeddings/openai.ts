/**
 * OpenAI embeddings (or any OpenAI-compatible `/v1/embeddings`) through the official
 * `openai` SDK: inputs go in batches, a few batches at a time, throttling is retried
 * with backoff, and vectors come back unit length, in input order, at the configured size.
 *
 * @module
 */
import OpenAI from "openai";
import { scrubSecrets } from "../config/mod.ts";
import {
  l2Normalize,
  mapBounded,
  type RetryPolicy,
  retryTransient,
  toBatches,
} from "./batching.ts";
import { type Embedder, EmbeddingError } from "./embedder.ts";

/** Options for {@linkcode createOpenAiEmbedder}. */
export interface OpenAiEmbedderOptions extends RetryPolicy {
  /** Embedding model, e.g. `text-embedding-3-small`. */
  model: string;
  /** Vector length to request and to expect back. */
  dimensions: number;
  apiKey?: string;
  /** Base URL of an OpenAI-compatible API; defaults to OpenAI's. */
  baseURL?: string;
  organization?: string;
  /** The `fetch` the SDK uses. */
  fetch?: typeof fetch;
  /** Texts per request (64). */
  batchSize?: number;
  /** Requests in flight at once (4). */
  concurrency?: number;
  /** Time allowed per request, in ms (60 000). */
  timeoutMs?: number;
}

/**
 * Creates an embedder calling `embeddings.create` with batches of texts.
 *
 * @example
 * ```ts ignore
 * const embedder = createOpenAiEmbedder({ model: "text-embedding-3-small", dimensions: 512, apiKey });
 * const [vector] = await embedder.embedDocuments(["The Reach is a river kingdom."]);
 * ```
 */
export function createOpenAiEmbedder(options: OpenAiEmbedderOptions): Embedder {
  const secrets = options.apiKey ? [options.apiKey] : [];
  const client = new OpenAI({
    apiKey: options.apiKey ?? "no-key",
    baseURL: options.baseURL ?? "https://api.openai.com/v1",
    organization: options.organization ?? null,
    project: null,
    adminAPIKey: null,
    webhookSecret: null,
    fetch: options.fetch,
    timeout: options.timeoutMs ?? 60_000,
    maxRetries: 0,
    logLevel: "off",
  });

  async function embedBatch(batch: string[], signal?: AbortSignal): Promise<number[][]> {
    let response;
    try {
      response = await client.embeddings.create({
        model: options.model,
        input: batch,
        dimensions: options.dimensions,
        encoding_format: "float",
      }, { signal });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw toEmbeddingError(error, secrets);
    }
    const data = [...response.data].sort((a, b) => a.index - b.index);
    if (data.length !== batch.length) {
      throw new EmbeddingError(
        `openai: ${data.length} vectors for ${batch.length} texts`,
        "invalid",
      );
    }
    return data.map(({ embedding }) => {
      if (embedding.length !== options.dimensions) {
        throw new EmbeddingError(
          `openai: model ${options.model} returned ${embedding.length} dimensions, expected ${options.dimensions}`,
          "invalid",
        );
      }
      return l2Normalize(embedding);
    });
  }

  async function embedDocuments(texts: string[], signal?: AbortSignal): Promise<number[][]> {
    const batches = toBatches(texts, options.batchSize ?? 64);
    const results = await mapBounded(
      batches,
      options.concurrency ?? 4,
      (batch) => retryTransient(() => embedBatch(batch, signal), options, signal),
    );
    return results.flat();
  }

  return {
    kind: "openai",
    dimensions: options.dimensions,
    embedDocuments,
    async embedQuery(text: string, signal?: AbortSignal): Promise<number[] | null> {
      const [vector] = await embedDocuments([text], signal);
      return vector;
    },
  };
}

function toEmbeddingError(error: unknown, secrets: string[]): EmbeddingError {
  const detail = scrubSecrets(error instanceof Error ? error.message : String(error), secrets)
    .replace(/\bsk-[A-Za-z0-9_\-*.]{4,}/g, "[redacted]");
  const make = (kind: EmbeddingError["kind"], what: string) =>
    new EmbeddingError(`openai embeddings: ${what} (${detail})`, kind);
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return make("timeout", "no response in time");
  }
  if (error instanceof OpenAI.APIConnectionError) return make("unavailable", "connection failed");
  if (error instanceof OpenAI.APIError && error.status !== undefined) {
    const status = error.status;
    if (status === 429) return make("rate_limit", "HTTP 429");
    if (status === 401 || status === 403) return make("auth", `HTTP ${status}`);
    if (status === 408) return make("timeout", "HTTP 408");
    if (status >= 500) return make("unavailable", `HTTP ${status}`);
    return make("invalid", `HTTP ${status}`);
  }
  return make("unknown", "request failed");
}
