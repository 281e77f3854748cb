/**
 * Deleted chunks left out of BM25's document frequencies. A chunk deleted (or replaced)
 * since the last merge stays in the segment's postings, marked deleted, until the delta
 * is merged; its postings are skipped, but a term's stored document frequency still
 * counts it. This counts, per query term, the deleted documents its list holds — in
 * the segment by probing the term's list at each deleted document (or by walking the
 * list when deletions outnumber it), in the delta by its dead marks — so the index
 * scores as if it had just been merged. Counts are kept until the next deletion.
 *
 * @module
 */
import type { DeltaList } from "./postings_delta.ts";
import { END, type Segment, SegmentCursor } from "./postings_segment.ts";

/** Deleted documents of a segment (and dead ones of a delta) with per-term counts. */
export class DeletedDocs {
  /** Deleted document numbers of the segment, in order of deletion. */
  private docs: number[] = [];
  private sorted = true;
  private readonly perTerm = new Map<string, number>();
  /** Dead documents of the delta when `perTerm` was counted. */
  private deltaDead = 0;

  /** How many segment documents are marked deleted. */
  get count(): number {
    return this.docs.length;
  }

  /** Marks segment document `doc` deleted (once). */
  add(doc: number): void {
    if (this.docs.length > 0 && doc < this.docs[this.docs.length - 1]) this.sorted = false;
    this.docs.push(doc);
    this.perTerm.clear();
  }

  /** Forgets every deletion (after a merge, a reload or a reset). */
  reset(): void {
    this.docs = [];
    this.sorted = true;
    this.deltaDead = 0;
    this.perTerm.clear();
  }

  /**
   * Deleted documents holding `term`: in `segment` (its term number `t`, if any; its
   * documents marked in `deleted`) and among the delta's `list` (marked in `dead`, of
   * `deltaDead` dead documents in all).
   */
  countIn(
    term: string,
    segment: Segment,
    t: number | undefined,
    deleted: Uint8Array,
    delta: { list: DeltaList | undefined; dead: Uint8Array; deadCount: number },
  ): number {
    if (delta.deadCount !== this.deltaDead) {
      this.deltaDead = delta.deadCount;
      this.perTerm.clear();
    }
    const { list, dead } = delta;
    const known = this.perTerm.get(term);
    if (known !== undefined) return known;
    let n = t === undefined ? 0 : this.inSegment(segment, t, deleted);
    if (list) { for (const doc of list.docs) n += dead[doc]; }
    if (this.perTerm.size >= 4_096) this.perTerm.clear();
    this.perTerm.set(term, n);
    return n;
  }

  private inSegment(segment: Segment, t: number, deleted: Uint8Array): number {
    if (this.docs.length === 0) return 0;
    if (!this.sorted) {
      this.docs.sort((a, b) => a - b);
      this.sorted = true;
    }
    const cursor = new SegmentCursor(segment, t);
    let n = 0;
    if (this.docs.length * 8 < segment.a.df[t]) {
      // Few deletions: probe the list at each, skipping whole blocks between them.
      for (const doc of this.docs) {
        cursor.advance(doc);
        if (cursor.doc === END) break;
        if (cursor.doc === doc) n++;
      }
    } else {
      for (; cursor.doc !== END; cursor.next()) n += deleted[cursor.doc];
    }
    return n;
  }
}
