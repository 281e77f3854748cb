/**
 * A light English suffix stemmer for matching a question to sentences: enough that
 * rule, rules, ruler, ruled and ruling meet — and govern, governs and governor — while
 * leaving derivations apart that Snowball joins ("darkness" and "dark", "uses" and
 * "used", "city" and "cities" alike but "keeper" and "kept" not). Irregular past forms
 * become their base form first ("built" → "build").
 *
 * @module
 */
import { IRREGULAR } from "./english_irregular.ts";

const SUFFIXES = ["ingly", "edly", "ings", "ing", "ers", "er", "ed", "ly", "ment", "or"];

/**
 * The light stem of a folded English word.
 *
 * @example
 * ```ts
 * import { lightEnglishStem } from "./english_light.ts";
 * console.assert(lightEnglishStem("rulers") === lightEnglishStem("ruled"));
 * console.assert(lightEnglishStem("darkness") !== lightEnglishStem("dark"));
 * ```
 */
export function lightEnglishStem(word: string): string {
  const base = Object.hasOwn(IRREGULAR, word) ? IRREGULAR[word] : word;
  if (base.length <= 3 || /^\d/.test(base)) return base;
  let w = base;
  if (w.endsWith("ies") && w.length > 4) w = w.slice(0, -3) + "y";
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (/[^su]s$/.test(w)) w = w.slice(0, -1);
  for (const suffix of SUFFIXES) {
    // Agent nouns in -or (governor) meet their verbs; short words (colour, door) keep theirs.
    if (suffix === "or" && w.length < 7) continue;
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  if (/([^aeiouls])\1$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith("e") && w.length > 3) w = w.slice(0, -1);
  return w;
}
