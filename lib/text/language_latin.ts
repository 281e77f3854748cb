/**
 * Language detection's fast path for Latin-script text: the same answer as
 * `latinLanguage` in `language.ts` (function words scored in order, then the letter
 * bonuses), found in one char-code pass instead of lower-casing the text, matching its
 * words and running six regular expressions over it.
 *
 * It reads text whose characters are all below U+0250 (ASCII, Latin-1, Latin Extended-A
 * and -B: English, German, French, the Nordic languages…) or punctuation, currency
 * signs, arrows and box drawing, which neither the script count nor the words see; any
 * other character (another script, a surrogate, "İ", whose lower case is two characters)
 * sends the text to the reference path. On such text the reference path's steps come
 * down to tables of the 592 code units: which are letters (`\p{L}`, so a word is a run
 * of them), which count as Latin letters, each one's lower case, which are regular
 * expression word characters (`\w`, as `\b` sees them), and which earn a bonus.
 *
 * @module
 */

const UNDETERMINED = "und";

/** Code units below this are read through the tables. */
const LIMIT = 0x250;

/** Bits of {@linkcode CLASS}. */
const LETTER = 1, LATIN = 2, WORD_CHAR = 4;

/** Bonus letters, by language: `/[äöüß]/i`, `/[èêàçœ]/i`, `/[ñ¿¡]/i` (no `u` flag). */
const BONUS_LETTERS: [string, string][] = [["de", "äöüß"], ["fr", "èêàçœ"], ["es", "ñ¿¡"]];

/** Words whose `\b…\b` occurrences earn a bonus, by language (as in `language.ts`). */
const BONUS_WORDS: [string, string[], number][] = [
  ["nn", "ikkje eg kva kven korleis vart ein berre".split(" "), 1],
  ["af", "nie hierdie gerus tussen ek jy gebore wat".split(" "), 0.5],
];

const CLASS = new Uint8Array(LIMIT);
const LOWER = new Uint16Array(LIMIT);
/** Per code unit: 1 + the index of its language in {@linkcode BONUS_LETTERS}, or 0. */
const BONUS_LETTER = new Uint8Array(LIMIT);
for (let c = 0; c < LIMIT; c++) {
  const s = String.fromCharCode(c);
  const latin = c < 0x80 ? /[a-z]/i.test(s) : c >= 0xc0 && c !== 0xd7 && c !== 0xf7;
  CLASS[c] = (/\p{L}/u.test(s) ? LETTER : 0) | (latin ? LATIN : 0) | (/\w/.test(s) ? WORD_CHAR : 0);
  LOWER[c] = s.toLowerCase().charCodeAt(0);
  BONUS_LETTERS.forEach(([, letters], b) => {
    if (new RegExp(`[${letters}]`, "i").test(s)) BONUS_LETTER[c] = b + 1;
  });
}

/** The one code unit below {@linkcode LIMIT} whose lower case is two ("İ" → "i̇"). */
const DOTTED_CAPITAL_I = 0x130;

/**
 * Code units past {@linkcode LIMIT} read as separators: general punctuation (dashes,
 * curly quotes, the ellipsis), currency signs, arrows, technical signs and box drawing —
 * no letter among them, none counted by a script, each its own lower case.
 */
function neutral(c: number): boolean {
  return (c >= 0x2000 && c < 0x2070) || (c >= 0x20a0 && c < 0x20d0) ||
    (c >= 0x2190 && c < 0x2400) || (c >= 0x2500 && c < 0x27c0);
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;
const SLOTS = 1 << 11;

/** What a lower-case word means to detection. */
interface Entry {
  word: string;
  /** Its languages by their number in `Table.langs`; empty when it marks none. */
  langIds: readonly number[];
  /** What the word adds to each language's score: 1 / the number of languages. */
  share: number;
  /** Index in {@linkcode BONUS_WORDS}, or -1. */
  bonus: number;
}

/** Open addressing by FNV-1a of the lower-cased word: found without cutting it out. */
interface Table {
  hashes: Int32Array;
  entries: (Entry | undefined)[];
  /** Length of the longest word held: longer ones need no look-up. */
  longest: number;
  /** Every language a score may go to, numbered. */
  langs: string[];
}

let table: Table | null = null;
let tableFor: ReadonlyMap<string, readonly string[]> | null = null;

function hashOf(word: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), FNV_PRIME);
  return h || 1;
}

