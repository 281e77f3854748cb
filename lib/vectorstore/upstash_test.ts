import assert from "node:assert/strict";
import { startFakeUpstash } from "../../tests/fakes/upstash_server.ts";
import { runStoreContract, toyVector } from "./store_contract.ts";
import { createUpstashStore, type UpstashMode } from "./upstash.ts";
import { type StoredChunk, VectorStoreError } from "./store.ts";

const TOKEN = "upstash-secret-token-42";
const DIMS = 256;

function chunk(documentId: string, position: number, text: string, vector = true): StoredChunk {
  const c: StoredChunk = {
    id: `${documentId}#${position}`,
    text,
    metadata: {
      documentId,
      title: documentId,
      url: "",
      heading: documentId,
      position,
      contentHash: "h",
    },
  };
  if (vector) c.vector = toyVector(text, DIMS);
  return c;
}

for (const mode of ["dense", "hybrid", "hosted"] as UpstashMode[]) {
  Deno.test(`upstash store (${mode}) meets the store contract against the fake`, async (t) => {
    const fake = startFakeUpstash({
      token: TOKEN,
      dimension: DIMS,
      hostedEmbedding: mode === "hosted",
    });
    let n = 0;
    try {
      await runStoreContract(t, {
        // A fresh namespace per step keeps steps independent on one server.
        open: () =>
          Promise.resolve(
            createUpstashStore({ url: fake.url, token: TOKEN, mode, namespace: `c${n++}` }),
          ),
        dimensions: DIMS,
      });
    } finally {
      await fake.close();
    }
  });
}

Deno.test("upstash store keeps namespaces apart", async () => {
  const fake = startFakeUpstash({ token: TOKEN, dimension: DIMS });
  const lore = createUpstashStore({
    url: fake.url,
    token: TOKEN,
    mode: "dense",
    namespace: "lore",
  });
  const other = createUpstashStore({
    url: fake.url,
    token: TOKEN,
    mode: "dense",
    namespace: "other",
  });
  try {
    await lore.upsert([chunk("emberfall", 0, "the ember crown")]);
    await lore.putDocument({
      documentId: "emberfall",
      contentHash: "h",
      title: "Emberfall",
      url: "",
      chunkIds: ["emberfall#0"],
      indexedAt: "2025-01-01T00:00:00.000Z",
    });
    assert.deepEqual(await other.query({ vector: toyVector("ember crown", DIMS), topK: 3 }), []);
    assert.equal((await other.info()).chunks, 0);
    assert.deepEqual(await other.listDocuments(), []);
    await other.reset();
    assert.equal((await lore.info()).chunks, 1);
    assert.equal((await lore.info()).documents, 1);
    assert.deepEqual(fake.vectors("lore").map((v) => v.id), ["emberfall#0"]);
    assert.deepEqual(fake.vectors("lore__docs").map((v) => v.id).sort(), [
      "__lorechat_meta__",
      "emberfall",
    ]);
    const stored = fake.vectors("lore")[0];
    assert.equal(stored.data, "the ember crown");
    assert.deepEqual(stored.metadata, chunk("emberfall", 0, "").metadata);
  } finally {
    await fake.close();
  }
});

Deno.test("upstash hybrid mode sends sparse vectors and fuses by RRF", async () => {
  const fake = startFakeUpstash({ token: TOKEN, dimension: DIMS });
  const store = createUpstashStore({ url: fake.url, token: TOKEN, mode: "hybrid" });
  try {
    await store.upsert([
      chunk("emberfall", 0, "Queen Maren wears the ember crown"),
      chunk("market", 0, "Glassblowers sell obsidian lanterns"),
      chunk("forest", 0, "The glasswood forest hums"),
    ]);
    assert.ok(fake.vectors().every((v) => v.sparseVector && v.sparseVector.indices.length > 0));
    // The dense side points at the forest; the words point at the lanterns.
    const hits = await store.query({
      text: "obsidian lanterns",
      vector: toyVector("glasswood forest hums", DIMS),
      topK: 2,
    });
    assert.deepEqual(hits.map((h) => h.id).sort(), ["forest#0", "market#0"]);
    const sent = fake.requests.findLast((r) => r.command === "query")?.body as Record<
      string,
      unknown
    >;
    assert.equal(sent.fusionAlgorithm, "RRF");
    assert.equal(sent.weightingStrategy, "IDF");
    assert.ok(sent.sparseVector && sent.vector);
    const wordsOnly = await store.query({ text: "obsidian lanterns", topK: 1 });
    assert.equal(wordsOnly[0].id, "market#0");
  } finally {
    await fake.close();
  }
});

Deno.test("upstash hosted mode sends text for Upstash to embed", async () => {
  const fake = startFakeUpstash({ token: TOKEN, dimension: DIMS, hostedEmbedding: true });
  const store = createUpstashStore({ url: fake.url, token: TOKEN, mode: "hosted" });
  try {
    await store.upsert([chunk("emberfall", 0, "Queen Maren wears the ember crown", false)]);
    assert.equal(fake.requests.at(-1)?.command, "upsert-data");
    const hits = await store.query({ text: "Who wears the ember crown?", topK: 1 });
    assert.equal(fake.requests.at(-1)?.command, "query-data");
    assert.equal(hits[0].text, "Queen Maren wears the ember crown");
    assert.equal((await store.info()).dimensions, DIMS);
  } finally {
    await fake.close();
  }
});

