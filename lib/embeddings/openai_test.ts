import assert from "node:assert/strict";
import { fakeVector } from "../../tests/fakes/fake_vectors.ts";
import { startFakeOpenAi } from "../../tests/fakes/openai_server.ts";
import { EmbeddingError } from "./embedder.ts";
import { createOpenAiEmbedder } from "./openai.ts";

const KEY = "sk-embed-test-key-123456";
const texts = Array.from({ length: 10 }, (_, i) => `Passage ${i} about the Reach.`);
const instant = { sleep: () => Promise.resolve() };

function norm(v: number[]): number {
  return Math.hypot(...v);
}

Deno.test("OpenAI embeddings are batched, ordered, sized and unit length", async () => {
  const fake = await startFakeOpenAi({ embeddingScale: 7 });
  try {
    const embedder = createOpenAiEmbedder({
      model: "text-embedding-3-small",
      dimensions: 256,
      apiKey: KEY,
      baseURL: fake.url,
      batchSize: 4,
      concurrency: 2,
    });
    assert.equal(embedder.kind, "openai");
    assert.equal(embedder.dimensions, 256);
    const vectors = await embedder.embedDocuments(texts);
    assert.equal(fake.requests.length, Math.ceil(texts.length / 4));
    assert.deepEqual(
      fake.requests.map((r) => (r.body as { input: string[] }).input.length).sort(),
      [2, 4, 4],
    );
    for (const r of fake.requests) {
      assert.equal((r.body as { dimensions: number }).dimensions, 256);
      assert.equal((r.body as { model: string }).model, "text-embedding-3-small");
    }
    assert.equal(vectors.length, texts.length);
    vectors.forEach((v, i) => {
      assert.equal(v.length, 256);
      assert.ok(Math.abs(norm(v) - 1) < 1e-9, "unit length despite the server's scale");
      const expected = fakeVector(texts[i], 256, { normalize: true });
      assert.ok(Math.abs(v[0] - expected[0]) < 1e-9 && Math.abs(v[255] - expected[255]) < 1e-9);
    });
    const query = await embedder.embedQuery(texts[3]);
    assert.deepEqual(query, vectors[3]);
  } finally {
    await fake.close();
  }
});

Deno.test("OpenAI embeddings never have more requests in flight than the concurrency", async () => {
  const fake = await startFakeOpenAi();
  let inFlight = 0;
  let peak = 0;
  const countingFetch: typeof fetch = async (input, init) => {
    peak = Math.max(peak, ++inFlight);
    try {
      await new Promise((r) => setTimeout(r, 10));
      return await fetch(input, init);
    } finally {
      inFlight--;
    }
  };
  try {
    const embedder = createOpenAiEmbedder({
      model: "m",
      dimensions: 64,
      baseURL: fake.url,
      fetch: countingFetch,
      batchSize: 1,
      concurrency: 3,
    });
    await embedder.embedDocuments(texts);
    assert.equal(fake.requests.length, 10);
    assert.equal(peak, 3);
  } finally {
    await fake.close();
  }
});

Deno.test("OpenAI embedding throttling is retried with backoff", async () => {
  const fake = await startFakeOpenAi({ embeddings: ["429", "503", "ok"] });
  try {
    const sleeps: number[] = [];
    const embedder = createOpenAiEmbedder({
      model: "m",
      dimensions: 32,
      baseURL: fake.url,
      batchSize: 100,
      sleep: (ms) => (sleeps.push(ms), Promise.resolve()),
      random: () => 0,
    });
    const vectors = await embedder.embedDocuments(["a", "b"]);
    assert.equal(vectors.length, 2);
    assert.equal(fake.requests.length, 3);
    assert.deepEqual(sleeps, [250, 500]);
  } finally {
    await fake.close();
  }
});

Deno.test("OpenAI embedding failures are typed and never show the key", async (t) => {
  const fake = await startFakeOpenAi({ apiKey: "sk-the-right-one-000", embeddings: [] });
  try {
    await t.step("a wrong key is auth, not retried", async () => {
      const embedder = createOpenAiEmbedder({
        model: "m",
        dimensions: 8,
        apiKey: KEY,
        baseURL: fake.url,
        ...instant,
      });
      await assert.rejects(embedder.embedDocuments(["x"]), (e: EmbeddingError) => {
        assert.equal(e.kind, "auth");
        assert.ok(!e.message.includes(KEY), e.message);
        return true;
      });
      assert.equal(fake.requests.length, 1);
    });
    await t.step("a vector of the wrong size is invalid", async () => {
      const embedder = createOpenAiEmbedder({
        model: "m",
        dimensions: 8,
        apiKey: "sk-the-right-one-000",
        baseURL: fake.url,
        fetch: async (input, init) => {
          const body = JSON.parse(String(init?.body));
          return await fetch(input, { ...init, body: JSON.stringify({ ...body, dimensions: 4 }) });
        },
      });
      await assert.rejects(embedder.embedQuery("x"), (e: EmbeddingError) => e.kind === "invalid");
    });
  } finally {
    await fake.close();
  }
});
