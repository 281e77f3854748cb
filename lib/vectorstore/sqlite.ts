/**
 * The embedded default store on `node:sqlite`: BM25 through FTS5 for every chunk,
 * cosine similarity over stored vectors when an embedder is configured, and the two
 * rankings fused by reciprocal rank when both apply.
 *
 * Concurrency: one writer and many readers. The database runs in WAL mode, so other
 * connections (other processes, or other `openSqliteStore` calls on the same file) read
 * a consistent snapshot while a write is in progress; a second writer waits up to
 * `busyTimeoutMs`. Calls on one store are synchronous under the hood and never
 * interleave. The dense vector cache notices commits from other connections through
 * `PRAGMA data_version` and reloads.
 *
 * Scores (higher is better): lexical-only hits score BM25 squashed into [0, 1) as
 * `x / (1 + x)`; dense-only hits `(1 + cosine) / 2`, as Upstash reports cosine; fused
 * hits their reciprocal-rank-fusion sum, `Σ 1 / (60 + rank)`.
 *
 * @module
 */
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { getLogger } from "../log/mod.ts";
import type { IvfOptions } from "./ivf_index.ts";
import { DenseCache } from "./sqlite_dense.ts";
import { reciprocalRankFusion } from "./fusion.ts";
import { clearAll, configureConnection, migrate } from "./sqlite_schema.ts";
import {
  type ChunkRow,
  type CommonTermPolicy,
  cosineScore,
  rowMetadata,
  Searcher,
  squashRelevance,
} from "./sqlite_search.ts";
import { LexicalSearch } from "./sqlite_lexical.ts";
import { type LexicalEngine, SqliteWrites } from "./sqlite_writes.ts";
import { DEFAULT_ANALYZER, type TermAnalyzer } from "./term_analyzer.ts";
import { multilingualQueryTerms } from "../text/mod.ts";
import {
  type DocumentRecord,
  type QueryHit,
  type QueryOptions,
  type StoredChunk,
  type StoreInfo,
  type VectorStore,
  VectorStoreError,
} from "./store.ts";

const log = getLogger(["lorechat", "vectorstore"]);

/** Options for {@linkcode openSqliteStore}. */
export interface SqliteStoreOptions {
  /** Database file (its directory is created), or `":memory:"` for tests. */
  path: string;
  /** Vector length the embedder produces, or null/undefined for lexical only. */
  dimensions?: number | null;
  /** How long a writer waits for another connection's write lock. Default 5000 ms. */
  busyTimeoutMs?: number;
  /** Tuning of lexical search on large stores; the defaults suit most corpora. */
  commonTerms?: CommonTermPolicy;
  /**
   * How stale the vector cache of a large store (10,000+ vectors) may get while writes
   * continue: dense results then lag writes by at most this long. Lexical results never
   * lag. Default 10,000 ms.
   */
  denseRefreshMs?: number;
  /** Clock for the refresh interval (tests). */
  now?: () => number;
  /**
   * Open an existing store for reading only (a serving worker beside one writer): no
   * schema changes, and writes fail. The file must exist and be in WAL mode.
   */
  readOnly?: boolean;
  /**
   * Lexical engine: `postings` (default), an index beside the database (`<path>.postings`)
   * that stays fast at a million chunks; or `fts5`, SQLite's own full-text index.
   */
  lexicalEngine?: LexicalEngine;
  /**
   * Term function of the postings index, used for chunks and questions alike; its
   * version is saved with the index, which is rebuilt when it changes.
   */
  analyzer?: TermAnalyzer;
  /**
   * Postings the lexical index's in-memory delta holds at most before the writer merges
   * it into the file (`PostingsIndexOptions.maxDeltaPostings`): lower holds less memory
   * for more merges. Default `MAX_DELTA_POSTINGS` (1,500,000).
   */
  maxDeltaPostings?: number;
  /**
   * From this many vectors on, dense search uses an approximate IVF index over int8
   * vectors (`ivf_index.ts`) instead of an exact scan. Default 100,000. The index is
   * saved beside the database (`<path>.ivf`) and reused on open until the vectors change.
   */
  annMinVectors?: number;
  /** Tuning of the IVF index. */
  ann?: IvfOptions;
}

/** Each retriever offers the fusion this many candidates, or 4 × topK when more. */
const MIN_FUSION_POOL = 50;

/**
 * Opens (creating when needed) a sqlite store.
 *
 * @throws {VectorStoreError} `invalid` when the file holds vectors of another
 * dimension than `dimensions` or was written by a newer schema; `unavailable` when
 * the file cannot be opened.
 *
 * @example
 * ```ts
 * import { openSqliteStore } from "./sqlite.ts";
 * const store = openSqliteStore({ path: ":memory:" });
 * await store.upsert([{ id: "a#0", text: "The ember crown", metadata: {
 *   documentId: "a", title: "Crown", url: "", heading: "Crown", position: 0, contentHash: "h",
 * } }]);
 * console.assert((await store.query({ text: "crown", topK: 1 }))[0].id === "a#0");
 * await store.close();
 * ```
 */
