/**
 * The extractive provider: no model at all. It answers with the sentences of the
 * retrieved passages that best match the question — scored BM25-style over light-stemmed
 * terms, favouring higher-ranked passages and matching names — each followed by the
 * number of its passage, under a first line that says plainly what the answer is. It is
 * LoreChat's default with no keys and no network, and the last link of fallback chains.
 *
 * @module
 */
import type {
  ChatMessage,
  GenerateOptions,
  LlmProvider,
  SourcePassage,
  StreamPart,
} from "./provider.ts";
import { ProviderError } from "./provider.ts";
import { candidatesOf, type PartScore, type QueryPart, scorePart } from "./extractive_score.ts";
import { orderedRows, orderQuestion } from "./extractive_sequence.ts";
import { noAnswerText } from "./extractive_messages.ts";
import {
  analyze,
  analyzeWords,
  languageOf,
  languageOr,
  nameWords,
  pointingBack,
  questionParts,
  questionShape,
  UNDETERMINED,
} from "../text/mod.ts";
import { macrotask } from "../web/macrotask.ts";

/** First line of every extractive answer, so no reader mistakes it for a model's prose. */
export const EXTRACTIVE_LABEL =
  "_Extractive answer (no language model): the most relevant lines from the sources._";

/** The whole answer when no sentence of the sources matches the question well enough. */
export const EXTRACTIVE_NO_ANSWER = noAnswerText("en");

/** Tuning for {@linkcode selectSentences}; the defaults suit passages of a few hundred words. */
export interface ExtractiveOptions {
  /** Most sentences in an answer (4). */
  maxSentences?: number;
  /**
   * Share of the question's weight the best sentence (with its passage title) must cover
   * (0.4); further sentences need half of it.
   */
  minCoverage?: number;
  /** Further sentences must score at least this share of the best one (0.3). */
  minRelativeScore?: number;
}

/** A sentence chosen for the answer, with the passage it cites. */
export interface ScoredSentence {
  text: string;
  n: number;
  score: number;
  fact: boolean;
}

/**
 * Picks the best 0–`maxSentences` non-redundant sentences for `question`, best first.
 * A compound question ("Who founded it, and when?") is answered part by part: the best
 * line for each part leads, the next best of any part follow.
 */
export function selectSentences(
  question: string,
  sources: SourcePassage[],
  options: ExtractiveOptions = {},
): ScoredSentence[] {
  if (sources.length === 0) return [];
  // Each passage is read in its own language; one too short to tell, in the question's.
  const asked = languageOf(question);
  const fallback = asked === "und" ? "en" : asked;
  const passages = sources.map((p) => ({ ...p, lang: languageOr(p.text, p.lang, fallback) }));
  const parts = queryParts(question, passages[0].lang);
  if (parts.length === 0) return [];
  const candidates = candidatesOf(passages);
  const minCoverage = options.minCoverage ?? 0.4;
  const minRelative = options.minRelativeScore ?? 0.3;
  const leads: PartScore[] = [];
  const rest: { line: PartScore; relative: number }[] = [];
  for (const part of parts) {
    const scored = scorePart(part, candidates, minCoverage);
    if (scored.length === 0) continue;
    const best = scored[0].score;
    // The line that leads must cover the part; one a little below the best may lead.
    const lead = scored.find((s) => s.eligible && s.score >= best * 0.5);
    if (!lead) continue;
    leads.push(lead);
    for (const line of scored) rest.push({ line, relative: line.score / lead.score });
  }
  // "What comes after X?": the row after X's row answers, though it shares no word.
  const order = orderQuestion(question);
  const top = Math.max(1, ...leads.map((l) => l.score));
  const ordered = (order ? orderedRows(order, candidates) : [])
    .map((candidate) => ({ candidate, score: top, coverage: 1, eligible: true }));
  leads.unshift(...ordered);
  if (leads.length === 0) return [];
  rest.sort((a, b) => b.relative - a.relative);
  const picked: PartScore[] = [];
  const max = options.maxSentences ?? 4;
  const add = (s: PartScore) => {
    if (picked.length >= max) return;
    if (picked.some((p) => overlap(p.candidate.terms, s.candidate.terms) > 0.6)) return;
    picked.push(s);
  };
  leads.forEach(add);
  for (const { line, relative } of rest) if (relative >= minRelative) add(line);
  return picked.map(({ candidate, score }) => ({
    text: candidate.text,
    n: candidate.n,
    score,
    fact: candidate.fact,
  }));
}

/**
 * The parts of a question as weighted terms. A later part borrows the earlier parts'
 * terms at a lower weight, as its pronouns refer back to them ("…, and what did *it* fix?").
 */
