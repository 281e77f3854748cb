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

/**
 * Analyses a chunk's three fields in its language: a title term counts triple, a heading
 * term double.
 */
export function chunkTerms(
  analyzer: TermAnalyzer,
  title: string,
  heading: string,
  text: string,
  lang?: string,
): ChunkTerms {
  const counts = new Map<string, number>();
  let length = 0;
  const fields = [title, heading, text];
  const options = { lang };
  for (let f = 0; f < 3; f++) {
    const weight = FIELD_WEIGHTS[f];
    for (const term of analyzer.analyze(fields[f], options)) {
      counts.set(term, (counts.get(term) ?? 0) + weight);
      length++;
    }
  }
  return { counts, length };
}

/** One term's postings in the delta: documents ascending, with their frequencies. */
export interface DeltaList {
  docs: Uint32Array;
  tfs: Uint16Array;
  maxTf: number;
  minLen: number;
}

/**
 * Chunks written since the last merge. Local document numbers count from 0. Postings
 * are appended as (term, doc, tf) triples — no per-term allocation while indexing — and
 * grouped by term (a stable counting sort) the first time search or merge asks.
 */
export class DeltaSegment {
  readonly seqs: number[] = [];
  readonly lengths: number[] = [];
  readonly dead = new Growable(Uint8Array);
  private readonly termIds = new Map<string, number>();
  private readonly termList: string[] = [];
  private readonly maxTf = new Growable(Uint16Array);
  private readonly minLen = new Growable(Uint16Array);
  private readonly tripleTerm = new Growable(Uint32Array, 1024);
  private readonly tripleDoc = new Growable(Uint32Array, 1024);
  private readonly tripleTf = new Growable(Uint16Array, 1024);
  private grouped: { start: Uint32Array; docs: Uint32Array; tfs: Uint16Array } | null = null;
  /** Local document of each live seq. */
  private readonly live = new Map<number, number>();
  /** Analysed length of the live documents. */
  liveLength = 0;

  /** Live documents. */
  get liveCount(): number {
    return this.live.size;
  }

  /** Every term with postings in the delta. */
  terms(): readonly string[] {
    return this.termList;
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
    this.grouped = null;
    for (const [term, count] of terms.counts) {
      let t = this.termIds.get(term);
      if (t === undefined) {
        t = this.termList.push(term) - 1;
        this.termIds.set(term, t);
        this.maxTf.push(0);
        this.minLen.push(0xffff);
      }
      const tf = Math.min(count, 0xffff);
      this.tripleTerm.push(t);
      this.tripleDoc.push(doc);
      this.tripleTf.push(tf);
      if (tf > this.maxTf.array[t]) this.maxTf.array[t] = tf;
      if (length < this.minLen.array[t]) this.minLen.array[t] = length;
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

  /** The postings of `term` (dead documents included), or undefined. */
  list(term: string): DeltaList | undefined {
    const t = this.termIds.get(term);
    if (t === undefined) return undefined;
    const g = this.group();
    return {
      docs: g.docs.subarray(g.start[t], g.start[t + 1]),
      tfs: g.tfs.subarray(g.start[t], g.start[t + 1]),
      maxTf: this.maxTf.array[t],
      minLen: this.minLen.array[t],
    };
  }

  private group() {
    if (this.grouped) return this.grouped;
    const n = this.tripleTerm.length;
    const terms = this.tripleTerm.array, docs = this.tripleDoc.array, tfs = this.tripleTf.array;
    const start = new Uint32Array(this.termList.length + 1);
    for (let i = 0; i < n; i++) start[terms[i] + 1]++;
    for (let t = 1; t < start.length; t++) start[t] += start[t - 1];
    const fill = start.slice(0, -1);
    const outDocs = new Uint32Array(n), outTfs = new Uint16Array(n);
    for (let i = 0; i < n; i++) {
      const at = fill[terms[i]]++;
      outDocs[at] = docs[i];
      outTfs[at] = tfs[i];
    }
    return this.grouped = { start, docs: outDocs, tfs: outTfs };
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
      this.doc = this.list.docs[i];
      this.tf = this.list.tfs[i];
    } else {
      this.doc = END;
    }
  }

  advance(target: number): void {
    while (this.doc < target) this.next();
  }
}
