/**
 * The registry of collections, kept in one sqlite file under `DATA_DIR`: each
 * collection's title, description, suggested questions and persona, plus the cleaned
 * pages of every indexed document (for the source reader) and the ingest jobs.
 *
 * @module
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { DEFAULT_COLLECTION } from "./names.ts";

/** A named body of lore. */
export interface Collection {
  name: string;
  title: string;
  description: string;
  /** Questions shown in the empty chat (the chat suggests from titles when empty). */
  suggestions: string[];
  /** System-prompt addition: a voice or role for answers. */
  persona: string;
  createdAt: string;
  updatedAt: string;
}

/** The editable fields of a collection. */
export type CollectionFields = Partial<
  Pick<Collection, "title" | "description" | "suggestions" | "persona">
>;

/** File name of the registry inside `DATA_DIR`. */
export const REGISTRY_FILE = "collections.sqlite";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS collections (
  name TEXT PRIMARY KEY, title TEXT NOT NULL, description TEXT NOT NULL,
  suggestions TEXT NOT NULL, persona TEXT NOT NULL,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS pages (
  collection TEXT NOT NULL, document_id TEXT NOT NULL, title TEXT NOT NULL,
  url TEXT NOT NULL, source TEXT NOT NULL, content_type TEXT NOT NULL,
  markdown TEXT NOT NULL, indexed_at TEXT NOT NULL,
  PRIMARY KEY (collection, document_id)
);
CREATE TABLE IF NOT EXISTS jobs (
  id TEXT PRIMARY KEY, collection TEXT NOT NULL, kind TEXT NOT NULL, input TEXT NOT NULL,
  status TEXT NOT NULL, done INTEGER NOT NULL, failed INTEGER NOT NULL, total INTEGER,
  failures TEXT NOT NULL, created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT
);
CREATE INDEX IF NOT EXISTS jobs_by_collection ON jobs (collection, created_at);
`;

type Row = Record<string, string | number | null>;

/** Opens (creating when needed) the registry database at `path`. */
export function openRegistryDatabase(path: string): DatabaseSync {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  db.exec("PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000;");
  db.exec(SCHEMA);
  return db;
}

/** Collections by name, over the registry database. */
export class CollectionRegistry {
  constructor(readonly db: DatabaseSync, private readonly now: () => Date = () => new Date()) {}

  /** Every collection, the default first and the rest by name. */
  list(): Collection[] {
    const rows = this.db.prepare("SELECT * FROM collections ORDER BY name").all() as Row[];
    return rows.map(toCollection).sort((a, b) =>
      Number(b.name === DEFAULT_COLLECTION) - Number(a.name === DEFAULT_COLLECTION)
    );
  }

  /** One collection, or null. */
  get(name: string): Collection | null {
    const row = this.db.prepare("SELECT * FROM collections WHERE name = ?").get(name) as
      | Row
      | undefined;
    return row ? toCollection(row) : null;
  }

  /** Adds a collection; false when the name is taken. */
  create(name: string, fields: CollectionFields = {}): Collection | null {
    const at = this.now().toISOString();
    const result = this.db.prepare(
      `INSERT OR IGNORE INTO collections VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      name,
      fields.title?.trim() || name,
      fields.description ?? "",
      JSON.stringify(fields.suggestions ?? []),
      fields.persona ?? "",
      at,
      at,
    );
    return result.changes === 0 ? null : this.get(name);
  }

  /** Changes a collection's fields; null when there is no such collection. */
  update(name: string, fields: CollectionFields): Collection | null {
    const current = this.get(name);
    if (!current) return null;
    const next = { ...current, ...fields };
    this.db.prepare(
      `UPDATE collections SET title = ?, description = ?, suggestions = ?, persona = ?,
       updated_at = ? WHERE name = ?`,
    ).run(
      next.title.trim() || name,
      next.description,
      JSON.stringify(next.suggestions),
      next.persona,
      this.now().toISOString(),
      name,
    );
    return this.get(name);
  }

  /** Removes a collection with its archived pages and jobs; false when unknown. */
  delete(name: string): boolean {
    const gone = this.db.prepare("DELETE FROM collections WHERE name = ?").run(name).changes > 0;
    this.db.prepare("DELETE FROM pages WHERE collection = ?").run(name);
    this.db.prepare("DELETE FROM jobs WHERE collection = ?").run(name);
    return gone;
  }
}

function toCollection(row: Row): Collection {
  let suggestions: string[] = [];
  try {
    const parsed = JSON.parse(String(row.suggestions));
    if (Array.isArray(parsed)) suggestions = parsed.filter((s) => typeof s === "string");
  } catch { /* a damaged list reads as none */ }
  return {
    name: String(row.name),
    title: String(row.title),
    description: String(row.description),
    suggestions,
    persona: String(row.persona),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
  };
}
