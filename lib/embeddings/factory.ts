/**
 * Builds the embedder `EMBEDDINGS_PROVIDER` names: `none` (lexical only), `openai` or
 * `bedrock`, sized by `EMBEDDINGS_DIMENSIONS` and paced by `EMBEDDINGS_BATCH_SIZE` and
 * `EMBEDDINGS_CONCURRENCY`.
 *
 * @module
 */
import type { Config } from "../config/mod.ts";
import type { RetryPolicy } from "./batching.ts";
import { createBedrockEmbedder } from "./bedrock.ts";
import type { Embedder } from "./embedder.ts";
import { createNoEmbedder } from "./none.ts";
import { createOpenAiEmbedder } from "./openai.ts";
import { bedrockEmbedderOptions, openAiEmbedderOptions } from "./options.ts";

/** The config fields the embeddings factory reads (a full {@linkcode Config} will do). */
export type EmbeddingsConfig = Pick<
  Config,
  | "EMBEDDINGS_PROVIDER"
  | "EMBEDDINGS_DIMENSIONS"
  | "EMBEDDINGS_BATCH_SIZE"
  | "EMBEDDINGS_CONCURRENCY"
  | "OPENAI_API_KEY"
  | "OPENAI_BASE_URL"
  | "OPENAI_ORGANIZATION"
  | "OPENAI_EMBEDDING_MODEL"
  | "AWS_REGION"
  | "AWS_ACCESS_KEY_ID"
  | "AWS_SECRET_ACCESS_KEY"
  | "AWS_SESSION_TOKEN"
  | "AWS_ENDPOINT_URL"
  | "BEDROCK_EMBEDDING_MODEL_ID"
  | "BEDROCK_ENDPOINT_URL"
>;

/** Things the factory passes on instead of reaching for globals; all optional. */
export interface EmbeddingsDeps {
  /** The `fetch` the OpenAI SDK uses. */
  fetch?: typeof fetch;
  /** Backoff sleep and jitter for retries (tests pass instant ones). */
  sleep?: RetryPolicy["sleep"];
  random?: RetryPolicy["random"];
}

/**
 * Creates the configured embedder.
 *
 * @example
 * ```ts
 * import { parseConfig } from "../config/mod.ts";
 * import { createEmbedder } from "./factory.ts";
 * const embedder = createEmbedder(parseConfig({}));
 * console.assert(embedder.dimensions === null);
 * ```
 *
 * @throws {EmbeddingError} `invalid` when Bedrock is asked for a size Titan v2 lacks.
 */
export function createEmbedder(config: EmbeddingsConfig, deps: EmbeddingsDeps = {}): Embedder {
  switch (config.EMBEDDINGS_PROVIDER) {
    case "none":
      return createNoEmbedder();
    case "openai":
      return createOpenAiEmbedder(openAiEmbedderOptions(config, deps));
    case "bedrock":
      return createBedrockEmbedder(bedrockEmbedderOptions(config, deps));
  }
}
