import assert from "node:assert/strict";
import { reciprocalRankFusion, RRF_K } from "./fusion.ts";

Deno.test("reciprocalRankFusion rewards items ranked well by several rankings", () => {
  const fused = reciprocalRankFusion([["a", "b", "c"], ["c", "b", "d"]]);
  // c: 1/63 + 1/61 just beats b: 1/62 + 1/62; a and d appear once each.
  assert.deepEqual(fused.map(([k]) => k), ["c", "b", "a", "d"]);
  const score = new Map(fused);
  assert.equal(score.get("b"), 2 / (RRF_K + 2));
  assert.equal(score.get("a"), 1 / (RRF_K + 1));
  assert.deepEqual(reciprocalRankFusion([]), []);
});

Deno.test("reciprocalRankFusion keeps first-seen order on ties", () => {
  assert.deepEqual(reciprocalRankFusion([["x"], ["y"]]).map(([k]) => k), ["x", "y"]);
});
