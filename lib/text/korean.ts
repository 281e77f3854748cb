/**
 * Korean words carry their case particles and copulas ("백로성은", "백로성을",
 * "백로성에서"): stripping the longest known ending lets the forms meet. A light,
 * dictionary-free stand-in for a Korean morphological analyzer.
 *
 * @module
 */

/** Endings removed from Korean words, longest first. */
const PARTICLES = (
  "으로부터 에서부터 이었습니다 였습니다 입니다 이었다 에게서 으로서 으로써 께서 에서 에게 " +
  "한테 까지 부터 처럼 보다 이나 이며 이고 으로 로서 로써 이다 였다 과 와 은 는 이 가 을 를 " +
  "의 에 로 도 만 나 며 고 다"
).split(" ").sort((a, b) => b.length - a.length);

/**
 * `word` without its trailing particle, when at least two syllables remain.
 *
 * @example
 * ```ts
 * import { stripKoreanParticles } from "./korean.ts";
 * console.assert(stripKoreanParticles("백로성을") === "백로성");
 * ```
 */
export function stripKoreanParticles(word: string): string {
  if (!/^\p{Script=Hangul}+$/u.test(word)) return word;
  for (const p of PARTICLES) {
    if (word.endsWith(p) && [...word].length - [...p].length >= 2) {
      return word.slice(0, -p.length);
    }
  }
  return word;
}
