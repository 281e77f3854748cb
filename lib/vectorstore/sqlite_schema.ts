/**
 * The sqlite store's schema: chunks (with their language, an optional Float32 vector
 * BLOB and the word digest a chat turn reads instead of analyzing the chunk — in the row,
 * so a hit costs one page read, not two), document records, a key/value meta table, and
 * a contentless FTS5 index over
 * each chunk's title, heading and text *as analyzed* by `lib/text` (terms joined by
 * spaces, which FTS5's `unicode61` tokenizer splits back apart unchanged — so Japanese,
 * Chinese and every stemmer reach the index). The meta table records the analyzer
 * version the index was built with; opening a store built by another version rebuilds
 * the index from the chunks instead of matching queries against stale terms. The
 * store's writes keep the index in sync themselves rather than through triggers: FTS5
 * flushes its pending terms at every statement boundary a trigger creates, which made
 * 1,000-chunk upserts three to four times slower.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { analyze, ANALYZER_VERSION } from "../text/mod.ts";

/** Bumped when the layout changes; a database from a newer LoreChat is refused. */
export const SCHEMA_VERSION = 4;

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
  vector BLOB,
  lang TEXT,
  word_digest TEXT
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

/**
 * The FTS index of analyzed terms; dropped and recreated wholesale by `reset` and when
 * the analyzer changes. Contentless (the terms are not the chunk text), with deletes by
 * rowid. `unicode61` only splits the analyzer's space-joined terms: they are folded
 * already, so it must not fold diacritics again (a Vietnamese or kana mark would go).
 */
const FTS = `
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
  title, heading, text,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 0'
);
`;

/** Triggers of schema version 1, replaced by writes that maintain the index. */
const DROP_OLD_TRIGGERS = `
DROP TRIGGER IF EXISTS chunks_fts_insert;
DROP TRIGGER IF EXISTS chunks_fts_delete;
DROP TRIGGER IF EXISTS chunks_fts_update;
`;

/**
 * Page size of a new store file: 16 KiB rather than SQLite's 4 KiB. A chunk's row (its
 * text, word digest and metadata) takes 2–4 KB, and SQLite moves pages with a system
 * call or two each — written to the WAL, read back from it when the cache has dropped
 * them, read and written again by each checkpoint. Ingesting the `sources` bench's
 * 5,000-page dump: 72,000 writes and 39,000 reads instead of 220,000 and 121,000, the
 * writing thread's CPU 7.5 → 6.9 s (three runs each, alternated), a 155 MB file rather
 * than 177 MB. A file that exists keeps its page size: SQLite cannot change it in WAL
 * mode.
 */
export const NEW_FILE_PAGE_SIZE = 16_384;

/**
 * Sets connection pragmas for one writer and many readers: WAL (readers never block
 * the writer nor each other), a busy timeout so a second writer waits instead of
 * failing, and `synchronous=NORMAL`, which is durable across application crashes in
 * WAL mode. A new file gets pages of {@linkcode NEW_FILE_PAGE_SIZE}.
 */
export function configureConnection(db: DatabaseSync, busyTimeoutMs: number): void {
  db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  // Only takes on a file with no page yet, so before WAL mode writes the first one.
  db.exec(`PRAGMA page_size = ${NEW_FILE_PAGE_SIZE}`);
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
    if (!hasColumn(db, "chunks", "lang")) db.exec("ALTER TABLE chunks ADD COLUMN lang TEXT");
    // Stores written before word digests were kept: their chunks' digests stay null (a
    // chat turn analyzes such a chunk's text) until the chunk is written again.
    if (!hasColumn(db, "chunks", "word_digest")) {
      db.exec("ALTER TABLE chunks ADD COLUMN word_digest TEXT");
    }
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)")
      .run(String(SCHEMA_VERSION));
    // Ties side files (the postings index) to this database.
    db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('store_id', ?)")
      .run(crypto.randomUUID());
    const analyzer = db.prepare("SELECT value FROM meta WHERE key = 'analyzer_version'").get() as
      | { value: string }
      | undefined;
    // A store on the postings engine keeps FTS5 empty: its own index checks the version.
    const engine = db.prepare("SELECT value FROM meta WHERE key = 'lexical_engine'").get() as
      | { value: string }
      | undefined;
    if (analyzer?.value !== ANALYZER_VERSION && engine?.value !== "postings") rebuildIndex(db);
    db.exec("COMMIT");
    return true;
  } catch (error) {
    if (db.isTransaction) db.exec("ROLLBACK");
    throw error;
  }
}

function hasColumn(db: DatabaseSync, table: string, column: string): boolean {
  const rows = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
  return rows.some((r) => r.name === column);
}

/** The FTS row of a chunk: its title, heading and text as space-joined analyzed terms. */
export function analyzedColumns(
  title: string,
  heading: string,
  text: string,
  lang: string | null | undefined,
): [string, string, string] {
  const options = { lang: lang ?? undefined };
  return [
    analyze(title, options).join(" "),
    analyze(heading, options).join(" "),
    analyze(text, options).join(" "),
  ];
}

/**
 * Re-analyzes every chunk into a fresh FTS index and records the analyzer version.
 * Runs inside the caller's transaction.
 */
export function rebuildIndex(db: DatabaseSync): void {
  db.exec("DROP TABLE IF EXISTS chunks_fts");
  db.exec(FTS);
  const insert = db.prepare(
    "INSERT INTO chunks_fts (rowid, title, heading, text) VALUES (?, ?, ?, ?)",
  );
  const rows = db.prepare("SELECT seq, title, heading, text, lang FROM chunks").iterate();
  for (const row of rows as Iterable<Record<string, string | number | null>>) {
    const { seq, title, heading, text, lang } = row;
    insert.run(
      seq as number,
      ...analyzedColumns(String(title), String(heading), String(text), lang as string | null),
    );
  }
  db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('analyzer_version', ?)")
    .run(ANALYZER_VERSION);
}

/** Empties the store quickly: the FTS index is dropped and recreated rather than
 * emptied row by row. Runs inside the caller's transaction. */
export function clearAll(db: DatabaseSync): void {
  db.exec(`
    DROP TABLE IF EXISTS chunks_fts;
    DELETE FROM chunks;
    DELETE FROM documents;
    DELETE FROM postings_log;
    DELETE FROM meta
      WHERE key NOT IN ('schema_version', 'analyzer_version', 'store_id', 'lexical_engine');
  `);
  db.exec(FTS);
}
