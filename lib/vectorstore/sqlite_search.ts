/**
 * Retrieval over the sqlite store's tables: BM25 through FTS5 with title and heading
 * weighted above body text, pages named by the query lifted, chunk rows fetched by key,
 * and row → hit mapping.
 *
 * @module
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { ChunkMetadata } from "./store.ts";
import { analyze } from "../text/mod.ts";
import { ftsAllOf, ftsAnyOf } from "./fts_query.ts";

/** BM25 column weights for (title, heading, text): a title match counts triple. */
export const BM25_WEIGHTS = [3.0, 2.0, 1.0] as const;

const RANK = `bm25(chunks_fts, ${BM25_WEIGHTS.join(", ")})`;
const COLUMNS = "c.seq, c.id, c.document_id, c.position, c.text, c.title, c.url, c.heading, " +
  "c.content_hash, c.indexed_at, c.lang";

/**
 * The columns a chunk row is selected with over `db` (the vector left out): the chunk's
 * fields and its word digest — null from a store written before digests were kept and
 * opened read-only (so never migrated).
 */
export function chunkRowColumns(db: DatabaseSync): string {
  const columns = db.prepare("PRAGMA table_info(chunks)").all() as { name: string }[];
  const digest = columns.some((c) => c.name === "word_digest") ? "c.word_digest" : "NULL";
  return `${COLUMNS}, ${digest} AS word_digest`;
}

/** A chunk row as selected by {@linkcode Searcher} (the vector column is left out). */
export interface ChunkRow {
  seq: number;
  id: string;
  document_id: string;
  position: number;
  text: string;
  title: string;
  url: string;
  heading: string;
  content_hash: string;
  indexed_at: string | null;
  lang?: string | null;
  /** The chunk's word digest (`lib/text/word_digest.ts`); null when the store kept none. */
  word_digest?: string | null;
  /** Positive BM25 relevance (higher is better), for lexical results only. */
  relevance?: number;
}

/** When lexical search treats a term as common (see {@linkcode Searcher.lexicalSearch}). */
export interface CommonTermPolicy {
  /** Below this many chunks every query is exact. */
  minChunks: number;
  /** A term is common when found in at least this fraction of chunks… */
  fraction: number;
  /** …and in at least this many. */
  minMatches: number;
}

/** The default {@linkcode CommonTermPolicy}. */
export const COMMON_TERMS: CommonTermPolicy = {
  minChunks: 20_000,
  fraction: 0.04,
  minMatches: 1_000,
};

/** Prepared retrieval statements over one connection, with per-version statistics. */
export class Searcher {
  private readonly lexical: StatementSync;
  private readonly lexicalFiltered: StatementSync;
  private readonly bySeq: StatementSync;
  private readonly countChunks: StatementSync;
  private readonly cappedCount: StatementSync;
  private readonly exactCount: StatementSync;
  private statsVersion = "";
  private chunkCount = 0;
  private readonly termCounts = new Map<string, { n: number; exact: boolean }>();

  constructor(db: DatabaseSync, private readonly policy: CommonTermPolicy = COMMON_TERMS) {
    const COLUMNS = chunkRowColumns(db);
    // Unfiltered: rank inside FTS first, then join only the winners.
    this.lexical = db.prepare(
      `SELECT ${COLUMNS}, -f.rank AS relevance FROM (
         SELECT rowid AS seq, ${RANK} AS rank FROM chunks_fts
         WHERE chunks_fts MATCH ? ORDER BY rank LIMIT ?
       ) f JOIN chunks c ON c.seq = f.seq ORDER BY f.rank`,
    );
    this.lexicalFiltered = db.prepare(
      `SELECT ${COLUMNS}, -${RANK} AS relevance FROM chunks_fts
       JOIN chunks c ON c.seq = chunks_fts.rowid
       WHERE chunks_fts MATCH ? AND c.document_id IN (SELECT value FROM json_each(?))
       ORDER BY ${RANK} LIMIT ?`,
    );
    this.bySeq = db.prepare(
      `SELECT ${COLUMNS} FROM chunks c WHERE c.seq IN (SELECT value FROM json_each(?))`,
    );
    this.countChunks = db.prepare("SELECT count(*) AS n FROM chunks");
    this.exactCount = db.prepare("SELECT count(*) AS n FROM chunks_fts WHERE chunks_fts MATCH ?");
    this.cappedCount = db.prepare(
      "SELECT count(*) AS n FROM (SELECT 1 FROM chunks_fts WHERE chunks_fts MATCH ? LIMIT ?)",
    );
  }

