import assert from "node:assert/strict";
import {
  documentSparseVector,
  ftsAllOf,
  ftsAnyOf,
  MAX_QUERY_TERMS,
  querySparseVector,
  queryTerms,
  stem,
  tokenize,
} from "./terms.ts";

Deno.test("tokenize lower-cases, folds diacritics and splits on every symbol", () => {
  assert.deepEqual(tokenize('Drágón-fire: "NEAR(x*)" 🐉 Ærin\'s'), [
    "dragon",
    "fire",
    "near",
    "x",
    "ærin",
    "s",
  ]);
  assert.deepEqual(tokenize(""), []);
});

Deno.test("queryTerms drops stopwords unless nothing else is left", async (t) => {
  await t.step("content words only, first occurrence first", () => {
    assert.deepEqual(queryTerms("Who is the Queen of Emberfall, the queen?"), [
      "queen",
      "emberfall",
    ]);
  });
  await t.step("a question of stopwords keeps them", () => {
    assert.deepEqual(queryTerms("Who is he?"), ["who", "is", "he"]);
  });
  await t.step("at most MAX_QUERY_TERMS terms", () => {
    const many = Array.from({ length: 50 }, (_, i) => `word${i}`).join(" ");
    assert.equal(queryTerms(many).length, MAX_QUERY_TERMS);
  });
});

Deno.test("FTS expressions quote every term", () => {
  assert.equal(ftsAnyOf(queryTerms('"a" OR "b" AND NEAR(c)')), '"b" OR "c"');
  assert.equal(ftsAllOf(["x", "y"]), '"x" AND "y"');
  assert.equal(ftsAnyOf(['od"d']), '"od""d"');
});

Deno.test("sparse vectors hash stemmed content terms in ascending index order", () => {
  const doc = documentSparseVector("Dragons guard the dragon hoard; dragons sleep.");
  assert.equal(doc.indices.length, 4, "dragon, guard, hoard, sleep");
  assert.deepEqual(doc.indices, [...doc.indices].sort((a, b) => a - b));
  assert.ok(doc.indices.every((i) => Number.isInteger(i) && i >= 0 && i < 2 ** 31));
  const query = querySparseVector("Where do the dragons sleep?");
  assert.ok(query.values.every((v) => v === 1));
  const shared = query.indices.filter((i) => doc.indices.includes(i));
  assert.equal(shared.length, 2);
  const tf = new Map(doc.indices.map((i, k) => [i, doc.values[k]]));
  const dragon = querySparseVector("dragon").indices[0];
  const sleep = querySparseVector("sleep").indices[0];
  assert.ok(tf.get(dragon)! > tf.get(sleep)!, "three dragons weigh more than one sleep");
  assert.deepEqual(documentSparseVector("the of and"), { indices: [], values: [] });
});

Deno.test("stem folds plural and verb endings", () => {
  const cases: [string, string][] = [
    ["dragons", "dragon"],
    ["stories", "story"],
    ["glasses", "glass"],
    ["glass", "glass"],
    ["sailing", "sail"],
    ["guarded", "guard"],
    ["bus", "bus"],
    ["is", "is"],
    ["2020s", "2020s"],
  ];
  for (const [word, want] of cases) assert.equal(stem(word), want, word);
});
