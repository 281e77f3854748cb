import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { isDeepStrictEqual } from "node:util";
import { bulkUpsert, workerBatchAnalyzer } from "./bulk_upsert.ts";
import { decodeSegment } from "./postings_file.ts";
import { openSqliteStore } from "./sqlite.ts";
import type { StoredChunk } from "./store.ts";
import { multilingualDocuments, wikitextPieces } from "../../tests/fixtures/sample_texts.ts";

/**
 * Chunks of the multilingual sample and real wikitext pages: most without a language
 * (the store detects it), some declaring one, a few with a digest made elsewhere.
 */
function sampleChunks(): StoredChunk[] {
  const pieces = [...multilingualDocuments(), ...wikitextPieces(800, 5_000)];
  return pieces.map(({ title, text }, i) => ({
    id: `doc${Math.floor(i / 3)}#${i % 3}`,
    text,
    metadata: {
      documentId: `doc${Math.floor(i / 3)}`,
      title,
      url: `https://example.org/${i}`,
      heading: `${title} › Part ${i % 3}`,
      position: i % 3,
      contentHash: `h${Math.floor(i / 3)}`,
      ...(i % 7 === 0 ? { lang: "en" } : {}),
    },
    ...(i % 11 === 0 ? { wordDigest: `lorechat-words/made-elsewhere ${i}` } : {}),
  }));
}

function batches<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Everything a store holds and answers, to compare two ways of writing it. */
async function snapshot(path: string, questions: string[]) {
  const store = openSqliteStore({ path });
  const answers = [];
  for (const text of questions) answers.push(await store.query({ text, topK: 10 }));
  await store.close();
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const rows = db.prepare("SELECT * FROM chunks ORDER BY seq").all();
    const langs = db.prepare("SELECT value FROM meta WHERE key = 'languages'").get();
    const segment = decodeSegment(Deno.readFileSync(`${path}.postings`))!.segment.a;
    return { rows, langs, segment, answers };
  } finally {
    db.close();
  }
}

Deno.test("bulkUpsert stores and finds exactly what upsert does", async () => {
  const chunks = sampleChunks();
  const dir = await Deno.makeTempDir();
  try {
    const plain = `${dir}/plain.sqlite`;
    const store = openSqliteStore({ path: plain });
    for (const batch of batches(chunks, 9)) await store.upsert(batch);
    await store.close();
    // Each chunk's title and the start of its text, for a few chunks of every kind.
    const questions = chunks.filter((_, i) => i % 9 === 0)
      .flatMap((c) => [c.metadata.title, c.text.slice(0, 60)]);
    const expected = await snapshot(plain, questions);
    assert.ok(expected.answers.every((hits) => hits.length > 0), "every question finds chunks");
    for (const [name, options] of Object.entries({ one: { workers: 1 }, two: { workers: 2 } })) {
      const path = `${dir}/${name}.sqlite`;
      const bulk = openSqliteStore({ path });
      // Twice: the second time every chunk replaces itself, as a re-ingest does.
      for (let round = 0; round < 2; round++) {
        assert.equal(await bulkUpsert(bulk, batches(chunks, 9), options), chunks.length);
      }
      await bulk.close();
      const got = await snapshot(path, questions);
      // Part by part, each compared without printing (a diff of every row is huge).
      for (const part of ["rows", "langs", "segment", "answers"] as const) {
        assert.ok(isDeepStrictEqual(got[part], expected[part]), `${name} worker(s): ${part}`);
      }
    }
    const original = structuredClone(chunks);
    assert.deepEqual(chunks, original, "the caller's chunks are left as they were");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bulkUpsert without workers writes through upsert alone", async () => {
  const chunks = sampleChunks().slice(0, 20);
  const store = openSqliteStore({ path: ":memory:" });
  try {
    assert.equal(await bulkUpsert(store, batches(chunks, 6), { analyzer: null }), 20);
    assert.equal((await store.info()).chunks, 20);
  } finally {
    await store.close();
  }
});

Deno.test("a failed batch keeps the batches written before it and nothing of itself", async () => {
  const chunks = sampleChunks().slice(0, 30);
  const bad = chunks.slice(20, 30).map((c, i) => (i === 4 ? { ...c, vector: [] } : c));
  const store = openSqliteStore({ path: ":memory:" });
  const analyzer = workerBatchAnalyzer(1);
  try {
    const source = async function* () {
      yield chunks.slice(0, 10);
      yield chunks.slice(10, 20);
      yield bad;
      yield chunks.slice(0, 5).map((c) => ({ ...c, id: `${c.id}-never` }));
    };
    await assert.rejects(bulkUpsert(store, source(), { analyzer, ahead: 1 }), /empty vector/);
    assert.equal((await store.info()).chunks, 20);
    const hits = await store.query({ text: chunks[25].metadata.title, topK: 50 });
    assert.ok(hits.every((h) => chunks.slice(0, 20).some((c) => c.id === h.id)));
  } finally {
    analyzer?.close();
    await store.close();
  }
});