Deno.test("upstash dense mode needs vectors", async () => {
  const fake = startFakeUpstash({ token: TOKEN, dimension: DIMS });
  const store = createUpstashStore({ url: fake.url, token: TOKEN, mode: "dense" });
  try {
    const invalid = (e: unknown) => e instanceof VectorStoreError && e.kind === "invalid";
    await assert.rejects(store.upsert([chunk("a", 0, "text", false)]), invalid);
    await assert.rejects(store.query({ text: "text", topK: 1 }), invalid);
    await assert.rejects(store.query({ vector: [1, 0], topK: 1 }), invalid);
    assert.equal(fake.requests.filter((r) => r.command === "upsert").length, 0);
  } finally {
    await fake.close();
  }
});

Deno.test("upstash store filters documents whose ids need quoting", async () => {
  const fake = startFakeUpstash({ token: TOKEN, dimension: DIMS });
  const store = createUpstashStore({ url: fake.url, token: TOKEN, mode: "dense" });
  try {
    const ids = ["bob's notes", `the "quoted" page`, `both ' and "`, "plain"];
    await store.upsert(ids.map((id) => chunk(id, 0, `lantern lore of ${id}`)));
    for (const id of ids) {
      const hits = await store.query({
        vector: toyVector("lantern", DIMS),
        topK: 5,
        documentIds: [id],
      });
      assert.deepEqual(hits.map((h) => h.metadata.documentId), [id]);
    }
    const two = await store.query({
      vector: toyVector("lantern", DIMS),
      topK: 5,
      documentIds: ["plain", "bob's notes"],
    });
    assert.deepEqual(two.map((h) => h.metadata.documentId).sort(), ["bob's notes", "plain"]);
    assert.equal(await store.deleteDocument(`both ' and "`), 1, "found by scanning metadata");
    assert.equal((await store.info()).chunks, ids.length - 1);
  } finally {
    await fake.close();
  }
});

Deno.test("upstash failures become VectorStoreErrors without the token", async (t) => {
  const fake = startFakeUpstash({ token: TOKEN, dimension: DIMS });
  const leaks = (e: unknown) =>
    [String(e), (e as Error).message, Deno.inspect(e, { depth: 10 })].some((s) =>
      s.includes(TOKEN)
    );
  try {
    await t.step("a wrong token is a 401, reported as unavailable", async () => {
      const store = createUpstashStore({ url: fake.url, token: `${TOKEN}-wrong`, mode: "dense" });
      const error = await store.info().catch((e) => e);
      assert.ok(error instanceof VectorStoreError);
      assert.equal(error.kind, "unavailable");
      assert.match(error.message, /401/);
      assert.ok(!leaks(error) && !error.message.includes(`${TOKEN}-wrong`));
      await assert.rejects(store.ping(), VectorStoreError);
    });
    await t.step("a rejected request is invalid", async () => {
      const store = createUpstashStore({ url: fake.url, token: TOKEN, mode: "dense" });
      const error = await store.upsert([{ ...chunk("a", 0, "x"), vector: [1, 2, 3] }]).catch((e) =>
        e
      );
      assert.ok(error instanceof VectorStoreError && error.kind === "invalid");
      assert.match(error.message, /dimension/);
      assert.ok(!leaks(error));
    });
    await t.step("transient failures are retried", async () => {
      const store = createUpstashStore({
        url: fake.url,
        token: TOKEN,
        mode: "dense",
        retryDelayMs: 1,
      });
      fake.fail(2, 503);
      await store.upsert([chunk("a", 0, "retried")]);
      assert.equal((await store.info()).chunks, 1);
      fake.fail(10, 500);
      const error = await store.ping().catch((e) => e);
      assert.ok(error instanceof VectorStoreError && error.kind === "unavailable");
      fake.fail(0);
    });
    await t.step("an unreachable server is unavailable", async () => {
      const closed = startFakeUpstash({ token: TOKEN });
      const url = closed.url;
      await closed.close();
      const store = createUpstashStore({ url, token: TOKEN, mode: "dense", retryDelayMs: 1 });
      const error = await store.query({ vector: [1], topK: 1 }).catch((e) => e);
      assert.ok(error instanceof VectorStoreError && error.kind === "unavailable");
      assert.ok(!leaks(error));
    });
    await t.step("a caller's abort rejects with its reason", async () => {
      const store = createUpstashStore({ url: fake.url, token: TOKEN, mode: "dense" });
      const controller = new AbortController();
      controller.abort(new Error("caller gave up"));
      await assert.rejects(store.info(controller.signal), /caller gave up/);
    });
  } finally {
    await fake.close();
  }
});
