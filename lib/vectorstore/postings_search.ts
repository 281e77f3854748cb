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

/** Score bounds are raised by this much, so rounding never prunes a document that ties. */
export const SLACK = 1e-9;

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

/**
 * The k best (key, score) pairs seen, as a binary min-heap: higher scores are better
 * and, at equal scores, lower keys — so the result never depends on the order in which
 * documents were offered.
 */
export class TopK {
  readonly keys: number[] = [];
  readonly scores: number[] = [];
  constructor(readonly k: number) {}

  /** The score a new entry must reach to get in (0 until full). */
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
        if (!worse(scores, keys, i, parent)) break;
        swap(keys, scores, i, parent);
        i = parent;
      }
      return;
    }
    if (score < scores[0] || (score === scores[0] && key >= keys[0])) return;
    keys[0] = key;
    scores[0] = score;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < scores.length && worse(scores, keys, l, m)) m = l;
      if (r < scores.length && worse(scores, keys, r, m)) m = r;
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

/** Whether entry i ranks below entry j. */
function worse(scores: number[], keys: number[], i: number, j: number): boolean {
  return scores[i] < scores[j] || (scores[i] === scores[j] && keys[i] > keys[j]);
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

/**
 * Runs MaxScore over one segment's cursors, offering documents to `top`: the delta's
 * search, and the baseline block-max MaxScore (`postings_blockmax.ts`) is measured
 * against. Scores are summed in the order of `terms`.
 */
export function maxScoreSearch(terms: TermCursor[], ctx: Bm25Context, top: TopK): void {
  const { averageLength, lengths, seqs, skip } = ctx;
  const norm = (len: number) => K1 * (1 - B + (B * len) / averageLength);
  const n = terms.length;
  const ub = terms.map((t) => t.idf * (t.maxTf * (K1 + 1)) / (t.maxTf + norm(t.minLen)) + SLACK);
  const order = terms.map((_, i) => i).sort((x, y) => ub[x] - ub[y]);
  const prefix: number[] = [];
  order.reduce((sum, i, k) => (prefix[k] = sum + ub[i]), 0);
  const contrib = new Float64Array(n);
  let essential = 0;
  while (essential < n && prefix[essential] < top.threshold) essential++;
  while (essential < n) {
    let doc = END;
    for (let k = essential; k < n; k++) {
      const d = terms[order[k]].cursor.doc;
      if (d < doc) doc = d;
    }
    if (doc === END) break;
    const nd = norm(lengths[doc]);
    contrib.fill(0);
    let s = 0;
    for (let k = essential; k < n; k++) {
      const t = terms[order[k]];
      const c = t.cursor;
      if (c.doc === doc) {
        s += contrib[order[k]] = t.idf * (c.tf * (K1 + 1)) / (c.tf + nd);
        c.next();
      }
    }
    if (skip?.(doc)) continue;
    const threshold = top.threshold;
    let k = essential - 1;
    for (; k >= 0; k--) {
      if (s + prefix[k] < threshold) break;
      const t = terms[order[k]];
      t.cursor.advance(doc);
      if (t.cursor.doc === doc) {
        s += contrib[order[k]] = t.idf * (t.cursor.tf * (K1 + 1)) / (t.cursor.tf + nd);
      }
    }
    if (k >= 0 || s + SLACK < threshold) continue;
    let score = 0;
    for (let i = 0; i < n; i++) score += contrib[i];
    top.offer(seqs[doc], score);
    while (essential < n && prefix[essential] < top.threshold) essential++;
  }
}
