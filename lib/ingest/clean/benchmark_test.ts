import assert from "node:assert/strict";
import { cleanHtml } from "./mod.ts";
import { markdownToPlainText, scorePages } from "../score/mod.ts";
import { loadBenchmarkPages } from "../score/benchmark.ts";

/** The benchmark data lives beside the repository, never inside it. */
const DATA_DIR = new URL("../../../../shared/data/extraction-benchmark/", import.meta.url).pathname;
const hasData = await Deno.stat(`${DATA_DIR}ground-truth.json`).then(() => true, () => false);
if (!hasData) console.warn(`skipping the extraction benchmark test: no data at ${DATA_DIR}`);

Deno.test({
  name: "cleanHtml scores at least 0.95 F1 on the article extraction benchmark",
  ignore: !hasData,
  async fn() {
    const pages = await loadBenchmarkPages(DATA_DIR, Deno.readFile);
    const scored = [];
    for (const page of pages) {
      const doc = await cleanHtml(page.html, { url: page.url });
      scored.push({ truth: page.truth, prediction: markdownToPlainText(doc.markdown) });
    }
    const score = scorePages(scored);
    assert.equal(score.pages, 181);
    assert.ok(score.f1 >= 0.95, `F1 ${score.f1.toFixed(4)}`);
  },
});
