/**
 * Per-chunk word data of retrieved chunks, remembered. Re-ranking, de-duplication and
 * the relevance gate each read a chunk's analyzed words; analyzing ~1 KB of text is most
 * of a turn's CPU, and popular pages come back turn after turn. A chunk's words depend
 * only on its text and language, so the key is its id with its document's content hash,
 * its text's length and the language: a re-indexed page gets new keys.
 *
 * The memo is bounded by two generations rather than a strict LRU: entries go into the
 * young map; when it is full it becomes the old one and the previous old one is dropped
 * whole; an entry found in the old map moves back to the young one. Every operation is
 * O(1) — evicting a Map's oldest entry one by one is not in V8, whose iteration walks
 * over the holes earlier deletes left.
 *
 * @module
 */
import type { QueryHit } from "../vectorstore/store.ts";

/** A bounded memo of per-chunk values, evicting the least recently used half at once. */
export class HitCache<V> {
  #young = new Map<string, V>();
  #old = new Map<string, V>();

  /** Holds at most `capacity` entries; the `capacity / 2` most recently used always stay. */
  constructor(readonly capacity = 8_000) {}

  /** The value for `hit` under `kind` (a language, say), computed by `compute` on a miss. */
  get(kind: string, hit: QueryHit, compute: (hit: QueryHit) => V): V {
    const key = `${kind}\u0000${hit.id}\u0000${hit.metadata.contentHash}\u0000${hit.text.length}`;
    let value = this.#young.get(key);
    if (value !== undefined) return value;
    value = this.#old.get(key);
    if (value === undefined) value = compute(hit);
    else this.#old.delete(key);
    this.#young.set(key, value);
    if (this.#young.size >= Math.max(1, this.capacity / 2)) {
      this.#old = this.#young;
      this.#young = new Map();
    }
    return value;
  }

  /** Forgets every entry. */
  clear(): void {
    this.#young = new Map();
    this.#old = new Map();
  }

  /** Entries held. */
  get size(): number {
    return this.#young.size + this.#old.size;
  }
}
