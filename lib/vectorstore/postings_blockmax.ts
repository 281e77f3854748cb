/**
 * Top-k BM25 over a segment with block-max MaxScore: MaxScore (`postings_search.ts`)
 * made local. Each block of a posting list keeps its highest frequency and shortest
 * document, which bound the scores of its documents. The document range is cut into
 * windows at the block boundaries of the terms that can still start a competitive
 * document; in each window every term is bounded by its blocks there instead of by its
 * whole list. A window whose bounds add up to less than the k-th best score so far is
 * skipped without decoding a posting; otherwise only the terms whose window bounds reach
 * past that score lead, and a candidate is dropped as soon as its score so far plus the
 * other terms' block bounds at that document cannot reach it — before their blocks are
 * decoded.
 *
 * Results are exactly exhaustive BM25 top-k: a document's score is summed in query-term
 * order however it was found, bounds carry a small slack against rounding, and ties go
 * to the lower key (see {@linkcode TopK}).
 *
 * @module
 */
import { END, type Segment, type SegmentCursor } from "./postings_segment.ts";
import { B, type Bm25Context, K1, SLACK, type TopK } from "./postings_search.ts";

/** One query term in a segment. */
export interface BlockTerm {
  cursor: SegmentCursor;
  /** The term's number in the segment. */
  term: number;
  idf: number;
}

/** Past this many blocks in a window, a term is bounded by its whole-list maximum. */
const MAX_BOUND_BLOCKS = 16;

/** Runs block-max MaxScore over one segment's terms, offering documents to `top`. */
export function blockMaxSearch(
  segment: Segment,
  terms: BlockTerm[],
  ctx: Bm25Context,
  top: TopK,
): void {
  const n = terms.length;
  if (n === 0) return;
  const { averageLength, lengths, seqs, skip } = ctx;
  const a = segment.a;
  const lengthNorm = K1 * (1 - B);
  const lengthScale = (K1 * B) / averageLength;
  // Bound of every block of every term, and of each whole list.
  const blockUb = terms.map((t) => {
    const first = a.blockStart[t.term], end = a.blockStart[t.term + 1];
    const out = new Float64Array(end - first);
    for (let b = first; b < end; b++) {
      const tf = a.blockMaxTf[b];
      out[b - first] =
        t.idf * (tf * (K1 + 1)) / (tf + lengthNorm + lengthScale * a.blockMinLen[b]) +
        SLACK;
    }
    return out;
  });
  const firstBlock = terms.map((t) => a.blockStart[t.term]);
  const ub = Float64Array.from(terms, (t) => {
    const tf = a.maxTf[t.term];
    return t.idf * (tf * (K1 + 1)) / (tf + lengthNorm + lengthScale * a.minLen[t.term]) + SLACK;
  });
  // Global order: ascending whole-list bound; terms before `lead` cannot start a winner.
  const global = Array.from({ length: n }, (_, i) => i).sort((x, y) => ub[x] - ub[y]);
  const globalPrefix = new Float64Array(n);
  global.reduce((sum, i, g) => (globalPrefix[g] = sum + ub[i]), 0);
  const windowUb = new Float64Array(n);
  const order = Array.from({ length: n }, (_, i) => i);
  const prefix = new Float64Array(n);
  const atDoc = new Float64Array(n);
  const contrib = new Float64Array(n);
  const cursors = terms.map((t) => t.cursor);
  const idfs = Float64Array.from(terms, (t) => t.idf);

  /** Highest block bound of term i over its blocks from the current one up to `upTo`. */
  const windowBound = (i: number, upTo: number): number => {
    const c = cursors[i];
    const bounds = blockUb[i];
    const first = firstBlock[i];
    let best = bounds[c.block - first];
    for (let b = c.block + 1, m = 1; b <= c.lastBlock && a.blockLast[b - 1] < upTo; b++, m++) {
      if (m === MAX_BOUND_BLOCKS) return ub[i];
      if (bounds[b - first] > best) best = bounds[b - first];
    }
    return best;
  };

  let windowMin = 0;
  for (;;) {
    const threshold = top.threshold;
    let lead = 0;
    while (lead < n && globalPrefix[lead] < threshold) lead++;
    if (lead === n) return;
    let windowMax = END;
    for (let g = lead; g < n; g++) {
      const last = cursors[global[g]].shallow(windowMin);
      if (last < windowMax) windowMax = last;
    }
    // Every list that could start a winner is exhausted.
    if (windowMax === END) return;
    for (let i = 0; i < n; i++) {
      windowUb[i] = cursors[i].shallow(windowMin) === END ? 0 : windowBound(i, windowMax);
    }
    order.sort((x, y) => windowUb[x] - windowUb[y]);
    let sum = 0;
    for (let k = 0; k < n; k++) prefix[k] = sum += windowUb[order[k]];
    let essential = 0;
    while (essential < n && prefix[essential] < threshold) essential++;
    if (essential < n) scoreWindow(windowMin, windowMax, essential);
    windowMin = windowMax + 1;
  }

  /** DAAT over the window's leading terms, probing the others. */
  function scoreWindow(from: number, to: number, essential: number): void {
    for (let k = essential; k < n; k++) cursors[order[k]].advance(from);
    while (essential < n) {
      let doc = END;
      for (let k = essential; k < n; k++) {
        const d = cursors[order[k]].doc;
        if (d < doc) doc = d;
      }
      if (doc > to) return;
      const norm = K1 * (1 - B + (B * lengths[doc]) / averageLength);
      let s = 0;
      for (let k = essential; k < n; k++) {
        const i = order[k];
        const c = cursors[i];
        if (c.doc === doc) {
          const x = idfs[i] * (c.tf * (K1 + 1)) / (c.tf + norm);
          contrib[i] = x;
          s += x;
          c.next();
        } else {
          contrib[i] = 0;
        }
      }
      if (skip?.(doc)) continue;
      const threshold = top.threshold;
      if (essential > 0 && s + prefix[essential - 1] < threshold) continue;
      // The other terms, bounded by their blocks at `doc` (no decoding).
      let rest = 0;
      for (let k = 0; k < essential; k++) {
        const i = order[k];
        const c = cursors[i];
        contrib[i] = 0;
        rest = atDoc[k] = rest + (c.shallow(doc) === END ? 0 : blockUb[i][c.block - firstBlock[i]]);
      }
      if (s + rest < threshold) continue;
      let k = essential - 1;
      for (; k >= 0; k--) {
        if (s + atDoc[k] < threshold) break;
        const i = order[k];
        const c = cursors[i];
        c.advance(doc);
        if (c.doc === doc) {
          const x = idfs[i] * (c.tf * (K1 + 1)) / (c.tf + norm);
          contrib[i] = x;
          s += x;
        }
      }
      if (k >= 0 || s + SLACK < threshold) continue;
      let score = 0;
      for (let i = 0; i < n; i++) score += contrib[i];
      top.offer(seqs[doc], score);
      while (essential < n && prefix[essential] < top.threshold) essential++;
    }
  }
}
