/**
 * A chunk's word digest: its word classes (`chunk_words.ts`) written down at index time,
 * where the chunk is analyzed anyway, so a chat turn reads them back with the hit instead
 * of segmenting, folding and stemming ~1 KB of text on the chunk's first visit — and
 * without looking up each word's term, since the digest holds the terms themselves.
 *
 * The format is text, one line each: a header (format, analyzer version, language), the
 * title's terms in order, then one line per class mask — the mask in hex, a colon and the
 * words holding exactly those classes. A word is written once, whatever its parts.
 *
 * ```
 * lorechat-words/2 2026-12-text-3 en
 * salt crown
 * f:salt crown forged
 * a:the and
 * 4:forg
 * ```
 *
 * A digest names the analyzer version and the language it was made in; read in another
 * language or by another version it is ignored (the chunk is analyzed instead), so a
 * store never needs to rewrite its digests in the same breath as it upgrades.
 *
 * @example
 * ```ts
 * import { chunkWordDigest, readWordDigest } from "./word_digest.ts";
 * const digest = chunkWordDigest({ title: "The Salt Crown", heading: "", text: "Salt, salt and iron.", lang: "en" })!;
 * const classes = readWordDigest(digest, "en")!;
 * console.assert(classes.title.join(" ") === "salt crown");
 * console.assert(readWordDigest(digest, "de") === null);
 * ```
 *
 * @module
 */
import { ANALYZER_VERSION, analyzeWords } from "./analyze.ts";
import { ChunkWordClasses, WORD_CLASS } from "./chunk_words.ts";
import { primaryLanguage, UNDETERMINED } from "./language.ts";

const FORMAT = "lorechat-words/2";
const HEADER = `${FORMAT} ${ANALYZER_VERSION} `;

/** What a digest is made of: a chunk's title, heading and text, and its language. */
export interface WordDigestSource {
  title: string;
  heading: string;
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
  for (const [part, text] of [chunk.title, chunk.heading, chunk.text].entries()) {
    for (const w of analyzeWords(text, options)) classes.add(part, w.word, w.term);
  }
  return writeWordDigest(lang, classes);
}

/** Writes accumulated classes as a digest in `lang`; null when a word holds white space. */
export function writeWordDigest(lang: string, classes: ChunkWordClasses): string | null {
  const byMask = new Map<number, string[]>();
  for (const [word, mask] of classes.flags) {
    let words = byMask.get(mask);
    if (!words) byMask.set(mask, words = []);
    words.push(word);
  }
  const lines = [classes.title.join(" ")];
  if (!readable(lines[0], classes.title.length)) return null;
  for (const [mask, words] of [...byMask].sort((a, b) => a[0] - b[0])) {
    const line = words.join(" ");
    if (!readable(line, words.length)) return null;
    lines.push(`${mask.toString(16)}:${line}`);
  }
  return `${HEADER}${lang}\n${lines.join("\n")}`;
}

/** Whether `line` splits back into exactly `count` words (none holding white space). */
function readable(line: string, count: number): boolean {
  if (count === 0) return line.length === 0;
  if (/[^\S ]/.test(line)) return false;
  let spaces = 0;
  for (let i = line.indexOf(" "); i >= 0; i = line.indexOf(" ", i + 1)) spaces++;
  return spaces === count - 1;
}

/**
 * The classes a digest holds for a chunk read in `lang`; null when the digest is
 * malformed, or was made in another language or by another analyzer version.
 */
export function readWordDigest(digest: string, lang: string): DigestClasses | null {
  if (!digest.startsWith(HEADER)) return null;
  const eol = digest.indexOf("\n", HEADER.length);
  if (eol < 0 || digest.slice(HEADER.length, eol) !== lang) return null;
  const lines = digest.slice(eol + 1).split("\n");
  const flags = new Map<string, number>();
  const bodyWords: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    const colon = line.indexOf(":");
    const mask = colon > 0 ? parseInt(line.slice(0, colon), 16) : NaN;
    if (!(mask > 0 && mask < 16) || colon === line.length - 1) return null;
    const words = line.slice(colon + 1).split(" ");
    for (const word of words) flags.set(word, mask);
    if ((mask & WORD_CLASS.BODY) !== 0) bodyWords.push(...words);
  }
  const title = lines[0].length === 0 ? [] : lines[0].split(" ");
  return { flags, title, bodyWords };
}
