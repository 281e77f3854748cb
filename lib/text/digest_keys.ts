/**
 * A chunk's word digest made with its words and terms numbered instead of kept by
 * string: the same classes as `ChunkWordClasses`, the same places as `WordPlaces`, the
 * same text as `writeWordDigest` (through `encodeWordDigest`), but each word of the
 * chunk costs a few typed-array reads and writes rather than four or five map look-ups.
 * For a thread that digests chunk after chunk (a bulk build's worker), whose words
 * repeat: a word's number is found once, when the analyzer first meets it
 * (`fast_words.ts` numbers its words too).
 *
 * @example
 * ```ts
 * import { DigestKeys, KeyedDigest } from "./digest_keys.ts";
 * import { chunkWordDigest } from "./word_digest.ts";
 * const keys = new DigestKeys();
 * const digest = new KeyedDigest(keys);
 * keys.begin();
 * digest.begin("Rivers run.");
 * digest.add(2, keys.key("rivers"), keys.key("riv")); // as the analyzer gives them
 * digest.add(2, keys.key("run"), keys.key("run"));
 * const chunk = { title: "", heading: "", text: "Rivers run.", lang: "en" };
 * console.assert(digest.write("en") === chunkWordDigest(chunk));
 * ```
 *
 * @module
 */
import { CHUNK_PART, WORD_CLASS } from "./chunk_words.ts";
import { encodeWordDigest, SEARCH_SPAN } from "./word_digest.ts";

const { TERM, WORD, FORM, BODY } = WORD_CLASS;

/** Numbers of words and terms (strings) for {@linkcode KeyedDigest}; bounded. */
export class DigestKeys {
  private ids = new Map<string, number>();
  /** Each number's string. */
  strings: string[] = [];
  /** Counts the times the numbers were forgotten: numbers kept elsewhere are then stale. */
  generation = 0;

  /** @param max Strings numbered at most; past it `begin` starts over. */
  constructor(private readonly max = 128_000) {}

  /** The number of `s`. */
  key(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.strings.push(s) - 1;
      this.ids.set(s, id);
    }
    return id;
  }

  /** Called between chunks (never within one): forgets every number once full. */
  begin(): void {
    if (this.strings.length < this.max) return;
    this.ids = new Map();
    this.strings = [];
    this.generation++;
  }
}

/**
 * Accumulates one chunk at a time: `begin(text)`, then `add` for each word of the
 * title, heading and text in order, then `write`.
 */
export class KeyedDigest {
  /**
   * Per number, side by side (one cache line): its class mask in the current chunk (0:
   * none yet), and its first place in the chunk's text + 1 (0: none).
   */
  private state = new Int32Array(2048);
  /**
   * Numbers in the order they were first given a class, `order[0, ordered)`; numbers
   * given a place, `placed[0, placedCount)`; the title's terms, `title[0, titled)`.
   * Written by count: the lists keep their room from chunk to chunk.
   */
  private readonly order: number[] = [];
  private ordered = 0;
  private placedCount = 0;
  private titled = 0;
  /** Numbers given a place (to clear them). */
  private readonly placed: number[] = [];
  private readonly title: number[] = [];
  /** What `write` hands the encoder, reused. */
  private readonly words: string[] = [];
  private masks = new Uint8Array(256);
  private at = new Int32Array(256);
  private text = "";
  private lower = "";
  private cursor = 0;

  constructor(private readonly keys: DigestKeys) {}

  /** Starts a chunk whose text (the part places point into) is `text`. */
  begin(text: string): void {
    for (let i = 0; i < this.ordered; i++) this.state[2 * this.order[i]] = 0;
    for (let i = 0; i < this.placedCount; i++) this.state[2 * this.placed[i] + 1] = 0;
    this.ordered = this.placedCount = this.titled = 0;
    this.text = text;
    const lowered = text.toLowerCase();
    // As `WordPlaces`: offsets into a lower-casing of another length are not the text's.
    this.lower = lowered.length === text.length ? lowered : text;
    this.cursor = 0;
  }

  /**
   * The next word of `part` (`CHUNK_PART`) as the analyzer folded it (`word`, a number
   * of this digest's keys) with its light term (`term`; -1 for a stopword).
   */
  add(part: number, word: number, term: number): void {
    const size = 2 * (Math.max(word, term) + 1);
    if (size > this.state.length) this.grow(size);
    const state = this.state;
    const own = term < 0 ? word : term;
    let bits = term < 0 ? WORD : TERM | WORD;
    if (part === CHUNK_PART.TEXT) bits |= BODY;
    if (term === word) bits |= FORM;
    const had = state[2 * own];
    if (had === 0) this.order[this.ordered++] = own;
    state[2 * own] = had | bits;
    if (term >= 0) {
      if (part === CHUNK_PART.TITLE) this.title[this.titled++] = term;
      if (term !== word) {
        const form = state[2 * word];
        if (form === 0) this.order[this.ordered++] = word;
        state[2 * word] = form | FORM;
      }
    }
    if (part === CHUNK_PART.TEXT) this.meet(word, term);
  }

  /** As `WordPlaces.meet`: places a word of the text, and the stem it starts with. */
  private meet(word: number, term: number): void {
    const state = this.state;
    let at = state[2 * word + 1] - 1;
    if (at < 0) {
      const s = this.keys.strings[word];
      if (s.length === 0) return;
      at = this.search(s);
      if (at < 0) return;
      state[2 * word + 1] = at + 1;
      this.placed[this.placedCount++] = word;
      this.cursor = at + s.length;
    }
    if (term >= 0 && term !== word && state[2 * term + 1] === 0) {
      const strings = this.keys.strings;
      if (strings[word].startsWith(strings[term])) {
        state[2 * term + 1] = at + 1;
        this.placed[this.placedCount++] = term;
      }
    }
  }

  /**
   * `lower.indexOf(s, cursor)` when that is less than `SEARCH_SPAN` past the cursor,
   * else -1 (`WordPlaces` takes a word found further on for none). The native search
   * beats a bounded loop even when it reads on to the end of the chunk.
   */
  private search(s: string): number {
    const found = this.lower.indexOf(s, this.cursor);
    return found >= 0 && found - this.cursor < SEARCH_SPAN ? found : -1;
  }

  /** The chunk's digest in `lang`, as `writeWordDigest` writes it (null when it cannot be). */
  write(lang: string): string | null {
    const { strings } = this.keys;
    const n = this.ordered;
    if (this.masks.length < n) {
      this.masks = new Uint8Array(2 * n);
      this.at = new Int32Array(2 * n);
    }
    const { words, masks, at } = this;
    for (let i = 0; i < n; i++) {
      const k = this.order[i];
      words[i] = strings[k];
      masks[i] = this.state[2 * k];
      at[i] = this.state[2 * k + 1] - 1;
    }
    const title = new Array<string>(this.titled);
    for (let i = 0; i < this.titled; i++) title[i] = strings[this.title[i]];
    return encodeWordDigest(lang, this.text, words, masks, at, title, n);
  }

  private grow(size: number): void {
    const state = new Int32Array(Math.max(size, this.state.length * 2));
    state.set(this.state);
    this.state = state;
  }
}
