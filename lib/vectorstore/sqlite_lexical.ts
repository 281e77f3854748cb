/**
 * Lexical search of the sqlite store through either engine: the postings index
 * (default; `postings_index.ts`, MaxScore over a compact segment beside the database)
 * or FTS5 (`sqlite_search.ts`, the earlier path, kept for comparison). Both rank by the
 * same BM25 with title ×3, heading ×2, text ×1, and both lift the pages a query names.
 *
 * @module
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import { PostingsIndex, removePostingsFile, type WrittenRows } from "./postings_index.ts";
import { type ChunkRow, type Searcher, TITLE_BOOST } from "./sqlite_search.ts";
import { LexicalRows } from "./lexical_rows.ts";
import type { LexicalEngine } from "./sqlite_writes.ts";
import { rebuildIndex } from "./sqlite_schema.ts";
import { analyzeQuery, type TermAnalyzer } from "./term_analyzer.ts";
import { TitleTerms } from "./title_terms.ts";
import { multilingualQueryTerms } from "../text/mod.ts";

/** Lexical search over one connection, whichever engine the store was opened with. */
export class LexicalSearch {
  private readonly index: PostingsIndex | null;
  private readonly rows: LexicalRows | null;
  private readonly seqsOf: StatementSync;
  private seenVersion = "";
  /** Page titles' terms for the named-page lift, analysed once per title. */
  private readonly titles = new TitleTerms();
  private readonly titleTerms = (title: string, lang: string | null | undefined) =>
    this.titles.of(title, lang);

  constructor(
    private readonly db: DatabaseSync,
    path: string,
    readonly engine: LexicalEngine,
    private readonly analyzer: TermAnalyzer,
    private readonly searcher: Searcher,
    options: { readOnly?: boolean; maxDeltaPostings?: number } = {},
  ) {
    this.seqsOf = db.prepare(
      "SELECT seq FROM chunks WHERE document_id IN (SELECT value FROM json_each(?))",
    );
    const file = path === ":memory:" ? null : `${path}.postings`;
    const readOnly = options.readOnly ?? false;
    if (!readOnly) this.switchEngine(file);
    const { maxDeltaPostings } = options;
    this.index = engine === "postings"
      ? new PostingsIndex({ db, file, analyzer, readOnly, maxDeltaPostings })
      : null;
    this.rows = this.index ? new LexicalRows(db) : null;
  }

  /**
   * The question's terms as this engine searches them (the postings index's analyzer,
   * or `lib/text`'s query terms for FTS5), in the question's own language and in each
   * of `langs`: the one analysis of a query, passed on to {@linkcode search}.
   */
  queryTerms(text: string, langs: readonly string[]): string[] {
    return this.index
      ? analyzeQuery(this.analyzer, text, langs)
      : multilingualQueryTerms(text, langs);
  }

  /**
   * The best `limit` chunk rows for the question's `terms` (from {@linkcode queryTerms}),
   * best first, with `relevance`.
   */
  search(
    terms: readonly string[],
    limit: number,
    documentIds: readonly string[] | undefined,
    version: string,
  ): ChunkRow[] {
    if (!this.index) return this.searcher.lexicalSearch(terms, limit, documentIds, version);
    this.catchUp(version);
    if (terms.length === 0 || limit <= 0) return [];
    const allowed = documentIds
      ? new Set(
        (this.seqsOf.all(JSON.stringify(documentIds)) as { seq: number }[]).map((r) =>
          Number(r.seq)
        ),
      )
      : undefined;
    // A few more than asked for, so a page the query names can climb into the top.
    const matches = this.index.search(terms, limit + TITLE_BOOST.extra, allowed);
    return this.rows!.top(matches, terms, limit, this.titleTerms);
  }

  /**
   * After this connection wrote: index the changes, merging when the delta is large.
   * `written` holds the rows it wrote, so they need not be read back.
   */
  afterWrite(version: string, written?: WrittenRows): void {
    if (!this.index) return;
    this.catchUp(version, written);
    this.index.maybeMerge();
  }

  /** After the tables were emptied. */
  afterReset(version: string): void {
    this.index?.clear();
    this.rows?.forget();
    this.seenVersion = version;
  }

  /** Before a writer closes: fold the delta into the saved segment. */
  flush(): void {
    this.index?.flush();
  }

  /** Chunks held by the postings index, and how many wait in its delta. */
  stats(): { chunks: number; pending: number } | null {
    return this.index ? { chunks: this.index.size, pending: this.index.pending } : null;
  }

  private catchUp(version: string, written?: WrittenRows): void {
    if (version === this.seenVersion) return;
    this.rows?.forget();
    this.index!.catchUp(written);
    this.seenVersion = version;
  }

  /**
   * A file last written through the other engine has a stale index for this one:
   * FTS5 is re-analyzed from the chunks, a postings file is removed (and rebuilt on open).
   */
  private switchEngine(file: string | null): void {
    const get = this.db.prepare("SELECT value FROM meta WHERE key = 'lexical_engine'");
    const previous = (get.get() as { value: string } | undefined)?.value ?? "fts5";
    if (previous === this.engine) return;
    if (this.engine === "fts5") {
      this.db.exec("BEGIN IMMEDIATE");
      try {
        rebuildIndex(this.db);
        this.db.exec("COMMIT");
      } catch (error) {
        if (this.db.isTransaction) this.db.exec("ROLLBACK");
        throw error;
      }
    } else if (file) {
      removePostingsFile(file);
    }
    this.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('lexical_engine', ?)")
      .run(this.engine);
  }
}
