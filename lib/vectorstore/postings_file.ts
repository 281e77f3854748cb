/**
 * The on-disk form of a postings segment: a small JSON header (format, analyzer
 * version, the store it belongs to, how far into the store's change log it reaches)
 * followed by the segment's typed arrays, each 8-byte aligned, so loading is one read
 * and a few typed-array views — no parsing of postings.
 *
 * @module
 */
import { Segment, type SegmentArrays } from "./postings_segment.ts";

/** Bumped when the layout changes; other formats are rebuilt, never read. */
export const POSTINGS_FORMAT = 1;

/** First four bytes of a segment file ("LCLX"). */
export const MAGIC = 0x584c434c;

/** What the header records besides the arrays. */
export interface SegmentHeader {
  format: number;
  /** `TermAnalyzer.version` the terms were made with. */
  analyzer: string;
  /** The `store_id` of the sqlite file this index belongs to. */
  storeId: string;
  /** Every change-log entry up to this id is reflected in the segment. */
  logId: number;
}

type ArrayName = Exclude<keyof SegmentArrays, "terms" | "totalLength">;
/** The typed arrays of a segment file in file order, after the terms; postings last. */
export const ARRAYS: [
  ArrayName,
  { new (b: ArrayBuffer, o: number, n: number): ArrayBufferView },
][] = [
  ["seqs", Uint32Array],
  ["lengths", Uint16Array],
  ["df", Uint32Array],
  ["maxTf", Uint16Array],
  ["minLen", Uint16Array],
  ["blockStart", Uint32Array],
  ["blockLast", Uint32Array],
  ["blockMaxTf", Uint16Array],
  ["blockMinLen", Uint16Array],
  ["blockOffset", Uint32Array],
  ["postings", Uint8Array],
];

/** The bytes of a segment file. */
export function encodeSegment(segment: Segment, header: SegmentHeader): Uint8Array {
  const postings = segment.a.postings;
  const head = encodeSegmentHead(segment, header, postings.byteLength);
  const out = new Uint8Array(head.byteLength + align(postings.byteLength));
  out.set(head);
  out.set(postings, head.byteLength);
  return out;
}

/** What bounds the head of a segment still to be made (see {@linkcode segmentHeadBound}). */
export interface HeadBound {
  documents: number;
  terms: number;
  /** UTF-8 bytes of the terms, each with one byte to spare. */
  termBytes: number;
  blocks: number;
}

/**
 * Bytes that the head ({@linkcode encodeSegmentHead}) of a segment with at most the
 * given documents, terms and blocks takes at most, a multiple of 8: a merge writes the
 * new postings after that much room, then fills it with the head, padded to fit.
 */
export function segmentHeadBound(header: SegmentHeader, bound: HeadBound): number {
  const most = Number.MAX_SAFE_INTEGER;
  const meta = new TextEncoder().encode(JSON.stringify({
    ...header,
    totalLength: most,
    terms: most,
    sizes: ARRAYS.map(() => most).concat(most),
  })).byteLength;
  const { documents: d, terms: t, blocks: b } = bound;
  const sizes = [bound.termBytes, 4 * d, 2 * d, 4 * t, 2 * t, 2 * t, 4 * (t + 1)]
    .concat([4 * b, 2 * b, 2 * b, 4 * (b + 1)]);
  return sizes.reduce((sum, size) => align(sum + size), align(8 + meta));
}

/**
 * Everything of a segment file before its postings (the last array), for a postings
 * array of `postingsLength` bytes held elsewhere (`postings_disk.ts` writes it
 * straight to the file); its length is 8-byte aligned, so the postings follow it
 * directly and the file ends with them padded to 8 bytes. With `size` (a multiple of 8
 * no smaller than the head), the JSON header is padded with spaces so the head takes
 * exactly that many bytes.
 */
export function encodeSegmentHead(
  segment: Segment,
  header: SegmentHeader,
  postingsLength: number,
  size?: number,
): Uint8Array {
  const head = segmentHeadParts(segment, header, postingsLength, size);
  const out = new Uint8Array(head.size);
  for (const { at, bytes } of head.parts) out.set(bytes, at);
  return out;
}

/**
 * The pieces of {@linkcode encodeSegmentHead}'s bytes and where each goes, the gaps
 * between them zero: the magic number and JSON header first, then the terms and every
 * array but the postings, as views of the segment's own arrays. A merge writes them to
 * the file one by one, so the head is never copied whole.
 */
