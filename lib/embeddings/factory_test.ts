import assert from "node:assert/strict";
import { parseConfig } from "../config/mod.ts";
import { startFakeBedrock } from "../../tests/fakes/bedrock_server.ts";
import { startFakeOpenAi } from "../../tests/fakes/openai_server.ts";
import { createEmbedder } from "./factory.ts";

Deno.test("EMBEDDINGS_PROVIDER=none gives no vectors", async () => {
  const embedder = createEmbedder(parseConfig({}));
  assert.equal(embedder.kind, "none");
  assert.equal(embedder.dimensions, null);
  assert.deepEqual(await embedder.embedDocuments(["a", "b"]), [[], []]);
  assert.equal(await embedder.embedQuery("a"), null);
});

Deno.test("EMBEDDINGS_PROVIDER=openai batches by EMBEDDINGS_BATCH_SIZE", async () => {
  const fake = await startFakeOpenAi();
  try {
    const embedder = createEmbedder(parseConfig({
      EMBEDDINGS_PROVIDER: "openai",
      EMBEDDINGS_DIMENSIONS: "1536",
      EMBEDDINGS_BATCH_SIZE: "3",
      OPENAI_BASE_URL: fake.url,
      OPENAI_EMBEDDING_MODEL: "text-embedding-3-large",
    }));
    const vectors = await embedder.embedDocuments(["a", "b", "c", "d", "e", "f", "g"]);
    assert.equal(vectors.length, 7);
    assert.ok(vectors.every((v) => v.length === 1536));
    assert.equal(fake.requests.length, 3);
    assert.equal((fake.requests[0].body as { model: string }).model, "text-embedding-3-large");
  } finally {
    await fake.close();
  }
});

Deno.test("EMBEDDINGS_PROVIDER=bedrock calls Titan at the configured size", async () => {
  const fake = await startFakeBedrock();
  try {
    const embedder = createEmbedder(parseConfig({
      EMBEDDINGS_PROVIDER: "bedrock",
      EMBEDDINGS_DIMENSIONS: "1024",
      BEDROCK_ENDPOINT_URL: fake.url,
      AWS_ACCESS_KEY_ID: "AKIAFAKEFAKEFAKE0000",
      AWS_SECRET_ACCESS_KEY: "fake",
    }));
    assert.equal(embedder.kind, "bedrock");
    const vector = await embedder.embedQuery("Hallowmere");
    assert.equal(vector?.length, 1024);
    assert.equal(fake.requests[0].modelId, "amazon.titan-embed-text-v2:0");
  } finally {
    await fake.close();
  }
});
