/**
 * The candidate rows of a lexical search read back, lifted and cut to the top: one
 * prepared statement reads every candidate's row (the ~40 the index returned for a top
 * 20) as plain arrays, the named-page lift is computed on them, and only the rows that
 * make the top are turned into {@linkcode ChunkRow} objects. Building a row object in
 * `node:sqlite` costs about as much as finding the row, so the candidates that fall out
 * are never built. The result is exactly `boostNamedPages` over the rows, cut to
 * `limit` (`tests/query_path_test.ts`).
 *
 * Every column of {@linkcode chunkRowColumns} reaches the row objects by its name, so
 * a column added there passes through.
 *
 * The page fields the lift needs (title, language, position, and the title's terms, so a
 * title is not looked up again) are remembered by row for the rows read, so once every candidate's are known, the lift and the cut are computed
 * first and only the rows that make the top are read. The memory is dropped whenever the
 * store changes ({@linkcode LexicalRows.forget}) and bounded by {@linkcode KNOWN_ROWS}.
 *
 * @module
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { PostingsMatch } from "./postings_index.ts";
import {
  analyzeTitle,
  byRelevance,
  type ChunkRow,
  chunkRowColumns,
  namedPageLifts,
  type PageFields,
  type TitleAnalysis,
} from "./sqlite_search.ts";

/** A candidate: its row's values, its page fields and its lifted relevance. */
interface Candidate extends PageFields {
  values: unknown[];
  relevance: number;
}

/** Most rows read with their seqs bound one by one (more go as one JSON list). */
const MAX_LISTED = 64;

/** Most rows whose page fields are remembered (about 100 bytes each). */
export const KNOWN_ROWS = 200_000;

/** Reads lexical candidates' rows back over one connection. */
export class LexicalRows {
  /** Page fields by seq, of rows read since the store last changed. */
  private readonly known = new Map<number, PageFields>();
  private readonly bySeq: StatementSync;
  private readonly names: string[];
  private readonly arrays: boolean;
  private readonly at: { seq: number; title: number; lang: number; position: number };

  /** Statements reading a given number of rows (see {@linkcode listed}). */
  private readonly byCount = new Map<number, StatementSync>();
  private readonly columns: string;

  constructor(private readonly db: DatabaseSync) {
    this.columns = chunkRowColumns(db);
    this.bySeq = db.prepare(
      `SELECT ${this.columns} FROM chunks c WHERE c.seq IN (SELECT value FROM json_each(?))`,
    );
    this.names = this.bySeq.columns().map((c) => c.name);
    // Rows as arrays (`node:sqlite` from Node 22.16 and in Deno), else as objects.
    const statement = this.bySeq as StatementSync & { setReturnArrays?: (on: boolean) => void };
    this.arrays = typeof statement.setReturnArrays === "function";
    if (this.arrays) statement.setReturnArrays!(true);
    const column = (name: string) => {
      const i = this.names.indexOf(name);
      if (i < 0) throw new Error(`chunk rows have no ${name} column`);
      return i;
    };
    this.at = {
      seq: column("seq"),
      title: column("title"),
      lang: column("lang"),
      position: column("position"),
    };
  }

  /**
   * The best `limit` rows of `matches` (best first, as the index ranked them) after
   * lifting the pages the query's `terms` name; matches whose row is gone are skipped.
   */
  top(
    matches: readonly PostingsMatch[],
    terms: readonly string[],
    limit: number,
    titleTerms?: TitleAnalysis,
  ): ChunkRow[] {
    if (matches.length === 0 || limit <= 0) return [];
    return this.topOfKnown(matches, terms, limit, titleTerms) ??
      this.topOfRead(matches, terms, limit, titleTerms);
  }

  /** Drops the remembered page fields (the store changed). */
  forget(): void {
    this.known.clear();
  }

