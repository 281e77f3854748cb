/**
 * A chunk's word digest: its word classes (`chunk_words.ts`) written down at index time,
 * where the chunk is analyzed anyway, so a chat turn reads them back with the hit instead
 * of segmenting, folding and stemming ~1 KB of text on the chunk's first visit — and
 * without looking up each word's term, since the digest holds the terms themselves.
 *
 * The format is text, one line each: a header (format, analyzer version, language), the
 * title's terms in order, then lines of the words holding exactly one class mask — the
 * mask in hex, a mark, and the words. Almost every word or term is a stretch of the
 * chunk's own text (`salt` in "Salt", `travell` in "travellers"), so it is written as
 * where that stretch starts (after the previous one) and how long it is, each number a
 * base-32 varint of characters `0`–`o` — 2–3 characters a word rather than 7. The mark
 * says how to read the line: `=` stretches as they are, `~` stretches lower-cased, `:`
 * words written out, separated by spaces.
 *
 * ```
 * lorechat-words/3 2026-12-text-3 en
 * salt crown
 * f=0413<1
 * f:skarrows
 * a=032
 * ```
 *
 * A digest names the analyzer version and the language it was made in; read in another
 * language or by another version it is ignored (the chunk is analyzed instead), so a
 * store never needs to rewrite its digests in the same breath as it upgrades. It is read
 * against the same text it was made from (a store writes both together).
 *
 * @example
 * ```ts
 * import { chunkWordDigest, readWordDigest } from "./word_digest.ts";
 * const chunk = { title: "The Salt Crown", heading: "", text: "Salt, salt and iron.", lang: "en" };
 * const digest = chunkWordDigest(chunk)!;
 * const classes = readWordDigest(digest, "en", chunk.text)!;
 * console.assert(classes.title.join(" ") === "salt crown");
 * console.assert(classes.flags.has("iron"));
 * console.assert(readWordDigest(digest, "de", chunk.text) === null);
 * ```
 *
 * @module
 */
import { ANALYZER_VERSION, analyzeWords } from "./analyze.ts";
import { CHUNK_PART, ChunkWordClasses, WORD_CLASS } from "./chunk_words.ts";
import { primaryLanguage, UNDETERMINED } from "./language.ts";

const FORMAT = "lorechat-words/3";
const HEADER = `${FORMAT} ${ANALYZER_VERSION} `;

/** What a digest is made of: a chunk's title, heading and text, and its language. */
export interface WordDigestSource {
  /** The page title. */
  title: string;
  /** The heading path. */
  heading: string;
  /** The chunk's text, which the digest's stretches point into. */
  text: string;
  /** The language the chunk is stored (and will be read) in. */
  lang: string;
}

/** A chunk's word classes as a digest gives them back. */
export interface DigestClasses {
  /** Each word or term with the mask of its classes (`WORD_CLASS`). */
  flags: Map<string, number>;
  /** The title's terms, in order. */
  title: string[];
  /** The body's distinct words. */
  bodyWords: string[];
}

/**
 * The digest of a chunk: its title, heading and text analyzed in `lang` with light
 * stemming. Null when the language is undetermined or a word would break the format.
 */
export function chunkWordDigest(chunk: WordDigestSource): string | null {
  const lang = primaryLanguage(chunk.lang);
  if (lang === UNDETERMINED || /\s/.test(lang)) return null;
  const options = { lang, stemming: "light" as const };
  const classes = new ChunkWordClasses();
  const places = new WordPlaces(chunk.text);
  for (const [part, text] of [chunk.title, chunk.heading, chunk.text].entries()) {
    const inText = part === CHUNK_PART.TEXT;
    for (const { word, term } of analyzeWords(text, options)) {
      classes.add(part, word, term);
      if (inText) places.meet(word, term);
    }
  }
  return writeWordDigest(lang, classes, places);
}

/**
 * Where the words of a text first occur, met in the order the analyzer gives them: each
 * new word is looked for after the last one found, in the lower-cased text, so finding
 * them all reads the text about once. A stem is placed where the first word it is the
 * start of is (`travell` in "travellers"). Words folded otherwise than lower-casing
 * ("Skarrow's" → `skarrows`) are not found, and are written out.
 */
export class WordPlaces {
  /** Each word's first offset in the text. */
  readonly at = new Map<string, number>();
  private readonly lower: string;
  private cursor = 0;

  /** Places words of `text`. */
  constructor(readonly text: string) {
    const lowered = text.toLowerCase();
    // Lower-casing may change a text's length (a few letters become two); then offsets
    // into it are not offsets into the text, and only words in lower case are found.
    this.lower = lowered.length === text.length ? lowered : text;
  }

