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
    h = fnv(word);
    if (remembered.size >= REMEMBERED) remembered.clear();
    remembered.set(word, h);
  }
  return h;
}

/** {@linkcode hashWord} without the memory: for a chunk's own words, met once. */
function fnv(word: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
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
 * An entry, packed in an int (never 0, as its class mask is not): its class mask (bits
 * 0–3), whether it reads lower-cased (bit 4), its length (bits 5–9; 0 for a word written
 * out), its offset in the text (bits 10–25; for a word written out, its number in
 * `written`), and five bits of its hash (26–30), which spare most letter comparisons.
 */
const LOWERED = 0x10;
const OFFSET_SHIFT = 10;
const MAX_OFFSET = 1 << 16;
const TAG_SHIFT = 26;
/** Most words a chunk's digest is read for (more: the chunk is analyzed instead). */
const MAX_ENTRIES = MAX_OFFSET;

/** The five bits of a hash an entry keeps (the table's slot comes from the low bits). */
function tagOf(hash: number): number {
  return (hash >>> 27) << TAG_SHIFT;
}

const offsetOf = (entry: number) => (entry >>> OFFSET_SHIFT) & (MAX_OFFSET - 1);
const lengthOf = (entry: number) => (entry >>> 5) & 31;

/** Where entries are collected before they go into a chunk's own table. */
const scratchHashes = new Int32Array(MAX_ENTRIES);
const scratchEntries = new Int32Array(MAX_ENTRIES);

/**
 * A chunk's words in an open-addressing table by hash (each slot an entry, 0 when free;
 * at most half full), collected as a {@linkcode DigestVisitor} reads its digest, then
 * placed by {@linkcode finish}; see the module doc.
 */
export class HashedWords implements DigestVisitor {
  private table = new Int32Array(1);
  private written: string[] | null = null;
  private size = 0;
  /** Entries holding each class bit (1, 2, 4, 8). */
  private readonly classCounts = [0, 0, 0, 0];
  /** Set when more words came than are read (then the chunk is analyzed instead). */
  overflow = false;
  /** Hashes of the entries of one class mask (see `hashed`). */
  private hashes: { mask: number; pairs: Int32Array } | null = null;

  /** Collects into buffers shared by every chunk: call {@linkcode finish} before another. */
  constructor(readonly text: string) {}

  /** Takes a word that is a stretch of the text (see {@linkcode DigestVisitor.stretch}). */
  stretch(at: number, length: number, lowered: boolean, mask: number): void {
    if (at >= MAX_OFFSET) {
      const w = this.text.slice(at, at + length);
      this.word(lowered ? w.toLowerCase() : w, mask);
      return;
    }
    const entry = (at << OFFSET_SHIFT) | (length << 5) | (lowered ? LOWERED : 0) | mask;
    this.push(hashStretch(this.text, at, length, lowered), entry);
  }

  /** Takes a word written out (see {@linkcode DigestVisitor.word}). */
  word(word: string, mask: number): void {
    const written = this.written ??= [];
    if (written.length >= MAX_OFFSET) {
      this.overflow = true;
      return;
    }
    written.push(word);
    // Not `hashWord`: a chunk's written words would crowd the question's out of its memory.
    this.push(fnv(word), ((written.length - 1) << OFFSET_SHIFT) | mask);
  }

  /** Adds an entry to the shared buffers (marks overflow when they are full). */
  private push(hash: number, entry: number) {
    if (this.size >= MAX_ENTRIES) {
      this.overflow = true;
      return;
    }
    scratchHashes[this.size] = hash;
    scratchEntries[this.size++] = entry | tagOf(hash);
    for (let bit = 0; bit < 4; bit++) if ((entry & (1 << bit)) !== 0) this.classCounts[bit]++;
  }

  /** Places the words collected in the chunk's own table; call once, before asking. */
  finish(): this {
    let slots = 8;
    while (slots < 2 * this.size) slots *= 2;
    const table = this.table = new Int32Array(slots);
    const m = slots - 1;
    for (let e = 0; e < this.size; e++) {
      let i = scratchHashes[e] & m;
      while (table[i] !== 0) i = (i + 1) & m;
      table[i] = scratchEntries[e];
    }
    return this;
  }

  /** How many words hold the class `bit` (one of 1, 2, 4, 8). */
  count(bit: number): number {
    return this.classCounts[31 - Math.clz32(bit)];
  }

  /** Whether the chunk holds `word` in a class of `mask`. */
  has(word: string, mask: number): boolean {
    const h = hashWord(word);
    const tag = tagOf(h);
    const table = this.table;
    const m = table.length - 1;
    for (let i = h & m; table[i] !== 0; i = (i + 1) & m) {
      const entry = table[i];
      // A chunk holds each word once: the entry that is the word answers.
      if ((entry & TAG_MASK) === tag && this.is(entry, word)) return (entry & mask) !== 0;
    }
    return false;
  }

  /** The word of an entry. */
  private wordAt(entry: number): string {
    const length = lengthOf(entry);
    if (length === 0) return this.written![offsetOf(entry)];
    const at = offsetOf(entry);
    const w = this.text.slice(at, at + length);
    return (entry & LOWERED) !== 0 ? w.toLowerCase() : w;
  }

  /** The hash of an entry's word. */
  private hashOf(entry: number): number {
    const length = lengthOf(entry);
    if (length === 0) return fnv(this.written![offsetOf(entry)]);
    return hashStretch(this.text, offsetOf(entry), length, (entry & LOWERED) !== 0);
  }

  /** The words holding a class of `mask`. */
  wordsOf(mask: number): string[] {
    const out: string[] = [];
    for (const entry of this.table) {
      if ((entry & mask) !== 0) out.push(this.wordAt(entry));
    }
    return out;
  }

  /** How many words hold a class of `mask` in both chunks. */
  shared(other: HashedWords, mask: number): number {
    let n = 0;
    const mine = this.hashed(mask);
    const theirs = other.table;
    const m = theirs.length - 1;
    for (let k = 0; k < mine.length; k += 2) {
      const h = mine[k];
      const entry = mine[k + 1];
      const tag = tagOf(h >>> 0);
      for (let i = h & m; theirs[i] !== 0; i = (i + 1) & m) {
        const their = theirs[i];
        if ((their & TAG_MASK) === tag && other.sameAs(their, this, entry)) {
          if ((their & mask) !== 0) n++;
          break;
        }
      }
    }
    return n;
  }

  /**
   * The entries holding a class of `mask`, each after its hash, made on first use: a
   * chunk is compared with several others while a turn drops near-duplicates.
   */
  private hashed(mask: number): Int32Array {
    if (this.hashes?.mask === mask) return this.hashes.pairs;
    const { table } = this;
    let n = 0;
    for (let i = 0; i < table.length; i++) if ((table[i] & mask) !== 0) n++;
    const pairs = new Int32Array(2 * n);
    for (let i = 0, k = 0; i < table.length; i++) {
      if ((table[i] & mask) === 0) continue;
      pairs[k++] = this.hashOf(table[i]);
      pairs[k++] = table[i];
    }
    this.hashes = { mask, pairs };
    return pairs;
  }

  /** Whether this chunk's `entry` is the word of `other`'s entry `theirs`. */
  private sameAs(entry: number, other: HashedWords, theirs: number): boolean {
    const length = lengthOf(entry);
    if (length === 0 || lengthOf(theirs) === 0) return this.wordAt(entry) === other.wordAt(theirs);
    if (length !== lengthOf(theirs)) return false;
    const a = offsetOf(entry);
    const b = offsetOf(theirs);
    const la = (entry & LOWERED) !== 0;
    const lb = (theirs & LOWERED) !== 0;
    for (let k = 0; k < length; k++) {
      let c = this.text.charCodeAt(a + k);
      let d = other.text.charCodeAt(b + k);
      if (la && c >= 0x41 && c <= 0x5a) c |= 0x20;
      if (lb && d >= 0x41 && d <= 0x5a) d |= 0x20;
      if (c !== d) return false;
    }
    return true;
  }

  /** Whether `entry` is `word`, letter by letter. */
  private is(entry: number, word: string): boolean {
    const length = lengthOf(entry);
    if (length === 0) return this.written![offsetOf(entry)] === word;
    if (length !== word.length) return false;
    const lowered = (entry & LOWERED) !== 0;
    const at = offsetOf(entry);
    for (let k = 0; k < length; k++) {
      let c = this.text.charCodeAt(at + k);
      if (lowered && c >= 0x41 && c <= 0x5a) c |= 0x20;
      if (c !== word.charCodeAt(k)) return false;
    }
    return true;
  }
}

const TAG_MASK = 31 << TAG_SHIFT;
