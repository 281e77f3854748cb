/**
 * A chunk's index terms computed ahead of the write — in a page worker of a dump ingest,
 * say — so the thread that writes the store need not analyze the chunk again. It rides
 * along with the chunk (`StoredChunk.analysis`): term numbers and weighted counts in
 * typed arrays, and a term list (`dictionary`) the numbers index.
 *
 * Why numbers: a term string that crosses threads arrives as a new string, whose hash
 * the index's term map must compute again and whose lookup compares characters. A
 * worker numbers its terms once ({@linkcode TermNumbering}) and sends each new term
 * once ({@linkcode TermNumbering.take}); the receiving thread keeps them in one list
 * ({@linkcode TermMirror}), so every chunk's terms are the same string objects, hashed
 * once. Both sides are bounded: a full numbering starts a new generation.
 *
 * The postings index takes an analysis in place of its own only when it was made by the
 * same analyzer version, in the language the chunk is stored in, and carries its
 * dictionary; the postings are then exactly those the index would have made (same terms
 * in the same order of first occurrence, same weighted counts and length).
 *
 * @module
 */
import { FIELD_WEIGHTS } from "./postings_delta.ts";
import type { TermAnalyzer } from "./term_analyzer.ts";

/** A chunk's analysis for the postings index, made ahead of the write. */
export interface ChunkAnalysis {
  /** `TermAnalyzer.version` of the analyzer that made it. */
  analyzer: string;
  /** Language the fields were analyzed in: the chunk's stored `lang` must be the same. */
  lang: string;
  /**
   * Distinct terms of title, heading and text in order of first occurrence, as indexes
   * into `dictionary`.
   */
  ids: Uint32Array;
  /** Weighted frequency of each term (title ×3, heading ×2, text ×1), in the same order. */
  counts: Uint32Array;
  /** Analysed length: the number of terms with duplicates. */
  length: number;
  /**
   * The terms `ids` number. Left out while the analysis crosses threads (the receiver
   * attaches its {@linkcode TermMirror}'s list); an analysis without it is not used.
   */
  dictionary?: readonly string[];
}

/** Numbers terms for {@linkcode ChunkAnalysis.ids} on the side that analyzes. */
export class TermNumbering {
  private readonly ids = new Map<string, number>();
  private fresh: string[] = [];
  private generation = 0;
  /** A count per term number, zero between analyses (see `analyzeChunk`). */
  readonly scratch = new Counts();

  /** @param max Terms numbered at most before a new generation starts (bounds memory). */
  constructor(private readonly max = 30_000) {}

  /** The current generation: numbers given in an earlier one are no longer valid. */
  get current(): number {
    return this.generation;
  }

  /** The number of `term` in the current generation. */
  id(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(term, id);
      this.fresh.push(term);
    }
    return id;
  }

  /**
   * The terms numbered since the last call, for the receiver's {@linkcode TermMirror},
   * with their generation. Call it once per message, after the message's analyses:
   * when the numbering is full, the next analyses start a new generation from 0.
   */
  take(): TermUpdate {
    const update = { generation: this.generation, terms: this.fresh };
    this.fresh = [];
    if (this.ids.size >= this.max) {
      this.ids.clear();
      this.generation++;
    }
    return update;
  }
}

/** Counts indexed by term number, growing as numbers do. */
class Counts {
  private array = new Uint32Array(1024);

  get(id: number): number {
    return id < this.array.length ? this.array[id] : 0;
  }

  add(id: number, count: number): void {
    if (id >= this.array.length) {
      const grown = new Uint32Array(Math.max(id + 1, this.array.length * 2));
      grown.set(this.array);
      this.array = grown;
    }
    this.array[id] += count;
  }

  /** Adds `count` to `id`'s; true when it was zero (the term is new to the chunk). */
  bump(id: number, count: number): boolean {
    if (id >= this.array.length) this.add(id, 0);
    const was = this.array[id];
    this.array[id] = was + count;
    return was === 0;
  }

  /** The count of `id`, reset to zero. */
  take(id: number): number {
    const count = this.array[id];
    this.array[id] = 0;
    return count;
  }
}

/** New terms of a {@linkcode TermNumbering}, in number order. */
export interface TermUpdate {
  generation: number;
  terms: string[];
}

/** The receiving side of a {@linkcode TermNumbering}: its terms by number. */
export class TermMirror {
  private generation = -1;
  private terms: string[] = [];

