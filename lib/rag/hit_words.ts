/**
 * Per-chunk word data of retrieved chunks, remembered. Re-ranking, de-duplication and
 * the relevance gate each read a chunk's analyzed words; analyzing ~1 KB of text is most
 * of a turn's CPU, and popular pages come back turn after turn. A chunk's words depend
 * only on its text and language, so the key is its id with its document's content hash,
 * its text's length and the language: a re-indexed page gets new keys. Entries are found
 * by the id, then compared on the rest, so a look-up builds no key string.
 *
 * The memo is bounded by two generations rather than a strict LRU: entries go into the
 * young map; when it is full it becomes the old one and the previous old one is dropped
 * whole; an entry found in the old map moves back to the young one. Every operation is
 * O(1) — evicting a Map's oldest entry one by one is not in V8, whose iteration walks
 * over the holes earlier deletes left.
 *
 * With a doorkeeper, a chunk is remembered only from its second visit: most chunks a turn
 * reads are met once, and keeping each would move a few KB a turn into the collector's
 * old generation for nothing. The doorkeeper is a fixed table of id hashes (no object
 * per chunk); a collision only changes whether a chunk is remembered, never a value.
 *
 * @module
 */
import type { QueryHit } from "../vectorstore/store.ts";

/** One memo entry: the value of a chunk version under a kind, and the next for that id. */
interface Entry<V> {
  kind: string;
  contentHash: string;
  length: number;
  value: V;
  next: Entry<V> | null;
}

function matches<V>(e: Entry<V>, kind: string, hit: QueryHit): boolean {
  return e.length === hit.text.length && e.kind === kind &&
    e.contentHash === hit.metadata.contentHash;
}

/**
 * A generation: entries by chunk id, each id's versions and kinds chained (almost always
 * one), so a look-up builds no key string.
 */
class Generation<V> {
  readonly byId = new Map<string, Entry<V>>();
  size = 0;

  find(kind: string, hit: QueryHit): Entry<V> | undefined {
    for (let e = this.byId.get(hit.id) ?? null; e; e = e.next) if (matches(e, kind, hit)) return e;
    return undefined;
  }

  /** Takes `entry` out of its chain. */
  remove(id: string, entry: Entry<V>): void {
    let e = this.byId.get(id) ?? null;
    if (e === entry) {
      if (entry.next) this.byId.set(id, entry.next);
      else this.byId.delete(id);
    } else {
      while (e && e.next !== entry) e = e.next;
      if (e) e.next = entry.next;
    }
    this.size--;
  }

  add(id: string, entry: Entry<V>): void {
    entry.next = this.byId.get(id) ?? null;
    this.byId.set(id, entry);
    this.size++;
  }
}

/** A bounded memo of per-chunk values, evicting the least recently used half at once. */
export class HitCache<V> {
  #young = new Generation<V>();
  #old = new Generation<V>();

  /** Hashes of the ids met once (see the module doc), when there is a doorkeeper. */
  readonly #seen: Uint32Array | null;

  /**
   * Holds at most `capacity` entries; the `capacity / 2` most recently used always stay.
   * `doorkeeper`: slots of the table of ids met once (a power of two; 0 = remember every
   * chunk on its first visit).
   */
  constructor(readonly capacity = 8_000, options: { doorkeeper?: number } = {}) {
    const slots = options.doorkeeper ?? 0;
    if (slots & (slots - 1)) throw new RangeError("doorkeeper slots must be a power of two");
    this.#seen = slots > 0 ? new Uint32Array(slots) : null;
  }

  /**
   * The value for `hit` under `kind` (a language, say), computed by `compute` on a miss
   * and remembered (with a doorkeeper, from the chunk's second visit on).
   */
  get(kind: string, hit: QueryHit, compute: (hit: QueryHit) => V): V {
    // A chunk the doorkeeper has not met cannot be held: its first visit looks nothing up.
    const met = this.#visit(hit.id);
    if (met) {
      const found = this.peek(kind, hit);
      if (found !== undefined) return found;
    }
    const value = compute(hit);
    if (met) this.put(kind, hit, value);
    return value;
  }

  /**
   * Whether chunk `id` was met before (always, without a doorkeeper); it is met from now
   * on. A value is remembered from a chunk's second visit.
   */
  #visit(id: string): boolean {
    const seen = this.#seen;
    if (!seen) return true;
    // FNV-1a of the id, never 0 (0 marks a free slot).
    let h = 0x811c9dc5;
    for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
    h = (h >>> 0) || 1;
    const slot = h & (seen.length - 1);
    if (seen[slot] === h) return true;
    seen[slot] = h;
    return false;
  }

  /** The value for `hit` under `kind`, if held (it then counts as just used). */
  peek(kind: string, hit: QueryHit): V | undefined {
    const young = this.#young.find(kind, hit);
    if (young) return young.value;
    const old = this.#old.find(kind, hit);
    if (!old) return undefined;
    this.#old.remove(hit.id, old);
    this.#add(hit.id, old);
    return old.value;
  }

  /** Remembers `value` for `hit` under `kind`. */
  put(kind: string, hit: QueryHit, value: V): void {
    const entry: Entry<V> = {
      kind,
      contentHash: hit.metadata.contentHash,
      length: hit.text.length,
      value,
      next: null,
    };
    this.#add(hit.id, entry);
  }

  #add(id: string, entry: Entry<V>) {
    this.#young.add(id, entry);
    if (this.#young.size >= Math.max(1, this.capacity / 2)) {
      this.#old = this.#young;
      this.#young = new Generation();
    }
  }

  /** Forgets every entry, and which chunks were met. */
  clear(): void {
    this.#young = new Generation();
    this.#old = new Generation();
    this.#seen?.fill(0);
  }

  /** Entries held. */
  get size(): number {
    return this.#young.size + this.#old.size;
  }
}
