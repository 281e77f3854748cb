/**
 * Benchmark-level precision, recall and F1 from per-page shingle counts.
 *
 * @module
 */

import type { ShingleCounts } from "./shingles.ts";

/** Mean precision and recall over pages, and the F1 of those two means. */
export interface ExtractionScore {
  precision: number;
  recall: number;
  f1: number;
  /** How many pages were scored. */
  pages: number;
}

/**
 * Averages per-page counts: precision over pages where anything was predicted, recall
 * over pages with a ground truth, F1 from the two means.
 */
export function aggregateScores(pages: readonly ShingleCounts[]): ExtractionScore {
  let pSum = 0, pN = 0, rSum = 0, rN = 0;
  for (const { tp, fp, fn } of pages) {
    if (tp + fp > 0) {
      pSum += tp / (tp + fp);
      pN++;
    }
    if (tp + fn > 0) {
      rSum += tp / (tp + fn);
      rN++;
    }
  }
  const precision = pN ? pSum / pN : 0;
  const recall = rN ? rSum / rN : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, pages: pages.length };
}
