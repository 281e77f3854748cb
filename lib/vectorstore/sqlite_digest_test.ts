import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { chunkWordDigest, readWordDigest } from "../text/mod.ts";
import { openSqliteStore } from "./sqlite.ts";
import type { StoredChunk } from "./store.ts";

const chunk = (id: string, text: string, lang = "en"): StoredChunk => ({
  id,
  text,
  metadata: {
    documentId: id.split("#")[0],
    title: "The Salt Crown",
    url: "",
    heading: "The Salt Crown › History",
    position: 0,
    contentHash: `hash-${id}`,
    lang,
  },
});

async function withDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "lorechat-digest-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("the sqlite store keeps each chunk's word digest and returns it with hits", async () => {
  const store = openSqliteStore({ path: ":memory:" });
  try {
    const salt = chunk("a#0", "The Salt Crown was forged in Skarrow's salt-pans.");
    await store.upsert([salt, chunk("b#0", "Der Wurm frisst Salz unter dem Glasmeer.", "de")]);
    const [hit] = await store.query({ text: "salt crown forged", topK: 1 });
    assert.equal(hit.id, "a#0");
    const { title, heading } = salt.metadata;
    assert.equal(hit.wordDigest, chunkWordDigest({ title, heading, text: salt.text, lang: "en" }));
    const [wurm] = await store.query({ text: "Wurm Glasmeer", topK: 1 });
    assert.ok(
      readWordDigest(wurm.wordDigest!, "de", wurm.text)?.flags.has("glasmeer"),
      "made in German",
    );
  } finally {
    await store.close();
  }
});

Deno.test("a digest that came with the chunk is kept as given; a rewrite replaces it", async () => {
  const store = openSqliteStore({ path: ":memory:" });
  try {
    const given = chunkWordDigest({ title: "x", heading: "", text: "made elsewhere", lang: "en" })!;
    await store.upsert([{ ...chunk("a#0", "salt crown"), wordDigest: given }]);
    assert.equal((await store.query({ text: "salt", topK: 1 }))[0].wordDigest, given);
    const again = chunk("a#0", "iron crown");
    await store.upsert([again]);
    const [hit] = await store.query({ text: "iron", topK: 1 });
    const { title, heading } = again.metadata;
    assert.equal(
      hit.wordDigest,
      chunkWordDigest({ title, heading, text: "iron crown", lang: "en" }),
    );
  } finally {
    await store.close();
  }
});

Deno.test("a store written before digests were kept still serves, read-only or migrated", async () => {
  await withDir(async (dir) => {
    const path = `${dir}/old.sqlite`;
    const store = openSqliteStore({ path });
    await store.upsert([chunk("a#0", "The Salt Crown was forged in the salt-pans.")]);
    await store.close();
    // What an older LoreChat wrote: the chunks table without the column.
    const db = new DatabaseSync(path);
    db.exec("ALTER TABLE chunks DROP COLUMN word_digest");
    db.close();

    const reader = openSqliteStore({ path, readOnly: true });
    try {
      const [hit] = await reader.query({ text: "salt crown", topK: 1 });
      assert.equal(hit.id, "a#0");
      assert.equal(hit.wordDigest, undefined, "no digest: the turn analyzes the text");
    } finally {
      await reader.close();
    }

    const writer = openSqliteStore({ path });
    try {
      await writer.upsert([chunk("b#0", "Iron was forged beside the salt.")]);
      const hits = await writer.query({ text: "forged", topK: 5 });
      const digests = new Map(hits.map((h) => [h.id, h.wordDigest]));
      assert.equal(digests.get("a#0"), undefined, "an old chunk keeps no digest");
      assert.ok(digests.get("b#0"), "a chunk written since has one");
    } finally {
      await writer.close();
    }
  });
});