  /** The next word of the text as analyzed, with its term (null: a stopword). */
  meet(word: string, term: string | null): void {
    let at = this.at.get(word);
    if (at === undefined && word.length > 0) {
      const found = this.lower.indexOf(word, this.cursor);
      if (found >= 0 && found - this.cursor < SEARCH_SPAN) {
        at = found;
        this.at.set(word, at);
        this.cursor = found + word.length;
      }
    }
    if (at !== undefined && term !== null && term !== word && word.startsWith(term)) {
      if (!this.at.has(term)) this.at.set(term, at);
    }
  }

  /** How the stretch of `length` at `at` reads back as `word`: as it is, lower-cased, or not. */
  markOf(word: string, at: number): "=" | "~" | null {
    return stretchMark(this.text, word, at);
  }
}

/** How `text` at `at` reads back as `word`: as it is (`=`), lower-cased (`~`), or not. */
function stretchMark(text: string, word: string, at: number): "=" | "~" | null {
  const n = word.length;
  if (n === 0 || at + n > text.length) return text.startsWith(word, at) ? "=" : null;
  let i = 0;
  while (i < n && text.charCodeAt(at + i) === word.charCodeAt(i)) i++;
  if (i === n) return "=";
  // A stretch read lower-cased is ASCII, so a reader may lower-case it letter by letter.
  for (let j = 0; j < n; j++) {
    const c = text.charCodeAt(at + j);
    if (c > 0x7f || (c >= 0x41 && c <= 0x5a ? c + 0x20 : c) !== word.charCodeAt(j)) return null;
  }
  return "~";
}

/** A word found further on than this is taken for another's letters, not its own place. */
export const SEARCH_SPAN = 256;

/**
 * Writes accumulated classes as a digest in `lang`, each word found in the text by
 * `places` written as its stretch, the others written out; null when a word written out
 * would hold white space.
 */
export function writeWordDigest(
  lang: string,
  classes: ChunkWordClasses,
  places: WordPlaces,
): string | null {
  const n = classes.flags.size;
  const words = new Array<string>(n);
  const masks = new Uint8Array(n);
  const at = new Int32Array(n);
  let i = 0;
  for (const [word, mask] of classes.flags) {
    words[i] = word;
    masks[i] = mask;
    at[i++] = places.at.get(word) ?? -1;
  }
  return encodeWordDigest(lang, places.text, words, masks, at, classes.title);
}

/**
 * Writes a digest of a chunk of `text` in `lang` from its parts: each word or term in
 * the order it was first given a class, with its class mask and its first place in the
 * text (-1: not found), and the title's terms; null when a word written out would hold
 * white space. Only the first `count` words (all, by default) are read. Both
 * {@linkcode writeWordDigest} and a pass keeping its classes by number
 * (`digest_keys.ts`) write through it.
 */
export function encodeWordDigest(
  lang: string,
  text: string,
  words: readonly string[],
  masks: Uint8Array,
  places: Int32Array,
  titleTerms: readonly string[],
  count = words.length,
): string | null {
  // Per line — a class mask's stretches as they are, or lower-cased (line 2 * mask, or
  // 2 * mask + 1) — its stretches, each packed as `at * 32 + length` (a length is below
  // 32); the words written out, per mask (line 0 marks them), in order.
  const n = count;
  const s = scratchFor(n);
  const { packed, line, sizes, sorted, writtenSizes, written } = s;
  sizes.fill(0);
  writtenSizes.fill(0);
  let writtenChars = 0;
  for (let i = 0; i < n; i++) {
    const word = words[i], mask = masks[i], at = places[i];
    // A stretch's length is one digit: longer words are written out.
    const mark = at >= 0 && word.length < 32 ? stretchMark(text, word, at) : null;
    if (mark !== null) {
      const l = 2 * mask + (mark === "=" ? 0 : 1);
      line[i] = l;
      packed[i] = at * 32 + word.length;
      sizes[l + 1]++;
    } else if (readable(word, 1)) {
      line[i] = 0;
      writtenSizes[mask + 1]++;
      writtenChars += word.length + 1;
    } else return null;
  }
  const title = titleTerms.join(" ");
  if (!readable(title, titleTerms.length)) return null;
  // The stretches sorted by line, and the words written out by mask (counting sorts),
  // then each line's stretches in place.
  for (let l = 1; l < sizes.length; l++) sizes[l] += sizes[l - 1];
  for (let m = 1; m < writtenSizes.length; m++) writtenSizes[m] += writtenSizes[m - 1];
  const fill = s.fill, writtenFill = s.writtenFill;
  fill.set(sizes.subarray(0, 32));
  writtenFill.set(writtenSizes.subarray(0, 16));
  for (let i = 0; i < n; i++) {
    if (line[i] > 0) sorted[fill[line[i]]++] = packed[i];
    else written[writtenFill[masks[i]]++] = i;
  }
  // Every line in one buffer of char codes, read as a string once: room for 3 codes a
  // line head (3 lines a mask at most), 12 a stretch, and the words written out.
  const codes = codesFor(s, 3 * 3 * 15 + 12 * n + writtenChars);
  let size = 0;
  for (let mask = 1; mask < 16; mask++) {
    for (let l = 2 * mask; l < 2 * mask + 2; l++) {
      if (sizes[l + 1] === sizes[l]) continue;
      codes[size++] = 0x0a;
      codes[size++] = HEX_DIGITS.charCodeAt(mask);
      codes[size++] = l % 2 === 0 ? EQUALS : TILDE;
      size = encodeStretches(sorted, sizes[l], sizes[l + 1], codes, size);
    }
    if (writtenSizes[mask + 1] === writtenSizes[mask]) continue;
    codes[size++] = 0x0a;
    codes[size++] = HEX_DIGITS.charCodeAt(mask);
    codes[size++] = COLON;
    for (let k = writtenSizes[mask]; k < writtenSizes[mask + 1]; k++) {
      if (k > writtenSizes[mask]) codes[size++] = 0x20;
      const word = words[written[k]];
      for (let j = 0; j < word.length; j++) codes[size++] = word.charCodeAt(j);
    }
  }
  return `${HEADER}${lang}\n${title}${codesToString(codes, size)}`;
}

