/**
 * Text → vectors behind the {@linkcode Embedder} seam: OpenAI (or any OpenAI-compatible
 * server), Bedrock Titan Text Embeddings v2, or none (lexical retrieval only). Vectors
 * are unit length and come back in input order; calls are batched, run with bounded
 * concurrency, and retried with backoff when throttled.
 *
 * @example
 * ```ts
 * import { parseConfig } from "../config/mod.ts";
 * import { createEmbedder } from "./mod.ts";
 * const embedder = createEmbedder(parseConfig({ EMBEDDINGS_PROVIDER: "none" }));
 * console.assert((await embedder.embedQuery("who rules?")) === null);
 * ```
 *
 * @module
 */
export { type Embedder, EmbeddingError } from "./embedder.ts";
export { createEmbedder, type EmbeddingsConfig, type EmbeddingsDeps } from "./factory.ts";
export { loadEmbedder } from "./load.ts";
export { createOpenAiEmbedder, type OpenAiEmbedderOptions } from "./openai.ts";
export {
  type BedrockEmbedderOptions,
  createBedrockEmbedder,
  TITAN_V2_DIMENSIONS,
} from "./bedrock.ts";
export { createNoEmbedder } from "./none.ts";
export {
  l2Normalize,
  mapBounded,
  type RetryPolicy,
  retryTransient,
  toBatches,
} from "./batching.ts";
