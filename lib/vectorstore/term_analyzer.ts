/**
 * The term function the postings index uses at index time and at query time. It is
 * injected (`SqliteStoreOptions.analyzer`, `VectorStoreDeps.analyzer`) so the index
 * never tokenizes on its own; its `version` is persisted with the index, and a change of
 * version rebuilds the index from the chunks.
 *
 * The default is LoreChat's one text analyzer, `lib/text` (`analyze` with the chunk's
 * language, `ANALYZER_VERSION`).
 *
 * @module
 */
import { analyze, ANALYZER_VERSION } from "../text/mod.ts";

/** Turns text into index terms; the same function serves chunks and questions. */
export interface TermAnalyzer {
  /** Terms of `text` in language `lang` (detected when absent), in order, duplicates kept. */
  analyze(text: string, options?: { lang?: string }): string[];
  /** Changes whenever `analyze` would give different terms for some text. */
  readonly version: string;
}

/**
 * The default analyzer: `lib/text`.
 *
 * @example
 * ```ts
 * import { DEFAULT_ANALYZER } from "./term_analyzer.ts";
 * console.assert(DEFAULT_ANALYZER.analyze("The rivers", { lang: "en" }).join(" ") === "river");
 * ```
 */
export const DEFAULT_ANALYZER: TermAnalyzer = {
  version: ANALYZER_VERSION,
  analyze: (text, options) => analyze(text, options),
};

/** Most distinct terms a query keeps, bounding its cost. */
export const MAX_QUERY_TERMS = 32;

/**
 * Distinct query terms: the question analyzed in its own (detected) language and in each
 * language the store holds, first occurrence first, at most {@linkcode MAX_QUERY_TERMS}
 * from each analysis.
 */
export function analyzeQuery(
  analyzer: TermAnalyzer,
  text: string,
  langs: readonly string[] = [],
): string[] {
  const terms = analyzer.analyze(text).slice(0, MAX_QUERY_TERMS);
  for (const lang of langs) {
    terms.push(...analyzer.analyze(text, { lang }).slice(0, MAX_QUERY_TERMS));
  }
  return [...new Set(terms)];
}
