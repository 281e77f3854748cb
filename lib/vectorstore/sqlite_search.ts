/**
 * Retrieval over the sqlite store's tables: BM25 through FTS5 with title and heading
 * weighted above body text, chunk rows fetched by key, and row → hit mapping.
 *
 * @module
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { ChunkMetadata } from "./store.ts";

/** BM25 column weights for (title, heading, text): a title match counts triple. */
export const BM25_WEIGHTS = [3.0, 2.0, 1.0] as const;

const RANK = `bm25(chunks_fts, ${BM25_WEIGHTS.join(", ")})`;
const COLUMNS = "c.seq, c.id, c.document_id, c.position, c.text, c.title, c.url, c.heading, " +
  "c.content_hash, c.indexed_at";

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
  /** Positive BM25 relevance (higher is better), for lexical results only. */
  relevance?: number;
}

/** Prepared retrieval statements over one connection. */
export class Searcher {
  private readonly lexical: StatementSync;
  private readonly lexicalFiltered: StatementSync;
  private readonly bySeq: StatementSync;

  constructor(db: DatabaseSync) {
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
  }

  /** Best BM25 matches of an FTS5 expression, best first. */
  lexicalSearch(match: string, limit: number, documentIds?: readonly string[]): ChunkRow[] {
    const rows = documentIds
      ? this.lexicalFiltered.all(match, JSON.stringify(documentIds), limit)
      : this.lexical.all(match, limit);
    return rows as unknown as ChunkRow[];
  }

  /** Chunk rows by key, in the order of `seqs`; missing keys are skipped. */
  rowsBySeq(seqs: readonly number[]): ChunkRow[] {
    if (seqs.length === 0) return [];
    const rows = this.bySeq.all(JSON.stringify(seqs)) as unknown as ChunkRow[];
    const bySeq = new Map(rows.map((r) => [r.seq, r]));
    return seqs.flatMap((s) => bySeq.get(s) ?? []);
  }
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
