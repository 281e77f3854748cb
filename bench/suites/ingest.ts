/**
 * `ingest`: documents/s and chunks/s through the real pipeline — clean (HTML →
 * Markdown) → chunk → index into a fresh sqlite store, no embedder — on the sample lore
 * pages repeated to ~1,000 documents with distinct ids. The files are read into memory
 * first, so disk reads are not timed. Next to it, the store's raw write speed: the same
 * chunks upserted in batches of 1,000 with no pipeline around them.
 *
 * @module
 */
import { createNoEmbedder } from "../../lib/embeddings/mod.ts";
import {
  chunkMarkdown,
  documentFromHtml,
  indexDocuments,
  listSourceFiles,
  type SourceDocument,
} from "../../lib/ingest/mod.ts";
import { openSqliteStore, type StoredChunk } from "../../lib/vectorstore/mod.ts";
import type { BenchContext, Suite, SuiteOutcome } from "../types.ts";

const TARGET_DOCUMENTS = 1_000;
const CHUNKING = { size: 1200, overlap: 150, unit: "chars" } as const;

async function run(ctx: BenchContext): Promise<SuiteOutcome> {
  const dir = `${ctx.root}/sample/lore`;
  const files = (await listSourceFiles(dir)).filter((f) => f.endsWith(".html"));
  const pages = await Promise.all(
    files.map(async (f) => ({
      id: f.replace(/\.html$/, ""),
      bytes: await Deno.readFile(`${dir}/${f}`),
    })),
  );
  const copies = Math.ceil(TARGET_DOCUMENTS / pages.length);
  let cleanMs = 0;
  const cleaned: SourceDocument[] = [];
  async function* documents(): AsyncGenerator<SourceDocument> {
    for (let copy = 0; copy < copies; copy++) {
      for (const page of pages) {
        const t = performance.now();
        const doc = await documentFromHtml(`${page.id}~${copy}`, page.bytes);
        cleanMs += performance.now() - t;
        cleaned.push(doc);
        yield doc;
      }
    }
  }
  const path = `${ctx.tempDir}/ingest-${crypto.randomUUID()}.sqlite`;
  const store = openSqliteStore({ path, dimensions: null });
  const started = performance.now();
  let report;
  try {
    report = await indexDocuments(documents(), {
      store,
      embedder: createNoEmbedder(),
      chunkOptions: CHUNKING,
    });
  } finally {
    await store.close();
  }
  const totalMs = performance.now() - started;
  if (report.failed > 0) throw new Error(`${report.failed} documents failed to index`);

  // The same chunks, written straight to a fresh store: the floor the pipeline sits on.
  const chunks = cleaned.flatMap(storedChunks);
  const raw = openSqliteStore({ path: `${path}.raw`, dimensions: null });
  const t = performance.now();
  try {
    for (let i = 0; i < chunks.length; i += 1_000) await raw.upsert(chunks.slice(i, i + 1_000));
  } finally {
    await raw.close();
  }
  const rawMs = performance.now() - t;
  const seconds = totalMs / 1000;
  const documentsPerSecond = report.documents / seconds;
  const chunksPerSecond = report.chunksAdded / seconds;
  const rawChunksPerSecond = report.chunksAdded / (rawMs / 1000);
  return {
    rows: [
      {
        figure: "documents/s (clean → chunk → index)",
        unit: "docs/s",
        ours: documentsPerSecond,
        better: "higher",
        target: 50,
      },
      {
        figure: "chunks/s",
        unit: "chunks/s",
        ours: chunksPerSecond,
        peer: "raw store.upsert, 1,000-chunk batches",
        peerValue: rawChunksPerSecond,
        better: "higher",
      },
      {
        figure: "share of time cleaning",
        unit: "%",
        ours: (cleanMs / totalMs) * 100,
        better: "lower",
      },
    ],
    details: {
      documents: report.documents,
      chunks: report.chunksAdded,
      seconds,
      cleanSeconds: cleanMs / 1000,
      chunkAndIndexSeconds: (totalMs - cleanMs) / 1000,
      rawUpsertSeconds: rawMs / 1000,
    },
    notes: [
      `${report.documents} documents (${pages.length} lore pages × ${copies}), ` +
      `${report.chunksAdded} chunks; one document at a time as \`deno task ingest\` does ` +
      "(a record lookup, a delete sweep, an upsert and a record write per document).",
    ],
  };
}

/** A document's chunks as the indexer stores them. */
function storedChunks(doc: SourceDocument): StoredChunk[] {
  return chunkMarkdown(doc.markdown, {
    ...CHUNKING,
    documentId: doc.id,
    title: doc.title,
    url: doc.url,
  })
    .map((c) => ({
      id: c.id,
      text: c.text,
      metadata: {
        documentId: doc.id,
        title: doc.title,
        url: doc.url,
        heading: c.heading,
        position: c.position,
        contentHash: doc.contentHash,
      },
    }));
}

/** The suite. */
export const ingestSuite: Suite = {
  name: "ingest",
  description: "documents/s and chunks/s through clean → chunk → index (sqlite, no embedder)",
  run,
};
