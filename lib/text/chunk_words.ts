/**
 * The word classes of a chunk that a chat turn matches questions and other chunks
 * against, from one pass over its title, heading and text analyzed with `"light"`
 * stemming in the chunk's language: each word and term carries a bit mask of the
 * classes holding it — {@linkcode WORD_CLASS}: a term of some word, a word (terms, and
 * stopwords as themselves), the folded surface form of a content word, a word of the
 * text itself (the body) — plus the title's terms in order and the body's distinct words.
 *
 * One place decides the classes, whether a turn analyzes a chunk itself or reads them
 * from the word digest a store kept from index time (`word_digest.ts`).
 *
 * @example
 * ```ts
 * import { ChunkWordClasses, WORD_CLASS } from "./chunk_words.ts";
 * const classes = new ChunkWordClasses();
 * classes.add(2, "rules", "rule");
 * console.assert(classes.flags.get("rule") === (WORD_CLASS.TERM | WORD_CLASS.WORD | WORD_CLASS.BODY));
 * console.assert(classes.flags.get("rules") === WORD_CLASS.FORM);
 * ```
 *
 * @module
 */

/** The classes a chunk's word or term can belong to (bits of one mask). */
export const WORD_CLASS = {
  /** A term (light stem) of one of the chunk's content words. */
  TERM: 1,
  /** A term, or a stopword as itself. */
  WORD: 2,
  /** The folded, unstemmed form of a content word. */
  FORM: 4,
  /** A term or stopword of the chunk's text (not its title or heading). */
  BODY: 8,
} as const;

/** Which part of a chunk a word comes from. */
export const CHUNK_PART = { TITLE: 0, HEADING: 1, TEXT: 2 } as const;

const { TERM, WORD, FORM, BODY } = WORD_CLASS;

/** Accumulates a chunk's word classes, part by part. */
export class ChunkWordClasses {
  /** Each word or term with the bit mask of its classes. */
  readonly flags = new Map<string, number>();
  /** The title's terms, in order (repeats kept). */
  readonly title: string[] = [];
  /** The body's distinct words (terms, stopwords as themselves), in order of first use. */
  readonly bodyWords: string[] = [];

  /**
   * One word of `part` ({@linkcode CHUNK_PART}) as the analyzer folded it, with its light
   * term (null: a stopword).
   */
  add(part: number, word: string, term: string | null): void {
    const own = term ?? word;
    let bits = term === null ? WORD : TERM | WORD;
    if (part === CHUNK_PART.TEXT) bits |= BODY;
    if (term === word) bits |= FORM;
    const had = this.flags.get(own) ?? 0;
    if ((bits & ~had) !== 0) this.flags.set(own, had | bits);
    if ((bits & ~had & BODY) !== 0) this.bodyWords.push(own);
    if (term === null) return;
    if (part === CHUNK_PART.TITLE) this.title.push(term);
    if (term !== word) {
      const form = this.flags.get(word) ?? 0;
      if ((form & FORM) === 0) this.flags.set(word, form | FORM);
    }
  }
}
