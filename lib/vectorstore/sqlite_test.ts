import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import fc from "fast-check";
import { openSqliteStore } from "./sqlite.ts";
import { runStoreContract } from "./store_contract.ts";
import { type StoredChunk, VectorStoreError } from "./store.ts";

function chunk(id: string, title: string, heading: string, text: string, vector?: number[]) {
  const [documentId, position] = id.split("#");
  const c: StoredChunk = {
    id,
    text,
    metadata: {
      documentId,
      title,
      url: "",
      heading,
      position: Number(position ?? 0),
      contentHash: "h",
    },
  };
  if (vector) c.vector = vector;
  return c;
}

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

Deno.test("sqlite lexical search ranks title over heading over body matches", async () => {
  const store = openSqliteStore({ path: ":memory:" });
  try {
    await store.upsert([
      chunk(
        "body#0",
        "Harbour Songs",
        "Harbour Songs › Verses",
        "Sailors sing of the wyrmstone beneath the tide at dusk.",
      ),
      chunk(
        "heading#0",
        "Old Relics",
        "Old Relics › Wyrmstone",
        "Sailors sing of the pearl beneath the tide at dusk.",
      ),
      chunk(
        "title#0",
        "Wyrmstone Relic",
        "Wyrmstone Relic › Origins",
        "Sailors sing of the shell beneath the tide at dusk.",
      ),
      chunk(
        "none#0",
        "Tide Tables",
        "Tide Tables › Spring",
        "Sailors sing of the moon beneath the tide at dusk.",
      ),
    ]);
    const hits = await store.query({ text: "Tell me about the wyrmstone", topK: 5 });
    assert.deepEqual(hits.map((h) => h.id), ["title#0", "heading#0", "body#0"]);
    assert.ok(hits.every((h) => h.score > 0 && h.score < 1));
  } finally {
    await store.close();
  }
});

Deno.test("sqlite lexical search never throws on hostile query text", async (t) => {
  const store = openSqliteStore({ path: ":memory:" });
  await store.upsert([
    chunk("a#0", "Dragons", "Dragons", "The dragon sleeps under the NEAR hill."),
  ]);
  try {
    const hostile = [
      '"a" OR "b"',
      "*",
      "dragon*",
      "NEAR(",
      "NEAR(dragon hill, 2)",
      ":",
      "title:dragon",
      "-dragon",
      "dragon -hill",
      "(dragon",
      "dragon)",
      "AND",
      "dragon AND",
      "OR OR OR",
      '"',
      "'",
      "^dragon",
      "{title heading}: dragon",
      "🐉🔥",
      "",
      "   ",
      "\u0000",
      "a".repeat(20_000),
      "drágón",
      "NOT dragon",
      "dragon + hill",
    ];
    for (const text of hostile) {
      await t.step(`query ${JSON.stringify(text.slice(0, 30))}`, async () => {
        const hits = await store.query({ text, topK: 3 });
        assert.ok(Array.isArray(hits));
      });
    }
    const accents = await store.query({ text: "DRÁGÓNS?", topK: 3 });
    assert.equal(accents[0]?.id, "a#0");
    await t.step("any random string", async () => {
      await fc.assert(
        fc.asyncProperty(fc.string({ unit: "binary", maxLength: 60 }), async (text) => {
          assert.ok(Array.isArray(await store.query({ text, topK: 3 })));
        }),
        { numRuns: 300 },
      );
    });
  } finally {
    await store.close();
  }
});

