/**
 * The embedder for lexical-only setups: it produces no vectors, so retrieval relies on
 * full-text search alone.
 *
 * @module
 */
import type { Embedder } from "./embedder.ts";

/** Creates the embedder that embeds nothing (`dimensions` is null). */
export function createNoEmbedder(): Embedder {
  return {
    kind: "none",
    dimensions: null,
    embedDocuments: (texts) => Promise.resolve(texts.map(() => [])),
    embedQuery: () => Promise.resolve(null),
  };
}
