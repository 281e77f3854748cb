import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { LexicalRows } from "./lexical_rows.ts";
import { openSqliteStore } from "./sqlite.ts";
import { boostNamedPages, Searcher } from "./sqlite_search.ts";
import { testChunk as chunk } from "./store_contract.ts";

async function withRows(run: (rows: LexicalRows, searcher: Searcher) => void) {
  const dir = await Deno.makeTempDir({ prefix: "lexical-rows-" });
  try {
    const store = openSqliteStore({ path: `${dir}/s.sqlite` });
    await store.upsert([
      chunk("regent#0", "Regent Ilsa", "Regent Ilsa", "Ilsa rules Orrun Reach from Orrun Reach."),
      chunk("orrun#0", "Orrun Reach", "Orrun Reach", "A cold harbour."),
      chunk("orrun#1", "Orrun Reach", "Orrun Reach › Trade", "Salt and amber."),
      chunk("amber#0", "Amber", "Amber", "Amber from the Reach."),
    ]);
    await store.close();
    const db = new DatabaseSync(`${dir}/s.sqlite`, { readOnly: true });
    try {
      run(new LexicalRows(db), new Searcher(db));
    } finally {
      db.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("LexicalRows lifts the named page, cuts to the limit and equals boostNamedPages", async () => {
  await withRows((rows, searcher) => {
    // Index order: the regent's chunk first; seq 99 has no row (skipped).
    const matches = [
      { seq: 1, relevance: 3 },
      { seq: 99, relevance: 2.9 },
      { seq: 3, relevance: 2.5 },
      { seq: 2, relevance: 2.45 },
      { seq: 4, relevance: 1 },
    ];
    const terms = ["orrun", "reach"];
    const top = rows.top(matches, terms, 3);
    // The Orrun Reach page: its lead ×1.35 (3.3075), its second chunk ×1.25 (3.125).
    assert.deepEqual(top.map((r) => [r.id, r.relevance]), [
      ["orrun#0", 2.45 * 1.35],
      ["orrun#1", 2.5 * 1.25],
      ["regent#0", 3],
    ]);
    const relevance = new Map(matches.map((m) => [m.seq, m.relevance]));
    const earlier = boostNamedPages(
      searcher.rowsBySeq(matches.map((m) => m.seq)).map((r) => ({
        ...r,
        relevance: relevance.get(r.seq)!,
      })),
      terms,
    ).slice(0, 3);
    assert.deepEqual(top.map((r) => ({ ...r })), earlier);
    assert.deepEqual(rows.top([], terms, 3), []);
    assert.deepEqual(rows.top(matches, terms, 0), []);
  });
});

Deno.test("LexicalRows gives the same top once the page fields are known, and when a row went", async () => {
  await withRows((rows) => {
    const matches = [
      { seq: 1, relevance: 3 },
      { seq: 3, relevance: 2.5 },
      { seq: 2, relevance: 2.45 },
      { seq: 4, relevance: 1 },
    ];
    const terms = ["orrun", "reach"];
    const first = rows.top(matches, terms, 2).map((r) => ({ ...r }));
    // Every candidate's fields are known now: only the two rows that make the top are read.
    const again = rows.top(matches, terms, 2).map((r) => ({ ...r }));
    assert.deepEqual(again, first);
    assert.deepEqual(again.map((r) => r.id), ["orrun#0", "orrun#1"]);
    rows.forget();
    assert.deepEqual(rows.top(matches, terms, 2).map((r) => ({ ...r })), first);
  });
});

Deno.test("LexicalRows reads every candidate again when a known row is gone", async () => {
  const dir = await Deno.makeTempDir({ prefix: "lexical-rows-" });
  try {
    const store = openSqliteStore({ path: `${dir}/s.sqlite` });
    await store.upsert([
      chunk("orrun#0", "Orrun Reach", "Orrun Reach", "A cold harbour."),
      chunk("amber#0", "Amber", "Amber", "Amber from the Reach."),
      chunk("salt#0", "Salt", "Salt", "Salt from the Reach."),
    ]);
    await store.close();
    const db = new DatabaseSync(`${dir}/s.sqlite`);
    try {
      const rows = new LexicalRows(db);
      const matches = [{ seq: 1, relevance: 3 }, { seq: 2, relevance: 2 }, {
        seq: 3,
        relevance: 1,
      }];
      assert.deepEqual(rows.top(matches, ["salt"], 2).map((r) => r.id), ["orrun#0", "amber#0"]);
      db.exec("DELETE FROM chunks WHERE seq = 1"); // without forget(): a stale memory
      assert.deepEqual(rows.top(matches, ["salt"], 2).map((r) => r.id), ["amber#0", "salt#0"]);
    } finally {
      db.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("LexicalRows does not analyse a title again while its rows are known", async () => {
  await withRows((rows) => {
    const asked: string[] = [];
    const titleTerms = (title: string) => {
      asked.push(title);
      return title.toLowerCase().split(" ");
    };
    const matches = [
      { seq: 1, relevance: 3 },
      { seq: 3, relevance: 2.5 },
      { seq: 2, relevance: 2.45 },
    ];
    const first = rows.top(matches, ["orrun", "reach"], 2, titleTerms).map((r) => r.id);
    const analysed = asked.length;
    assert.deepEqual([...new Set(asked)].sort(), ["Orrun Reach", "Regent Ilsa"]);
    const again = rows.top(matches, ["orrun", "reach"], 2, titleTerms).map((r) => r.id);
    assert.deepEqual(again, first);
    assert.deepEqual(first, ["orrun#0", "orrun#1"]);
    assert.equal(asked.length, analysed);
  });
});
