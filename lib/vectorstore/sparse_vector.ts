/**
 * Hashed sparse vectors for Upstash hybrid indexes, over the analyzer's terms: a
 * document's terms weighted by BM25's saturated term frequency, a query's distinct terms
 * with weight 1 (the index applies the IDF half at query time).
 *
 * @module
 */
import { analyze, multilingualQueryTerms } from "../text/mod.ts";

/** A sparse vector: parallel arrays of term indices (ascending) and weights. */
export interface SparseVector {
  indices: number[];
  values: number[];
}

/** FNV-1a hash of a term, folded to a non-negative 31-bit sparse-vector index. */
export function termIndex(term: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) {
    hash ^= term.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) & 0x7fffffff;
}

/** BM25 term-frequency saturation; document length normalisation uses `AVERAGE_LENGTH`. */
const K1 = 1.2;
const B = 0.75;
const AVERAGE_LENGTH = 150;

/**
 * The sparse vector of a document in language `lang` (detected when absent): each
 * content term weighted by BM25's saturated term frequency.
 */
export function documentSparseVector(text: string, lang?: string): SparseVector {
  const counts = new Map<number, number>();
  const terms = analyze(text, { lang });
  for (const term of terms) {
    const index = termIndex(term);
    counts.set(index, (counts.get(index) ?? 0) + 1);
  }
  const norm = K1 * (1 - B + (B * terms.length) / AVERAGE_LENGTH);
  return toSparse(counts, (tf) => (tf * (K1 + 1)) / (tf + norm));
}

/**
 * The sparse vector of a query: each distinct term with weight 1, analyzed in the
 * query's own language and in each of `langs` (the languages the index holds).
 */
export function querySparseVector(text: string, langs: readonly string[] = []): SparseVector {
  const counts = new Map<number, number>();
  for (const term of multilingualQueryTerms(text, langs)) counts.set(termIndex(term), 1);
  return toSparse(counts, (w) => w);
}

function toSparse(counts: Map<number, number>, weight: (n: number) => number): SparseVector {
  const indices = [...counts.keys()].sort((a, b) => a - b);
  return { indices, values: indices.map((i) => weight(counts.get(i)!)) };
}
