/**
 * Writes and bookkeeping for the sqlite store: chunk upserts in one transaction with
 * prepared statements (keeping the FTS index in step), deletions, document records,
 * meta values and counts.
 *
 * @module
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import { chunkWordDigest, detectLanguage } from "../text/mod.ts";
import { vectorBytes } from "./dense_index.ts";
import type { WrittenRows } from "./postings_index.ts";
import { analyzedColumns } from "./sqlite_schema.ts";
import type { ChunkAnalysis } from "./chunk_analysis.ts";
import {
  type DocumentRecord,
  type StoredChunk,
  type StoreInfo,
  VectorStoreError,
} from "./store.ts";

/** A chunk's key and the text the FTS index holds for it. */
interface IndexedText {
  seq: number;
  title: string;
  heading: string;
  text: string;
  lang: string | null;
}

interface DocumentRow {
  document_id: string;
  content_hash: string;
  title: string;
  url: string;
  chunk_ids: string;
  version: string | null;
  indexed_at: string;
}

/**
 * Chunk writes, prepared on the first upsert: a read-only connection to a store written
 * before the word digest column never prepares them (it could not). A chunk is inserted
 * unless its id is taken (no change: it is updated instead), so a new chunk, the rule in
 * an ingest, costs one statement rather than a look-up and an insert (28 rather than
 * 30 µs of CPU a row; `RETURNING seq` made it 36).
 */
const INSERT_CHUNK = `INSERT INTO chunks (document_id, position, text, title, url, heading,
  content_hash, indexed_at, vector, lang, word_digest, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (id) DO NOTHING`;
const UPDATE_CHUNK = `UPDATE chunks SET document_id = ?, position = ?, text = ?, title = ?,
  url = ?, heading = ?, content_hash = ?, indexed_at = ?, vector = ?, lang = ?, word_digest = ?
  WHERE seq = ?`;

/** Meta key of the vectors' generation (see `SqliteWrites.vectorsGeneration`). */
const VECTORS_GENERATION = "vectors_generation";

/**
 * Which lexical index the writes keep in step: FTS5 (`chunks_fts`), or the postings
 * index (`postings_index.ts`), which reads the seqs logged in `postings_log`.
 */
export type LexicalEngine = "fts5" | "postings";

/** Prepared write statements over one connection, plus the vector dimension rule. */
export class SqliteWrites {
  private readonly statements: Record<string, StatementSync>;
  /** Dimension of the stored vectors (from meta), or null when none were stored yet. */
  private dimensions: number | null;
  /** Rows the last committed transaction logged for the postings index. */
  private written = new Map<number, IndexedText & { logId: number; analysis?: ChunkAnalysis }>();

