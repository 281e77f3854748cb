/**
 * A postings segment whose postings stay on disk: the writer of a store keeps only the
 * segment's head (documents, terms, block statistics: a few percent of the file) in
 * memory, and merges its delta into the file by streaming the old postings term by term
 * through a small window and writing the new ones, a piece at a time, straight into the
 * file that replaces it, so the memory a long ingest needs does not grow with the size of
 * the index. Search still wants the
 * postings in memory and loads the whole file ({@linkcode decodeSegment}).
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
  MAGIC,
  POSTINGS_FORMAT,
  segmentHeadBound,
  type SegmentHeader,
  segmentHeadParts,
} from "./postings_file.ts";
import { mergeSegments, SPILL_BYTES } from "./postings_merge.ts";
import { BLOCK_SIZE, type PostingsView, Segment } from "./postings_segment.ts";

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
    private readonly head: SegmentHead,
    windowBytes = SPILL_BYTES,
  ) {
    this.window = new Uint8Array(windowBytes);
    this.view = { bytes: this.window, shift: 0 };
  }

  /** Base term `t`'s postings (see `MergeIo.baseTerm`): the window, moved over them. */
  term(t: number): PostingsView {
    const a = this.head.segment.a;
    const from = a.blockOffset[a.blockStart[t]];
    const to = a.blockOffset[a.blockStart[t + 1]];
    const { postingsOffset } = this.head;
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
      const fileEnd = postingsOffset + this.head.postingsLength;
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
      reader = new TermReader(input, base, merge.windowBytes);
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
      baseTerm: (t) => reader!.term(t),
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
