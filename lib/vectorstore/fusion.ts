/**
 * Reciprocal rank fusion: merges rankings from different retrievers (BM25, cosine)
 * whose scores are not comparable, using only each item's rank.
 *
 * @module
 */

/** The conventional RRF constant: damps the advantage of the very first ranks. */
export const RRF_K = 60;

/**
 * Fuses rankings (each best first) into one: an item scores the sum over rankings of
 * `1 / (k + rank)`, rank counted from 1. Returns `[key, score]` pairs, best first; ties
 * keep the order in which keys were first seen.
 *
 * @example
 * ```ts
 * import { reciprocalRankFusion } from "./fusion.ts";
 * const fused = reciprocalRankFusion([["a", "b"], ["b", "c"]]);
 * console.assert(fused[0][0] === "b");
 * ```
 */
export function reciprocalRankFusion<K>(
  rankings: readonly (readonly K[])[],
  k: number = RRF_K,
): [K, number][] {
  const scores = new Map<K, number>();
  for (const ranking of rankings) {
    ranking.forEach((key, i) => scores.set(key, (scores.get(key) ?? 0) + 1 / (k + i + 1)));
  }
  return [...scores.entries()].sort((a, b) => b[1] - a[1]);
}