export function openSqliteStore(options: SqliteStoreOptions): VectorStore {
  return new SqliteStore(options);
}

class SqliteStore implements VectorStore {
  readonly kind = "sqlite";
  private readonly db: DatabaseSync;
  private readonly searcher: Searcher;
  private readonly writes: SqliteWrites;
  private readonly lexical: LexicalSearch;
  private wrote = false;
  private readonly dataVersion: StatementSync;
  private readonly dense: DenseCache;
  private localWrites = 0;
  private langs: { version: string; list: string[] } | null = null;
  private closed = false;
  /** Whether a write batch (`beginWriteBatch`) is open. */
  private batching = false;

  constructor(options: SqliteStoreOptions) {
    const { path } = options;
    try {
      if (path !== ":memory:" && !options.readOnly) mkdirSync(dirname(path), { recursive: true });
      this.db = new DatabaseSync(path, { readOnly: options.readOnly ?? false });
    } catch (error) {
      throw new VectorStoreError(`cannot open sqlite store at ${path}`, "unavailable", {
        cause: error,
      });
    }
    try {
      if (options.readOnly) this.db.exec(`PRAGMA busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
      else configureConnection(this.db, options.busyTimeoutMs ?? 5000);
      if (!options.readOnly && !migrate(this.db)) {
        throw new VectorStoreError(
          `${path} was written by a newer LoreChat; upgrade or use another DATA_DIR`,
          "invalid",
        );
      }
      const engine = options.lexicalEngine ?? "postings";
      this.writes = new SqliteWrites(this.db, options.dimensions ?? null, engine);
      this.searcher = new Searcher(this.db, options.commonTerms);
      const analyzer = options.analyzer ?? DEFAULT_ANALYZER;
      this.lexical = new LexicalSearch(this.db, path, engine, analyzer, this.searcher, {
        readOnly: options.readOnly ?? false,
        maxDeltaPostings: options.maxDeltaPostings,
      });
      this.dataVersion = this.db.prepare("PRAGMA data_version");
      this.dense = new DenseCache(this.db, this.writes, {
        refreshMs: options.denseRefreshMs ?? 10_000,
        now: options.now ?? Date.now,
        annMinVectors: options.annMinVectors ?? 100_000,
        ann: options.ann ?? {},
        file: path === ":memory:" ? null : `${path}.ivf`,
        readOnly: options.readOnly ?? false,
        onSaveError: (error) =>
          log.warn("Could not save the IVF index: {error}", { error: String(error) }),
      });
    } catch (error) {
      this.db.close();
      throw toStoreError(error, "open");
    }
    log.debug("Opened sqlite store {path}", { path });
  }

  upsert(chunks: StoredChunk[], signal?: AbortSignal): Promise<void> {
    return this.run("upsert", signal, () => {
      if (chunks.length === 0) return;
      this.writes.upsert(chunks);
      this.afterWrite();
    });
  }

  query(options: QueryOptions): Promise<QueryHit[]> {
    return this.run("query", options.signal, () => this.search(options));
  }

  deleteIds(ids: string[], signal?: AbortSignal): Promise<void> {
    return this.run("deleteIds", signal, () => {
      if (ids.length === 0) return;
      this.writes.deleteIds(ids);
      this.afterWrite();
    });
  }

  deleteDocument(documentId: string, signal?: AbortSignal): Promise<number> {
    return this.run("deleteDocument", signal, () => {
      const deleted = this.writes.deleteDocument(documentId);
      this.afterWrite();
      return deleted;
    });
  }

  getDocument(documentId: string, signal?: AbortSignal): Promise<DocumentRecord | null> {
    return this.run("getDocument", signal, () => this.writes.getDocument(documentId));
  }

  putDocument(record: DocumentRecord, signal?: AbortSignal): Promise<void> {
    return this.run("putDocument", signal, () => this.writes.putDocument(record));
  }

  listDocuments(signal?: AbortSignal): Promise<DocumentRecord[]> {
    return this.run("listDocuments", signal, () => this.writes.listDocuments());
  }

  info(signal?: AbortSignal): Promise<StoreInfo> {
    return this.run("info", signal, () => ({ kind: this.kind, ...this.writes.counts() }));
  }

  reset(signal?: AbortSignal): Promise<void> {
    return this.run("reset", signal, () => {
      this.writes.transaction(() => clearAll(this.db));
      this.localWrites++;
      this.lexical.afterReset(this.version());
      this.dense.clear();
    });
  }

  ping(signal?: AbortSignal): Promise<void> {
    return this.run("ping", signal, () => {
      this.db.prepare("SELECT 1").get();
    });
  }

  beginWriteBatch(signal?: AbortSignal): Promise<void> {
    return this.run("beginWriteBatch", signal, () => {
      if (this.writes.beginBatch()) this.batching = true;
    });
  }

  endWriteBatch(signal?: AbortSignal): Promise<void> {
    return this.run("endWriteBatch", signal, () => this.endBatch());
  }

  /** Commits an open write batch, then lets the lexical index merge what it held back. */
  private endBatch(): void {
    if (!this.batching) return;
    this.batching = false;
    this.writes.endBatch();
    if (this.wrote) this.afterWrite();
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      try {
        this.endBatch();
      } catch (error) {
        log.warn("Could not commit the write batch: {error}", { error: String(error) });
      }
      this.dense.clear();
      try {
        if (this.wrote) this.lexical.flush();
      } catch (error) {
        log.warn("Could not save the lexical index: {error}", { error: String(error) });
      }
      this.db.close();
    }
    return Promise.resolve();
  }

  /** Runs a synchronous operation as a promise, mapping sqlite failures. */
  private run<T>(op: string, signal: AbortSignal | undefined, fn: () => T): Promise<T> {
    try {
      signal?.throwIfAborted();
      if (this.closed) throw new VectorStoreError("sqlite store is closed", "unavailable");
      return Promise.resolve(fn());
    } catch (error) {
      if (signal?.aborted && error === signal.reason) return Promise.reject(error);
      return Promise.reject(toStoreError(error, op));
    }
  }

  /** Counts every write and lets the lexical index catch up with it. */
  private afterWrite(): void {
    this.localWrites++;
    this.wrote = true;
    this.lexical.afterWrite(this.version(), this.writes.takeWritten());
  }

  private search(options: QueryOptions): QueryHit[] {
    const topK = Math.floor(options.topK);
    if (!(topK > 0)) return [];
    const { documentIds } = options;
    if (documentIds && documentIds.length === 0) return [];
    const version = this.version();
    const langs = options.text ? this.languages(version) : [];
    // The question is analysed once, by the lexical engine, and its terms passed on.
    const terms = options.text ? this.lexical.queryTerms(options.text, langs) : [];
    const dense = options.vector ? this.dense.get(version) : null;
    if (dense && options.vector!.length !== dense.dimensions) {
      throw new VectorStoreError(
        `query vector has ${
          options.vector!.length
        } dimensions, the store holds ${dense.dimensions}`,
        "invalid",
      );
    }
    if (dense && (terms.length > 0 || hasWords(options.text, langs))) {
      const pool = Math.max(topK * 4, MIN_FUSION_POOL);
      const lexical = this.lexical.search(terms, pool, documentIds, version)
        .map((r) => r.seq);
      const nearest = dense.search(options.vector!, pool, documentIds).map((m) => m.key);
      const fused = reciprocalRankFusion([lexical, nearest]).slice(0, topK);
      const scores = new Map(fused);
      return this.hits(
        this.searcher.rowsBySeq(fused.map(([seq]) => seq)),
        (r) => scores.get(r.seq)!,
      );
    }
    if (dense) {
      const matches = dense.search(options.vector!, topK, documentIds);
      const cosines = new Map(matches.map((m) => [m.key, m.cosine]));
      return this.hits(
        this.searcher.rowsBySeq(matches.map((m) => m.key)),
        (r) => cosineScore(cosines.get(r.seq)!),
      );
    }
    if (terms.length === 0) return [];
    const rows = this.lexical.search(terms, topK, documentIds, version);
    return this.hits(rows, (r) => squashRelevance(r.relevance ?? 0));
  }

  private hits(rows: ChunkRow[], score: (row: ChunkRow) => number): QueryHit[] {
    return rows.map((r) => {
      const hit: QueryHit = { id: r.id, text: r.text, metadata: rowMetadata(r), score: score(r) };
      if (r.word_digest) hit.wordDigest = r.word_digest;
      return hit;
    });
  }

  /** Languages the store holds (the query is analyzed in each), cached per data version. */
  private languages(version: string): string[] {
    if (this.langs?.version !== version) {
      this.langs = { version, list: this.writes.languages() };
    }
    return this.langs.list;
  }

  /** Changes whenever this or another connection committed a write. */
  private version(): string {
    const dataVersion = (this.dataVersion.get() as { data_version: number }).data_version;
    return `${dataVersion}:${this.localWrites}`;
  }
}

/**
 * Whether a question has words at all, stopwords included: such a question is fused
 * with dense search even when the lexical engine finds no terms in it (all stopwords),
 * as before the question was analysed only once. Only asked in that rare case.
 */
function hasWords(text: string | undefined, langs: readonly string[]): boolean {
  return text !== undefined && text !== "" && multilingualQueryTerms(text, langs).length > 0;
}

/** Wraps anything thrown by sqlite in a {@linkcode VectorStoreError}. */
function toStoreError(error: unknown, op: string): VectorStoreError {
  if (error instanceof VectorStoreError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const busy = /SQLITE_BUSY|database is locked/i.test(message);
  return new VectorStoreError(
    `sqlite ${op} failed: ${message}`,
    busy ? "timeout" : "unknown",
    { cause: error },
  );
}
