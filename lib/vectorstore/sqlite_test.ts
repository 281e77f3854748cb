import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { openSqliteStore } from "./sqlite.ts";
import { NEW_FILE_PAGE_SIZE } from "./sqlite_schema.ts";
import { runStoreContract, testChunk } from "./store_contract.ts";
import { VectorStoreError } from "./store.ts";

const chunk = testChunk;

Deno.test("sqlite store meets the store contract without vectors", async (t) => {
  await runStoreContract(t, {
    open: () => Promise.resolve(openSqliteStore({ path: ":memory:" })),
    dimensions: null,
  });
});

Deno.test("sqlite store meets the store contract with vectors", async (t) => {
  await runStoreContract(t, {
    open: () => Promise.resolve(openSqliteStore({ path: ":memory:", dimensions: 256 })),
    dimensions: 256,
  });
});

Deno.test("sqlite store refuses vectors of the wrong dimension", async (t) => {
  const path = await Deno.makeTempDir();
  try {
    const file = `${path}/dims.sqlite`;
    const store = openSqliteStore({ path: file, dimensions: 3 });
    await t.step("on upsert", async () => {
      await store.upsert([chunk("a#0", "A", "A", "alpha", [1, 0, 0])]);
      await assert.rejects(
        store.upsert([chunk("b#0", "B", "B", "beta", [1, 0])]),
        (e) => e instanceof VectorStoreError && e.kind === "invalid",
      );
    });
    await t.step("on query", async () => {
      await assert.rejects(
        store.query({ vector: [1, 0], topK: 1 }),
        (e) => e instanceof VectorStoreError && e.kind === "invalid",
      );
    });
    await store.close();
    await t.step("on reopening with another embedder", () => {
      assert.throws(
        () => openSqliteStore({ path: file, dimensions: 4 }),
        (e) =>
          e instanceof VectorStoreError && e.kind === "invalid" && /3-dimension/.test(e.message),
      );
    });
  } finally {
    await Deno.remove(path, { recursive: true });
  }
});

Deno.test("sqlite upsert is all or nothing", async () => {
  const store = openSqliteStore({ path: ":memory:" });
  try {
    const bad = chunk("c#0", "C", "C", "gamma");
    (bad.metadata as unknown as Record<string, unknown>).position = { not: "a number" };
    await assert.rejects(
      store.upsert([chunk("a#0", "A", "A", "alpha"), chunk("b#0", "B", "B", "beta"), bad]),
      VectorStoreError,
    );
    assert.equal((await store.info()).chunks, 0);
    assert.deepEqual(await store.query({ text: "alpha", topK: 1 }), []);
  } finally {
    await store.close();
  }
});

Deno.test("sqlite store persists across reopening and creates its directory", async () => {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/nested/data/lorechat.sqlite`;
  try {
    const first = openSqliteStore({ path: file, dimensions: 2 });
    await first.upsert([chunk("a#0", "Alpha", "Alpha", "a lantern of glass", [1, 0])]);
    await first.putDocument({
      documentId: "a",
      contentHash: "h",
      title: "Alpha",
      url: "",
      chunkIds: ["a#0"],
      indexedAt: "2025-05-05T00:00:00.000Z",
    });
    await first.close();
    const second = openSqliteStore({ path: file, dimensions: 2 });
    try {
      assert.equal((await second.query({ text: "lantern", topK: 1 }))[0].id, "a#0");
      assert.equal((await second.query({ vector: [1, 0], topK: 1 }))[0].id, "a#0");
      assert.deepEqual((await second.getDocument("a"))?.chunkIds, ["a#0"]);
      const info = await second.info();
      assert.deepEqual(
        [info.chunks, info.documents, info.dimensions, info.lastIndexedAt],
        [1, 1, 2, "2025-05-05T00:00:00.000Z"],
      );
    } finally {
      await second.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a new store file gets large pages; a file that exists keeps its own", async () => {
  const dir = await Deno.makeTempDir();
  const pageSize = (file: string) => {
    const db = new DatabaseSync(file, { readOnly: true });
    try {
      return (db.prepare("PRAGMA page_size").get() as { page_size: number }).page_size;
    } finally {
      db.close();
    }
  };
  const roundTrip = async (file: string) => {
    const store = openSqliteStore({ path: file });
    try {
      await store.upsert([chunk("a#0", "Alpha", "Alpha", "a lantern of glass")]);
      assert.equal((await store.query({ text: "lantern", topK: 1 }))[0].id, "a#0");
    } finally {
      await store.close();
    }
  };
  try {
    const fresh = `${dir}/fresh.sqlite`;
    await roundTrip(fresh);
    assert.equal(pageSize(fresh), NEW_FILE_PAGE_SIZE);
    // A store made before, with SQLite's 4 KiB pages, in WAL mode already.
    const old = `${dir}/old.sqlite`;
    const db = new DatabaseSync(old);
    db.exec("PRAGMA page_size = 4096; PRAGMA journal_mode = WAL; CREATE TABLE t (x)");
    db.close();
    await roundTrip(old);
    await roundTrip(old);
    assert.equal(pageSize(old), 4096);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("sqlite store reports closed and aborted calls", async (t) => {
  const store = openSqliteStore({ path: ":memory:" });
  await t.step("an aborted signal rejects with its reason", async () => {
    const controller = new AbortController();
    controller.abort(new Error("gone"));
    await assert.rejects(
      store.query({ text: "x", topK: 1, signal: controller.signal }),
      /gone/,
    );
  });
  await store.close();
  await t.step("a closed store is unavailable", async () => {
    await assert.rejects(
      store.ping(),
      (e) => e instanceof VectorStoreError && e.kind === "unavailable",
    );
  });
});

Deno.test("the FTS index stays in step with the chunks through every write", async () => {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/fts.sqlite`;
  const store = openSqliteStore({ path: file, lexicalEngine: "fts5" });
  const raw = new DatabaseSync(file);
  const check = () =>
    raw.prepare("INSERT INTO chunks_fts (chunks_fts, rank) VALUES ('integrity-check', 1)").run();
  const ids = async (text: string) => (await store.query({ text, topK: 10 })).map((h) => h.id);
  try {
    await store.upsert([
      chunk("a#0", "Ash", "Ash", "the ember crown"),
      chunk("a#1", "Ash", "Ash › Market", "obsidian lanterns"),
      chunk("b#0", "Bell", "Bell", "the drowned bell"),
    ]);
    check();
    await store.upsert([chunk("a#0", "Ash", "Ash", "the ember crown")]);
    check();
    assert.deepEqual(await ids("ember"), ["a#0"], "re-upserting the same text adds nothing");
    await store.upsert([chunk("a#0", "Ash", "Ash", "the silver crown")]);
    check();
    assert.deepEqual(await ids("ember"), []);
    assert.deepEqual(await ids("silver"), ["a#0"]);
    await store.upsert([chunk("a#0", "Cinder", "Cinder", "the silver crown")]);
    assert.deepEqual(await ids("ash"), ["a#1"], "a changed title is re-indexed");
    await store.deleteIds(["a#1", "missing"]);
    check();
    assert.deepEqual(await ids("obsidian"), []);
    assert.equal(await store.deleteDocument("b"), 1);
    check();
    assert.deepEqual(await ids("bell"), []);
    await store.reset();
    check();
    await store.upsert([chunk("c#0", "Coin", "Coin", "the copper coin")]);
    check();
    assert.deepEqual(await ids("copper"), ["c#0"]);
  } finally {
    raw.close();
    await store.close();
    await Deno.remove(dir, { recursive: true });
  }
});
