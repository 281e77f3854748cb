/**
 * Scorer for the article extraction benchmark: word-token 4-shingles matched as
 * multisets per page, precision and recall averaged over pages, F1 from the means.
 *
 * @example
 * ```ts
 * import { scorePages } from "./mod.ts";
 * const score = scorePages([{ truth: "a b c d e", prediction: "a b c d" }]);
 * // score.precision === 1, score.recall === 0.5
 * ```
 *
 * @module
 */

import { aggregateScores, type ExtractionScore } from "./metrics.ts";
import { matchShingles } from "./shingles.ts";

export { aggregateScores, type ExtractionScore } from "./metrics.ts";
export { markdownToPlainText } from "./markdown_text.ts";
export { matchShingles, type ShingleCounts, shingleCounts, tokenize } from "./shingles.ts";

/** One page to score: the hand-labelled text and an extractor's plain-text output. */
export interface ScoredPage {
  truth: string;
  prediction: string;
}

/** Scores a whole benchmark run. */
export function scorePages(pages: Iterable<ScoredPage>): ExtractionScore {
  const counts = [];
  for (const { truth, prediction } of pages) counts.push(matchShingles(truth, prediction));
  return aggregateScores(counts);
}