function build(markers: ReadonlyMap<string, readonly string[]>): Table {
  const t: Table = {
    hashes: new Int32Array(SLOTS),
    entries: new Array(SLOTS).fill(undefined),
    longest: 0,
    langs: [],
  };
  const langId = (lang: string) => {
    const id = t.langs.indexOf(lang);
    return id >= 0 ? id : t.langs.push(lang) - 1;
  };
  const entry = (word: string): Entry => {
    const h = hashOf(word);
    let slot = h & (SLOTS - 1);
    for (; t.hashes[slot] !== 0; slot = (slot + 1) & (SLOTS - 1)) {
      if (t.entries[slot]!.word === word) return t.entries[slot]!;
    }
    t.hashes[slot] = h;
    t.longest = Math.max(t.longest, word.length);
    return t.entries[slot] = { word, langIds: [], share: 0, bonus: -1 };
  };
  for (const [word, langs] of markers) {
    const e = entry(word);
    e.langIds = langs.map(langId);
    e.share = 1 / langs.length;
  }
  BONUS_WORDS.forEach(([lang, words], b) => {
    langId(lang);
    words.forEach((w) => (entry(w).bonus = b));
  });
  for (const [lang] of BONUS_LETTERS) langId(lang);
  return t;
}

/** The entry of `text[start, end)` lower-cased, whose hash is `hash`, or undefined. */
function find(t: Table, text: string, start: number, end: number, hash: number) {
  for (let slot = hash & (SLOTS - 1); t.hashes[slot] !== 0; slot = (slot + 1) & (SLOTS - 1)) {
    if (t.hashes[slot] !== hash) continue;
    const word = t.entries[slot]!.word;
    if (word.length !== end - start) continue;
    let j = 0;
    while (j < word.length && word.charCodeAt(j) === LOWER[text.charCodeAt(start + j)]) j++;
    if (j === word.length) return t.entries[slot];
  }
  return undefined;
}

/** l d j n q s, either case (`\b[ldjnqs]['’]`); c, i, n of "ción". */
const isElided = (c: number) => "ldjnqs".includes(String.fromCharCode(c | 0x20));
const isApostrophe = (c: number) => c === 0x27 || c === 0x2019;
const is = (c: number, lower: string) => (c | 0x20) === lower.charCodeAt(0) && c < 0x80;

/** Whether `text[i]` is a regular-expression word character (false past the end). */
function wordCharAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c < 0x80 && (CLASS[c] & WORD_CHAR) !== 0;
}

/** Whether the "ó" at `i` ends `/ción\b/i`. */
function endsCion(text: string, i: number): boolean {
  return i >= 2 && is(text.charCodeAt(i - 2), "c") && is(text.charCodeAt(i - 1), "i") &&
    is(text.charCodeAt(i + 1), "n") && !wordCharAt(text, i + 2);
}

/** What one text has scored so far (reused from text to text). */
interface Tally {
  /** Each language's score, and the languages in the order they first scored (a tie
   * goes to the first, as a map's order of insertion gives it in `language.ts`). */
  scores: Float64Array;
  order: number[];
  /** Bonus letters by language, elisions, "ción", bonus words by language. */
  letters: number[];
  elisions: number;
  cions: number;
  words: number[];
  /** Letters the script count sees as Latin. */
  latin: number;
}

/** Scores the word `text[start, end)` (letters, lower-case hash `hash`). */
function scoreWord(t: Table, tally: Tally, text: string, start: number, end: number, hash: number) {
  const e = end - start <= t.longest ? find(t, text, start, end, hash || 1) : undefined;
  if (e !== undefined) {
    for (const id of e.langIds) {
      if (tally.scores[id] === 0) tally.order.push(id);
      tally.scores[id] += e.share;
    }
  }
  // `\b[ldjnqs]['’]`: a last letter before an apostrophe, with no word character before it.
  if (isApostrophe(text.charCodeAt(end))) {
    const last = text.charCodeAt(end - 1);
    if (last < 0x80 && isElided(last) && !wordCharAt(text, end - 2)) tally.elisions++;
  }
  return e;
}

