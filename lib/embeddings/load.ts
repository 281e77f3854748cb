/**
 * The lazy twin of `createEmbedder`: imports only the configured embedder's module (and
 * so its SDK), for cold starts that should not pay for providers they do not use — the
 * Lambda bundles split each provider into its own chunk on this seam.
 *
 * @module
 */
import type { Embedder } from "./embedder.ts";
import type { EmbeddingsConfig, EmbeddingsDeps } from "./factory.ts";
import { bedrockEmbedderOptions, openAiEmbedderOptions } from "./options.ts";

/**
 * Builds the embedder `EMBEDDINGS_PROVIDER` names, loading its module on demand.
 *
 * @example
 * ```ts
 * import { parseConfig } from "../config/mod.ts";
 * import { loadEmbedder } from "./load.ts";
 * const embedder = await loadEmbedder(parseConfig({}));
 * console.assert(embedder.kind === "none");
 * ```
 */
export async function loadEmbedder(
  config: EmbeddingsConfig,
  deps: EmbeddingsDeps = {},
): Promise<Embedder> {
  switch (config.EMBEDDINGS_PROVIDER) {
    case "none":
      return (await import("./none.ts")).createNoEmbedder();
    case "openai":
      return (await import("./openai.ts")).createOpenAiEmbedder(
        openAiEmbedderOptions(config, deps),
      );
    case "bedrock":
      return (await import("./bedrock.ts")).createBedrockEmbedder(
        bedrockEmbedderOptions(config, deps),
      );
  }
}
