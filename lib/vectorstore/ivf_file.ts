/**
 * The IVF index saved beside the sqlite store (`<file>.ivf`), so opening a large store
 * reads its int8 rows instead of re-clustering every vector (minutes at 1M). A small
 * JSON header (format, the store it belongs to, the store's vector generation, the
 * build options, a checksum of the arrays; itself checksummed) is followed by the
 * index's typed arrays, each 8-byte aligned; the int8 rows come last and are read
 * straight into the search kernel's memory, so loading never holds them twice.
 *
 * A file of another format, store, generation or build options is stale; a truncated or
 * altered one fails its size or checksum check. Either way {@linkcode readIvfFile}
 * returns null and the caller rebuilds.
 *
 * @module
 */
import { closeSync, openSync, readSync, renameSync, rmSync, writeSync } from "node:fs";
import { createInt8Kernel } from "./int8_dot.ts";
import { IvfIndex } from "./ivf_index.ts";

/** Bumped when the layout changes; other formats are rebuilt, never read. */
export const IVF_FORMAT = 1;

const MAGIC = 0x5649434c; // "LCIV"
const CHUNK = 1 << 24;
/** Magic, header length, header checksum. */
const HEAD = 12;

/** What a saved index must match to be used. */
export interface IvfFileKey {
  /** The `store_id` of the sqlite file. */
  storeId: string;
  /** The store's `vectors_generation`: changes with every write to the vectors. */
  generation: string;
  /** The build options, as JSON (another tuning is another index). */
  options: string;
}

interface Header extends IvfFileKey {
  format: number;
  dimensions: number;
  rows: number;
  lists: number;
  probes: number;
  stride: number;
  /** Byte lengths of: centroids, listStart, keys, scales, ordinals, names, codes. */
  sizes: number[];
  checksum: number;
}

