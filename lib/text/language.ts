/**
 * Which language a text is in: from a tag the page itself declares (`<html lang>`,
 * front matter, `xml:lang`, PDF metadata), else from its script and its most common
 * words. Languages are BCP-47 primary subtags ("en", "de", "ja"); "und" when unknown.
 *
 * @module
 */

import { latinScriptLanguage } from "./language_latin.ts";

/** The language tag of text whose language could not be told. */
export const UNDETERMINED = "und";

/**
 * The primary subtag of a BCP-47 tag, lower-cased ("de-AT" → "de", "zh_Hant" → "zh"),
 * or "und" when the tag is empty or malformed. Legacy Norwegian "no" stays "no";
 * "nb" and "nn" are kept as given.
 */
export function primaryLanguage(tag: string | null | undefined): string {
  const primary = (tag ?? "").trim().split(/[-_]/)[0].toLowerCase();
  return /^[a-z]{2,3}$/.test(primary) ? primary : UNDETERMINED;
}

/**
 * Common function words of languages written in Latin script. A word several languages
 * share counts for each of them by the share it has (see {@linkcode MARKERS}), so the
 * words only one language uses ("wo", "welches", "les", "quoi") decide between close ones.
 */
const LATIN_MARKERS: Record<string, string> = {
  en: "the of and to in is was that for it with as on by which who what when where how",
  de: "der die das und ist nicht ein eine wer wann wo wie was mit von zu den dem des auf sich " +
    "im welches welcher welche welchen hat wurde wurden sind ihr ihre ihren einer eines einem",
  fr: "le la les et est des une qui que dans pour pas par sur au aux du où quand combien de " +
    "quoi sont ce cette il elle leur ont",
  es: "el la los las y es en que del una por con para se cuándo dónde quién cuántos qué de",
  it: "il lo gli e è di che una per con non del della sono chi quando dove come",
  pt: "o os as e é de que um uma para com não do da em quem quando onde",
  nl: "de het een en is van dat niet op te zijn wie wanneer waar hoe",
  af: "die en van is het nie in om wat wie wanneer waar hoe ook deur",
  no: "og er ikke det som på med av til en jeg hvem når hvor",
  nn: "og er ikkje det som på med av til ein eg kven når kvar vart",
  sv: "och är inte det som på med av till en jag vem när var",
  da: "og er ikke det som på med af til en jeg hvem hvornår hvor",
};

/** Marker word → the languages it marks. */
const MARKERS = new Map<string, string[]>();
for (const [lang, words] of Object.entries(LATIN_MARKERS)) {
  for (const word of words.split(" ")) MARKERS.set(word, [...(MARKERS.get(word) ?? []), lang]);
}

/**
 * The language of `text` (a BCP-47 primary subtag), or "und". Kana mean Japanese,
 * Hangul Korean, Han alone Chinese; Cyrillic is Russian unless Ukrainian letters occur;
 * Latin-script text is told by its function words, and is "und" when none is found.
 *
 * @example
 * ```ts
 * import { detectLanguage } from "./language.ts";
 * console.assert(detectLanguage("白鷺城を建てたのは誰ですか？") === "ja");
 * console.assert(detectLanguage("Wer hat die Burg gebaut?") === "de");
 * ```
 */
export function detectLanguage(text: string): string {
  // Latin-script text (ASCII, Latin-1, Latin Extended, punctuation): one pass tells.
  return fastDetectLanguage(text) ?? referenceDetectLanguage(text);
}

/**
 * The fast path of {@linkcode detectLanguage} alone: the language of `text`'s first
 * 2,000 characters when they are Latin-script text it reads, else null.
 */
export function fastDetectLanguage(text: string): string | null {
  return latinScriptLanguage(text.length > 2000 ? text.slice(0, 2000) : text, MARKERS);
}

/**
 * {@linkcode detectLanguage} without its fast path for Latin-script text: the fast path must
 * give the same language for every text (`analyze_equivalence_test.ts`).
 */
