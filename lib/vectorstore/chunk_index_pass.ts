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
  type WordIdList,
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
const FULL_STEMS_SIZE = 32_000;

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
  /**
   * Per word, side by side (one cache line, since a rare word's notes are read cold):
   * the key of its folded form (-1: no notes yet), the key of its light term (-1: a
   * stopword), the number of its full stem (-1: not known yet), a spare.
   */
  records = new Int32Array(0);

  /** Brings the notes in step with `view` (after a scan), `keys` and `numbering`. */
  sync(view: WordTableView, numbering: TermNumbering | null): void {
    // (null: the chunk's own numbering, whose numbers are not kept; the notes keep
    // those of the last shared numbering.)
    if (view.generation !== this.tableGeneration || digestKeys.generation !== this.keysGeneration) {
      this.records.fill(-1);
      this.tableGeneration = view.generation;
      this.keysGeneration = digestKeys.generation;
    }
    if (
      numbering !== null &&
      (numbering !== this.numbering || numbering.current !== this.numberingGeneration)
    ) {
      for (let at = NUMBER; at < this.records.length; at += NOTE) this.records[at] = -1;
      this.numbering = numbering;
      this.numberingGeneration = numbering.current;
    }
    if (view.values.length * NOTE > this.records.length) {
      const grown = new Int32Array(Math.max(view.values.length, 1024) * NOTE * 2).fill(-1);
      grown.set(this.records);
      this.records = grown;
    }
  }
}

/** Ints per word in `WordNotes.records`, and where each note sits. */
const NOTE = 4, WORD = 0, TERM = 1, NUMBER = 2;

/** This thread's digest keys and digest, and its notes per analyzer table. */
const digestKeys = new DigestKeys();
const digest = new KeyedDigest(digestKeys);
const notesByTable = new Map<WordTableView, WordNotes>();

function notesOf(view: WordTableView): WordNotes {
  let notes = notesByTable.get(view);
  if (!notes) notesByTable.set(view, notes = new WordNotes());
  return notes;
}

/**
 * A chunk's postings counts while its words are met (see `analyzeChunk`): the term
 * numbers met, `touched[0, size)` (the list is reused, written by count).
 */
interface Tally {
  number: TermNumbering;
  touched: number[];
  size: number;
  length: number;
}

function count(tally: Tally, id: number, weight: number): void {
  if (tally.number.scratch.bump(id, weight)) tally.touched[tally.size++] = id;
  tally.length++;
}

/** The tally's term list, reused from chunk to chunk. */
const touchedTerms: number[] = [];

/** One field's words, by their numbers in the analyzer's table; false when it has none. */
function fieldByNumbers(
  part: number,
  field: string,
  lang: string,
  tally: Tally,
  cached: boolean,
  words: WordIdList,
): boolean {
  words.count = 0;
  const view = fastWordIds(field, lang, "light", words);
  if (view === null) return false;
  const notes = notesOf(view);
  notes.sync(view, cached ? tally.number : null);
  const records = notes.records;
  const weight = FIELD_WEIGHTS[part];
  const ids = words.list;
  for (let i = 0; i < words.count; i++) {
    const at = ids[i] * NOTE;
    if (records[at + WORD] < 0) {
      const analyzed = view.values[ids[i]];
      records[at + WORD] = digestKeys.key(analyzed.word);
      records[at + TERM] = analyzed.term === null ? -1 : digestKeys.key(analyzed.term);
    }
    const term = records[at + TERM];
    digest.add(part, records[at + WORD], term);
    if (term < 0) continue;
    let n = cached ? records[at + NUMBER] : -1;
    if (n < 0) {
      const analyzed = view.values[ids[i]];
      n = tally.number.id(fullStem(analyzed.word, analyzed.term!, analyzed.lang));
      if (cached) records[at + NUMBER] = n;
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
const fieldIds: WordIdList = { list: [], count: 0 };

/**
 * `chunkWordDigest({ title, heading, text, lang })` and
 * `analyzeChunk(DEFAULT_ANALYZER, title, heading, text, lang, numbering)` in one pass.
 *
 * @example
 * ```ts
 * import { chunkIndexWork } from "./chunk_index_pass.ts";
 * const { digest, analysis } = chunkIndexWork("Rivers", "Rivers", "The rivers", "en");
 * console.assert(digest !== null && analysis.dictionary![analysis.ids[0]] === "riv");
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
  const tally: Tally = { number: (numbering ?? own)!, touched: touchedTerms, size: 0, length: 0 };
  digestKeys.begin();
  digest.begin(text);
  const fields = [title, heading, text];
  for (let part = 0; part < 3; part++) {
    if (!fieldByNumbers(part, fields[part], primary, tally, own === null, fieldIds)) {
      fieldByWords(part, fields[part], primary, tally);
    }
  }
  const meta = { analyzer: DEFAULT_ANALYZER.version, lang, length: tally.length };
  const analysis = takeAnalysis(tally.number, tally.touched, meta, own, tally.size);
  return { digest: digest.write(primary), analysis };
}