/** Saves `index` to `file` atomically (a temporary file renamed over it). */
export function writeIvfFile(file: string, index: IvfIndex, key: IvfFileKey): void {
  const p = index.toParts();
  const names = new TextEncoder().encode(p.names.join("\0"));
  if (p.names.some((n) => n.includes("\0"))) throw new Error("a document id holds a NUL");
  const small = [p.centroids, p.listStart, p.keys, p.scales, p.ordinals, names]
    .map((v) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  const codes = new Uint8Array(
    p.kernel.codes.buffer,
    p.kernel.codes.byteOffset,
    p.keys.length * p.kernel.stride,
  );
  const body = new Uint8Array(small.reduce((sum, part) => align(sum + part.byteLength), 0));
  let at = 0;
  for (const part of small) {
    body.set(part, at);
    at = align(at + part.byteLength);
  }
  const header: Header = {
    ...key,
    format: IVF_FORMAT,
    dimensions: p.dimensions,
    rows: p.keys.length,
    lists: p.listStart.length - 1,
    probes: p.probes,
    stride: p.kernel.stride,
    sizes: [...small.map((s) => s.byteLength), codes.byteLength],
    checksum: checksum(codes, checksum(body, 0)),
  };
  const meta = new TextEncoder().encode(JSON.stringify(header));
  const head = new Uint8Array(align(HEAD + meta.byteLength));
  const view = new DataView(head.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, meta.byteLength, true);
  view.setUint32(8, checksum(meta, 0), true);
  head.set(meta, HEAD);
  const temp = `${file}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  const fd = openSync(temp, "w");
  try {
    for (const part of [head, body, codes]) writeAll(fd, part);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temp, file);
}

/** The saved index when `file` holds one for `key`, intact; null otherwise. */
export function readIvfFile(file: string, key: IvfFileKey): IvfIndex | null {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch {
    return null;
  }
  try {
    return readOpen(fd, key);
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** Removes a store's saved index. */
export function removeIvfFile(file: string): void {
  rmSync(file, { force: true });
}

function readOpen(fd: number, key: IvfFileKey): IvfIndex | null {
  const first = new Uint8Array(HEAD);
  if (readSync(fd, first, 0, HEAD, 0) !== HEAD) return null;
  const view = new DataView(first.buffer);
  if (view.getUint32(0, true) !== MAGIC) return null;
  const metaLength = view.getUint32(4, true);
  if (metaLength > 1 << 20) return null;
  const meta = new Uint8Array(metaLength);
  if (readSync(fd, meta, 0, metaLength, HEAD) !== metaLength) return null;
  if (checksum(meta, 0) !== view.getUint32(8, true)) return null;
  const h = JSON.parse(new TextDecoder().decode(meta)) as Header;
  if (
    h.format !== IVF_FORMAT || h.storeId !== key.storeId || h.generation !== key.generation ||
    h.options !== key.options || !Array.isArray(h.sizes) || h.sizes.length !== 7
  ) return null;
  const [centroidBytes, startBytes, keyBytes, scaleBytes, ordinalBytes, nameBytes, codeBytes] =
    h.sizes;
  const expected = [
    h.lists * h.dimensions * 4,
    (h.lists + 1) * 4,
    h.rows * 8,
    h.rows * 4,
    h.rows * 4,
    nameBytes,
    h.rows * h.stride,
  ];
  if (expected.some((n, i) => n !== h.sizes[i])) return null;
  const bodyLength = h.sizes.slice(0, 6).reduce((sum, s) => align(sum + s), 0);
  const body = new Uint8Array(bodyLength);
  let position = align(HEAD + metaLength);
  if (readAll(fd, body, position) !== bodyLength) return null;
  position += bodyLength;
  const buffer = body.buffer;
  let at = 0;
  const take = <T>(
    Type: new (b: ArrayBuffer, o: number, n: number) => T,
    bytes: number,
    width: number,
  ) => {
    const out = new Type(buffer, at, bytes / width);
    at = align(at + bytes);
    return out;
  };
  const centroids = take(Float32Array, centroidBytes, 4);
  const listStart = take(Uint32Array, startBytes, 4);
  const keys = take(Float64Array, keyBytes, 8);
  const scales = take(Float32Array, scaleBytes, 4);
  const ordinals = take(Uint32Array, ordinalBytes, 4);
  const names = new TextDecoder().decode(new Uint8Array(buffer, at, nameBytes));
  if (!validLists(listStart, h.rows)) return null;
  let longest = 1;
  for (let l = 0; l < h.lists; l++) longest = Math.max(longest, listStart[l + 1] - listStart[l]);
  const kernel = createInt8Kernel(h.rows, h.dimensions, longest);
  if (kernel.stride !== h.stride) return null;
  const codes = new Uint8Array(kernel.codes.buffer, kernel.codes.byteOffset, codeBytes);
  if (readAll(fd, codes, position) !== codeBytes) return null;
  if (readSync(fd, new Uint8Array(1), 0, 1, position + codeBytes) !== 0) return null;
  if (checksum(codes, checksum(body, 0)) !== h.checksum) return null;
  const nameList = h.rows === 0 ? [] : names.split("\0");
  if (ordinals.some((o) => o >= nameList.length)) return null;
  return IvfIndex.fromParts({
    dimensions: h.dimensions,
    centroids,
    listStart,
    kernel,
    keys,
    scales,
    ordinals,
    names: nameList,
    probes: h.probes,
  });
}

function validLists(listStart: Uint32Array, rows: number): boolean {
  if (listStart[0] !== 0 || listStart[listStart.length - 1] !== rows) return false;
  for (let l = 1; l < listStart.length; l++) if (listStart[l] < listStart[l - 1]) return false;
  return true;
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.byteLength;) {
    const end = Math.min(bytes.byteLength, at + CHUNK);
    at += writeSync(fd, bytes, at, end - at);
  }
}

function readAll(fd: number, into: Uint8Array, position: number): number {
  let at = 0;
  while (at < into.byteLength) {
    const n = readSync(fd, into, at, Math.min(CHUNK, into.byteLength - at), position + at);
    if (n === 0) break;
    at += n;
  }
  return at;
}

/**
 * A 32-bit multiply-xor hash of `bytes` (length a multiple of 4, 4-byte aligned),
 * continuing from `seed`: cheap enough to check half a gigabyte on open.
 */
function checksum(bytes: Uint8Array, seed: number): number {
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2);
  let h = seed ^ 0x811c9dc5;
  for (let i = 0; i < words.length; i++) {
    h = Math.imul(h ^ words[i], 0x01000193);
    h ^= h >>> 15;
  }
  for (let i = words.length * 4; i < bytes.byteLength; i++) {
    h = Math.imul(h ^ bytes[i], 0x01000193);
  }
  return h >>> 0;
}

function align(n: number): number {
  return Math.ceil(n / 8) * 8;
}
