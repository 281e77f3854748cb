/**
 * What a crawl remembers between runs, in one small sqlite file: every URL it knows with
 * its validators (ETag, Last-Modified, or a wiki revision id), its outgoing links and its
 * last cleaned document (gzipped), plus the frontier of the current run. So a second run
 * asks only "changed since?" and an interrupted run picks up where it stopped.
 *
 * A run is numbered; a URL belongs to the run that last queued it. A run that never
 * reached {@linkcode CrawlState.completeRun} is resumed by the next
 * {@linkcode CrawlState.beginRun}.
 *
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { gunzipCapped } from "../../ingest/clean/mod.ts";
import type { SourceDocument } from "../../ingest/mod.ts";

/** What is remembered about one URL. */
export interface StoredResource {
  etag?: string;
  lastModified?: string;
  /** A version the source names (a wiki revision id). */
  version?: string;
  /** Same-site links found on the page (or sitemap entries), for a 304 to go on with. */
  links: string[];
  /** The cleaned document, or null when the URL is not a document. */
  document: SourceDocument | null;
}

/** Where a URL stands in the current run. */
export type PageStatus = "queued" | "fetching" | "done" | "skipped" | "failed" | "gone";

/** A URL taken off the frontier. */
export interface ClaimedPage {
  url: string;
  depth: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS resources (
  url TEXT PRIMARY KEY,
  run INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'aux',
  depth INTEGER NOT NULL DEFAULT 0,
  seq INTEGER NOT NULL DEFAULT 0,
  etag TEXT,
  last_modified TEXT,
  version TEXT,
  links TEXT,
  document BLOB
);
CREATE INDEX IF NOT EXISTS resources_queue ON resources (run, status, depth, seq);
`;

async function gzip(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The crawl memory of one site, backed by `node:sqlite`. */
export class CrawlState {
  #db: DatabaseSync;
  #run = 0;
  #seq = 0;

  /** Opens (creating) the state file at `path`, or an in-memory one for `":memory:"`. */
  constructor(path: string) {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    this.#db = new DatabaseSync(path);
    this.#db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
    this.#db.exec(SCHEMA);
    const row = this.#db.prepare("SELECT MAX(seq) AS seq FROM resources").get() as {
      seq: number | null;
    };
    this.#seq = row.seq ?? 0;
  }

  /** A meta value, or null. */
  getMeta(key: string): string | null {
    const row = this.#db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as
      | { value: string }
      | undefined;
    return row?.value ?? null;
  }

  /** Sets a meta value. */
  setMeta(key: string, value: string): void {
    this.#db.prepare(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )
      .run(key, value);
  }

  /**
   * Starts a new run, or resumes the last one when it did not complete. On resume, URLs
   * that were in flight or failed go back on the frontier.
   */
  beginRun(): { run: number; resumed: boolean } {
    const last = Number(this.getMeta("run") ?? "0");
    if (last > 0 && this.getMeta("run_complete") === "0") {
      this.#run = last;
      this.#db.prepare(
        "UPDATE resources SET status = 'queued' WHERE run = ? AND status IN ('fetching', 'failed')",
      ).run(last);
      return { run: last, resumed: true };
    }
    this.#run = last + 1;
    this.setMeta("run", String(this.#run));
    this.setMeta("run_complete", "0");
    return { run: this.#run, resumed: false };
  }

  /** Marks the current run finished: the next run starts afresh (with validators kept). */
  completeRun(): void {
    this.setMeta("run_complete", "1");
  }

  /**
   * Puts URLs on the frontier at `depth`, unless this run already has them. Returns how
   * many were added.
   */
  enqueue(urls: Iterable<string>, depth: number): number {
    const statement = this.#db.prepare(
      `INSERT INTO resources (url, run, status, depth, seq) VALUES (?, ?, 'queued', ?, ?)
       ON CONFLICT(url) DO UPDATE SET run = excluded.run, status = 'queued',
         depth = excluded.depth, seq = excluded.seq
       WHERE resources.run < excluded.run AND resources.status != 'aux'`,
    );
    let added = 0;
    this.#db.exec("BEGIN");
    try {
      for (const url of urls) {
        added += Number(statement.run(url, this.#run, depth, ++this.#seq).changes);
      }
      this.#db.exec("COMMIT");
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
    return added;
  }

  /** Takes up to `limit` URLs off the frontier, breadth first, marking them in flight. */
  claim(limit: number): ClaimedPage[] {
    const rows = this.#db.prepare(
      "SELECT url, depth FROM resources WHERE run = ? AND status = 'queued' ORDER BY depth, seq LIMIT ?",
    ).all(this.#run, limit) as unknown as ClaimedPage[];
    const mark = this.#db.prepare("UPDATE resources SET status = 'fetching' WHERE url = ?");
    for (const row of rows) mark.run(row.url);
    return rows.map((r) => ({ url: r.url, depth: Number(r.depth) }));
  }

  /** Claims one specific URL for this run (e.g. the target of a redirect); false if taken. */
  claimUrl(url: string, depth: number): boolean {
    const added = this.enqueue([url], depth);
    if (added === 0) return false;
    this.#db.prepare("UPDATE resources SET status = 'fetching' WHERE url = ?").run(url);
    return true;
  }

  /** URLs of this run that left the frontier (fetched, skipped or failed). */
  claimedCount(): number {
    const row = this.#db.prepare(
      "SELECT COUNT(*) AS n FROM resources WHERE run = ? AND status NOT IN ('queued', 'aux')",
    ).get(this.#run) as { n: number };
    return Number(row.n);
  }

  /** Whether URLs of this run wait on the frontier. */
  hasQueued(): boolean {
    return this.#db.prepare("SELECT 1 FROM resources WHERE run = ? AND status = 'queued' LIMIT 1")
      .get(this.#run) !== undefined;
  }

  /** Sets a URL's status in this run. */
  mark(url: string, status: PageStatus): void {
    this.#db.prepare("UPDATE resources SET status = ?, run = ? WHERE url = ?").run(
      status,
      this.#run,
      url,
    );
  }

  /** What is remembered about `url`, or null. */
  async resource(url: string): Promise<StoredResource | null> {
    const row = this.#db.prepare(
      "SELECT etag, last_modified, version, links, document FROM resources WHERE url = ?",
    ).get(url) as Record<string, string | Uint8Array | null> | undefined;
    if (!row) return null;
    return {
      ...(row.etag ? { etag: row.etag as string } : {}),
      ...(row.last_modified ? { lastModified: row.last_modified as string } : {}),
      ...(row.version ? { version: row.version as string } : {}),
      links: row.links ? JSON.parse(row.links as string) : [],
      document: row.document
        ? JSON.parse(new TextDecoder().decode(await gunzipCapped(row.document as Uint8Array)))
        : null,
    };
  }

  /** Remembers `resource` for `url` (keeping its place in the run, or as a non-page). */
  async save(url: string, resource: StoredResource, status?: PageStatus): Promise<void> {
    const document = resource.document ? await gzip(JSON.stringify(resource.document)) : null;
    this.#db.prepare(
      `INSERT INTO resources (url, run, status, etag, last_modified, version, links, document)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
         version = excluded.version, links = excluded.links, document = excluded.document,
         status = COALESCE(?, resources.status), run = CASE WHEN ? IS NULL THEN resources.run ELSE excluded.run END`,
    ).run(
      url,
      this.#run,
      status ?? "aux",
      resource.etag ?? null,
      resource.lastModified ?? null,
      resource.version ?? null,
      JSON.stringify(resource.links),
      document,
      status ?? null,
      status ?? null,
    );
  }

  /** Documents of pages this run already finished (to hand on again when resuming). */
  async *finishedDocuments(): AsyncGenerator<SourceDocument> {
    const urls = (this.#db.prepare(
      "SELECT url FROM resources WHERE run = ? AND status = 'done' AND document IS NOT NULL ORDER BY seq",
    ).all(this.#run) as { url: string }[]).map((r) => r.url);
    const yielded = new Set<string>();
    for (const url of urls) {
      const stored = await this.resource(url);
      // A redirect stores its document under both URLs; hand it on once.
      if (!stored?.document || yielded.has(stored.document.id)) continue;
      yielded.add(stored.document.id);
      yield stored.document;
    }
  }

  /** Closes the file. */
  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }
}
