/**
 * The chat's own "I don't know", written in the language of the question: the sentence
 * itself, then either that nothing matched or the closest pages. English for languages
 * without a translation and for questions too short to tell.
 *
 * @module
 */
import { languageOf } from "../text/mod.ts";

/** One language's wording. */
interface Wording {
  /** "I don't know — the indexed lore doesn't seem to cover that." */
  lead: string;
  /** Said when no page came close. */
  nothing: string;
  /** Put before the list of closest pages. */
  closest: string;
  /** Put after that list. */
  end: string;
}

const WORDINGS: Record<string, Wording> = {
  en: {
    lead: "I don't know — the indexed lore doesn't seem to cover that.",
    nothing: "Nothing in the collection matched.",
    closest: "The closest pages are:",
    end: ".",
  },
  de: {
    lead: "Das weiß ich nicht – die indizierte Lore scheint das nicht abzudecken.",
    nothing: "Nichts in der Sammlung passte.",
    closest: "Am nächsten kommen diese Seiten:",
    end: ".",
  },
  fr: {
    lead: "Je ne sais pas — le lore indexé ne semble pas couvrir cela.",
    nothing: "Rien dans la collection ne correspond.",
    closest: "Les pages les plus proches sont :",
    end: ".",
  },
  es: {
    lead: "No lo sé: el lore indexado no parece cubrir eso.",
    nothing: "Nada en la colección coincide.",
    closest: "Las páginas más cercanas son:",
    end: ".",
  },
  it: {
    lead: "Non lo so: la lore indicizzata non sembra parlarne.",
    nothing: "Nulla nella raccolta corrisponde.",
    closest: "Le pagine più vicine sono:",
    end: ".",
  },
  pt: {
    lead: "Não sei — o lore indexado não parece cobrir isso.",
    nothing: "Nada na coleção corresponde.",
    closest: "As páginas mais próximas são:",
    end: ".",
  },
  ru: {
    lead: "Не знаю — проиндексированный лор, похоже, об этом не говорит.",
    nothing: "В коллекции ничего не нашлось.",
    closest: "Ближе всего эти страницы:",
    end: ".",
  },
  ja: {
    lead: "わかりません。索引済みの資料には、そのことは書かれていないようです。",
    nothing: "コレクションに一致するものはありませんでした。",
    closest: "最も近いページ：",
    end: "。",
  },
  zh: {
    lead: "我不知道——已索引的资料似乎没有涉及这一点。",
    nothing: "资料库中没有匹配的内容。",
    closest: "最接近的页面：",
    end: "。",
  },
  ko: {
    lead: "모르겠습니다. 색인된 자료에는 그 내용이 없는 것 같습니다.",
    nothing: "컬렉션에서 일치하는 것이 없습니다.",
    closest: "가장 가까운 페이지:",
    end: ".",
  },
};

/** The English sentence, which every not-found answer in English starts with. */
export const NOT_FOUND_TEXT = WORDINGS.en.lead;

/** The wording for `lang` (a primary subtag), English when there is none. */
function wordingFor(lang: string): Wording {
  return WORDINGS[lang] ?? WORDINGS.en;
}

/**
 * The not-found answer to `question`, in its language: the sentence, then the closest
 * pages as Markdown links, or that nothing matched.
 *
 * @example
 * ```ts
 * import { notFoundAnswer } from "./not_found.ts";
 * console.assert(notFoundAnswer("Wer hat die Burg gebaut?", []).startsWith("Das weiß ich nicht"));
 * ```
 */
export function notFoundAnswer(
  question: string,
  closest: readonly { title: string; url: string }[],
): string {
  const w = wordingFor(languageOf(question));
  if (closest.length === 0) return `${w.lead} ${w.nothing}`;
  const sep = w.end === "。" ? "、" : ", ";
  const links = closest.map((p) => p.url ? `[${p.title}](${p.url})` : p.title).join(sep);
  return `${w.lead} ${w.closest} ${links}${w.end}`;
}

/** Whether `answer` is a not-found answer in any language (for evals and tests). */
export function isNotFoundAnswer(answer: string): boolean {
  const text = answer.trim();
  return Object.values(WORDINGS).some((w) => text.startsWith(w.lead));
}
