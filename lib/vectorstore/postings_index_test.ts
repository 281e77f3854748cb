import assert from "node:assert/strict";
import { existsSync, statSync } from "node:fs";
import { chunkTerms, DeltaSegment } from "./postings_delta.ts";
import { decodeSegment, encodeSegment, POSTINGS_FORMAT } from "./postings_file.ts";
import { mergeSegments } from "./postings_merge.ts";
import { B, inverseDocumentFrequency, K1 } from "./postings_search.ts";
import { PostingsIndex } from "./postings_index.ts";
import { Segment, SegmentCursor } from "./postings_segment.ts";
import { openSqliteStore } from "./sqlite.ts";
import { testChunk as chunk } from "./store_contract.ts";
import { DEFAULT_ANALYZER, type TermAnalyzer } from "./term_analyzer.ts";
import { DatabaseSync } from "node:sqlite";

/** A seeded corpus with Zipf-like words, so some lists span many blocks. */
function corpus(n: number, seed = 1) {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const words = Array.from({ length: 2000 }, (_, i) => `w${i}x`);
  const word = () => words[Math.floor(words.length * rand() ** 2.5)];
  return Array.from({ length: n }, (_, i) => {
    const text = Array.from({ length: 5 + Math.floor(rand() * 40) }, word).join(" ");
    return { seq: i * 3 + 1, title: word(), heading: word(), text };
  });
}

/**
 * Exhaustive BM25 over the same statistics the index uses, as `seq score` strings
 * sorted by score (ties, equal scores of different chunks, sort by seq).
 */
function bruteForce(docs: ReturnType<typeof corpus>, query: string[], k: number) {
  const analysed = docs.map((d) => ({
    seq: d.seq,
    ...chunkTerms(DEFAULT_ANALYZER, d.title, d.heading, d.text),
  }));
  const avg = analysed.reduce((sum, d) => sum + d.length, 0) / analysed.length;
  const df = new Map(query.map((t) => [t, analysed.filter((x) => x.counts.has(t)).length]));
  const scored = analysed.map((d) => {
    let score = 0;
    for (const term of query) {
      const tf = d.counts.get(term);
      if (!tf) continue;
      const n = df.get(term)!;
      const idf = inverseDocumentFrequency(analysed.length, n);
      score += idf * (tf * (K1 + 1)) / (tf + K1 * (1 - B + B * d.length / avg));
    }
    return { seq: d.seq, score };
  }).filter((d) => d.score > 0);
  return scored.sort((a, b) => b.score - a.score || a.seq - b.seq).slice(0, k)
    .map((d) => `${d.seq} ${d.score.toFixed(9)}`);
}

const found = (matches: { seq: number; relevance: number }[]) =>
  matches.map((m) => `${m.seq} ${m.relevance.toFixed(9)}`);

/** The index's top 10 has the exhaustive top 10's scores, each for the right chunk. */
function assertExact(docs: ReturnType<typeof corpus>, index: PostingsIndex, q: string[]) {
  const got = found(index.search(q, 10));
  const all = new Set(bruteForce(docs, q, Infinity));
  const score = (s: string) => s.split(" ")[1];
  assert.deepEqual(got.map(score), bruteForce(docs, q, 10).map(score), q.join(" "));
  for (const hit of got) assert.ok(all.has(hit), `${hit} for ${q.join(" ")}`);
}

function withIndex(docs: ReturnType<typeof corpus>) {
  const db = new DatabaseSync(":memory:");
  db.exec(
    `CREATE TABLE chunks (seq INTEGER PRIMARY KEY, title TEXT, heading TEXT, text TEXT, lang TEXT);
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
    CREATE TABLE postings_log (id INTEGER PRIMARY KEY AUTOINCREMENT, seq INTEGER NOT NULL);`,
  );
  const insert = db.prepare("INSERT INTO chunks VALUES (?, ?, ?, ?, 'en')");
  for (const d of docs) insert.run(d.seq, d.title, d.heading, d.text);
  return { db, index: new PostingsIndex({ db, file: null, analyzer: DEFAULT_ANALYZER }) };
}