  /**
   * Best BM25 matches for query terms, best first. Exact on small stores. On large
   * ones BM25's cost grows with every row a term matches, so terms found in more than
   * ~4% of chunks count as common and only rows holding at least one selective term
   * are ranked, common terms still adding to their scores: ranking runs on
   * `selective AND common` and on `selective` alone, and since BM25 sums per-term parts
   * the better of a row's two scores is its full score, so the merged top `limit` is
   * exact over that set. A query of common terms only ranks the rows holding all of
   * them, or, when too few do, the rows holding the rarest.
   *
   * `version` changes whenever the data may have (it keys cached statistics).
   */
  lexicalSearch(
    terms: readonly string[],
    limit: number,
    documentIds: readonly string[] | undefined,
    version: string,
  ): ChunkRow[] {
    if (terms.length === 0 || limit <= 0) return [];
    // A few more than asked for, so a page the query names can climb into the top.
    const rows = this.bm25Search(terms, limit + TITLE_BOOST.extra, documentIds, version);
    return boostNamedPages(rows, terms).slice(0, limit);
  }

  private bm25Search(
    terms: readonly string[],
    limit: number,
    documentIds: readonly string[] | undefined,
    version: string,
  ): ChunkRow[] {
    const run = (match: string) => this.rank(match, limit, documentIds);
    if (terms.length === 1) return run(ftsAnyOf(terms));
    this.refreshStats(version);
    if (this.chunkCount < this.policy.minChunks) return run(ftsAnyOf(terms));
    const { fraction, minMatches } = this.policy;
    const cap = Math.max(minMatches, Math.ceil(this.chunkCount * fraction));
    const common = terms.filter((t) => this.termCount(t, cap) >= cap);
    if (common.length === 0) return run(ftsAnyOf(terms));
    const selective = terms.filter((t) => !common.includes(t));
    if (selective.length > 0) return this.rankSplit(selective, common, limit, documentIds);
    const all = run(ftsAllOf(terms));
    if (all.length >= limit) return all;
    // Too few rows hold every term: rank the rows holding the rarest one (which
    // include every row holding all terms).
    const rarest = terms.reduce((a, b) => (this.termCount(b) < this.termCount(a) ? b : a));
    const rest = terms.filter((t) => t !== rarest);
    return this.rankSplit([rarest], rest, limit, documentIds);
  }

  /** Exact BM25 top `limit` among rows holding a selective term (see lexicalSearch). */
  private rankSplit(
    selective: readonly string[],
    common: readonly string[],
    limit: number,
    documentIds?: readonly string[],
  ): ChunkRow[] {
    const both = this.rank(
      `(${ftsAnyOf(selective)}) AND (${ftsAnyOf(common)})`,
      limit,
      documentIds,
    );
    return mergeBest([both, this.rank(ftsAnyOf(selective), limit, documentIds)], limit);
  }

  private rank(match: string, limit: number, documentIds?: readonly string[]): ChunkRow[] {
    const rows = documentIds
      ? this.lexicalFiltered.all(match, JSON.stringify(documentIds), limit)
      : this.lexical.all(match, limit);
    return rows as unknown as ChunkRow[];
  }

  private refreshStats(version: string): void {
    if (version === this.statsVersion) return;
    this.statsVersion = version;
    this.chunkCount = Number((this.countChunks.get() as { n: number }).n);
    this.termCounts.clear();
  }

  /**
   * How many chunks hold `term`, counting no further than `cap` when given. Counts are
   * cached until the data changes; within one data version `cap` never changes.
   */
  private termCount(term: string, cap?: number): number {
    const known = this.termCounts.get(term);
    if (known && (known.exact || cap !== undefined)) return Math.min(known.n, cap ?? Infinity);
    const match = ftsAnyOf([term]);
    const row = cap === undefined ? this.exactCount.get(match) : this.cappedCount.get(match, cap);
    const n = Number((row as { n: number }).n);
    if (this.termCounts.size >= 10_000) this.termCounts.clear();
    this.termCounts.set(term, { n, exact: cap === undefined || n < cap });
    return n;
  }

  /** Chunk rows by key, in the order of `seqs`; missing keys are skipped. */
  rowsBySeq(seqs: readonly number[]): ChunkRow[] {
    if (seqs.length === 0) return [];
    const rows = this.bySeq.all(JSON.stringify(seqs)) as unknown as ChunkRow[];
    const bySeq = new Map(rows.map((r) => [r.seq, r]));
    return seqs.flatMap((s) => bySeq.get(s) ?? []);
  }
}

