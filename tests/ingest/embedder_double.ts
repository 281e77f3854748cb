/**
 * A deterministic `Embedder` for ingestion tests: hashed bag-of-words vectors, no network.
 * It counts calls so tests can assert that unchanged documents are not re-embedded.
 *
 * @module
 */
import type { Embedder } from "../../lib/embeddings/embedder.ts";

/** A hashing embedder with `dimensions` outputs; `calls` counts texts embedded. */
export function hashingEmbedder(dimensions = 8): Embedder & { texts: number } {
  const embedder = {
    kind: "hashing",
    dimensions,
    texts: 0,
    embed(text: string): number[] {
      const v = new Array(dimensions).fill(0);
      for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
        let h = 2166136261;
        for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
        v[(h >>> 0) % dimensions] += 1;
      }
      const norm = Math.hypot(...v) || 1;
      return v.map((x) => x / norm);
    },
    embedDocuments(texts: string[]) {
      embedder.texts += texts.length;
      return Promise.resolve(texts.map((t) => embedder.embed(t)));
    },
    embedQuery(text: string) {
      return Promise.resolve(embedder.embed(text));
    },
  };
  return embedder;
}
