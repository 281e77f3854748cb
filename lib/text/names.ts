/**
 * Names in a question: capitalised words that do not start a sentence. A question naming
 * something the corpus has never seen is off-topic, and a line naming the question's
 * names is likelier to answer it. Scripts without capitals (Han, kana, Hangul) have no
 * such cue, and German capitalises every noun, so neither yields names.
 *
 * @module
 */
import { analyzeWords, languageOf, type Stemming } from "./analyze.ts";

/** Languages that capitalise every noun: capitals there do not mark names. */
const NOUNS_CAPITALISED = new Set(["de", "lb"]);

/**
 * Terms of the capitalised words of `text` that do not start a sentence, unique, in
 * order ("Salt-Lord" gives both of its words).
 *
 * @example
 * ```ts
 * import { namedTerms } from "./names.ts";
 * console.assert(namedTerms("Who rules Orrun Reach?").join(" ") === "orrun reach");
 * ```
 */
export function namedTerms(text: string, lang?: string, stemming?: Stemming): string[] {
  const language = languageOf(text, { lang });
  if (NOUNS_CAPITALISED.has(language)) return [];
  const out: string[] = [];
  const tokens = text.match(/[\p{L}\p{N}'’-]+|[.!?]/gu) ?? [];
  let sentenceStart = true;
  for (const token of tokens) {
    if (/^[.!?]$/.test(token)) {
      sentenceStart = true;
      continue;
    }
    if (!sentenceStart && /^\p{Lu}/u.test(token)) {
      for (const w of analyzeWords(token, { lang: language, stemming })) {
        if (w.term !== null && !out.includes(w.term)) out.push(w.term);
      }
    }
    sentenceStart = false;
  }
  return out;
}
