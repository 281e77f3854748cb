/**
 * Snowball stemmers per language (`@orama/stemmers`, one small module per language,
 * so a bundle carries only what it imports), and for English a short table of
 * irregular past forms so "built" meets "build". Languages without a stemmer keep
 * their words whole; Korean loses its trailing particles instead.
 *
 * @module
 */
import { stemmer as danish } from "@orama/stemmers/danish";
import { stemmer as dutch } from "@orama/stemmers/dutch";
import { stemmer as english } from "@orama/stemmers/english";
import { stemmer as finnish } from "@orama/stemmers/finnish";
import { stemmer as french } from "@orama/stemmers/french";
import { stemmer as german } from "@orama/stemmers/german";
import { stemmer as italian } from "@orama/stemmers/italian";
import { stemmer as norwegian } from "@orama/stemmers/norwegian";
import { stemmer as portuguese } from "@orama/stemmers/portuguese";
import { stemmer as russian } from "@orama/stemmers/russian";
import { stemmer as spanish } from "@orama/stemmers/spanish";
import { stemmer as swedish } from "@orama/stemmers/swedish";
import { IRREGULAR } from "./english_irregular.ts";
import { lightEnglishStem } from "./english_light.ts";
import { stripKoreanParticles } from "./korean.ts";

const STEMMERS: Record<string, (word: string) => string> = {
  da: danish,
  de: german,
  en: englishStem,
  es: spanish,
  fi: finnish,
  fr: french,
  it: italian,
  nb: norwegian,
  nl: dutch,
  nn: norwegian,
  no: norwegian,
  pt: portuguese,
  ru: russian,
  sv: swedish,
  ko: stripKoreanParticles,
};

/**
 * Porter on the base form of an irregular verb ("fought" → "fight"), then agent nouns
 * meet their verbs ("ruler" → "rul" as "rule" → "rul", "governor" → "govern") and a
 * final "e" or doubled consonant goes — so that a question's verb meets an infobox's
 * title. Both sides are stemmed alike, so over-stemming costs little.
 */
function englishStem(word: string): string {
  const base = Object.hasOwn(IRREGULAR, word) ? IRREGULAR[word] : word;
  if (/\d/.test(base)) return base;
  let w = english(base);
  if (w.endsWith("er") && w.length >= 5) w = w.slice(0, -2);
  else if (w.endsWith("or") && w.length >= 7) w = w.slice(0, -2);
  if (/([^aeiouls])\1$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith("e") && w.length > 3) w = w.slice(0, -1);
  return w;
}

/**
 * The stem of folded `word` in `lang`; the word itself where no stemmer applies.
 *
 * @example
 * ```ts
 * import { stemWord } from "./stem.ts";
 * console.assert(stemWord("rules", "en") === stemWord("ruled", "en"));
 * console.assert(stemWord("häuser", "de") === stemWord("haus", "de"));
 * console.assert(stemWord("darkness", "en", "light") !== stemWord("dark", "en", "light"));
 * ```
 */
export function stemWord(word: string, lang: string, stemming = "full"): string {
  if (stemming === "light" && lang === "en") return lightEnglishStem(word);
  const stem = STEMMERS[lang];
  if (!stem || word.length < 3) return word;
  return stem(word) || word;
}

/** Whether `lang` has a stemmer here. */
export function hasStemmer(lang: string): boolean {
  return Object.hasOwn(STEMMERS, lang);
}
