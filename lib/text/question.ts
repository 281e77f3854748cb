/**
 * What shape of answer a question asks for, from its wording alone: a person ("who"), a
 * date ("when", "what year"), a place ("where"), a number ("how many", "how long"), a
 * reason ("why"), a list ("what are the five …", "name the …"); the question's words
 * that only name the kind of answer ("date", "many") and so need not appear next to it;
 * and classes of words that stand in for each other (an infobox's "Ruler" or "Governor"
 * answers "who rules", "Location" answers "where is it kept"). Shared by the
 * extractive answerer and the retrieval re-ranker; no dictionary, no knowledge of any
 * particular corpus. English questions are read word by word; German, French, Spanish,
 * Russian, Japanese, Chinese and Korean ones by their question words
 * (`question_words.ts`). Its terms are stemmed the `"light"` way (see `Stemming`), as
 * the text they are matched with must be.
 *
 * @module
 */
import { analyze, foldedWords, languageOf, stemOf } from "./analyze.ts";
import { isCjk } from "./scripts.ts";
import { foreignShape } from "./question_words.ts";

const words = (text: string) => foldedWords(text, { lang: "en" });
const terms = (text: string) => analyze(text, { lang: "en", stemming: "light" });
const stem = (word: string) => stemOf(word, "en", "light");

/** The kind of answer a question wants. */
export type AnswerKind =
  | "person"
  | "date"
  | "place"
  | "number"
  | "reason"
  | "list"
  /** A named thing ("which city", "what currency"). */
  | "name"
  | "other";

/** A question's answer kind and the words that help find its answer. */
export interface QuestionShape {
  kind: AnswerKind;
  /**
   * Stemmed words of the question that only say what kind of answer is wanted ("date",
   * "many", "today"): they need not appear next to the answer.
   */
  typeTerms: Set<string>;
  /** The stemmed noun the question asks about ("how many *islands*"), if any. */
  focus: string | null;
}

/** Both stems of each word, so a set answers for terms stemmed either way. */
const stems = (text: string) =>
  new Set(text.split(/\s+/).filter(Boolean).flatMap((w) => [stem(w), stemOf(w, "en")]));

/** Words after "how" that ask for a measure. */
const MEASURES = new Set(
  "many much long tall high far big large old deep wide heavy".split(" "),
);

/** Words that, after "what"/"which", make the question one about a date or a number. */
const DATE_NOUNS = new Set(["year", "date", "day", "century", "time"]);
const NUMBER_NOUNS = new Set(["number", "population", "amount", "price", "cost", "size"]);

const TYPE_WORDS = stems(
  "date year day time number name called kind type sort many much today now currently " +
    "nowadays present",
);

/**
 * The shape of `question`.
 *
 * @example
 * ```ts
 * import { questionShape } from "./question.ts";
 * import { stemOf } from "./analyze.ts";
 * const shape = questionShape("On what date is the feast held?");
 * console.assert(shape.kind === "date" && shape.typeTerms.has(stemOf("date", "en", "light")));
 * console.assert(questionShape("白鷺城を建てたのは誰ですか？").kind === "person");
 * ```
 */
export function questionShape(question: string, lang?: string): QuestionShape {
  const language = languageOf(question, { lang });
  if (language !== "en" && language !== "und") {
    const foreign = foreignShape(question, language);
    if (foreign) return foreign;
  }
  const w = words(question);
  const first = w.findIndex((x) => QUESTION_WORDS.has(x));
  const q = first >= 0 ? w[first] : "";
  const typeTerms = new Set<string>();
  for (const t of terms(question)) if (TYPE_WORDS.has(t)) typeTerms.add(t);
  if (q === "how" && MEASURES.has(w[first + 1])) typeTerms.add(stem(w[first + 1]));
  const focusWord = focusOf(w, first);
  const focus = focusWord && !typeTerms.has(stem(focusWord)) ? stem(focusWord) : null;
  return { kind: answerKind(w, first, focusWord), typeTerms, focus };
}

