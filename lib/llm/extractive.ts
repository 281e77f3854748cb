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
import { passageSentences, type Sentence } from "./extractive_text.ts";
import { properNouns, terms } from "./terms.ts";
import { fitsKind, questionShape, relatedTerms } from "./question.ts";

/** First line of every extractive answer, so no reader mistakes it for a model's prose. */
export const EXTRACTIVE_LABEL =
  "_Extractive answer (no language model): the most relevant lines from the sources._";

/** The whole answer when no sentence of the sources matches the question well enough. */
export const EXTRACTIVE_NO_ANSWER = "I couldn't find that in the indexed lore.";

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

interface Candidate extends ScoredSentence {
  terms: string[];
  /** What the line states: a fact's value, or the whole sentence. */
  value: string;
  context: Set<string>;
  rank: number;
  order: number;
}

const K1 = 1.2;
const B = 0.6;

/** Picks the best 0–`maxSentences` non-redundant sentences for `question`, best first. */
export function selectSentences(
  question: string,
  sources: SourcePassage[],
  options: ExtractiveOptions = {},
): ScoredSentence[] {
  const shape = questionShape(question);
  const all = [...new Set(terms(question))];
  // Words that only name the kind of answer ("date", "how many") need not be matched.
  const content = all.filter((t) => !shape.typeTerms.has(t));
  const query = content.length > 0 ? content : all;
  if (query.length === 0 || sources.length === 0) return [];
  const names = properNouns(question);
  const known = new Set(all);
  const candidates = sources.flatMap((p, rank) =>
    passageSentences(p.text).map((s, i) => toCandidate(s, p, rank, i))
  );
  if (candidates.length === 0) return [];
  const idf = inverseFrequencies(query, candidates);
  const totalWeight = query.reduce((sum, t) => sum + idf.get(t)!, 0);
  const meanWeight = totalWeight / query.length;
  const avgLength = candidates.reduce((n, c) => n + c.terms.length, 0) / candidates.length;
  const minCoverage = options.minCoverage ?? 0.4;
  const scored: (Candidate & { coverage: number })[] = [];
  for (const c of candidates) {
    const own = new Set(c.terms);
    let score = 0;
    let covered = 0;
    let matched = 0;
    for (const t of query) {
      const weight = idf.get(t)!;
      if (own.has(t)) {
        const tf = c.terms.filter((x) => x === t).length;
        const norm = tf + K1 * (1 - B + B * (c.terms.length / avgLength));
        score += weight * (tf * (K1 + 1)) / norm * (names.has(t) ? 1.25 : 1);
      } else if (hasRelated(t, own)) {
        // "Ruler" for "rules", "Location" for "kept": the same question, other words.
        score += 0.7 * weight;
      } else if (c.context.has(t) || hasRelated(t, c.context)) {
        score += 0.5 * weight;
        covered += weight;
        continue;
      } else continue;
      covered += weight;
      matched++;
    }
    if (matched === 0) continue;
    const coverage = covered / totalWeight;
    if (coverage < minCoverage / 2) continue;
    for (const t of shape.typeTerms) {
      if (own.has(t) || hasRelated(t, own)) score += 0.25 * meanWeight;
    }
    score *= (0.5 + 0.5 * coverage) / (1 + 0.15 * c.rank);
    if (shape.kind !== "other" && shape.kind !== "list") {
      score *= fitsKind(shape.kind, c.value, known) ? 1.3 : 0.75;
    }
    if (looksLikeCaption(c)) score *= 0.6;
    scored.push({ ...c, score, coverage });
  }
  scored.sort((a, b) => b.score - a.score || a.rank - b.rank || a.order - b.order);
  // The best line must cover the question; the lines after it may add to it partially.
  if (scored.length === 0 || scored[0].coverage < minCoverage) return [];
  const picked: Candidate[] = [];
  const best = scored[0].score;
  for (const c of scored) {
    if (picked.length >= (options.maxSentences ?? 4)) break;
    if (c.score < best * (options.minRelativeScore ?? 0.3)) break;
    if (picked.some((p) => overlap(p.terms, c.terms) > 0.6)) continue;
    picked.push(c);
  }
  return picked.map(({ text, n, score, fact }) => ({ text, n, score, fact }));
}

