/**
 * An immutable segment of the postings index: for each term, the chunks holding it
 * (internal document numbers, ascending, in order of the chunk's sqlite `seq`) and a
 * weighted term frequency, in blocks of 128 compressed as LEB128 varints (doc gaps,
 * then frequencies). Each block keeps its last document, its highest frequency and its
 * shortest document, so search can skip whole blocks and bound their scores.
 *
 * Everything is a handful of typed arrays, so a segment of 1M chunks is one compact
 * allocation and is written to and read from disk as is (see `postings_file.ts`).
 *
 * @module
 */

/** Postings per compressed block. */
export const BLOCK_SIZE = 128;

/** A document number past every real one: the cursor is exhausted. */
export const END = 0xffffffff;

/** The arrays a segment is made of. */
export interface SegmentArrays {
  /** Chunk `seq` per document number, ascending. */
  seqs: Uint32Array;
  /** Analysed length (term count) per document, capped at 65,535. */
  lengths: Uint16Array;
  terms: string[];
  /** Documents holding each term. */
  df: Uint32Array;
  /** Highest weighted frequency of each term, and the shortest document holding it. */
  maxTf: Uint16Array;
  minLen: Uint16Array;
  /** First block of term t is `blockStart[t]`, its last `blockStart[t + 1] - 1`. */
  blockStart: Uint32Array;
  blockLast: Uint32Array;
  blockMaxTf: Uint16Array;
  blockMinLen: Uint16Array;
  /** Byte offset of block b in `postings` (one extra entry at the end). */
  blockOffset: Uint32Array;
  postings: Uint8Array;
  /** Sum of `lengths`. */
  totalLength: number;
}

/**
 * Most postings a segment keeps decoded (6 bytes each): the blocks of terms found in at
 * least half of its documents, decoded once instead of at every query that names them.
 */
export const DECODED_POSTINGS = 500_000;

/** An immutable postings segment with its term dictionary. */
export class Segment {
  readonly termIds: Map<string, number>;
  /**
   * Decoded blocks (by block number) of terms in at least half the documents: such a
   * term ("house" in a wiki of houses) comes with many queries, and a query whose other
   * terms are rare still decodes a block of it for nearly every candidate, for its exact
   * (tiny) share of the score. Bounded by {@linkcode DECODED_POSTINGS}.
   */
  private readonly decoded = new Map<number, { docs: Uint32Array; tfs: Uint16Array }>();
  private decodedPostings = 0;

  constructor(readonly a: SegmentArrays) {
    // Filled in a loop: a pair array per term would be garbage the size of the map.
    const termIds = new Map<string, number>();
    for (let i = 0; i < a.terms.length; i++) termIds.set(a.terms[i], i);
    this.termIds = termIds;
  }

  /** Number of documents (including any a caller has since marked deleted). */
  get size(): number {
    return this.a.seqs.length;
  }

  /** The segment with no documents. */
  static empty(): Segment {
    return new Segment({
      seqs: new Uint32Array(0),
      lengths: new Uint16Array(0),
      terms: [],
      df: new Uint32Array(0),
      maxTf: new Uint16Array(0),
      minLen: new Uint16Array(0),
      blockStart: new Uint32Array(1),
      blockLast: new Uint32Array(0),
      blockMaxTf: new Uint16Array(0),
      blockMinLen: new Uint16Array(0),
      blockOffset: new Uint32Array(1),
      postings: new Uint8Array(0),
      totalLength: 0,
    });
  }