/**
 * The noun a question asks about: "how many *islands*", "which *city*", "what kinds of
 * *dragons*", "what is the *capital* of…"; null when there is none.
 */
function focusOf(w: string[], first: number): string | null {
  if (first < 0) return null;
  let i = first + 1;
  if (w[first] === "how") {
    if (!MEASURES.has(w[i])) return null;
    i++;
  } else if (w[first] !== "what" && w[first] !== "which") return null;
  else if (BE.has(w[i])) {
    // "what is the capital of …": the noun before "of".
    i++;
    if (ARTICLES.has(w[i])) i++;
    return w[i + 1] === "of" && isNoun(w[i]) ? w[i] : null;
  }
  if (/^(kind|kinds|type|types|sort|sorts)$/.test(w[i] ?? "") && w[i + 1] === "of") i += 2;
  return isNoun(w[i]) ? w[i] : null;
}

function isNoun(word: string | undefined): word is string {
  return word !== undefined && word.length > 2 && !AUXILIARIES.has(word) &&
    !ARTICLES.has(word);
}

function answerKind(w: string[], first: number, focus: string | null): AnswerKind {
  const q = first >= 0 ? w[first] : w[0];
  const next = first >= 0 ? w[first + 1] ?? "" : "";
  if (q === "who" || q === "whom" || q === "whose") return "person";
  if (q === "when") return "date";
  if (q === "where") return "place";
  if (q === "why") return "reason";
  if (q === "how") return MEASURES.has(next) ? "number" : "other";
  if (w[0] === "name" || w[0] === "list") return "list";
  if (q === "what" || q === "which") {
    const noun = focus ?? w.slice(first + 1, first + 4).find((x) => !ARTICLES.has(x)) ?? "";
    if (DATE_NOUNS.has(noun)) return "date";
    if (NUMBER_NOUNS.has(noun)) return "number";
    if ((next === "are" || next === "were") && w.some((x) => /s$/.test(x) && x.length > 3)) {
      return "list";
    }
    if (focus && !BE.has(next)) return "name";
  }
  return "other";
}

/** Where a compound question's next part starts: "and" or a comma before a question word. */
const QUESTION_WORD =
  "(?:(?:in|on|at|for|from|to|by)\\s+)?(?:what|which|who|whom|whose|when|where|why|how)";
const PART_BOUNDARY = new RegExp(String.raw`\s*(?:,\s*and|,|\band)\s+(?=${QUESTION_WORD}\b)`, "i");

/**
 * The parts of a compound question, split where a new question word follows "and" or a
 * comma: "Which god is it sacred to, and on what day is the feast?" has two.
 *
 * @example
 * ```ts
 * import { questionParts } from "./question.ts";
 * console.assert(questionParts("Who built it, and when?").length === 2);
 * ```
 */
export function questionParts(question: string): string[] {
  const split = question.split(PART_BOUNDARY);
  return split.map((p) => p.trim()).filter((p) => p.length > 0);
}

/** Verbs that carry little meaning of their own ("make up", "take place"). */
const LIGHT_VERBS = stems(
  "make makes made take takes took have has had get got do does did " +
    "give gave go went come comes came use used happen happened become became",
);

/**
 * How much a question term should count, relative to the others: the counted noun of
 * "how many *islands*" half again as much (the answer line names it), the category of
 * "in which *city*" half as much (the answer's line gives a name, often without the
 * noun: "It was carried to Hallowmere"), light verbs half as much.
 */
export function termWeight(term: string, shape: QuestionShape): number {
  if (term === shape.focus && shape.kind === "number") return 1.5;
  if (term === shape.focus && shape.kind === "name") return 0.5;
  return LIGHT_VERBS.has(term) ? 0.5 : 1;
}

