import assert from "node:assert/strict";
import { startFakeUpstash } from "../../tests/fakes/upstash_server.ts";
import type { StoredChunk } from "./store.ts";
import { toyVector } from "./store_contract.ts";
import { createUpstashStore } from "./upstash.ts";

const TOKEN = "upstash-scale-token";
const DIMS = 16;

function chunks(n: number): StoredChunk[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `p${Math.floor(i / 10)}#${i % 10}`,
    text: `lantern ${i}`,
    metadata: {
      documentId: `p${Math.floor(i / 10)}`,
      title: "T",
      url: "",
      heading: "T",
      position: i % 10,
      contentHash: "h",
    },
    vector: toyVector(`lantern ${i}`, DIMS),
  }));
}

Deno.test("upstash bulk upserts go in batches of at most 1,000, several at once, through 429s", async () => {
  const fake = startFakeUpstash({ token: TOKEN, dimension: DIMS });
  let inFlight = 0, mostInFlight = 0;
  const countingFetch: typeof fetch = async (input, init) => {
    inFlight++;
    mostInFlight = Math.max(mostInFlight, inFlight);
    try {
      return await fetch(input, init);
    } finally {
      inFlight--;
    }
  };
  const store = createUpstashStore({
    url: fake.url,
    token: TOKEN,
    mode: "hybrid",
    namespace: "big-wiki",
    fetch: countingFetch,
    retryDelayMs: 1,
  });
  try {
    // The first two upserts are rate limited; they must be retried, not lost.
    let limited = 0;
    fake.fail((r) => r.command.startsWith("upsert") && limited++ < 2, 429);
    await store.upsert(chunks(4_500));
    fake.fail(0);
    const upserts = fake.requests.filter((r) => r.command.startsWith("upsert"));
    const sizes = upserts.filter((r) => r.status === 200).map((r) => (r.body as unknown[]).length);
    assert.deepEqual(sizes.sort((a, b) => b - a), [1000, 1000, 1000, 1000, 500]);
    assert.equal(upserts.filter((r) => r.status === 429).length, 2);
    assert.ok(mostInFlight > 1, "batches are sent in parallel");
    assert.equal(fake.vectors("big-wiki").length, 4_500, "every chunk landed, in its namespace");
    assert.equal(fake.vectors("").length, 0);
    const vector = toyVector("lantern 7", DIMS);
    const hits = await store.query({ text: "lantern", vector, topK: 3 });
    assert.equal(hits.length, 3, "hybrid query over the bulk-loaded namespace");
  } finally {
    await store.close();
    await fake.close();
  }
});
