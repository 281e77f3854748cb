import assert from "node:assert/strict";
import { scorePages } from "./mod.ts";
import { loadGroundTruth, loadPublishedOutput, PUBLISHED_F1 } from "./benchmark.ts";

/** The benchmark data lives beside the repository, never inside it. */
const DATA_DIR = new URL("../../../../shared/data/extraction-benchmark/", import.meta.url).pathname;
const hasData = await Deno.stat(`${DATA_DIR}ground-truth.json`).then(() => true, () => false);
if (!hasData) {
  console.warn(`skipping published-score tests: no benchmark data at ${DATA_DIR}`);
}

for (const extractor of ["trafilatura", "readability_js"]) {
  Deno.test({
    name: `re-scoring ${extractor}'s published output reproduces its F1 of ${
      PUBLISHED_F1[extractor]
    }`,
    ignore: !hasData,
    async fn() {
      const truth = await loadGroundTruth(DATA_DIR, Deno.readFile);
      const output = await loadPublishedOutput(DATA_DIR, extractor, Deno.readFile);
      const score = scorePages(
        Object.keys(truth).map((id) => ({
          truth: truth[id].articleBody ?? "",
          prediction: output[id]?.articleBody ?? "",
        })),
      );
      assert.ok(
        Math.abs(score.f1 - PUBLISHED_F1[extractor]) < 0.001,
        `F1 ${score.f1.toFixed(4)} vs published ${PUBLISHED_F1[extractor]}`,
      );
      assert.equal(score.pages, 181);
    },
  });
}
