import assert from "node:assert/strict";
import { parseConfig } from "../config/mod.ts";
import { startFakeUpstash } from "../../tests/fakes/upstash_server.ts";
import { createVectorStore, SQLITE_FILE, VectorStoreError } from "./mod.ts";

Deno.test("createVectorStore opens sqlite under DATA_DIR by default", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const store = createVectorStore(parseConfig({ DATA_DIR: `${dir}/data` }));
    try {
      assert.equal(store.kind, "sqlite");
      assert.ok((await Deno.stat(`${dir}/data/${SQLITE_FILE}`)).isFile);
      assert.equal((await store.info()).dimensions, null);
    } finally {
      await store.close();
    }
    const embedded = createVectorStore(
      parseConfig({ DATA_DIR: `${dir}/data`, EMBEDDINGS_PROVIDER: "bedrock" }),
    );
    try {
      assert.equal((await embedded.info()).dimensions, 512, "EMBEDDINGS_DIMENSIONS by default");
      await embedded.upsert([{
        id: "a#0",
        text: "alpha",
        vector: new Array(512).fill(0.5),
        metadata: {
          documentId: "a",
          title: "A",
          url: "",
          heading: "",
          position: 0,
          contentHash: "",
        },
      }]);
    } finally {
      await embedded.close();
    }
    assert.throws(
      () => createVectorStore(parseConfig({ DATA_DIR: `${dir}/data` }), { dimensions: 3 }),
      (e) => e instanceof VectorStoreError && e.kind === "invalid",
      "the embedder changed under stored vectors",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("createVectorStore builds Upstash from config with the injected fetch", async () => {
  const token = "factory-token-9876";
  const fake = startFakeUpstash({ token, dimension: 4 });
  const seen: string[] = [];
  const recordingFetch: typeof fetch = (input, init) => {
    seen.push(String(input instanceof Request ? input.url : input));
    return fetch(input, init);
  };
  try {
    const config = parseConfig({
      VECTOR_STORE: "upstash",
      UPSTASH_VECTOR_REST_URL: fake.url,
      UPSTASH_VECTOR_REST_TOKEN: token,
      UPSTASH_VECTOR_NAMESPACE: "lore",
      UPSTASH_VECTOR_MODE: "dense",
    });
    const store = createVectorStore(config, { fetch: recordingFetch, dimensions: 4 });
    assert.equal(store.kind, "upstash");
    await store.ping();
    await store.upsert([{
      id: "a#0",
      text: "alpha",
      vector: [1, 0, 0, 0],
      metadata: {
        documentId: "a",
        title: "A",
        url: "",
        heading: "A",
        position: 0,
        contentHash: "h",
      },
    }]);
    assert.deepEqual(seen, [`${fake.url}/info`, `${fake.url}/upsert/lore`]);
    assert.equal(fake.vectors("lore").length, 1);
    await store.close();
  } finally {
    await fake.close();
  }
});
