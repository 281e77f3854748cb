import assert from "node:assert/strict";
import { DenseIndex, vectorBytes } from "./dense_index.ts";

const rows = [
  { key: 1, documentId: "a", bytes: vectorBytes([1, 0, 0]) },
  { key: 2, documentId: "b", bytes: vectorBytes([2, 2, 0]) },
  { key: 3, documentId: "b", bytes: vectorBytes([0, 0, 5]) },
  { key: 4, documentId: "c", bytes: vectorBytes([1, 0]) },
];

Deno.test("DenseIndex ranks rows by cosine similarity", () => {
  const index = DenseIndex.build(3, rows);
  assert.equal(index.size, 3, "a row of the wrong length is skipped");
  const found = index.search([3, 0, 0], 5);
  assert.deepEqual(found.map((m) => m.key), [1, 2, 3]);
  assert.ok(Math.abs(found[0].cosine - 1) < 1e-6);
  assert.ok(Math.abs(found[1].cosine - Math.SQRT1_2) < 1e-6);
  assert.ok(Math.abs(found[2].cosine) < 1e-6);
  assert.deepEqual(index.search([3, 0, 0], 1).map((m) => m.key), [1]);
});

Deno.test("DenseIndex filters by document and rejects bad queries", () => {
  const index = DenseIndex.build(3, rows);
  assert.deepEqual(index.search([1, 0, 0], 5, ["b"]).map((m) => m.key), [2, 3]);
  assert.deepEqual(index.search([1, 0, 0], 5, ["zzz"]), []);
  assert.deepEqual(index.search([1, 0], 5), [], "wrong dimension");
  assert.deepEqual(index.search([1, 0, 0], 0), []);
});

Deno.test("DenseIndex keeps the top k of many rows", () => {
  const many = Array.from({ length: 1000 }, (_, i) => ({
    key: i,
    documentId: "d",
    bytes: vectorBytes([Math.cos(i / 1000), Math.sin(i / 1000), 0, 0, 0]),
  }));
  const index = DenseIndex.build(5, many);
  assert.deepEqual(index.search([1, 0, 0, 0, 0], 4).map((m) => m.key), [0, 1, 2, 3]);
});

Deno.test("DenseIndex gives the same answers with and without SIMD", () => {
  const many = Array.from({ length: 200 }, (_, i) => ({
    key: i,
    documentId: `d${i % 5}`,
    bytes: vectorBytes(Array.from({ length: 13 }, (_, j) => Math.sin(i * 7 + j * 3))),
  }));
  const query = Array.from({ length: 13 }, (_, j) => Math.cos(j));
  const simd = DenseIndex.build(13, many).search(query, 10, ["d1", "d3"]);
  const plain = DenseIndex.build(13, many, { simd: false }).search(query, 10, ["d1", "d3"]);
  assert.deepEqual(simd.map((m) => m.key), plain.map((m) => m.key));
  simd.forEach((m, i) => assert.ok(Math.abs(m.cosine - plain[i].cosine) < 1e-5));
});
