/**
 * A postings segment whose postings stay on disk: the writer of a store keeps only the
 * segment's head (documents, terms, block statistics: a few percent of the file) in
 * memory, and merges its delta into the file by streaming the old postings term by term
 * through a small window and writing the new ones, a piece at a time, straight into the
 * file that replaces it ({@linkcode mergeIntoFile}). A merge that only appends chunks
 * (an ingest) keeps even less: only its counts ({@linkcode FileSummary}), the term
 * table and every array of the head streamed from the old file to the new
 * ({@linkcode appendIntoFile}), so the memory a long ingest needs grows neither with
 * the number of chunks nor with the vocabulary. Search
 * still wants the postings in memory and loads the whole file ({@linkcode decodeSegment}).
 *
 * @module
 */
import {
  closeSync,
  fstatSync,
  ftruncateSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import type { DeltaSegment } from "./postings_delta.ts";
import {
  align,
  ARRAYS,
  decodeSegment,
  headLayout,
  MAGIC,
  partOffsets,
  POSTINGS_FORMAT,
  segmentHeadBound,
  type SegmentHeader,
  segmentHeadParts,
} from "./postings_file.ts";
import {
  isAscending,
  mergeSegments,
  renumberDelta,
  SegmentWriter,
  SPILL_BYTES,
} from "./postings_merge.ts";
import { Growable } from "./growable.ts";
import { numberTerms } from "./term_scan.ts";
import { BLOCK_SIZE, type PostingsView, Segment, type SegmentArrays } from "./postings_segment.ts";

/** A segment file's head: the segment without its postings, and where they are. */
export interface SegmentHead {
  segment: Segment;
  header: SegmentHeader;
  /** File offset of the postings, and their length in bytes. */
  postingsOffset: number;
  postingsLength: number;
}

function readExactly(fd: number, into: Uint8Array, position: number): void {
  let done = 0;
  while (done < into.byteLength) {
    const n = readSync(fd, into, done, into.byteLength - done, position + done);
    if (n === 0) throw new Error("postings file ends early");
    done += n;
  }
}

/** Writes all of `bytes` at file offset `position`. */
function writeFully(fd: number, bytes: Uint8Array, position: number): void {
  let done = 0;
  while (done < bytes.byteLength) {
    done += writeSync(fd, bytes, done, bytes.byteLength - done, position + done);
  }
}

/** What a segment file's JSON header says, and where it ends. */
interface FileMeta {
  header: SegmentHeader;
  logId: number;
  totalLength: number;
  terms: number;
  /** Byte sizes of the terms, then of each of {@linkcode ARRAYS}. */
  sizes: number[];
  metaLength: number;
  fileSize: number;
}

/** Reads only the JSON header of the segment file open as `fd`; null when it is not one. */
function readMetaFd(fd: number): FileMeta | null {
  const fileSize = fstatSync(fd).size;
  if (fileSize < 8) return null;
  const first = new Uint8Array(8);
  readExactly(fd, first, 0);
  const view = new DataView(first.buffer);
  if (view.getUint32(0, true) !== MAGIC) return null;
  const metaLength = view.getUint32(4, true);
  if (8 + metaLength > fileSize) return null;
  const metaBytes = new Uint8Array(metaLength);
  readExactly(fd, metaBytes, 8);
  let meta;
  try {
    meta = JSON.parse(new TextDecoder().decode(metaBytes));
  } catch {
    return null;
  }
  const sizes = meta.sizes;
  if (
    meta.format !== POSTINGS_FORMAT || !Array.isArray(sizes) ||
    sizes.length !== ARRAYS.length + 1
  ) return null;
  return {
    header: {
      format: meta.format,
      analyzer: meta.analyzer,
      storeId: meta.storeId,
      logId: meta.logId,
    },
    logId: meta.logId,
    totalLength: meta.totalLength,
    terms: meta.terms,
    sizes,
    metaLength,
    fileSize,
  };
}

/** Reads the head of the segment file open as `fd`; null when it is not a segment file. */
function readHeadFd(fd: number): SegmentHead | null {
  const meta = readMetaFd(fd);
  if (!meta) return null;
  const { sizes, metaLength, fileSize: size } = meta;
  let postingsOffset = align(8 + metaLength);
  for (const s of sizes.slice(0, -1)) postingsOffset = align(postingsOffset + s);
  const postingsLength = sizes[sizes.length - 1];
  if (postingsOffset + postingsLength > size) return null;
  const head = new Uint8Array(postingsOffset);
  readExactly(fd, head, 0);
  const decoded = decodeSegment(head, { withoutPostings: true });
  return decoded && { ...decoded, postingsOffset, postingsLength };
}

/** What `read` makes of the file `path` open for reading; null when it cannot be opened. */
function withFile<T>(path: string, read: (fd: number) => T | null): T | null {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return null;
  }
  try {
    return read(fd);
  } finally {
    closeSync(fd);
  }
}