  constructor(
    private readonly db: DatabaseSync,
    private readonly wanted: number | null,
    private readonly engine: LexicalEngine = "fts5",
  ) {
    const prepare = (sql: string) => db.prepare(sql);
    this.statements = {
      findChunk: prepare("SELECT seq, title, heading, text, lang FROM chunks WHERE id = ?"),
      chunksOf: prepare(
        "SELECT seq, title, heading, text, lang FROM chunks WHERE document_id = ?",
      ),
      deleteChunk: prepare("DELETE FROM chunks WHERE seq = ?"),
      indexText: prepare(
        "INSERT INTO chunks_fts (rowid, title, heading, text) VALUES (?, ?, ?, ?)",
      ),
      unindexText: prepare("DELETE FROM chunks_fts WHERE rowid = ?"),
      logChange: prepare("INSERT INTO postings_log (seq) VALUES (?)"),
      deleteRecord: prepare("DELETE FROM documents WHERE document_id = ?"),
      getRecord: prepare("SELECT * FROM documents WHERE document_id = ?"),
      putRecord: prepare(
        `INSERT OR REPLACE INTO documents (document_id, content_hash, title, url, chunk_ids,
           version, indexed_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      listRecords: prepare("SELECT * FROM documents ORDER BY document_id"),
      getMeta: prepare("SELECT value FROM meta WHERE key = ?"),
      setMeta: prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"),
      countChunks: prepare("SELECT count(*) AS n FROM chunks"),
      countDocuments: prepare("SELECT count(*) AS n FROM documents"),
      countVectors: prepare("SELECT count(*) AS n FROM chunks WHERE vector IS NOT NULL"),
      anyVector: prepare("SELECT 1 AS found FROM chunks WHERE vector IS NOT NULL LIMIT 1"),
      vectorRows: prepare(
        `SELECT seq AS key, document_id AS documentId, vector AS bytes
         FROM chunks WHERE vector IS NOT NULL`,
      ),
    };
    this.dimensions = this.readDimensions();
    if (wanted !== null && this.dimensions !== wanted) {
      if (this.dimensions !== null && this.statements.anyVector.get()) {
        throw new VectorStoreError(
          `the store holds ${this.dimensions}-dimension vectors but the embedder makes ` +
            `${wanted}; re-ingest after a reset, or restore the previous embedder`,
          "invalid",
        );
      }
      this.setDimensions(wanted);
    }
  }

  /**
   * Runs `fn` in one immediate (write-locking) transaction, or in a savepoint of the
   * write batch that is open (`beginBatch`), so it is all-or-nothing either way.
   */
  transaction<T>(fn: () => T): T {
    this.written.clear();
    if (this.db.isTransaction) return this.savepoint(fn);
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const result = fn();
      this.db.exec("COMMIT");
      return result;
    } catch (error) {
      this.written.clear();
      if (this.db.isTransaction) this.db.exec("ROLLBACK");
      throw error;
    }
  }

  private savepoint<T>(fn: () => T): T {
    this.db.exec("SAVEPOINT write");
    try {
      const result = fn();
      this.db.exec("RELEASE write");
      return result;
    } catch (error) {
      this.written.clear();
      if (this.db.isTransaction) {
        this.db.exec("ROLLBACK TO write");
        this.db.exec("RELEASE write");
      }
      throw error;
    }
  }

  /**
   * Opens a write batch: one transaction the writes that follow join (each in its own
   * savepoint) until `endBatch` commits it. Returns false when one is open already.
   */
  beginBatch(): boolean {
    if (this.db.isTransaction) return false;
    this.db.exec("BEGIN IMMEDIATE");
    return true;
  }

  /** Commits the open write batch, if any. */
  endBatch(): void {
    if (this.db.isTransaction) this.db.exec("COMMIT");
  }

  /**
   * The rows the last transaction wrote for the postings index (with their log ids), so
   * the index need not read them back; empties the record.
   */
  takeWritten(): WrittenRows {
    const written = this.written;
    this.written = new Map();
    return written;
  }

  /** Inserts or replaces chunks by id, all or nothing. */
  upsert(chunks: StoredChunk[]): void {
    const dims = this.checkDimensions(chunks);
    const st = this.statements;
    st.insertChunk ??= this.db.prepare(INSERT_CHUNK);
    st.updateChunk ??= this.db.prepare(UPDATE_CHUNK);
    this.transaction(() => {
      if (dims !== null && this.dimensions === null) this.setDimensions(dims);
      const langs = new Set(this.languages());
      const known = langs.size;
      for (const chunk of chunks) {
        const { id, text, metadata: m, vector, analysis } = chunk;
        const lang = m.lang || detectLanguage(`${m.title}\n${text}`);
        langs.add(lang);
        const values = [
          m.documentId,
          m.position,
          text,
          m.title,
          m.url,
          m.heading,
          m.contentHash,
          m.indexedAt ?? null,
          vector ? vectorBytes(vector) : null,
          lang,
          wordDigestOf(chunk, lang),
        ] as const;
        const inserted = st.insertChunk.run(...values, id);
        if (Number(inserted.changes) === 1) {
          this.index(Number(inserted.lastInsertRowid), m.title, m.heading, text, lang, analysis);
          continue;
        }
        const old = st.findChunk.get(id) as unknown as IndexedText;
        // Unchanged text (a re-ingested page) leaves the index alone.
        const changed = old.title !== m.title || old.heading !== m.heading ||
          old.text !== text || old.lang !== lang;
        if (changed) this.unindex(old);
        st.updateChunk.run(...values, old.seq);
        if (changed) this.index(old.seq, m.title, m.heading, text, lang, analysis);
      }
      if (langs.size > known) st.setMeta.run("languages", JSON.stringify([...langs].sort()));
      this.touchVectors();
    });
  }

  /**
   * Languages of the chunks ever stored (a deleted page's language may linger, which
   * only costs a query a few unmatched terms).
   */
  languages(): string[] {
    const value = this.meta("languages");
    return value ? JSON.parse(value) as string[] : [];
  }

  private checkDimensions(chunks: StoredChunk[]): number | null {
    let dims = this.storedDimensions() ?? this.wanted;
    for (const chunk of chunks) {
      const length = chunk.vector?.length;
      if (length === undefined) continue;
      if (length === 0) {
        throw new VectorStoreError(`chunk ${chunk.id} has an empty vector`, "invalid");
      }
      dims ??= length;
      if (length !== dims) {
        throw new VectorStoreError(
          `chunk ${chunk.id} has a ${length}-dimension vector; the store holds ${dims}`,
          "invalid",
        );
      }
    }
    return dims;
  }

  deleteIds(ids: string[]): void {
    this.transaction(() => {
      for (const id of ids) {
        const old = this.statements.findChunk.get(id) as IndexedText | undefined;
        if (old) this.deleteIndexed(old);
      }
      this.touchVectors();
    });
  }

  /** Deletes a document's chunks and record; returns the number of chunks deleted. */
  deleteDocument(documentId: string): number {
    return this.transaction(() => {
      const rows = this.statements.chunksOf.all(documentId) as unknown as IndexedText[];
      for (const row of rows) this.deleteIndexed(row);
      this.statements.deleteRecord.run(documentId);
      this.touchVectors();
      return rows.length;
    });
  }

  private deleteIndexed(row: IndexedText): void {
    this.unindex(row);
    this.statements.deleteChunk.run(row.seq);
  }

  /** Logs (postings) or indexes (FTS5) a written chunk; `analysis` is its terms made ahead. */
  private index(
    seq: number,
    title: string,
    heading: string,
    text: string,
    lang: string,
    analysis?: ChunkAnalysis,
  ): void {
    if (this.engine === "postings") {
      const logId = Number(this.statements.logChange.run(seq).lastInsertRowid);
      const row = { seq, title, heading, text, lang, logId };
      this.written.set(seq, analysis ? { ...row, analysis } : row);
    } else this.statements.indexText.run(seq, ...analyzedColumns(title, heading, text, lang));
  }

  private unindex(row: IndexedText): void {
    if (this.engine === "postings") this.statements.logChange.run(row.seq);
    else this.statements.unindexText.run(row.seq);
  }

  getDocument(documentId: string): DocumentRecord | null {
    const row = this.statements.getRecord.get(documentId) as DocumentRow | undefined;
    return row ? toRecord(row) : null;
  }

  /** Saves a record and advances `last_indexed_at` to its time when later. */
  putDocument(record: DocumentRecord): void {
    this.transaction(() => {
      this.statements.putRecord.run(
        record.documentId,
        record.contentHash,
        record.title,
        record.url,
        JSON.stringify(record.chunkIds),
        record.version ?? null,
        record.indexedAt,
      );
      const last = this.meta("last_indexed_at");
      if (last === null || record.indexedAt > last) {
        this.statements.setMeta.run("last_indexed_at", record.indexedAt);
      }
    });
  }

  listDocuments(): DocumentRecord[] {
    return (this.statements.listRecords.all() as unknown as DocumentRow[]).map(toRecord);
  }

  counts(): Omit<StoreInfo, "kind"> {
    const count = (s: StatementSync) => Number((s.get() as { n: number }).n);
    return {
      chunks: count(this.statements.countChunks),
      documents: count(this.statements.countDocuments),
      lastIndexedAt: this.meta("last_indexed_at"),
      dimensions: this.storedDimensions(),
    };
  }

  /** Dimension of stored vectors as recorded in meta (re-read: another connection may write). */
  storedDimensions(): number | null {
    this.dimensions = this.readDimensions();
    return this.dimensions;
  }

  /** How many chunks hold a vector. */
  vectorCount(): number {
    return Number((this.statements.countVectors.get() as { n: number }).n);
  }

  /** Every stored vector with its row key and document, for the dense cache. */
  vectorRows(): Iterable<unknown> {
    return this.statements.vectorRows.iterate();
  }

  private readDimensions(): number | null {
    const value = this.meta("dimensions");
    return value === null ? null : Number(value);
  }

  private setDimensions(dimensions: number): void {
    this.statements.setMeta.run("dimensions", String(dimensions));
    this.dimensions = dimensions;
  }

  /**
   * The vectors' generation: a new value in every transaction that may change them, so
   * a saved IVF index (`ivf_file.ts`) made at another generation is known stale.
   */
  vectorsGeneration(): string | null {
    return this.meta(VECTORS_GENERATION);
  }

  /** Gives a store written before generations were kept one (its vectors are unchanged). */
  ensureVectorsGeneration(): void {
    this.statements.initMeta ??= this.db.prepare(
      "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
    );
    this.statements.initMeta.run(VECTORS_GENERATION, crypto.randomUUID());
  }

  private touchVectors(): void {
    this.statements.setMeta.run(VECTORS_GENERATION, crypto.randomUUID());
  }

  private meta(key: string): string | null {
    const row = this.statements.getMeta.get(key) as { value: string | null } | undefined;
    return row?.value ?? null;
  }
}

/**
 * The word digest kept with a chunk (`lib/text/word_digest.ts`): the one it came with
 * (made where the chunk was analyzed before, a page worker say), else made here in the
 * language it is stored in. A digest in another language is never read, so harmless.
 */
export function wordDigestOf(chunk: StoredChunk, lang: string): string | null {
  const { title, heading } = chunk.metadata;
  return chunk.wordDigest ?? chunkWordDigest({ title, heading, text: chunk.text, lang });
}

function toRecord(row: DocumentRow): DocumentRecord {
  const record: DocumentRecord = {
    documentId: row.document_id,
    contentHash: row.content_hash,
    title: row.title,
    url: row.url,
    chunkIds: JSON.parse(row.chunk_ids),
    indexedAt: row.indexed_at,
  };
  if (row.version !== null) record.version = row.version;
  return record;
}
