import assert from "node:assert/strict";
import fc from "fast-check";
import { openSqliteStore } from "./sqlite.ts";
import { boostNamedPages } from "./sqlite_search.ts";
import { testChunk } from "./store_contract.ts";

const chunk = testChunk;

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
  const exact = openSqliteStore({ path: ":memory:", lexicalEngine: "fts5" });
  // Every store counts as large here, and a term in 12+ chunks counts as common.
  const split = openSqliteStore({
    path: ":memory:",
    lexicalEngine: "fts5",
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

Deno.test("sqlite lexical search lifts the page a query names by its title", async (t) => {
  const store = openSqliteStore({ path: ":memory:" });
  try {
    await store.upsert([
      // A biography that says "Varrow" and "rules" more often than the page itself.
      chunk(
        "odo#0",
        "Odo Brisk",
        "Odo Brisk",
        "Odo Brisk rules Varrow as regent for the young queen of Varrow.",
      ),
      chunk("varrow#1", "Varrow", "Varrow › Economy", "Amber and fish; the river trade."),
      chunk("varrow#0", "Varrow", "Varrow", "- **Ruler**: Queen Maelis\n- **Capital**: Hollin"),
      chunk("skarrow#0", "Skarrow Keep", "Skarrow Keep", "A fort that rules the pass."),
    ]);
    const cases: [string, string][] = [
      ["Who rules Varrow?", "varrow#0"],
      ["Who holds Skarrow Keep?", "skarrow#0"],
    ];
    for (const [question, first] of cases) {
      await t.step(question, async () => {
        const hits = await store.query({ text: question, topK: 4 });
        assert.equal(hits[0].id, first, hits.map((h) => h.id).join(", "));
      });
    }
  } finally {
    await store.close();
  }
});

Deno.test("boostNamedPages keeps the order of pages the query does not name", () => {
  const row = (seq: number, title: string, relevance: number, position = 1) => ({
    seq,
    id: `${seq}`,
    document_id: title,
    position,
    text: "",
    title,
    url: "",
    heading: title,
    content_hash: "",
    indexed_at: null,
    relevance,
  });
  const rows = [
    row(1, "Odo Brisk", 9),
    row(2, "Varrow", 7, 0),
    row(3, "Hollin", 5),
    row(4, "Varrow", 6),
  ];
  assert.deepEqual(boostNamedPages(rows, ["rules", "varrow"]).map((r) => r.seq), [2, 1, 4, 3]);
  assert.deepEqual(boostNamedPages(rows, ["amber"]).map((r) => r.seq), [1, 2, 4, 3]);
  // A title only partly named ("Varrow" of "Varrow Keep") lifts nothing.
  const keep = [row(1, "Odo Brisk", 9), row(2, "Varrow Keep", 7, 0)];
  assert.deepEqual(boostNamedPages(keep, ["varrow"]).map((r) => r.seq), [1, 2]);
});
