/**
 * Names in a question: capitalised words that do not start a sentence. A question naming
 * something the corpus has never seen is off-topic, and a line naming the question's
 * names is likelier to answer it. Scripts without capitals (Han, kana, Hangul) have no
 * such cue, and German capitalises every noun, so neither yields names.
 *
 * @module
 */
import { languageOf } from "./analyze.ts";

/** Languages that capitalise every noun: capitals there do not mark names. */
const NOUNS_CAPITALISED = new Set(["de", "lb"]);

/**
 * The capitalised words of `text` that do not start a sentence, unique, in order, as
 * written: the names a question uses. Whether capitals mark names is decided in the
 * text's language (`lang`, else detected); a caller matching them against pages written
 * in another language analyzes them in the pages' language.
 *
 * @example
 * ```ts
 * import { nameWords } from "./names.ts";
 * console.assert(nameWords("Who rules Orrun Reach?").join(" ") === "Orrun Reach");
 * ```
 */
export function nameWords(text: string, lang?: string): string[] {
  if (NOUNS_CAPITALISED.has(languageOf(text, { lang }))) return [];
  const out: string[] = [];
  const tokens = text.match(/[\p{L}\p{N}'’-]+|[.!?]/gu) ?? [];
  let sentenceStart = true;
  for (const token of tokens) {
    if (/^[.!?]$/.test(token)) {
      sentenceStart = true;
      continue;
    }
    if (!sentenceStart && /^\p{Lu}/u.test(token) && !out.includes(token)) out.push(token);
    sentenceStart = false;
  }
  return out;
}
