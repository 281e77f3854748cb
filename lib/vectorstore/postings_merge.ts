/**
 * Folds a delta into a segment: the segment's live documents and the delta's, ordered
 * by chunk seq, become a new immutable segment with fresh statistics. A full build is
 * the same operation on an empty segment.
 *
 * @module
 */
import { ByteWriter, Growable } from "./growable.ts";
import type { DeltaList, DeltaSegment } from "./postings_delta.ts";
import {
  BLOCK_SIZE,
  decodeBlockBytes,
  type PostingsView,
  Segment,
  type SegmentArrays,
} from "./postings_segment.ts";

/**
 * Where a merge reads the base's postings and puts the new ones, when they are not in
 * memory (`postings_disk.ts`): the writer then holds neither the old nor the new
 * postings whole, only the piece being merged.
 */
export interface MergeIo {
  /**
   * Where base term `t`'s postings are, read on demand: a view valid until the next
   * call (the base's arrays, in memory, place them in it).
   */
  baseTerm(t: number): PostingsView;
  /** Takes the new postings in order, piece by piece; the result's `postings` is then empty. */
  spill(bytes: Uint8Array): void;
}

/** Bytes of new postings a spilling merge holds before handing them to `MergeIo.spill`. */
export const SPILL_BYTES = 1 << 20;

/**
 * A new segment holding `base`'s documents not marked in `deleted` and the delta's
 * live documents. With `io`, the base's postings are read and the new ones written
 * through it.
 */
export function mergeSegments(
  base: Segment,
  deleted: Uint8Array | null,
  delta: DeltaSegment,
  io?: MergeIo,
): Segment {
  const { seqs, lengths, baseMap, deltaMap } = mergeDocuments(base, deleted, delta);
  // The new head's arrays are sized ahead from bounds: each term's live postings fit in
  // its base blocks plus its delta blocks.
  const out = new SegmentWriter(seqs.length, io?.spill, {
    terms: base.a.terms.length + delta.terms().length,
    blocks: base.a.blockLast.length + delta.blocks(BLOCK_SIZE),
  });
  const docs = new Uint32Array(BLOCK_SIZE);
  const tfs = new Uint16Array(BLOCK_SIZE);
  const listDocs = new Growable(Uint32Array, 1024);
  const listTfs = new Growable(Uint16Array, 1024);
  // A chunk rewritten in place keeps its seq, so the delta's documents (in write order)
  // need not be in seq order; then each term's delta postings are sorted.
  const inOrder = isAscending(deltaMap);
  const deltaDocs = new Growable(Uint32Array, 1024);
  const deltaTfs = new Growable(Uint16Array, 1024);
  // New chunks only, after every chunk of the base (an ingest): the base's postings keep
  // their numbers, so each term's blocks are copied as they are and the delta's
  // postings appended, instead of decoding and encoding the whole segment.
  const appending = isAppend(deleted, baseMap);
  const a = base.a;
  const resident: PostingsView = { bytes: a.postings, shift: 0 };
  const emit = (term: string, deltaList: DeltaList | undefined) => {
    listDocs.length = listTfs.length = 0;
    const t = base.termIds.get(term);
    let d = 0;
    const dLen = renumberDelta(deltaList, deltaMap, inOrder, deltaDocs, deltaTfs);
    if (appending && t !== undefined) {
      const from = io ? io.baseTerm(t) : resident;
      out.appendTerm(term, a, t, from, deltaDocs.array, deltaTfs.array, dLen, lengths);
      return;
    }
    const dDocs = deltaDocs.array, dTfs = deltaTfs.array;
    // Both sides are ascending in the new numbering: merge them.
    const pushDelta = (upTo: number) => {
      for (; d < dLen; d++) {
        const nd = dDocs[d];
        if (nd > upTo) break;
        listDocs.push(nd);
        listTfs.push(dTfs[d]);
      }
    };
    if (t !== undefined) {
      const from = io ? io.baseTerm(t) : resident;
      for (let b = a.blockStart[t]; b < a.blockStart[t + 1]; b++) {
        const n = decodeBlockBytes(a, from.bytes, from.shift, t, b, docs, tfs);
        for (let i = 0; i < n; i++) {
          const nd = baseMap[docs[i]];
          if (nd < 0) continue;
          pushDelta(nd);
          listDocs.push(nd);
          listTfs.push(tfs[i]);
        }
      }
    }
    pushDelta(0xffffffff);
    if (listDocs.length > 0) {
      out.addTerm(term, listDocs.array, listTfs.array, listDocs.length, lengths);
    }
  };
  for (const term of a.terms) emit(term, delta.list(term));
  for (const term of delta.terms()) if (!base.termIds.has(term)) emit(term, delta.list(term));
  return out.finish(seqs, lengths);
}