  /** Adds an update's terms (a new generation starts a new list); returns the list. */
  apply(update: TermUpdate): readonly string[] {
    if (update.generation !== this.generation) {
      this.generation = update.generation;
      this.terms = [];
    }
    for (const term of update.terms) this.terms.push(term);
    return this.terms;
  }
}

/**
 * Analyses a chunk's three fields as the postings index would at write time. With a
 * `numbering`, terms are numbered by it and the analysis has no dictionary (the
 * receiver attaches its mirror's); without, the dictionary is the chunk's own terms.
 *
 * @example
 * ```ts
 * import { analyzeChunk } from "./chunk_analysis.ts";
 * import { DEFAULT_ANALYZER } from "./term_analyzer.ts";
 * const a = analyzeChunk(DEFAULT_ANALYZER, "Rivers", "Rivers", "The rivers", "en");
 * console.assert(a.dictionary![a.ids[0]] === "riv" && a.counts[0] === 6 && a.length === 3);
 * ```
 */
export function analyzeChunk(
  analyzer: TermAnalyzer,
  title: string,
  heading: string,
  text: string,
  lang: string,
  numbering?: TermNumbering,
): ChunkAnalysis {
  const own = numbering ? null : new TermNumbering(Infinity);
  const number = (numbering ?? own)!;
  // Counted by term number, as the postings delta counts: no map per chunk.
  const scratch = number.scratch;
  const touched: number[] = [];
  let length = 0;
  const fields = [title, heading, text];
  const options = { lang };
  for (let f = 0; f < 3; f++) {
    const weight = FIELD_WEIGHTS[f];
    const terms = analyzer.analyze(fields[f], options);
    length += terms.length;
    for (let i = 0; i < terms.length; i++) {
      const id = number.id(terms[i]);
      if (scratch.get(id) === 0) touched.push(id);
      scratch.add(id, weight);
    }
  }
  return takeAnalysis(number, touched, { analyzer: analyzer.version, lang, length }, own);
}

/**
 * The analysis whose counts the first `size` of the `touched` term numbers (all, by
 * default) hold in `number.scratch` (which is left at zero), with `own`'s dictionary
 * when the numbering was the chunk's own.
 */
export function takeAnalysis(
  number: TermNumbering,
  touched: readonly number[],
  meta: { analyzer: string; lang: string; length: number },
  own: TermNumbering | null,
  size = touched.length,
): ChunkAnalysis {
  const ids = new Uint32Array(size);
  const counts = new Uint32Array(size);
  for (let i = 0; i < size; i++) {
    ids[i] = touched[i];
    counts[i] = number.scratch.take(touched[i]);
  }
  const analysis: ChunkAnalysis = { ...meta, ids, counts };
  if (own) analysis.dictionary = own.take().terms;
  return analysis;
}

/**
 * Whether `analysis` can stand in for analyzing a chunk stored in `lang` with
 * `analyzer`: same analyzer version, same language, a dictionary, a count per term.
 */
export function usableAnalysis(
  analysis: ChunkAnalysis | undefined,
  analyzer: TermAnalyzer,
  lang: string | null,
): analysis is ChunkAnalysis & { dictionary: readonly string[] } {
  if (
    analysis === undefined || analysis.analyzer !== analyzer.version ||
    analysis.lang !== lang || analysis.dictionary === undefined ||
    analysis.ids.length !== analysis.counts.length
  ) return false;
  const size = analysis.dictionary.length;
  for (const id of analysis.ids) if (id >= size) return false;
  return true;
}

/**
 * The analyses with their arrays moved into one buffer (views of it), so a page's
 * analyses cross threads as one block of memory rather than two arrays per chunk.
 */
export function packAnalyses(analyses: ChunkAnalysis[]): ChunkAnalysis[] {
  let total = 0;
  for (const a of analyses) total += a.ids.length + a.counts.length;
  const buffer = new Uint32Array(total);
  let at = 0;
  const place = (array: Uint32Array) => {
    buffer.set(array, at);
    const view = buffer.subarray(at, at + array.length);
    at += array.length;
    return view;
  };
  return analyses.map((a) => ({ ...a, ids: place(a.ids), counts: place(a.counts) }));
}

/** Gives every analysis the term list its numbers index (after crossing threads). */
export function attachDictionary(
  analyses: readonly (ChunkAnalysis | undefined)[],
  dictionary: readonly string[],
): void {
  for (const analysis of analyses) if (analysis) analysis.dictionary = dictionary;
}
