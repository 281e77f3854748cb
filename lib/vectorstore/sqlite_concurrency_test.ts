import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { openSqliteStore } from "./sqlite.ts";
import { testChunk } from "./store_contract.ts";

const chunk = testChunk;

Deno.test("sqlite readers see committed writes while another connection writes", async () => {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/shared.sqlite`;
  const writer = openSqliteStore({ path: file, dimensions: 2, lexicalEngine: "fts5" });
  const reader = openSqliteStore({ path: file, dimensions: 2, lexicalEngine: "fts5" });
  const raw = new DatabaseSync(file);
  try {
    const mode = raw.prepare("PRAGMA journal_mode").get() as { journal_mode: string };
    assert.equal(mode.journal_mode, "wal");
    await writer.upsert([chunk("a#0", "Alpha", "Alpha", "first lantern", [1, 0])]);
    assert.equal((await reader.query({ text: "lantern", topK: 5 })).length, 1);
    assert.deepEqual((await reader.query({ vector: [1, 0], topK: 5 })).map((h) => h.id), ["a#0"]);

    raw.exec("PRAGMA busy_timeout = 0");
    raw.exec("BEGIN IMMEDIATE");
    // A second writer, as another process would write (the store keeps FTS in step).
    const { lastInsertRowid } = raw.prepare(
      `INSERT INTO chunks (id, document_id, position, text, title, url, heading, content_hash)
       VALUES ('b#0', 'b', 0, 'second lantern', 'Beta', '', 'Beta', 'h')`,
    ).run();
    raw.prepare("INSERT INTO chunks_fts (rowid, title, heading, text) VALUES (?, ?, ?, ?)")
      .run(lastInsertRowid, "Beta", "Beta", "second lantern");
    // Mid-transaction: the reader is not blocked and sees only committed data.
    assert.deepEqual((await reader.query({ text: "lantern", topK: 5 })).map((h) => h.id), ["a#0"]);
    assert.equal((await reader.info()).chunks, 1);
    raw.exec("COMMIT");
    const after = await reader.query({ text: "lantern", topK: 5 });
    assert.deepEqual(after.map((h) => h.id).sort(), ["a#0", "b#0"]);

    await writer.upsert([chunk("c#0", "Gamma", "Gamma", "third", [0, 1])]);
    const dense = await reader.query({ vector: [0, 1], topK: 1 });
    assert.equal(dense[0].id, "c#0", "the reader's vector cache notices the other connection");
  } finally {
    raw.close();
    await reader.close();
    await writer.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a large vector cache reloads at most once per refresh interval", async () => {
  let clock = 0;
  const store = openSqliteStore({ path: ":memory:", dimensions: 2, now: () => clock });
  try {
    const many = Array.from(
      { length: 10_000 },
      (_, i) => chunk(`d${i}#0`, "T", "T", `word${i}`, [1, i / 10_000]),
    );
    await store.upsert(many);
    assert.equal((await store.query({ vector: [1, 0], topK: 1 }))[0].id, "d0#0");
    await store.upsert([chunk("new#0", "T", "T", "fresh", [0, 1])]);
    clock += 5_000;
    assert.notEqual((await store.query({ vector: [0, 1], topK: 1 }))[0].id, "new#0");
    assert.equal(
      (await store.query({ text: "fresh", topK: 1 }))[0].id,
      "new#0",
      "lexical is current",
    );
    clock += 5_000;
    assert.equal((await store.query({ vector: [0, 1], topK: 1 }))[0].id, "new#0");
  } finally {
    await store.close();
  }
});
