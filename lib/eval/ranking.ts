/**
 * Scoring a retriever on a labelled question set: every judged query is ranked, and the
 * rankings are scored with nDCG, recall and MRR; latencies are summarised as
 * percentiles. The chat's own retrieval is wrapped as a {@linkcode Ranker} by
 * {@linkcode chatRanker}.
 *
 * @module
 */
import type { Embedder } from "../embeddings/mod.ts";
import { retrievePassages, selectPassages } from "../rag/mod.ts";
import type { QueryHit, QueryOptions, VectorStore } from "../vectorstore/mod.ts";
import type { EvalQuery } from "./beir.ts";
import {
  documentRanking,
  type Judgements,
  latencySummary,
  mean,
  ndcgAt,
  type Percentiles,
  recallAt,
  reciprocalRankAt,
} from "./metrics.ts";

/** What a ranker returns for one query. */
export interface Ranked {
  /** Document ids, best first, each once; deep enough for the deepest cut-off. */
  documents: string[];
  /** The documents whose passages the chat would put in front of the model, if known. */
  context?: string[];
  /** Time the retrieval a user waits for took, in ms. */
  latencyMs: number;
}

/** Ranks the corpus for one query. */
export type Ranker = (query: string, signal?: AbortSignal) => Promise<Ranked>;

/** Averages over the judged queries. */
export interface RankingMetrics {
  /** Cut-off for nDCG, recall and MRR (10 unless asked otherwise). */
  k: number;
  ndcg: number;
  recall: number;
  /** Recall at the deep cut-off (100). */
  recallDeep: number;
  deepK: number;
  mrr: number;
  /** Recall over the documents of the chat's context (null when the ranker does not say). */
  contextRecall: number | null;
  latencyMs: Percentiles;
  /** Queries scored (those with at least one relevant judgement). */
  queries: number;
}

/** One query's outcome, for listing the worst ones. */
export interface QueryOutcome {
  id: string;
  text: string;
  ndcg: number;
  recall: number;
  reciprocalRank: number;
  latencyMs: number;
  /** The first few ranked documents. */
  top: string[];
}

/** Options for {@linkcode evaluateRanking}. */
export interface EvaluateOptions {
  k?: number;
  deepK?: number;
  signal?: AbortSignal;
  onQuery?: (done: number, total: number) => void;
}

/** Whether a query has any relevant judgement (the others cannot be scored). */
export function isJudged(query: EvalQuery, qrels: ReadonlyMap<string, Judgements>): boolean {
  return [...(qrels.get(query.id)?.values() ?? [])].some((grade) => grade > 0);
}

/**
 * Ranks every judged query with `ranker` (one at a time, so latencies are not inflated by
 * queueing) and scores the rankings.
 */
export async function evaluateRanking(
  queries: readonly EvalQuery[],
  qrels: ReadonlyMap<string, Judgements>,
  ranker: Ranker,
  options: EvaluateOptions = {},
): Promise<{ metrics: RankingMetrics; outcomes: QueryOutcome[] }> {
  const k = options.k ?? 10;
  const deepK = Math.max(options.deepK ?? 100, k);
  const judged = queries.filter((q) => isJudged(q, qrels));
  const outcomes: QueryOutcome[] = [];
  const deep: number[] = [];
  const context: number[] = [];
  for (const query of judged) {
    options.signal?.throwIfAborted();
    const judgements = qrels.get(query.id)!;
    const ranked = await ranker(query.text, options.signal);
    outcomes.push({
      id: query.id,
      text: query.text,
      ndcg: ndcgAt(ranked.documents, judgements, k),
      recall: recallAt(ranked.documents, judgements, k),
      reciprocalRank: reciprocalRankAt(ranked.documents, judgements, k),
      latencyMs: ranked.latencyMs,
      top: ranked.documents.slice(0, 5),
    });
    deep.push(recallAt(ranked.documents, judgements, deepK));
    if (ranked.context) context.push(recallAt(ranked.context, judgements, Infinity));
    options.onQuery?.(outcomes.length, judged.length);
  }
  return {
    metrics: {
      k,
      deepK,
      ndcg: mean(outcomes.map((o) => o.ndcg)),
      recall: mean(outcomes.map((o) => o.recall)),
      recallDeep: mean(deep),
      mrr: mean(outcomes.map((o) => o.reciprocalRank)),
      contextRecall: context.length === outcomes.length && context.length > 0
        ? mean(context)
        : null,
      latencyMs: latencySummary(outcomes.map((o) => o.latencyMs)),
      queries: outcomes.length,
    },
    outcomes,
  };
}

