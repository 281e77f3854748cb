/**
 * The sqlite store's schema: chunks (with an optional Float32 vector BLOB), document
 * records, a key/value meta table, and an external-content FTS5 index over chunk
 * title, heading and text. The store's writes keep the index in sync themselves rather
 * than through triggers: FTS5 flushes its pending terms at every statement boundary a
 * trigger creates, which made 1,000-chunk upserts three to four times slower.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";

/** Bumped when the layout changes; a database from a newer LoreChat is refused. */
export const SCHEMA_VERSION = 3;

const TABLES = `
CREATE TABLE IF NOT EXISTS chunks (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  document_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  text TEXT NOT NULL,
  title TEXT NOT NULL,
  url TEXT NOT NULL,
  heading TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  indexed_at TEXT,
  vector BLOB
);
CREATE INDEX IF NOT EXISTS chunks_by_document ON chunks (document_id, position);
CREATE TABLE IF NOT EXISTS documents (
  document_id TEXT PRIMARY KEY,
  content_hash TEXT NOT NULL,
  title TEXT NOT NULL,
  url TEXT NOT NULL,
  chunk_ids TEXT NOT NULL,
  version TEXT,
  indexed_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS postings_log (id INTEGER PRIMARY KEY AUTOINCREMENT, seq INTEGER NOT NULL);
`;

/** The FTS index; dropped and recreated wholesale by `reset`. */
const FTS = `
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
  title, heading, text,
  content = 'chunks', content_rowid = 'seq',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
`;

/** Triggers of schema version 1, replaced by writes that maintain the index. */
const DROP_OLD_TRIGGERS = `
DROP TRIGGER IF EXISTS chunks_fts_insert;
DROP TRIGGER IF EXISTS chunks_fts_delete;
DROP TRIGGER IF EXISTS chunks_fts_update;
`;

/**
 * Sets connection pragmas for one writer and many readers: WAL (readers never block
 * the writer nor each other), a busy timeout so a second writer waits instead of
 * failing, and `synchronous=NORMAL`, which is durable across application crashes in
 * WAL mode.
 */
export function configureConnection(db: DatabaseSync, busyTimeoutMs: number): void {
  db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = NORMAL");
  db.exec("PRAGMA temp_store = MEMORY");
}

/** Creates missing tables; returns false when the file was written by a newer schema. */
export function migrate(db: DatabaseSync): boolean {
  db.exec("BEGIN IMMEDIATE");
  try {
    db.exec(TABLES);
    db.exec(FTS);
    db.exec(DROP_OLD_TRIGGERS);
    const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as
      | { value: string }
      | undefined;
    const found = row ? Number(row.value) : 0;
    if (found > SCHEMA_VERSION) {
      db.exec("ROLLBACK");
      return false;
    }
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)")
      .run(String(SCHEMA_VERSION));
    // Ties side files (the postings index) to this database.
    db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('store_id', ?)")
      .run(crypto.randomUUID());
    db.exec("COMMIT");
    return true;
  } catch (error) {
    if (db.isTransaction) db.exec("ROLLBACK");
    throw error;
  }
}

/** Empties the store quickly: the FTS index is dropped and recreated rather than
 * emptied row by row. Runs inside the caller's transaction. */
export function clearAll(db: DatabaseSync): void {
  db.exec(`
    DROP TABLE IF EXISTS chunks_fts;
    DELETE FROM chunks;
    DELETE FROM documents;
    DELETE FROM postings_log;
    DELETE FROM meta WHERE key NOT IN ('schema_version', 'store_id');
  `);
  db.exec(FTS);
}
