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
 * per chunk) with a small count of visits beside each; a collision only changes whether
 * a chunk is remembered, never a value.
 *
 * A full memo with a doorkeeper admits a chunk only over the one it would push out — the
 * oldest held in the old generation — and only when the newcomer was visited more often
 * (TinyLFU's rule; the counts are halved every ten capacities of visits, so popularity
 * that moves on is followed). Nothing is then dropped a generation at a time: the old
 * generation empties entry by entry and the young one takes its place. Without this, a
 * working set larger than the memo, met in turn, pushed every chunk out before its next
 * visit: `deno task bench server`'s questions touch 15,530 chunks, and its serving
 * workers found 22% of them in an 8,000-chunk memo (57% with this rule, replayed).
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

/** FNV-1a of a chunk id, never 0 (0 marks a free doorkeeper slot). */
function idHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return (h >>> 0) || 1;
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

  /** Hashes of the ids met (see the module doc), when there is a doorkeeper. */
  readonly #seen: Uint32Array | null;
  /** Visits of each id of `#seen` (up to 15), halved every `10 × capacity` visits. */
  readonly #counts: Uint8Array | null;
  #visits = 0;
  /** The old generation's ids in the order they went in: the next to push out first. */
  #oldOrder: string[] = [];
  #oldAt = 0;

  /**
   * Holds at most `capacity` entries. Without a doorkeeper, the `capacity / 2` most
   * recently used always stay; with one, see the module doc. `doorkeeper`: slots of the
   * table of ids met (a power of two; 0 = remember every chunk on its first visit).
   */
  constructor(readonly capacity = 8_000, options: { doorkeeper?: number } = {}) {
    const slots = options.doorkeeper ?? 0;
    if (slots & (slots - 1)) throw new RangeError("doorkeeper slots must be a power of two");
    this.#seen = slots > 0 ? new Uint32Array(slots) : null;
    this.#counts = slots > 0 ? new Uint8Array(slots) : null;
  }

  /**
   * The value for `hit` under `kind` (a language, say), computed by `compute` on a miss
   * and remembered (with a doorkeeper, from the chunk's second visit on, and once the
   * memo is full, only over a chunk visited less often).
   */
  get(kind: string, hit: QueryHit, compute: (hit: QueryHit) => V): V {
    // A chunk the doorkeeper has not met cannot be held: its first visit looks nothing up.
    const visits = this.#visit(hit.id);
    if (visits > 1) {
      const found = this.peek(kind, hit);
      if (found !== undefined) return found;
    }
    const value = compute(hit);
    if (visits > 1 && this.#admit(visits)) this.put(kind, hit, value);
    return value;
  }

  /**
   * Counts a visit of chunk `id`; returns its visits so far, this one included (always
   * 2, "met before", without a doorkeeper). A value is remembered from the second on.
   */
  #visit(id: string): number {
    const seen = this.#seen;
    const counts = this.#counts;
    if (!seen || !counts) return 2;
    if (++this.#visits >= 10 * this.capacity) {
      this.#visits = 0;
      for (let i = 0; i < counts.length; i++) counts[i] >>= 1;
    }
    const h = idHash(id);
    const slot = h & (seen.length - 1);
    if (seen[slot] === h) {
      // Met before, however long ago its count decayed.
      counts[slot] = Math.min(15, Math.max(1, counts[slot]) + 1);
      return counts[slot];
    }
    seen[slot] = h;
    counts[slot] = 1;
    return 1;
  }

  /** How often chunk `id` was visited, as the doorkeeper counts (0 when it has not met it). */
  #visitsOf(id: string): number {
    const h = idHash(id);
    const slot = h & (this.#seen!.length - 1);
    return this.#seen![slot] === h ? this.#counts![slot] : 0;
  }

  /**
   * Whether a chunk visited `visits` times is remembered: always while there is room (or
   * without a doorkeeper); in a full memo, only when it was visited more often than the
   * oldest chunk of the old generation, which then makes room.
   */
  #admit(visits: number): boolean {
    if (!this.#counts || this.size < this.capacity) return true;
    if (this.#old.size === 0) this.#roll();
    const order = this.#oldOrder;
    while (this.#oldAt < order.length && !this.#old.byId.has(order[this.#oldAt])) this.#oldAt++;
    const victim = order[this.#oldAt];
    if (victim === undefined) return true;
    if (visits <= this.#visitsOf(victim)) return false;
    this.#evict(victim);
    return true;
  }

  /** Drops every entry of chunk `id` from the old generation. */
  #evict(id: string): void {
    for (let e = this.#old.byId.get(id) ?? null; e; e = e.next) this.#old.size--;
    this.#old.byId.delete(id);
  }

  /** With a doorkeeper, a full memo drops the oldest chunk of its old generation. */
  #makeRoom(): void {
    if (this.#old.size === 0) this.#roll();
    const order = this.#oldOrder;
    while (this.#oldAt < order.length && !this.#old.byId.has(order[this.#oldAt])) this.#oldAt++;
    if (this.#oldAt < order.length) this.#evict(order[this.#oldAt]);
  }

  /** The young generation becomes the old one (whatever the old one still held is dropped). */
  #roll(): void {
    this.#old = this.#young;
    this.#young = new Generation();
    if (this.#counts) {
      this.#oldOrder = [...this.#old.byId.keys()];
      this.#oldAt = 0;
    }
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
    if (this.#counts && this.size >= this.capacity) this.#makeRoom();
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
    if (this.#young.size < Math.max(1, this.capacity / 2)) return;
    // With a doorkeeper the old generation empties entry by entry (see `#admit`) before
    // the young one takes its place; without one it is dropped whole.
    if (!this.#counts || this.#old.size === 0) this.#roll();
  }

  /** Forgets every entry, and which chunks were met. */
  clear(): void {
    this.#young = new Generation();
    this.#old = new Generation();
    this.#oldOrder = [];
    this.#oldAt = 0;
    this.#seen?.fill(0);
    this.#counts?.fill(0);
    this.#visits = 0;
  }

  /** Entries held. */
  get size(): number {
    return this.#young.size + this.#old.size;
  }
}