/** Whether every base document keeps its number (none dropped, none placed before it). */
function isAppend(deleted: Uint8Array | null, baseMap: Int32Array): boolean {
  if (deleted?.includes(1)) return false;
  for (let i = 0; i < baseMap.length; i++) if (baseMap[i] !== i) return false;
  return true;
}

/** Whether the documents kept (≥ 0) are numbered in ascending order. */
export function isAscending(map: Int32Array): boolean {
  let last = -1;
  for (let i = 0; i < map.length; i++) {
    if (map[i] < 0) continue;
    if (map[i] < last) return false;
    last = map[i];
  }
  return true;
}

/**
 * A delta list's live postings in the merged numbering, ascending, into `docs`/`tfs`;
 * returns how many.
 */
export function renumberDelta(
  list: DeltaList | undefined,
  map: Int32Array,
  inOrder: boolean,
  docs: Growable<Uint32Array>,
  tfs: Growable<Uint16Array>,
): number {
  docs.length = tfs.length = 0;
  if (!list) return 0;
  for (let i = 0; i < list.docs.length; i++) {
    const nd = map[list.docs[i]];
    if (nd < 0) continue;
    docs.push(nd);
    tfs.push(list.tfs[i]);
  }
  if (inOrder || docs.length < 2) return docs.length;
  // Pack (doc, tf) into one exact double (doc < 2^32, tf < 2^16) and sort numerically.
  const packed = new Float64Array(docs.length);
  for (let i = 0; i < packed.length; i++) packed[i] = docs.array[i] * 65_536 + tfs.array[i];
  packed.sort();
  for (let i = 0; i < packed.length; i++) {
    docs.array[i] = Math.floor(packed[i] / 65_536);
    tfs.array[i] = packed[i] % 65_536;
  }
  return docs.length;
}

/** The merged document order and where each old document went (-1: dropped). */
function mergeDocuments(base: Segment, deleted: Uint8Array | null, delta: DeltaSegment) {
  const liveDelta: number[] = [];
  for (let d = 0; d < delta.seqs.length; d++) if (!delta.dead.array[d]) liveDelta.push(d);
  liveDelta.sort((x, y) => delta.seqs[x] - delta.seqs[y]);
  const baseSeqs = base.a.seqs;
  // At most `total` documents: a merge that drops none fills these and copies nothing.
  const total = base.size + liveDelta.length;
  const seqs = new Growable(Uint32Array, total);
  const lengths = new Growable(Uint16Array, total);
  const baseMap = new Int32Array(base.size).fill(-1);
  const deltaMap = new Int32Array(delta.seqs.length).fill(-1);
  let i = 0, j = 0;
  while (i < base.size || j < liveDelta.length) {
    if (i < base.size && deleted?.[i]) {
      i++;
      continue;
    }
    const takeBase = j >= liveDelta.length ||
      (i < base.size && baseSeqs[i] < delta.seqs[liveDelta[j]]);
    if (takeBase) {
      baseMap[i] = seqs.length;
      seqs.push(baseSeqs[i]);
      lengths.push(base.a.lengths[i++]);
    } else {
      const d = liveDelta[j++];
      deltaMap[d] = seqs.length;
      seqs.push(delta.seqs[d]);
      lengths.push(delta.lengths[d]);
    }
  }
  return { seqs: seqs.trimmed(), lengths: lengths.trimmed(), baseMap, deltaMap };
}

