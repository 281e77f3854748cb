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
 * When the store hands a hit back with its word digest (`chunk_digest.ts`, made at index
 * time), the sets are built from it — each word's term looked up, nothing segmented or
 * folded — so even a chunk's first visit costs a fraction of analyzing it.
 *
 * @module
 */
import { analyzeWords, termOf } from "../text/mod.ts";
import { readDigest } from "./chunk_digest.ts";
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

/** The process-wide memo the chat turn uses: the 5,000–10,000 chunks used last, ~5 KB each. */
export const chunkMemo: HitCache<ChunkWords> = new HitCache<ChunkWords>(10_000);

/** Forgets every chunk's sets (benchmarks measure first visits after it). */
export function forgetChunks(): void {
  chunkMemo.clear();
}

/** Marks a chunk's words part by part: 0 title, 1 heading, 2 text. */
class ChunkBuilder {
  readonly flags = new Map<string, number>();
  readonly title: string[] = [];
  readonly bodyWords: string[] = [];

  /** One word of part `part` (0 title, 1 heading, 2 text), with its term (null: a stopword). */
  add(part: number, word: string, term: string | null) {
    const own = term ?? word;
    let bits = term === null ? WORD : TERM | WORD;
    if (part === 2) bits |= BODY;
    if (term === word) bits |= FORM;
    const had = this.flags.get(own) ?? 0;
    if ((bits & ~had) !== 0) this.flags.set(own, had | bits);
    if ((bits & ~had & BODY) !== 0) this.bodyWords.push(own);
    if (term === null) return;
    if (part === 0) this.title.push(term);
    if (term !== word) {
      const form = this.flags.get(word) ?? 0;
      if ((form & FORM) === 0) this.flags.set(word, form | FORM);
    }
  }

  finish(): ChunkWords {
    const flags = this.flags;
    return {
      terms: new FlagView(flags, TERM),
      words: new FlagView(flags, WORD),
      forms: new FlagView(flags, FORM),
      body: new FlagView(flags, BODY),
      bodyWords: this.bodyWords,
      title: this.title,
    };
  }
}

function analyzeChunk(hit: QueryHit, lang: string): ChunkWords {
  const options = { lang, stemming: "light" as const };
  const chunk = new ChunkBuilder();
  const parts = [hit.metadata.title, hit.metadata.heading, hit.text];
  for (const [i, part] of parts.entries()) {
    for (const w of analyzeWords(part, options)) chunk.add(i, w.word, w.term);
  }
  return chunk.finish();
}

/** Light terms of folded words by language (null: a stopword), as `termOf` gives them. */
const lightTerms = new Map<string, Map<string, string | null>>();
const LIGHT_TERMS_SIZE = 100_000;

function lightTermsOf(lang: string): Map<string, string | null> {
  let terms = lightTerms.get(lang);
  if (!terms) lightTerms.set(lang, terms = new Map());
  return terms;
}

function lightTerm(terms: Map<string, string | null>, word: string, lang: string): string | null {
  let term = terms.get(word);
  if (term === undefined) {
    if (terms.size >= LIGHT_TERMS_SIZE) terms.clear();
    terms.set(word, term = termOf(word, lang, "light"));
  }
  return term;
}

/** A chunk's sets from a digest of its words; null when it cannot be read. */
function digestedChunk(digest: string, lang: string): ChunkWords | null {
  const words = readDigest(digest);
  if (!words) return null;
  const chunk = new ChunkBuilder();
  const terms = lightTermsOf(lang);
  for (const [i, part] of [words.title, words.heading, words.text].entries()) {
    for (const word of part) chunk.add(i, word, lightTerm(terms, word, lang));
  }
  return chunk.finish();
}

/** A chunk's sets: from the word digest the store keeps, else by analyzing it. */
function chunkWords(hit: QueryHit, lang: string): ChunkWords {
  const stored = hit.wordDigest ? digestedChunk(hit.wordDigest, lang) : null;
  return stored ?? analyzeChunk(hit, lang);
}

const onHit = new WeakMap<QueryHit, Map<string, ChunkWords>>();

/** Every word set of a chunk in `lang`, analyzed on first use and remembered. */
export function chunkWordSets(hit: QueryHit, lang: string): ChunkWords {
  // A turn asks for the same hit several times (re-ranking, de-duplication, the gate):
  // the hit object remembers its sets, sparing the memo's key.
  let byLang = onHit.get(hit);
  if (!byLang) onHit.set(hit, byLang = new Map());
  let words = byLang.get(lang);
  if (!words) {
    words = chunkMemo.get(lang, hit, (h) => chunkWords(h, lang));
    byLang.set(lang, words);
  }
  return words;
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