const BE = new Set(["is", "are", "was", "were"]);
const AUXILIARIES = new Set([
  "is",
  "are",
  "was",
  "were",
  "do",
  "does",
  "did",
  "has",
  "have",
  "had",
  "can",
  "could",
  "will",
  "would",
  "should",
  "may",
  "might",
  "must",
  "of",
]); // deno-fmt-ignore

const QUESTION_WORDS = new Set(
  ["who", "whom", "whose", "when", "where", "why", "how", "what", "which"],
);
const ARTICLES = new Set(["the", "a", "an", "is", "was", "are", "were", "of", "in", "on"]);

/** Number words; "one" is left out, being as often a pronoun ("one of them"). */
const NUMBER_WORDS = new Set(
  ("two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen " +
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty " +
    "ninety hundred thousand million dozen").split(" "),
);

/** Ordinals, which state a date only as "the fifth of Thawmoon". */
const ORDINALS = new Set(
  ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth " +
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth " +
    "thirtieth").split(" "),
);

/** Whether `text` states a number: digits, number words, or a day like "the fifth of". */
export function hasNumber(text: string): boolean {
  if (/\d/.test(text)) return true;
  const w = words(text);
  return w.some((x, i) => NUMBER_WORDS.has(x) || (ORDINALS.has(x) && w[i + 1] === "of"));
}

/** Whether `text` states a date: a figure (a year, a day) or "the fifth of …". */
export function hasDate(text: string): boolean {
  if (/\d/.test(text)) return true;
  const w = words(text);
  return w.some((x, i) => ORDINALS.has(x) && w[i + 1] === "of");
}

/**
 * Words of a later part of a compound question that point back at an earlier part's
 * answer — the noun after "that", "this", "these" or "those" ("…and when is *that god's*
 * feast?") — as stemmed terms.
 */
export function pointingBack(part: string): Set<string> {
  const w = words(part);
  const out = new Set<string>();
  w.forEach((x, i) => {
    if (/^(that|this|these|those)$/.test(x) && w[i + 1]) out.add(stem(w[i + 1]));
  });
  return out;
}

/**
 * Capitalised words of `text` that are not its first word nor among `known` (stemmed
 * question terms): the names a sentence adds, as a person or place answer would.
 */
export function newNames(text: string, known: Set<string>): string[] {
  const tokens = text.match(/[\p{L}][\p{L}'’-]*/gu) ?? [];
  return tokens.filter((token, i) =>
    i > 0 && /^\p{Lu}/u.test(token) && !known.has(stem(words(token)[0] ?? ""))
  );
}

/** Han numerals and the counters that state a date or an amount in CJK text. */
const CJK_NUMBER = /[0-9０-９一二三四五六七八九十百千万萬億亿两兩]|[년년]/u;
const CJK_DATE = /[0-9０-９]|[年月日]|世紀|世纪|년|월|일/u;

/** Whether `text` fits the answer `kind` (a name for a person, a number for a date…). */
export function fitsKind(kind: AnswerKind, text: string, known: Set<string>): boolean {
  if (isCjk(text)) return fitsCjk(kind, text);
  switch (kind) {
    case "person":
    case "place":
    case "name":
      return newNames(text, known).length > 0;
    case "date":
      return hasDate(text);
    case "number":
      return hasNumber(text);
    case "reason":
      return /\b(because|since|so that|due to|in order to|for fear|after|when)\b/i.test(text) ||
        /(^|\s)(weil|da|denn|deshalb|parce|car|afin|porque|pues|потому|поэтому|так как)(\s|$)/iu
          .test(text);
    default:
      return true;
  }
}

/** CJK text has no capitals to tell a name by: only numbers and dates are checked. */
function fitsCjk(kind: AnswerKind, text: string): boolean {
  if (kind === "date") return CJK_DATE.test(text);
  if (kind === "number") return CJK_NUMBER.test(text);
  if (kind === "reason") return /因为|因為|ため|から|ので|때문|由于|由於/u.test(text);
  return true;
}
