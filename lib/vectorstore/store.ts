/**
 * The `VectorStore` seam: where indexed chunks live and how they are found again.
 * Implementations: `sqlite.ts` (embedded default) and `upstash.ts` (Upstash Vector REST).
 *
 * @module
 */
import type { ChunkAnalysis } from "./chunk_analysis.ts";

/** What the store keeps about a chunk besides its text and vector. */
export interface ChunkMetadata {
  /** Stable id of the source document (e.g. its relative path or URL). */
  documentId: string;
  /** Title of the source page. */
  title: string;
  /** Absolute URL of the source page, or "" when unknown. */
  url: string;
  /** Heading path within the page: `Page › Section › Subsection`. */
  heading: string;
  /** Position of the chunk within its document, from 0. */
  position: number;
  /** Content hash of the whole source document, for change detection. */
  contentHash: string;
  /** When the document was indexed (ISO 8601). */
  indexedAt?: string;
  /**
   * Language of the chunk's text (BCP-47 primary subtag, e.g. "de"), as the page declared
   * it or the analyzer detected it; stores analyze the chunk in it. Detected when absent.
   */
  lang?: string;
}

/** A chunk ready to be stored. `id` is deterministic: (documentId, position). */
export interface StoredChunk {
  id: string;
  text: string;
  metadata: ChunkMetadata;
  /** Dense vector, when an embedder is configured. */
  vector?: number[];
  /**
   * The chunk's index terms made ahead (e.g. in a page worker), which a store may use
   * instead of analyzing the chunk itself; it changes nothing that is stored.
   */
  analysis?: ChunkAnalysis;
  /**
   * The chunk's word digest (`lib/text/word_digest.ts`) when already made (by a page
   * worker that analyzed the chunk); a store that keeps digests makes it otherwise.
   */
  wordDigest?: string;
}

/** One retrieval hit. `score` is higher-is-better; its scale depends on the store. */
export interface QueryHit {
  id: string;
  text: string;
  metadata: ChunkMetadata;
  score: number;
  /**
   * The chunk's word digest (`lib/text/word_digest.ts`), when the store keeps one: the
   * chat turn then reads the chunk's words from it instead of analyzing its text.
   */
  wordDigest?: string;
}

/** A retrieval request. At least one of `text` and `vector` must be given. */
export interface QueryOptions {
  /** The query text, used for lexical (BM25) search and hosted-embedding stores. */
  text?: string;
  /** The query vector, used for dense search. */
  vector?: number[];
  /** How many hits to return. */
  topK: number;
  /** Only return chunks of these documents. */
  documentIds?: string[];
  signal?: AbortSignal;
}

/** What the store holds, for `/api/info` and readiness. */
export interface StoreInfo {
  kind: string;
  chunks: number;
  documents: number;
  /** ISO time of the last completed ingestion, or null when unknown / never. */
  lastIndexedAt: string | null;
  /** Dimension of stored vectors, or null for lexical only. */
  dimensions: number | null;
}

/** Per-document bookkeeping used for idempotent ingestion. */
export interface DocumentRecord {
  documentId: string;
  contentHash: string;
  title: string;
  url: string;
  chunkIds: string[];
  /** Ordering token of the source version (e.g. S3 sequencer); newer must compare greater. */
  version?: string;
  indexedAt: string;
}

/** Store of chunks with lexical and/or dense retrieval. */
export interface VectorStore {
  /** Short name: "sqlite", "upstash". */
  readonly kind: string;
  /** Inserts or replaces chunks by id. */
  upsert(chunks: StoredChunk[], signal?: AbortSignal): Promise<void>;
  /** Best hits for the query, best first. */
  query(options: QueryOptions): Promise<QueryHit[]>;
  /** Deletes chunks by id; unknown ids are ignored. */
  deleteIds(ids: string[], signal?: AbortSignal): Promise<void>;
  /** Deletes every chunk of a document and its record; returns how many chunks went. */
  deleteDocument(documentId: string, signal?: AbortSignal): Promise<number>;
  /** The bookkeeping record of a document, or null when it was never indexed. */
  getDocument(documentId: string, signal?: AbortSignal): Promise<DocumentRecord | null>;
  /** Saves the bookkeeping record of a document (after its chunks are upserted). */
  putDocument(record: DocumentRecord, signal?: AbortSignal): Promise<void>;
  /** Every document record (for listing, suggestions and removal of deleted sources). */
  listDocuments(signal?: AbortSignal): Promise<DocumentRecord[]>;
  /** Counts and freshness. */
  info(signal?: AbortSignal): Promise<StoreInfo>;
  /** Removes everything. */
  reset(signal?: AbortSignal): Promise<void>;
  /** Cheap liveness probe for `/api/ready`; throws when the store is unreachable. */
  ping(signal?: AbortSignal): Promise<void>;
  /** Releases resources (database handles). */
  close(): Promise<void>;
  /**
   * Optional: groups the writes that follow into one transaction until
   * {@linkcode VectorStore.endWriteBatch}, so a run of many small documents commits
   * once per batch instead of once per write. Each write stays all-or-nothing on its
   * own; this store reads the batch's writes at once, other readers at its end.
   */
  beginWriteBatch?(signal?: AbortSignal): Promise<void>;
  /** Commits the writes since {@linkcode VectorStore.beginWriteBatch} (none: nothing). */
  endWriteBatch?(signal?: AbortSignal): Promise<void>;
}

/** Thrown by a store when its backend fails; `kind` tells the route what to say. */
export class VectorStoreError extends Error {
  constructor(
    message: string,
    readonly kind: "unavailable" | "timeout" | "invalid" | "unknown",
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "VectorStoreError";
  }
}
