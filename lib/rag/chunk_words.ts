/**
 * The word sets a turn needs of each retrieved chunk, computed with a per-word memo:
 * a chunk is tokenised once per set, but each distinct word is stemmed (and checked
 * against the stopwords) once per process rather than once per occurrence — the
 * stemmers' suffix rules were most of a cold turn's CPU. The results are exactly those
 * of the tokenizers they wrap (`terms` of `lib/llm/terms.ts`, `stemSet` of `text.ts`).
 *
 * @module
 */
import type { QueryHit } from "../vectorstore/store.ts";
import { stem as termStem, terms, words as termWords } from "../llm/terms.ts";
import { stem, words } from "./text.ts";
import { hitWords } from "./hit_words.ts";

/** A bounded word → value memo; emptied when full (words repeat, so it refills fast). */
function wordMemo(compute: (word: string) => string, capacity = 200_000) {
  const map = new Map<string, string>();
  return (word: string): string => {
    let value = map.get(word);
    if (value === undefined) {
      if (map.size >= capacity) map.clear();
      value = compute(word);
      map.set(word, value);
    }
    return value;
  };
}

/** Stands for "no term" (a stopword or a one-letter token) in the memo. */
const NONE = "";

/**
 * A token's term, as `terms` would give it inside a text. Most tokens are their own only
 * token, so `terms(token)` answers. A few (compatibility characters: "㎐" → "Hz") change
 * when tokenised again; those cannot be stopwords (lowercase ASCII words tokenise to
 * themselves), so they are kept when longer than one character and stemmed as they are.
 */
function termOfToken(token: string): string {
  const again = termWords(token);
  if (again.length === 1 && again[0] === token) return terms(token)[0] ?? NONE;
  return token.length > 1 ? termStem(token) : NONE;
}

const termOf = wordMemo(termOfToken);
const stemOf = wordMemo(stem);

/** `new Set(terms(text))`, memoised per word. */
export function termSet(text: string): Set<string> {
  const out = new Set<string>();
  for (const token of termWords(text)) {
    const term = termOf(token);
    if (term !== NONE) out.add(term);
  }
  return out;
}

/** `stemSet(text)` of `text.ts`, memoised per word. */
export function fastStemSet(text: string): Set<string> {
  const out = new Set<string>();
  for (const word of words(text)) out.add(stemOf(word));
  return out;
}

/** The re-ranker's terms of a chunk: its title, heading and text. */
export function rerankTerms(hit: QueryHit): ReadonlySet<string> {
  return hitWords.get(
    "rerank",
    hit,
    (x) => termSet(`${x.metadata.title} ${x.metadata.heading} ${x.text}`),
  );
}

/** The stemmed words of a chunk's text (de-duplication). */
export function bodyStems(hit: QueryHit): ReadonlySet<string> {
  return hitWords.get("body", hit, (x) => fastStemSet(x.text));
}

/**
 * The stemmed words of a chunk's title, heading and text (the relevance gate): the
 * body's set plus the title's and heading's, as tokens never span the spaces between.
 */
export function allStems(hit: QueryHit): ReadonlySet<string> {
  return hitWords.get("all", hit, (x) => {
    const out = new Set(bodyStems(x));
    for (const s of fastStemSet(`${x.metadata.title} ${x.metadata.heading}`)) out.add(s);
    return out;
  });
}