const HEX_DIGITS = "0123456789abcdef";

/** Buffers `encodeWordDigest` reuses from call to call (it calls nothing that re-enters). */
interface EncodeScratch {
  packed: Float64Array;
  line: Uint8Array;
  sorted: Float64Array;
  sizes: Int32Array;
  fill: Int32Array;
  /** Words written out: how many per mask (counted, then summed), and their indices. */
  writtenSizes: Int32Array;
  writtenFill: Int32Array;
  written: Int32Array;
  codes: Uint16Array;
}

let scratch: EncodeScratch | null = null;

function scratchFor(n: number): EncodeScratch {
  if (scratch === null || scratch.packed.length < n) {
    const size = Math.max(256, n, 2 * (scratch?.packed.length ?? 0));
    scratch = {
      packed: new Float64Array(size),
      line: new Uint8Array(size),
      sorted: new Float64Array(size),
      sizes: new Int32Array(33),
      fill: new Int32Array(32),
      writtenSizes: new Int32Array(17),
      writtenFill: new Int32Array(16),
      written: new Int32Array(size),
      codes: scratch?.codes ?? new Uint16Array(1024),
    };
  }
  return scratch;
}

/** `s.codes`, grown to hold at least `size` codes. */
function codesFor(s: EncodeScratch, size: number): Uint16Array {
  if (s.codes.length < size) s.codes = new Uint16Array(Math.max(size, 2 * s.codes.length));
  return s.codes;
}

/** `codes[0, size)` as a string, a slice at a time (an argument list has a limit). */
function codesToString(codes: Uint16Array, size: number): string {
  let out = "";
  for (let i = 0; i < size; i += 4096) {
    const slice = codes.subarray(i, Math.min(size, i + 4096));
    out += String.fromCharCode.apply(null, slice as unknown as number[]);
  }
  return out;
}

/**
 * Writes to `codes` from `at` on the stretches `packed[from, to)`, sorted in place, as
 * varints of where each starts after the last, and its length; returns where it ended.
 * A stretch takes at most 12 codes (a varint of up to 2^53, and its length): the caller
 * leaves that much room.
 */
function encodeStretches(
  packed: Float64Array,
  from: number,
  to: number,
  codes: Uint16Array,
  at: number,
): number {
  // Mostly in order already (words are placed as the text goes on): an insertion sort,
  // or the typed array's own sort for a long line.
  if (to - from > 64) packed.subarray(from, to).sort();
  else {
    for (let i = from + 1; i < to; i++) {
      const v = packed[i];
      let j = i - 1;
      while (j >= from && packed[j] > v) packed[j + 1] = packed[j--];
      packed[j + 1] = v;
    }
  }
  let last = 0;
  for (let i = from; i < to; i++) {
    const start = Math.floor(packed[i] / 32);
    at = writeVarint(codes, at, start - last);
    codes[at++] = 0x30 + (packed[i] % 32);
    last = start;
  }
  return at;
}

/**
 * Writes `value` at `codes[at]` on; returns where it ended. Base-32 digits `0`–`O`
 * (0x30–0x4f) end a number; `P`–`o` (0x50–0x6f) carry on.
 */
function writeVarint(codes: Uint16Array, at: number, value: number): number {
  let v = value;
  while (v >= 32) {
    codes[at++] = 0x50 + (v % 32);
    v = Math.floor(v / 32);
  }
  codes[at++] = 0x30 + v;
  return at;
}