/**
 * Takes a writer's block arrays as they fill (`postings_disk.ts`), so a merge that
 * appends holds a piece of them, not the whole: each call's arrays follow the last's.
 */
export type BlockSpill = (
  blockLast: Uint32Array,
  blockMaxTf: Uint16Array,
  blockMinLen: Uint16Array,
  blockOffset: Uint32Array,
) => void;

/** Blocks a writer with a {@linkcode BlockSpill} holds before handing them on. */
const BLOCK_SPILL = 16_384;

/**
 * Takes a writer's per-term arrays as they fill, like {@linkcode BlockSpill}: each
 * call's follow the last's (`blockStart` ends with the blocks' total at the last call).
 * A writer with one keeps no term strings either: the caller writes the terms.
 */
export type TermSpill = (
  df: Uint32Array,
  maxTf: Uint16Array,
  minLen: Uint16Array,
  blockStart: Uint32Array,
) => void;

/** Terms a writer with a {@linkcode TermSpill} holds before handing them on. */
const TERM_SPILL = 16_384;

/** Accumulates terms' postings into the arrays of a new segment. */
export class SegmentWriter {
  private readonly terms: string[] = [];
  private readonly df: Growable<Uint32Array>;
  private readonly maxTf: Growable<Uint16Array>;
  private readonly minLen: Growable<Uint16Array>;
  private readonly blockStart: Growable<Uint32Array>;
  private readonly blockLast: Growable<Uint32Array>;
  private readonly blockMaxTf: Growable<Uint16Array>;
  private readonly blockMinLen: Growable<Uint16Array>;
  private readonly blockOffset: Growable<Uint32Array>;
  private readonly bytes: ByteWriter;
  /** Bytes already handed to `spill`. */
  private spilled = 0;
  /** Blocks already handed to `blockSpill`. */
  private spilledBlocks = 0;
  /** Terms already handed to `termSpill`. */
  private spilledTerms = 0;
  private readonly tailDocs = new Uint32Array(BLOCK_SIZE);
  private readonly tailTfs = new Uint16Array(BLOCK_SIZE);
  private readonly runDocs = new Growable(Uint32Array, 1024);
  private readonly runTfs = new Growable(Uint16Array, 1024);

  /**
   * @param bound terms and blocks the segment will most likely not exceed: its arrays
   * start that large (they still grow past it) and are not copied to trim them
   * @param blockSpill where the block arrays go as they fill, if not kept
   * @param termSpill where the per-term arrays go as they fill, if not kept (the terms'
   * strings are then not kept either)
   */
  constructor(
    documents: number,
    private readonly spill?: (bytes: Uint8Array) => void,
    bound = { terms: 1024, blocks: 1024 },
    private readonly blockSpill?: BlockSpill,
    private readonly termSpill?: TermSpill,
  ) {
    const terms = Math.max(1, termSpill ? Math.min(bound.terms, TERM_SPILL) : bound.terms);
    const blocks = Math.max(1, blockSpill ? Math.min(bound.blocks, BLOCK_SPILL) : bound.blocks);
    this.df = new Growable(Uint32Array, terms);
    this.maxTf = new Growable(Uint16Array, terms);
    this.minLen = new Growable(Uint16Array, terms);
    this.blockStart = new Growable(Uint32Array, terms + 1);
    this.blockLast = new Growable(Uint32Array, blocks);
    this.blockMaxTf = new Growable(Uint16Array, blocks);
    this.blockMinLen = new Growable(Uint16Array, blocks);
    this.blockOffset = new Growable(Uint32Array, blocks + 1);
    this.bytes = new ByteWriter(spill ? SPILL_BYTES + 65_536 : Math.max(1024, documents * 64));
  }

  /** Blocks written so far. */
  private get blocks(): number {
    return this.spilledBlocks + this.blockLast.length;
  }

