import assert from "node:assert/strict";
import { aggregateScores, matchShingles, shingleCounts, tokenize } from "./mod.ts";

Deno.test("tokenize splits on anything that is not a Unicode word character", () => {
  assert.deepEqual(tokenize("Hello, wörld! snake_case 42x — naïve café"), [
    "Hello",
    "wörld",
    "snake_case",
    "42x",
    "naïve",
    "café",
  ]);
  assert.deepEqual(tokenize("日本語のテキスト。次の文"), ["日本語のテキスト", "次の文"]);
  assert.deepEqual(tokenize("  ...  "), []);
});

Deno.test("shingleCounts makes overlapping 4-token shingles, counted", async (t) => {
  await t.step("five tokens give two shingles", () => {
    assert.deepEqual([...shingleCounts("a b c d e")], [["a b c d", 1], ["b c d e", 1]]);
  });
  await t.step("repeats are counted", () => {
    assert.equal(shingleCounts("x y z w x y z w x y z w").get("x y z w"), 3);
  });
  await t.step("fewer than four tokens give one shingle of them all", () => {
    assert.deepEqual([...shingleCounts("a b")], [["a b", 1]]);
  });
  await t.step("no tokens give no shingles", () => {
    assert.equal(shingleCounts("!!").size, 0);
  });
});

Deno.test("matchShingles counts multiset overlap and normalises by the total", async (t) => {
  await t.step("identical texts are all true positives", () => {
    assert.deepEqual(matchShingles("a b c d e", "a b c d e"), { tp: 1, fp: 0, fn: 0 });
  });
  await t.step("a prediction missing the last token", () => {
    // truth: {abcd, bcde}; prediction: {abcd} → tp 1, fn 1 → halves.
    assert.deepEqual(matchShingles("a b c d e", "a b c d"), { tp: 0.5, fp: 0, fn: 0.5 });
  });
  await t.step("an extra token adds a false positive", () => {
    // truth {abcd}; prediction {abcd, bcde}.
    assert.deepEqual(matchShingles("a b c d", "a b c d e"), { tp: 0.5, fp: 0.5, fn: 0 });
  });
  await t.step("multisets: a shingle predicted twice but true once", () => {
    const counts = matchShingles("p q r s", "p q r s p q r s");
    // prediction shingles: pqrs×2, qrsp, rspq, spqr → tp 1, fp 4.
    assert.deepEqual(counts, { tp: 1 / 5, fp: 4 / 5, fn: 0 });
  });
  await t.step("nothing predicted", () => {
    assert.deepEqual(matchShingles("a b c d", ""), { tp: 0, fp: 0, fn: 1 });
  });
  await t.step("both empty", () => {
    assert.deepEqual(matchShingles("", ""), { tp: 0, fp: 0, fn: 0 });
  });
});

Deno.test("aggregateScores averages per page and takes F1 of the means", () => {
  const score = aggregateScores([
    { tp: 0.5, fp: 0, fn: 0.5 }, // precision 1, recall 0.5
    { tp: 0.5, fp: 0.5, fn: 0 }, // precision 0.5, recall 1
    { tp: 0, fp: 0, fn: 1 }, // nothing predicted: no precision, recall 0
  ]);
  assert.equal(score.precision, 0.75);
  assert.equal(score.recall, 0.5);
  assert.equal(score.f1, (2 * 0.75 * 0.5) / 1.25);
  assert.equal(score.pages, 3);
});
