import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { readdirSync } from "node:fs";
import { PostingsIndex } from "./postings_index.ts";
import {
  appendIntoFile,
  type FileSummary,
  mergeIntoFile,
  readFileSummary,
  readSegmentHead,
} from "./postings_disk.ts";
import {
  align,
  ARRAYS,
  decodeSegment,
  encodeSegment,
  encodeSegmentHead,
  POSTINGS_FORMAT,
} from "./postings_file.ts";
import { DEFAULT_ANALYZER } from "./term_analyzer.ts";
import { chunkTerms, DeltaSegment } from "./postings_delta.ts";
import { mergeSegments } from "./postings_merge.ts";
import { Segment } from "./postings_segment.ts";

/** Seeded chunks with Zipf-like words, so common terms span many blocks. */
function chunks(n: number, seed: number) {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const word = () => `w${Math.floor(3000 * rand() ** 2.5)}x`;
  return Array.from({ length: n }, () => ({
    title: word(),
    heading: word(),
    text: Array.from({ length: 5 + Math.floor(rand() * 40) }, word).join(" "),
  }));
}

const QUERIES = [["w0x", "w40x"], ["w3x", "w150x", "w70x"], ["w2999x", "w2x"], ["w25x"], [
  "w1x",
  "w5x",
  "w9x",
  "w400x",
]];

/** A database with the tables the index reads; writes log their seqs as the store does. */
function database(path: string) {
  const db = new DatabaseSync(path);
  db.exec(
    `CREATE TABLE IF NOT EXISTS chunks (seq INTEGER PRIMARY KEY, title TEXT, heading TEXT, text TEXT, lang TEXT);
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
    CREATE TABLE IF NOT EXISTS postings_log (id INTEGER PRIMARY KEY AUTOINCREMENT, seq INTEGER NOT NULL);
    INSERT OR IGNORE INTO meta VALUES ('store_id', 'test-store');`,
  );
  const insert = db.prepare(
    "INSERT OR REPLACE INTO chunks VALUES (?, ?, ?, ?, 'en') RETURNING seq",
  );
  const remove = db.prepare("DELETE FROM chunks WHERE seq = ?");
  const log = db.prepare("INSERT INTO postings_log (seq) VALUES (?)");
  return {
    db,
    write(rows: { seq?: number; title: string; heading: string; text: string }[]) {
      db.exec("BEGIN");
      for (const r of rows) {
        const { seq } = insert.get(r.seq ?? null, r.title, r.heading, r.text) as { seq: number };
        log.run(seq);
      }
      db.exec("COMMIT");
    },
    delete(seqs: number[]) {
      db.exec("BEGIN");
      for (const seq of seqs) {
        remove.run(seq);
        log.run(seq);
      }
      db.exec("COMMIT");
    },
  };
}

const results = (index: PostingsIndex, q: string[], k = 10) =>
  index.search(q, k).map((m) => `${m.seq} ${m.relevance.toFixed(9)}`);

/** Same top-10 scores, each for a chunk that has that score (ties may pick others). */
function assertSame(index: PostingsIndex, reference: PostingsIndex) {
  for (const q of QUERIES) {
    const got = results(index, q);
    const score = (hit: string) => hit.split(" ")[1];
    assert.deepEqual(got.map(score), results(reference, q).map(score), q.join());
    const all = new Set(results(reference, q, 100_000));
    for (const hit of got) assert.ok(all.has(hit), `${hit} for ${q.join()}`);
  }
}

