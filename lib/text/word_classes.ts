/**
 * Classes of English words that stand in for each other when a question is matched to
 * the line that answers it: "who rules" is answered by an infobox's "Ruler" or
 * "Governor", "where is it kept" by "Location" or "lies in", "how many people" by
 * "Population". Plain English, no knowledge of any particular corpus.
 *
 * @module
 */
import { stemOf } from "./analyze.ts";

/** Both stems of each word (see `Stemming`), so a class answers for either. */
const stems = (text: string) =>
  new Set(
    text.split(/\s+/).filter(Boolean).flatMap((w) => [stemOf(w, "en"), stemOf(w, "en", "light")]),
  );

/** A question using one word of a class is answered by a line using any other. */
const WORD_CLASSES: Set<string>[] = [
  // Holding office, and the titles office-holders go under.
  "rule ruler reign govern governor lead leader head chief command commander king queen " +
  "monarch sovereign lord lady emperor empress prince princess regent president " +
  "chancellor mayor reeve thane steward marshal captain chair preside incumbent",
  // Being somewhere.
  "location located situated lie lies stand keep kept hold held store stored seat site home " +
  "headquarters based buried dwell",
  // Bringing something into being.
  "founded founder establish create creator build builder make maker forge author",
  "born birth birthplace",
  "die died death dead",
  "population inhabitant resident people",
  "cost price worth value",
  "length long",
  "height high tall elevation",
  "size area large big",
  "age old aged",
  "depth deep",
  "width wide",
  "distance far",
  "weight heavy",
  "mean meaning signify",
  "marry married wife husband spouse consort wed",
  "heir successor succeed",
  "symbol emblem banner arms",
  "currency coin money",
  "language tongue speak",
  "colour color",
  "member members strength",
  "capital seat",
].map(stems);

const RELATED = new Map<string, Set<string>>();
for (const group of WORD_CLASSES) {
  for (const term of group) {
    const seen = RELATED.get(term) ?? new Set<string>();
    for (const other of group) if (other !== term) seen.add(other);
    RELATED.set(term, seen);
  }
}

/**
 * Stemmed words that stand in for stemmed `term` (its word classes), without `term`.
 *
 * @example
 * ```ts
 * import { relatedTerms } from "./word_classes.ts";
 * import { stemOf } from "./analyze.ts";
 * console.assert(relatedTerms(stemOf("governs")).has(stemOf("ruler")));
 * ```
 */
export function relatedTerms(term: string): ReadonlySet<string> {
  return RELATED.get(term) ?? EMPTY;
}

const EMPTY: ReadonlySet<string> = new Set();
