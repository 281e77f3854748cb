import assert from "node:assert/strict";
import { FusionAlgorithm, Index, WeightingStrategy } from "@upstash/vector";
import { hashEmbed, startFakeUpstash } from "./upstash_server.ts";

const TOKEN = "fake-token-123456";

/** The official client, configured as an application would (its own HTTP client). */
function client(url: string, token = TOKEN) {
  return new Index({ url, token, retry: false, enableTelemetry: false });
}

Deno.test("fake Upstash speaks the REST protocol the official client uses", async (t) => {
  const fake = startFakeUpstash({ token: TOKEN, dimension: 3 });
  const index = client(fake.url);
  try {
    await t.step("upsert and query by cosine, with metadata and data", async () => {
      // The service stores `data` beside a vector; the SDK's types only allow it alone.
      const withData = { id: "a", vector: [1, 0, 0], metadata: { documentId: "x" }, data: "alpha" };
      assert.equal(
        await index.upsert([
          withData as Omit<typeof withData, "data">,
          { id: "b", vector: [0, 1, 0], metadata: { documentId: "y" } },
          { id: "c", vector: [1, 1, 0], metadata: { documentId: "y" } },
        ]),
        "Success",
      );
      const hits = await index.query({
        vector: [1, 0, 0],
        topK: 2,
        includeMetadata: true,
        includeData: true,
      });
      assert.deepEqual(hits.map((h) => h.id), ["a", "c"]);
      assert.equal(hits[0].score, 1);
      assert.ok(Math.abs(hits[1].score - (1 + Math.SQRT1_2) / 2) < 1e-9);
      assert.deepEqual(hits[0].metadata, { documentId: "x" });
      assert.equal(hits[0].data, "alpha");
      const bare = await index.query({ vector: [1, 0, 0], topK: 1 });
      assert.equal(bare[0].metadata, undefined);
      assert.equal(fake.requests.at(-1)?.command, "query");
    });

    await t.step("metadata filters restrict queries and deletes", async () => {
      const hits = await index.query({ vector: [1, 0, 0], topK: 5, filter: "documentId IN ('y')" });
      assert.deepEqual(hits.map((h) => h.id).sort(), ["b", "c"]);
      assert.deepEqual(await index.delete({ filter: "documentId = 'y'" }), { deleted: 2 });
      assert.deepEqual(await index.fetch(["a", "b"]), [{ id: "a" }, null]);
    });

    await t.step("fetch, range and delete by id and prefix", async () => {
      await index.upsert([1, 2, 3].map((i) => ({ id: `p#${i}`, vector: [0, 0, i] })));
      const fetched = await index.fetch({ prefix: "p#" }, { includeVectors: true });
      assert.deepEqual(fetched.map((v) => v?.vector), [[0, 0, 1], [0, 0, 2], [0, 0, 3]]);
      const first = await index.range({ cursor: 0, limit: 2 });
      assert.equal(first.vectors.length, 2);
      const second = await index.range({ cursor: first.nextCursor, limit: 2 });
      assert.equal(second.vectors.length, 2);
      assert.equal(second.nextCursor, "");
      assert.deepEqual(await index.delete(["p#1", "nope"]), { deleted: 1 });
      assert.deepEqual(await index.delete({ prefix: "p#" }), { deleted: 2 });
    });

    await t.step("namespaces are isolated and reported by info", async () => {
      await index.namespace("lore").upsert({ id: "n1", vector: [1, 0, 0] });
      assert.deepEqual(await index.namespace("other").fetch(["n1"]), [null]);
      const info = await index.info();
      assert.equal(info.dimension, 3);
      assert.equal(info.namespaces["lore"].vectorCount, 1);
      assert.equal(info.namespaces[""].vectorCount, 1);
      assert.deepEqual((await index.listNamespaces()).sort(), ["", "lore", "other"]);
      await index.namespace("lore").reset();
      assert.equal((await index.info()).namespaces["lore"].vectorCount, 0);
      assert.equal(fake.requests.at(-2)?.namespace, "lore");
    });

    await t.step("errors come back as the service sends them", async () => {
      await assert.rejects(index.upsert({ id: "bad", vector: [1, 0] }), /Invalid vector dimension/);
      await assert.rejects(index.query({ data: "text", topK: 1 }), /Embedding data/);
      await assert.rejects(client(fake.url, "wrong").info(), /Unauthorized/);
      assert.equal(fake.requests.at(-1)?.status, 401);
    });

    await t.step("injected failures fail requests without changing data", async () => {
      fake.fail(1, 503);
      await assert.rejects(index.upsert({ id: "z", vector: [1, 0, 0] }), /Injected failure/);
      assert.deepEqual(await index.fetch(["z"]), [null]);
      fake.fail((r) => r.command === "info");
      await assert.rejects(index.info(), /Injected failure/);
      assert.deepEqual(await index.fetch(["z"]), [null]);
      fake.fail(0);
      assert.equal((await index.info()).dimension, 3);
    });
  } finally {
    await fake.close();
  }
});

