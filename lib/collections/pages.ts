/**
 * The page archive: the cleaned Markdown of every indexed document, per collection, so
 * the source reader can show the page a passage was cited from. Filled by wrapping the
 * entries an ingest run reads ({@linkcode archiveEntries}); the store keeps only chunks.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { isSourceFailure, type SourceEntry } from "../ingest/source_document.ts";

/** One archived page. */
export interface ArchivedPage {
  documentId: string;
  title: string;
  url: string;
  /** Where it came from (a path, an upload name, a URL). */
  source: string;
  contentType: string;
  markdown: string;
  indexedAt: string;
}

/** A page in a listing (without its text). */
export type PageSummary = Omit<ArchivedPage, "markdown">;

type Row = Record<string, string>;

/** Archived pages of one database, by collection. */
export class PageArchive {
  constructor(private readonly db: DatabaseSync, private readonly now = () => new Date()) {}

  /** Saves (or replaces) a page. */
  put(collection: string, page: Omit<ArchivedPage, "indexedAt">): void {
    this.db.prepare(
      `INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      collection,
      page.documentId,
      page.title,
      page.url,
      page.source,
      page.contentType,
      page.markdown,
      this.now().toISOString(),
    );
  }

  /** One page, or null when it was never archived. */
  get(collection: string, documentId: string): ArchivedPage | null {
    const row = this.db.prepare(
      "SELECT * FROM pages WHERE collection = ? AND document_id = ?",
    ).get(collection, documentId) as Row | undefined;
    return row ? { ...summary(row), markdown: row.markdown } : null;
  }

  /**
   * A page of summaries, by document id after `cursor`, filtered by `query` (title,
   * id or source containing it, case-insensitive).
   */
  list(
    collection: string,
    options: { query?: string; cursor?: string; limit?: number } = {},
  ): { pages: PageSummary[]; next: string | null } {
    const limit = options.limit ?? 50;
    const like = `%${(options.query ?? "").replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = this.db.prepare(
      `SELECT collection, document_id, title, url, source, content_type, indexed_at FROM pages
       WHERE collection = ? AND document_id > ?
         AND (title LIKE ? ESCAPE '\\' OR document_id LIKE ? ESCAPE '\\' OR source LIKE ? ESCAPE '\\')
       ORDER BY document_id LIMIT ?`,
    ).all(collection, options.cursor ?? "", like, like, like, limit + 1) as Row[];
    const pages = rows.slice(0, limit).map(summary);
    return { pages, next: rows.length > limit ? pages.at(-1)!.documentId : null };
  }

  /** Forgets a page; false when there was none. */
  delete(collection: string, documentId: string): boolean {
    return this.db.prepare("DELETE FROM pages WHERE collection = ? AND document_id = ?")
      .run(collection, documentId).changes > 0;
  }
}

function summary(row: Row): PageSummary {
  return {
    documentId: row.document_id,
    title: row.title,
    url: row.url,
    source: row.source,
    contentType: row.content_type,
    indexedAt: row.indexed_at,
  };
}

/**
 * Passes `entries` through unchanged, archiving each document on the way to the
 * indexer. Failures pass through unarchived.
 */
export async function* archiveEntries(
  entries: AsyncIterable<SourceEntry> | Iterable<SourceEntry>,
  archive: PageArchive,
  collection: string,
): AsyncGenerator<SourceEntry> {
  for await (const entry of entries) {
    if (!isSourceFailure(entry)) {
      archive.put(collection, {
        documentId: entry.id,
        title: entry.title,
        url: entry.url,
        source: entry.source,
        contentType: entry.contentType,
        markdown: entry.markdown,
      });
    }
    yield entry;
  }
}
