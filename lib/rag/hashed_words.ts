/**
 * A chunk's word classes read from its word digest without a map of strings: each word
 * is a stretch of the chunk's text (or a word written out), kept as where it is in a
 * small open-addressing table by the word's hash. Asking whether the chunk holds a word
 * hashes the word and compares the letters of the few entries at that slot, so an answer
 * is always exact. Reading a chunk's digest this way makes no string per word and leaves
 * one small array for the collector, which is most of what a chunk's first visit costs a
 * chat turn.
 *
 * @module
 */
import type { DigestVisitor } from "../text/mod.ts";

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 16777619;

/** FNV-1a hash of a word's UTF-16 code units. */
export function hashWord(word: string): number {
  let h = remembered.get(word);
  if (h === undefined) {
    h = FNV_OFFSET;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), FNV_PRIME);
    h >>>= 0;
    if (remembered.size >= REMEMBERED) remembered.clear();
    remembered.set(word, h);
  }
  return h;
}

/**
 * Hashes of the words last asked about: a turn asks every chunk about the same few
 * question words, and a map finds a string it has met by the hash the engine keeps.
 */
const remembered = new Map<string, number>();
const REMEMBERED = 4_096;

function hashStretch(text: string, at: number, length: number, lowered: boolean): number {
  let h = FNV_OFFSET;
  for (let i = at; i < at + length; i++) {
    let c = text.charCodeAt(i);
    if (lowered && c >= 0x41 && c <= 0x5a) c |= 0x20;
    h = Math.imul(h ^ c, FNV_PRIME);
  }
  return h >>> 0;
}

/**
 * An entry's place, packed in an int: its offset in the text (bits 10–29), length (bits
 * 5–9; 0 for a word written out, whose offset is then its number in `written`), whether
 * it reads lower-cased (bit 4) and its class mask (bits 0–3).
 */
const LOWERED = 0x10;
const MAX_OFFSET = 1 << 20;
/** Most words a chunk's digest is read for (more: the chunk is analyzed instead). */
const MAX_ENTRIES = 1 << 16;

/** Where entries are collected before they go into a chunk's own table. */
const scratchHashes = new Int32Array(MAX_ENTRIES);
const scratchPlaces = new Int32Array(MAX_ENTRIES);

/**
 * A chunk's words in an open-addressing table by hash (each slot its entry's place + 1,
 * 0 when free; at most half full), collected as a {@linkcode DigestVisitor} reads its
 * digest, then placed by {@linkcode finish}; see the module doc.
 */
export class HashedWords implements DigestVisitor {
  private table = new Int32Array(2);
  private written: string[] | null = null;
  private size = 0;
  /** Entries holding each class bit (1, 2, 4, 8). */
  private readonly classCounts = [0, 0, 0, 0];
  /** Set when more words came than are read (then the chunk is analyzed instead). */
  overflow = false;

  /** Collects into buffers shared by every chunk: call {@linkcode finish} before another. */
  constructor(readonly text: string) {}

  stretch(at: number, length: number, lowered: boolean, mask: number): void {
    if (at >= MAX_OFFSET) {
      const w = this.text.slice(at, at + length);
      this.word(lowered ? w.toLowerCase() : w, mask);
      return;
    }
    const place = (at << 10) | (length << 5) | (lowered ? LOWERED : 0) | mask;
    this.push(hashStretch(this.text, at, length, lowered), place);
  }

  word(word: string, mask: number): void {
    const written = this.written ??= [];
    written.push(word);
    this.push(hashWord(word), ((written.length - 1) << 10) | mask);
  }

  private push(hash: number, place: number) {
    if (this.size >= MAX_ENTRIES) {
      this.overflow = true;
      return;
    }
    scratchHashes[this.size] = hash | 0;
    scratchPlaces[this.size++] = place;
    for (let bit = 0; bit < 4; bit++) if ((place & (1 << bit)) !== 0) this.classCounts[bit]++;
  }

