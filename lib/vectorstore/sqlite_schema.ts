/**
 * The sqlite store's schema: chunks (with an optional Float32 vector BLOB), document
 * records, a key/value meta table, and an external-content FTS5 index over chunk
 * title, heading and text kept in sync by triggers.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";

/** Bumped when the layout changes; a database from a newer LoreChat is refused. */
export const SCHEMA_VERSION = 1;

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
`;

/** The FTS index and its triggers; dropped and recreated wholesale by `reset`. */
const FTS = `
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
  title, heading, text,
  content = 'chunks', content_rowid = 'seq',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS chunks_fts_insert AFTER INSERT ON chunks BEGIN
  INSERT INTO chunks_fts (rowid, title, heading, text)
  VALUES (new.seq, new.title, new.heading, new.text);
END;
CREATE TRIGGER IF NOT EXISTS chunks_fts_delete AFTER DELETE ON chunks BEGIN
  INSERT INTO chunks_fts (chunks_fts, rowid, title, heading, text)
  VALUES ('delete', old.seq, old.title, old.heading, old.text);
END;
CREATE TRIGGER IF NOT EXISTS chunks_fts_update AFTER UPDATE OF title, heading, text ON chunks
WHEN old.title IS NOT new.title OR old.heading IS NOT new.heading OR old.text IS NOT new.text
BEGIN
  INSERT INTO chunks_fts (chunks_fts, rowid, title, heading, text)
  VALUES ('delete', old.seq, old.title, old.heading, old.text);
  INSERT INTO chunks_fts (rowid, title, heading, text)
  VALUES (new.seq, new.title, new.heading, new.text);
END;
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
    db.exec("COMMIT");
    return true;
  } catch (error) {
    if (db.isTransaction) db.exec("ROLLBACK");
    throw error;
  }
}

/** Empties the store quickly: the FTS index is dropped and rebuilt rather than
 * deleted row by row through the triggers. Runs inside the caller's transaction. */
export function clearAll(db: DatabaseSync): void {
  db.exec(`
    DROP TRIGGER IF EXISTS chunks_fts_insert;
    DROP TRIGGER IF EXISTS chunks_fts_delete;
    DROP TRIGGER IF EXISTS chunks_fts_update;
    DROP TABLE IF EXISTS chunks_fts;
    DELETE FROM chunks;
    DELETE FROM documents;
    DELETE FROM meta WHERE key <> 'schema_version';
  `);
  db.exec(FTS);
}
