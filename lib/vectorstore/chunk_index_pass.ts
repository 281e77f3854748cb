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
  type AnalyzedWord,
  analyzeWords,
  ChunkWordClasses,
  primaryLanguage,
  stemWord,
  UNDETERMINED,
  WordPlaces,
  writeWordDigest,
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
 * Term numbers of analyzed words (the analyzer's own word objects, one per surface form
 * and language) in one numbering's current generation: a word met again costs one
 * lookup instead of two (its full stem, then that stem's number).
 */
class WordNumbers {
  private readonly ids = new Map<AnalyzedWord, number>();
  private generation: number;

  constructor(private readonly numbering: TermNumbering) {
    this.generation = numbering.current;
  }

  /** The number of the full stem of `word` (a content word). */
  of(word: AnalyzedWord): number {
    if (this.numbering.current !== this.generation || this.ids.size >= WORD_NUMBERS_SIZE) {
      this.ids.clear();
      this.generation = this.numbering.current;
    }
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.numbering.id(fullStem(word.word, word.term!, word.lang));
      this.ids.set(word, id);
    }
    return id;
  }
}

const WORD_NUMBERS_SIZE = 200_000;
const wordNumbers = new WeakMap<TermNumbering, WordNumbers>();

function wordNumbersOf(numbering: TermNumbering): WordNumbers {
  let numbers = wordNumbers.get(numbering);
  if (!numbers) wordNumbers.set(numbering, numbers = new WordNumbers(numbering));
  return numbers;
}

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
  const number = (numbering ?? own)!;
  const numbers = wordNumbersOf(number);
  const scratch = number.scratch;
  const touched: number[] = [];
  let length = 0;
  const classes = new ChunkWordClasses();
  const places = new WordPlaces(text);
  const options = { lang: primary, stemming: "light" as const };
  const fields = [title, heading, text];
  for (let part = 0; part < 3; part++) {
    const weight = FIELD_WEIGHTS[part];
    const inText = part === 2;
    for (const analyzed of analyzeWords(fields[part], options)) {
      const { word, term } = analyzed;
      classes.add(part, word, term);
      if (inText) places.meet(word, term);
      if (term === null) continue;
      length++;
      const id = numbers.of(analyzed);
      if (scratch.get(id) === 0) touched.push(id);
      scratch.add(id, weight);
    }
  }
  const meta = { analyzer: DEFAULT_ANALYZER.version, lang, length };
  const analysis = takeAnalysis(number, touched, meta, own);
  return { digest: writeWordDigest(primary, classes, places), analysis };
}
