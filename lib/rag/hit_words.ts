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

  /** Forgets every entry. */
  clear(): void {
    this.#young = new Generation();
    this.#old = new Generation();
  }

  /** Entries held. */
  get size(): number {
    return this.#young.size + this.#old.size;
  }
}
