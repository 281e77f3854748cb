/**
 * A chunk's word digest: the folded words of its title (in order), and the distinct
 * folded words of its heading and of its text, as the one analyzer segments and folds
 * them — stemming left out. A store that keeps the digest beside each chunk at index
 * time (where it analyzes the chunk anyway) hands it back with every hit, and a chat turn
 * then reads a chunk's word sets from it (each word's term is a memo lookup) instead of
 * segmenting and folding ~1 KB of text on the chunk's first visit.
 *
 * The digest starts with the analyzer version it was made with; a digest from another
 * version is not read (the chunk is analyzed instead), so a store never needs to rewrite
 * its digests in the same breath as it upgrades.
 *
 * @example
 * ```ts
 * import { chunkDigest, readDigest } from "./chunk_digest.ts";
 * const digest = chunkDigest({ title: "The Salt Crown", heading: "Salt Crown", text: "Salt, salt and iron." })!;
 * console.assert(readDigest(digest)!.text.join(" ") === "salt and iron");
 * ```
 *
 * @module
 */
import { ANALYZER_VERSION, analyzeWords } from "../text/mod.ts";

const HEADER = `lorechat-words ${ANALYZER_VERSION}`;

/** The parts of a digest: folded words, stopwords included. */
export interface DigestWords {
  /** The title's words, in order (repeats kept). */
  title: string[];
  /** The heading's distinct words. */
  heading: string[];
  /** The text's distinct words, in order of first use. */
  text: string[];
}

/** What a digest is made of: a chunk's title, heading and text, and its language. */
export interface DigestSource {
  title: string;
  heading: string;
  text: string;
  lang?: string;
}

/**
 * The digest of a chunk, from the folded words a store's own `analyzeWords` pass gave
 * (any stemming: only `word` is read). Null when a word would break the format.
 */
export function digestOfWords(
  title: readonly { word: string }[],
  heading: readonly { word: string }[],
  text: readonly { word: string }[],
): string | null {
  const parts = [
    title.map((w) => w.word),
    [...new Set(heading.map((w) => w.word))],
    [...new Set(text.map((w) => w.word))],
  ];
  const lines = parts.map((words) => words.join(" "));
  // The analyzer's words hold no white space; should one ever, the digest is not made.
  const readable = lines.every((line, i) =>
    parts[i].length === 0 || (!/[^\S ]/.test(line) && spaces(line) === parts[i].length - 1)
  );
  return readable ? `${HEADER}\n${lines.join("\n")}` : null;
}

function spaces(line: string): number {
  let n = 0;
  for (let i = line.indexOf(" "); i >= 0; i = line.indexOf(" ", i + 1)) n++;
  return n;
}

/** The digest of a chunk, analyzing it (in `lang`, detected from the text when absent). */
export function chunkDigest(chunk: DigestSource): string | null {
  const options = { lang: chunk.lang };
  return digestOfWords(
    analyzeWords(chunk.title, options),
    analyzeWords(chunk.heading, options),
    analyzeWords(chunk.text, options),
  );
}

/** The words of a digest; null when it is malformed or from another analyzer version. */
export function readDigest(digest: string): DigestWords | null {
  if (!digest.startsWith(HEADER)) return null;
  const lines = digest.slice(HEADER.length + 1).split("\n");
  if (digest.charCodeAt(HEADER.length) !== 10 || lines.length !== 3) return null;
  const words = (line: string) => (line.length === 0 ? [] : line.split(" "));
  return { title: words(lines[0]), heading: words(lines[1]), text: words(lines[2]) };
}
