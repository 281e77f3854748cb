/**
 * A postings segment whose postings stay on disk: the writer of a store keeps only the
 * segment's head (documents, terms, block statistics: a few percent of the file) in
 * memory, and merges its delta into the file by streaming the old postings term by term
 * through a small window and spilling the new ones to a temporary file, so the memory a
 * long ingest needs does not grow with the size of the index. Search still wants the
 * postings in memory and loads the whole file ({@linkcode decodeSegment}).
 *
 * @module
 */
import { closeSync, fstatSync, openSync, readSync, renameSync, rmSync, writeSync } from "node:fs";
import type { DeltaSegment } from "./postings_delta.ts";
import {
  align,
  ARRAYS,
  decodeSegment,
  encodeSegmentHead,
  MAGIC,
  POSTINGS_FORMAT,
  type SegmentHeader,
} from "./postings_file.ts";
import { mergeSegments, SPILL_BYTES } from "./postings_merge.ts";
import { Segment } from "./postings_segment.ts";

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

function writeFully(fd: number, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.byteLength) done += writeSync(fd, bytes, done, bytes.byteLength - done);
}

/** What a segment file's JSON header says, and where it ends. */
interface FileMeta {
  logId: number;
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
  return { logId: meta.logId, sizes, metaLength, fileSize };
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

/** The head of the segment file `path`, or null when it is missing or not one. */
export function readSegmentHead(path: string): SegmentHead | null {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return null;
  }
  try {
    return readHeadFd(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads one term's postings at a time from an open segment file, through a window of
 * {@linkcode SPILL_BYTES} (a term longer than that is read on its own). A merge asks
 * for terms in file order, so the window moves forward and each byte is read once.
 */
class TermReader {
  private window = new Uint8Array(SPILL_BYTES);
  private start = 0;
  private length = 0;

  constructor(private readonly fd: number, private readonly head: SegmentHead) {}

  /** A one-term segment over base term `t`'s postings (term 0 of it). */
  term(t: number): { segment: Segment; term: number } {
    const a = this.head.segment.a;
    const b0 = a.blockStart[t], b1 = a.blockStart[t + 1];
    const from = a.blockOffset[b0];
    const blockOffset = new Uint32Array(b1 - b0 + 1);
    for (let b = b0; b <= b1; b++) blockOffset[b - b0] = a.blockOffset[b] - from;
    const segment = new Segment({
      seqs: a.seqs,
      lengths: a.lengths,
      terms: [a.terms[t]],
      df: a.df.subarray(t, t + 1),
      maxTf: a.maxTf.subarray(t, t + 1),
      minLen: a.minLen.subarray(t, t + 1),
      blockStart: Uint32Array.of(0, b1 - b0),
      blockLast: a.blockLast.subarray(b0, b1),
      blockMaxTf: a.blockMaxTf.subarray(b0, b1),
      blockMinLen: a.blockMinLen.subarray(b0, b1),
      blockOffset,
      postings: this.bytes(this.head.postingsOffset + from, a.blockOffset[b1] - from),
      totalLength: 0,
    });
    return { segment, term: 0 };
  }

  private bytes(position: number, length: number): Uint8Array {
    const end = this.start + this.length;
    if (position >= this.start && position + length <= end) {
      return this.window.subarray(position - this.start, position - this.start + length);
    }
    if (length > this.window.byteLength) {
      const own = new Uint8Array(length);
      readExactly(this.fd, own, position);
      return own;
    }
    const fileEnd = this.head.postingsOffset + this.head.postingsLength;
    this.start = position;
    this.length = Math.min(this.window.byteLength, fileEnd - position);
    readExactly(this.fd, this.window.subarray(0, this.length), position);
    return this.window.subarray(0, length);
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
}

/**
 * Merges `base` (its postings read from `file`) with `delta` into a new segment file
 * that replaces `file` (written beside it, then renamed); returns the new head. Memory
 * held: the heads, the delta, a window of the old postings and a piece of the new.
 */
export function mergeIntoFile(merge: FileMerge): SegmentHead {
  const { file, base, header } = merge;
  const tag = crypto.randomUUID().slice(0, 8);
  const spillPath = `${file}.${tag}.spill`;
  const temp = `${file}.${tag}.tmp`;
  let input: number | null = null;
  const spill = openSync(spillPath, "w+");
  try {
    let reader: TermReader | null = null;
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
      reader = new TermReader(input, base);
    }
    let spilled = 0;
    const segment = mergeSegments(base?.segment ?? Segment.empty(), merge.deleted, merge.delta, {
      baseTerm: (t) => reader!.term(t),
      spill: (bytes) => {
        writeFully(spill, bytes);
        spilled += bytes.byteLength;
      },
    });
    const head = encodeSegmentHead(segment, header, spilled);
    writeSegmentFile(temp, head, spill, spilled);
    renameSync(temp, file);
    return { segment, header, postingsOffset: head.byteLength, postingsLength: spilled };
  } finally {
    if (input !== null) closeSync(input);
    closeSync(spill);
    rmSync(spillPath, { force: true });
    rmSync(temp, { force: true });
  }
}

/** Writes `head`, then the `length` spilled bytes of `spill`, padded to 8 bytes. */
function writeSegmentFile(path: string, head: Uint8Array, spill: number, length: number): void {
  const out = openSync(path, "w");
  try {
    writeFully(out, head);
    const piece = new Uint8Array(Math.min(SPILL_BYTES, Math.max(8, length)));
    for (let at = 0; at < length; at += piece.byteLength) {
      const part = piece.subarray(0, Math.min(piece.byteLength, length - at));
      readExactly(spill, part, at);
      writeFully(out, part);
    }
    writeFully(out, new Uint8Array(align(length) - length));
  } finally {
    closeSync(out);
  }
}
