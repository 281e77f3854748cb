/**
 * What the extractive answerer says, in the language of the question: its label line and
 * its "I don't know". English is the default for languages not listed.
 *
 * @module
 */

/** "I couldn't find that" per language (BCP-47 primary subtag). */
const NO_ANSWER: Record<string, string> = {
  en: "I couldn't find that in the indexed lore.",
  de: "Das habe ich in der indizierten Lore nicht gefunden.",
  fr: "Je n'ai pas trouvé cela dans le lore indexé.",
  es: "No encontré eso en el lore indexado.",
  it: "Non l'ho trovato nella lore indicizzata.",
  pt: "Não encontrei isso no lore indexado.",
  nl: "Dat heb ik niet gevonden in de geïndexeerde lore.",
  ru: "Я не нашёл этого в проиндексированном лоре.",
  ja: "索引済みの資料には見つかりませんでした。",
  zh: "在已索引的资料中没有找到这一点。",
  ko: "색인된 자료에서 찾지 못했습니다.",
};

/** The no-answer sentence in `lang`, English when there is none for it. */
export function noAnswerText(lang: string): string {
  return NO_ANSWER[lang] ?? NO_ANSWER.en;
}

/** Whether `text` is the no-answer sentence of some language. */
export function isNoAnswerText(text: string): boolean {
  return Object.values(NO_ANSWER).includes(text.trim());
}
