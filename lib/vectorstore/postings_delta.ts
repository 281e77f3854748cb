/**
 * The mutable side of the postings index: chunks written since the last merge, with
 * their postings uncompressed in growable typed arrays. A chunk written again replaces
 * its earlier entry; a deleted chunk is marked dead. `postings_merge.ts` folds the delta
 * into a new immutable segment.
 *
 * @module
 */
import { Growable } from "./growable.ts";
import { END } from "./postings_segment.ts";
import type { TermAnalyzer } from "./term_analyzer.ts";

/** Field weights of a chunk's weighted term frequency: (title, heading, text). */
export const FIELD_WEIGHTS = [3, 2, 1] as const;

/** A chunk's weighted term frequencies and analysed length. */
export interface ChunkTerms {
  counts: Map<string, number>;
  length: number;
}

/** Analyses a chunk's three fields: a title term counts triple, a heading term double. */
export function chunkTerms(
  analyzer: TermAnalyzer,
  title: string,
  heading: string,
  text: string,
): ChunkTerms {
  const counts = new Map<string, number>();
  let length = 0;
  const fields = [title, heading, text];
  for (let f = 0; f < 3; f++) {
    const weight = FIELD_WEIGHTS[f];
    for (const term of analyzer.analyze(fields[f])) {
      counts.set(term, (counts.get(term) ?? 0) + weight);
      length++;
    }
  }
  return { counts, length };
}

/** One term's postings in the delta. */
export interface DeltaList {
  docs: Growable<Uint32Array>;
  tfs: Growable<Uint16Array>;
  maxTf: number;
  minLen: number;
}

/** Chunks written since the last merge. Local document numbers count from 0. */
export class DeltaSegment {
  readonly seqs: number[] = [];
  readonly lengths: number[] = [];
  readonly dead = new Growable(Uint8Array);
  readonly lists = new Map<string, DeltaList>();
  /** Local document of each live seq. */
  private readonly live = new Map<number, number>();
  /** Analysed length of the live documents. */
  liveLength = 0;

  /** Live documents. */
  get liveCount(): number {
    return this.live.size;
  }

  /** Local document number of a live seq, or -1. */
  docOf(seq: number): number {
    return this.live.get(seq) ?? -1;
  }

  /** Adds (or replaces) the chunk `seq`. */
  add(seq: number, terms: ChunkTerms): void {
    this.remove(seq);
    const doc = this.seqs.length;
    const length = Math.min(terms.length, 0xffff);
    this.seqs.push(seq);
    this.lengths.push(length);
    this.dead.push(0);
    this.live.set(seq, doc);
    this.liveLength += length;
    for (const [term, count] of terms.counts) {
      let list = this.lists.get(term);
      if (!list) {
        list = {
          docs: new Growable(Uint32Array, 4),
          tfs: new Growable(Uint16Array, 4),
          maxTf: 0,
          minLen: 0xffff,
        };
        this.lists.set(term, list);
      }
      const tf = Math.min(count, 0xffff);
      list.docs.push(doc);
      list.tfs.push(tf);
      if (tf > list.maxTf) list.maxTf = tf;
      if (length < list.minLen) list.minLen = length;
    }
  }

  /** Marks the chunk `seq` dead; returns whether the delta held it. */
  remove(seq: number): boolean {
    const doc = this.live.get(seq);
    if (doc === undefined) return false;
    this.live.delete(seq);
    this.dead.array[doc] = 1;
    this.liveLength -= this.lengths[doc];
    return true;
  }
}

/** Walks one term's postings in the delta. */
export class DeltaCursor {
  doc = END;
  tf = 0;
  private i = -1;

  constructor(private readonly list: DeltaList) {
    this.next();
  }

  next(): void {
    const i = ++this.i;
    if (i < this.list.docs.length) {
      this.doc = this.list.docs.array[i];
      this.tf = this.list.tfs.array[i];
    } else {
      this.doc = END;
    }
  }

  advance(target: number): void {
    while (this.doc < target) this.next();
  }
}
