/**
 * `deno task eval` end to end on the beir-mini fixture: the corpus goes through the real
 * ingestion into a fresh sqlite store and every judged query through the chat's
 * retrieval; the metrics must land where a working lexical retriever puts them.
 */
import assert from "node:assert/strict";
import { createNoEmbedder } from "../lib/embeddings/mod.ts";
import { openDataset, reportJson, runEvaluation } from "../lib/eval/mod.ts";
import { openSqliteStore } from "../lib/vectorstore/mod.ts";

const root = new URL("..", import.meta.url).pathname;
const fixture = `${root}tests/fixtures/beir-mini`;

Deno.test("eval on the beir-mini fixture scores the chat's retrieval", async (t) => {
  const dataset = await openDataset(fixture);
  const store = openSqliteStore({ path: ":memory:" });
  try {
    const report = await runEvaluation({
      dataset,
      store,
      embedder: createNoEmbedder(),
      chunkOptions: { size: 1200, overlap: 150, unit: "chars" },
      retrieval: { topK: 6, maxPerPage: 2, minScore: 0 },
    });
    await t.step("every document is indexed and only judged queries are scored", () => {
      assert.equal(dataset.layout, "beir");
      assert.equal(report.documents, 30);
      assert.equal(report.failedDocuments, 0);
      assert.equal(report.queriesTotal, 12);
      assert.equal(report.metrics.queries, 11, "m12 has no relevant page");
    });
    await t.step("the metrics are in the range a working retriever reaches", () => {
      const m = report.metrics;
      assert.ok(m.ndcg > 0.5, `nDCG@10 ${m.ndcg}`);
      assert.ok(m.recall > 0.8, `Recall@10 ${m.recall}`);
      assert.ok(m.mrr > 0.7, `MRR@10 ${m.mrr}`);
      assert.ok(m.recallDeep >= m.recall, "recall@100 is never below recall@10");
      assert.ok(m.contextRecall !== null && m.contextRecall <= m.recallDeep);
      assert.ok(m.latencyMs.p50 > 0 && m.latencyMs.p50 <= m.latencyMs.p99);
    });
    await t.step("a direct lookup finds its page first", () => {
      const m3 = report.outcomes.find((o) => o.id === "m3")!;
      assert.equal(m3.top[0], "pilots-guild");
      assert.equal(m3.reciprocalRank, 1);
    });
    await t.step("--json carries the documented keys", () => {
      const json = reportJson(report);
      for (const key of ["ndcg@10", "recall@10", "recall@100", "mrr@10", "documents", "queries"]) {
        assert.equal(typeof json[key], "number", key);
      }
      assert.deepEqual(Object.keys(json.latency_ms as object), ["p50", "p95", "p99"]);
    });
  } finally {
    await store.close();
  }
});

Deno.test("eval opens the lore layout: pages from the sibling folder, ids from file names", async () => {
  const dataset = await openDataset(`${root}sample/lore-eval`);
  assert.equal(dataset.layout, "lore");
  assert.match(dataset.corpus, /sample\/lore$/);
  const ids: string[] = [];
  for await (const entry of dataset.documents()) ids.push(entry.id);
  assert.equal(ids.length, 51);
  const judged = new Set([...dataset.qrels.values()].flatMap((j) => [...j.keys()]));
  assert.deepEqual([...judged].filter((id) => !ids.includes(id)), [], "every judged page exists");
});

Deno.test("deno task eval --json prints one object and exits 0", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${root}scripts/eval.ts`, "--dataset", fixture, "--json", "--k", "5"],
    env: { LOG_LEVEL: "error" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
  const json = JSON.parse(new TextDecoder().decode(out.stdout));
  assert.equal(json.documents, 30);
  assert.ok(json["ndcg@5"] > 0.5);
  assert.ok("recall@100" in json && "mrr@5" in json);
});
