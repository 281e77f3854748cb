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
 * decoded. First of all, when the term with the highest bound has a short list, its
 * documents are scored alone: the top k then holds real scores from the start, and the
 * rest of the search leaves that term (and its documents) out, so its large bound no
 * longer keeps the common terms leading.
 *
 * Results are exactly exhaustive BM25 top-k: a document's score is summed in query-term
 * order however it was found, bounds carry a small slack against rounding, and ties go
 * to the lower key (see {@linkcode TopK}).
 *
 * @module
 */
import { END, type Segment, SegmentCursor } from "./postings_segment.ts";
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
/** A term in at most one document in this many is short enough to be scored first. */
const SEED_SHARE = 32;

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
  // The term with the highest bound, when its list is short, is scored first and alone:
  // each of its documents exactly (probing the others), which fills the top k with real
  // scores at once; the rest of the search leaves it and its documents out.
  const seedTerm = ub.indexOf(Math.max(...ub));
  const seedDf = a.df[terms[seedTerm].term];
  const seeded = n > 1 && seedDf >= top.k && seedDf <= segment.size / SEED_SHARE
    ? scoreSeed(segment, terms, seedTerm, { blockUb, firstBlock }, ctx, top)
    : null;
  if (seeded) {
    ub[seedTerm] = 0;
    blockUb[seedTerm].fill(0);
  }
  let seedAt = 0;
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
      if (seeded) {
        while (seedAt < seeded.length && seeded[seedAt] < doc) seedAt++;
        if (seeded[seedAt] === doc) {
          for (let k = essential; k < n; k++) {
            if (cursors[order[k]].doc === doc) cursors[order[k]].next();
          }
          continue;
        }
      }
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

/**
 * Offers every document of term `seed` (not skipped) that can enter the top k, with its
 * exact score summed in query order; the other terms are probed only while their block
 * bounds at the document can still lift it in. Returns the documents seen, ascending.
 */
function scoreSeed(
  segment: Segment,
  terms: BlockTerm[],
  seed: number,
  bounds: { blockUb: Float64Array[]; firstBlock: number[] },
  ctx: Bm25Context,
  top: TopK,
): Uint32Array {
  const { averageLength, lengths, seqs, skip } = ctx;
  const n = terms.length;
  const cursors = terms.map((t) => new SegmentCursor(segment, t.term));
  const lead = cursors[seed];
  // The rarer terms first: their bounds are the largest, and their lists cheap to probe.
  const others = cursors.map((_, i) => i).filter((i) => i !== seed)
    .sort((x, y) => terms[y].idf - terms[x].idf);
  const atDoc = new Float64Array(n);
  const contrib = new Float64Array(n);
  const docs = new Uint32Array(segment.a.df[terms[seed].term]);
  let m = 0;
  for (; lead.doc !== END; lead.next()) {
    const doc = lead.doc;
    docs[m++] = doc;
    if (skip?.(doc)) continue;
    const norm = K1 * (1 - B + (B * lengths[doc]) / averageLength);
    contrib.fill(0);
    let s = contrib[seed] = terms[seed].idf * (lead.tf * (K1 + 1)) / (lead.tf + norm);
    let rest = 0;
    for (const i of others) {
      const c = cursors[i];
      atDoc[i] = c.shallow(doc) === END ? 0 : bounds.blockUb[i][c.block - bounds.firstBlock[i]];
      rest += atDoc[i];
    }
    const threshold = top.threshold;
    let k = 0;
    for (; k < others.length; k++) {
      if (s + rest < threshold) break;
      const i = others[k];
      const c = cursors[i];
      rest -= atDoc[i];
      if (atDoc[i] === 0) continue;
      c.advance(doc);
      if (c.doc === doc) s += contrib[i] = terms[i].idf * (c.tf * (K1 + 1)) / (c.tf + norm);
    }
    if (k < others.length || s + SLACK < threshold) continue;
    let score = 0;
    for (let i = 0; i < n; i++) score += contrib[i];
    top.offer(seqs[doc], score);
  }
  return docs.subarray(0, m);
}
