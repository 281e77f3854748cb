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
import type { ChunkAnalysis } from "./chunk_analysis.ts";

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
  /** Weighted frequency of each term in the chunk being added (0 elsewhere). */
  private scratch = new Uint32Array(1024);
  /** Terms of the chunk being added, in order of first occurrence. */
  private readonly touched: number[] = [];
  /** How many of `touched` belong to the chunk being added (written by count: the list
   * keeps its room from chunk to chunk). */
  private touchedCount = 0;
  /** Term numbers by dictionary (see `dictionaryTerms`). */
  private readonly byDictionary = new Map<readonly string[], Int32Array>();
  /** Local document of each live seq. */
  private readonly live = new Map<number, number>();
  /** Analysed length of the live documents. */
  liveLength = 0;

  /** Live documents. */
  get liveCount(): number {
    return this.live.size;
  }

  /** Postings held (of dead documents too): what the delta's memory grows with. */
  get postings(): number {
    return this.tripleTerm.length;
  }

  /** Every term with postings in the delta. */
  terms(): readonly string[] {
    return this.termList;
  }

  /** Adds (or replaces) the chunk `seq`. */
  add(seq: number, terms: ChunkTerms): void {
    const touched = this.touched;
    this.touchedCount = 0;
    for (const [term, count] of terms.counts) {
      const t = this.termId(term);
      touched[this.touchedCount++] = t;
      this.scratch[t] = count;
    }
    this.insert(seq, terms.length);
  }

  /**
   * Adds (or replaces) the chunk `seq` from an analysis made ahead (`chunk_analysis.ts`),
   * as `addChunk` would from the same fields: the terms arrive in order of first
   * occurrence with their weighted counts, so term numbers and postings are the same.
   */
  addAnalysis(seq: number, analysis: ChunkAnalysis & { dictionary: readonly string[] }): void {
    const touched = this.touched;
    this.touchedCount = 0;
    const { ids, counts, dictionary } = analysis;
    let known = this.dictionaryTerms(dictionary);
    for (let i = 0; i < ids.length; i++) {
      const d = ids[i];
      if (d >= known.length) known = this.dictionaryTerms(dictionary, d + 1);
      let t = known[d];
      if (t < 0) {
        const term = dictionary[d];
        if (term === undefined) throw new Error(`analysis of chunk ${seq}: unknown term ${d}`);
        t = known[d] = this.termId(term);
      }
      if (this.scratch[t] === 0) touched[this.touchedCount++] = t;
      this.scratch[t] += counts[i];
    }
    this.insert(seq, analysis.length);
  }

  /**
   * This delta's term numbers of a dictionary's terms by their index there (-1: not
   * looked up yet), at least `size` long: analyses made ahead share a few dictionaries
   * (one per worker and generation), so a term costs one map look-up per dictionary,
   * not one per chunk. A dictionary only ever grows at its end, as a `TermMirror`'s
   * list does (a new generation is a new list).
   */
  private dictionaryTerms(dictionary: readonly string[], size = dictionary.length): Int32Array {
    let known = this.byDictionary.get(dictionary);
    if (known === undefined || known.length < size) {
      const grown = new Int32Array(Math.max(size, 2 * (known?.length ?? 0))).fill(-1);
      if (known) grown.set(known);
      // A few dictionaries are in use at a time; forget the older ones.
      if (!known && this.byDictionary.size >= 16) this.byDictionary.clear();
      this.byDictionary.set(dictionary, known = grown);
    }
    return known;
  }

  /**
   * Analyses a chunk's three fields in its language and adds (or replaces) it, as
   * `add(seq, chunkTerms(…))` would, counting by term number instead of in a map.
   */
  addChunk(
    seq: number,
    analyzer: TermAnalyzer,
    title: string,
    heading: string,
    text: string,
    lang?: string,
  ): void {
    const touched = this.touched;
    this.touchedCount = 0;
    let length = 0;
    const options = { lang };
    for (let f = 0; f < 3; f++) {
      const weight = FIELD_WEIGHTS[f];
      const terms = analyzer.analyze(f === 0 ? title : f === 1 ? heading : text, options);
      length += terms.length;
      for (let i = 0; i < terms.length; i++) {
        const t = this.termId(terms[i]);
        if (this.scratch[t] === 0) touched[this.touchedCount++] = t;
        this.scratch[t] += weight;
      }
    }
    this.insert(seq, length);
  }

  /** The number of `term`, new terms numbered in order of arrival. */
  private termId(term: string): number {
    const known = this.termIds.get(term);
    if (known !== undefined) return known;
    const t = this.termList.push(term) - 1;
    this.termIds.set(term, t);
    this.maxTf.push(0);
    this.minLen.push(0xffff);
    if (t >= this.scratch.length) {
      const grown = new Uint32Array(Math.max(1024, this.scratch.length * 2));
      grown.set(this.scratch);
      this.scratch = grown;
    }
    return t;
  }

  /** Adds `seq` with the weighted frequencies of the touched terms (then clears them). */
  private insert(seq: number, analysedLength: number): void {
    this.remove(seq);
    const doc = this.seqs.length;
    const length = Math.min(analysedLength, 0xffff);
    this.seqs.push(seq);
    this.lengths.push(length);
    this.dead.push(0);
    this.live.set(seq, doc);
    this.liveLength += length;
    this.grouped = null;
    const touched = this.touched, scratch = this.scratch, n = this.touchedCount;
    const at = this.tripleTerm.length;
    this.tripleTerm.grow(at + n);
    this.tripleDoc.grow(at + n);
    this.tripleTf.grow(at + n);
    this.tripleTerm.length = this.tripleDoc.length = this.tripleTf.length = at + n;
    const terms = this.tripleTerm.array, docs = this.tripleDoc.array, tfs = this.tripleTf.array;
    const maxTf = this.maxTf.array, minLen = this.minLen.array;
    for (let i = 0; i < n; i++) {
      const t = touched[i];
      const tf = Math.min(scratch[t], 0xffff);
      scratch[t] = 0;
      terms[at + i] = t;
      docs[at + i] = doc;
      tfs[at + i] = tf;
      if (tf > maxTf[t]) maxTf[t] = tf;
      if (length < minLen[t]) minLen[t] = length;
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

  /** Blocks of `blockSize` postings its terms' lists fill at most, each started apart. */
  blocks(blockSize: number): number {
    const start = this.group().start;
    let blocks = 0;
    for (let t = 0; t + 1 < start.length; t++) {
      blocks += Math.ceil((start[t + 1] - start[t]) / blockSize);
    }
    return blocks;
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
