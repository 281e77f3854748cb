/**
 * Language detection's fast path for ASCII text: the same answer as `latinLanguage` in
 * `language.ts` (function words scored in order, then the letter bonuses), found in one
 * char-code pass instead of lower-casing the text and running six regular expressions.
 * In ASCII text the bonuses for ä/ö/ü/ß, è/ê/à/ç/œ and ñ/¿/¡/"ción" never fire; the
 * French elision (`\b[ldjnqs]'`) and the Nynorsk and Afrikaans word lists are counted
 * on runs of regular-expression word characters, as `\b` sees them.
 *
 * @module
 */

const UNDETERMINED = "und";

/** Words whose `\b…\b` occurrences earn a bonus, by language (as in `language.ts`). */
const BONUS_WORDS: [string, string[], number][] = [
  ["nn", "ikkje eg kva kven korleis vart ein berre".split(" "), 1],
  ["af", "nie hierdie gerus tussen ek jy gebore wat".split(" "), 0.5],
];

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;
const SLOTS = 1 << 11;

/** What a lower-case ASCII word means to detection. */
interface Entry {
  word: string;
  /** Languages it marks (function words), or null. */
  marks: readonly string[] | null;
  /** The same languages by their number in `Table.langs`. */
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
    return t.entries[slot] = { word, marks: null, langIds: [], share: 0, bonus: -1 };
  };
  for (const [word, langs] of markers) {
    if (!/^[a-z]+$/.test(word)) continue;
    const e = entry(word);
    e.marks = langs;
    e.langIds = langs.map(langId);
    e.share = 1 / langs.length;
  }
  BONUS_WORDS.forEach(([lang, words], b) => {
    langId(lang);
    words.forEach((w) => (entry(w).bonus = b));
  });
  langId("fr");
  return t;
}

/** The entry of `text[start, end)` lower-cased, whose hash is `hash`, or undefined. */
function find(t: Table, text: string, start: number, end: number, hash: number) {
  for (let slot = hash & (SLOTS - 1); t.hashes[slot] !== 0; slot = (slot + 1) & (SLOTS - 1)) {
    if (t.hashes[slot] !== hash) continue;
    const word = t.entries[slot]!.word;
    if (word.length !== end - start) continue;
    let j = 0;
    while (j < word.length && word.charCodeAt(j) === (text.charCodeAt(start + j) | 0x20)) j++;
    if (j === word.length) return t.entries[slot];
  }
  return undefined;
}

const LETTER = 1, WORD_CHAR = 2;
/** Per ASCII code: letters are word characters too; digits and "_" only word characters. */
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
  CLASS[c] = letter ? LETTER | WORD_CHAR : (c >= 0x30 && c <= 0x39) || c === 0x5f ? WORD_CHAR : 0;
}
/** l d j n q s, either case. */
const isElided = (c: number) => "ldjnqs".includes(String.fromCharCode(c | 0x20));

/**
 * The Latin-script language whose function words are most frequent in `text`, exactly
 * as `language.ts` scores it, when `text` is ASCII; null as soon as a character is not.
 * `markers` maps each function word to the languages it marks.
 */
export function asciiLatinLanguage(
  text: string,
  markers: ReadonlyMap<string, readonly string[]>,
): string | null {
  if (tableFor !== markers) table = build(markers), tableFor = markers;
  const t = table!;
  // Each language's score, and the languages in the order they first scored (a tie
  // goes to the first, as a map's order of insertion gives it in `language.ts`).
  const scores = new Float64Array(t.langs.length);
  const order: number[] = [];
  const bonusCounts = BONUS_WORDS.map(() => 0);
  let elisions = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c >= 0x80) return null;
    if ((CLASS[c] & WORD_CHAR) === 0) {
      i++;
      continue;
    }
    // A run of word characters (as `\b` sees them); its letter runs are the words.
    const start = i;
    let lettersOnly = true;
    let last: Entry | undefined;
    while (i < n && (CLASS[c] & WORD_CHAR) !== 0) {
      if ((CLASS[c] & LETTER) === 0) {
        lettersOnly = false;
        c = text.charCodeAt(++i);
        continue;
      }
      const s = i;
      let h = FNV_OFFSET;
      do {
        h = Math.imul(h ^ (c | 0x20), FNV_PRIME);
        c = text.charCodeAt(++i);
      } while (i < n && (CLASS[c] & LETTER) !== 0);
      last = i - s <= t.longest ? find(t, text, s, i, h || 1) : undefined;
      if (last !== undefined && last.marks !== null) {
        for (const id of last.langIds) {
          if (scores[id] === 0) order.push(id);
          scores[id] += last.share;
        }
      }
    }
    if (c >= 0x80) return null;
    if (lettersOnly && last && last.bonus >= 0) bonusCounts[last.bonus]++;
    if (i - start === 1 && c === 0x27 && isElided(text.charCodeAt(start))) elisions++;
  }
  const bonus = (lang: string, count: number, weight: number) => {
    if (count === 0) return;
    const id = t.langs.indexOf(lang);
    if (scores[id] === 0) order.push(id);
    scores[id] += Math.min(count, 5) * weight;
  };
  bonus("fr", elisions, 0.5);
  BONUS_WORDS.forEach(([lang, , weight], b) => bonus(lang, bonusCounts[b], weight));
  let best = UNDETERMINED;
  let top = 0;
  for (const id of order) if (scores[id] > top) [best, top] = [t.langs[id], scores[id]];
  return top >= 0.5 ? best : UNDETERMINED;
}
