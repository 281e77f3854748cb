import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { ANALYZER_VERSION } from "../text/mod.ts";
import { openSqliteStore } from "./sqlite.ts";
import { testChunk } from "./store_contract.ts";

const CHUNKS = [
  testChunk("shirasagi#0", "白鷺城", "白鷺城", "白鷺城は灰暦412年に月岡玄斎によって建てられた。"),
  testChunk("falkenstein#0", "Burg Falkenstein", "Burg", "Die Burg wurde von Ulrich erbaut."),
  testChunk("varrow#0", "Varrow", "Varrow", "Queen Maelis rules the city of Varrow."),
];

async function topId(path: string, question: string): Promise<string | undefined> {
  const store = openSqliteStore({ path });
  try {
    return (await store.query({ text: question, topK: 1 }))[0]?.id;
  } finally {
    await store.close();
  }
}

Deno.test("the sqlite index matches questions in the language of each page", async () => {
  const store = openSqliteStore({ path: ":memory:" });
  try {
    await store.upsert(CHUNKS);
    const top = async (q: string) => (await store.query({ text: q, topK: 1 }))[0]?.id;
    assert.equal(await top("白鷺城を建てたのは誰ですか？"), "shirasagi#0");
    assert.equal(await top("Wer hat die Burgen erbaut?"), "falkenstein#0");
    assert.equal(await top("Who is the ruler of Varrow?"), "varrow#0");
    const [hit] = await store.query({ text: "白鷺城", topK: 1 });
    assert.equal(hit.metadata.lang, "ja", "the detected language is kept with the chunk");
  } finally {
    await store.close();
  }
});

Deno.test("a store indexed by another analyzer version is re-indexed on open", async () => {
  const dir = await Deno.makeTempDir({ prefix: "lorechat-analyzer-" });
  const path = `${dir}/store.sqlite`;
  try {
    const store = openSqliteStore({ path });
    await store.upsert(CHUNKS);
    await store.close();
    // Simulate an index built by an older analyzer: other terms, another version.
    const db = new DatabaseSync(path);
    db.exec("DELETE FROM chunks_fts");
    db.exec(
      "INSERT INTO chunks_fts (rowid, title, heading, text) SELECT seq, 'x', 'x', 'x' FROM chunks",
    );
    db.prepare("UPDATE meta SET value = ? WHERE key = 'analyzer_version'").run("old-analyzer");
    db.close();
    assert.equal(await topId(path, "白鷺城を建てたのは誰ですか？"), "shirasagi#0");
    const check = new DatabaseSync(path);
    const row = check.prepare("SELECT value FROM meta WHERE key = 'analyzer_version'").get() as {
      value: string;
    };
    check.close();
    assert.equal(row.value, ANALYZER_VERSION);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the same analyzer version leaves the index alone", async () => {
  const dir = await Deno.makeTempDir({ prefix: "lorechat-analyzer-" });
  const path = `${dir}/store.sqlite`;
  try {
    const store = openSqliteStore({ path });
    await store.upsert(CHUNKS);
    await store.close();
    const db = new DatabaseSync(path);
    db.exec("DELETE FROM chunks_fts"); // a current version is trusted, not rebuilt
    db.close();
    assert.equal(await topId(path, "白鷺城を建てたのは誰ですか？"), undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
