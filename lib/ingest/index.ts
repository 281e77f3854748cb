/**
 * Idempotent indexing: documents in, chunks embedded and stored, with per-document
 * bookkeeping so a re-run over unchanged input writes nothing, a changed document
 * replaces exactly its own chunks, and an out-of-order older version is skipped.
 *
 * @module
 */
import type { Embedder } from "../embeddings/embedder.ts";
import type { DocumentRecord, StoredChunk, VectorStore } from "../vectorstore/store.ts";
import type { Chunk } from "./chunk.ts";
import { writeBatcher } from "./write_batch.ts";
import {
  chunkDocument,
  documentLanguage,
  type IndexChunkOptions,
  usablePrepared,
} from "./prepared.ts";
import { type ClaimTiming, type DocumentClaims, withClaim } from "./claims.ts";
import {
  isSourceFailure,
  sha256Hex,
  type SourceDocument,
  type SourceEntry,
} from "./source_document.ts";

export type { IndexChunkOptions } from "./prepared.ts";

/** What happened to one document. */
export type IndexOutcome = "added" | "updated" | "unchanged" | "outdated" | "failed";

/** Reported after each document. */
export interface IndexProgress {
  /** Documents finished so far (any outcome). */
  done: number;
  id: string;
  outcome: IndexOutcome;
}

/** Options for {@linkcode indexDocuments}. */
export interface IndexOptions {
  store: VectorStore;
  embedder: Embedder;
  chunkOptions: IndexChunkOptions;
  /** Texts per `embedDocuments` call. Default 64. */
  batchSize?: number;
  /**
   * After a complete run, delete every stored document this run did not see (a full
   * folder run mirrors the folder). Skipped when any document failed, so a page that
   * could not be read is never mistaken for a deleted one.
   */
  prune?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: IndexProgress) => void;
  /** Clock for `indexedAt`. */
  now?: () => Date;
  /**
   * Leases that serialize writers of the same document across instances (see
   * `claims.ts`): a document that needs writing is written under its lease, after the
   * store is read again. Without them, concurrent writers of one document may race.
   */
  claims?: DocumentClaims;
  /** Lease lifetime and wait; defaults in `claims.ts`. */
  claimTiming?: ClaimTiming;
  /**
   * Documents whose writes share one store transaction, where the store can group
   * writes (`VectorStore.beginWriteBatch`); a batch also ends after `WRITE_BATCH_MS`.
   * Default 1: every write commits on its own. Ignored with `claims` (another
   * instance must see a document once its lease is released).
   */
  writeBatch?: number;
}

export { WRITE_BATCH_MS } from "./write_batch.ts";

/** The outcome of a run. Counts are exact: they come from the stored records. */
export interface IndexReport {
  /** Documents seen, whatever happened to them. */
  documents: number;
  /** Documents written (new or changed). */
  indexed: number;
  chunksAdded: number;
  chunksUpdated: number;
  chunksDeleted: number;
  /** Documents whose content and settings match what is stored: nothing written. */
  unchanged: number;
  /** Documents skipped because the store holds a newer version. */
  outdated: number;
  /** Documents removed by pruning. */
  pruned: number;
  /** Why pruning was asked for but not done. */
  pruneSkipped?: string;
  failed: number;
  failures: { id: string; reason: string }[];
}

/**
 * Compares ordering tokens the way S3 event sequencers are compared: hex strings, the
 * shorter right-padded with zeros. Negative when `a` is older than `b`.
 */
export function compareVersions(a: string, b: string): number {
  const width = Math.max(a.length, b.length);
  const pa = a.toUpperCase().padEnd(width, "0");
  const pb = b.toUpperCase().padEnd(width, "0");
  return pa < pb ? -1 : pa > pb ? 1 : 0;
}

/**
 * What decides whether a stored document is current: its content, title and url, the
 * chunk settings and the embedder. Any change re-indexes; none means nothing is written.
 */
async function fingerprint(doc: SourceDocument, options: IndexOptions): Promise<string> {
  const { size, overlap, unit } = options.chunkOptions;
  const { kind, dimensions } = options.embedder;
  return await sha256Hex(
    JSON.stringify([doc.contentHash, doc.title, doc.url, size, overlap, unit, kind, dimensions]),
  );
}

