/**
 * One evaluation run: index a dataset's corpus through the real ingestion pipeline into
 * the store given, rank every judged query with the chat's retrieval, and report the
 * metrics, the ingestion throughput and the retrieval latency.
 *
 * @module
 */
import type { Embedder } from "../embeddings/mod.ts";
import {
  emptyReport,
  type IndexChunkOptions,
  indexDocuments,
  type IndexReport,
  type SourceEntry,
} from "../ingest/mod.ts";
import type { VectorStore } from "../vectorstore/mod.ts";
import type { EvalDataset } from "./dataset.ts";
import type { Percentiles } from "./metrics.ts";
import {
  chatRanker,
  type ChatRetrievalSettings,
  evaluateRanking,
  type QueryOutcome,
  type RankingMetrics,
} from "./ranking.ts";

/** Options for {@linkcode runEvaluation}. */
export interface EvalRunOptions {
  dataset: EvalDataset;
  /** A fresh store: the run indexes into it. */
  store: VectorStore;
  embedder: Embedder;
  chunkOptions: IndexChunkOptions;
  retrieval: ChatRetrievalSettings;
  /** Cut-off for nDCG, recall and MRR. Default 10. */
  k?: number;
  /** Documents indexed at once (helps remote stores and embedders). Default 4. */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (stage: "ingest" | "query", done: number, total: number | null) => void;
  now?: () => number;
}

/** What a run measured. */
export interface EvalReport {
  dataset: string;
  layout: EvalDataset["layout"];
  store: string;
  embedder: string;
  metrics: RankingMetrics;
  /** Documents indexed and the chunks they made. */
  documents: number;
  chunks: number;
  failedDocuments: number;
  ingestSeconds: number;
  /** Queries in the set; `metrics.queries` of them had judgements and were scored. */
  queriesTotal: number;
  outcomes: QueryOutcome[];
}

/** Indexes `entries` with `concurrency` pipelines sharing one iterator; merges reports. */
export async function indexConcurrently(
  entries: AsyncIterable<SourceEntry>,
  options: Parameters<typeof indexDocuments>[1],
  concurrency: number,
): Promise<IndexReport> {
  const iterator = entries[Symbol.asyncIterator]();
  // One serialised `next()` shared by the pipelines, so each entry goes to exactly one.
  let exhausted = false;
  let chain: Promise<unknown> = Promise.resolve();
  const next = (): Promise<IteratorResult<SourceEntry>> => {
    const result = chain.then(async (): Promise<IteratorResult<SourceEntry>> => {
      if (exhausted) return { done: true, value: undefined };
      const r = await iterator.next();
      if (r.done) exhausted = true;
      return r;
    });
    chain = result.catch(() => {});
    return result;
  };
  const share: AsyncIterable<SourceEntry> = {
    [Symbol.asyncIterator]: () => ({ next }),
  };
  let done = 0;
  const reports = await Promise.all(
    Array.from({ length: Math.max(1, concurrency) }, () =>
      indexDocuments(share, {
        ...options,
        onProgress: (p) => options.onProgress?.({ ...p, done: ++done }),
      })),
  );
  return reports.reduce((sum, r) => ({
    ...sum,
    documents: sum.documents + r.documents,
    indexed: sum.indexed + r.indexed,
    chunksAdded: sum.chunksAdded + r.chunksAdded,
    chunksUpdated: sum.chunksUpdated + r.chunksUpdated,
    chunksDeleted: sum.chunksDeleted + r.chunksDeleted,
    unchanged: sum.unchanged + r.unchanged,
    outdated: sum.outdated + r.outdated,
    failed: sum.failed + r.failed,
    failures: [...sum.failures, ...r.failures],
  }), emptyReport());
}

/** Indexes the corpus, then ranks and scores every judged query. */
export async function runEvaluation(options: EvalRunOptions): Promise<EvalReport> {
  const { dataset, store, embedder, signal } = options;
  const now = options.now ?? (() => performance.now());
  const started = now();
  const report = await indexConcurrently(dataset.documents(), {
    store,
    embedder,
    chunkOptions: options.chunkOptions,
    signal,
    onProgress: (p) => options.onProgress?.("ingest", p.done, null),
  }, options.concurrency ?? 4);
  const ingestSeconds = (now() - started) / 1000;
  const ranker = chatRanker(store, embedder.dimensions ? embedder : null, options.retrieval, {
    now,
  });
  const { metrics, outcomes } = await evaluateRanking(dataset.queries, dataset.qrels, ranker, {
    k: options.k,
    signal,
    onQuery: (done, total) => options.onProgress?.("query", done, total),
  });
  return {
    dataset: dataset.name,
    layout: dataset.layout,
    store: store.kind,
    embedder: embedder.kind,
    metrics,
    documents: report.indexed + report.unchanged,
    chunks: report.chunksAdded + report.chunksUpdated,
    failedDocuments: report.failed,
    ingestSeconds,
    queriesTotal: dataset.queries.length,
    outcomes,
  };
}

/** The report as the `--json` object: metric names as BEIR prints them. */
export function reportJson(report: EvalReport): Record<string, unknown> {
  const m = report.metrics;
  const ms = (p: Percentiles) => ({ p50: round(p.p50), p95: round(p.p95), p99: round(p.p99) });
  return {
    [`ndcg@${m.k}`]: round(m.ndcg),
    [`recall@${m.k}`]: round(m.recall),
    [`recall@${m.deepK}`]: round(m.recallDeep),
    [`mrr@${m.k}`]: round(m.mrr),
    latency_ms: ms(m.latencyMs),
    documents: report.documents,
    queries: m.queries,
    context_recall: m.contextRecall === null ? null : round(m.contextRecall),
    chunks: report.chunks,
    ingest_seconds: round(report.ingestSeconds),
    dataset: report.dataset,
    store: report.store,
    embedder: report.embedder,
  };
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
