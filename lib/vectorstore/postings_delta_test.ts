import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { analyzeChunk, TermMirror, TermNumbering } from "./chunk_analysis.ts";
import { chunkTerms, DeltaSegment } from "./postings_delta.ts";
import { mergeSegments } from "./postings_merge.ts";
import { PostingsIndex } from "./postings_index.ts";
import { Segment } from "./postings_segment.ts";
import { openSqliteStore } from "./sqlite.ts";
import { migrate } from "./sqlite_schema.ts";
import { testChunk as chunk } from "./store_contract.ts";
import { DEFAULT_ANALYZER } from "./term_analyzer.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** Chunks of the lore samples in several languages, some written twice (replaced). */
async function sampleChunks() {
  const out: { seq: number; title: string; heading: string; text: string; lang?: string }[] = [];
  const jsonl = await Deno.readTextFile(`${ROOT}sample/lore-eval-multilingual/corpus.jsonl`);
  for (const line of jsonl.split("\n").filter((l) => l.trim())) {
    const doc = JSON.parse(line) as { title: string; text: string };
    out.push({ seq: out.length + 1, title: doc.title, heading: doc.title, text: doc.text });
  }
  for await (const entry of Deno.readDir(`${ROOT}sample/lore`)) {
    if (!entry.name.endsWith(".html")) continue;
    const text = (await Deno.readTextFile(`${ROOT}sample/lore/${entry.name}`))
      .replace(/<[^>]*>/g, " ");
    for (let at = 0; at < text.length; at += 900) {
      const title = entry.name.replace(".html", "").replaceAll("-", " ");
      out.push({
        seq: out.length + 1,
        title,
        heading: `${title} › Part`,
        text: text.slice(at, at + 900),
        lang: "en",
      });
    }
  }
  out.push({ ...out[3], text: "replaced text of the third chunk" }, { ...out[10] });
  return out;
}

/** Every term's postings, in term order: what search and merge read. */
function lists(delta: DeltaSegment) {
  return [...delta.terms()].sort().map((term) => {
    const l = delta.list(term)!;
    return `${term}:${[...l.docs].join(",")}|${[...l.tfs].join(",")}|${l.maxTf}|${l.minLen}`;
  });
}

Deno.test("addChunk gives the delta add(chunkTerms) gives, and the same merged segment", async () => {
  const chunks = await sampleChunks();
  const byMap = new DeltaSegment(), byId = new DeltaSegment();
  for (const c of chunks) {
    byMap.add(c.seq, chunkTerms(DEFAULT_ANALYZER, c.title, c.heading, c.text, c.lang));
    byId.addChunk(c.seq, DEFAULT_ANALYZER, c.title, c.heading, c.text, c.lang);
  }
  assert.ok(byId.terms().length > 1000, `${byId.terms().length} terms`);
  assert.deepEqual(byId.terms(), byMap.terms());
  assert.deepEqual(lists(byId), lists(byMap));
  assert.deepEqual(byId.lengths, byMap.lengths);
  assert.deepEqual(byId.seqs, byMap.seqs);
  assert.equal(byId.liveCount, byMap.liveCount);
  assert.equal(byId.liveLength, byMap.liveLength);
  const a = mergeSegments(Segment.empty(), null, byId).a;
  const b = mergeSegments(Segment.empty(), null, byMap).a;
  assert.deepEqual(a, b);
});

Deno.test("addAnalysis from shared, growing dictionaries gives the delta addChunk gives", async () => {
  const chunks = await sampleChunks();
  const byChunk = new DeltaSegment(), byAnalysis = new DeltaSegment();
  // Two workers' numberings (small, so they start new generations), each with its mirror.
  const sides = [0, 1].map(() => ({ numbering: new TermNumbering(400), mirror: new TermMirror() }));
  for (let i = 0; i < chunks.length; i += 3) {
    const side = sides[(i / 3) % 2];
    const page = chunks.slice(i, i + 3);
    const analyses = page.map((c) =>
      analyzeChunk(DEFAULT_ANALYZER, c.title, c.heading, c.text, c.lang ?? "und", side.numbering)
    );
    const dictionary = side.mirror.apply(side.numbering.take());
    page.forEach((c, k) => {
      byChunk.addChunk(c.seq, DEFAULT_ANALYZER, c.title, c.heading, c.text, c.lang ?? "und");
      byAnalysis.addAnalysis(c.seq, { ...analyses[k], dictionary });
    });
  }
  assert.deepEqual(byAnalysis.terms(), byChunk.terms());
  assert.deepEqual(lists(byAnalysis), lists(byChunk));
  assert.deepEqual(byAnalysis.lengths, byChunk.lengths);
});

Deno.test("the writer's rows are used only when their write is the seq's latest change", () => {
  const db = new DatabaseSync(":memory:");
  migrate(db);
  const insert = db.prepare(
    `INSERT INTO chunks (document_id, position, text, title, url, heading, content_hash, id, lang)
     VALUES ('d', 0, ?, 't', 'u', 'h', 'c', ?, 'en')`,
  );
  const log = db.prepare("INSERT INTO postings_log (seq) VALUES (?)");
  const index = new PostingsIndex({ db, file: null, analyzer: DEFAULT_ANALYZER });
  const seq = Number(insert.run("emberfall citadel", "a").lastInsertRowid);
  const mine = Number(log.run(seq).lastInsertRowid);
  // Another connection rewrote the chunk after this one's write: its row must be read.
  db.prepare("UPDATE chunks SET text = 'saltmarsh' WHERE seq = ?").run(seq);
  log.run(seq);
  const stale = { seq, title: "t", heading: "h", text: "emberfall citadel", lang: "en" };
  index.catchUp(new Map([[seq, { ...stale, logId: mine }]]));
  assert.equal(index.search(["emberfal"], 5).length, 0, "the stale handed-off row is not indexed");
  assert.equal(index.search(["saltmarsh"], 5).length, 1);
  // A handed-off row that is the latest change is taken as it is, not read back.
  const next = Number(insert.run("glassweald", "b").lastInsertRowid);
  const id = Number(log.run(next).lastInsertRowid);
  const handed = { seq: next, title: "t", heading: "h", text: "cinderholt", lang: "en" };
  index.catchUp(new Map([[next, { ...handed, logId: id }]]));
  assert.equal(index.search(["cinderholt"], 5).length, 1);
  db.close();
});

Deno.test("a writer's index matches a reader's, which reads every row back", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/store.sqlite`;
  const writer = openSqliteStore({ path, dimensions: null });
  try {
    const texts = ["the salt crown of orrun", "orrun reach and the ember ford", "glass tide"];
    await writer.upsert(texts.map((t, i) => chunk(`doc${i % 2}#${i}`, "Orrun", "Lore", t)));
    await writer.upsert([
      chunk("doc1#4", "Orrun", "Ford", "the ember ford was rebuilt"),
      chunk("d#3", "Tide", "Lore", "orrun"),
    ]);
    // (Replaced and deleted chunks stay in the writer's delta as dead documents, which
    // its document frequencies still count until a merge; a reader never saw them.)
    const reader = openSqliteStore({ path, dimensions: null, readOnly: true });
    try {
      for (const q of ["orrun", "ember ford", "salt crown", "glass tide", "rebuilt"]) {
        const got = async (s: typeof writer) =>
          (await s.query({ text: q, topK: 10 })).map((h) => `${h.id} ${h.score.toFixed(6)}`);
        assert.deepEqual(await got(writer), await got(reader), q);
      }
    } finally {
      await reader.close();
    }
  } finally {
    await writer.close();
    await Deno.remove(dir, { recursive: true });
  }
});