/** Retrieval settings as the chat takes them from config. */
export interface ChatRetrievalSettings {
  topK: number;
  maxPerPage: number;
  minScore: number;
}

/**
 * The chat's retrieval as a ranker. Each query goes through the chat's own code:
 *
 * 1. `retrievePassages` with the chat's settings — timed (the latency a user waits for);
 *    its passages are the model's context.
 * 2. The same candidates the store gave that call, replayed through `retrievePassages`
 *    keeping one passage per page and all of them — so the pages rank in the order the
 *    chat (store, then its re-ranking) puts them.
 * 3. Pages beyond that pool, for recall@100: a deep `store.query` and `selectPassages`
 *    (one passage per page), appended in the store's order.
 *
 * The query is embedded once; step 2 makes no store call.
 */
export function chatRanker(
  store: VectorStore,
  embedder: Embedder | null,
  settings: ChatRetrievalSettings,
  options: { deepK?: number; now?: () => number } = {},
): Ranker {
  const now = options.now ?? (() => performance.now());
  const deepK = options.deepK ?? 100;
  const cached = embedder ? rememberLastQuery(embedder) : null;
  let chatHits: QueryHit[] = [];
  const recording = withQuery(store, async (o) => (chatHits = await store.query(o)));
  const replay = withQuery(store, () => Promise.resolve(chatHits));
  return async (query, signal) => {
    const started = now();
    const chat = await retrievePassages(query, recording, cached, { ...settings, signal });
    const latencyMs = now() - started;
    const byChunk = new Map(chatHits.map((h) => [h.id, h.metadata.documentId]));
    const pageOf = (p: { id: string }) => ({ documentId: byChunk.get(p.id) ?? p.id });
    const pool = await retrievePassages(query, replay, cached, {
      ...settings,
      topK: Math.max(chatHits.length, 1),
      maxPerPage: 1,
      signal,
    });
    const vector = cached?.dimensions ? await cached.embedQuery(query, signal) : null;
    const hits = await store.query({
      text: query,
      vector: vector ?? undefined,
      topK: deepK * 3,
      signal,
    });
    const deep = selectPassages(hits, { ...settings, topK: deepK, maxPerPage: 1 });
    return {
      documents: documentRanking([...pool.passages.map(pageOf), ...deep.map((h) => h.metadata)]),
      context: documentRanking(chat.passages.map(pageOf)),
      latencyMs,
    };
  };
}

/** The store with its `query` replaced (other methods untouched). */
function withQuery(
  store: VectorStore,
  query: (options: QueryOptions) => Promise<QueryHit[]>,
): VectorStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === "query") return query;
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** The embedder, with the last query's vector kept so a second pass does not pay again. */
function rememberLastQuery(embedder: Embedder): Embedder {
  let last: { text: string; vector: Promise<number[] | null> } | null = null;
  return {
    kind: embedder.kind,
    dimensions: embedder.dimensions,
    embedDocuments: (texts, signal) => embedder.embedDocuments(texts, signal),
    embedQuery(text, signal) {
      if (last?.text !== text) last = { text, vector: embedder.embedQuery(text, signal) };
      return last.vector;
    },
  };
}
