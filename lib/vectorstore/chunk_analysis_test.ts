import assert from "node:assert/strict";
import {
  analyzeChunk,
  attachDictionary,
  type ChunkAnalysis,
  packAnalyses,
  TermMirror,
  TermNumbering,
  usableAnalysis,
} from "./chunk_analysis.ts";
import { DeltaSegment } from "./postings_delta.ts";
import { mergeSegments } from "./postings_merge.ts";
import { decodeSegment, encodeSegment, POSTINGS_FORMAT } from "./postings_file.ts";
import { Segment } from "./postings_segment.ts";
import { openSqliteStore } from "./sqlite.ts";
import type { StoredChunk } from "./store.ts";
import { DEFAULT_ANALYZER } from "./term_analyzer.ts";
import { detectLanguage } from "../text/mod.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

interface Fields {
  title: string;
  heading: string;
  text: string;
  lang: string;
}

/** Chunks of the multilingual lore sample and the English lore pages, with languages. */
async function sampleFields(): Promise<Fields[]> {
  const out: Fields[] = [];
  const jsonl = await Deno.readTextFile(`${ROOT}sample/lore-eval-multilingual/corpus.jsonl`);
  for (const line of jsonl.split("\n").filter((l) => l.trim())) {
    const { title, text } = JSON.parse(line) as { title: string; text: string };
    out.push({ title, heading: `${title} › Lead`, text, lang: detectLanguage(text) });
  }
  const names = [...Deno.readDirSync(`${ROOT}sample/lore`)].map((e) => e.name).sort();
  for (const name of names.filter((n) => n.endsWith(".html"))) {
    const text = Deno.readTextFileSync(`${ROOT}sample/lore/${name}`).replace(/<[^>]*>/g, " ");
    const title = name.replace(".html", "").replaceAll("-", " ");
    for (let at = 0; at < text.length; at += 700) {
      out.push({ title, heading: `${title} › Part`, text: text.slice(at, at + 700), lang: "en" });
    }
  }
  return out;
}

/** Analyses as a page worker sends them and the pool receives them (small generations). */
function crossThreads(fields: Fields[], max: number): ChunkAnalysis[] {
  const numbering = new TermNumbering(max);
  const mirror = new TermMirror();
  const out: ChunkAnalysis[] = [];
  for (let i = 0; i < fields.length; i += 3) {
    const page = fields.slice(i, i + 3).map((f) =>
      analyzeChunk(DEFAULT_ANALYZER, f.title, f.heading, f.text, f.lang, numbering)
    );
    const message = structuredClone({ analyses: packAnalyses(page), terms: numbering.take() });
    attachDictionary(message.analyses, mirror.apply(message.terms));
    out.push(...message.analyses);
  }
  return out;
}

const HEADER = { format: POSTINGS_FORMAT, analyzer: DEFAULT_ANALYZER.version, storeId: "s" };

function segmentBytes(delta: DeltaSegment): Uint8Array {
  return encodeSegment(mergeSegments(Segment.empty(), null, delta), { ...HEADER, logId: 0 });
}

Deno.test("an analysis made ahead adds exactly the postings the delta makes itself", async () => {
  const fields = await sampleFields();
  assert.ok(new Set(fields.map((f) => f.lang)).size >= 3, "several languages");
  const own = new DeltaSegment();
  fields.forEach((f, i) =>
    own.addChunk(i + 1, DEFAULT_ANALYZER, f.title, f.heading, f.text, f.lang)
  );
  const expected = segmentBytes(own);
  for (const max of [1_000_000, 50]) {
    const ahead = new DeltaSegment();
    const analyses = crossThreads(fields, max);
    analyses.forEach((a, i) => {
      assert.ok(usableAnalysis(a, DEFAULT_ANALYZER, fields[i].lang));
      ahead.addAnalysis(i + 1, a);
    });
    assert.deepEqual(ahead.seqs, own.seqs);
    assert.deepEqual(ahead.lengths, own.lengths);
    assert.deepEqual(segmentBytes(ahead), expected, `numbering of at most ${max} terms`);
  }
});

Deno.test("an analysis unfit for the chunk is not usable", () => {
  const a = analyzeChunk(DEFAULT_ANALYZER, "Rivers", "Rivers", "The rivers run", "en");
  const usable = (x: ChunkAnalysis, lang: string, analyzer = DEFAULT_ANALYZER): boolean =>
    usableAnalysis(x, analyzer, lang);
  assert.ok(usable(a, "en"));
  assert.ok(!usable(a, "de"), "another language");
  assert.ok(!usable(a, "en", { ...DEFAULT_ANALYZER, version: "other" }), "another analyzer");
  assert.ok(!usable({ ...a, dictionary: undefined }, "en"), "no dictionary");
  assert.ok(!usable({ ...a, dictionary: [] }, "en"), "unknown term numbers");
  const numbered = analyzeChunk(DEFAULT_ANALYZER, "R", "R", "rivers", "en", new TermNumbering());
  assert.equal(numbered.dictionary, undefined, "a numbered analysis waits for its mirror");
});

Deno.test("a numbering starts a new generation when full, and the mirror follows", () => {
  const numbering = new TermNumbering(2);
  const mirror = new TermMirror();
  assert.deepEqual([numbering.id("a"), numbering.id("b"), numbering.id("a")], [0, 1, 0]);
  const first = mirror.apply(numbering.take());
  assert.deepEqual(first, ["a", "b"]);
  assert.equal(numbering.id("c"), 0, "numbers restart after a full generation");
  const second = mirror.apply(numbering.take());
  assert.deepEqual(second, ["c"]);
  assert.deepEqual(first, ["a", "b"], "analyses in flight keep the old list");
});

function stored(fields: Fields[], analyses?: ChunkAnalysis[]): StoredChunk[] {
  return fields.map((f, i) => ({
    id: `doc${Math.floor(i / 4)}#${i % 4}`,
    text: f.text,
    metadata: {
      documentId: `doc${Math.floor(i / 4)}`,
      title: f.title,
      url: "",
      heading: f.heading,
      position: i % 4,
      contentHash: "h",
      lang: f.lang,
    },
    ...(analyses ? { analysis: analyses[i] } : {}),
  }));
}

Deno.test("a store written with analyses made ahead holds and finds the same", async () => {
  const fields = await sampleFields();
  const dir = await Deno.makeTempDir();
  try {
    const variants = {
      own: stored(fields),
      ahead: stored(fields, crossThreads(fields, 40)),
      // An analysis in another language than the chunk's is ignored, not trusted.
      unfit: stored(fields, crossThreads(fields.map((f) => ({ ...f, lang: "xx" })), 40)),
    };
    const results: Record<string, { hits: unknown; segment: unknown }> = {};
    for (const [name, chunks] of Object.entries(variants)) {
      const path = `${dir}/${name}.sqlite`;
      const store = openSqliteStore({ path });
      for (let i = 0; i < chunks.length; i += 7) await store.upsert(chunks.slice(i, i + 7));
      const hits = [];
      for (const q of ["river crown", "Drache", "the ember king", "ville", "alliance war"]) {
        hits.push(await store.query({ text: q, topK: 8 }));
      }
      await store.close();
      const decoded = decodeSegment(await Deno.readFile(`${path}.postings`))!;
      results[name] = { hits, segment: decoded.segment.a };
    }
    assert.ok((results.own.hits as unknown[][]).some((h) => h.length > 0));
    assert.deepEqual(results.ahead, results.own);
    assert.deepEqual(results.unfit, results.own);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