export function referenceDetectLanguage(text: string): string {
  const sample = text.length > 2000 ? text.slice(0, 2000) : text;
  const counts = scriptCounts(sample);
  const letters = counts.latin + counts.cyrillic + counts.han + counts.kana + counts.hangul +
    counts.other;
  if (letters === 0) return UNDETERMINED;
  const cjk = counts.han + counts.kana + counts.hangul;
  if (cjk >= letters * 0.2 || cjk > counts.latin) {
    if (counts.kana > 0 && counts.kana >= counts.hangul) return "ja";
    if (counts.hangul > 0) return "ko";
    return "zh";
  }
  if (counts.cyrillic > counts.latin) return /[іїєґ]/i.test(sample) ? "uk" : "ru";
  if (counts.other > counts.latin) return otherScript(sample);
  return latinLanguage(sample);
}

interface ScriptCounts {
  latin: number;
  cyrillic: number;
  han: number;
  kana: number;
  hangul: number;
  other: number;
}

function scriptCounts(text: string): ScriptCounts {
  const c: ScriptCounts = { latin: 0, cyrillic: 0, han: 0, kana: 0, hangul: 0, other: 0 };
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      if ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a) c.latin++;
    } else if (code < 0x250) {
      if (code >= 0xc0 && code !== 0xd7 && code !== 0xf7) c.latin++;
    } else if (code >= 0x400 && code < 0x530) c.cyrillic++;
    else if (code >= 0x3040 && code < 0x3100) c.kana++;
    else if ((code >= 0x4e00 && code < 0xa000) || (code >= 0x3400 && code < 0x4dc0)) c.han++;
    else if ((code >= 0xac00 && code < 0xd7b0) || (code >= 0x1100 && code < 0x1200)) c.hangul++;
    else if (code >= 0x1e00 && code < 0x1f00) c.latin++;
    else if (code >= 0xff21 && code < 0xff5b) c.latin++;
    else if (code >= 0xff66 && code < 0xff9e) c.kana++;
    else if (/\p{L}/u.test(text[i])) c.other++;
  }
  return c;
}

const OTHER_SCRIPTS: [RegExp, string][] = [
  [/\p{Script=Arabic}/u, "ar"],
  [/\p{Script=Hebrew}/u, "he"],
  [/\p{Script=Greek}/u, "el"],
  [/\p{Script=Thai}/u, "th"],
  [/\p{Script=Devanagari}/u, "hi"],
  [/\p{Script=Armenian}/u, "hy"],
  [/\p{Script=Georgian}/u, "ka"],
];

function otherScript(text: string): string {
  let best = UNDETERMINED;
  let most = 0;
  for (const [script, lang] of OTHER_SCRIPTS) {
    const n = text.match(new RegExp(script.source, "gu"))?.length ?? 0;
    if (n > most) [best, most] = [lang, n];
  }
  return best;
}

/** The Latin-script language whose function words are most frequent in `text`. */
function latinLanguage(text: string): string {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  const scores = new Map<string, number>();
  for (const word of words) {
    // "die" is German and Afrikaans: half a point each; "wo" is German alone: a whole one.
    const langs = MARKERS.get(word) ?? [];
    for (const lang of langs) scores.set(lang, (scores.get(lang) ?? 0) + 1 / langs.length);
  }
  // Letters only some languages use tip the balance between close ones.
  const bonus = (lang: string, pattern: RegExp, weight: number) => {
    const n = text.match(pattern)?.length ?? 0;
    if (n > 0) scores.set(lang, (scores.get(lang) ?? 0) + Math.min(n, 5) * weight);
  };
  bonus("de", /[äöüß]/gi, 0.5);
  bonus("fr", /[èêàçœ]|\b[ldjnqs]['’]/gi, 0.5);
  bonus("es", /[ñ¿¡]|ción\b/gi, 1);
  bonus("nn", /\b(ikkje|eg|kva|kven|korleis|vart|ein|berre)\b/gi, 1);
  bonus("af", /\b(nie|hierdie|gerus|tussen|ek|jy|gebore|wat)\b/gi, 0.5);
  let best = UNDETERMINED;
  let top = 0;
  for (const [lang, score] of scores) if (score > top) [best, top] = [lang, score];
  return top >= 0.5 ? best : UNDETERMINED;
}
