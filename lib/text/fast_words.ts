/**
 * The analyzer's fast path for text of spaced scripts (English, the other Latin-script
 * languages, Cyrillic, Greek, Korean…): the same words and terms as the reference path
 * (`text.normalize("NFKC")`, the `WORD` regular expression, then each word through
 * `word_terms.ts`), found without normalizing or matching the whole text.
 *
 * Why it gives the same words: the text is cut into tokens at the ASCII characters that
 * are neither letters, digits nor the apostrophe — no word contains them, and no
 * normalization joins them with a neighbour (every ASCII character but the letters and
 * `<` `=` `>` is stable under NFKC, whatever precedes or follows it) — and at the
 * punctuation past ASCII of which the same holds (dashes, curly quotes, NBSP). A token of ASCII
 * letters, digits and apostrophes, and of Latin-1 and Latin Extended letters that are
 * their own NFKC form ("Größe", "cœur": starters, which nothing joins), is its own normal
 * form and its words are found by a char-code loop; any other token is normalized and
 * matched as the reference does. When
 * a normalized token holds an unspaced script (Han, kana, Thai…), the reference runs the
 * dictionary segmenter over the whole text instead, so the fast path gives up.
 *
 * Words are remembered per language and stemming mode (bounded; a vocabulary repeats,
 * stemming is dear).
 *
 * @module
 */
import { type AnalyzedWord, analyzePiece, splitMixed, type Stemming } from "./word_terms.ts";

