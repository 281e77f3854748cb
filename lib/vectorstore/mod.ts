/**
 * Vector stores: where indexed chunks live and how they are found again. Build the
 * configured one with {@linkcode createVectorStore}; code against {@linkcode VectorStore}.
 *
 * - `sqlite` (default): embedded, `node:sqlite` as the source of truth; BM25 through a
 *   postings index beside the database (MaxScore over block-compressed postings, built
 *   with an injected {@linkcode TermAnalyzer}; FTS5 on request), cosine over stored
 *   vectors when an embedder is configured (exact scan, or IVF over int8 vectors from
 *   100,000 vectors on), the two fused by reciprocal rank. One writer, many readers.
 * - `upstash`: Upstash Vector over REST via `@upstash/vector`, in `dense`, `hybrid`
 *   (dense + our BM25 sparse vectors, fused by RRF) or `hosted` (Upstash embeds text)
 *   mode.
 *
 * @example
 * ```ts
 * import { parseConfig } from "../config/mod.ts";
 * import { createVectorStore } from "./mod.ts";
 * const dir = await Deno.makeTempDir();
 * const store = createVectorStore(parseConfig({ DATA_DIR: dir }));
 * const hits = await store.query({ text: "Who rules Emberfall?", topK: 5 });
 * console.assert(hits.length === 0);
 * await store.close();
 * await Deno.remove(dir, { recursive: true });
 * ```
 *
 * @module
 */
export {
  type ChunkMetadata,
  type DocumentRecord,
  type QueryHit,
  type QueryOptions,
  type StoredChunk,
  type StoreInfo,
  type VectorStore,
  VectorStoreError,
} from "./store.ts";
export { createVectorStore, SQLITE_FILE, type VectorStoreDeps } from "./factory.ts";
export { loadVectorStore } from "./load.ts";
export {
  type BatchAnalyzer,
  bulkUpsert,
  type BulkUpsertOptions,
  defaultBulkWorkers,
  workerBatchAnalyzer,
} from "./bulk_upsert.ts";
export { openSqliteStore, type SqliteStoreOptions } from "./sqlite.ts";
export type { CommonTermPolicy } from "./sqlite_search.ts";
export type { LexicalEngine } from "./sqlite_writes.ts";
export { DEFAULT_ANALYZER, type TermAnalyzer } from "./term_analyzer.ts";
export type { IvfOptions } from "./ivf_index.ts";
export { createUpstashStore, type UpstashMode, type UpstashStoreOptions } from "./upstash.ts";
