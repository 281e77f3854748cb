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

function keyOf(kind: string, hit: QueryHit): string {
  return `${kind}\u0000${hit.id}\u0000${hit.metadata.contentHash}\u0000${hit.text.length}`;
}

/** A bounded memo of per-chunk values, evicting the least recently used half at once. */
export class HitCache<V> {
  #young = new Map<string, V>();
  #old = new Map<string, V>();

  /** Holds at most `capacity` entries; the `capacity / 2` most recently used always stay. */
  constructor(readonly capacity = 8_000) {}

  /** The value for `hit` under `kind` (a language, say), computed by `compute` on a miss. */
  get(kind: string, hit: QueryHit, compute: (hit: QueryHit) => V): V {
    const found = this.peek(kind, hit);
    if (found !== undefined) return found;
    const value = compute(hit);
    this.put(kind, hit, value);
    return value;
  }

  /** The value for `hit` under `kind`, if held (it then counts as just used). */
  peek(kind: string, hit: QueryHit): V | undefined {
    const key = keyOf(kind, hit);
    const value = this.#young.get(key);
    if (value !== undefined) return value;
    const old = this.#old.get(key);
    if (old !== undefined) {
      this.#old.delete(key);
      this.#add(key, old);
    }
    return old;
  }

  /** Remembers `value` for `hit` under `kind`. */
  put(kind: string, hit: QueryHit, value: V): void {
    this.#add(keyOf(kind, hit), value);
  }

  #add(key: string, value: V) {
    this.#young.set(key, value);
    if (this.#young.size >= Math.max(1, this.capacity / 2)) {
      this.#old = this.#young;
      this.#young = new Map();
    }
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