  /** Document number of a chunk seq, or -1 when the segment does not hold it. */
  docOf(seq: number): number {
    const seqs = this.a.seqs;
    let lo = 0, hi = seqs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = seqs[mid];
      if (v === seq) return mid;
      if (v < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /**
   * Decodes block `b` of term `t` into `docs` / `tfs` (each ≥ BLOCK_SIZE long);
   * returns how many postings it holds.
   */
  decodeBlock(t: number, b: number, docs: Uint32Array, tfs: Uint16Array): number {
    const a = this.a;
    const common = 2 * a.df[t] >= this.size;
    if (common) {
      const kept = this.decoded.get(b);
      if (kept) {
        docs.set(kept.docs);
        tfs.set(kept.tfs);
        return kept.docs.length;
      }
    }
    const count = this.decodeVarints(t, b, docs, tfs);
    if (common && this.decodedPostings + count <= DECODED_POSTINGS) {
      this.decoded.set(b, { docs: docs.slice(0, count), tfs: tfs.slice(0, count) });
      this.decodedPostings += count;
    }
    return count;
  }

  /** Decodes block `b` of term `t` from its varints (see {@linkcode decodeBlock}). */
  private decodeVarints(t: number, b: number, docs: Uint32Array, tfs: Uint16Array): number {
    return decodeBlockBytes(this.a, this.a.postings, 0, t, b, docs, tfs);
  }
}

/**
 * Where some of a segment's postings are held: the byte at segment offset `x` (as in
 * `blockOffset`) is `bytes[x - shift]`. A merge reads a segment on disk through such
 * a window instead of holding its postings.
 */
export interface PostingsView {
  bytes: Uint8Array;
  shift: number;
}

/**
 * Decodes block `b` of term `t` of the segment whose arrays are `a`, its bytes read
 * from `bytes` shifted by `shift` (see {@linkcode PostingsView}), into `docs` / `tfs`;
 * returns how many postings it holds.
 */
export function decodeBlockBytes(
  a: SegmentArrays,
  bytes: Uint8Array,
  shift: number,
  t: number,
  b: number,
  docs: Uint32Array,
  tfs: Uint16Array,
): number {
  const first = a.blockStart[t];
  const count = b === a.blockStart[t + 1] - 1 ? a.df[t] - (b - first) * BLOCK_SIZE : BLOCK_SIZE;
  let p = a.blockOffset[b] - shift;
  let doc = b === first ? -1 : a.blockLast[b - 1];
  for (let i = 0; i < count; i++) {
    let v = 0, bits = 0, byte;
    do {
      byte = bytes[p++];
      v |= (byte & 0x7f) << bits;
      bits += 7;
    } while (byte & 0x80);
    doc += (v >>> 0) + 1;
    docs[i] = doc;
  }
  for (let i = 0; i < count; i++) {
    let v = 0, bits = 0, byte;
    do {
      byte = bytes[p++];
      v |= (byte & 0x7f) << bits;
      bits += 7;
    } while (byte & 0x80);
    tfs[i] = v;
  }
  return count;
}

/**
 * Walks one term's postings in a segment, decoding a block at a time. Its block pointer
 * can also move without decoding ({@linkcode SegmentCursor.shallow}), so a search can
 * bound a range of documents by the blocks' maxima and skip it undecoded.
 */
export class SegmentCursor {
  /** Current document number, or {@linkcode END}; valid after `advance` or `next`. */
  doc = END;
  /** Weighted frequency of the term in `doc`. */
  tf = 0;
  /** Current block (past `lastBlock` once exhausted). */
  block: number;
  readonly lastBlock: number;
  /** Whether `docs`/`tfs` hold the current block. */
  private loaded = false;
  private i = 0;
  private count = 0;
  private readonly docs = new Uint32Array(BLOCK_SIZE);
  private readonly tfs = new Uint16Array(BLOCK_SIZE);

  constructor(private readonly segment: Segment, private readonly term: number) {
    const a = segment.a;
    this.block = a.blockStart[term];
    this.lastBlock = a.blockStart[term + 1] - 1;
    if (this.block <= this.lastBlock) this.load(this.block);
  }

  /** Moves to the next posting (the cursor must be on a decoded posting). */
  next(): void {
    if (++this.i < this.count) {
      this.doc = this.docs[this.i];
      this.tf = this.tfs[this.i];
    } else if (this.block < this.lastBlock) {
      this.load(this.block + 1);
    } else {
      this.exhaust();
    }
  }

  /** Moves to the first posting at or after `target`, skipping whole blocks. */
  advance(target: number): void {
    if (this.loaded && this.doc >= target) return;
    if (this.shallow(target) === END) return;
    if (!this.loaded) this.load(this.block);
    const docs = this.docs;
    let i = this.i;
    while (docs[i] < target) i++;
    this.i = i;
    this.doc = docs[i];
    this.tf = this.tfs[i];
  }

  /**
   * Moves the block pointer (never back) to the first block whose last document is at
   * or after `target`, without decoding it; returns that last document, or END.
   */
  shallow(target: number): number {
    const last = this.segment.a.blockLast;
    let b = this.block;
    if (b > this.lastBlock) return END;
    if (last[b] >= target) return last[b];
    do b++; while (b <= this.lastBlock && last[b] < target);
    this.block = b;
    this.loaded = false;
    if (b > this.lastBlock) {
      this.exhaust();
      return END;
    }
    return last[b];
  }

  /**
   * The highest `bound(maxTf, minLen)` over the blocks from the current one that may
   * hold documents up to `upTo`; past `maxBlocks` blocks, `fallback` instead.
   */
  blockBound(
    upTo: number,
    bound: (maxTf: number, minLen: number) => number,
    maxBlocks: number,
    fallback: number,
  ): number {
    const a = this.segment.a;
    let best = 0;
    for (let b = this.block, n = 0; b <= this.lastBlock; b++, n++) {
      if (b > this.block && a.blockLast[b - 1] >= upTo) break;
      if (n === maxBlocks) return fallback;
      const ub = bound(a.blockMaxTf[b], a.blockMinLen[b]);
      if (ub > best) best = ub;
    }
    return best;
  }

  private exhaust(): void {
    this.block = this.lastBlock + 1;
    this.loaded = false;
    this.doc = END;
  }

  private load(b: number): void {
    this.block = b;
    this.loaded = true;
    this.count = this.segment.decodeBlock(this.term, b, this.docs, this.tfs);
    this.i = 0;
    this.doc = this.docs[0];
    this.tf = this.tfs[0];
  }
}
