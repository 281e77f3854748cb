/**
 * Word sets of retrieved chunks, remembered. Re-ranking, de-duplication and the
 * relevance gate each need a chunk's stemmed words; tokenising and stemming ~1 KB of
 * text is most of a turn's CPU, and popular pages come back turn after turn. A chunk's
 * words depend only on its text, so the key is its id with its document's content hash:
 * a re-indexed page gets new keys. The cache is a bounded LRU.
 *
 * @module
 */
import type { QueryHit } from "../vectorstore/store.ts";

/** A bounded least-recently-used memo of per-chunk word sets. */
export class HitWordCache {
  #entries = new Map<string, ReadonlySet<string>>();

  constructor(readonly capacity = 20_000) {}

  /** The set for `hit` under `kind`, computed by `compute` on a miss. */
  get(
    kind: string,
    hit: QueryHit,
    compute: (hit: QueryHit) => ReadonlySet<string>,
  ): ReadonlySet<string> {
    const key = `${kind}\u0000${hit.id}\u0000${hit.metadata.contentHash}\u0000${hit.text.length}`;
    const found = this.#entries.get(key);
    if (found) {
      this.#entries.delete(key);
      this.#entries.set(key, found);
      return found;
    }
    const words = compute(hit);
    this.#entries.set(key, words);
    if (this.#entries.size > this.capacity) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
    return words;
  }

  get size(): number {
    return this.#entries.size;
  }
}

/** The process-wide cache the chat turn uses. */
export const hitWords = new HitWordCache();