/** Whether `line` splits back into exactly `count` words (none holding white space). */
function readable(line: string, count: number): boolean {
  if (count === 0) return line.length === 0;
  if (/[^\S ]/.test(line)) return false;
  let spaces = 0;
  for (let i = line.indexOf(" "); i >= 0; i = line.indexOf(" ", i + 1)) spaces++;
  return spaces === count - 1;
}

/** Receives a digest's words as {@linkcode visitWordDigest} reads them. */
export interface DigestVisitor {
  /**
   * A word that is the stretch `text[at, at + length)` of the chunk's text, lower-cased
   * when `lowered` (such a stretch is ASCII), holding the classes of `mask`.
   */
  stretch(at: number, length: number, lowered: boolean, mask: number): void;
  /** A word written out, holding the classes of `mask`. */
  word(word: string, mask: number): void;
}

/**
 * Reads a digest of a chunk of `text` in `lang`, handing each word to `visitor`; returns
 * the title's terms, or null (and the visitor's words must be dropped) when the digest
 * is malformed, or was made in another language or by another analyzer version.
 */
export function visitWordDigest(
  digest: string,
  lang: string,
  text: string,
  visitor: DigestVisitor,
): string[] | null {
  if (!digest.startsWith(HEADER)) return null;
  const eol = digest.indexOf("\n", HEADER.length);
  if (eol < 0 || eol - HEADER.length !== lang.length || !digest.startsWith(lang, HEADER.length)) {
    return null;
  }
  const titleEnd = digest.indexOf("\n", eol + 1);
  const title = digest.slice(eol + 1, titleEnd < 0 ? digest.length : titleEnd);
  for (let start = titleEnd + 1; titleEnd >= 0 && start <= digest.length;) {
    const next = digest.indexOf("\n", start);
    const end = next < 0 ? digest.length : next;
    if (!readLine(digest, start, end, text, visitor)) return null;
    start = end + 1;
  }
  return title.length > 0 ? title.split(" ") : [];
}

/**
 * The classes a digest holds for a chunk of `text` read in `lang`; null when the digest
 * is malformed, or was made in another language or by another analyzer version.
 */
export function readWordDigest(digest: string, lang: string, text: string): DigestClasses | null {
  const flags = new Map<string, number>();
  const bodyWords: string[] = [];
  const word = (w: string, mask: number) => {
    flags.set(w, mask);
    if ((mask & WORD_CLASS.BODY) !== 0) bodyWords.push(w);
  };
  const title = visitWordDigest(digest, lang, text, {
    stretch: (at, length, lowered, mask) => {
      const w = text.slice(at, at + length);
      word(lowered ? w.toLowerCase() : w, mask);
    },
    word,
  });
  return title ? { flags, title, bodyWords } : null;
}

/** Hands the words of the class line `digest[start, end)` to `visitor`; false when malformed. */
function readLine(
  digest: string,
  start: number,
  end: number,
  text: string,
  visitor: DigestVisitor,
): boolean {
  let m = start;
  let mask = 0;
  for (let c = digest.charCodeAt(m); m < end && HEX[c] >= 0; c = digest.charCodeAt(++m)) {
    mask = mask * 16 + HEX[c];
  }
  const mark = digest.charCodeAt(m);
  if (m === start || !(mask > 0 && mask < 16) || m + 1 >= end) return false;
  if (mark === COLON) {
    for (const word of digest.slice(m + 1, end).split(" ")) visitor.word(word, mask);
    return true;
  }
  if (mark !== EQUALS && mark !== TILDE) return false;
  const lowered = mark === TILDE;
  let at = 0;
  let i = m + 1;
  while (i < end) {
    // Two varints: the offset after the previous stretch's, and the length.
    let delta = 0;
    let scale = 1;
    let c = digest.charCodeAt(i++);
    while (c >= 0x50 && c <= 0x6f && i < end) {
      delta += (c - 0x50) * scale;
      scale *= 32;
      c = digest.charCodeAt(i++);
    }
    if (!(c >= 0x30 && c < 0x50) || i >= end) return false;
    delta += (c - 0x30) * scale;
    const length = digest.charCodeAt(i++) - 0x30;
    at += delta;
    if (!(length > 0 && length < 32) || at + length > text.length) return false;
    visitor.stretch(at, length, lowered, mask);
  }
  return true;
}

const COLON = 0x3a;
const EQUALS = 0x3d;
const TILDE = 0x7e;

/** Hex digit values by char code (-1: not a digit). */
const HEX = new Int8Array(128).fill(-1);
for (let d = 0; d < 16; d++) HEX[d.toString(16).charCodeAt(0)] = d;
