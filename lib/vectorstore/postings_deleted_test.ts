import assert from "node:assert/strict";
import { openSqliteStore } from "./sqlite.ts";
import { DeletedDocs } from "./postings_deleted.ts";
import { chunkTerms, DeltaSegment } from "./postings_delta.ts";
import { mergeSegments } from "./postings_merge.ts";
import { Segment } from "./postings_segment.ts";
import { DEFAULT_ANALYZER } from "./term_analyzer.ts";
import { testChunk as chunk } from "./store_contract.ts";
import type { StoredChunk } from "./store.ts";

/** Seeded chunks of Zipf-like words, ten to a page. */
function corpus(n: number, seed: number): StoredChunk[] {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const words = Array.from({ length: 300 }, (_, i) => `w${i}q`);
  const word = () => words[Math.floor(words.length * rand() ** 2.2)];
  return Array.from({ length: n }, (_, i) => {
    const text = Array.from({ length: 8 + Math.floor(rand() * 30) }, word).join(" ");
    return chunk(`p${Math.floor(i / 10)}#${i % 10}`, `Page ${Math.floor(i / 10)}`, "", text);
  });
}

const QUESTIONS = ["w1q", "w3q w40q", "w7q w120q w2q", "w0q w5q", "w90q", "w15q w16q w17q"];

async function answers(path: string) {
  const store = openSqliteStore({ path });
  try {
    const out = [];
    for (const text of QUESTIONS) {
      out.push((await store.query({ text, topK: 10 })).map((h) => [h.id, h.score] as const));
    }
    return out;
  } finally {
    await store.close();
  }
}

Deno.test("deleted and replaced chunks no longer count in document frequencies before a merge", async () => {
  const dir = await Deno.makeTempDir({ prefix: "postings-deleted-" });
  try {
    const chunks = corpus(400, 7);
    const replaced = corpus(30, 11).map((c, i) => ({ ...chunks[i * 7 + 3], text: c.text }));
    const gone = new Set(["p4", "p9", "p17", "p30"]);
    const kept = chunks
      .filter((c) => !gone.has(c.metadata.documentId))
      .map((c) => replaced.find((r) => r.id === c.id) ?? c);

    // Written, merged into the saved segment at close, then changed in the delta.
    const changed = openSqliteStore({ path: `${dir}/changed.sqlite` });
    await changed.upsert(chunks);
    await changed.close();
    const again = openSqliteStore({ path: `${dir}/changed.sqlite` });
    for (const id of gone) await again.deleteDocument(id);
    await again.upsert(replaced.filter((c) => !gone.has(c.metadata.documentId)));
    // The same answers from the writer and from a fresh reader of the pending log.
    const fromWriter = [];
    for (const text of QUESTIONS) {
      fromWriter.push((await again.query({ text, topK: 10 })).map((h) => [h.id, h.score] as const));
    }
    const reader = openSqliteStore({ path: `${dir}/changed.sqlite`, readOnly: true });
    const fromReader = [];
    for (const text of QUESTIONS) {
      fromReader.push(
        (await reader.query({ text, topK: 10 })).map((h) => [h.id, h.score] as const),
      );
    }
    await reader.close();
    const fresh = openSqliteStore({ path: `${dir}/fresh.sqlite` });
    await fresh.upsert(kept);
    await fresh.close();

    const want = await answers(`${dir}/fresh.sqlite`);
    for (const got of [fromWriter, fromReader]) {
      got.forEach((hits, q) => {
        assert.deepEqual(hits.map(([id]) => id), want[q].map(([id]) => id), QUESTIONS[q]);
        hits.forEach(([, score], k) => {
          assert.ok(Math.abs(score - want[q][k][1]) < 1e-12, `${QUESTIONS[q]} #${k}`);
        });
      });
    }
    await again.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("DeletedDocs counts a term's deleted documents by probing and by walking alike", () => {
  const chunks = corpus(3_000, 3);
  const delta = new DeltaSegment();
  chunks.forEach((c, i) => delta.add(i + 1, chunkTerms(DEFAULT_ANALYZER, "", "", c.text)));
  const segment = mergeSegments(Segment.empty(), null, delta);
  const noDelta = { list: undefined, dead: new Uint8Array(0), deadCount: 0 };
  for (const every of [997, 41, 3]) {
    const gone = new DeletedDocs();
    const deleted = new Uint8Array(segment.size);
    // Deleted out of order, as writes come.
    for (let d = segment.size - 1; d >= 0; d--) {
      if ((d * 7919) % every === 0) {
        deleted[d] = 1;
        gone.add(d);
      }
    }
    for (const term of ["w0q", "w1q", "w9q", "w60q", "w250q"]) {
      const t = segment.termIds.get(term)!;
      const holders = chunks.flatMap((c, d) =>
        chunkTerms(DEFAULT_ANALYZER, "", "", c.text).counts.has(term) ? [d] : []
      );
      const want = holders.filter((d) => deleted[d] === 1).length;
      assert.equal(gone.countIn(term, segment, t, deleted, noDelta), want, `${term} 1/${every}`);
    }
  }
});