/** The text embedded for a chunk: its heading path gives the embedding its context. */
function embeddingText(chunk: Chunk): string {
  return chunk.heading ? `${chunk.heading}\n\n${chunk.text}` : chunk.text;
}

async function embedChunks(chunks: Chunk[], options: IndexOptions): Promise<number[][] | null> {
  if (options.embedder.dimensions === null || chunks.length === 0) return null;
  const batch = options.batchSize ?? 64;
  const vectors: number[][] = [];
  for (let i = 0; i < chunks.length; i += batch) {
    const texts = chunks.slice(i, i + batch).map(embeddingText);
    const got = await options.embedder.embedDocuments(texts, options.signal);
    if (got.length !== texts.length) {
      throw new Error(`embedder returned ${got.length} vectors for ${texts.length} texts`);
    }
    vectors.push(...got);
  }
  return vectors;
}

type Counts = Pick<IndexReport, "chunksAdded" | "chunksUpdated" | "chunksDeleted">;

/** "outdated" or "unchanged" when the stored record makes writing `doc` unnecessary. */
function settled(
  existing: DocumentRecord | null,
  doc: SourceDocument,
  hash: string,
): IndexOutcome | null {
  if (existing?.version && doc.version && compareVersions(existing.version, doc.version) > 0) {
    return "outdated";
  }
  return existing?.contentHash === hash ? "unchanged" : null;
}

/** Indexes one document, under its lease when claims are configured. */
async function indexDocument(
  doc: SourceDocument,
  options: IndexOptions,
): Promise<{ outcome: IndexOutcome } & Counts> {
  if (!options.claims) return await indexDocumentNow(doc, options);
  // Nothing to write needs no lease; otherwise decide again once the lease is held.
  const existing = await options.store.getDocument(doc.id, options.signal);
  if (settled(existing, doc, await fingerprint(doc, options))) {
    return await indexDocumentNow(doc, options);
  }
  return await withClaim(
    options.claims,
    doc.id,
    () => indexDocumentNow(doc, options),
    options.claimTiming,
  );
}

/** Indexes one document; returns its outcome and chunk counts. */
async function indexDocumentNow(
  doc: SourceDocument,
  options: IndexOptions,
): Promise<{ outcome: IndexOutcome } & Counts> {
  const { store, signal } = options;
  const none = { chunksAdded: 0, chunksUpdated: 0, chunksDeleted: 0 };
  const existing = await store.getDocument(doc.id, signal);
  const hash = await fingerprint(doc, options);
  const skip = settled(existing, doc, hash);
  if (skip) return { outcome: skip, ...none };

  // Chunks (and their terms) made ahead where the document was made, when they fit.
  const prepared = usablePrepared(doc, options.chunkOptions);
  const chunks = prepared?.chunks ?? chunkDocument(doc, options.chunkOptions);
  const vectors = await embedChunks(chunks, options);
  const indexedAt = (options.now?.() ?? new Date()).toISOString();
  // With no record, chunks of an interrupted earlier run may linger: sweep them first.
  const swept = existing ? 0 : await store.deleteDocument(doc.id, signal);
  const lang = prepared?.lang ?? documentLanguage(doc);
  const analyses = prepared?.analyses;
  const digests = prepared?.digests;
  const stored: StoredChunk[] = chunks.map((chunk, i) => ({
    id: chunk.id,
    text: chunk.text,
    metadata: {
      documentId: doc.id,
      title: doc.title,
      url: doc.url,
      heading: chunk.heading,
      position: chunk.position,
      contentHash: hash,
      indexedAt,
      lang,
    },
    ...(vectors ? { vector: vectors[i] } : {}),
    ...(analyses?.[i] ? { analysis: analyses[i] } : {}),
    ...(typeof digests?.[i] === "string" ? { wordDigest: digests[i]! } : {}),
  }));
  if (stored.length > 0) await store.upsert(stored, signal);
  const previous = new Set(existing?.chunkIds ?? []);
  const ids = chunks.map((c) => c.id);
  const current = new Set(ids);
  const stale = [...previous].filter((id) => !current.has(id));
  if (stale.length > 0) await store.deleteIds(stale, signal);
  const record: DocumentRecord = {
    documentId: doc.id,
    contentHash: hash,
    title: doc.title,
    url: doc.url,
    chunkIds: ids,
    indexedAt,
    ...(doc.version ? { version: doc.version } : {}),
  };
  await store.putDocument(record, signal);
  const updated = ids.filter((id) => previous.has(id)).length;
  return {
    outcome: existing ? "updated" : "added",
    chunksAdded: ids.length - updated,
    chunksUpdated: updated,
    chunksDeleted: stale.length + swept,
  };
}

