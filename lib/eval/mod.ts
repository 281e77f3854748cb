/**
 * Retrieval evaluation on labelled question sets (BEIR layout, or the lore layout where
 * the corpus is a folder of pages): the metrics (nDCG, recall, MRR, latency
 * percentiles), the dataset readers, the chat's retrieval as a ranker, and a whole run
 * that indexes through the real pipeline first. `deno task eval` is the command line.
 *
 * @example
 * ```ts ignore
 * import { openDataset, reportJson, runEvaluation } from "./mod.ts";
 * const dataset = await openDataset("tests/fixtures/beir-mini");
 * const report = await runEvaluation({
 *   dataset, store, embedder,
 *   chunkOptions: { size: 1200, overlap: 150, unit: "chars" },
 *   retrieval: { topK: 6, maxPerPage: 2, minScore: 0 },
 * });
 * console.log(reportJson(report)["ndcg@10"]);
 * ```
 *
 * @module
 */
export {
  documentRanking,
  type Judgements,
  latencySummary,
  mean,
  ndcgAt,
  percentile,
  type Percentiles,
  recallAt,
  reciprocalRankAt,
} from "./metrics.ts";
export {
  corpusDocument,
  type CorpusRecord,
  DatasetError,
  type EvalQuery,
  parseCorpus,
  parseQrels,
  parseQueries,
  textLines,
} from "./beir.ts";
export { type EvalDataset, openDataset, type OpenDatasetOptions } from "./dataset.ts";
export {
  chatRanker,
  type ChatRetrievalSettings,
  type EvaluateOptions,
  evaluateRanking,
  isJudged,
  type QueryOutcome,
  type Ranked,
  type Ranker,
  type RankingMetrics,
} from "./ranking.ts";
export {
  type EvalReport,
  type EvalRunOptions,
  indexConcurrently,
  reportJson,
  runEvaluation,
} from "./run.ts";
