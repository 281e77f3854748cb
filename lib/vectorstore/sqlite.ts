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
import { DenseIndex, type DenseRow } from "./dense_index.ts";
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
import { SqliteWrites } from "./sqlite_writes.ts";
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
}

/** Vector caches at least this large are reloaded at most once per `denseRefreshMs`. */
const LARGE_DENSE_CACHE = 10_000;

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
  private readonly dataVersion: StatementSync;
  private dense: { index: DenseIndex; version: string; builtAt: number } | null = null;
  private readonly denseRefreshMs: number;
  private readonly now: () => number;
  private localWrites = 0;
  private langs: { version: string; list: string[] } | null = null;
  private closed = false;

  constructor(options: SqliteStoreOptions) {
    const { path } = options;
    try {
      if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
      this.db = new DatabaseSync(path);
    } catch (error) {
      throw new VectorStoreError(`cannot open sqlite store at ${path}`, "unavailable", {
        cause: error,
      });
    }
    try {
      configureConnection(this.db, options.busyTimeoutMs ?? 5000);
      if (!migrate(this.db)) {
        throw new VectorStoreError(
          `${path} was written by a newer LoreChat; upgrade or use another DATA_DIR`,
          "invalid",
        );
      }
      this.writes = new SqliteWrites(this.db, options.dimensions ?? null);
      this.searcher = new Searcher(this.db, options.commonTerms);
      this.dataVersion = this.db.prepare("PRAGMA data_version");
      this.denseRefreshMs = options.denseRefreshMs ?? 10_000;
      this.now = options.now ?? Date.now;
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
      this.localWrites++;
    });
  }

  query(options: QueryOptions): Promise<QueryHit[]> {
    return this.run("query", options.signal, () => this.search(options));
  }

  deleteIds(ids: string[], signal?: AbortSignal): Promise<void> {
    return this.run("deleteIds", signal, () => {
      if (ids.length === 0) return;
      this.writes.deleteIds(ids);
      this.localWrites++;
    });
  }

  deleteDocument(documentId: string, signal?: AbortSignal): Promise<number> {
    return this.run("deleteDocument", signal, () => {
      this.localWrites++;
      return this.writes.deleteDocument(documentId);
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
      this.dense = null;
    });
  }

  ping(signal?: AbortSignal): Promise<void> {
    return this.run("ping", signal, () => {
      this.db.prepare("SELECT 1").get();
    });
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.dense = null;
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

  private search(options: QueryOptions): QueryHit[] {
    const topK = Math.floor(options.topK);
    if (!(topK > 0)) return [];
    const { documentIds } = options;
    if (documentIds && documentIds.length === 0) return [];
    const version = this.version();
    const terms = options.text ? multilingualQueryTerms(options.text, this.languages(version)) : [];
    const dense = options.vector ? this.denseIndex(version) : null;
    if (dense && options.vector!.length !== dense.dimensions) {
      throw new VectorStoreError(
        `query vector has ${
          options.vector!.length
        } dimensions, the store holds ${dense.dimensions}`,
        "invalid",
      );
    }
    if (dense && terms.length > 0) {
      const pool = Math.max(topK * 4, MIN_FUSION_POOL);
      const lexical = this.searcher.lexicalSearch(terms, pool, documentIds, version)
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
    const rows = this.searcher.lexicalSearch(terms, topK, documentIds, version);
    return this.hits(rows, (r) => squashRelevance(r.relevance ?? 0));
  }

  private hits(rows: ChunkRow[], score: (row: ChunkRow) => number): QueryHit[] {
    return rows.map((r) => ({ id: r.id, text: r.text, metadata: rowMetadata(r), score: score(r) }));
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

  /** The vector cache, rebuilt when the data changed since it was built. */
  private denseIndex(version: string): DenseIndex | null {
    const now = this.now();
    const cached = this.dense;
    const fresh = cached?.version === version;
    // Reloading a large cache reads every vector, so while writes keep coming it is
    // reloaded at most once per refresh interval; small caches are always current.
    const tolerable = cached && cached.index.size >= LARGE_DENSE_CACHE &&
      now - cached.builtAt < this.denseRefreshMs;
    if (!fresh && !tolerable) {
      const dimensions = this.writes.storedDimensions();
      if (dimensions === null) {
        this.dense = null;
        return null;
      }
      const rows = this.writes.vectorRows() as Iterable<DenseRow>;
      this.dense = { index: DenseIndex.build(dimensions, rows), version, builtAt: now };
    }
    return this.dense!.index.size > 0 ? this.dense!.index : null;
  }
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