/** A report with every count at zero. */
export function emptyReport(): IndexReport {
  return {
    documents: 0,
    indexed: 0,
    chunksAdded: 0,
    chunksUpdated: 0,
    chunksDeleted: 0,
    unchanged: 0,
    outdated: 0,
    pruned: 0,
    failed: 0,
    failures: [],
  };
}

/**
 * Indexes every document of `entries`. One failing document is recorded in the report
 * and the rest continue; an abort through `signal` stops the run and rethrows.
 *
 * @example
 * ```ts ignore
 * const report = await indexDocuments(readSourceTree("sample/lore"), {
 *   store, embedder, chunkOptions: { size: 1200, overlap: 150, unit: "chars" },
 * });
 * ```
 */
export async function indexDocuments(
  entries: AsyncIterable<SourceEntry> | Iterable<SourceEntry>,
  options: IndexOptions,
): Promise<IndexReport> {
  const report = emptyReport();
  // Every id of the run, for `prune` only: kept without it, a dump of 10^6 pages would
  // hold ~80 MB of ids for nothing.
  const seen = options.prune ? new Set<string>() : null;
  const finish = (id: string, outcome: IndexOutcome) => {
    report.documents++;
    options.onProgress?.({ done: report.documents, id, outcome });
  };
  const batch = writeBatcher(options);
  try {
    for await (const entry of entries) {
      options.signal?.throwIfAborted();
      seen?.add(entry.id);
      if (!isSourceFailure(entry)) await batch.before();
      await indexEntry(entry, report, options, finish);
      await batch.after();
    }
  } finally {
    await batch.end();
  }
  if (seen) await pruneUnseen(seen, report, options);
  return report;
}

/** Indexes one entry (or records its failure) into `report`. */
async function indexEntry(
  entry: SourceEntry,
  report: IndexReport,
  options: IndexOptions,
  finish: (id: string, outcome: IndexOutcome) => void,
): Promise<void> {
  if (isSourceFailure(entry)) {
    report.failed++;
    report.failures.push({ id: entry.id, reason: entry.reason });
    finish(entry.id, "failed");
    return;
  }
  try {
    const result = await indexDocument(entry, options);
    report.chunksAdded += result.chunksAdded;
    report.chunksUpdated += result.chunksUpdated;
    report.chunksDeleted += result.chunksDeleted;
    if (result.outcome === "unchanged") report.unchanged++;
    else if (result.outcome === "outdated") report.outdated++;
    else report.indexed++;
    finish(entry.id, result.outcome);
  } catch (error) {
    if (options.signal?.aborted) throw error;
    report.failed++;
    report.failures.push({ id: entry.id, reason: (error as Error).message ?? String(error) });
    finish(entry.id, "failed");
  }
}

async function pruneUnseen(seen: Set<string>, report: IndexReport, options: IndexOptions) {
  if (report.failed > 0) {
    report.pruneSkipped = `${report.failed} document(s) failed`;
    return;
  }
  const records = await options.store.listDocuments(options.signal);
  const gone = records.map((r) => r.documentId).filter((id) => !seen.has(id));
  const removed = await removeDocuments(gone, options);
  report.pruned = removed.documents;
  report.chunksDeleted += removed.chunksDeleted;
}

/** Deletes documents (their chunks and records), e.g. when their sources were deleted. */
export async function removeDocuments(
  ids: Iterable<string>,
  options: { store: VectorStore; signal?: AbortSignal },
): Promise<{ documents: number; chunksDeleted: number }> {
  let documents = 0;
  let chunksDeleted = 0;
  for (const id of ids) {
    const record = await options.store.getDocument(id, options.signal);
    chunksDeleted += await options.store.deleteDocument(id, options.signal);
    if (record) documents++;
  }
  return { documents, chunksDeleted };
}
