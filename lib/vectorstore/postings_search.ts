/**
 * Top-k BM25 over postings with MaxScore pruning: query terms are ordered by the most
 * they can add to a score; once the k-th best score so far exceeds what the weakest
 * terms could give together, documents holding only those terms are never visited —
 * their lists are merely probed (skipping whole blocks) for documents the strong terms
 * bring up. With Zipf-distributed words the strong terms are the rare ones, so a
 * query's cost follows its rare terms' lists, not the corpus.
 *
 * Scores are FTS5's `bm25()`: idf = ln((N − n + 0.5) / (n + 0.5)) (at least 1e-6),
 * k1 = 1.2, b = 0.75, over a weighted term frequency (title ×3, heading ×2, text ×1).
 *
 * @module
 */
import { END } from "./postings_segment.ts";

/** BM25 constants, as FTS5 uses them. */
export const K1 = 1.2;
export const B = 0.75;

/** FTS5's inverse document frequency of a term found in `n` of `documents`. */
export function inverseDocumentFrequency(documents: number, n: number): number {
  const idf = Math.log((documents - n + 0.5) / (n + 0.5));
  return idf > 0 ? idf : 1e-6;
}

/** What search needs of a postings cursor. */
export interface PostingCursor {
  doc: number;
  tf: number;
  next(): void;
  advance(target: number): void;
}

/** One query term in one segment: its cursor, idf and the most it can score. */
export interface TermCursor {
  cursor: PostingCursor;
  idf: number;
  maxTf: number;
  minLen: number;
}

/** The k best (key, score) pairs seen, as a binary min-heap on score. */
export class TopK {
  readonly keys: number[] = [];
  readonly scores: number[] = [];
  constructor(readonly k: number) {}

  /** The score a new entry must beat to get in (0 until full). */
  get threshold(): number {
    return this.scores.length < this.k ? 0 : this.scores[0];
  }

  offer(key: number, score: number): void {
    const { keys, scores } = this;
    if (scores.length < this.k) {
      let i = scores.length;
      keys.push(key);
      scores.push(score);
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (scores[parent] <= scores[i]) break;
        swap(keys, scores, i, parent);
        i = parent;
      }
      return;
    }
    if (score <= scores[0]) return;
    keys[0] = key;
    scores[0] = score;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < scores.length && scores[l] < scores[m]) m = l;
      if (r < scores.length && scores[r] < scores[m]) m = r;
      if (m === i) break;
      swap(keys, scores, i, m);
      i = m;
    }
  }

  /** Entries best first. */
  sorted(): { key: number; score: number }[] {
    return this.keys.map((key, i) => ({ key, score: this.scores[i] }))
      .sort((a, b) => b.score - a.score || a.key - b.key);
  }
}

function swap(keys: number[], scores: number[], i: number, j: number): void {
  const k = keys[i];
  keys[i] = keys[j];
  keys[j] = k;
  const s = scores[i];
  scores[i] = scores[j];
  scores[j] = s;
}

/** Collection statistics a segment's scores use. */
export interface Bm25Context {
  averageLength: number;
  /** Per-document analysed length. */
  lengths: ArrayLike<number>;
  /** Chunk seq of a document number (the key offered to the heap). */
  seqs: ArrayLike<number>;
  /** True for documents to pass over (deleted, or outside a filter). */
  skip: ((doc: number) => boolean) | null;
}

/** Runs MaxScore over one segment's cursors, offering documents to `top`. */
export function maxScoreSearch(terms: TermCursor[], ctx: Bm25Context, top: TopK): void {
  const { averageLength, lengths, seqs, skip } = ctx;
  const norm = (len: number) => K1 * (1 - B + (B * len) / averageLength);
  const score = (t: TermCursor) => {
    const tf = t.cursor.tf;
    return t.idf * (tf * (K1 + 1)) / (tf + norm(lengths[t.cursor.doc]));
  };
  const ordered = terms
    .map((t) => ({ t, ub: t.idf * (t.maxTf * (K1 + 1)) / (t.maxTf + norm(t.minLen)) }))
    .sort((a, b) => a.ub - b.ub);
  const list = ordered.map((o) => o.t);
  const prefix: number[] = [];
  ordered.reduce((sum, o, i) => (prefix[i] = sum + o.ub), 0);
  const n = list.length;
  let essential = 0;
  while (essential < n && prefix[essential] <= top.threshold) essential++;
  while (essential < n) {
    let doc = END;
    for (let i = essential; i < n; i++) if (list[i].cursor.doc < doc) doc = list[i].cursor.doc;
    if (doc === END) break;
    if (skip?.(doc)) {
      for (let i = essential; i < n; i++) if (list[i].cursor.doc === doc) list[i].cursor.next();
      continue;
    }
    let s = 0;
    for (let i = essential; i < n; i++) {
      const c = list[i].cursor;
      if (c.doc === doc) {
        s += score(list[i]);
        c.next();
      }
    }
    const threshold = top.threshold;
    let i = essential - 1;
    for (; i >= 0; i--) {
      if (s + prefix[i] <= threshold) break;
      const c = list[i].cursor;
      c.advance(doc);
      if (c.doc === doc) s += score(list[i]);
    }
    if (i < 0 && s > threshold) {
      top.offer(seqs[doc], s);
      while (essential < n && prefix[essential] <= top.threshold) essential++;
    }
  }
}
