/**
 * `deno task eval --dataset DIR [--store sqlite|upstash] [--k 10] [--json] [--corpus DIR]
 *  [--split test] [--concurrency 4] [--worst N]`
 *
 * Scores the chat's retrieval on a labelled question set. The corpus is indexed through
 * the real ingestion pipeline (chunking and embedding as configured) into a fresh store
 * — sqlite in a temporary folder, or a throwaway Upstash namespace that is deleted
 * afterwards — then every judged query runs through `retrievePassages`. Prints nDCG@k,
 * Recall@k, Recall@100, MRR@k and retrieval latency percentiles; `--json` prints one
 * object. Embedder, chunking and retrieval settings come from the environment, as for
 * the app (EMBEDDINGS_*, CHUNK_*, RETRIEVAL_*, UPSTASH_VECTOR_*).
 *
 * Exits 2 on bad usage or configuration, 1 when the run fails.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { type Config, ConfigError, parseConfig } from "../lib/config/mod.ts";
import { configureLogging } from "../lib/log/mod.ts";
import { createEmbedder, type Embedder } from "../lib/embeddings/mod.ts";
import { createVectorStore, openSqliteStore, type VectorStore } from "../lib/vectorstore/mod.ts";
import {
  DatasetError,
  type EvalReport,
  openDataset,
  reportJson,
  runEvaluation,
} from "../lib/eval/mod.ts";
import { formatLanguageTable, scoresByLanguage } from "../lib/eval/by_language.ts";

const USAGE = "usage: deno task eval --dataset DIR [--store sqlite|upstash] [--k 10] [--json] " +
  "[--corpus DIR] [--split test] [--concurrency 4] [--worst N]";

/** A fresh store for the run, and how to get rid of it. */
async function freshStore(
  kind: string,
  config: Config,
  embedder: Embedder,
): Promise<{ store: VectorStore; dispose: () => Promise<void> }> {
  if (kind === "upstash") {
    const namespace = `lorechat-eval-${crypto.randomUUID().slice(0, 8)}`;
    const store = createVectorStore(
      { ...config, VECTOR_STORE: "upstash", UPSTASH_VECTOR_NAMESPACE: namespace },
      { dimensions: embedder.dimensions },
    );
    return {
      store,
      dispose: async () => {
        await store.reset().catch((e) => console.error(`could not delete ${namespace}: ${e}`));
        await store.close();
      },
    };
  }
  const dir = await Deno.makeTempDir({ prefix: "lorechat-eval-" });
  const store = openSqliteStore({ path: `${dir}/eval.sqlite`, dimensions: embedder.dimensions });
  return {
    store,
    dispose: async () => {
      await store.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

function formatReport(report: EvalReport, worst: number): string {
  const m = report.metrics;
  const f = (x: number) => x.toFixed(4);
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  const rows: [string, string][] = [
    ["dataset", `${report.dataset} (${report.layout})`],
    ["store", `${report.store}, embedder ${report.embedder}`],
    [
      "documents",
      `${report.documents} (${report.chunks} chunks, ${report.failedDocuments} failed)`,
    ],
    [
      "ingest",
      `${report.ingestSeconds.toFixed(1)} s (${
        (report.documents / Math.max(report.ingestSeconds, 1e-9)).toFixed(0)
      } documents/s)`,
    ],
    ["queries", `${m.queries} judged of ${report.queriesTotal}`],
    [`nDCG@${m.k}`, f(m.ndcg)],
    [`Recall@${m.k}`, f(m.recall)],
    [`Recall@${m.deepK}`, f(m.recallDeep)],
    [`MRR@${m.k}`, f(m.mrr)],
    ["context recall", m.contextRecall === null ? "n/a" : f(m.contextRecall)],
    ["latency p50", ms(m.latencyMs.p50)],
    ["latency p95", ms(m.latencyMs.p95)],
    ["latency p99", ms(m.latencyMs.p99)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`);
  if (worst > 0) {
    lines.push("", `worst ${worst} queries by nDCG@${m.k}:`);
    for (const o of [...report.outcomes].sort((a, b) => a.ndcg - b.ndcg).slice(0, worst)) {
      lines.push(`  ${o.id.padEnd(8)} ${f(o.ndcg)}  ${o.text.slice(0, 70)}  → ${o.top.join(", ")}`);
    }
  }
  return lines.join("\n");
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: Deno.args,
      options: {
        dataset: { type: "string" },
        store: { type: "string", default: "sqlite" },
        k: { type: "string", default: "10" },
        json: { type: "boolean", default: false },
        corpus: { type: "string" },
        split: { type: "string", default: "test" },
        concurrency: { type: "string", default: "4" },
        worst: { type: "string", default: "0" },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const k = Number(values.k);
  const concurrency = Number(values.concurrency);
  if (
    !values.dataset || !["sqlite", "upstash"].includes(values.store) ||
    !Number.isInteger(k) || k < 1 || !Number.isInteger(concurrency) || concurrency < 1
  ) {
    console.error(USAGE);
    return 2;
  }
  let config: Config;
  try {
    config = parseConfig(Deno.env.toObject());
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  await configureLogging({ config, write: (line) => console.error(line.trimEnd()) });
  let dataset;
  try {
    dataset = await openDataset(values.dataset, { corpusDir: values.corpus, split: values.split });
  } catch (error) {
    if (error instanceof DatasetError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const embedder = createEmbedder(config);
  const { store, dispose } = await freshStore(values.store, config, embedder);
  const tty = Deno.stderr.isTerminal();
  const encoder = new TextEncoder();
  try {
    const report = await runEvaluation({
      dataset,
      store,
      embedder,
      chunkOptions: {
        size: config.CHUNK_SIZE,
        overlap: config.CHUNK_OVERLAP,
        unit: config.CHUNK_UNIT,
      },
      retrieval: {
        topK: config.RETRIEVAL_TOP_K,
        maxPerPage: config.RETRIEVAL_MAX_PER_PAGE,
        minScore: config.RETRIEVAL_MIN_SCORE,
      },
      k,
      concurrency,
      onProgress: tty
        ? (stage, done, total) => {
          if (done % 100 === 0 || done === total) {
            Deno.stderr.writeSync(
              encoder.encode(`\r\x1b[2K${stage} ${done}${total ? `/${total}` : ""}`),
            );
          }
        }
        : undefined,
    });
    if (tty) Deno.stderr.writeSync(encoder.encode("\r\x1b[2K"));
    if (values.json) console.log(JSON.stringify(reportJson(report), null, 2));
    else {
      console.log(formatReport(report, Number(values.worst) || 0));
      // Per-language scores (hit@3, nDCG@k), for sets whose questions mix languages.
      const rows = scoresByLanguage(report.outcomes, dataset.qrels);
      console.log(`\n${formatLanguageTable(rows, report.metrics.k)}`);
    }
    return 0;
  } finally {
    await dispose();
  }
}

if (import.meta.main) Deno.exit(await main());
