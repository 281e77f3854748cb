import assert from "node:assert/strict";
import { statSync } from "node:fs";
import { openSqliteStore } from "./sqlite.ts";
import { sqliteStoreOptions } from "./options.ts";
import type { StoredChunk } from "./store.ts";

const WORDS = ["salt", "crown", "skarrow", "glass", "sea", "wurm", "ashen", "knight", "tower"];

/** Forty chunks of a few hundred distinct postings in all. */
function chunks(): StoredChunk[] {
  return Array.from({ length: 40 }, (_, i) => ({
    id: `page-${i % 8}#${i}`,
    text: `Chapter ${i}: the ${WORDS[i % WORDS.length]} and the ${
      WORDS[(i * 5) % WORDS.length]
    } met at marker${i} beside the ${WORDS[(i * 7) % WORDS.length]}.`,
    metadata: {
      documentId: `page-${i % 8}`,
      title: `Page ${i % 8}`,
      url: "",
      heading: `Page ${i % 8} › Part ${i}`,
      position: i,
      contentHash: `hash-${i}`,
      lang: "en",
    },
  }));
}

async function withDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "lorechat-delta-cap-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Ids and relevance of the store's hits for a few questions, after writing `chunks()`. */
async function writeAndAsk(path: string, maxDeltaPostings?: number) {
  const store = openSqliteStore({ path, ...(maxDeltaPostings ? { maxDeltaPostings } : {}) });
  try {
    for (const chunk of chunks()) await store.upsert([chunk]);
    const fileBytes = statSync(`${path}.postings`).size;
    const answers = [];
    for (const text of ["salt crown", "ashen knight tower", "marker17", "glass sea wurm"]) {
      const hits = await store.query({ text, topK: 5 });
      answers.push(hits.map((h) => [h.id, h.score.toFixed(9)]));
    }
    return { fileBytes, answers };
  } finally {
    await store.close();
  }
}

Deno.test("a small delta cap merges the postings delta to its file early, with the same answers", async () => {
  await withDir(async (dir) => {
    const capped = await writeAndAsk(`${dir}/capped.sqlite`, 50);
    const usual = await writeAndAsk(`${dir}/usual.sqlite`);
    // The capped writer merged its postings into the file; the usual one holds them in
    // its delta, its file still the empty segment written on open.
    assert.ok(
      capped.fileBytes > usual.fileBytes + 500,
      `${capped.fileBytes} vs ${usual.fileBytes}`,
    );
    assert.deepEqual(capped.answers, usual.answers);
    assert.ok(capped.answers.every((a) => a.length > 0));
  });
});

Deno.test("sqliteStoreOptions passes the delta cap on only when given", () => {
  const config = { DATA_DIR: "/tmp/x/", EMBEDDINGS_PROVIDER: "none" } as Parameters<
    typeof sqliteStoreOptions
  >[0];
  assert.equal(sqliteStoreOptions(config).maxDeltaPostings, undefined);
  assert.equal(sqliteStoreOptions(config, { maxDeltaPostings: 1234 }).maxDeltaPostings, 1234);
});
