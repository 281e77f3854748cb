/**
 * Question words of languages other than English and the kind of answer each asks for:
 * "Wer…?" and "誰" a person, "Wann…?" and "いつ" a date, "Wo…?" and "哪里" a place, "Wie
 * viele…?" and "何人" a number. Patterns are matched against the lower-cased question;
 * the first that matches decides.
 *
 * @module
 */
import type { AnswerKind, QuestionShape } from "./question.ts";
import { analyze } from "./analyze.ts";

type Rule = [RegExp, AnswerKind];

/** Latin and Cyrillic rules match whole words; CJK ones anywhere. */
const W = (words: string) => new RegExp(`(?:^|[^\\p{L}])(?:${words})(?=$|[^\\p{L}])`, "u");

const RULES: Record<string, Rule[]> = {
  de: [
    [
      W("wie viele|wie viel|wieviele|wieviel|wie groß|wie lang|wie hoch|wie alt|wie weit"),
      "number",
    ],
    [W("in welchem jahr|welches jahr|an welchem tag|seit wann|bis wann|wann"), "date"],
    [W("wo|wohin|woher"), "place"],
    [W("wer|wem|wen|wessen"), "person"],
    [W("warum|weshalb|wieso|weswegen"), "reason"],
    [W("welche|welcher|welches|welchem|welchen"), "name"],
  ],
  fr: [
    [W("combien"), "number"],
    [W("en quelle année|quelle année|quel jour|depuis quand|quand"), "date"],
    [W("où|d'où"), "place"],
    [W("qui"), "person"],
    [W("pourquoi"), "reason"],
    [W("quel|quelle|quels|quelles|lequel|laquelle"), "name"],
  ],
  es: [
    [W("cuántos|cuántas|cuánto|cuánta|cuantos|cuantas"), "number"],
    [W("en qué año|qué año|qué día|cuándo|cuando"), "date"],
    [W("dónde|adónde|de dónde|donde"), "place"],
    [W("quién|quiénes|quien|a quién"), "person"],
    [W("por qué"), "reason"],
    [W("cuál|cuáles|qué"), "name"],
  ],
  ru: [
    [W("сколько"), "number"],
    [W("в каком году|какого года|когда"), "date"],
    [W("где|куда|откуда"), "place"],
    [W("кто|кого|кому|кем|чей|чья|чьё"), "person"],
    [W("почему|зачем|отчего"), "reason"],
    [W("какой|какая|какое|какие|который|которая"), "name"],
  ],
  ja: [
    [
      /何人|何個|何本|何匹|何頭|何隻|何体|何名|いくつ|どのくらい|どれくらい|どれだけ|いくら|何メートル|何キロ/u,
      "number",
    ],
    [/いつ|何年|何月|何日|何世紀|何時代/u, "date"],
    [/どこ|何処|どちら/u, "place"],
    [/誰|だれ|どなた|何者/u, "person"],
    [/なぜ|何故|どうして/u, "reason"],
  ],
  zh: [
    [/多少|几个|幾個|几位|幾位|几座|多长|多長|多高|多大|多远|多遠|几/u, "number"],
    [/什么时候|什麼時候|何时|何時|哪一年|哪年|哪天|几年|幾年/u, "date"],
    [/哪里|哪裡|哪儿|哪兒|何处|何處|在哪/u, "place"],
    [/谁|誰/u, "person"],
    [/为什么|為什麼|为何|為何/u, "reason"],
    [/哪个|哪個|哪位|哪些/u, "name"],
  ],
  ko: [
    [/몇|얼마나|얼마/u, "number"],
    [/언제|몇 년|몇년/u, "date"],
    [/어디/u, "place"],
    [/누구|누가/u, "person"],
    [/왜/u, "reason"],
    [/어느|어떤|무슨/u, "name"],
  ],
};

/** Words that only name the kind of answer ("Jahr", "年"): they need not sit next to it. */
const TYPE_WORDS: Record<string, string> = {
  de: "jahr datum zeit zahl anzahl name heute",
  fr: "année date jour nombre nom aujourd'hui",
  es: "año fecha día número nombre hoy",
  ru: "год дата число количество имя сегодня",
  ja: "年 日付 数 名前 今",
  zh: "年 日期 数量 名字 现在",
  ko: "년 날짜 수 이름",
};

/**
 * The shape of a question in `lang` (not English), or null when no rule of that
 * language matches — the caller then reads it as it would an English one.
 */
export function foreignShape(question: string, lang: string): QuestionShape | null {
  const rules = RULES[lang];
  if (!rules) return null;
  const q = question.toLowerCase();
  const kind = rules.find(([pattern]) => pattern.test(q))?.[1];
  const typeTerms = new Set(analyze(TYPE_WORDS[lang] ?? "", { lang }));
  const asked = new Set(analyze(question, { lang }));
  for (const t of [...typeTerms]) if (!asked.has(t)) typeTerms.delete(t);
  return { kind: kind ?? "other", typeTerms, focus: null };
}
