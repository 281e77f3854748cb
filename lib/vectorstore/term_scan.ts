/**
 * Finds a few terms in a segment file's term table without decoding it: the table (NUL
 * separated UTF-8, `postings_file.ts`) is read through a window and each of its terms
 * hashed byte by byte against the wanted terms' bytes, so a scan of millions of terms
 * makes no string and holds no map of them. A merge that appends (`postings_disk.ts`)
 * scans the old table once to number the delta's terms.
 *
 * @module
 */
import { readSync } from "node:fs";

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** The wanted terms' bytes in one pool, found by an open-addressing table of hashes. */
class TermBytes {
  readonly pool: Uint8Array;
  /** Term i's bytes are `pool[start[i], start[i + 1])`. */
  readonly start: Uint32Array;
  readonly hashes: Int32Array;
  /** Slot → term index + 1 (0: empty). */
  readonly slots: Int32Array;
  readonly mask: number;

  constructor(terms: readonly string[]) {
    const encoder = new TextEncoder();
    let size = 0;
    for (const term of terms) size += 3 * term.length;
    let pool = new Uint8Array(Math.max(1, size));
    this.start = new Uint32Array(terms.length + 1);
    let used = 0;
    terms.forEach((term, i) => {
      this.start[i] = used;
      used += encoder.encodeInto(term, pool.subarray(used)).written;
    });
    this.start[terms.length] = used;
    pool = pool.subarray(0, used);
    this.pool = pool;
    let slots = 2;
    while (slots < 2 * terms.length) slots *= 2;
    this.slots = new Int32Array(slots);
    this.mask = slots - 1;
    this.hashes = new Int32Array(terms.length);
    for (let i = 0; i < terms.length; i++) {
      let h = FNV_OFFSET;
      for (let b = this.start[i]; b < this.start[i + 1]; b++) h = Math.imul(h ^ pool[b], FNV_PRIME);
      this.hashes[i] = h;
      let slot = h & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = i + 1;
    }
  }

  /** The index of the term whose bytes are `bytes[from, to)` (hash `h`), or -1. */
  find(bytes: Uint8Array, from: number, to: number, h: number): number {
    const { slots, mask, hashes, start, pool } = this;
    for (let slot = h & mask; slots[slot] !== 0; slot = (slot + 1) & mask) {
      const i = slots[slot] - 1;
      if (hashes[i] !== h || start[i + 1] - start[i] !== to - from) continue;
      let b = start[i], j = from;
      while (j < to && pool[b] === bytes[j]) b++, j++;
      if (j === to) return i;
    }
    return -1;
  }
}

/**
 * The number in the term table (`length` bytes at `offset` of the open file `fd`) of
 * each of `terms`, -1 for a term it lacks; `windowBytes` are read at a time (a term
 * longer than that is read whole).
 */
export function numberTerms(
  fd: number,
  offset: number,
  length: number,
  terms: readonly string[],
  windowBytes = 1 << 20,
): Int32Array {
  const numbers = new Int32Array(terms.length).fill(-1);
  if (terms.length === 0 || length === 0) return numbers;
  const wanted = new TermBytes(terms);
  let window = new Uint8Array(Math.max(16, Math.min(windowBytes, length)));
  // The window's first `carried` bytes: the start of a term the last read cut.
  let carried = 0, t = 0;
  for (let read = 0; read < length;) {
    if (carried === window.byteLength) {
      const wider = new Uint8Array(2 * window.byteLength);
      wider.set(window);
      window = wider;
    }
    const n = Math.min(window.byteLength - carried, length - read);
    let got = 0;
    while (got < n) {
      const r = readSync(fd, window, carried + got, n - got, offset + read + got);
      if (r === 0) throw new Error("postings file ends early");
      got += r;
    }
    read += n;
    const filled = carried + n;
    const last = read === length;
    let from = 0, h = FNV_OFFSET;
    for (let j = 0; j < filled; j++) {
      const byte = window[j];
      if (byte !== 0) {
        h = Math.imul(h ^ byte, FNV_PRIME);
        continue;
      }
      const i = wanted.find(window, from, j, h);
      if (i >= 0) numbers[i] = t;
      t++;
      from = j + 1;
      h = FNV_OFFSET;
    }
    if (last) {
      // The table's last term ends at its end, not at a NUL.
      const i = wanted.find(window, from, filled, h);
      if (i >= 0) numbers[i] = t;
      carried = 0;
    } else {
      window.copyWithin(0, from, filled);
      carried = filled - from;
    }
  }
  return numbers;
}
