/**
 * Case and diacritic folding of single words, careful with scripts where marks carry
 * meaning: Latin and Greek lose their accents (é → e, ä → a, ß → ss), Cyrillic only
 * folds ё → е (й stays), and kana, Han and Hangul keep every mark (が is not か).
 * Full-width forms become their ordinary ones first (ＡＢＣ → abc, １２ → 12).
 *
 * @module
 */

const LATIN_OR_GREEK = /[\p{Script=Latin}\p{Script=Greek}]/u;
const MARKS = /\p{M}+/gu;
const ASCII_WORD = /^[A-Za-z0-9']*$/;

/**
 * The folded form of `word`.
 *
 * @example
 * ```ts
 * import { foldWord } from "./fold.ts";
 * console.assert(foldWord("Straße") === "strasse" && foldWord("Ｔｏｋｙｏ") === "tokyo");
 * console.assert(foldWord("ガラス") === "ガラス");
 * ```
 */
export function foldWord(word: string): string {
  if (ASCII_WORD.test(word)) return word.toLowerCase().replace(/'/g, "");
  let w = word.normalize("NFKC").toLowerCase();
  if (LATIN_OR_GREEK.test(w)) {
    w = w.replaceAll("ß", "ss").normalize("NFD").replace(MARKS, "").normalize("NFC");
    // Ligatures and letters NFD leaves whole.
    w = w.replaceAll("æ", "ae").replaceAll("œ", "oe").replaceAll("ø", "o").replaceAll("ł", "l")
      .replaceAll("đ", "d").replaceAll("ı", "i");
  } else if (/\p{Script=Cyrillic}/u.test(w)) {
    w = w.replaceAll("ё", "е");
  }
  return w.replace(/['’]/g, "");
}