Deno.test("a writer's delta is merged into the file whenever it holds N postings", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/store.sqlite.postings`;
    const store = database(`${dir}/store.sqlite`);
    const maxDeltaPostings = 5_000;
    const writer = new PostingsIndex({
      db: store.db,
      file,
      analyzer: DEFAULT_ANALYZER,
      maxDeltaPostings,
    });
    const data = chunks(3_000, 7);
    let merges = 0;
    let lastLogId = readSegmentHead(file)!.header.logId;
    await t.step(
      "the delta never holds N postings after a write; the postings stay on disk",
      () => {
        for (let i = 0; i < data.length; i += 50) {
          store.write(data.slice(i, i + 50));
          writer.catchUp();
          writer.maybeMerge();
          const { deltaPostings, segmentPostingsBytes, segmentHeadBytes } = writer.memory;
          assert.ok(deltaPostings < maxDeltaPostings, `${deltaPostings} postings wait`);
          assert.equal(segmentPostingsBytes, 0, "the writer holds the segment's postings");
          // Merges that append leave it only the file's counts: no array of the head.
          assert.equal(segmentHeadBytes, 0, "the writer holds arrays of the head");
          const logId = readSegmentHead(file)!.header.logId;
          if (logId !== lastLogId) merges++;
          lastLogId = logId;
        }
        assert.ok(merges >= 10, `${merges} merges`);
        assert.equal(writer.size, data.length);
      },
    );

    // The same chunks indexed in memory only, merged once.
    const memoryDb = database(":memory:");
    memoryDb.write(data);
    let reference = new PostingsIndex({ db: memoryDb.db, file: null, analyzer: DEFAULT_ANALYZER });

    await t.step("search over the streamed file equals search in memory", () => {
      assertSame(writer, reference);
      assert.ok(writer.memory.segmentPostingsBytes > 0, "searching loads the postings");
    });

    await t.step("replacing and deleting chunks merges exactly too", () => {
      const replaced = chunks(400, 99).map((c, i) => ({ ...c, seq: 1 + i * 5 }));
      const deleted = Array.from({ length: 300 }, (_, i) => 2 + i * 7);
      for (const target of [store, memoryDb]) {
        target.write(replaced);
        target.delete(deleted);
      }
      writer.catchUp();
      writer.maybeMerge(true);
      assert.equal(writer.memory.segmentPostingsBytes, 0);
      // Chunks of the segment replaced: the merge reads its head back, and keeps it.
      assert.ok(writer.memory.segmentHeadBytes >= 6 * writer.size);
      // Unmerged deletions skew the in-memory index's statistics; a fresh build is exact.
      reference = new PostingsIndex({ db: memoryDb.db, file: null, analyzer: DEFAULT_ANALYZER });
      assertSame(writer, reference);
    });

    await t.step("a reader loads the writer's file and agrees", () => {
      const reader = new PostingsIndex({
        db: store.db,
        file,
        analyzer: DEFAULT_ANALYZER,
        readOnly: true,
      });
      assertSame(reader, reference);
    });

    await t.step("a rebuild from the table is bounded the same way", () => {
      Deno.removeSync(file);
      const rebuilt = new PostingsIndex({
        db: store.db,
        file,
        analyzer: DEFAULT_ANALYZER,
        maxDeltaPostings,
      });
      assert.equal(rebuilt.memory.segmentPostingsBytes, 0);
      assert.equal(rebuilt.memory.deltaPostings, 0);
      assertSame(rebuilt, reference);
    });
    store.db.close();
    memoryDb.db.close();
    assert.deepEqual(
      readdirSync(dir).sort(),
      ["store.sqlite", "store.sqlite.postings"],
      "spill and temporary files are removed",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("appending to a segment copies its blocks and equals encoding it whole", () => {
  const data = chunks(2_500, 3);
  const terms = data.map((c) => chunkTerms(DEFAULT_ANALYZER, c.title, c.heading, c.text));
  const whole = new DeltaSegment();
  terms.forEach((t, i) => whole.add(i + 1, t));
  const expected = mergeSegments(Segment.empty(), null, whole);
  // Three appends, the last delta written out of seq order.
  let segment = Segment.empty();
  for (const [from, to] of [[0, 900], [900, 1_700], [1_700, 2_500]]) {
    const delta = new DeltaSegment();
    const order = Array.from({ length: to - from }, (_, i) => from + i);
    if (from === 1_700) order.reverse();
    for (const i of order) delta.add(i + 1, terms[i]);
    segment = mergeSegments(segment, null, delta);
  }
  const a = segment.a, e = expected.a;
  assert.deepEqual(a.seqs, e.seqs);
  assert.deepEqual([...a.terms].sort(), [...e.terms].sort());
  for (const term of e.terms) {
    const t = segment.termIds.get(term)!, u = expected.termIds.get(term)!;
    const blocks = (s: Segment, x: number) => {
      const b0 = s.a.blockStart[x], b1 = s.a.blockStart[x + 1];
      return {
        df: s.a.df[x],
        maxTf: s.a.maxTf[x],
        minLen: s.a.minLen[x],
        last: [...s.a.blockLast.subarray(b0, b1)],
        blockMaxTf: [...s.a.blockMaxTf.subarray(b0, b1)],
        blockMinLen: [...s.a.blockMinLen.subarray(b0, b1)],
        bytes: [...s.a.postings.subarray(s.a.blockOffset[b0], s.a.blockOffset[b1])],
      };
    };
    assert.deepEqual(blocks(segment, t), blocks(expected, u), term);
  }
});

Deno.test("a streaming merge checks the file by its header and refuses one replaced meanwhile", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/x.postings`;
    const header = { format: POSTINGS_FORMAT, analyzer: "a", storeId: "s", logId: 1 };
    const deltaOf = (from: number, n: number) => {
      const delta = new DeltaSegment();
      chunks(n, from).forEach((c, i) =>
        delta.add(from + i, chunkTerms(DEFAULT_ANALYZER, c.title, c.heading, c.text, "en"))
      );
      return delta;
    };
    const first = mergeIntoFile({
      file,
      base: null,
      deleted: null,
      delta: deltaOf(1, 300),
      header,
    });
    // The head in memory is used as it is: the merge equals one over the head read back.
    const second = mergeIntoFile({
      file,
      base: first,
      deleted: null,
      delta: deltaOf(1000, 200),
      header: { ...header, logId: 2 },
    });
    const whole = mergeSegments(Segment.empty(), null, deltaOf(1, 300));
    const expected = encodeSegment(mergeSegments(whole, null, deltaOf(1000, 200)), {
      ...header,
      logId: 2,
    });
    assertSameFile(Deno.readFileSync(file), expected);
    // Another writer's file (another log id) is refused, and left as it was.
    const before = Deno.readFileSync(file);
    assert.throws(
      () => mergeIntoFile({ file, base: first, deleted: null, delta: deltaOf(2000, 5), header }),
      /changed during the merge/,
    );
    assert.ok(equalBytes(Deno.readFileSync(file), before));
    assert.equal(second.segment.size, 500);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

function equalBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/**
 * Two segment files hold the same segment and header (a merged file's JSON header may
 * be padded, so their bytes need not be equal).
 */
function assertSameFile(got: Uint8Array, expected: Uint8Array) {
  const a = decodeSegment(got), e = decodeSegment(expected);
  assert.ok(a && e, "both files decode");
  assert.deepEqual(a.header, e.header);
  assert.deepEqual(a.segment.a.terms, e.segment.a.terms);
  assert.equal(a.segment.a.totalLength, e.segment.a.totalLength);
  for (const name of ARRAYS.map(([n]) => n)) {
    assert.ok(equalBytes(a.segment.a[name], e.segment.a[name]), name);
  }
  // Padded to 8 bytes after the postings, and nothing more.
  const postings = a.segment.a.postings;
  assert.equal(got.byteLength, postings.byteOffset - got.byteOffset + align(postings.byteLength));
}

Deno.test("streamed merges through a small window equal merges in memory", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/x.postings`;
    const header = { format: POSTINGS_FORMAT, analyzer: "a", storeId: "s", logId: 0 };
    const data = chunks(3_000, 11);
    const terms = data.map((c) => chunkTerms(DEFAULT_ANALYZER, c.title, c.heading, c.text, "en"));
    // Terms found in nearly every chunk, so some lists outgrow the window.
    for (const t of terms) t.counts.set("everywhere", 1);
    const deltaOf = (from: number, to: number) => {
      const delta = new DeltaSegment();
      for (let i = from; i < to; i++) delta.add(i + 1, terms[i]);
      return delta;
    };
    let head = null;
    let memory = Segment.empty();
    for (const [from, to] of [[0, 1_000], [1_000, 2_000], [2_000, 3_000]]) {
      header.logId++;
      // 256 bytes: the window moves for nearly every term, and "everywhere" (~4 kB of
      // postings) is read on its own.
      head = mergeIntoFile({
        file,
        base: head,
        deleted: null,
        delta: deltaOf(from, to),
        header: { ...header },
        windowBytes: 256,
      });
      memory = mergeSegments(memory, null, deltaOf(from, to));
      const bytes = Deno.readFileSync(file);
      assertSameFile(bytes, encodeSegment(memory, { ...header }));
      // The head, written part by part with zeros between, is the one encoded whole.
      const whole = encodeSegmentHead(
        head.segment,
        { ...header },
        head.postingsLength,
        head.postingsOffset,
      );
      assert.ok(equalBytes(bytes.subarray(0, head.postingsOffset), whole));
    }
    const everywhere = memory.termIds.get("everywhere")!;
    const a = memory.a;
    assert.ok(
      a.blockOffset[a.blockStart[everywhere + 1]] - a.blockOffset[a.blockStart[everywhere]] > 256,
    );
    // Deleting some chunks takes the merge that decodes every list, through the window too.
    const deleted = new Uint8Array(3_000);
    for (let d = 0; d < 3_000; d += 7) deleted[d] = 1;
    header.logId++;
    mergeIntoFile({
      file,
      base: head,
      deleted,
      delta: deltaOf(0, 0),
      header: { ...header },
      windowBytes: 256,
    });
    memory = mergeSegments(memory, deleted, deltaOf(0, 0));
    assertSameFile(Deno.readFileSync(file), encodeSegment(memory, { ...header }));
    assert.equal(memory.size, 3_000 - Math.ceil(3_000 / 7));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("appends streamed through small windows equal merges in memory", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/x.postings`;
    const header = { format: POSTINGS_FORMAT, analyzer: "a", storeId: "s", logId: 0 };
    const data = chunks(3_000, 19);
    const terms = data.map((c) => chunkTerms(DEFAULT_ANALYZER, c.title, c.heading, c.text, "en"));
    // A term in every chunk, so its blocks outgrow the windows.
    for (const t of terms) t.counts.set("everywhere", 1);
    // Terms longer than the windows, read whole by the term table's scan; one in the
    // first delta (then in the old table), one in the second (then a held term too).
    const long = "ł".repeat(200);
    terms[10].counts.set(long, 1);
    terms[1_010].counts.set(long, 3);
    terms[1_020].counts.set(`${long}x`, 1);
    // A chunk removed from its delta before the merge, holding the only "ghost".
    terms[1_500].counts.set("ghost", 2);
    const deltaOf = (from: number, to: number, reversed = false) => {
      const delta = new DeltaSegment();
      const order = Array.from({ length: to - from }, (_, i) => from + i);
      if (reversed) order.reverse();
      for (const i of order) delta.add(i + 1, terms[i]);
      if (from <= 1_500 && 1_500 < to) delta.remove(1_501);
      return delta;
    };
    let table: FileSummary | null = null;
    let memory = Segment.empty();
    for (const [from, to, reversed] of [[0, 1_000], [1_000, 2_000, 1], [2_000, 3_000]]) {
      header.logId++;
      // 256 bytes: the postings' window and the blocks' (16 entries) move for nearly
      // every term, and "everywhere" is read on its own.
      table = appendIntoFile({
        file,
        base: table,
        delta: deltaOf(from, to, reversed === 1),
        header: { ...header },
        windowBytes: 256,
      });
      memory = mergeSegments(memory, null, deltaOf(from, to, reversed === 1));
      assertSameFile(Deno.readFileSync(file), encodeSegment(memory, { ...header }));
      // The counts returned are the file's.
      assert.deepEqual(table, readFileSummary(file));
      assert.equal(table.lastSeq, memory.a.seqs[memory.size - 1]);
      assert.equal(table.terms, memory.a.terms.length);
    }
    assert.equal(memory.termIds.get("ghost"), undefined);
    assert.equal(memory.a.df[memory.termIds.get(long)!], 2);
    assert.equal(table!.documents, 2_999);
    const everywhere = memory.termIds.get("everywhere")!;
    assert.ok(memory.a.blockStart[everywhere + 1] - memory.a.blockStart[everywhere] > 16);
    // A delta that does not come after the segment, or another writer's file, is refused
    // and the file left as it was.
    const before = Deno.readFileSync(file);
    const late = new DeltaSegment();
    late.add(2_000, terms[0]);
    assert.throws(
      () => appendIntoFile({ file, base: table, delta: late, header }),
      /does not come after/,
    );
    const stale = { ...table!, header: { ...table!.header, logId: 99 } };
    assert.throws(
      () => appendIntoFile({ file, base: stale, delta: deltaOf(0, 0), header }),
      /changed during the merge/,
    );
    assert.ok(equalBytes(Deno.readFileSync(file), before));
    // The merge that deletes reads the appended file's head as its own.
    const deleted = new Uint8Array(2_999);
    for (let d = 0; d < 2_999; d += 5) deleted[d] = 1;
    header.logId++;
    mergeIntoFile({
      file,
      base: readSegmentHead(file),
      deleted,
      delta: deltaOf(0, 0),
      header: { ...header },
    });
    memory = mergeSegments(memory, deleted, deltaOf(0, 0));
    assertSameFile(Deno.readFileSync(file), encodeSegment(memory, { ...header }));
    assert.deepEqual(readdirSync(dir), ["x.postings"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a writer holding only the file's counts reads the head back to replace or search", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/store.sqlite.postings`;
    const store = database(`${dir}/store.sqlite`);
    const memoryDb = database(":memory:");
    const options = { db: store.db, file, analyzer: DEFAULT_ANALYZER, maxDeltaPostings: 4_000 };
    let writer = new PostingsIndex(options);
    const data = chunks(1_500, 23);
    for (let i = 0; i < data.length; i += 100) {
      store.write(data.slice(i, i + 100));
      writer.catchUp();
      writer.maybeMerge();
    }
    writer.maybeMerge(true);
    memoryDb.write(data);
    assert.equal(writer.memory.segmentHeadBytes, 0);
    // A chunk of the segment rewritten in place, one deleted, one new after them all.
    const changes = [{ ...chunks(1, 5)[0], seq: 7 }, { ...chunks(1, 6)[0] }];
    for (const target of [store, memoryDb]) {
      target.write(changes);
      target.delete([9]);
    }
    writer.catchUp();
    assert.ok(writer.memory.segmentHeadBytes >= 6 * 1_500, "the head is held to mark the old");
    writer.maybeMerge(true);
    const reference = new PostingsIndex({
      db: memoryDb.db,
      file: null,
      analyzer: DEFAULT_ANALYZER,
    });
    assertSame(writer, reference);
    // A writer opening the file holds only its counts until it searches.
    writer = new PostingsIndex(options);
    assert.equal(writer.memory.segmentPostingsBytes, 0);
    assert.equal(writer.memory.segmentHeadBytes, 0);
    assert.equal(writer.size, 1_500);
    assertSame(writer, reference);
    store.db.close();
    memoryDb.db.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