  /**
   * A term's postings (`n` of `docs`/`tfs`, ascending). `lengths[d - lengthBase]` is the
   * length of document `d`.
   */
  addTerm(
    term: string,
    docs: Uint32Array,
    tfs: Uint16Array,
    n: number,
    lengths: Uint16Array,
    lengthBase = 0,
  ) {
    if (!this.termSpill) this.terms.push(term);
    this.df.push(n);
    this.blockStart.push(this.blocks);
    const { maxTf, minLen } = this.encodeRun(docs, tfs, n, lengths, lengthBase, -1, 0xffff);
    this.maxTf.push(maxTf);
    this.minLen.push(minLen);
    this.maybeSpill();
  }

  /**
   * Term `t` of the segment `a` (documents unchanged; its postings read from `from`)
   * followed by `n` new postings, all after its last: its full blocks are copied as they
   * are; its last block is decoded and encoded again with the new postings. The result
   * equals {@linkcode addTerm} of the whole list. The new documents' lengths are
   * `lengths[d - lengthBase]`; the old ones' are not read (their blocks keep their bounds).
   */
  appendTerm(
    term: string,
    a: SegmentArrays,
    t: number,
    from: PostingsView,
    docs: Uint32Array,
    tfs: Uint16Array,
    n: number,
    lengths: Uint16Array,
    lengthBase = 0,
  ) {
    const b0 = a.blockStart[t], b1 = a.blockStart[t + 1];
    const kept = n === 0 ? b1 - b0 : b1 - b0 - 1;
    if (!this.termSpill) this.terms.push(term);
    this.df.push(a.df[t] + n);
    this.blockStart.push(this.blocks);
    // The old bounds cover the last block's postings, encoded again below with the new.
    let maxTf = a.maxTf[t], minLen = a.minLen[t];
    const start = a.blockOffset[b0], shift = this.spilled + this.bytes.length - start;
    const offsets = this.blockOffset;
    offsets.grow(offsets.length + kept);
    for (let b = b0; b < b0 + kept; b++) offsets.array[offsets.length++] = a.blockOffset[b] + shift;
    this.blockLast.appendRange(a.blockLast, b0, b0 + kept);
    this.blockMaxTf.appendRange(a.blockMaxTf, b0, b0 + kept);
    this.blockMinLen.appendRange(a.blockMinLen, b0, b0 + kept);
    this.bytes.appendRange(from.bytes, start - from.shift, a.blockOffset[b0 + kept] - from.shift);
    if (n > 0) {
      const tail = decodeBlockBytes(
        a,
        from.bytes,
        from.shift,
        t,
        b1 - 1,
        this.tailDocs,
        this.tailTfs,
      );
      const total = tail + n;
      if (this.runDocs.array.length < total) {
        this.runDocs.grow(total);
        this.runTfs.grow(total);
      }
      this.runDocs.array.set(this.tailDocs.subarray(0, tail));
      this.runTfs.array.set(this.tailTfs.subarray(0, tail));
      this.runDocs.array.set(docs.subarray(0, n), tail);
      this.runTfs.array.set(tfs.subarray(0, n), tail);
      const prev = kept > 0 ? a.blockLast[b0 + kept - 1] : -1;
      // The old last block's postings open the run, so its bound opens the first block's.
      const run = this.encodeRun(
        this.runDocs.array,
        this.runTfs.array,
        total,
        lengths,
        lengthBase,
        prev,
        a.blockMinLen[b1 - 1],
      );
      if (run.maxTf > maxTf) maxTf = run.maxTf;
      if (run.minLen < minLen) minLen = run.minLen;
    }
    this.maxTf.push(maxTf);
    this.minLen.push(minLen);
    this.maybeSpill();
  }

