/**
 * The `Embedder` seam: text → dense vectors. Implementations: `bedrock.ts` (Titan Text
 * Embeddings v2), `openai.ts`, and `none.ts` (lexical only: `dimensions` is null).
 *
 * @module
 */

/** Turns texts into vectors, batching and retrying as its backend needs. */
export interface Embedder {
  /** Short name: "bedrock", "openai", "none". */
  readonly kind: string;
  /** Vector length, or null when this embedder produces no vectors. */
  readonly dimensions: number | null;
  /**
   * Embeds documents (chunks) for storage. Returns one vector per input, in order;
   * an empty array of vectors per input when `dimensions` is null.
   */
  embedDocuments(texts: string[], signal?: AbortSignal): Promise<number[][]>;
  /** Embeds one query for retrieval; null when `dimensions` is null. */
  embedQuery(text: string, signal?: AbortSignal): Promise<number[] | null>;
}

/** Thrown when an embedding backend fails after its retries. */
export class EmbeddingError extends Error {
  constructor(
    message: string,
    readonly kind: "rate_limit" | "timeout" | "auth" | "invalid" | "unavailable" | "unknown",
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "EmbeddingError";
  }
}