function queryParts(question: string, sourceLang?: string): QueryPart[] {
  // The question's own words decide its shape; its terms are read in the language of
  // the passages, so that they meet the passages' stems.
  const asked = languageOf(question);
  const lang = sourceLang ?? asked;
  const terms = (text: string) => passageTerms(text, asked, lang);
  // Names are told in the question's language, and analyzed as its terms are.
  const names = new Set(nameWords(question, asked).flatMap((name) => terms(name)));
  const known = new Set(terms(question));
  const parts: QueryPart[] = [];
  let earlier: string[] = [];
  for (const text of questionParts(question)) {
    const shape = questionShape(text, asked);
    const all = [...new Set(terms(text))];
    // Words that only name the kind of answer ("date", "how many") need not be matched.
    const content = all.filter((t) => !shape.typeTerms.has(t));
    const own = content.length > 0 ? content : all;
    if (own.length === 0) continue;
    // "…that god's feast": the noun names an earlier part's answer, not a new demand.
    const back = parts.length > 0 ? pointingBack(text) : new Set<string>();
    const weights = new Map(own.map((t) => [t, back.has(t) ? 0.4 : 1]));
    for (const t of earlier) if (!weights.has(t)) weights.set(t, 0.4);
    const numbers = own.filter((t) => /^\d/.test(t));
    const required = shape.focus && own.includes(shape.focus) ? [shape.focus, ...numbers] : numbers;
    const fresh = own.filter((t) => !back.has(t));
    const owed = new Set(fresh.length > 0 ? fresh : own);
    parts.push({ shape, terms: weights, owed, names, known, required });
    earlier = [...new Set([...earlier, ...own])];
  }
  return parts;
}

/**
 * The terms of a question's `text` read for passages in `lang`: the words its own language
 * (`asked`) holds for stopwords dropped ("who", "the" and "of" of an English question put
 * to a page in Nynorsk, where they are not), the rest stemmed as the passages are.
 */
function passageTerms(text: string, asked: string, lang: string): string[] {
  const stop = new Set<string>();
  if (asked !== lang && asked !== UNDETERMINED) {
    for (const w of analyzeWords(text, { lang: asked, stemming: "light" })) {
      if (w.term === null) stop.add(w.word);
    }
  }
  if (stop.size === 0) return analyze(text, { lang, stemming: "light" });
  const out: string[] = [];
  for (const w of analyzeWords(text, { lang, stemming: "light" })) {
    if (w.term !== null && !stop.has(w.word)) out.push(w.term);
  }
  return out;
}

/** Jaccard overlap of two term lists. */
function overlap(a: string[], b: string[]): number {
  const sa = new Set(a);
  const sb = new Set(b);
  const shared = [...sa].filter((t) => sb.has(t)).length;
  return shared / (sa.size + sb.size - shared || 1);
}

/** The full answer text for `question` over `sources`: label plus cited lines, or no-answer. */
export function composeExtractiveAnswer(
  question: string,
  sources: SourcePassage[],
  options: ExtractiveOptions = {},
): string {
  const picked = selectSentences(question, sources, options);
  if (picked.length === 0) return noAnswerText(answerLanguage(question, sources));
  const lines = picked.map(({ text, n }) => {
    if (/[.!?。！？]$/.test(text)) return `- ${text.slice(0, -1)} [${n}]${text.slice(-1)}`;
    return /["'”’)…]$/.test(text) ? `- ${text} [${n}]` : `- ${text} [${n}].`;
  });
  return `${EXTRACTIVE_LABEL}\n\n${lines.join("\n")}`;
}

/** The question's language, else (a question too short to tell) its sources'. */
function answerLanguage(question: string, sources: SourcePassage[]): string {
  const lang = languageOf(question);
  return lang !== "und" ? lang : sources[0]?.lang ?? "en";
}

const PIECES_PER_PAUSE = 8;

/** Options for {@linkcode createExtractiveProvider}. */
export interface ExtractiveProviderOptions extends ExtractiveOptions {
  /** Yields to the event loop every few words (default: {@linkcode macrotask}). */
  pause?: () => Promise<void>;
}

/**
 * Creates the extractive provider. It reads `options.sources` and `options.question`
 * (falling back to the last user message) and ignores the system prompt.
 *
 * @example
 * ```ts
 * import { createExtractiveProvider } from "./extractive.ts";
 * const llm = createExtractiveProvider();
 * const sources = [{ n: 1, id: "varrow#0", title: "Varrow", url: "", heading: "Varrow",
 *   text: "| Ruler | Queen Maelis |", score: 1 }];
 * let text = "";
 * for await (const part of llm.stream("", [], { question: "Who rules Varrow?", sources },
 *   new AbortController().signal)) if (part.type === "text") text += part.text;
 * console.assert(text.includes("Queen Maelis [1]"));
 * ```
 */
export function createExtractiveProvider(options: ExtractiveProviderOptions = {}): LlmProvider {
  const pause = options.pause ?? macrotask;
  return {
    name: "extractive",
    model: "extractive",
    supportsSampling: false,
    async *stream(
      _system: string,
      messages: ChatMessage[],
      generate: GenerateOptions,
      signal: AbortSignal,
    ): AsyncGenerator<StreamPart> {
      const question = generate.question ??
        messages.filter((m) => m.role === "user").at(-1)?.content ?? "";
      const answer = composeExtractiveAnswer(question, generate.sources ?? [], options);
      const pieces = answer.match(/\s*\S+/g) ?? [];
      for (const [i, piece] of pieces.entries()) {
        if (signal.aborted) {
          throw new ProviderError("extractive: request aborted", "aborted", "extractive");
        }
        yield { type: "text", text: piece };
        // A macrotask every few words lets I/O (and an abort) in without a timer per word.
        if (i % PIECES_PER_PAUSE === PIECES_PER_PAUSE - 1) await pause();
      }
      yield { type: "usage", inputTokens: 0, outputTokens: pieces.length };
    },
    ping: () => Promise.resolve(),
  };
}
