/**
 * The postings index against the FTS5 path it replaces, on the lore question set through
 * the chat's own retrieval: it must rank as well and put the same page first for nearly
 * every question (the two differ only in stemming — FTS5's Porter stemmer against the
 * shared term rules — and in what counts towards a chunk's length).
 */
import assert from "node:assert/strict";
import { createNoEmbedder } from "../lib/embeddings/mod.ts";
import { openDataset, runEvaluation } from "../lib/eval/mod.ts";
import { openSqliteStore } from "../lib/vectorstore/mod.ts";

const root = new URL("..", import.meta.url).pathname;

async function evaluate(lexicalEngine: "postings" | "fts5") {
  const dataset = await openDataset(`${root}sample/lore-eval`);
  const store = openSqliteStore({ path: ":memory:", lexicalEngine });
  try {
    return await runEvaluation({
      dataset,
      store,
      embedder: createNoEmbedder(),
      chunkOptions: { size: 1200, overlap: 150, unit: "chars" },
      retrieval: { topK: 6, maxPerPage: 2, minScore: 0 },
    });
  } finally {
    await store.close();
  }
}

Deno.test("the postings index ranks the lore questions as well as FTS5 did", async () => {
  const postings = await evaluate("postings");
  const fts5 = await evaluate("fts5");
  assert.ok(
    postings.metrics.ndcg >= fts5.metrics.ndcg - 0.005,
    `nDCG@10 postings ${postings.metrics.ndcg} vs FTS5 ${fts5.metrics.ndcg}`,
  );
  const firstOf = new Map(fts5.outcomes.map((o) => [o.id, o.top[0]]));
  const same = postings.outcomes.filter((o) => o.top[0] === firstOf.get(o.id)).length;
  assert.ok(same / postings.outcomes.length >= 0.85, `same first page for ${same} questions`);
});
