/**
 * Word and sentence boundaries by `Intl.Segmenter` (ICU: dictionary-based word breaks
 * for Japanese, Chinese, Thai and others), falling back to letter runs and end
 * punctuation where the runtime has no segmenter.
 *
 * @module
 */

type Granularity = "word" | "sentence";

/** Scripts written without spaces between words: only these need the segmenter. */
const UNSPACED_SCRIPT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** A word of a spaced script: letters, digits and marks, with inner apostrophes. */
const WORD = /[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*/gu;

const cache = new Map<string, Intl.Segmenter | null>();

/** A cached segmenter for `lang` ("und": the root locale), or null when unavailable. */
function segmenter(lang: string, granularity: Granularity): Intl.Segmenter | null {
  const key = `${granularity}:${lang}`;
  if (cache.has(key)) return cache.get(key)!;
  let made: Intl.Segmenter | null = null;
  try {
    if (typeof Intl !== "undefined" && "Segmenter" in Intl) {
      const locale = lang === "und" ? undefined : lang;
      made = new Intl.Segmenter(locale, { granularity });
    }
  } catch {
    // An unknown locale throws a RangeError: the root locale still segments.
    made = lang === "und" ? null : segmenter("und", granularity);
  }
  cache.set(key, made);
  return made;
}

/**
 * The words of `text` in order: letter and digit runs as the segmenter finds them
 * (punctuation, spaces and symbols dropped).
 *
 * @example
 * ```ts
 * import { segmentWords } from "./segment.ts";
 * console.assert(segmentWords("東京は日本の首都です。", "ja").includes("東京"));
 * ```
 */
export function segmentWords(text: string, lang = "und"): string[] {
  // Spaced scripts split the same at letter runs, many times faster than the segmenter.
  const seg = UNSPACED_SCRIPT.test(text) ? segmenter(lang, "word") : null;
  if (!seg) return text.match(WORD) ?? [];
  const out: string[] = [];
  for (const s of seg.segment(text)) {
    if (s.isWordLike) out.push(s.segment);
  }
  return out;
}

/** Sentences of plain `text`, trimmed, empty ones dropped. */
export function segmentSentences(text: string, lang = "und"): string[] {
  const seg = segmenter(lang, "sentence");
  const pieces = seg
    ? [...seg.segment(text)].map((s) => s.segment)
    : text.split(/(?<=[.!?。！？])\s*/u);
  return pieces.map((s) => s.trim()).filter((s) => s.length > 0);
}
