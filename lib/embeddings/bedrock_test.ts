import assert from "node:assert/strict";
import { startFakeBedrock } from "../../tests/fakes/bedrock_server.ts";
import { fakeVector } from "../../tests/fakes/fake_vectors.ts";
import { createBedrockEmbedder } from "./bedrock.ts";
import { EmbeddingError } from "./embedder.ts";

const credentials = { accessKeyId: "AKIAFAKEFAKEFAKE0000", secretAccessKey: "fake" };
const MODEL = "amazon.titan-embed-text-v2:0";

function embedder(url: string, dimensions: number, extra = {}) {
  return createBedrockEmbedder({
    region: "us-east-1",
    modelId: MODEL,
    dimensions,
    endpoint: url,
    credentials,
    concurrency: 3,
    sleep: () => Promise.resolve(),
    ...extra,
  });
}

Deno.test("Titan v2 embeddings come back unit length at 256, 512 and 1024 dimensions", async (t) => {
  const fake = await startFakeBedrock();
  try {
    for (const dimensions of [256, 512, 1024]) {
      await t.step(`${dimensions} dimensions`, async () => {
        const [vector] = await embedder(fake.url, dimensions).embedDocuments(["The Reach"]);
        assert.equal(vector.length, dimensions);
        assert.ok(Math.abs(Math.hypot(...vector) - 1) < 1e-9);
        const request = fake.requests.at(-1)!;
        assert.equal(request.path, `/model/${encodeURIComponent(MODEL)}/invoke`);
        assert.equal(request.modelId, MODEL);
        assert.deepEqual(request.body, { inputText: "The Reach", dimensions, normalize: true });
        assert.match(request.authorization ?? "", /Credential=AKIAFAKEFAKEFAKE0000\//);
      });
    }
  } finally {
    await fake.close();
  }
});

Deno.test("Titan embeddings send one text per call and keep input order", async () => {
  const fake = await startFakeBedrock();
  try {
    const texts = Array.from({ length: 9 }, (_, i) => `chunk ${i} of the Saltmarch`);
    const vectors = await embedder(fake.url, 256).embedDocuments(texts);
    assert.equal(fake.requests.length, texts.length);
    vectors.forEach((v, i) => {
      const expected = fakeVector(texts[i], 256, { normalize: true });
      assert.ok(Math.abs(v[7] - expected[7]) < 1e-9, `vector ${i} matches its text`);
    });
    assert.deepEqual(await embedder(fake.url, 256).embedQuery(texts[4]), vectors[4]);
  } finally {
    await fake.close();
  }
});

Deno.test("Titan throttling is retried, other failures are typed", async (t) => {
  const fake = await startFakeBedrock({ invoke: ["throttle", "throttle", "ok", "denied"] });
  try {
    await t.step("ThrottlingException twice, then a vector", async () => {
      const [vector] = await embedder(fake.url, 512).embedDocuments(["wyrm"]);
      assert.equal(vector.length, 512);
      assert.equal(fake.requests.length, 3);
    });
    await t.step("AccessDeniedException is auth, not retried", async () => {
      await assert.rejects(
        embedder(fake.url, 512).embedDocuments(["wyrm"]),
        (e: EmbeddingError) => e.kind === "auth",
      );
      assert.equal(fake.requests.length, 4);
    });
  } finally {
    await fake.close();
  }
});

Deno.test("a size Titan v2 lacks is refused up front", () => {
  assert.throws(
    () => embedder("http://127.0.0.1:9", 1536),
    (e: EmbeddingError) => e.kind === "invalid" && /256, 512, 1024/.test(e.message),
  );
});
