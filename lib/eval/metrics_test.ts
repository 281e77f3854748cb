import assert from "node:assert/strict";
import {
  documentRanking,
  latencySummary,
  mean,
  ndcgAt,
  percentile,
  recallAt,
  reciprocalRankAt,
} from "./metrics.ts";

const judged = new Map([["a", 2], ["b", 1], ["c", 1], ["d", 1], ["z", 0]]);
const ranked = ["a", "x", "b", "y", "c"];
const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} ≠ ${expected}`);

Deno.test("ndcgAt uses linear gains and the ideal order of every judged document", async (t) => {
  await t.step("cut at 5: (2 + 1/log2 4 + 1/log2 6) / (2 + 1/log2 3 + 1/2 + 1/log2 5)", () => {
    close(ndcgAt(ranked, judged, 5), 0.8105479816216159);
  });
  await t.step("cut at 3 counts only the first three ranks", () => {
    close(ndcgAt(ranked, judged, 3), 0.7984848580994974);
  });
  await t.step("the ideal ranking scores 1 and an empty one 0", () => {
    assert.equal(ndcgAt(["a", "b", "c", "d"], judged, 10), 1);
    assert.equal(ndcgAt([], judged, 10), 0);
  });
  await t.step("a repeated document counts once", () => {
    close(ndcgAt(["a", "a", "x", "b", "y", "c"], judged, 5), 0.8105479816216159);
  });
  await t.step("a query with no relevant document scores 0", () => {
    assert.equal(ndcgAt(["z"], new Map([["z", 0]]), 10), 0);
  });
});

Deno.test("recallAt is the share of relevant documents in the first k", () => {
  assert.equal(recallAt(ranked, judged, 3), 0.5);
  assert.equal(recallAt(ranked, judged, 5), 0.75);
  assert.equal(recallAt(["z", "x"], judged, 10), 0, "a grade of 0 is not relevant");
  assert.equal(recallAt(["a", "a", "b"], judged, 2), 0.5, "duplicates take one place");
});

Deno.test("reciprocalRankAt is 1 / rank of the first relevant document within k", () => {
  assert.equal(reciprocalRankAt(ranked, judged, 10), 1);
  assert.equal(reciprocalRankAt(["x", "y", "b"], judged, 3), 1 / 3);
  assert.equal(reciprocalRankAt(["x", "y", "b"], judged, 2), 0);
  assert.equal(reciprocalRankAt(["z", "c"], judged, 10), 0.5);
});

Deno.test("percentile interpolates between the nearest ranks", async (t) => {
  await t.step("odd and even counts", () => {
    assert.equal(percentile([50, 10, 40, 20, 30], 50), 30);
    assert.equal(percentile([10, 20, 30, 40, 50], 95), 48);
    assert.equal(percentile([4, 1, 3, 2], 50), 2.5);
  });
  await t.step("p99 of 1..100 is 99.01", () => {
    close(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 99), 99.01);
  });
  await t.step("the extremes and an empty set", () => {
    assert.equal(percentile([3, 1, 2], 0), 1);
    assert.equal(percentile([3, 1, 2], 100), 3);
    assert.ok(Number.isNaN(percentile([], 50)));
  });
  await t.step("latencySummary gives p50, p95 and p99 without reordering its input", () => {
    const samples = [5, 1, 4, 2, 3];
    assert.deepEqual(latencySummary(samples), { p50: 3, p95: 4.8, p99: 4.96 });
    assert.deepEqual(samples, [5, 1, 4, 2, 3]);
  });
});

Deno.test("documentRanking keeps each document at the rank of its first chunk", () => {
  const hits = ["b", "a", "b", "c", "a"].map((documentId) => ({ documentId }));
  assert.deepEqual(documentRanking(hits), ["b", "a", "c"]);
  assert.equal(mean([]), 0);
  assert.equal(mean([1, 2, 3, 6]), 3);
});