/** Scripts written without spaces between words (as `segment.ts` tests them). */
const UNSPACED_SCRIPT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** A word of a spaced script, as `segment.ts` matches it. */
const WORD = /[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*/gu;

const APOSTROPHE = 0x27;

/** Code units below this are classed by {@linkcode CLASS}. */
const CLASSED = 0x250;
/** General punctuation (dashes, quotes, spaces), classed by {@linkcode PUNCTUATION}. */
const PUNCTUATION_FROM = 0x2000, PUNCTUATION_TO = 0x2070;

/**
 * Per code unit below U+0250: 1 a word character read in place (an ASCII letter or
 * digit, or a Latin-1 or Latin Extended letter that is its own NFKC form and composes
 * with nothing — "é", "ß", "œ", not "ĳ" or "ſ"), 2 inside a token but no word character,
 * 0 a cut, 3 any other character: its token is normalized and matched.
 */
const CLASS = new Uint8Array(CLASSED);
/** The same classes for {@linkcode PUNCTUATION_FROM}–{@linkcode PUNCTUATION_TO}: 0 or 3. */
const PUNCTUATION = new Uint8Array(PUNCTUATION_TO - PUNCTUATION_FROM);

/**
 * Characters past ASCII that cut like its spaces and signs: neither they nor their NFKC
 * forms hold a letter, digit, mark, apostrophe or `<` `=` `>` (which a following U+0338
 * joins), so no word holds them and no normalization joins them with a neighbour:
 * NBSP, «», ¡¿, °, ×, the dashes, curly quotes, spaces and bullets of general
 * punctuation, "›" — not "’", which joins a word's letters, nor "´" or "‾", whose NFKC
 * forms hold a mark.
 */
const CUTS_WITH = /[\p{L}\p{N}\p{M}'’<=>]/u;
const cuts = (ch: string) => !CUTS_WITH.test(ch) && !CUTS_WITH.test(ch.normalize("NFKC"));

for (let c = 0; c < CLASSED; c++) {
  const ch = String.fromCharCode(c);
  const alnum = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  if (c < 0x80) {
    CLASS[c] = alnum ? 1 : c === APOSTROPHE || c === 0x3c || c === 0x3d || c === 0x3e ? 2 : 0;
  } else if (/\p{L}/u.test(ch)) CLASS[c] = ch.normalize("NFKC") === ch ? 1 : 3;
  else CLASS[c] = cuts(ch) ? 0 : 3;
}
for (let c = PUNCTUATION_FROM; c < PUNCTUATION_TO; c++) {
  PUNCTUATION[c - PUNCTUATION_FROM] = cuts(String.fromCharCode(c)) ? 0 : 3;
}

/** The class of code unit `c` (see {@linkcode CLASS}). */
function classOf(c: number): number {
  if (c < CLASSED) return CLASS[c];
  return c >= PUNCTUATION_FROM && c < PUNCTUATION_TO ? PUNCTUATION[c - PUNCTUATION_FROM] : 3;
}

/** A piece that folds to nothing (marks alone). */
const EMPTY: Readonly<AnalyzedWord> = Object.freeze({ word: "", term: null, lang: "" });

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;

/**
 * Analyzed words by surface form, for one language and stemming mode: open addressing
 * over char codes, so a word already seen is found without cutting it out of the text.
 * Each slot holds a word's hash and number; the words' characters sit in a pool of char
 * codes, found by number: a word is found reading a slot, its span and the pool, not an
 * array of strings and a string. The words are numbered in order of arrival, so the
 * common words of Zipf text, met first, sit close together (only the slots are spread).
 * Grows by doubling, and starts over before a scan once it holds half of
 * {@linkcode MAX_SIZE} words (a bounded memo: the common words soon return).
 */
class WordTable {
  /** Per slot: the word's FNV-1a hash (never 0; 0 marks a free slot), its number + 1. */
  private slots = new Int32Array(SLOT * FIRST_SIZE);
  private mask = FIRST_SIZE - 1;
  private pool = new Uint16Array(8 * FIRST_SIZE);
  private pooled = 0;
  /** Each word's analysis, and its term alone (read without touching the analysis). */
  values: Readonly<AnalyzedWord>[] = [];
  terms: (string | null)[] = [];
  /** Per word (in order of arrival, so the common ones share cache lines): the start
   * and length of its characters in `pool`. */
  private spans = new Int32Array(2 * FIRST_SIZE);
  /** 1 for a word that folds to nothing (EMPTY): no word of the text. */
  empty = new Uint8Array(FIRST_SIZE);
  /** Counts the times the table forgot its words (and its word numbers changed). */
  generation = 0;

  constructor(readonly lang: string, readonly stemming: Stemming) {}

  /**
   * The number of the word `text[start, end)` (whose hash, never 0, is `hash`),
   * analysing it first when it is new; valid until the next `begin`.
   */
  find(text: string, start: number, end: number, hash: number): number {
    const length = end - start;
    const { slots, mask, pool, spans } = this;
    let slot = hash & mask;
    for (let h = slots[SLOT * slot]; h !== 0; h = slots[SLOT * slot]) {
      if (h === hash) {
        const id = slots[SLOT * slot + 1] - 1;
        if (spans[2 * id + 1] === length) {
          const from = spans[2 * id];
          let j = 0;
          while (j < length && pool[from + j] === text.charCodeAt(start + j)) j++;
          if (j === length) return id;
        }
      }
      slot = (slot + 1) & mask;
    }
    return this.add(text.slice(start, end), hash, slot);
  }

  private add(piece: string, hash: number, slot: number): number {
    const analyzed = analyzePiece(piece, this.lang, this.stemming) ?? EMPTY;
    const id = this.values.length;
    if (id >= (this.mask + 1) / 2) {
      // Grows even past MAX_SIZE: word numbers stay valid until the scan ends (`begin`).
      this.rehash((this.mask + 1) * 2);
      slot = this.free(hash);
    }
    if (this.pooled + piece.length > this.pool.length) {
      const pool = new Uint16Array(Math.max(2 * this.pool.length, this.pooled + piece.length));
      pool.set(this.pool);
      this.pool = pool;
    }
    for (let j = 0; j < piece.length; j++) this.pool[this.pooled + j] = piece.charCodeAt(j);
    if (id >= this.empty.length) {
      const empty = new Uint8Array(2 * this.empty.length);
      empty.set(this.empty);
      this.empty = empty;
      const spans = new Int32Array(2 * empty.length);
      spans.set(this.spans);
      this.spans = spans;
    }
    this.spans[2 * id] = this.pooled;
    this.spans[2 * id + 1] = piece.length;
    this.empty[id] = analyzed === EMPTY ? 1 : 0;
    this.values.push(analyzed);
    this.terms.push(analyzed.term);
    this.slots[SLOT * slot] = hash;
    this.slots[SLOT * slot + 1] = id + 1;
    this.pooled += piece.length;
    return id;
  }

  /** The first free slot for `hash`. */
  private free(hash: number): number {
    let slot = hash & this.mask;
    while (this.slots[SLOT * slot] !== 0) slot = (slot + 1) & this.mask;
    return slot;
  }

  /** Spreads the words over `size` slots. */
  private rehash(size: number): void {
    const old = this.slots;
    this.slots = new Int32Array(SLOT * size);
    this.mask = size - 1;
    for (let i = 0; i < old.length; i += SLOT) {
      if (old[i] === 0) continue;
      this.slots.set(old.subarray(i, i + SLOT), SLOT * this.free(old[i]));
    }
  }

  /**
   * Called before each scan: forgets every word once the table holds as many as it
   * keeps (so word numbers change only between scans, and `generation` says when).
   */
  begin(): this {
    if (this.values.length < MAX_SIZE / 2) return this;
    this.slots = new Int32Array(SLOT * MAX_SIZE);
    this.mask = MAX_SIZE - 1;
    this.pooled = 0;
    this.values = [];
    this.terms = [];
    this.generation++;
    return this;
  }
}

/** Ints per slot of a `WordTable`. */
const SLOT = 2;

/**
 * Slots a table starts with, and the most it grows to (powers of two, half filled):
 * 32,768 words, a lore wiki's working vocabulary. A dump whose pages keep bringing new
 * names fills it again and again; it then starts over rather than holding them all (at
 * 65,536 words the page worker held ~20 MB more on a dump with 100 new words a page,
 * for no CPU measurably saved).
 */
const FIRST_SIZE = 1 << 10;
const MAX_SIZE = 1 << 16;

const tables = new Map<string, WordTable>();

let lastTable: WordTable | null = null;

function tableFor(lang: string, stemming: Stemming): WordTable {
  // Texts come in runs of one language (a chunk's fields, a page's chunks).
  if (lastTable !== null && lastTable.lang === lang && lastTable.stemming === stemming) {
    return lastTable;
  }
  const key = stemming === "light" ? `${lang}\u0001` : lang;
  let table = tables.get(key);
  if (!table) tables.set(key, table = new WordTable(lang, stemming));
  return lastTable = table;
}

/** FNV-1a over the char codes of `piece`, as the ASCII scan computes it; never 0. */
function hashOf(piece: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < piece.length; i++) h = Math.imul(h ^ piece.charCodeAt(i), FNV_PRIME);
  return h || 1;
}

/**
 * Appends the analyzed words of `text` (in language `lang`) to `out`, stopwords included
 * and in order, as the reference path would; returns false, leaving `out` partly filled,
 * when the text needs the dictionary segmenter.
 */
export function fastWords(
  text: string,
  lang: string,
  stemming: Stemming,
  out: Readonly<AnalyzedWord>[],
): boolean {
  return scanInto(text, tableFor(lang, stemming).begin(), out, VALUES);
}

/**
 * Appends the terms of `text` (stopwords left out) to `out`, as {@linkcode fastWords}
 * would give them, without an object per word; false when the segmenter is needed.
 */
export function fastTerms(text: string, lang: string, stemming: Stemming, out: string[]): boolean {
  return scanInto(text, tableFor(lang, stemming).begin(), out, TERMS);
}

/** Appends to `out` as `scan` writes (by count, so a reused array is never shortened). */
function scanInto(text: string, table: WordTable, out: unknown[], mode: Emit): boolean {
  const sink: Sink = { list: out, count: out.length };
  const done = scan(text, table, sink, mode);
  out.length = sink.count;
  return done;
}

/** Where a scan writes: `list[count++]`. */
interface Sink {
  list: unknown[];
  count: number;
}

/**
 * Word numbers a scan wrote: `list[0, count)`. The list is meant to be reused: writing
 * by count, it keeps its room (shortening an array gives its room up).
 */
export interface WordIdList {
  list: number[];
  count: number;
}

/** What a scan appends: analyses, terms, or word numbers. */
const VALUES = 0, TERMS = 1, IDS = 2;
type Emit = typeof VALUES | typeof TERMS | typeof IDS;

/** The words a table holds by number: `values[id]`, until its `generation` changes. */
export interface WordTableView {
  readonly values: readonly Readonly<AnalyzedWord>[];
  readonly generation: number;
}

/**
 * Writes the numbers of the words of `text` (in `lang`) to `out` from `out.count` on, in
 * order and stopwords included, as {@linkcode fastWords} would give them; returns the
 * table they index (valid while its generation stays), or null, leaving `out` partly
 * filled, when the text needs the dictionary segmenter. A caller may keep what it
 * derives from a word by its number: a word met again costs no string work at all.
 */
export function fastWordIds(
  text: string,
  lang: string,
  stemming: Stemming,
  out: WordIdList,
): WordTableView | null {
  const table = tableFor(lang, stemming).begin();
  return scan(text, table, out, IDS) ? table : null;
}

/** Writes the words of `text` to `out` as `mode` says: analyses, terms, or numbers. */
function scan(text: string, table: WordTable, out: Sink, terms: Emit): boolean {
  const n = text.length;
  // The current token (since the last cut) and how many words `out` held before it: a
  // token found to hold a character the loop cannot read is taken back and redone whole.
  let tokenStart = 0, tokenOut = out.count;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const kind = classOf(c);
    if (kind === 1) {
      i = asciiWord(text, i, n, table, out, terms);
    } else if (kind === 0) {
      tokenStart = ++i;
      tokenOut = out.count;
    } else if (kind === 2) {
      i++;
    } else {
      out.count = tokenOut;
      const end = tokenEnd(text, i);
      if (!tokenWords(text.slice(tokenStart, end), table, out, terms)) return false;
      tokenStart = i = end;
      tokenOut = out.count;
    }
  }
  return true;
}

