/**
 * One word's way through the analyzer once the segmenter found it: split where CJK meets
 * other letters, folded, given the language its script implies, then dropped as a
 * stopword or stemmed. Shared by the reference path (`analyze.ts`) and the fast path
 * (`fast_words.ts`), so both give each word the same term.
 *
 * @module
 */
import { foldWord } from "./fold.ts";
import { CJK } from "./scripts.ts";
import { stemWord } from "./stem.ts";
import { stopwordsFor } from "./stopwords.ts";

/**
 * How words are stemmed: `"full"` (the default) by each language's Snowball stemmer —
 * for the search index and its queries, where reach counts; `"light"` for matching a
 * question to sentences and passages, where English keeps derivations apart that
 * Snowball joins ("darkness" and "dark", "uses" and "used"), so the words a line shares
 * with a question are the ones it asked about. Other languages stem alike in both.
 */
export type Stemming = "full" | "light";

/** A folded word and its term: null when it is a stopword. */
export interface AnalyzedWord {
  word: string;
  term: string | null;
  /** The language it was analyzed in. */
  lang: string;
}

/** The language a word of `script` is analyzed in, inside text of language `lang`. */
export function wordLanguage(word: string, lang: string): string {
  if (/\p{Script=Hangul}/u.test(word)) return "ko";
  if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(word)) return "ja";
  if (/\p{Script=Han}/u.test(word)) return lang === "ja" || lang === "ko" ? lang : "zh";
  if (/\p{Script=Cyrillic}/u.test(word)) return lang === "uk" || lang === "bg" ? lang : "ru";
  if (/\p{Script=Latin}/u.test(word)) {
    return lang === "ja" || lang === "zh" || lang === "ko" || lang === "ru" ? "en" : lang;
  }
  return lang;
}

/**
 * The analysis of one segment piece in text of language `lang`: frozen (memos share
 * it), or null when nothing is left once folded.
 */
export function analyzePiece(
  piece: string,
  lang: string,
  stemming: Stemming,
): Readonly<AnalyzedWord> | null {
  const word = foldWord(piece);
  if (word.length === 0) return null;
  const wl = wordLanguage(word, lang);
  const stop = stopwordsFor(wl).has(word);
  return Object.freeze({ word, term: stop ? null : stemWord(word, wl, stemming), lang: wl });
}

const KANA_HAN_ONLY = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]+$/u;
const SCRIPT_RUNS =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]+|[\p{Script=Hangul}]+|[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー]+/gu;

/** A segment joining CJK and other letters ("RPGの") split where the script changes. */
export function splitMixed(segment: string): string[] {
  if (!CJK.test(segment) || KANA_HAN_ONLY.test(segment)) return [segment];
  return segment.match(SCRIPT_RUNS) ?? [segment];
}
