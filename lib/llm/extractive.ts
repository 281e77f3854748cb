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
  const query = [...new Set(terms(question))];
  if (query.length === 0 || sources.length === 0) return [];
  const names = properNouns(question);
  const candidates = sources.flatMap((p, rank) =>
    passageSentences(p.text).map((s, i) => toCandidate(s, p, rank, i))
  );
  if (candidates.length === 0) return [];
  const idf = inverseFrequencies(query, candidates);
  const totalWeight = query.reduce((sum, t) => sum + idf.get(t)!, 0);
  const avgLength = candidates.reduce((n, c) => n + c.terms.length, 0) / candidates.length;
  const minCoverage = options.minCoverage ?? 0.4;
  const scored: (Candidate & { coverage: number })[] = [];
  for (const c of candidates) {
    const own = new Set(c.terms);
    const matched = query.filter((t) => own.has(t));
    if (matched.length === 0) continue;
    const covered = query.filter((t) => own.has(t) || c.context.has(t));
    const coverage = covered.reduce((sum, t) => sum + idf.get(t)!, 0) / totalWeight;
    if (coverage < minCoverage / 2) continue;
    let score = 0;
    for (const t of matched) {
      const tf = c.terms.filter((x) => x === t).length;
      const norm = tf + K1 * (1 - B + B * (c.terms.length / avgLength));
      score += idf.get(t)! * (tf * (K1 + 1)) / norm * (names.has(t) ? 1.25 : 1);
    }
    for (const t of covered) if (!own.has(t)) score += 0.5 * idf.get(t)!;
    score *= (0.5 + 0.5 * coverage) / (1 + 0.15 * c.rank);
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
    context: new Set(terms(`${title} ${p.heading}`)),
    rank,
    order,
  };
}

/** A short unpunctuated prose line: a caption or label more than a statement. */
function looksLikeCaption(c: Candidate): boolean {
  return !c.fact && !/[.!?]["'”’)]*$/.test(c.text) && c.text.split(/\s+/).length < 8;
}

/** BM25's idf over the candidate sentences; a term found nowhere weighs the most. */
function inverseFrequencies(query: string[], candidates: Candidate[]): Map<string, number> {
  const n = candidates.length;
  const idf = new Map<string, number>();
  for (const t of query) {
    const df = candidates.filter((c) => c.terms.includes(t) || c.context.has(t)).length;
    idf.set(t, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
  }
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