/** Appends word `id` of `table` to `out` as `scan` asks (nothing for a stopword's term or EMPTY). */
function emit(table: WordTable, id: number, out: Sink, terms: Emit): void {
  if (terms === TERMS) {
    const term = table.terms[id];
    if (term !== null) out.list[out.count++] = term;
  } else if (table.empty[id] === 0) {
    out.list[out.count++] = terms === IDS ? id : table.values[id];
  }
}

/** Where the token holding position `i` ends: at the next cut, or the end of `text`. */
function tokenEnd(text: string, i: number): number {
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (classOf(c) === 0) return i;
  }
  return i;
}

/**
 * Analyzes the word starting at `start` (a word character of {@linkcode CLASS}): runs
 * of them joined by single apostrophes. Returns where it ends.
 */
function asciiWord(
  text: string,
  start: number,
  to: number,
  table: WordTable,
  out: Sink,
  terms: Emit,
): number {
  let i = start;
  let h = FNV_OFFSET;
  for (;;) {
    let c = text.charCodeAt(i);
    while (i < to && c < CLASSED && CLASS[c] === 1) {
      h = Math.imul(h ^ c, FNV_PRIME);
      c = text.charCodeAt(++i);
    }
    if (c !== APOSTROPHE || i + 1 >= to) break;
    const next = text.charCodeAt(i + 1);
    if (next >= CLASSED || CLASS[next] !== 1) break;
    h = Math.imul(h ^ c, FNV_PRIME);
    i++;
  }
  emit(table, table.find(text, start, i, h || 1), out, terms);
  return i;
}

/** Words of a token with other characters, normalized and matched as the reference does. */
function tokenWords(token: string, table: WordTable, out: Sink, terms: Emit): boolean {
  const normal = token.normalize("NFKC");
  if (UNSPACED_SCRIPT.test(normal)) return false;
  for (const raw of normal.match(WORD) ?? []) {
    for (const piece of splitMixed(raw)) {
      emit(table, table.find(piece, 0, piece.length, hashOf(piece)), out, terms);
    }
  }
  return true;
}
