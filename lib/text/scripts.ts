/**
 * What kind of script a word is written in, where that changes how it is analyzed.
 *
 * @module
 */

/** Han ideographs, kana or Hangul: scripts written without spaces between words. */
export const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Whether `word` holds a Han, kana or Hangul character. */
export function isCjk(word: string): boolean {
  return CJK.test(word);
}

/** Whether `word` is written in Latin letters (digits allowed). */
export function isLatin(word: string): boolean {
  return /\p{Script=Latin}/u.test(word) && !CJK.test(word);
}

/** Languages written mostly without spaces, whose words the segmenter must find. */
export const UNSPACED = new Set(["ja", "zh", "th", "lo", "km", "my"]);