  /** Places the words collected in the chunk's own table; call once, before asking. */
  finish(): this {
    let slots = 8;
    while (slots < 2 * this.size) slots *= 2;
    // Per slot: the entry's hash, and its place + 1 (0: a free slot).
    const table = this.table = new Int32Array(2 * slots);
    const m = slots - 1;
    for (let e = 0; e < this.size; e++) {
      let i = scratchHashes[e] & m;
      while (table[2 * i + 1] !== 0) i = (i + 1) & m;
      table[2 * i] = scratchHashes[e];
      table[2 * i + 1] = scratchPlaces[e] + 1;
    }
    return this;
  }

  /** How many words hold the class `bit` (one of 1, 2, 4, 8). */
  count(bit: number): number {
    return this.classCounts[31 - Math.clz32(bit)];
  }

  /** Whether the chunk holds `word` in a class of `mask`. */
  has(word: string, mask: number): boolean {
    const h = hashWord(word) | 0;
    const table = this.table;
    const m = (table.length >> 1) - 1;
    for (let i = h & m; table[2 * i + 1] !== 0; i = (i + 1) & m) {
      const place = table[2 * i + 1] - 1;
      // A chunk holds each word once: the entry that is the word answers.
      if (table[2 * i] === h && this.is(place, word)) return (place & mask) !== 0;
    }
    return false;
  }

  /** The place of the entry with hash `h` that `same` accepts; -1 when none. */
  private find(h: number, same: (place: number) => boolean): number {
    const table = this.table;
    const m = (table.length >> 1) - 1;
    for (let i = h & m; table[2 * i + 1] !== 0; i = (i + 1) & m) {
      // A chunk holds each word once: the first entry that is the word answers.
      if (table[2 * i] === h && same(table[2 * i + 1] - 1)) return table[2 * i + 1] - 1;
    }
    return -1;
  }

  /** The word of an entry's place. */
  private wordAt(place: number): string {
    const length = (place >>> 5) & 31;
    if (length === 0) return this.written![place >>> 10];
    const at = place >>> 10;
    const w = this.text.slice(at, at + length);
    return (place & LOWERED) !== 0 ? w.toLowerCase() : w;
  }

  /** The words holding a class of `mask`. */
  wordsOf(mask: number): string[] {
    const out: string[] = [];
    const table = this.table;
    for (let i = 1; i < table.length; i += 2) {
      if (table[i] !== 0 && ((table[i] - 1) & mask) !== 0) out.push(this.wordAt(table[i] - 1));
    }
    return out;
  }

  /** How many words hold a class of `mask` in both chunks. */
  shared(other: HashedWords, mask: number): number {
    let n = 0;
    const table = this.table;
    for (let i = 0; i < table.length; i += 2) {
      const place = table[i + 1] - 1;
      if (place < 0 || (place & mask) === 0) continue;
      const theirs = other.find(table[i], (p) => other.sameAs(p, this, place));
      if (theirs >= 0 && (theirs & mask) !== 0) n++;
    }
    return n;
  }

  /** Whether this chunk's entry at `place` is the word of `other`'s at `theirs`. */
  private sameAs(place: number, other: HashedWords, theirs: number): boolean {
    const length = (place >>> 5) & 31;
    if (length === 0 || ((theirs >>> 5) & 31) === 0) {
      return this.wordAt(place) === other.wordAt(theirs);
    }
    if (length !== ((theirs >>> 5) & 31)) return false;
    const [a, b] = [place >>> 10, theirs >>> 10];
    const [la, lb] = [(place & LOWERED) !== 0, (theirs & LOWERED) !== 0];
    for (let k = 0; k < length; k++) {
      let c = this.text.charCodeAt(a + k);
      let d = other.text.charCodeAt(b + k);
      if (la && c >= 0x41 && c <= 0x5a) c |= 0x20;
      if (lb && d >= 0x41 && d <= 0x5a) d |= 0x20;
      if (c !== d) return false;
    }
    return true;
  }

  /** Whether the entry at `place` is `word`, letter by letter. */
  private is(place: number, word: string): boolean {
    const length = (place >>> 5) & 31;
    if (length === 0) return this.written![place >>> 10] === word;
    if (length !== word.length) return false;
    const lowered = (place & LOWERED) !== 0;
    const at = place >>> 10;
    for (let k = 0; k < length; k++) {
      let c = this.text.charCodeAt(at + k);
      if (lowered && c >= 0x41 && c <= 0x5a) c |= 0x20;
      if (c !== word.charCodeAt(k)) return false;
    }
    return true;
  }
}
