/**
 * Config → constructor options for each embedder, shared by the eager factory
 * (`factory.ts`) and the lazy loader (`load.ts`) so the mapping is written once. Only
 * types are imported here: this file never pulls an embedder's SDK into a bundle.
 *
 * @module
 */
import type { BedrockEmbedderOptions } from "./bedrock.ts";
import type { EmbeddingsConfig, EmbeddingsDeps } from "./factory.ts";
import type { OpenAiEmbedderOptions } from "./openai.ts";

/** Options for `createOpenAiEmbedder` from config. */
export function openAiEmbedderOptions(
  config: EmbeddingsConfig,
  deps: EmbeddingsDeps = {},
): OpenAiEmbedderOptions {
  return {
    model: config.OPENAI_EMBEDDING_MODEL,
    dimensions: config.EMBEDDINGS_DIMENSIONS,
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL,
    organization: config.OPENAI_ORGANIZATION,
    fetch: deps.fetch,
    batchSize: config.EMBEDDINGS_BATCH_SIZE,
    concurrency: config.EMBEDDINGS_CONCURRENCY,
    sleep: deps.sleep,
    random: deps.random,
  };
}

/** Options for `createBedrockEmbedder` from config. */
export function bedrockEmbedderOptions(
  config: EmbeddingsConfig,
  deps: EmbeddingsDeps = {},
): BedrockEmbedderOptions {
  return {
    region: config.AWS_REGION,
    modelId: config.BEDROCK_EMBEDDING_MODEL_ID,
    dimensions: config.EMBEDDINGS_DIMENSIONS,
    endpoint: config.BEDROCK_ENDPOINT_URL ?? config.AWS_ENDPOINT_URL,
    credentials: config.AWS_ACCESS_KEY_ID && config.AWS_SECRET_ACCESS_KEY
      ? {
        accessKeyId: config.AWS_ACCESS_KEY_ID,
        secretAccessKey: config.AWS_SECRET_ACCESS_KEY,
        sessionToken: config.AWS_SESSION_TOKEN,
      }
      : undefined,
    concurrency: config.EMBEDDINGS_CONCURRENCY,
    sleep: deps.sleep,
    random: deps.random,
  };
}