Deno.test("MaxScore top-k equals exhaustive BM25, in a segment and in the delta", async (t) => {
  const docs = corpus(1500);
  const queries = [["w0x", "w40x"], ["w3x", "w150x", "w70x"], ["w999x", "w2x"], ["w25x"]];
  await t.step("all in the merged segment", () => {
    const { db, index } = withIndex(docs);
    for (const q of queries) {
      assertExact(docs, index, q);
    }
    db.close();
  });
  await t.step("split between the segment and a delta", () => {
    const { db, index } = withIndex(docs.slice(0, 1000));
    const insert = db.prepare("INSERT INTO chunks VALUES (?, ?, ?, ?, 'en')");
    const log = db.prepare("INSERT INTO postings_log (seq) VALUES (?)");
    for (const d of docs.slice(1000)) {
      insert.run(d.seq, d.title, d.heading, d.text);
      log.run(d.seq);
    }
    index.catchUp();
    assert.equal(index.pending, 500);
    for (const q of queries) {
      assertExact(docs, index, q);
    }
    index.maybeMerge(true);
    assert.equal(index.pending, 0);
    assert.equal(index.size, 1500);
    for (const q of queries) {
      assertExact(docs, index, q);
    }
    db.close();
  });
  await t.step("only among allowed chunks", () => {
    const { db, index } = withIndex(docs);
    const allowed = new Set(docs.filter((_, i) => i % 7 === 0).map((d) => d.seq));
    const got = index.search(["w0x", "w1x"], 5, allowed);
    assert.ok(got.length === 5 && got.every((m) => allowed.has(m.seq)));
    db.close();
  });
});

Deno.test("a segment survives encoding, and cursors skip to any target", () => {
  const delta = new DeltaSegment();
  for (const d of corpus(1000)) {
    delta.add(d.seq, chunkTerms(DEFAULT_ANALYZER, d.title, d.heading, d.text));
  }
  const segment = mergeSegments(Segment.empty(), null, delta);
  const header = { format: POSTINGS_FORMAT, analyzer: "a", storeId: "s", logId: 7 };
  const decoded = decodeSegment(encodeSegment(segment, header))!;
  assert.deepEqual(decoded.header, header);
  const t = segment.termIds.get("w0x")!;
  const t2 = decoded.segment.termIds.get("w0x")!;
  const all: number[] = [];
  for (const c = new SegmentCursor(segment, t); c.doc !== 0xffffffff; c.next()) all.push(c.doc);
  assert.equal(all.length, segment.a.df[t]);
  assert.ok(all.length > 300, "spans several blocks");
  for (const target of [0, 5, all[200], all[200] + 1, all[all.length - 1]]) {
    const c = new SegmentCursor(decoded.segment, t2);
    c.advance(target);
    assert.equal(c.doc, all.find((d) => d >= target));
  }
  assert.equal(decodeSegment(new Uint8Array(16)), null, "garbage is refused");
});

const ids = async (store: ReturnType<typeof openSqliteStore>, text: string) =>
  (await store.query({ text, topK: 10 })).map((h) => h.id).sort();

Deno.test("the postings store replaces, deletes and resets exactly", async () => {
  const store = openSqliteStore({ path: ":memory:" });
  try {
    assert.deepEqual(await store.query({ text: "anything", topK: 5 }), [], "empty store");
    await store.upsert([
      chunk("a#0", "Ash", "Ash", "the ember crown"),
      chunk("a#1", "Ash", "Ash › Market", "obsidian lanterns"),
      chunk("b#0", "Bell", "Bell", "the drowned bell"),
    ]);
    assert.deepEqual(await ids(store, "ember"), ["a#0"]);
    await store.upsert([chunk("a#0", "Ash", "Ash", "the ember crown")]);
    assert.deepEqual(await ids(store, "ember"), ["a#0"], "re-upserting adds nothing");
    await store.upsert([chunk("a#0", "Ash", "Ash", "the silver crown")]);
    assert.deepEqual(await ids(store, "ember"), []);
    assert.deepEqual(await ids(store, "silver"), ["a#0"]);
    await store.deleteIds(["a#1", "missing"]);
    assert.deepEqual(await ids(store, "obsidian"), []);
    assert.equal(await store.deleteDocument("b"), 1);
    assert.deepEqual(await ids(store, "bell"), []);
    await store.reset();
    assert.deepEqual(await ids(store, "silver"), []);
    await store.upsert([chunk("c#0", "Coin", "Coin", "the copper coin")]);
    assert.deepEqual(await ids(store, "copper"), ["c#0"]);
  } finally {
    await store.close();
  }
});