export function segmentHeadParts(
  segment: Segment,
  header: SegmentHeader,
  postingsLength: number,
  size?: number,
): { size: number; parts: { at: number; bytes: Uint8Array }[] } {
  const a = segment.a;
  if (a.terms.some((t) => t.includes("\0"))) throw new Error("a term holds a NUL character");
  const terms = new TextEncoder().encode(a.terms.join("\0"));
  const arrays: Uint8Array[] = [terms];
  for (const [name] of ARRAYS.slice(0, -1)) {
    const v = a[name] as ArrayBufferView;
    arrays.push(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  }
  const sizes = [...arrays.map((p) => p.byteLength), postingsLength];
  const layout = headLayout(header, a.totalLength, a.terms.length, sizes, size);
  const parts = [{ at: 0, bytes: layout.first }];
  arrays.forEach((bytes, i) => parts.push({ at: layout.offsets[i], bytes }));
  return { size: layout.size, parts };
}

/** Where a head's parts go, and its first part (see {@linkcode headLayout}). */
export interface HeadLayout {
  /** Bytes of the head: where the postings begin. */
  size: number;
  /** The magic number and the JSON header (padded to fit `size`). */
  first: Uint8Array;
  /** Where each part of `sizes` begins (the postings' is `size`). */
  offsets: number[];
}

/**
 * The layout of a segment file's head whose parts (the terms' bytes, then each of
 * {@linkcode ARRAYS}, the postings last) have byte lengths `sizes`: its first part, and
 * where every part begins. With `size` (a multiple of 8 no smaller than the head), the
 * JSON header is padded with spaces so the head takes exactly that many bytes.
 */
export function headLayout(
  header: SegmentHeader,
  totalLength: number,
  terms: number,
  sizes: readonly number[],
  size?: number,
): HeadLayout {
  const meta = new TextEncoder().encode(
    JSON.stringify({ ...header, totalLength, terms, sizes }),
  );
  let metaLength = meta.byteLength;
  const parts = sizes.slice(0, -1);
  let total = parts.reduce((sum, part) => align(sum + part), align(8 + metaLength));
  if (size !== undefined) {
    if (size < total || size % 8 !== 0) throw new Error(`a head of ${total} bytes in ${size}`);
    // Padding the JSON by a multiple of 8 moves every aligned part by as much.
    metaLength += size - total;
    total = size;
  }
  const first = new Uint8Array(8 + metaLength);
  const view = new DataView(first.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, metaLength, true);
  first.fill(0x20, 8);
  first.set(meta, 8);
  return { size: total, first, offsets: partOffsets(metaLength, sizes) };
}

/**
 * Where each part of a segment file begins, for a JSON header of `metaLength` bytes and
 * parts of byte lengths `sizes` (the terms, then {@linkcode ARRAYS}).
 */
export function partOffsets(metaLength: number, sizes: readonly number[]): number[] {
  const offsets: number[] = [];
  let at = align(8 + metaLength);
  for (const size of sizes) {
    offsets.push(at);
    at = align(at + size);
  }
  return offsets;
}

/**
 * Reads a segment file; returns null when it is not one (or another format). With
 * `withoutPostings`, `bytes` may end where the postings begin (see
 * {@linkcode encodeSegmentHead}) and the segment's `postings` is empty.
 */
export function decodeSegment(
  bytes: Uint8Array,
  options: { withoutPostings?: boolean } = {},
): { segment: Segment; header: SegmentHeader } | null {
  if (bytes.byteLength < 8 || bytes.byteOffset % 8 !== 0) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) return null;
  const metaLength = view.getUint32(4, true);
  let meta;
  try {
    meta = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + metaLength)));
  } catch {
    return null;
  }
  if (meta.format !== POSTINGS_FORMAT || !Array.isArray(meta.sizes)) return null;
  let at = align(8 + metaLength);
  const sizes: number[] = options.withoutPostings ? [...meta.sizes.slice(0, -1), 0] : meta.sizes;
  const total = sizes.reduce((sum, s) => align(sum + s), at);
  if (total > bytes.byteLength) return null;
  const termText = new TextDecoder().decode(bytes.subarray(at, at + sizes[0]));
  at = align(at + sizes[0]);
  const arrays: Partial<SegmentArrays> = {
    terms: meta.terms === 0 ? [] : termText.split("\0"),
    totalLength: meta.totalLength,
  };
  ARRAYS.forEach(([name, Type], i) => {
    const size = sizes[i + 1];
    const width = (Type as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
    (arrays as Record<string, unknown>)[name] = new Type(
      bytes.buffer as ArrayBuffer,
      bytes.byteOffset + at,
      size / width,
    );
    at = align(at + size);
  });
  const header: SegmentHeader = {
    format: meta.format,
    analyzer: meta.analyzer,
    storeId: meta.storeId,
    logId: meta.logId,
  };
  return { segment: new Segment(arrays as SegmentArrays), header };
}

/** `n` rounded up to a multiple of 8 (every part of a segment file starts aligned). */
export function align(n: number): number {
  return Math.ceil(n / 8) * 8;
}
