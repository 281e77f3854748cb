/**
 * `retrieval`: the sqlite store's lexical search next to Orama and MiniSearch, on the
 * same chunks and questions — index build time, query latency (p50/p99) and nDCG@10
 * over documents (each chunk hit maps to its page, first occurrence ranks).
 *
 * Corpora: the lore question set (pages cleaned and chunked by the real pipeline), the
 * beir-mini fixture, every BEIR-layout folder under `../shared/data/`, and the first
 * 20,000 chunks (5,000 with `--quick`) of the synthetic corpus the server bench uses,
 * with 100 questions each judging the page it was written from. (At 50,000 chunks the
 * in-memory peers take 0.1–0.3 s per query, which alone would take minutes.)
 *
 * Every engine gets the same fields (title, heading, text) with the same weights
 * (3, 2, 1); Orama runs with its English stemmer on (sqlite uses FTS5's Porter
 * stemmer); MiniSearch has no stemmer and runs with its defaults.
 *
 * @module
 */
import { create, insertMultiple, search } from "@orama/orama";
import MiniSearch from "minisearch";
import denoJson from "../../deno.json" with { type: "json" };
import { chunkMarkdown, isSourceFailure } from "../../lib/ingest/mod.ts";
import {
  documentRanking,
  type EvalQuery,
  isJudged,
  type Judgements,
  latencySummary,
  mean,
  ndcgAt,
  openDataset,
} from "../../lib/eval/mod.ts";
import { openSqliteStore, type StoredChunk } from "../../lib/vectorstore/mod.ts";
import { loreGenerator } from "../server/synthetic_lore.ts";
import type { BenchContext, Row, Suite, SuiteOutcome } from "../types.ts";

const DEPTH = 100;

/** Chunks, judged questions and their judgements. */
interface Corpus {
  name: string;
  chunks: StoredChunk[];
  queries: EvalQuery[];
  qrels: ReadonlyMap<string, Judgements>;
}

/** An engine under test: build an index, then answer queries with chunk document ids. */
interface Engine {
  name: string;
  build(chunks: StoredChunk[], dir: string): Promise<(q: string) => Promise<string[]>>;
  close?(): Promise<void>;
}

const version = (name: string) =>
  (denoJson.imports as Record<string, string>)[name]?.replace(/^npm:.*@/, "") ?? "";

function sqliteEngine(): Engine {
  let close = () => Promise.resolve();
  return {
    name: "sqlite store (LoreChat)",
    async build(chunks, dir) {
      const store = openSqliteStore({ path: `${dir}/retrieval-${crypto.randomUUID()}.sqlite` });
      close = () => store.close();
      for (let i = 0; i < chunks.length; i += 1_000) await store.upsert(chunks.slice(i, i + 1_000));
      return async (q) =>
        (await store.query({ text: q, topK: DEPTH })).map((h) => h.metadata.documentId);
    },
    close: () => close(),
  };
}

function oramaEngine(): Engine {
  return {
    name: `Orama ${version("@orama/orama")}`,
    async build(chunks) {
      const db = create({
        schema: { title: "string", heading: "string", text: "string" } as const,
        components: { tokenizer: { stemming: true, language: "english" } },
      });
      await insertMultiple(
        db,
        chunks.map((c) => ({
          id: c.id,
          title: c.metadata.title,
          heading: c.metadata.heading,
          text: c.text,
          documentId: c.metadata.documentId,
        })),
        1_000,
      );
      return async (q) => {
        const result = await search(db, {
          term: q,
          properties: ["title", "heading", "text"],
          boost: { title: 3, heading: 2 },
          limit: DEPTH,
        });
        return result.hits.map((h) => (h.document as unknown as { documentId: string }).documentId);
      };
    },
  };
}

function miniSearchEngine(): Engine {
  return {
    name: `MiniSearch ${version("minisearch")}`,
    build(chunks) {
      const index = new MiniSearch<{ id: string; title: string; heading: string; text: string }>({
        fields: ["title", "heading", "text"],
        storeFields: ["documentId"],
        searchOptions: { boost: { title: 3, heading: 2 } },
      });
      index.addAll(chunks.map((c) => ({
        id: c.id,
        title: c.metadata.title,
        heading: c.metadata.heading,
        text: c.text,
        documentId: c.metadata.documentId,
      })));
      return Promise.resolve((q: string) =>
        Promise.resolve(
          index.search(q).slice(0, DEPTH).map((h) => h.documentId as string),
        )
      );
    },
  };
}

/** A dataset folder's corpus, chunked as the app chunks (1,200 chars, 150 overlap). */
async function datasetCorpus(dir: string): Promise<Corpus> {
  const dataset = await openDataset(dir);
  const chunks: StoredChunk[] = [];
  for await (const doc of dataset.documents()) {
    if (isSourceFailure(doc)) continue;
    for (
      const c of chunkMarkdown(doc.markdown, {
        size: 1200,
        overlap: 150,
        unit: "chars",
        documentId: doc.id,
        title: doc.title,
        url: doc.url,
      })
    ) {
      chunks.push({
        id: c.id,
        text: c.text,
        metadata: {
          documentId: doc.id,
          title: doc.title,
          url: doc.url,
          heading: c.heading,
          position: c.position,
          contentHash: doc.contentHash,
        },
      });
    }
  }
  return { name: dataset.name, chunks, queries: dataset.queries, qrels: dataset.qrels };
}

