/**
 * Sentences of prose in any language: the segmenter's sentence breaks (which know 。！？
 * and full stops alike), with pieces rejoined where a break follows an abbreviation or
 * an initial ("Dr. Quorn", "J. Ambrine") that the segmenter took for a sentence end.
 *
 * @module
 */
import { segmentSentences } from "./segment.ts";
import { primaryLanguage } from "./language.ts";

/** Abbreviations after which a full stop does not end a sentence. */
const ABBREVIATIONS = new Set(
  ("mr mrs ms dr st mt ft jr sr vs etc eg ie vol capt gen lt col sgt fr rev prof approx ca cf " +
    "fig inc ltd dept univ pp no nr bzw usw z.b d.h u.a ggf vgl bd jh hl sra sr dra av art")
    .split(" "),
);

/**
 * The sentences of plain `text`, in order and trimmed.
 *
 * @example
 * ```ts
 * import { splitSentences } from "./sentences.ts";
 * console.assert(splitSentences("Dr. Quorn came. She left.").length === 2);
 * console.assert(splitSentences("城は古い。王が建てた。", "ja").length === 2);
 * ```
 */
export function splitSentences(text: string, lang?: string): string[] {
  if (!/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u.test(text)) {
    return splitSpaced(text);
  }
  const pieces = segmentSentences(text, primaryLanguage(lang));
  const out: string[] = [];
  for (const piece of pieces) {
    const last = out.at(-1);
    if (last !== undefined && endsWithAbbreviation(last)) out[out.length - 1] = `${last} ${piece}`;
    else out.push(piece);
  }
  return out;
}

function endsWithAbbreviation(sentence: string): boolean {
  if (!sentence.endsWith(".")) return false;
  if (/\bet al\.$/i.test(sentence)) return true;
  const lastWord = sentence.match(/([\p{L}][\p{L}.]*)\.$/u)?.[1] ?? "";
  if (/^\p{Lu}$/u.test(lastWord)) return true; // an initial
  return ABBREVIATIONS.has(lastWord.toLowerCase()) ||
    ABBREVIATIONS.has(lastWord.replace(/\./g, "").toLowerCase());
}

/**
 * Sentences of text in a spaced script: a full stop, question or exclamation mark (and
 * closing quotes) followed by space and a capital or digit ends one — unless the stop
 * follows an abbreviation or an initial.
 */
function splitSpaced(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  const boundary = /[.!?]+["'”’)\]»]*\s+(?=["'“‘(\[«¿¡]?[\p{Lu}0-9])/gu;
  for (const match of text.matchAll(boundary)) {
    const end = match.index + match[0].trimEnd().length;
    const sentence = text.slice(start, end).trim();
    if (match[0].startsWith(".") && endsWithAbbreviation(sentence)) continue;
    if (sentence) out.push(sentence);
    start = match.index + match[0].length;
  }
  const rest = text.slice(start).trim();
  if (rest) out.push(rest);
  return out;
}