  /**
   * The top when every candidate's page fields are known: lifted and cut first, then
   * only those rows read. Null when some are unknown or a row is gone.
   */
  private topOfKnown(
    matches: readonly PostingsMatch[],
    terms: readonly string[],
    limit: number,
    titleTerms?: TitleAnalysis,
  ): ChunkRow[] | null {
    const fields: PageFields[] = [];
    for (const m of matches) {
      const known = this.known.get(m.seq);
      if (!known) return null;
      fields.push(known);
    }
    const lifts = namedPageLifts(fields, terms, titleTerms);
    const ranked = matches.map((m, i) => ({ seq: m.seq, relevance: m.relevance * lifts[i] }))
      .sort(byRelevance).slice(0, limit);
    const found = this.read(ranked.map((r) => r.seq));
    if (found.size < ranked.length) return null;
    return ranked.map((r) => this.row({ values: found.get(r.seq)!, relevance: r.relevance }));
  }

  /** Every candidate's row by seq (`values` in {@linkcode chunkRowColumns} order). */
  private read(seqs: number[]): Map<number, unknown[]> {
    const found = new Map<number, unknown[]>();
    const listed = seqs.length <= MAX_LISTED ? this.listed(seqs.length) : null;
    const rows = listed ? listed.all(...seqs) : this.bySeq.all(JSON.stringify(seqs));
    for (const row of rows) {
      const values = this.arrays
        ? row as unknown as unknown[]
        : this.names.map((name) => (row as Record<string, unknown>)[name]);
      found.set(values[this.at.seq] as number, values);
    }
    return found;
  }

  /** The top with every candidate's row read (and its page fields remembered). */
  private topOfRead(
    matches: readonly PostingsMatch[],
    terms: readonly string[],
    limit: number,
    titleTerms?: TitleAnalysis,
  ): ChunkRow[] {
    const found = this.read(matches.map((m) => m.seq));
    const { title, lang, position } = this.at;
    const candidates: Candidate[] = [];
    for (const m of matches) {
      const values = found.get(m.seq);
      if (!values) continue;
      candidates.push({
        values,
        relevance: m.relevance,
        title: values[title] as string,
        lang: values[lang] as string | null,
        position: values[position] as number,
      });
    }
    if (this.known.size + candidates.length > KNOWN_ROWS) this.known.clear();
    const analyzed = new Map<string, readonly string[]>();
    for (const c of candidates) {
      // The title's terms once per title read, then kept with the row: a query whose
      // candidates are all known lifts them without a look-up by title.
      const key = `${c.lang}\u0000${c.title}`;
      let title = analyzed.get(key);
      if (!title) analyzed.set(key, title = (titleTerms ?? analyzeTitle)(c.title, c.lang));
      c.titleTerms = title;
      this.known.set(c.values[this.at.seq] as number, {
        title: c.title,
        lang: c.lang,
        position: c.position,
        titleTerms: title,
      });
    }
    const lifts = namedPageLifts(candidates, terms, titleTerms);
    candidates.forEach((c, i) => (c.relevance *= lifts[i]));
    return candidates.sort(byRelevance).slice(0, limit).map((c) => this.row(c));
  }

  /**
   * The statement reading `count` rows by seq as bound parameters (`IN (?, ?, …)`), made
   * once per count: a query's usual 20 or 40 rows are read without the JSON list.
   */
  private listed(count: number): StatementSync {
    let statement = this.byCount.get(count);
    if (!statement) {
      statement = this.db.prepare(
        `SELECT ${this.columns} FROM chunks c WHERE c.seq IN (${
          Array(count).fill("?").join(", ")
        })`,
      );
      if (this.arrays) {
        (statement as StatementSync & { setReturnArrays(on: boolean): void })
          .setReturnArrays(true);
      }
      this.byCount.set(count, statement);
    }
    return statement;
  }

  private row(candidate: { values: unknown[]; relevance: number }): ChunkRow {
    const row: Record<string, unknown> = {};
    const { names } = this;
    for (let i = 0; i < names.length; i++) row[names[i]] = candidate.values[i];
    row.relevance = candidate.relevance;
    return row as unknown as ChunkRow;
  }
}
