import assert from "node:assert/strict";
import { DenseIndex, type DenseRow, vectorBytes } from "./dense_index.ts";
import { IvfIndex } from "./ivf_index.ts";

/** Clustered unit-ish vectors: `clusters` random centres, points scattered around them. */
function clustered(n: number, dims: number, clusters: number, seed = 5): DenseRow[] {
  let s = seed;
  const gauss = () => {
    s = (Math.imul(s, 48271) % 0x7fffffff) & 0x7fffffff;
    const u = (s + 1) / 0x80000000;
    s = (Math.imul(s, 48271) % 0x7fffffff) & 0x7fffffff;
    const w = (s + 1) / 0x80000000;
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w);
  };
  const centres = Array.from({ length: clusters }, () => Array.from({ length: dims }, gauss));
  return Array.from({ length: n }, (_, i) => {
    const c = centres[i % clusters];
    const v = c.map((x) => x + 0.6 * gauss());
    return { key: i + 1, documentId: `doc${i % 97}`, bytes: vectorBytes(v) };
  });
}

Deno.test("IVF search finds ≥ 95% of the exact top 10 on clustered vectors", () => {
  const dims = 64;
  const rows = clustered(6000, dims, 40);
  const exact = DenseIndex.build(dims, rows);
  const ivf = IvfIndex.build(dims, () => rows, { lists: 64, probes: 8 });
  assert.equal(ivf.size, 6000);
  const queries = clustered(50, dims, 40, 99);
  let found = 0;
  for (const q of queries) {
    const v = Array.from(new Float32Array(q.bytes.buffer));
    const want = new Set(exact.search(v, 10).map((m) => m.key));
    found += ivf.search(v, 10).filter((m) => want.has(m.key)).length;
  }
  const recall = found / (queries.length * 10);
  assert.ok(recall >= 0.95, `recall@10 ${recall}`);
});

Deno.test("IVF search honours a document filter and ignores malformed rows", () => {
  const dims = 16;
  const rows = clustered(2000, dims, 10);
  rows.push({ key: 99_999, documentId: "bad", bytes: new Uint8Array(3) });
  const ivf = IvfIndex.build(dims, () => rows, { lists: 16 });
  assert.equal(ivf.size, 2000);
  const q = Array.from(new Float32Array(rows[5].bytes.buffer));
  assert.equal(ivf.search(q, 1)[0].key, rows[5].key, "a stored vector finds itself");
  const hits = ivf.search(q, 5, ["doc3"]);
  assert.equal(hits.length, 5);
  assert.ok(hits.every((h) => (h.key - 1) % 97 === 3));
  assert.deepEqual(ivf.search(q, 5, ["nobody"]), []);
  assert.deepEqual(ivf.search([1, 2], 5), [], "wrong dimension");
});

Deno.test("the sqlite store answers dense and hybrid queries through IVF when large", async () => {
  const { openSqliteStore } = await import("./sqlite.ts");
  const { testChunk } = await import("./store_contract.ts");
  const dims = 16;
  const rows = clustered(1200, dims, 12);
  const store = openSqliteStore({
    path: ":memory:",
    dimensions: dims,
    annMinVectors: 1000,
    ann: { lists: 16, probes: 4 },
  });
  try {
    const vectorOf = (r: DenseRow) => Array.from(new Float32Array(r.bytes.buffer));
    await store.upsert(
      rows.map((r, i) =>
        testChunk(`d${i}#0`, `Page ${i}`, `Page ${i}`, i === 7 ? "the lantern" : "x", vectorOf(r))
      ),
    );
    const dense = await store.query({ vector: vectorOf(rows[42]), topK: 3 });
    assert.equal(dense[0].id, "d42#0");
    assert.ok(dense[0].score > 0.99, "dense-only hits score (1 + cosine) / 2");
    const hybrid = await store.query({ text: "lantern", vector: vectorOf(rows[42]), topK: 2 });
    assert.deepEqual(hybrid.map((h) => h.id).sort(), ["d42#0", "d7#0"], "both rankings fused");
  } finally {
    await store.close();
  }
});
