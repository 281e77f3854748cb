/**
 * The analyzer: text → index and query terms. Words are found by the segmenter, folded
 * (case, accents, full-width forms), stopwords of their language dropped and the rest
 * stemmed by their language's Snowball stemmer. Each word is analyzed in the text's
 * language when its script fits that language ("Burg" in German text), else in the
 * language its script implies (a Hangul word in English text is Korean).
 *
 * @module
 */
import { fastTerms, fastWords } from "./fast_words.ts";
import { foldWord } from "./fold.ts";
import {
  detectLanguage,
  primaryLanguage,
  referenceDetectLanguage,
  UNDETERMINED,
} from "./language.ts";
import { segmentWords } from "./segment.ts";
import { stemWord } from "./stem.ts";
import { stopwordsFor } from "./stopwords.ts";
import {
  type AnalyzedWord,
  analyzePiece,
  splitMixed,
  type Stemming,
  wordLanguage,
} from "./word_terms.ts";

export type { AnalyzedWord, Stemming };

/**
 * Bumped whenever analysis changes in a way that changes terms: stores that keep
 * analyzed terms record it and re-index when it differs.
 */
export const ANALYZER_VERSION = "2026-12-text-3";

/** Options of the analyzer's functions. */
export interface AnalyzeOptions {
  /** BCP-47 tag of the text ("de", "ja-JP"); detected from the text when absent or "und". */
  lang?: string;
  /** How words are stemmed (default `"full"`). */
  stemming?: Stemming;
}

/** At most this many distinct terms are kept from one query, bounding its cost. */
export const MAX_QUERY_TERMS = 32;

/** The language `options` names, else the one detected in `text`. */
export function languageOf(text: string, options?: AnalyzeOptions): string {
  const given = primaryLanguage(options?.lang);
  return given !== UNDETERMINED ? given : detectLanguage(text);
}

/**
 * The language of `text` as `lang` gives it, else detected, else `fallback` (the language
 * of the question a passage is compared with, say) when the text is too short to tell.
 */
export function languageOr(text: string, lang: string | undefined, fallback: string): string {
  const found = languageOf(text, { lang });
  return found !== UNDETERMINED ? found : fallback;
}

/**
 * Every word of `text` with its term, in order.
 *
 * @example
 * ```ts
 * import { analyzeWords } from "./analyze.ts";
 * const words = analyzeWords("The Häuser", { lang: "de" });
 * console.assert(words[1].word === "hauser" && words[1].term === "haus");
 * ```
 */
export function analyzeWords(text: string, options?: AnalyzeOptions): AnalyzedWord[] {
  const lang = languageOf(text, options);
  const stemming = options?.stemming ?? "full";
  const out: AnalyzedWord[] = [];
  if (fastWords(text, lang, stemming, out)) return out;
  return referenceWords(text, lang, stemming);
}

/**
 * {@linkcode analyzeWords} by the reference path alone: the whole text normalized and
 * segmented, each word analyzed, the language detected without its fast path. The fast
 * paths must give the same words for every text (`analyze_equivalence_test.ts`); kept
 * for that comparison, and serving texts of unspaced scripts.
 */
export function referenceAnalyzeWords(text: string, options?: AnalyzeOptions): AnalyzedWord[] {
  const given = primaryLanguage(options?.lang);
  const lang = given !== UNDETERMINED ? given : referenceDetectLanguage(text);
  return referenceWords(text, lang, options?.stemming ?? "full");
}

function referenceWords(text: string, lang: string, stemming: Stemming): AnalyzedWord[] {
  const prefix = lang + (stemming === "light" ? "\u0001" : "\u0000");
  const out: AnalyzedWord[] = [];
  for (const raw of segmentWords(text.normalize("NFKC"), lang)) {
    for (const piece of splitMixed(raw)) {
      const key = prefix + piece;
      let analyzed = memo.get(key);
      if (analyzed === undefined) {
        analyzed = analyzePiece(piece, lang, stemming);
        remember(key, analyzed);
      }
      if (analyzed) out.push(analyzed);
    }
  }
  return out;
}

/** Analyzed words by language and surface form: vocabularies repeat, stemming is dear. */
const memo = new Map<string, Readonly<AnalyzedWord> | null>();
const MEMO_SIZE = 50_000;

function remember(key: string, analyzed: Readonly<AnalyzedWord> | null): void {
  if (memo.size >= MEMO_SIZE) memo.clear();
  memo.set(key, analyzed);
}

/**
 * Index and query terms of `text`: segmented, case- and diacritic-folded, stopwords
 * removed, stemmed; duplicates kept, in order.
 *
 * @example
 * ```ts
 * import { analyze } from "./analyze.ts";
 * console.assert(analyze("Who rules the Salt Crown?").join(" ") === "rule salt crown");
 * console.assert(analyze("白鷺城を建てたのは誰ですか？").includes("白鷺"));
 * ```
 */
export function analyze(text: string, options?: AnalyzeOptions): string[] {
  const lang = languageOf(text, options);
  const stemming = options?.stemming ?? "full";
  const out: string[] = [];
  if (fastTerms(text, lang, stemming, out)) return out;
  out.length = 0;
  for (const w of referenceWords(text, lang, stemming)) if (w.term !== null) out.push(w.term);
  return out;
}

/** {@linkcode analyze} by the reference path alone (see {@linkcode referenceAnalyzeWords}). */
export function referenceAnalyze(text: string, options?: AnalyzeOptions): string[] {
  const out: string[] = [];
  for (const w of referenceAnalyzeWords(text, options)) if (w.term !== null) out.push(w.term);
  return out;
}

/**
 * Distinct search terms of a query, first occurrence first, at most
 * {@linkcode MAX_QUERY_TERMS}. When every word is a stopword the words themselves are
 * kept, so "Who is he?" still searches for something.
 */
export function queryTerms(text: string, options?: AnalyzeOptions): string[] {
  const words = analyzeWords(text, options);
  const terms = words.flatMap((w) => (w.term === null ? [] : [w.term]));
  const chosen = terms.length > 0 ? terms : words.map((w) => w.word);
  return [...new Set(chosen)].slice(0, MAX_QUERY_TERMS);
}

/**
 * Distinct terms of a query analyzed in its own language and then in each of `langs`
 * (the languages of the pages searched), so a short question whose language cannot be
 * told still meets the pages' stems.
 */
export function multilingualQueryTerms(text: string, langs: readonly string[]): string[] {
  const terms = queryTerms(text);
  for (const lang of langs) terms.push(...queryTerms(text, { lang }));
  return [...new Set(terms)];
}

/** Folded words of `text` in order, stopwords included, nothing stemmed. */
export function foldedWords(text: string, options?: AnalyzeOptions): string[] {
  return analyzeWords(text, options).map((w) => w.word);
}

/** The term of one folded word in `lang` (null for a stopword). */
export function termOf(word: string, lang: string, stemming: Stemming = "full"): string | null {
  const folded = foldWord(word);
  const wl = wordLanguage(folded, primaryLanguage(lang));
  return stopwordsFor(wl).has(folded) ? null : stemWord(folded, wl, stemming);
}

/** The stem of one word in `lang`, stopword or not ("Ruler" → "ruler", "rules" → "rule"). */
export function stemOf(word: string, lang = "en", stemming: Stemming = "full"): string {
  const folded = foldWord(word);
  return stemWord(folded, wordLanguage(folded, primaryLanguage(lang)), stemming);
}