Deno.test("sqlite lexical search on a large store ranks selective terms exactly", async (t) => {
  const chunks = Array.from({ length: 300 }, (_, i) => {
    const words = ["night", `filler${i % 40}`, `other${i % 7}`];
    if (i % 2 === 0) words.push("river");
    if (i % 3 === 0) words.push("stone", "stone");
    if ([5, 77, 150].includes(i)) words.push(...Array(1 + (i % 3)).fill("wyrm"));
    if ([5, 9, 12, 200, 210].includes(i)) words.push("pearl");
    return chunk(`d${i}#0`, `Page ${i}`, `Page ${i}`, words.join(" "));
  });
  const exact = openSqliteStore({ path: ":memory:" });
  // Every store counts as large here, and a term in 12+ chunks counts as common.
  const split = openSqliteStore({
    path: ":memory:",
    commonTerms: { minChunks: 0, fraction: 0.04, minMatches: 1 },
  });
  try {
    await exact.upsert(chunks);
    await split.upsert(chunks);
    await t.step("scores equal exact BM25 when the top hits hold a selective term", async () => {
      const cases = [["wyrm pearl river stone", 5], ["pearl night", 5], ["stone wyrm", 3]] as const;
      for (const [text, topK] of cases) {
        const want = await exact.query({ text, topK });
        const got = await split.query({ text, topK });
        assert.deepEqual(got.map((h) => h.id), want.map((h) => h.id), text);
        got.forEach((h, i) => assert.ok(Math.abs(h.score - want[i].score) < 1e-9));
      }
    });
    await t.step("only rows with a selective term are ranked", async () => {
      const got = await split.query({ text: "wyrm river", topK: 10 });
      assert.deepEqual(got.map((h) => h.id).sort(), ["d150#0", "d5#0", "d77#0"]);
    });
    await t.step("a query of common terms ranks rows holding them all", async () => {
      const got = await split.query({ text: "river stone", topK: 5 });
      assert.equal(got.length, 5);
      assert.ok(got.every((h) => h.text.includes("river") && h.text.includes("stone")));
    });
    await t.step("when too few rows hold every common term the rarest one leads", async () => {
      const got = await split.query({ text: "stone other3", topK: 20 });
      assert.equal(got.length, 20);
      assert.ok(got.every((h) => h.text.includes("other3")));
      assert.ok(got.slice(0, 14).every((h) => h.text.includes("stone")));
    });
    await t.step("the same holds with a document filter", async () => {
      const documentIds = ["d5", "d9", "d77", "d100"];
      const want = await exact.query({ text: "wyrm pearl river", topK: 3, documentIds });
      const got = await split.query({ text: "wyrm pearl river", topK: 3, documentIds });
      assert.deepEqual(got.map((h) => h.id), want.map((h) => h.id));
    });
  } finally {
    await exact.close();
    await split.close();
  }
});

Deno.test("sqlite hybrid query fuses lexical and dense rankings by reciprocal rank", async () => {
  const store = openSqliteStore({ path: ":memory:", dimensions: 3 });
  try {
    await store.upsert([
      chunk("a#0", "Wyrm Wyrm", "Wyrm", "wyrm lore", [0.5, 0.5, 0]),
      chunk("b#0", "Notes", "Notes", "a short note on the wyrm and many other matters of state", [
        1,
        0,
        0,
      ]),
      chunk("c#0", "Coins", "Coins", "coins of the realm", [0.9, 0.1, 0]),
      chunk("d#0", "Moons", "Moons", "the two moons", [0, 1, 0]),
    ]);
    const lexical = await store.query({ text: "wyrm", topK: 5 });
    assert.deepEqual(lexical.map((h) => h.id), ["a#0", "b#0"]);
    const dense = await store.query({ vector: [1, 0, 0], topK: 5 });
    assert.deepEqual(dense.map((h) => h.id), ["b#0", "c#0", "a#0", "d#0"]);
    assert.ok(Math.abs(dense[0].score - 1) < 1e-6, "cosine 1 scores 1");
    assert.ok(Math.abs(dense[3].score - 0.5) < 1e-6, "cosine 0 scores 0.5");
    const fused = await store.query({ text: "wyrm", vector: [1, 0, 0], topK: 5 });
    // a: lexical 1st, dense 3rd; b: lexical 2nd, dense 1st; c and d: dense only.
    const rrf = (...ranks: number[]) => ranks.reduce((s, r) => s + 1 / (60 + r), 0);
    assert.deepEqual(fused.map((h) => h.id), ["b#0", "a#0", "c#0", "d#0"]);
    const expected = [rrf(2, 1), rrf(1, 3), rrf(2), rrf(4)];
    fused.forEach((h, i) => assert.ok(Math.abs(h.score - expected[i]) < 1e-12));
    const filtered = await store.query({
      text: "wyrm",
      vector: [1, 0, 0],
      topK: 5,
      documentIds: ["c", "d"],
    });
    assert.deepEqual(filtered.map((h) => h.id), ["c#0", "d#0"]);
  } finally {
    await store.close();
  }
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

Deno.test("sqlite readers see committed writes while another connection writes", async () => {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/shared.sqlite`;
  const writer = openSqliteStore({ path: file, dimensions: 2 });
  const reader = openSqliteStore({ path: file, dimensions: 2 });
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

Deno.test("the FTS index stays in step with the chunks through every write", async () => {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/fts.sqlite`;
  const store = openSqliteStore({ path: file });
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