/** Whether `set` holds a word of one of `term`'s word classes. */
function hasRelated(term: string, set: Set<string>): boolean {
  for (const r of relatedTerms(term)) if (set.has(r)) return true;
  return false;
}

function toCandidate(s: Sentence, p: SourcePassage, rank: number, order: number): Candidate {
  const title = p.title.trim();
  const text = s.fact && title && !s.text.toLowerCase().includes(title.toLowerCase())
    ? `${title} — ${s.text}`
    : s.text;
  return {
    text: shorten(text, 400),
    n: p.n,
    score: 0,
    fact: s.fact,
    terms: terms(s.text),
    value: s.fact ? s.text.slice(s.text.indexOf(":") + 1) : s.text,
    context: new Set(terms(`${title} ${p.heading}`)),
    rank,
    order,
  };
}

/** A short unpunctuated prose line: a caption or label more than a statement. */
function looksLikeCaption(c: Candidate): boolean {
  return !c.fact && !/[.!?]["'”’)]*$/.test(c.text) && c.text.split(/\s+/).length < 8;
}

/**
 * BM25's idf over the candidate sentences (a related word counts as the term). A term
 * found nowhere — often the question's own verb ("celebrated", "make up") — weighs as
 * much as the rarest term found somewhere, so it cannot sink every line on its own.
 */
function inverseFrequencies(query: string[], candidates: Candidate[]): Map<string, number> {
  const n = candidates.length;
  const idf = new Map<string, number>();
  const absent: string[] = [];
  for (const t of query) {
    const df = candidates.filter((c) => {
      const own = new Set(c.terms);
      return own.has(t) || c.context.has(t) || hasRelated(t, own) || hasRelated(t, c.context);
    }).length;
    if (df === 0) absent.push(t);
    idf.set(t, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
  }
  const present = query.filter((t) => !absent.includes(t)).map((t) => idf.get(t)!);
  if (present.length > 0) { for (const t of absent) idf.set(t, Math.max(...present)); }
  return idf;
}

/** Jaccard overlap of two term lists. */
function overlap(a: string[], b: string[]): number {
  const sa = new Set(a);
  const sb = new Set(b);
  const shared = [...sa].filter((t) => sb.has(t)).length;
  return shared / (sa.size + sb.size - shared || 1);
}

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut.slice(0, cut.lastIndexOf(" ")).replace(/[,;:—-]+$/, "")}…`;
}

/** The full answer text for `question` over `sources`: label plus cited lines, or no-answer. */
export function composeExtractiveAnswer(
  question: string,
  sources: SourcePassage[],
  options: ExtractiveOptions = {},
): string {
  const picked = selectSentences(question, sources, options);
  if (picked.length === 0) return EXTRACTIVE_NO_ANSWER;
  const lines = picked.map(({ text, n }) => {
    if (/[.!?]$/.test(text)) return `- ${text.slice(0, -1)} [${n}]${text.slice(-1)}`;
    return /["'”’)…]$/.test(text) ? `- ${text} [${n}]` : `- ${text} [${n}].`;
  });
  return `${EXTRACTIVE_LABEL}\n\n${lines.join("\n")}`;
}

const PIECES_PER_PAUSE = 8;

/** Options for {@linkcode createExtractiveProvider}. */
export interface ExtractiveProviderOptions extends ExtractiveOptions {
  /** Yields to the event loop every few words (default: a zero-delay timer). */
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
  const pause = options.pause ?? (() => new Promise<void>((r) => setTimeout(r, 0)));
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