  /**
   * Encodes `n` postings as blocks, the first after document `prev`; their bounds. A
   * document below `lengthBase` has no length here: the first block's shortest starts
   * at `firstMinLen`, which covers those (they only open a run).
   */
  private encodeRun(
    docs: Uint32Array,
    tfs: Uint16Array,
    n: number,
    lengths: Uint16Array,
    lengthBase: number,
    prev: number,
    firstMinLen: number,
  ): { maxTf: number; minLen: number } {
    let termMaxTf = 0, termMinLen = 0xffff;
    for (let start = 0; start < n; start += BLOCK_SIZE) {
      const end = Math.min(n, start + BLOCK_SIZE);
      this.blockOffset.push(this.spilled + this.bytes.length);
      let maxTf = 0, minLen = start === 0 ? firstMinLen : 0xffff;
      for (let i = start; i < end; i++) {
        this.bytes.varint(docs[i] - prev - 1);
        prev = docs[i];
        if (docs[i] < lengthBase) continue;
        const len = lengths[docs[i] - lengthBase];
        if (len < minLen) minLen = len;
      }
      for (let i = start; i < end; i++) {
        this.bytes.varint(tfs[i]);
        if (tfs[i] > maxTf) maxTf = tfs[i];
      }
      this.blockLast.push(prev);
      this.blockMaxTf.push(maxTf);
      this.blockMinLen.push(minLen);
      if (maxTf > termMaxTf) termMaxTf = maxTf;
      if (minLen < termMinLen) termMinLen = minLen;
    }
    return { maxTf: termMaxTf, minLen: termMinLen };
  }

  private maybeSpill(): void {
    if (this.spill && this.bytes.length >= SPILL_BYTES) this.flushBytes();
    if (this.blockSpill && this.blockLast.length >= BLOCK_SPILL) this.flushBlocks();
    if (this.termSpill && this.df.length >= TERM_SPILL) this.flushTerms();
  }

  private flushTerms(): void {
    this.termSpill!(
      this.df.array.subarray(0, this.df.length),
      this.maxTf.array.subarray(0, this.maxTf.length),
      this.minLen.array.subarray(0, this.minLen.length),
      this.blockStart.array.subarray(0, this.blockStart.length),
    );
    this.spilledTerms += this.df.length;
    this.df.length =
      this.maxTf.length =
      this.minLen.length =
      this.blockStart.length =
        0;
  }

  private flushBlocks(): void {
    const n = this.blockLast.length;
    this.blockSpill!(
      this.blockLast.array.subarray(0, n),
      this.blockMaxTf.array.subarray(0, n),
      this.blockMinLen.array.subarray(0, n),
      this.blockOffset.array.subarray(0, this.blockOffset.length),
    );
    this.spilledBlocks += n;
    this.blockLast.length = this.blockMaxTf.length = this.blockMinLen.length = 0;
    this.blockOffset.length = 0;
  }

  private flushBytes(): void {
    if (this.bytes.length === 0) return;
    this.spill!(this.bytes.array.subarray(0, this.bytes.length));
    this.spilled += this.bytes.length;
    this.bytes.length = 0;
  }

  /**
   * Ends a writer with a {@linkcode BlockSpill} and a {@linkcode TermSpill}: hands on
   * its last blocks and terms (and the postings' end offset, the blocks' total) and
   * returns the counts of terms and blocks and the postings' length.
   */
  finishTerms(): { terms: number; blocks: number; postingsLength: number } {
    this.blockStart.push(this.blocks);
    this.blockOffset.push(this.spilled + this.bytes.length);
    if (this.spill) this.flushBytes();
    this.flushBlocks();
    // blockStart holds one entry more than the terms: the blocks' total.
    const terms = this.spilledTerms + this.df.length;
    this.flushTerms();
    return { terms, blocks: this.spilledBlocks, postingsLength: this.spilled };
  }

  finish(seqs: Uint32Array, lengths: Uint16Array): Segment {
    this.blockStart.push(this.blocks);
    this.blockOffset.push(this.spilled + this.bytes.length);
    if (this.spill) this.flushBytes();
    let totalLength = 0;
    for (let i = 0; i < lengths.length; i++) totalLength += lengths[i];
    return new Segment({
      seqs,
      lengths,
      terms: this.terms,
      df: this.df.trimmed(),
      maxTf: this.maxTf.trimmed(),
      minLen: this.minLen.trimmed(),
      blockStart: this.blockStart.trimmed(),
      blockLast: this.blockLast.trimmed(),
      blockMaxTf: this.blockMaxTf.trimmed(),
      blockMinLen: this.blockMinLen.trimmed(),
      blockOffset: this.blockOffset.trimmed(),
      postings: this.spill ? new Uint8Array(0) : this.bytes.toArray(),
      totalLength,
    });
  }
}
