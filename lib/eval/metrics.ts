/**
 * Ranking metrics over one query's ranked document ids and its graded judgements, as
 * BEIR reports them (trec_eval definitions: linear gain for nDCG), and latency
 * percentiles. Pure functions: no clock, no I/O.
 *
 * @module
 */

/** Graded relevance of documents for one query: corpus id → grade (> 0 is relevant). */
export type Judgements = ReadonlyMap<string, number>;

/**
 * Normalised discounted cumulative gain at `k`: the gains (grades) of the first `k`
 * ranked documents, each divided by log2(rank + 1), over the same sum for the ideal
 * ranking of every judged document. 0 when the query has no relevant document.
 *
 * @example
 * ```ts
 * import { ndcgAt } from "./metrics.ts";
 * const judged = new Map([["a", 2], ["b", 1]]);
 * console.assert(ndcgAt(["a", "b", "c"], judged, 10) === 1);
 * ```
 */
export function ndcgAt(ranked: readonly string[], judged: Judgements, k: number): number {
  const gains = [...judged.values()].filter((g) => g > 0).sort((a, b) => b - a);
  const ideal = discountedGain(gains.slice(0, k));
  if (ideal === 0) return 0;
  const actual = firstUnique(ranked, k).map((id) => Math.max(0, judged.get(id) ?? 0));
  return discountedGain(actual) / ideal;
}

/** The first `k` distinct ids, in order. */
function firstUnique(ranked: readonly string[], k: number): string[] {
  const seen = new Set<string>();
  for (const id of ranked) {
    if (seen.size >= k) break;
    seen.add(id);
  }
  return [...seen];
}

function discountedGain(gains: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < gains.length; i++) sum += gains[i] / Math.log2(i + 2);
  return sum;
}

/**
 * Share of the relevant documents found in the first `k` ranked ids (duplicates count
 * once). 0 when the query has no relevant document.
 *
 * @example
 * ```ts
 * import { recallAt } from "./metrics.ts";
 * console.assert(recallAt(["x", "a"], new Map([["a", 1], ["b", 1]]), 10) === 0.5);
 * ```
 */
export function recallAt(ranked: readonly string[], judged: Judgements, k: number): number {
  const relevant = [...judged].filter(([, g]) => g > 0).map(([id]) => id);
  if (relevant.length === 0) return 0;
  const top = new Set(firstUnique(ranked, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

/**
 * Reciprocal rank of the first relevant document within the first `k`, else 0.
 *
 * @example
 * ```ts
 * import { reciprocalRankAt } from "./metrics.ts";
 * console.assert(reciprocalRankAt(["x", "a"], new Map([["a", 1]]), 10) === 0.5);
 * ```
 */
export function reciprocalRankAt(ranked: readonly string[], judged: Judgements, k: number): number {
  const top = firstUnique(ranked, k);
  const rank = top.findIndex((id) => (judged.get(id) ?? 0) > 0);
  return rank < 0 ? 0 : 1 / (rank + 1);
}

/**
 * The `p`-th percentile (0–100) of `samples`, interpolating linearly between the two
 * nearest ranks (the definition spreadsheets and NumPy use by default). NaN when empty.
 *
 * @example
 * ```ts
 * import { percentile } from "./metrics.ts";
 * console.assert(percentile([1, 2, 3, 4], 50) === 2.5);
 * ```
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const position = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/** p50, p95 and p99 of a set of samples (e.g. latencies in ms). */
export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
}

/**
 * The usual latency summary of `samples`.
 *
 * @example
 * ```ts
 * import { latencySummary } from "./metrics.ts";
 * console.assert(latencySummary([5]).p99 === 5);
 * ```
 */
export function latencySummary(samples: readonly number[]): Percentiles {
  return {
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
  };
}

/** Arithmetic mean; 0 for no values. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * Document ids in the order their first chunk appears: a retriever returns chunks, and a
 * page is found at the rank of its best chunk.
 *
 * @example
 * ```ts
 * import { documentRanking } from "./metrics.ts";
 * const hits = [{ documentId: "a" }, { documentId: "b" }, { documentId: "a" }];
 * console.assert(documentRanking(hits).join() === "a,b");
 * ```
 */
export function documentRanking(hits: Iterable<{ documentId: string }>): string[] {
  const seen = new Set<string>();
  const ranked: string[] = [];
  for (const { documentId } of hits) {
    if (seen.has(documentId)) continue;
    seen.add(documentId);
    ranked.push(documentId);
  }
  return ranked;
}
