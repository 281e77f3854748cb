/**
 * Stopwords per language: the `stopword` package's lists (ISO 639-3 named), plus the
 * question words and politeness forms of the languages LoreChat answers in, which
 * those lists leave out and which never carry lore. All entries are folded like the
 * words they are compared with.
 *
 * @module
 */
import * as lists from "stopword";
import { foldWord } from "./fold.ts";

/** ISO 639-1 → the `stopword` package's ISO 639-3 export names. */
const PACKAGE_LISTS: Record<string, string> = {
  af: "afr",
  ar: "ara",
  bg: "bul",
  ca: "cat",
  cs: "ces",
  da: "dan",
  de: "deu",
  el: "ell",
  en: "eng",
  es: "spa",
  et: "est",
  fa: "fas",
  fi: "fin",
  fr: "fra",
  he: "heb",
  hi: "hin",
  hr: "hrv",
  hu: "hun",
  id: "ind",
  it: "ita",
  ja: "jpn",
  ko: "kor",
  lt: "lit",
  lv: "lav",
  nb: "nob",
  nl: "nld",
  nn: "nob",
  no: "nob",
  pl: "pol",
  pt: "por",
  ro: "ron",
  ru: "rus",
  sk: "slk",
  sl: "slv",
  sv: "swe",
  th: "tha",
  tr: "tur",
  uk: "ukr",
  vi: "vie",
  zh: "zho",
}; // deno-fmt-ignore

/** Words the package lists lack that only shape a question or a request. */
const EXTRA: Record<string, string> = {
  en: "above again against any because before below both does doing down during few " +
    "further hers herself how its itself just let myself near no nor not off once ours " +
    "ourselves own s t d ll m re ve so them themselves until whom why yours yourself " +
    "yourselves tell know please also may shall one us say ever anything something someone " +
    "anyone thing things whose describe explain give list much many when will theirs",
  de: "wer wen wem wessen wann wo woher wohin wie warum weshalb wieso welche welcher welches " +
    "welchem welchen was bitte",
  fr: "quand combien pourquoi comment lequel laquelle lesquels est-ce",
  es: "quién quiénes cuándo dónde cuánto cuánta cuántos cuántas cómo cuál cuáles es fue son",
  ru: "кто когда где сколько почему зачем как какой какая какие каком куда откуда",
  ja: "誰 だれ どなた いつ どこ なぜ どうして 何 なに なん いくつ どの どれ どんな か ですか " +
    "ました でしょう",
  zh: "什么 什麼 谁 誰 哪 哪里 哪裡 哪儿 何时 为什么 為什麼 怎么 怎麼 多少 吗 嗎 呢 是",
  ko: "누구 누가 언제 어디 어디에 왜 몇 무엇 무엇인가요 무엇입니까 뭐 어떤 얼마 입니까 인가요",
  nn: "kven kva kvar når korleis kor",
  af: "wie wanneer waar hoe hoeveel waarom watter",
};

const cache = new Map<string, ReadonlySet<string>>();

/** The folded stopwords of `lang` (empty for languages without a list). */
export function stopwordsFor(lang: string): ReadonlySet<string> {
  const known = cache.get(lang);
  if (known) return known;
  const name = PACKAGE_LISTS[lang];
  const base = name ? ((lists as Record<string, unknown>)[name] as string[] | undefined) : [];
  const words = [...(base ?? []), ...(EXTRA[lang]?.split(" ") ?? [])];
  if (lang === "en") words.push(...ENGLISH_EXTRA_BASE);
  const set = new Set(words.filter((w) => !KEEP.has(w)).map(foldWord));
  cache.set(lang, set);
  return set;
}

/** English words the package list drops that name lore ("make", "way", "well"). */
const KEEP = new Set([
  "make",
  "take",
  "like",
  "way",
  "well",
  "came",
  "come",
  "get",
  "got",
  "said",
  "never",
  "still",
  "since",
  "many",
  "much",
  "might",
  "must",
]); // deno-fmt-ignore

/** A few more English function words the earlier tokenizers dropped. */
const ENGLISH_EXTRA_BASE = ["above", "after", "having", "he", "her", "him", "his", "she", "we"];
