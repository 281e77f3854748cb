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
 * When the store hands a hit back with its word digest (`lib/text/word_digest.ts`, made at
 * index time in the chunk's language), the sets are read from it — nothing segmented,
 * folded or stemmed — so even a chunk's first visit costs a fraction of analyzing it.
 *
 * @module
 */
import { analyzeWords, ChunkWordClasses, visitWordDigest, WORD_CLASS } from "../text/mod.ts";
import type { QueryHit } from "../vectorstore/store.ts";
import { HashedWords } from "./hashed_words.ts";
import { HitCache } from "./hit_words.ts";

/** Membership in one of a chunk's word sets. */
export interface WordSet {
  has(word: string): boolean;
}

class FlagView implements WordSet {
  constructor(readonly flags: ReadonlyMap<string, number>, readonly mask: number) {}
  has(word: string): boolean {
    return ((this.flags.get(word) ?? 0) & this.mask) !== 0;
  }
}

class HashedView implements WordSet {
  constructor(readonly words: HashedWords, readonly mask: number) {}
  has(word: string): boolean {
    return this.words.has(word, this.mask);
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
  /** The distinct words of `body`. */
  readonly bodyWords: readonly string[];
  /** How many distinct words `body` holds. */
  bodySize: number;
  /** `analyze(title, { lang, stemming: "light" })`: the page title's terms, in order. */
  title: readonly string[];
  /** The sets as read from a word digest, when they were (likeness is then quicker). */
  hashed?: HashedWords;
}

/**
 * The process-wide memo the chat turn uses: the 4,000–8,000 chunks used last, ~5 KB each
 * when analyzed or read from a digest. A chunk is kept from its second visit (a
 * doorkeeper of 32,768 ids, 128 KB), so chunks met once cost the collector nothing and
 * the memo holds the ones that come back. (Keeping 10,000 on first visit, a serving
 * worker of `deno task bench server` found a quarter of its chunks there and completed
 * fewer streams than with no memo at all.) Once full, it keeps a chunk only over one
 * visited less often (`hit_words.ts`), so a working set larger than the memo does not
 * push every chunk out before it comes back.
 */
export const chunkMemo: HitCache<ChunkWords> = new HitCache<ChunkWords>(8_000, {
  doorkeeper: 32_768,
});

/** Forgets every chunk's sets (benchmarks measure first visits after it). */
export function forgetChunks(): void {
  chunkMemo.clear();
}

function analyzeChunk(hit: QueryHit, lang: string): ChunkWords {
  const options = { lang, stemming: "light" as const };
  const chunk = new ChunkWordClasses();
  const parts = [hit.metadata.title, hit.metadata.heading, hit.text];
  for (const [i, part] of parts.entries()) {
    for (const w of analyzeWords(part, options)) chunk.add(i, w.word, w.term);
  }
  const { flags } = chunk;
  return {
    terms: new FlagView(flags, WORD_CLASS.TERM),
    words: new FlagView(flags, WORD_CLASS.WORD),
    forms: new FlagView(flags, WORD_CLASS.FORM),
    body: new FlagView(flags, WORD_CLASS.BODY),
    bodyWords: chunk.bodyWords,
    bodySize: chunk.bodyWords.length,
    title: chunk.title,
  };
}

/** A chunk's sets from the word digest the store keeps; null when it cannot be read. */
function digestedChunk(digest: string, lang: string, text: string): ChunkWords | null {
  const hashed = new HashedWords(text);
  const title = visitWordDigest(digest, lang, text, hashed);
  if (!title || hashed.overflow) return null;
  hashed.finish();
  let bodyWords: string[] | null = null;
  return {
    terms: new HashedView(hashed, WORD_CLASS.TERM),
    words: new HashedView(hashed, WORD_CLASS.WORD),
    forms: new HashedView(hashed, WORD_CLASS.FORM),
    body: new HashedView(hashed, WORD_CLASS.BODY),
    get bodyWords() {
      return bodyWords ??= hashed.wordsOf(WORD_CLASS.BODY);
    },
    bodySize: hashed.count(WORD_CLASS.BODY),
    title,
    hashed,
  };
}

/** A chunk's sets: from the word digest the store keeps (made in `lang`), else analyzed. */
function chunkWords(hit: QueryHit, lang: string): ChunkWords {
  const stored = hit.wordDigest ? digestedChunk(hit.wordDigest, lang, hit.text) : null;
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
  const [small, large] = a.bodySize <= b.bodySize ? [a, b] : [b, a];
  if (large.bodySize === 0) return 1;
  let shared = 0;
  if (small.hashed && large.hashed) shared = small.hashed.shared(large.hashed, WORD_CLASS.BODY);
  else for (const w of small.bodyWords) if (large.body.has(w)) shared++;
  return shared / (a.bodySize + b.bodySize - shared);
}