/**
 * The rest of a word with letters past ASCII: its Latin letters, bonus letters and
 * "ción", and its runs of ASCII letters, which `\b` sees as words of their own.
 */
function scoreAccented(t: Table, tally: Tally, text: string, start: number, end: number) {
  let run = -1, hash = 0;
  for (let i = start; i <= end; i++) {
    const c = i < end ? text.charCodeAt(i) : 0x20;
    if (c < 0x80 && i < end) {
      if (run < 0) run = i, hash = FNV_OFFSET;
      hash = Math.imul(hash ^ (c | 0x20), FNV_PRIME);
      tally.latin++;
      continue;
    }
    if (run >= 0 && i - run <= t.longest && !wordCharAt(text, run - 1) && !wordCharAt(text, i)) {
      const bonus = find(t, text, run, i, hash || 1)?.bonus ?? -1;
      if (bonus >= 0) tally.words[bonus]++;
    }
    run = -1;
    if (i === end) break;
    if ((CLASS[c] & LATIN) !== 0) tally.latin++;
    if (BONUS_LETTER[c] !== 0) tally.letters[BONUS_LETTER[c] - 1]++;
    else if ((c | 0x20) === 0xf3 && endsCion(text, i)) tally.cions++;
  }
}

/**
 * The Latin-script language whose function words are most frequent in `text`, exactly
 * as `language.ts` scores it, when every character of `text` is one this path reads;
 * null as soon as one is not. `markers` maps each function word to the languages it marks.
 */
export function latinScriptLanguage(
  text: string,
  markers: ReadonlyMap<string, readonly string[]>,
): string | null {
  if (tableFor !== markers) table = build(markers), tableFor = markers;
  const t = table!;
  const tally: Tally = {
    scores: new Float64Array(t.langs.length),
    order: [],
    letters: [0, 0, 0],
    elisions: 0,
    cions: 0,
    words: BONUS_WORDS.map(() => 0),
    latin: 0,
  };
  const n = text.length;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c >= LIMIT) {
      if (!neutral(c)) return null;
      i++;
      continue;
    }
    if ((CLASS[c] & LETTER) === 0) {
      if (BONUS_LETTER[c] !== 0) tally.letters[BONUS_LETTER[c] - 1]++;
      i++;
      continue;
    }
    // A word: a run of letters, hashed lower-cased as it is read.
    const start = i;
    let hash = FNV_OFFSET, ascii = true;
    do {
      if (c >= 0x80) {
        if (c === DOTTED_CAPITAL_I) return null;
        ascii = false;
      }
      hash = Math.imul(hash ^ LOWER[c], FNV_PRIME);
      c = text.charCodeAt(++i);
    } while (i < n && c < LIMIT && (CLASS[c] & LETTER) !== 0);
    const e = scoreWord(t, tally, text, start, i, hash);
    if (!ascii) scoreAccented(t, tally, text, start, i);
    else {
      tally.latin += i - start;
      // The word is its own run of word characters unless a digit or "_" touches it.
      if (e !== undefined && e.bonus >= 0 && !wordCharAt(text, start - 1) && !wordCharAt(text, i)) {
        tally.words[e.bonus]++;
      }
    }
  }
  if (tally.latin === 0) return UNDETERMINED;
  const { scores, order } = tally;
  const bonus = (lang: string, count: number, weight: number) => {
    if (count === 0) return;
    const id = t.langs.indexOf(lang);
    if (scores[id] === 0) order.push(id);
    scores[id] += Math.min(count, 5) * weight;
  };
  bonus("de", tally.letters[0], 0.5);
  bonus("fr", tally.letters[1] + tally.elisions, 0.5);
  bonus("es", tally.letters[2] + tally.cions, 1);
  BONUS_WORDS.forEach(([lang, , weight], b) => bonus(lang, tally.words[b], weight));
  let best = UNDETERMINED;
  let top = 0;
  for (const id of order) if (scores[id] > top) [best, top] = [t.langs[id], scores[id]];
  return top >= 0.5 ? best : UNDETERMINED;
}