Deno.test("fake Upstash ranks sparse vectors by dot product and fuses hybrid queries by RRF", async () => {
  const fake = startFakeUpstash({ token: TOKEN, dimension: 2 });
  const index = client(fake.url);
  try {
    await index.upsert([
      { id: "a", vector: [1, 0], sparseVector: { indices: [1, 2], values: [1, 1] } },
      { id: "b", vector: [0.6, 0.8], sparseVector: { indices: [2], values: [3] } },
      { id: "c", vector: [0, 1], sparseVector: { indices: [1, 7], values: [1, 1] } },
      { id: "d", vector: [0.8, 0.6], sparseVector: { indices: [9], values: [1] } },
    ]);
    const sparse = await index.query({ sparseVector: { indices: [2], values: [1] }, topK: 5 });
    assert.deepEqual(sparse.map((h) => [h.id, h.score]), [["b", 3], ["a", 1]]);
    // Term 1 is in half the vectors, term 9 in one: IDF favours term 9.
    const idf = await index.query({
      sparseVector: { indices: [1, 9], values: [1, 1] },
      weightingStrategy: WeightingStrategy.IDF,
      topK: 1,
    });
    assert.equal(idf[0].id, "d");
    const hybrid = await index.query({
      vector: [1, 0],
      sparseVector: { indices: [2], values: [1] },
      fusionAlgorithm: FusionAlgorithm.RRF,
      topK: 4,
    });
    // Dense: a, d, b, c. Sparse: b, a. RRF: a (1st+2nd), b (3rd+1st), d, c.
    assert.deepEqual(hybrid.map((h) => h.id), ["a", "b", "d", "c"]);
    assert.ok(Math.abs(hybrid[0].score - (1 / 61 + 1 / 62)) < 1e-12);
  } finally {
    await fake.close();
  }
});

Deno.test("fake Upstash with hosted embedding embeds data deterministically", async () => {
  const fake = startFakeUpstash({ token: TOKEN, dimension: 32, hostedEmbedding: true });
  const index = client(fake.url);
  try {
    await index.upsert([
      { id: "crown", data: "the ember crown of queen maren", metadata: { k: 1 } },
      { id: "bell", data: "the drowned bell of tidewatch harbour" },
    ]);
    assert.equal(fake.requests.at(-1)?.command, "upsert-data");
    assert.deepEqual(
      fake.vectors().find((v) => v.id === "crown")?.vector,
      hashEmbed("the ember crown of queen maren", 32),
    );
    const hits = await index.query({ data: "Queen Maren's crown", topK: 2, includeData: true });
    assert.equal(hits[0].id, "crown");
    assert.equal(hits[0].data, "the ember crown of queen maren");
    assert.equal(fake.requests.at(-1)?.command, "query-data");
  } finally {
    await fake.close();
  }
});