Deno.test("the postings index persists beside the database and is rebuilt when stale", async (t) => {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/s.sqlite`;
  try {
    await t.step("a writer's close saves the segment; a reopen loads it", async () => {
      const store = openSqliteStore({ path: file });
      await store.upsert([chunk("a#0", "Ash", "Ash", "ember crown"), chunk("b#0", "B", "B", "x")]);
      await store.close();
      const saved = statSync(`${file}.postings`).mtimeMs;
      const again = openSqliteStore({ path: file });
      assert.deepEqual(await ids(again, "crown"), ["a#0"]);
      await again.close();
      assert.equal(statSync(`${file}.postings`).mtimeMs, saved, "a reader never rewrites it");
    });
    await t.step("another analyzer version rebuilds it from the chunks", async () => {
      const reversed: TermAnalyzer = {
        version: "reversed-1",
        analyze: (text) => DEFAULT_ANALYZER.analyze(text).map((w) => [...w].reverse().join("")),
      };
      const store = openSqliteStore({ path: file, analyzer: reversed });
      assert.deepEqual(await ids(store, "crown"), ["a#0"], "queries use the same function");
      await store.close();
      const bytes = Deno.readFileSync(`${file}.postings`);
      assert.equal(decodeSegment(bytes)!.header.analyzer, "reversed-1");
      assert.ok(decodeSegment(bytes)!.segment.termIds.has("nworc"));
    });
    await t.step("a missing or corrupt file is rebuilt", async () => {
      Deno.writeFileSync(`${file}.postings`, new Uint8Array([1, 2, 3]));
      const store = openSqliteStore({ path: file });
      assert.deepEqual(await ids(store, "ember"), ["a#0"]);
      await store.close();
      Deno.removeSync(`${file}.postings`);
      const again = openSqliteStore({ path: file });
      assert.deepEqual(await ids(again, "ember"), ["a#0"]);
      await again.close();
      assert.ok(existsSync(`${file}.postings`));
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("postings readers follow one writer, through its merges", async () => {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/shared.sqlite`;
  const writer = openSqliteStore({ path: file });
  const reader = openSqliteStore({ path: file });
  try {
    await writer.upsert([chunk("a#0", "Alpha", "Alpha", "first lantern")]);
    assert.deepEqual(await ids(reader, "lantern"), ["a#0"]);
    await writer.upsert([chunk("b#0", "Beta", "Beta", "second lantern")]);
    await writer.deleteIds(["a#0"]);
    assert.deepEqual(await ids(reader, "lantern"), ["b#0"]);
    await writer.close(); // merges and saves; the log is cleared
    assert.deepEqual(await ids(reader, "lantern"), ["b#0"]);
    const raw = new DatabaseSync(file);
    assert.equal(
      (raw.prepare("SELECT count(*) AS n FROM postings_log").get() as { n: number }).n,
      0,
    );
    raw.close();
    const next = openSqliteStore({ path: file });
    await next.upsert([chunk("c#0", "Gamma", "Gamma", "third lantern")]);
    assert.deepEqual(await ids(reader, "lantern"), ["b#0", "c#0"]);
    await next.close();
    assert.deepEqual(await ids(reader, "lantern"), ["b#0", "c#0"]);
  } finally {
    await reader.close();
    await writer.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a read-only store serves the postings index and never writes it", async () => {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/ro.sqlite`;
  try {
    const writer = openSqliteStore({ path: file });
    await writer.upsert([chunk("a#0", "Ash", "Ash", "ember crown")]);
    await writer.close();
    const saved = statSync(`${file}.postings`).mtimeMs;
    const reader = openSqliteStore({ path: file, readOnly: true });
    assert.deepEqual(await ids(reader, "crown"), ["a#0"]);
    await reader.close();
    Deno.removeSync(`${file}.postings`);
    const rebuilt = openSqliteStore({ path: file, readOnly: true });
    assert.deepEqual(await ids(rebuilt, "ember"), ["a#0"], "rebuilt in memory");
    await rebuilt.close();
    assert.ok(!existsSync(`${file}.postings`), "a reader leaves the file to the writer");
    assert.ok(saved > 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a block of a term in most documents is decoded once, and reads the same from then on", () => {
  const delta = new DeltaSegment();
  for (const d of corpus(1000)) {
    // "every" is in every chunk.
    delta.add(d.seq, chunkTerms(DEFAULT_ANALYZER, d.title, d.heading, `${d.text} every`));
  }
  const segment = mergeSegments(Segment.empty(), null, delta);
  const common = segment.termIds.get("everi") ?? segment.termIds.get("every")!;
  // The most frequent term under half the documents: it spans several blocks too.
  const df = [...segment.a.df];
  let rare = 0;
  for (let t = 0; t < df.length; t++) if (2 * df[t] < 1000 && df[t] > df[rare]) rare = t;
  assert.equal(segment.a.df[common], 1000);
  assert.ok(2 * segment.a.df[rare] < 1000 && segment.a.df[rare] > 128);
  const read = (t: number) => {
    const out: [number, number][] = [];
    for (const c = new SegmentCursor(segment, t); c.doc !== 0xffffffff; c.next()) {
      out.push([c.doc, c.tf]);
    }
    return out;
  };
  const commonBefore = read(common);
  const rareBefore = read(rare);
  assert.equal(commonBefore.length, 1000);
  // With the compressed postings gone, only what was kept decoded reads the same.
  segment.a.postings.fill(0);
  assert.deepEqual(read(common), commonBefore);
  assert.notDeepEqual(read(rare), rareBefore);
});