/** The synthetic store's chunks; each question judges the page it was written from. */
function syntheticCorpus(chunkCount: number, queryCount: number): Corpus {
  const generator = loreGenerator();
  const chunks = Array.from({ length: chunkCount }, (_, i) => generator.chunk(i));
  const queries: EvalQuery[] = [];
  const qrels = new Map<string, Judgements>();
  for (let n = 0; n < queryCount; n++) {
    const i = (n * 7_919) % chunkCount;
    queries.push({ id: `s${n}`, text: generator.question(i) });
    qrels.set(`s${n}`, new Map([[chunks[i].metadata.documentId, 1]]));
  }
  return { name: `synthetic-${chunkCount / 1000}k`, chunks, queries, qrels };
}

/** BEIR-layout folders under the shared data folder. */
async function sharedDatasets(root: string): Promise<string[]> {
  const base = `${root}/../shared/data`;
  const found: string[] = [];
  try {
    for await (const entry of Deno.readDir(base)) {
      const dir = `${base}/${entry.name}`;
      if (!entry.isDirectory) continue;
      const has = (f: string) => Deno.stat(`${dir}/${f}`).then(() => true, () => false);
      if (await has("corpus.jsonl") && await has("queries.jsonl") && await has("qrels/test.tsv")) {
        found.push(dir);
      }
    }
  } catch { /* no shared data */ }
  return found.sort();
}

interface EngineResult {
  engine: string;
  buildMs: number;
  queryMs: { p50: number; p95: number; p99: number };
  ndcg10: number;
}

async function measure(engine: Engine, corpus: Corpus, dir: string): Promise<EngineResult> {
  const judged = corpus.queries.filter((q) => isJudged(q, corpus.qrels));
  const t0 = performance.now();
  const query = await engine.build(corpus.chunks, dir);
  const buildMs = performance.now() - t0;
  try {
    for (const q of judged.slice(0, 20)) await query(q.text); // warm-up
    const scores: number[] = [];
    const times: number[] = [];
    const started = performance.now();
    // The first pass scores and times; more timed passes follow while they are cheap
    // (up to ~300 samples or 2 s), so p99 is not just the slowest query of a small set.
    for (
      let pass = 0;
      pass === 0 || (times.length < 300 && performance.now() - started < 2_000);
      pass++
    ) {
      for (const q of judged) {
        const t = performance.now();
        const ids = await query(q.text);
        times.push(performance.now() - t);
        if (pass > 0) continue;
        const ranking = documentRanking(ids.map((documentId) => ({ documentId })));
        scores.push(ndcgAt(ranking, corpus.qrels.get(q.id)!, 10));
      }
    }
    return { engine: engine.name, buildMs, queryMs: latencySummary(times), ndcg10: mean(scores) };
  } finally {
    await engine.close?.();
  }
}

async function run(ctx: BenchContext): Promise<SuiteOutcome> {
  const corpora: (() => Promise<Corpus>)[] = [
    () => datasetCorpus(`${ctx.root}/sample/lore-eval`),
    () => datasetCorpus(`${ctx.root}/tests/fixtures/beir-mini`),
    ...(await sharedDatasets(ctx.root)).map((dir) => () => datasetCorpus(dir)),
    () => Promise.resolve(syntheticCorpus(ctx.quick ? 5_000 : 20_000, 100)),
  ];
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  for (const load of corpora) {
    const corpus = await load();
    ctx.log(`retrieval: ${corpus.name}, ${corpus.chunks.length} chunks`);
    const results: EngineResult[] = [];
    for (const engine of [sqliteEngine(), oramaEngine(), miniSearchEngine()]) {
      const result = await measure(engine, corpus, ctx.tempDir);
      ctx.log(
        `  ${engine.name}: build ${result.buildMs.toFixed(0)} ms, query p50 ` +
          `${result.queryMs.p50.toFixed(2)} ms, nDCG@10 ${result.ndcg10.toFixed(3)}`,
      );
      results.push(result);
    }
    details[corpus.name] = {
      chunks: corpus.chunks.length,
      queries: corpus.queries.filter((q) => isJudged(q, corpus.qrels)).length,
      engines: results,
    };
    const [ours, ...peers] = results;
    for (const peer of peers) {
      const row = (figure: string, unit: string, a: number, b: number, better: Row["better"]) =>
        rows.push({
          figure: `${corpus.name}: ${figure}`,
          unit,
          ours: a,
          peer: peer.engine,
          peerValue: b,
          better,
        });
      row("nDCG@10", "", ours.ndcg10, peer.ndcg10, "higher");
      row("index build", "ms", ours.buildMs, peer.buildMs, "lower");
      row("query p50", "ms", ours.queryMs.p50, peer.queryMs.p50, "lower");
      row("query p99", "ms", ours.queryMs.p99, peer.queryMs.p99, "lower");
    }
  }
  return {
    rows,
    details,
    notes: [
      "Same chunks and questions for every engine; top 100 chunk hits mapped to pages. " +
      "sqlite builds a file on disk (WAL); Orama and MiniSearch build in memory. " +
      "The synthetic set judges only the page a question was written from, so its nDCG " +
      "is a lower bound.",
    ],
  };
}

/** The suite. */
export const retrievalSuite: Suite = {
  name: "retrieval",
  description: "sqlite store vs Orama and MiniSearch: build time, query p50/p99, nDCG@10",
  run,
};