/**
 * How a query that names a page by its whole title lifts that page's chunks: their BM25
 * relevance grows by `named` (a share), the page's first chunk — its lead, where wikis
 * keep the summary and infobox — by `lead` more. "Who rules Orrun Reach?" then ranks
 * the Orrun Reach page above a regent's biography that says "Orrun Reach" ten times.
 */
export const TITLE_BOOST = { named: 0.25, lead: 0.1, extra: 20 } as const;

/** Terms of a page title in a language (null: detected); `analyze` by default. */
export type TitleAnalysis = (title: string, lang: string | null | undefined) => readonly string[];

/** The default {@linkcode TitleAnalysis}: `lib/text`'s `analyze` in the row's language. */
export const analyzeTitle: TitleAnalysis = (title, lang) =>
  analyze(title, { lang: lang ?? undefined });

/** The fields of a chunk row the named-page lift reads. */
export interface PageFields {
  title: string;
  lang?: string | null;
  position: number;
  /** The title's terms when already known (as `titleTerms` gives them): not analysed again. */
  titleTerms?: readonly string[];
}

/**
 * Per row, the factor its relevance is multiplied by: the named-page lift
 * ({@linkcode TITLE_BOOST}) when the query names the row's page by its whole title,
 * else 1. `titleTerms` analyses a title (pass a cache, `TitleTerms.of`, to analyse each
 * once).
 */
export function namedPageLifts(
  rows: readonly PageFields[],
  terms: readonly string[],
  titleTerms: TitleAnalysis = analyzeTitle,
): number[] {
  const asked = new Set(terms);
  const named = new Map<string, boolean>();
  const names = (title: readonly string[]) => title.length > 0 && title.every((w) => asked.has(w));
  return rows.map((row) => {
    let isNamed: boolean | undefined;
    if (row.titleTerms) isNamed = names(row.titleTerms);
    else {
      const key = `${row.lang}\u0000${row.title}`;
      isNamed = named.get(key);
      if (isNamed === undefined) named.set(key, isNamed = names(titleTerms(row.title, row.lang)));
    }
    return isNamed ? 1 + TITLE_BOOST.named + (row.position === 0 ? TITLE_BOOST.lead : 0) : 1;
  });
}

/**
 * Rows re-sorted after lifting the chunks of pages whose title the query names.
 * `titleTerms` analyses a title (pass a cache, `TitleTerms.of`, to analyse each once).
 */
export function boostNamedPages(
  rows: ChunkRow[],
  terms: readonly string[],
  titleTerms: TitleAnalysis = analyzeTitle,
): ChunkRow[] {
  const lifts = namedPageLifts(rows, terms, titleTerms);
  const boosted = rows.map((row, i) =>
    lifts[i] === 1 ? row : { ...row, relevance: (row.relevance ?? 0) * lifts[i] }
  );
  return boosted.sort(byRelevance);
}

/** Best first, for a stable sort of rows by relevance. */
export function byRelevance(a: { relevance?: number }, b: { relevance?: number }): number {
  return (b.relevance ?? 0) - (a.relevance ?? 0);
}

/** Rows of several rankings of the same expression terms, each once with its best
 * relevance, best first. */
function mergeBest(rankings: ChunkRow[][], limit: number): ChunkRow[] {
  const best = new Map<number, ChunkRow>();
  for (const row of rankings.flat()) {
    const seen = best.get(row.seq);
    if (!seen || (row.relevance ?? 0) > (seen.relevance ?? 0)) best.set(row.seq, row);
  }
  return [...best.values()]
    .sort((a, b) => (b.relevance ?? 0) - (a.relevance ?? 0))
    .slice(0, limit);
}

/** The store-facing metadata of a row. */
export function rowMetadata(row: ChunkRow): ChunkMetadata {
  const metadata: ChunkMetadata = {
    documentId: row.document_id,
    title: row.title,
    url: row.url,
    heading: row.heading,
    position: row.position,
    contentHash: row.content_hash,
  };
  if (row.indexed_at !== null) metadata.indexedAt = row.indexed_at;
  if (row.lang) metadata.lang = row.lang;
  return metadata;
}

/** Maps BM25 relevance (≥ 0, unbounded) into [0, 1) keeping its order. */
export function squashRelevance(relevance: number): number {
  const x = Math.max(0, relevance);
  return x / (1 + x);
}

/** Maps cosine similarity [-1, 1] into [0, 1], as Upstash reports COSINE scores. */
export function cosineScore(cosine: number): number {
  return (1 + cosine) / 2;
}
