/**
 * The term function the postings index uses at index time and at query time. It is
 * injected (`SqliteStoreOptions.analyzer`), so the shared text analyzer can replace
 * this default without touching the index; its `version` is persisted with the index,
 * and a change of version rebuilds the index from the chunks.
 *
 * The default is the store's existing English term rules (`terms.ts`): lower-cased,
 * diacritics folded, stopwords dropped, light stemming.
 *
 * @module
 */
import { stem, STOPWORDS, tokenize } from "./terms.ts";

/** Turns text into index terms; the same function must serve documents and queries. */
export interface TermAnalyzer {
  /** Terms of `text`, in order, duplicates kept. */
  analyze(text: string): string[];
  /** Changes whenever `analyze` would give different terms for some text. */
  readonly version: string;
}

const NON_ASCII = /[^ -~\t\n\r]/;
const ASCII_WORD = /[a-z0-9]+/g;

/** {@linkcode tokenize}, skipping Unicode normalisation for plain ASCII (same result). */
function fastTokenize(text: string): string[] {
  if (NON_ASCII.test(text)) return tokenize(text);
  return text.toLowerCase().match(ASCII_WORD) ?? [];
}

/**
 * The default analyzer: `terms.ts` tokenising, stopwords and stemming.
 *
 * @example
 * ```ts
 * import { DEFAULT_ANALYZER } from "./term_analyzer.ts";
 * console.assert(DEFAULT_ANALYZER.analyze("The Rivers of Émberfall").join(" ") === "river emberfall");
 * ```
 */
export const DEFAULT_ANALYZER: TermAnalyzer = {
  version: "terms.ts-1",
  analyze(text: string): string[] {
    const out: string[] = [];
    for (const word of fastTokenize(text)) if (!STOPWORDS.has(word)) out.push(stem(word));
    return out;
  },
};

/** Most distinct terms a query keeps, bounding its cost (as `terms.ts` does). */
export const MAX_QUERY_TERMS = 32;

/** Distinct query terms, first occurrence first, at most {@linkcode MAX_QUERY_TERMS}. */
export function analyzeQuery(analyzer: TermAnalyzer, text: string): string[] {
  return [...new Set(analyzer.analyze(text))].slice(0, MAX_QUERY_TERMS);
}
