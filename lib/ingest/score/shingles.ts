/**
 * Word tokens and 4-token shingles, matched as multisets, as the article extraction
 * benchmark defines them.
 *
 * @module
 */

/** A word token: a run of letters, digits or underscores (Python's Unicode `\w`). */
const TOKEN_RE = /[\p{L}\p{N}_]+/gu;

/** Per-page counts of matched, extra and missed shingles, normalised to sum to 1. */
export interface ShingleCounts {
  /** Shingles present in both texts (as a share of all three counts). */
  tp: number;
  /** Predicted shingles absent from the truth. */
  fp: number;
  /** True shingles the prediction missed. */
  fn: number;
}

/** Splits text into word tokens, case kept. */
export function tokenize(text: string): string[] {
  return text.match(TOKEN_RE) ?? [];
}

/**
 * Counts the overlapping `n`-token shingles of a text. A text shorter than `n` tokens
 * yields one shingle of all its tokens; an empty text yields none.
 *
 * @example
 * ```ts
 * import { shingleCounts } from "./shingles.ts";
 * shingleCounts("a b c d e", 4); // Map { "a b c d" => 1, "b c d e" => 1 }
 * ```
 */
export function shingleCounts(text: string, n = 4): Map<string, number> {
  const tokens = tokenize(text);
  const counts = new Map<string, number>();
  const last = Math.max(1, tokens.length - n + 1);
  for (let i = 0; i < last; i++) {
    const shingle = tokens.slice(i, i + n).join(" ");
    if (shingle) counts.set(shingle, (counts.get(shingle) ?? 0) + 1);
  }
  return counts;
}

/**
 * Matches the shingles of a prediction against the truth as multisets and normalises
 * the counts by their sum, so that long pages weigh no more than short ones.
 */
export function matchShingles(truth: string, prediction: string, n = 4): ShingleCounts {
  const want = shingleCounts(truth, n);
  const got = shingleCounts(prediction, n);
  let tp = 0, fp = 0, fn = 0;
  for (const [key, trueCount] of want) {
    const predCount = got.get(key) ?? 0;
    tp += Math.min(trueCount, predCount);
    fn += Math.max(0, trueCount - predCount);
  }
  for (const [key, predCount] of got) {
    fp += Math.max(0, predCount - (want.get(key) ?? 0));
  }
  const sum = tp + fp + fn;
  return sum > 0 ? { tp: tp / sum, fp: fp / sum, fn: fn / sum } : { tp: 0, fp: 0, fn: 0 };
}
