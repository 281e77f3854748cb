/**
 * A chunk's word digest and its postings analysis from one pass of the analyzer over
 * its title, heading and text, instead of two (`chunkWordDigest` with light stemming,
 * then `analyzeChunk` with full stemming). Both passes find the same words — the
 * segmenter, folding, each word's language and the stopword test do not depend on the
 * stemming — and differ only in the stem of a content word, so the full stem is made
 * from the word the light pass found (`stemWord(word, lang, "full")`, remembered per
 * word). The result is exactly what the two calls give (`chunk_index_pass_test.ts`).
 *
 * @module
 */
import {
  analyzeWords,
  DigestKeys,
  fastWordIds,
  KeyedDigest,
  primaryLanguage,
  stemWord,
  UNDETERMINED,
  type WordTableView,
} from "../text/mod.ts";
import { analyzeChunk, type ChunkAnalysis, takeAnalysis, TermNumbering } from "./chunk_analysis.ts";
import { FIELD_WEIGHTS } from "./postings_delta.ts";
import { DEFAULT_ANALYZER } from "./term_analyzer.ts";

/** A chunk's word digest (null when none can be made) and its analysis. */
export interface ChunkIndexWork {
  digest: string | null;
  analysis: ChunkAnalysis;
}

/** Full stems of English words by their light analysis's word (bounded). */
const fullStems = new Map<string, string>();
const FULL_STEMS_SIZE = 100_000;

/** The full (index) stem of a content word the light pass analyzed in `wordLang`. */
function fullStem(word: string, lightTerm: string, wordLang: string): string {
  // Only English stems lightly otherwise than fully (`stem.ts`).
  if (wordLang !== "en") return lightTerm;
  let stem = fullStems.get(word);
  if (stem === undefined) {
    stem = stemWord(word, wordLang, "full");
    if (fullStems.size >= FULL_STEMS_SIZE) fullStems.clear();
    fullStems.set(word, stem);
  }
  return stem;
}

/**
 * What this thread derived from each word of one analyzer table (`fastWordIds`), by
 * the word's number there: its digest keys and the number of its full stem. A word
 * met again costs array reads, no string work. Valid while the table's, the keys' and
 * the numbering's generations stay; reset when one changes.
 */
class WordNotes {
  private tableGeneration = -1;
  private keysGeneration = -1;
  private numbering: TermNumbering | null = null;
  private numberingGeneration = -1;
  /** 1 when `word` and `term` hold the word's keys. */
  known = new Uint8Array(0);
  word = new Int32Array(0);
  /** Key of the light term; -1 for a stopword. */
  term = new Int32Array(0);
  /** Number of the full stem in `numbering`; -1 not known yet. */
  number = new Int32Array(0);

  /** Brings the notes in step with `view` (after a scan), `keys` and `numbering`. */
  sync(view: WordTableView, numbering: TermNumbering | null): void {
    if (view.generation !== this.tableGeneration || digestKeys.generation !== this.keysGeneration) {
      this.known.fill(0);
      this.number.fill(-1);
      this.tableGeneration = view.generation;
      this.keysGeneration = digestKeys.generation;
    }
    if (numbering !== this.numbering || numbering?.current !== this.numberingGeneration) {
      this.number.fill(-1);
      this.numbering = numbering;
      this.numberingGeneration = numbering?.current ?? -1;
    }
    if (view.values.length > this.known.length) this.grow(view.values.length);
  }

  private grow(size: number): void {
    const length = Math.max(size, this.known.length * 2, 1024);
    const known = new Uint8Array(length), word = new Int32Array(length);
    const term = new Int32Array(length), number = new Int32Array(length).fill(-1);
    known.set(this.known), word.set(this.word), term.set(this.term), number.set(this.number);
    Object.assign(this, { known, word, term, number });
  }
}

/** This thread's digest keys and digest, and its notes per analyzer table. */
const digestKeys = new DigestKeys();
const digest = new KeyedDigest(digestKeys);
const notesByTable = new Map<WordTableView, WordNotes>();

