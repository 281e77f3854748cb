/**
 * Turning free text into search terms: a tokeniser shared by the sqlite store (which
 * builds safe FTS5 MATCH expressions from questions) and the Upstash store (which
 * builds hashed sparse vectors for hybrid indexes).
 *
 * @module
 */

/** English function words that carry no lore: dropped from queries and sparse vectors. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    "a about above after again against all am an and any are as at be because been before " +
    "being below between both but by can could did do does doing down during each few for " +
    "from further had has have having he her here hers herself him himself his how i if in " +
    "into is it its itself just let me more most my myself near no nor not now of off on " +
    "once only or other our ours ourselves out over own same she should so some such than " +
    "that the their theirs them themselves then there these they this those through to too " +
    "under until up very was we were what when where which while who whom why will with " +
    "would you your yours yourself yourselves tell know please s t d ll m re ve"
  ).split(" "),
);

/** At most this many distinct terms are kept from one query, bounding its cost. */
export const MAX_QUERY_TERMS = 32;

const WORD = /[\p{L}\p{N}]+/gu;
const COMBINING_MARKS = /\p{M}+/gu;

/**
 * Lower-cased words of `text` with diacritics removed, in order, duplicates kept.
 * Punctuation and symbols (quotes, `*`, `:`, `-`, brackets, emoji) separate words
 * and never appear in them.
 */
export function tokenize(text: string): string[] {
  const folded = text.normalize("NFKD").replace(COMBINING_MARKS, "").toLowerCase();
  return folded.match(WORD) ?? [];
}

/**
 * Distinct search terms of a question: its words minus stopwords, first occurrence
 * first, at most {@linkcode MAX_QUERY_TERMS}. When every word is a stopword the words
 * themselves are kept, so "Who is he?" still searches for something.
 */
export function queryTerms(text: string): string[] {
  const words = tokenize(text);
  const content = words.filter((w) => !STOPWORDS.has(w));
  return [...new Set(content.length > 0 ? content : words)].slice(0, MAX_QUERY_TERMS);
}

/**
 * An FTS5 MATCH expression matching any of the terms of {@linkcode queryTerms}. Each
 * term is a double-quoted string, so FTS5 syntax in a question (`AND`, `NEAR(`, `*`,
 * `:`, `-`, quotes) is read as plain words; OR lets partial matches still rank.
 *
 * @example
 * ```ts
 * import { ftsAnyOf, queryTerms } from "./terms.ts";
 * console.assert(ftsAnyOf(queryTerms('Who rules "Emberfall"?')) === '"rules" OR "emberfall"');
 * ```
 */
export function ftsAnyOf(terms: readonly string[]): string {
  return terms.map(ftsString).join(" OR ");
}

/** An FTS5 MATCH expression matching rows that hold every one of the terms. */
export function ftsAllOf(terms: readonly string[]): string {
  return terms.map(ftsString).join(" AND ");
}

function ftsString(term: string): string {
  // Terms from the tokeniser hold only letters and digits; quotes are doubled anyway.
  return `"${term.replaceAll('"', '""')}"`;
}

/** A light English stemmer for sparse vectors: folds common plural and verb endings. */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (word.endsWith("ies") && word.length > 4) return word.slice(0, -3) + "y";
  if (word.endsWith("sses")) return word.slice(0, -2);
  if (word.endsWith("ss") || word.endsWith("us") || word.endsWith("is")) return word;
  if (word.endsWith("s")) return word.slice(0, -1);
  if (word.endsWith("ing") && word.length > 5) return word.slice(0, -3);
  if (word.endsWith("ed") && word.length > 4) return word.slice(0, -2);
  return word;
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

/** A sparse vector: parallel arrays of term indices (ascending) and weights. */
export interface SparseVector {
  indices: number[];
  values: number[];
}

/** BM25 term-frequency saturation; document length normalisation uses `AVERAGE_LENGTH`. */
const K1 = 1.2;
const B = 0.75;
const AVERAGE_LENGTH = 150;

/**
 * The sparse vector of a document for BM25-style retrieval: each stemmed content term
 * weighted by BM25's saturated term frequency. The inverse document frequency half of
 * BM25 is applied by the index at query time (Upstash `weightingStrategy: "IDF"`).
 */
export function documentSparseVector(text: string): SparseVector {
  const counts = new Map<number, number>();
  let length = 0;
  for (const word of tokenize(text)) {
    if (STOPWORDS.has(word)) continue;
    length++;
    const index = termIndex(stem(word));
    counts.set(index, (counts.get(index) ?? 0) + 1);
  }
  const norm = K1 * (1 - B + (B * length) / AVERAGE_LENGTH);
  return toSparse(counts, (tf) => (tf * (K1 + 1)) / (tf + norm));
}

/** The sparse vector of a query: each distinct stemmed term with weight 1. */
export function querySparseVector(text: string): SparseVector {
  const counts = new Map<number, number>();
  for (const term of queryTerms(text)) counts.set(termIndex(stem(term)), 1);
  return toSparse(counts, (w) => w);
}

function toSparse(counts: Map<number, number>, weight: (n: number) => number): SparseVector {
  const indices = [...counts.keys()].sort((a, b) => a - b);
  return { indices, values: indices.map((i) => weight(counts.get(i)!)) };
}
