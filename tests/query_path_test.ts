/**
 * The sqlite store's lexical query path analyses each question once, caches titles'
 * terms and reads the candidate rows once; these tests hold it to the path it replaced:
 * for every question of the lore set (and of the multilingual set, whose pages carry
 * other languages), the store's top 20 — ids, order and scores — equals the one
 * computed step by step the earlier way (the question analysed for the store, analysed
 * again for the index, rows read back and spread, every candidate's title analysed).
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { createNoEmbedder } from "../lib/embeddings/mod.ts";
import { openDataset, runEvaluation } from "../lib/eval/mod.ts";
import { multilingualQueryTerms } from "../lib/text/mod.ts";
import { openSqliteStore, type QueryHit } from "../lib/vectorstore/mod.ts";
import { PostingsIndex } from "../lib/vectorstore/postings_index.ts";
import {
  boostNamedPages,
  rowMetadata,
  Searcher,
  squashRelevance,
  TITLE_BOOST,
} from "../lib/vectorstore/sqlite_search.ts";
import { analyzeQuery, DEFAULT_ANALYZER } from "../lib/vectorstore/term_analyzer.ts";

const root = new URL("..", import.meta.url).pathname;

/** The lexical top `topK` as the store computed it before (main at 7fa1e00). */
function earlierPath(db: DatabaseSync, index: PostingsIndex, text: string, topK: number) {
  const meta = db.prepare("SELECT value FROM meta WHERE key = 'languages'").get() as
    | { value: string }
    | undefined;
  const langs = meta ? JSON.parse(meta.value) as string[] : [];
  if (multilingualQueryTerms(text, langs).length === 0) return [];
  const terms = analyzeQuery(DEFAULT_ANALYZER, text, langs);
  if (terms.length === 0) return [];
  const matches = index.search(terms, topK + TITLE_BOOST.extra);
  const relevance = new Map(matches.map((m) => [m.seq, m.relevance]));
  const rows = new Searcher(db).rowsBySeq(matches.map((m) => m.seq))
    .map((row) => ({ ...row, relevance: relevance.get(row.seq)! }));
  return boostNamedPages(rows, terms).slice(0, topK).map((r) => ({
    id: r.id,
    text: r.text,
    metadata: rowMetadata(r),
    score: squashRelevance(r.relevance ?? 0),
    // The word digest the store keeps with the row (since the serving branch).
    ...(r.word_digest ? { wordDigest: r.word_digest } : {}),
  }));
}

const plain = (hits: QueryHit[]) => hits.map((h) => ({ ...h, metadata: { ...h.metadata } }));

async function compareOn(dataset: string, extraQuestions: string[] = []) {
  const dir = await Deno.makeTempDir({ prefix: "query-path-" });
  const path = `${dir}/store.sqlite`;
  try {
    const data = await openDataset(`${root}sample/${dataset}`);
    const store = openSqliteStore({ path });
    try {
      await runEvaluation({
        dataset: data,
        store,
        embedder: createNoEmbedder(),
        chunkOptions: { size: 1200, overlap: 150, unit: "chars" },
        retrieval: { topK: 6, maxPerPage: 2, minScore: 0 },
      });
      const db = new DatabaseSync(path, { readOnly: true });
      try {
        const index = new PostingsIndex({
          db,
          file: null,
          analyzer: DEFAULT_ANALYZER,
          readOnly: true,
        });
        const questions = [...data.queries.map((q) => q.text), ...extraQuestions];
        // Twice: the second round answers from the title cache.
        for (const round of [1, 2]) {
          for (const text of questions) {
            const got = await store.query({ text, topK: 20 });
            assert.deepEqual(
              plain(got),
              earlierPath(db, index, text, 20),
              `round ${round}: ${text}`,
            );
          }
        }
        return questions.length;
      } finally {
        db.close();
      }
    } finally {
      await store.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("the lexical query path ranks the lore questions exactly as before", async () => {
  const asked = await compareOn("lore-eval", [
    "Who is he?",
    "the of and",
    "",
    "Orrun Reach",
    "???",
  ]);
  assert.ok(asked > 80);
});

Deno.test("the lexical query path ranks the multilingual lore questions exactly as before", async () => {
  const asked = await compareOn("lore-eval-multilingual");
  assert.ok(asked > 10);
});

Deno.test("a question of stopwords only is still fused with dense search, as before", async () => {
  const store = openSqliteStore({ path: ":memory:", dimensions: 2 });
  try {
    const meta = (documentId: string) => ({
      documentId,
      title: documentId,
      url: "",
      heading: documentId,
      position: 0,
      contentHash: "h",
    });
    await store.upsert([
      { id: "a#0", text: "The ember crown.", metadata: meta("a"), vector: [1, 0] },
      { id: "b#0", text: "The salt road.", metadata: meta("b"), vector: [0, 1] },
    ]);
    // Fused: reciprocal-rank scores (1 / (60 + rank)), not dense-only cosine scores.
    const stopwords = await store.query({ text: "Who is the?", vector: [1, 0], topK: 2 });
    assert.deepEqual(stopwords.map((h) => [h.id, h.score]), [["a#0", 1 / 61], ["b#0", 1 / 62]]);
    const dense = await store.query({ vector: [1, 0], topK: 2 });
    assert.deepEqual(dense.map((h) => [h.id, h.score]), [["a#0", 1], ["b#0", 0.5]]);
    assert.deepEqual(await store.query({ text: "Who is the?", topK: 2 }), []);
  } finally {
    await store.close();
  }
});
