import assert from "node:assert/strict";
import { documentSparseVector, querySparseVector } from "./sparse_vector.ts";
import { ftsAllOf, ftsAnyOf } from "./fts_query.ts";
import { queryTerms } from "../text/mod.ts";

Deno.test("FTS expressions quote every term", () => {
  assert.equal(ftsAnyOf(queryTerms('"a" OR "b" AND NEAR(c)', { lang: "en" })), '"b" OR "c"');
  assert.equal(ftsAllOf(["x", "y"]), '"x" AND "y"');
  assert.equal(ftsAnyOf(['od"d']), '"od""d"');
});

Deno.test("sparse vectors hash stemmed content terms in ascending index order", () => {
  const doc = documentSparseVector("Dragons guard the dragon hoard; dragons sleep.", "en");
  assert.equal(doc.indices.length, 4, "dragon, guard, hoard, sleep");
  assert.deepEqual(doc.indices, [...doc.indices].sort((a, b) => a - b));
  assert.ok(doc.indices.every((i) => Number.isInteger(i) && i >= 0 && i < 2 ** 31));
  const query = querySparseVector("Where do the dragons sleep?");
  assert.ok(query.values.every((v) => v === 1));
  const shared = query.indices.filter((i) => doc.indices.includes(i));
  assert.equal(shared.length, 2);
  const tf = new Map(doc.indices.map((i, k) => [i, doc.values[k]]));
  const dragon = querySparseVector("dragon", ["en"]).indices[0];
  const sleep = querySparseVector("sleep", ["en"]).indices[0];
  assert.ok(tf.get(dragon)! > tf.get(sleep)!, "three dragons weigh more than one sleep");
  assert.deepEqual(documentSparseVector("the of and", "en"), { indices: [], values: [] });
});

Deno.test("sparse vectors of Japanese pages meet Japanese questions", () => {
  const doc = documentSparseVector("白鷺城は灰暦412年に建てられた白い城である。", "ja");
  const query = querySparseVector("白鷺城を建てたのは誰ですか？");
  assert.ok(query.indices.some((i) => doc.indices.includes(i)));
});