/** The head of the segment file `path`, or null when it is missing or not one. */
export function readSegmentHead(path: string): SegmentHead | null {
  return withFile(path, readHeadFd);
}

/**
 * Reads one term's postings at a time from an open segment file, through a window of
 * `windowBytes` (a term longer than that is read on its own). A merge asks
 * for terms in file order, so the window moves forward and each byte is read once.
 */
class TermReader {
  private readonly window: Uint8Array;
  private start = 0;
  private length = 0;
  private readonly view: PostingsView;

  constructor(
    private readonly fd: number,
    private readonly postingsOffset: number,
    private readonly postingsLength: number,
    windowBytes = SPILL_BYTES,
  ) {
    this.window = new Uint8Array(windowBytes);
    this.view = { bytes: this.window, shift: 0 };
  }

  /** Base term `t`'s postings (see `MergeIo.baseTerm`): the window, moved over them. */
  term(a: SegmentArrays, t: number): PostingsView {
    return this.range(a.blockOffset[a.blockStart[t]], a.blockOffset[a.blockStart[t + 1]]);
  }

  /** The postings' bytes `[from, to)`, as a view (valid until the next call). */
  range(from: number, to: number): PostingsView {
    const { postingsOffset } = this;
    const position = postingsOffset + from, length = to - from;
    const end = this.start + this.length;
    if (position >= this.start && position + length <= end) {
      this.view.bytes = this.window;
      this.view.shift = this.start - postingsOffset;
    } else if (length > this.window.byteLength) {
      const own = new Uint8Array(length);
      readExactly(this.fd, own, position);
      this.view.bytes = own;
      this.view.shift = from;
    } else {
      const fileEnd = postingsOffset + this.postingsLength;
      this.start = position;
      this.length = Math.min(this.window.byteLength, fileEnd - position);
      readExactly(this.fd, this.window.subarray(0, this.length), position);
      this.view.bytes = this.window;
      this.view.shift = from;
    }
    return this.view;
  }
}

/** What {@linkcode mergeIntoFile} folds together. */
export interface FileMerge {
  /** The segment file holding `base`'s postings, or null when `base` has no terms. */
  file: string;
  base: SegmentHead | null;
  deleted: Uint8Array | null;
  delta: DeltaSegment;
  header: SegmentHeader;
  /** Bytes of the old postings read at a time (default {@linkcode SPILL_BYTES}). */
  windowBytes?: number;
}

/**
 * Merges `base` (its postings read from `file`) with `delta` into a new segment file
 * that replaces `file` (written beside it, then renamed); returns the new head. Memory
 * held: the heads, the delta, a window of the old postings and a piece of the new. The
 * new postings go straight to their place in the new file, after room for its head
 * ({@linkcode segmentHeadBound}), so each of their bytes is written once.
 */
