/**
 * A small ZIP reader for the containers DOCX and EPUB are made of, built to refuse
 * hostile archives with bounded memory: it reads the central directory, refuses
 * encrypted, ZIP64 and oversized archives up front, and inflates entries a few KiB of
 * input at a time (with `fflate`), stopping as soon as the inflated total passes a cap —
 * whatever sizes the archive claims. The same idea as `gunzipCapped` for gzip.
 *
 * @module
 */
import { Inflate } from "fflate";

/** Default cap on the inflated size of what is read from one archive: 100 MiB. */
export const MAX_INFLATED_BYTES = 100 * 1024 * 1024;
/** Default cap on the number of entries in one archive. */
export const MAX_ZIP_ENTRIES = 20_000;

/** Why an archive was refused. */
export type ZipErrorKind = "bomb" | "encrypted" | "broken" | "unsupported";

/** A refused archive; `message` is the reason to report. */
export class ZipError extends Error {
  override name = "ZipError";
  constructor(readonly kind: ZipErrorKind, message: string) {
    super(message);
  }
}

/** One entry of the central directory. */
export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  /** Inflated size as the archive declares it (not trusted: inflation is capped anyway). */
  size: number;
  localOffset: number;
}

/** Limits for reading one archive. */
export interface ZipLimits {
  /** Most bytes inflated in total across the entries read. Default 100 MiB. */
  maxInflatedBytes?: number;
  maxEntries?: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const INPUT_SLICE_BYTES = 4 * 1024;

/** Whether the bytes start like a ZIP archive. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 &&
    bytes[3] === 4;
}

/** Whether the bytes are an OLE compound file: a legacy Office file or an encrypted one. */
export function isOleCompoundFile(bytes: Uint8Array): boolean {
  const magic = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  return bytes.length >= 8 && magic.every((b, i) => bytes[i] === b);
}

/** Offset of the end-of-central-directory record, searching back over a comment. */
function findEndRecord(view: DataView): number {
  const stop = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let i = view.byteLength - 22; i >= stop; i--) {
    if (view.getUint32(i, true) === EOCD) return i;
  }
  throw new ZipError("broken", "not a readable ZIP archive (no central directory; truncated?)");
}

/** The archive's entries, from its central directory. */
export function listZip(bytes: Uint8Array, limits: ZipLimits = {}): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndRecord(view);
  const count = view.getUint16(end + 10, true);
  const offset = view.getUint32(end + 16, true);
  if (count === 0xffff || offset === 0xffffffff) {
    throw new ZipError("unsupported", "ZIP64 archives are not supported");
  }
  if (count > (limits.maxEntries ?? MAX_ZIP_ENTRIES)) {
    throw new ZipError("bomb", `archive has ${count} entries; refusing (possible zip bomb)`);
  }
  const entries: ZipEntry[] = [];
  let at = offset;
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL) {
      throw new ZipError("broken", "corrupt ZIP central directory");
    }
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    entries.push({
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      localOffset: view.getUint32(at + 42, true),
      name: decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
    });
    at += 46 + skip;
  }
  return entries;
}

/** The compressed bytes of an entry, located through its local header. */
function entryData(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL) {
    throw new ZipError("broken", `corrupt ZIP entry ${entry.name}`);
  }
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  if (start + entry.compressedSize > bytes.length) {
    throw new ZipError("broken", `ZIP entry ${entry.name} is truncated`);
  }
  return bytes.subarray(start, start + entry.compressedSize);
}

/**
 * Reads archive entries within one inflation budget. Each call to `read` inflates one
 * entry, counting against the budget the reader was made with, and throws a
 * {@linkcode ZipError} of kind `bomb` the moment the total passes it.
 */
export class ZipReader {
  readonly entries: ZipEntry[];
  #used = 0;
  readonly #budget: number;

  constructor(readonly bytes: Uint8Array, limits: ZipLimits = {}) {
    this.entries = listZip(bytes, limits);
    this.#budget = limits.maxInflatedBytes ?? MAX_INFLATED_BYTES;
    if (this.entries.some((e) => (e.flags & 1) !== 0 || e.method === 99)) {
      throw new ZipError("encrypted", "encrypted archive: a password is required to read it");
    }
  }

  /** The entry named `name` (case-sensitive, as ZIP is), or undefined. */
  find(name: string): ZipEntry | undefined {
    return this.entries.find((e) => e.name === name);
  }

  /** The inflated bytes of `entry`; `keep: false` only counts them (a size check). */
  read(entry: ZipEntry, keep = true): Uint8Array {
    const data = entryData(this.bytes, entry);
    if (entry.method === 0) return this.#count(entry, data.slice(), keep);
    if (entry.method !== 8) {
      throw new ZipError("unsupported", `ZIP entry ${entry.name} uses compression ${entry.method}`);
    }
    const parts: Uint8Array[] = [];
    let size = 0;
    let over = false;
    const inflater = new Inflate((chunk) => {
      size += chunk.length;
      if (this.#used + size > this.#budget) over = true;
      else if (keep) parts.push(chunk);
    });
    for (let fed = 0; fed < data.length && !over; fed += INPUT_SLICE_BYTES) {
      const end = Math.min(fed + INPUT_SLICE_BYTES, data.length);
      try {
        inflater.push(data.subarray(fed, end), end === data.length);
      } catch (error) {
        throw new ZipError("broken", `ZIP entry ${entry.name}: ${(error as Error).message}`);
      }
    }
    if (over) throw this.#bomb();
    const out = new Uint8Array(keep ? size : 0);
    let offset = 0;
    for (const part of parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return this.#count(entry, out, keep, size);
  }

  /** Reads an entry as UTF-8 text, or undefined when there is no such entry. */
  text(name: string): string | undefined {
    const entry = this.find(name);
    return entry ? new TextDecoder().decode(this.read(entry)) : undefined;
  }

  #count(entry: ZipEntry, data: Uint8Array, keep: boolean, size = data.length): Uint8Array {
    this.#used += size;
    if (this.#used > this.#budget) throw this.#bomb();
    if (size !== entry.size) {
      throw new ZipError(
        "broken",
        `ZIP entry ${entry.name} inflates to a size it does not declare`,
      );
    }
    return keep ? data : new Uint8Array(0);
  }

  #bomb(): ZipError {
    return new ZipError(
      "bomb",
      `archive inflates to more than ${this.#budget} bytes; refusing (possible zip bomb)`,
    );
  }
}
