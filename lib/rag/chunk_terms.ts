/**
 * A chunk's title, heading and text analyzed once per language for every word set a turn
 * reads of it: its search terms (re-ranking), its words with stopwords kept as words (the
 * relevance gate), the folded surface forms of its content words (the re-ranker's
 * exact-form signal), the words of its text alone (de-duplication) and its title's terms
 * (does the question name the page). One `analyzeWords` pass over each of the title,
 * heading and text gives all of them, remembered together in the turn's chunk memo. Every
 * set is matched with questions or with other chunks' sets, so all are stemmed the
 * `"light"` way.
 *
 * The sets share one map from word to a bit mask of the sets holding it (a few KB a
 * chunk rather than four hash sets' ~10 KB), so the memo keeps several thousand chunks.
 *
 * @module
 */
import { analyzeWords } from "../text/mod.ts";
import type { QueryHit } from "../vectorstore/store.ts";
import { HitCache } from "./hit_words.ts";

/** Membership in one of a chunk's word sets. */
export interface WordSet {
  has(word: string): boolean;
}

const TERM = 1;
const WORD = 2;
const FORM = 4;
const BODY = 8;

class FlagView implements WordSet {
  constructor(readonly flags: ReadonlyMap<string, number>, readonly mask: number) {}
  has(word: string): boolean {
    return ((this.flags.get(word) ?? 0) & this.mask) !== 0;
  }
}

/** What a turn reads of one chunk, in one language. */
export interface ChunkWords {
  /** `new Set(analyze(title heading text, { lang, stemming: "light" }))`. */
  terms: WordSet;
  /** `termSet(title heading text, { lang, stemming: "light" })`: terms, and stopwords as words. */
  words: WordSet;
  /** The folded, unstemmed forms of the content words (stopwords left out). */
  forms: WordSet;
  /** `termSet(text, { lang, stemming: "light" })`: the text's own words, for likeness. */
  body: WordSet;
  /** The distinct words of `body`, in order of first use. */
  bodyWords: readonly string[];
  /** `analyze(title, { lang, stemming: "light" })`: the page title's terms, in order. */
  title: readonly string[];
}

/** The process-wide memo the chat turn uses (up to 10,000 chunks, ~5 KB each). */
export const chunkMemo: HitCache<ChunkWords> = new HitCache<ChunkWords>(10_000);

function analyzeChunk(hit: QueryHit, lang: string): ChunkWords {
  const options = { lang, stemming: "light" as const };
  const flags = new Map<string, number>();
  const mark = (word: string, bit: number) => flags.set(word, (flags.get(word) ?? 0) | bit);
  const title: string[] = [];
  const bodyWords: string[] = [];
  const parts = [hit.metadata.title, hit.metadata.heading, hit.text];
  for (const [i, part] of parts.entries()) {
    for (const w of analyzeWords(part, options)) {
      const word = w.term ?? w.word;
      if (i === 2 && ((flags.get(word) ?? 0) & BODY) === 0) {
        bodyWords.push(word);
        mark(word, BODY);
      }
      if (w.term === null) {
        mark(word, WORD);
        continue;
      }
      if (i === 0) title.push(w.term);
      mark(w.term, TERM | WORD);
      mark(w.word, FORM);
    }
  }
  return {
    terms: new FlagView(flags, TERM),
    words: new FlagView(flags, WORD),
    forms: new FlagView(flags, FORM),
    body: new FlagView(flags, BODY),
    bodyWords,
    title,
  };
}

/** Every word set of a chunk in `lang`, analyzed on first use and remembered. */
export function chunkWordSets(hit: QueryHit, lang: string): ChunkWords {
  return chunkMemo.get(lang, hit, (h) => analyzeChunk(h, lang));
}

/**
 * Jaccard similarity of two chunks' text words (1 when both are empty): how alike two
 * passages read, for telling near-duplicates apart.
 */
export function bodyLikeness(a: ChunkWords, b: ChunkWords): number {
  const [small, large] = a.bodyWords.length <= b.bodyWords.length ? [a, b] : [b, a];
  if (large.bodyWords.length === 0) return 1;
  let shared = 0;
  for (const w of small.bodyWords) if (large.body.has(w)) shared++;
  return shared / (a.bodyWords.length + b.bodyWords.length - shared);
}
