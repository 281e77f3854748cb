/**
 * The fast dump path writes exactly what the plain path writes: pages chunked and
 * analyzed in page workers, many documents per store transaction, against chunking and
 * analysis in the writing thread with a commit per write — same chunks (ids, text,
 * metadata, versions, word digests), same document records, same postings segment, same
 * answers.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { indexDocuments, type IndexOptions } from "../../lib/ingest/index.ts";
import type { SourceEntry } from "../../lib/ingest/source_document.ts";
import { documentsFromDump } from "../../lib/sources/mediawiki_dump.ts";
import { workerPagePool } from "../../lib/sources/page_pool.ts";
import { openSqliteStore } from "../../lib/vectorstore/sqlite.ts";
import { decodeSegment } from "../../lib/vectorstore/postings_file.ts";
import type { VectorStore } from "../../lib/vectorstore/store.ts";
import { createEmbedder } from "../../lib/embeddings/mod.ts";
import { parseConfig } from "../../lib/config/mod.ts";

const SAMPLES = new URL("../../../shared/data/real-sources/wikitext/", import.meta.url).pathname;
const CHUNKS = { size: 1200, overlap: 150, unit: "chars" as const };

async function sampleDump(copies: number): Promise<string> {
  const names = [...Deno.readDirSync(SAMPLES)].map((e) => e.name).sort();
  const pages: string[] = [];
  for (let copy = 0; copy < copies; copy++) {
    for (const name of names) {
      const text = (await Deno.readTextFile(SAMPLES + name))
        .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
      pages.push(
        `<page><title>${name} ${copy}</title><ns>0</ns><revision><id>${pages.length + 1}</id>` +
          `<text>${copy === 1 ? "A second copy. " : ""}${text}</text></revision></page>`,
      );
    }
  }
  return `<mediawiki><siteinfo><base>https://wiki.example/wiki/Main</base></siteinfo>
${pages.join("\n")}</mediawiki>`;
}

/** Everything stored: chunks, records (without their time), postings, a few answers. */
async function contents(path: string, store: VectorStore) {
  const answers = [];
  for (const q of ["anarchism", "Washington Nationals stadium", "Botschafter", "Firefox"]) {
    answers.push((await store.query({ text: q, topK: 5 })).map((h) => [h.id, h.score]));
  }
  await store.close();
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const chunks = db.prepare(
      `SELECT id, document_id, position, text, title, url, heading, content_hash, lang,
       word_digest FROM chunks ORDER BY id`,
    ).all();
    const records = db.prepare(
      "SELECT document_id, content_hash, title, url, chunk_ids, version FROM documents ORDER BY 1",
    ).all();
    const segment = decodeSegment(await Deno.readFile(`${path}.postings`))!.segment.a;
    return { chunks, records, segment, answers };
  } finally {
    db.close();
  }
}

async function ingest(
  dir: string,
  name: string,
  xml: string,
  fast: boolean,
  extra: Partial<IndexOptions> = {},
) {
  const path = `${dir}/${name}.sqlite`;
  const store = openSqliteStore({ path });
  const pool = fast ? workerPagePool(1, { prepare: CHUNKS }) : undefined;
  const embedder = createEmbedder(parseConfig({ EMBEDDINGS_PROVIDER: "none" }));
  try {
    const entries: AsyncIterable<SourceEntry> = documentsFromDump(
      () => new Blob([xml]).stream(),
      { source: "d.xml", reopen: true, ...(pool ? { pool } : {}) },
    );
    const report = await indexDocuments(entries, {
      store,
      embedder,
      chunkOptions: CHUNKS,
      ...(fast ? { writeBatch: 8 } : {}),
      ...extra,
    });
    return { report, path, store };
  } finally {
    pool?.close();
  }
}

Deno.test("pages prepared in workers and written in batches store exactly the same", async () => {
  const xml = await sampleDump(3);
  const dir = await Deno.makeTempDir({ prefix: "lorechat-prepared-" });
  try {
    const plain = await ingest(dir, "plain", xml, false);
    const fast = await ingest(dir, "fast", xml, true);
    assert.deepEqual(fast.report, plain.report);
    assert.ok(plain.report.indexed >= 45 && plain.report.failed === 0);
    const expected = await contents(plain.path, plain.store);
    assert.ok(expected.chunks.length > 500, `${expected.chunks.length} chunks`);
    assert.deepEqual(await contents(fast.path, fast.store), expected);

    // Re-ingest through the fast path: nothing changes, nothing is written.
    const again = await ingest(dir, "fast", xml, true);
    assert.equal(again.report.unchanged, plain.report.indexed);
    assert.equal(again.report.indexed + again.report.chunksAdded + again.report.chunksDeleted, 0);
    assert.deepEqual(await contents(again.path, again.store), expected);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a document failing inside a write batch leaves the others written", async () => {
  const xml = await sampleDump(1);
  const dir = await Deno.makeTempDir({ prefix: "lorechat-batch-" });
  try {
    const path = `${dir}/b.sqlite`;
    const real = openSqliteStore({ path });
    let batches = 0;
    // The store fails one document's chunks half-way through writing them (a chunk
    // the store refuses after the others went in); batching goes on around it.
    const store: VectorStore = Object.assign(Object.create(real), {
      upsert: (chunks: Parameters<VectorStore["upsert"]>[0]) =>
        real.upsert(
          chunks[0]?.metadata.documentId.includes("BBDO")
            ? [...chunks, { ...chunks[0], id: "bad#0", text: null as unknown as string }]
            : chunks,
        ),
      beginWriteBatch: () => (batches++, real.beginWriteBatch!()),
    });
    const result = await ingest(dir, "unused", xml, true, { store, writeBatch: 4 });
    assert.equal(result.report.failed, 1);
    assert.match(result.report.failures[0].reason, /sqlite upsert failed/);
    assert.equal(result.report.indexed, 16);
    assert.ok(batches >= 4, `${batches} batches`);
    const records = await real.listDocuments();
    assert.equal(records.length, 16);
    assert.ok(!records.some((r) => r.documentId.includes("BBDO")));
    const hits = await real.query({ text: "BBDO advertising agency", topK: 50 });
    assert.ok(!hits.some((h) => h.metadata.documentId.includes("BBDO")), "its chunks undone");
    await real.close();
    const reopened = openSqliteStore({ path });
    assert.equal((await reopened.info()).documents, 16, "committed");
    await reopened.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