export function mergeIntoFile(merge: FileMerge): SegmentHead {
  const { file, base, header, delta } = merge;
  const temp = `${file}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  let input: number | null = null;
  let output: number | null = null;
  try {
    let reader: TermReader | null = null;
    let baseTermBytes = 0;
    if (base && base.segment.a.terms.length > 0) {
      input = openSync(file, "r");
      // The file must still be the one `base` is the head of: its header says so (same
      // log id, same documents), so the head in memory is not read and decoded again.
      const meta = readMetaFd(input);
      if (
        !meta || meta.logId !== base.header.logId || meta.sizes[1] / 4 !== base.segment.size
      ) {
        throw new Error("the postings file changed during the merge");
      }
      reader = new TermReader(input, base.postingsOffset, base.postingsLength, merge.windowBytes);
      baseTermBytes = meta.sizes[0] + base.segment.a.terms.length;
    }
    const old = base?.segment ?? Segment.empty();
    let terms = old.a.terms.length, termBytes = baseTermBytes;
    for (const term of delta.terms()) {
      if (old.termIds.has(term)) continue;
      terms++;
      termBytes += 3 * term.length + 1;
    }
    const room = segmentHeadBound(header, {
      documents: old.size + delta.seqs.length,
      terms,
      termBytes,
      blocks: old.a.blockLast.length + delta.blocks(BLOCK_SIZE),
    });
    output = openSync(temp, "w");
    const out = output;
    let written = 0;
    const segment = mergeSegments(old, merge.deleted, delta, {
      baseTerm: (t) => reader!.term(old.a, t),
      spill: (bytes) => {
        writeFully(out, bytes, room + written);
        written += bytes.byteLength;
      },
    });
    // The file's length, zeros where nothing is written: the postings' padding, and the
    // gaps between the head's parts, written one by one rather than copied together.
    ftruncateSync(out, room + align(written));
    for (const { at, bytes } of segmentHeadParts(segment, header, written, room).parts) {
      writeFully(out, bytes, at);
    }
    closeSync(output);
    output = null;
    renameSync(temp, file);
    return { segment, header, postingsOffset: room, postingsLength: written };
  } finally {
    if (input !== null) closeSync(input);
    if (output !== null) closeSync(output);
    rmSync(temp, { force: true });
  }
}

/**
 * What a writer keeps of its segment file between merges that only append (an ingest):
 * its counts. The term table and the arrays per term, chunk and block stay in the
 * file, where the next such merge reads them through windows, so a writer's memory
 * grows neither with the chunks nor with the vocabulary (millions of terms in a big
 * wiki).
 */
export interface FileSummary {
  header: SegmentHeader;
  documents: number;
  /** Terms of the segment. */
  terms: number;
  /** Sum of the documents' lengths. */
  totalLength: number;
  /** The highest chunk seq (the last document's), -1 when there is none. */
  lastSeq: number;
}

/** Index in a file's parts (the terms, then `ARRAYS`) of the array `name`. */
function part(name: (typeof ARRAYS)[number][0]): number {
  return 1 + ARRAYS.findIndex(([n]) => n === name);
}

/** `count` elements of `Type` read from `fd` at `position`. */
function readArray<T extends Uint16Array | Uint32Array>(
  fd: number,
  Type: { new (length: number): T },
  position: number,
  count: number,
): T {
  const array = new Type(count);
  readExactly(fd, new Uint8Array(array.buffer, 0, array.byteLength), position);
  return array;
}

/** The counts of the segment file `path` ({@linkcode FileSummary}); null when it is not one. */
export function readFileSummary(path: string): FileSummary | null {
  return withFile(path, (fd) => {
    const meta = readMetaFd(fd);
    if (!meta) return null;
    const offsets = partOffsets(meta.metaLength, meta.sizes);
    const end = offsets[offsets.length - 1] + meta.sizes[meta.sizes.length - 1];
    if (end > meta.fileSize) return null;
    return summaryOf(meta, fd, offsets);
  });
}

function summaryOf(meta: FileMeta, fd: number, offsets: number[]): FileSummary {
  const documents = meta.sizes[part("seqs")] / 4;
  const seqsAt = offsets[part("seqs")];
  return {
    header: meta.header,
    documents,
    terms: meta.terms,
    totalLength: meta.totalLength,
    lastSeq: documents > 0 ? readArray(fd, Uint32Array, seqsAt + 4 * (documents - 1), 1)[0] : -1,
  };
}

/**
 * Reads consecutive ranges of one typed array of a segment file, in ascending order,
 * through a window (a range longer than it is read on its own).
 */
class ArrayWindow<T extends Uint16Array | Uint32Array> {
  private window: T;
  private start = 0;
  private length = 0;

  constructor(
    private readonly fd: number,
    private readonly Type: { new (length: number): T; BYTES_PER_ELEMENT: number },
    private readonly offset: number,
    private readonly count: number,
    windowElements: number,
  ) {
    this.window = new Type(Math.max(1, Math.min(windowElements, count)));
  }

  /** Elements `[from, to)`, as a view valid until the next call. */
  range(from: number, to: number): T {
    if (from >= this.start && to <= this.start + this.length) {
      return this.window.subarray(from - this.start, to - this.start) as T;
    }
    const width = this.Type.BYTES_PER_ELEMENT;
    if (to - from > this.window.length) {
      return readArray(this.fd, this.Type, this.offset + width * from, to - from);
    }
    this.start = from;
    this.length = Math.min(this.window.length, this.count - from);
    const bytes = new Uint8Array(this.window.buffer, 0, width * this.length);
    readExactly(this.fd, bytes, this.offset + width * from);
    return this.window.subarray(0, to - from) as T;
  }
}

/** Copies `length` bytes from `input` at `from` to `output` at `to`, a piece at a time. */
function copyRange(input: number, from: number, length: number, output: number, to: number) {
  const piece = new Uint8Array(Math.min(length, SPILL_BYTES));
  for (let done = 0; done < length; done += piece.byteLength) {
    const bytes = piece.subarray(0, Math.min(piece.byteLength, length - done));
    readExactly(input, bytes, from + done);
    writeFully(output, bytes, to + done);
  }
}

/**
 * Writes the arrays of each call after those of the last call, the `i`th argument's
 * from file offset `starts[i]` on (a writer's spilled pieces of several file parts).
 */
function appendingTo(fd: number, starts: number[]): (...arrays: ArrayBufferView[]) => void {
  const ends = [...starts];
  return (...arrays) => {
    arrays.forEach((array, i) => {
      writeFully(fd, bytesOf(array), ends[i]);
      ends[i] += array.byteLength;
    });
  };
}

/** The bytes of a typed array (a view, no copy). */
function bytesOf(array: ArrayBufferView): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

/** What {@linkcode appendIntoFile} folds together. */
export interface FileAppend {
  /** The segment file; it holds `base` (when not null). */
  file: string;
  base: FileSummary | null;
  /** The delta: its live chunks all come after the base's (higher seqs). */
  delta: DeltaSegment;
  header: SegmentHeader;
  /** Bytes of the old postings (and terms) read at a time (default {@linkcode SPILL_BYTES}). */
  windowBytes?: number;
}

/**
 * Appends a delta whose live chunks all come after the base's (an ingest: no chunk
 * deleted or rewritten) to the segment file, streaming: a new file is written beside
 * it and renamed over it. Every array of the new file has a size known from the old
 * one and the delta (every block but a term's last holds {@linkcode BLOCK_SIZE}
 * postings), so each goes straight to its place. Two passes over the old file: the
 * first reads its term table to find the delta's terms it holds; the second copies the
 * old terms, documents and blocks as they are, reading the per-term and per-block
 * arrays through windows, and adds the delta's postings. Only the delta and the
 * windows are held: not the old term table, whatever its size. The new segment equals
 * {@linkcode mergeIntoFile}'s; its counts are returned.
 */
export function appendIntoFile(merge: FileAppend): FileSummary {
  const { file, delta, header } = merge;
  const base = merge.base;
  const baseDocs = base?.documents ?? 0;
  const baseTerms = base?.terms ?? 0;
  // The delta's live chunks in seq order, numbered after the base's.
  const live: number[] = [];
  for (let d = 0; d < delta.seqs.length; d++) if (!delta.dead.array[d]) live.push(d);
  live.sort((x, y) => delta.seqs[x] - delta.seqs[y]);
  if (base && live.length > 0 && delta.seqs[live[0]] <= base.lastSeq) {
    throw new Error("a delta that does not come after the segment cannot be appended");
  }
  const deltaMap = new Int32Array(delta.seqs.length).fill(-1);
  const seqs = new Uint32Array(live.length);
  const lengths = new Uint16Array(live.length);
  let totalLength = base?.totalLength ?? 0;
  live.forEach((d, i) => {
    deltaMap[d] = baseDocs + i;
    seqs[i] = delta.seqs[d];
    lengths[i] = delta.lengths[d];
    totalLength += delta.lengths[d];
  });
  const inOrder = isAscending(deltaMap);
  // Each term's live postings in the delta, so every array's size is known ahead.
  const liveIn = (term: string) => {
    const list = delta.list(term);
    let n = 0;
    if (list) { for (let i = 0; i < list.docs.length; i++) if (deltaMap[list.docs[i]] >= 0) n++; }
    return n;
  };
  const window = merge.windowBytes ?? SPILL_BYTES;
  const temp = `${file}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  let input: number | null = null;
  let output: number | null = null;
  try {
    let old: { meta: FileMeta; offsets: number[]; blocks: number } | null = null;
    if (base && (baseDocs > 0 || baseTerms > 0)) {
      input = openSync(file, "r");
      const meta = readMetaFd(input);
      if (
        !meta || meta.logId !== base.header.logId || meta.sizes[1] / 4 !== baseDocs ||
        meta.terms !== baseTerms
      ) {
        throw new Error("the postings file changed during the merge");
      }
      const offsets = partOffsets(meta.metaLength, meta.sizes);
      const blocks = readArray(input, Uint32Array, offsets[part("blockStart")] + 4 * baseTerms, 1);
      old = { meta, offsets, blocks: blocks[0] };
    }
    // First pass: the delta's terms the old table holds, by their number there (in the
    // table's order, so the old per-term arrays are read forward).
    const deltaTerms = delta.terms();
    const held: { term: string; t: number }[] = [];
    if (old && input !== null && baseTerms > 0) {
      const numbers = numberTerms(input, old.offsets[0], old.meta.sizes[0], deltaTerms, window);
      numbers.forEach((t, i) => {
        if (t >= 0) held.push({ term: deltaTerms[i], t });
      });
      held.sort((x, y) => x.t - y.t);
    }
    const inBase = new Set(held.map(({ term }) => term));
    const oldArray = <T extends Uint16Array | Uint32Array>(
      name: (typeof ARRAYS)[number][0],
      Type: { new (length: number): T; BYTES_PER_ELEMENT: number },
      count: number,
      elements = Math.max(16, window >> 4),
    ) => new ArrayWindow(input!, Type, old!.offsets[part(name)], count, elements);
    // The old blocks, and those the held terms' new postings add to them.
    let blocks = old?.blocks ?? 0;
    if (old) {
      const dfOf = oldArray("df", Uint32Array, baseTerms);
      for (const { term, t } of held) {
        const df = dfOf.range(t, t + 1)[0];
        blocks += Math.ceil((df + liveIn(term)) / BLOCK_SIZE) - Math.ceil(df / BLOCK_SIZE);
      }
    }
    const added: string[] = [];
    for (const term of deltaTerms) {
      if (inBase.has(term)) continue;
      const n = liveIn(term);
      if (n === 0) continue;
      if (term.includes("\0")) throw new Error("a term holds a NUL character");
      added.push(term);
      blocks += Math.ceil(n / BLOCK_SIZE);
    }
    const addedBytes = new TextEncoder().encode((baseTerms > 0 ? "\0" : "") + added.join("\0"));
    const documents = baseDocs + live.length;
    const t = baseTerms + added.length;
    const sizes = [(old?.meta.sizes[0] ?? 0) + (added.length > 0 ? addedBytes.byteLength : 0)];
    sizes.push(4 * documents, 2 * documents, 4 * t, 2 * t, 2 * t, 4 * (t + 1));
    sizes.push(4 * blocks, 2 * blocks, 2 * blocks, 4 * (blocks + 1));
    // Room for the head whatever the postings' length (the JSON header holds it).
    const room = headLayout(header, totalLength, t, [...sizes, Number.MAX_SAFE_INTEGER]).size;
    const offsets = headLayout(header, totalLength, t, [...sizes, 0], room).offsets;
    const at = (name: (typeof ARRAYS)[number][0]) => offsets[part(name)];
    output = openSync(temp, "w");
    const out = output;
    if (old && input !== null) {
      // The old terms and documents' arrays, as they are; the new follow them.
      const o = old.offsets;
      copyRange(input, o[0], old.meta.sizes[0], out, offsets[0]);
      copyRange(input, o[part("seqs")], 4 * baseDocs, out, at("seqs"));
      copyRange(input, o[part("lengths")], 2 * baseDocs, out, at("lengths"));
    }
    if (added.length > 0) writeFully(out, addedBytes, offsets[0] + (old?.meta.sizes[0] ?? 0));
    writeFully(out, bytesOf(seqs), at("seqs") + 4 * baseDocs);
    writeFully(out, bytesOf(lengths), at("lengths") + 2 * baseDocs);
    let written = 0;
    const writer = new SegmentWriter(
      documents,
      (bytes) => {
        writeFully(out, bytes, room + written);
        written += bytes.byteLength;
      },
      { terms: t, blocks },
      appendingTo(out, [at("blockLast"), at("blockMaxTf"), at("blockMinLen"), at("blockOffset")]),
      appendingTo(out, [at("df"), at("maxTf"), at("minLen"), at("blockStart")]),
    );
    const deltaDocs = new Growable(Uint32Array, 1024);
    const deltaTfs = new Growable(Uint16Array, 1024);
    if (old && input !== null && baseTerms > 0) {
      // Second pass: one term of the old segment at a time, as a segment of that one term.
      const o = old.offsets, sizesOf = old.meta.sizes;
      const reader = new TermReader(input, o[o.length - 1], sizesOf[sizesOf.length - 1], window);
      const oldBlocks = old.blocks;
      const dfOf = oldArray("df", Uint32Array, baseTerms);
      const maxTfOf = oldArray("maxTf", Uint16Array, baseTerms);
      const minLenOf = oldArray("minLen", Uint16Array, baseTerms);
      // The per-term arrays are read a batch of terms at a time.
      const batch = Math.max(16, window >> 4);
      const startOf = oldArray("blockStart", Uint32Array, baseTerms + 1, batch + 1);
      const lastOf = oldArray("blockLast", Uint32Array, oldBlocks);
      const blockMaxTfOf = oldArray("blockMaxTf", Uint16Array, oldBlocks);
      const blockMinLenOf = oldArray("blockMinLen", Uint16Array, oldBlocks);
      const offsetOf = oldArray("blockOffset", Uint32Array, oldBlocks + 1);
      const one: SegmentArrays = {
        ...Segment.empty().a,
        df: new Uint32Array(1),
        maxTf: new Uint16Array(1),
        minLen: new Uint16Array(1),
        blockStart: new Uint32Array(2),
      };
      let next = 0;
      for (let i0 = 0; i0 < baseTerms; i0 += batch) {
        const i1 = Math.min(baseTerms, i0 + batch);
        const df = dfOf.range(i0, i1), maxTf = maxTfOf.range(i0, i1);
        const minLen = minLenOf.range(i0, i1), start = startOf.range(i0, i1 + 1);
        for (let i = i0; i < i1; i++) {
          const b0 = start[i - i0], b1 = start[i - i0 + 1];
          one.df[0] = df[i - i0];
          one.maxTf[0] = maxTf[i - i0];
          one.minLen[0] = minLen[i - i0];
          one.blockStart[1] = b1 - b0;
          one.blockLast = lastOf.range(b0, b1);
          one.blockMaxTf = blockMaxTfOf.range(b0, b1);
          one.blockMinLen = blockMinLenOf.range(b0, b1);
          one.blockOffset = offsetOf.range(b0, b1 + 1);
          const from = reader.range(one.blockOffset[0], one.blockOffset[b1 - b0]);
          const list = next < held.length && held[next].t === i
            ? delta.list(held[next++].term)
            : undefined;
          const n = renumberDelta(list, deltaMap, inOrder, deltaDocs, deltaTfs);
          writer.appendTerm(
            "",
            one,
            0,
            from,
            deltaDocs.array,
            deltaTfs.array,
            n,
            lengths,
            baseDocs,
          );
        }
      }
    }
    for (const term of added) {
      const n = renumberDelta(delta.list(term), deltaMap, inOrder, deltaDocs, deltaTfs);
      writer.addTerm(term, deltaDocs.array, deltaTfs.array, n, lengths, baseDocs);
    }
    const made = writer.finishTerms();
    if (made.blocks !== blocks || made.terms !== t) {
      throw new Error(`an append made ${made.blocks} blocks of ${blocks} foreseen`);
    }
    const finalSizes = [...sizes, made.postingsLength];
    const layout = headLayout(header, totalLength, t, finalSizes, room);
    ftruncateSync(out, room + align(made.postingsLength));
    writeFully(out, layout.first, 0);
    closeSync(output);
    output = null;
    renameSync(temp, file);
    return {
      header,
      documents,
      terms: t,
      totalLength,
      lastSeq: live.length > 0 ? seqs[live.length - 1] : base?.lastSeq ?? -1,
    };
  } finally {
    if (input !== null) closeSync(input);
    if (output !== null) closeSync(output);
    rmSync(temp, { force: true });
  }
}
