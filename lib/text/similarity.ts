/**
 * Word-set similarity, for telling near-duplicate passages apart.
 *
 * @module
 */
import { type AnalyzeOptions, analyzeWords } from "./analyze.ts";

/** The set of stemmed words of a text, stopwords included (their folded form). */
export function termSet(text: string, options?: AnalyzeOptions): Set<string> {
  return new Set(analyzeWords(text, options).map((w) => w.term ?? w.word));
}

/** Jaccard similarity of two word sets (1 for two empty sets). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.size + b.size - shared);
}