function notesOf(view: WordTableView): WordNotes {
  let notes = notesByTable.get(view);
  if (!notes) notesByTable.set(view, notes = new WordNotes());
  return notes;
}

/** A chunk's postings counts while its words are met (see `analyzeChunk`). */
interface Tally {
  number: TermNumbering;
  touched: number[];
  length: number;
}

function count(tally: Tally, id: number, weight: number): void {
  const scratch = tally.number.scratch;
  if (scratch.get(id) === 0) tally.touched.push(id);
  scratch.add(id, weight);
  tally.length++;
}

/** One field's words, by their numbers in the analyzer's table; false when it has none. */
function fieldByNumbers(
  part: number,
  field: string,
  lang: string,
  tally: Tally,
  cached: boolean,
  ids: number[],
): boolean {
  ids.length = 0;
  const view = fastWordIds(field, lang, "light", ids);
  if (view === null) return false;
  const notes = notesOf(view);
  notes.sync(view, cached ? tally.number : null);
  const { known, word, term, number } = notes;
  const weight = FIELD_WEIGHTS[part];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (known[id] === 0) {
      const analyzed = view.values[id];
      word[id] = digestKeys.key(analyzed.word);
      term[id] = analyzed.term === null ? -1 : digestKeys.key(analyzed.term);
      known[id] = 1;
    }
    digest.add(part, word[id], term[id]);
    if (term[id] < 0) continue;
    let n = number[id];
    if (n < 0) {
      const analyzed = view.values[id];
      n = tally.number.id(fullStem(analyzed.word, analyzed.term!, analyzed.lang));
      if (cached) number[id] = n;
    }
    count(tally, n, weight);
  }
  return true;
}

/** One field's words as analyzed objects (texts the segmenter must cut). */
function fieldByWords(part: number, field: string, lang: string, tally: Tally): void {
  const weight = FIELD_WEIGHTS[part];
  for (const analyzed of analyzeWords(field, { lang, stemming: "light" })) {
    const { word, term } = analyzed;
    digest.add(part, digestKeys.key(word), term === null ? -1 : digestKeys.key(term));
    if (term !== null) count(tally, tally.number.id(fullStem(word, term, analyzed.lang)), weight);
  }
}

/** Word numbers of the field being analyzed (reused). */
const fieldIds: number[] = [];

/**
 * `chunkWordDigest({ title, heading, text, lang })` and
 * `analyzeChunk(DEFAULT_ANALYZER, title, heading, text, lang, numbering)` in one pass.
 *
 * @example
 * ```ts
 * import { chunkIndexWork } from "./chunk_index_pass.ts";
 * const { digest, analysis } = chunkIndexWork("Rivers", "Rivers", "The rivers", "en");
 * console.assert(digest !== null && analysis.dictionary![analysis.ids[0]] === "river");
 * ```
 */
export function chunkIndexWork(
  title: string,
  heading: string,
  text: string,
  lang: string,
  numbering?: TermNumbering,
): ChunkIndexWork {
  const primary = primaryLanguage(lang);
  if (primary === UNDETERMINED) {
    // No digest; each field's language is detected on its own, as analyzeChunk does.
    return {
      digest: null,
      analysis: analyzeChunk(DEFAULT_ANALYZER, title, heading, text, lang, numbering),
    };
  }
  const own = numbering ? null : new TermNumbering(Infinity);
  const tally: Tally = { number: (numbering ?? own)!, touched: [], length: 0 };
  digestKeys.begin();
  digest.begin(text);
  const fields = [title, heading, text];
  for (let part = 0; part < 3; part++) {
    if (!fieldByNumbers(part, fields[part], primary, tally, own === null, fieldIds)) {
      fieldByWords(part, fields[part], primary, tally);
    }
  }
  const meta = { analyzer: DEFAULT_ANALYZER.version, lang, length: tally.length };
  const analysis = takeAnalysis(tally.number, tally.touched, meta, own);
  return { digest: digest.write(primary), analysis };
}
